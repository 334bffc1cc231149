package dev.fusebox.vertx.config;

import dev.fusebox.ValidationException;

/**
 * What a {@link GuardReloader} did with one changed section of the configuration: applied it, giving the target
 * its new {@code generation}, or refused it with the {@code error} naming the JSON path, the target keeping its
 * configuration.
 *
 * <p>Immutable.
 *
 * @param path the section's JSON path, such as {@code userApi.guard}
 * @param generation the target's new configuration generation; -1 when refused
 * @param error why the section was refused; null when applied
 */
public record GuardReload(String path, long generation, ValidationException error) {

  /** Whether the section was applied. */
  public boolean applied() {
    return error == null;
  }
}
