package dev.fusebox;

import org.jspecify.annotations.Nullable;

/**
 * An invalid setting, rejected when a policy or guard is configured: names the field, the rule it broke and the
 * value given, as in {@code failureRate must be in (0, 1], was 1.5}. A configuration layer that knows where the
 * setting came from prefixes its path with {@link #at(String)} instead of rewriting the message.
 *
 * <p>Immutable.
 */
public final class ValidationException extends IllegalArgumentException {

  private final String field;
  private final String rule;
  private final @Nullable String value;

  /**
   * Creates the exception.
   *
   * @param field the setting, as the user wrote it ({@code failureRate}, {@code backoff.initial})
   * @param rule what it must be ({@code must be in (0, 1]})
   * @param value the value given, formatted for people; null when the rule is about the field's presence
   */
  public ValidationException(String field, String rule, @Nullable String value) {
    super(message(field, rule, value));
    this.field = field;
    this.rule = rule;
    this.value = value;
  }

  private ValidationException(String field, String rule, @Nullable String value, ValidationException cause) {
    super(message(field, rule, value), cause);
    this.field = field;
    this.rule = rule;
    this.value = value;
  }

  private static String message(String field, String rule, @Nullable String value) {
    return value == null ? field + " " + rule : field + " " + rule + ", was " + value;
  }

  /** The field that was wrong, as a path when a configuration layer prefixed it. */
  public String field() {
    return field;
  }

  /** The rule it broke. */
  public String rule() {
    return rule;
  }

  /** The value given, or null. */
  public @Nullable String value() {
    return value;
  }

  /** The same error with {@code path} put before the field: {@code userApi.guard.retry} + {@code maxAttempts}. */
  public ValidationException at(@Nullable String path) {
    if (path == null || path.isEmpty()) {
      return this;
    }
    return new ValidationException(path + "." + field, rule, value, this);
  }
}
