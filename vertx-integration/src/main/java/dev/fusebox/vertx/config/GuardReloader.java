package dev.fusebox.vertx.config;

import dev.fusebox.Subscription;
import dev.fusebox.config.GuardConfig;
import dev.fusebox.spi.Require;
import dev.fusebox.vertx.config.internal.GuardReloaderImpl;
import io.vertx.config.ConfigRetriever;
import io.vertx.core.json.JsonObject;
import java.util.function.Consumer;

/**
 * Reconfigures guards in place when their section of a vertx-config {@link ConfigRetriever}'s configuration changes
 * — a JSON or YAML file, a Kubernetes ConfigMap mounted as a file — keeping breaker state, windows, listeners and
 * series ({@link dev.fusebox.Guard#reconfigure(GuardConfig)}).
 *
 * <pre>{@code
 * ConfigRetriever retriever = ConfigRetriever.create(vertx, new ConfigRetrieverOptions().setScanPeriod(2000)
 *     .addStore(new ConfigStoreOptions().setType("file").setConfig(new JsonObject().put("path", "app.json"))));
 * GuardReloader.create(retriever, config)    // config: what the guards were built from
 *     .watch("userApi.guard", users::reconfigure)                       // a Guard built from that section
 *     .watch("search.guard", config -> client.reconfigure(config::applyTo)); // a GuardedWebClient's template
 * }</pre>
 *
 * <p>On each change, every watched section whose JSON changed is parsed ({@link GuardConfig#parse}, errors naming
 * its path) and handed to its target. An <b>invalid</b> section — a typo, a value out of range, a section gone, a
 * change the target cannot make in place (the order or kinds of policies) — is <b>refused</b>: it is logged once (at
 * WARNING, naming the JSON path; the same content again is not logged again), reported to {@link #onReload}
 * listeners, and the target keeps the configuration it runs, so a typo in production never drops protection.
 * Sections that did not change are left alone (their guards keep their generation).
 *
 * <p>Thread-safe: changes are applied one at a time, on the retriever's context.
 */
public interface GuardReloader {

  /**
   * A reloader of the sections of {@code retriever}'s configuration, listening to it from now on; the targets are
   * taken to run the configuration the retriever had before its first change (see {@link #watch}).
   */
  static GuardReloader create(ConfigRetriever retriever) {
    return new GuardReloaderImpl(retriever, null);
  }

  /**
   * A reloader of the sections of {@code retriever}'s configuration whose targets run {@code current} now (as the
   * retriever delivers it, after its processor): the first change the retriever reports is compared with it, so a
   * change made before the retriever's first read is applied too.
   */
  static GuardReloader create(ConfigRetriever retriever, JsonObject current) {
    return new GuardReloaderImpl(retriever, Require.nonNull(current, "current"));
  }

  /**
   * A reloader fed only through {@link #apply(JsonObject)}, for applications that watch their configuration
   * themselves.
   */
  static GuardReloader create() {
    return new GuardReloaderImpl(null, null);
  }

  /**
   * Applies the section at {@code path} (dotted: {@code userApi.guard}; {@code ""} for the whole configuration) to
   * {@code target} when it changes. The configuration given to {@link #create(ConfigRetriever, JsonObject)} counts
   * as the one the target runs; without one, the configuration the retriever had before its first change (its first
   * read, when that is reported as a change from nothing; without a retriever, the first one passed to
   * {@link #apply}) does: it is remembered, not applied.
   */
  GuardReloader watch(String path, Target target);

  /**
   * Applies {@code configuration}, the whole new configuration, now: each watched section that differs from the last
   * one applied (or seen first) is parsed and handed to its target.
   */
  void apply(JsonObject configuration);

  /** Calls {@code listener} with what happened to each changed section from now on; one that throws is logged. */
  Subscription onReload(Consumer<? super GuardReload> listener);

  /** Stops applying changes. */
  void close();

  /** What a watched section reconfigures: a guard ({@code guard::reconfigure}), a client's template, ... */
  @FunctionalInterface
  interface Target {
    /**
     * Reconfigures the target from {@code config}, returning its new configuration generation.
     *
     * @throws dev.fusebox.ValidationException when the target refuses the change; it then keeps its configuration
     */
    long reconfigure(GuardConfig config);
  }
}
