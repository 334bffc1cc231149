/**
 * Guards defined in JSON (a Vert.x {@code JsonObject}, so YAML or a ConfigMap read by vertx-config works too),
 * validated with errors that name the JSON path; every key is read by the {@code PolicyReader} registered for it.
 */
package dev.fusebox.config;
