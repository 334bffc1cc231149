package dev.fusebox.demo.users;

/**
 * A validated user id: 1 to {@value #MAX_DIGITS} ASCII digits, kept as a number so the upstream path is rebuilt
 * from digits the service wrote itself, never from the caller's text.
 *
 * <p>Immutable.
 *
 * @param value the id, {@code >= 0}
 */
public record UserId(long value) {

  /** The most digits an id may have; 18 digits always fit in a {@code long}. */
  public static final int MAX_DIGITS = 18;

  /** Creates the id; {@code value} must not be negative. */
  public UserId {
    if (value < 0) {
      throw new IllegalArgumentException("value must be >= 0, was " + value);
    }
  }

  /**
   * Parses a path parameter, returning null unless it is 1 to {@value #MAX_DIGITS} characters {@code 0}-{@code 9}
   * and nothing else: no sign, no whitespace, no dots, slashes, semicolons, percent signs or non-ASCII digits.
   */
  public static UserId parse(String raw) {
    if (raw == null || raw.isEmpty() || raw.length() > MAX_DIGITS) {
      return null;
    }
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
    }
    return new UserId(Long.parseLong(raw));
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }
}
