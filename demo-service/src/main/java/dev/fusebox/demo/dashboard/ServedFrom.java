package dev.fusebox.demo.dashboard;

import java.util.Locale;

/** Where the answer to one {@code GET /users/{id}} came from, as shown on the dashboard. */
public enum ServedFrom {
  /** The upstream user API answered. */
  UPSTREAM,
  /** The upstream failed or was refused and the cached user was served. */
  CACHE,
  /** Neither could answer: the caller got a problem response. */
  ERROR;

  /** The lower-case label used in the {@code X-Served-From} header and on the dashboard. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
