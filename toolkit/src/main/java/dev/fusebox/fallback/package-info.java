/**
 * Fallback: which failures are replaced, and by what; the handler may also come with each call.
 */
package dev.fusebox.fallback;
