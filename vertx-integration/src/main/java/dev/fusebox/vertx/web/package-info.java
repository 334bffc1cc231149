/**
 * Guarded route handlers: rejections and timeouts answered as RFC 9457 {@code application/problem+json}
 * ({@code 503} with {@code Retry-After}, {@code 504}, {@code 429}).
 */
package dev.fusebox.vertx.web;
