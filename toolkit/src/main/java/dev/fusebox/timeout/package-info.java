/**
 * The timeout: a Vert.x timer raced against the operation; on expiry the attempt is cancelled and the caller gets a
 * {@code GuardTimeoutException}.
 */
package dev.fusebox.timeout;
