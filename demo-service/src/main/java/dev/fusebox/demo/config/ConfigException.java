package dev.fusebox.demo.config;

/**
 * A configuration value the service cannot start with. The message names the key (and the environment variable
 * when the value came from one), the rule and the value given, so an operator can fix it without reading code.
 */
public final class ConfigException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Creates the failure with a message that already names the key. */
  public ConfigException(String message) {
    super(message);
  }

  /** Creates the failure with a message that already names the key, keeping the parser's failure as cause. */
  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
