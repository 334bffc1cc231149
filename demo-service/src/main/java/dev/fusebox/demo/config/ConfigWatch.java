package dev.fusebox.demo.config;

import dev.fusebox.vertx.config.GuardReload;
import dev.fusebox.vertx.config.GuardReloader;
import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Watches the demo's configuration file (the Helm chart's ConfigMap, mounted as a file) and reconfigures the
 * upstream's guard in place when its {@code userApi.guard} changes: through a vertx-config {@link ConfigRetriever}
 * reading the file every {@code reload.scanPeriod} and a {@link GuardReloader}. The section is the default guard with
 * the file's policies laid over it, as at start-up ({@link ConfigLoader#reloadedGuard}); an invalid one is refused
 * with its JSON path, logged once, and the guard keeps running the configuration it has. Other keys take effect at
 * the next start.
 *
 * <p>Thread-safe: changes are applied on the retriever's context.
 */
public final class ConfigWatch {

  private static final String RAW = "content";

  private final ConfigRetriever retriever;
  private final GuardReloader reloader;
  private volatile GuardReload last;

  private ConfigWatch(ConfigRetriever retriever, GuardReloader reloader) {
    this.retriever = retriever;
    this.reloader = reloader;
  }

  /** Starts watching {@code config}'s file, applying its guard section to {@code target}. */
  public static ConfigWatch start(Vertx vertx, DemoConfig config, GuardReloader.Target target) {
    ConfigRetriever retriever = ConfigRetriever.create(vertx, new ConfigRetrieverOptions()
        .setIncludeDefaultStores(false)
        .setScanPeriod(Math.max(1, config.reloadScanPeriod().toMillis()))
        // Read raw and parsed here: a file that is not JSON is then refused once, like any invalid guard, rather
        // than failing (and being logged by) every scan.
        // Optional: a file that is missing for a moment (a ConfigMap's symlinks being swapped, an editor's save)
        // reads as nothing, which changes nothing, instead of failing and being logged at every scan.
        .addStore(new ConfigStoreOptions().setType("file").setFormat("raw").setOptional(true)
            .setConfig(new JsonObject().put("path", config.configFile()).put("raw.key", RAW)
                .put("raw.type", "string"))));
    JsonObject running = new JsonObject().put("userApi", new JsonObject().put("guard", config.guard()));
    // The reloader sees the guard as the demo runs it: the defaults with the file's policies over them. A scan that
    // found no file repeats the last configuration read, so the reloader sees no change.
    AtomicReference<JsonObject> lastRead = new AtomicReference<>(running);
    retriever.setConfigurationProcessor(read -> {
      if (!read.containsKey(RAW)) {
        return lastRead.get();
      }
      JsonObject asRun = asRun(read);
      lastRead.set(asRun);
      return asRun;
    });
    GuardReloader reloader = GuardReloader.create(retriever, running).watch(ConfigLoader.RELOADED, target);
    ConfigWatch watch = new ConfigWatch(retriever, reloader);
    reloader.onReload(reload -> watch.last = reload);
    return watch;
  }

  /** The file's text, as read, to the configuration the reloader watches: {@code {"userApi": {"guard": ...}}}. */
  static JsonObject asRun(JsonObject read) {
    Object guard;
    try {
      guard = ConfigLoader.reloadedGuard(new JsonObject(read.getString(RAW, "")));
    } catch (DecodeException | ClassCastException e) {
      guard = "a file that is not one JSON object (" + e.getMessage() + ")";
    }
    return new JsonObject().put("userApi", new JsonObject().put("guard", guard));
  }

  /** What the last change of the guard section did, or null before any. */
  public GuardReload last() {
    return last;
  }

  /** Stops watching. */
  public Future<Void> close() {
    reloader.close();
    return retriever.close();
  }
}
