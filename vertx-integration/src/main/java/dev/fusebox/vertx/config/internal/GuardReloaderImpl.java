package dev.fusebox.vertx.config.internal;

import dev.fusebox.Subscription;
import dev.fusebox.ValidationException;
import dev.fusebox.config.GuardConfig;
import dev.fusebox.spi.Listeners;
import dev.fusebox.spi.Require;
import dev.fusebox.vertx.config.GuardReload;
import dev.fusebox.vertx.config.GuardReloader;
import io.vertx.config.ConfigRetriever;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The reloader: the watched sections with the JSON last applied (or refused) for each.
 *
 * <p>Thread-safe: {@link #apply} is serialized; the sections are in a copy-on-write list.
 */
public final class GuardReloaderImpl implements GuardReloader {

  private static final System.Logger LOG = System.getLogger("dev.fusebox.vertx");
  /** The content of a section that is not there. */
  private static final Object MISSING = new Object();

  private final List<Section> sections = new CopyOnWriteArrayList<>();
  private final Listeners<GuardReload> listeners = new Listeners<>("guard reloader");
  /** The configuration the targets run when they are watched, when the application knows it; else null. */
  private final JsonObject baseline;
  private volatile boolean closed;

  public GuardReloaderImpl(ConfigRetriever retriever, JsonObject baseline) {
    this.baseline = baseline == null ? null : baseline.copy();
    if (retriever != null) {
      retriever.listen(change -> {
        if (closed) {
          return;
        }
        JsonObject previous = change.getPreviousConfiguration();
        // Without a baseline, the configuration before the first change is the one the targets were built with;
        // the retriever's first read is reported as a change from nothing, and then it is that read.
        seed(previous == null || previous.isEmpty() ? change.getNewConfiguration() : previous);
        apply(change.getNewConfiguration());
      });
    }
  }

  @Override
  public GuardReloader watch(String path, Target target) {
    Require.nonNull(path, "path");
    Require.nonNull(target, "target");
    Section section = new Section(path, target);
    if (baseline != null) {
      Object json = at(baseline, path);
      section.applied = json == null ? MISSING : json;
    }
    sections.add(section);
    return this;
  }

  private synchronized void seed(JsonObject previous) {
    if (previous == null) {
      return;
    }
    for (Section section : sections) {
      if (section.applied == null) {
        Object json = at(previous, section.path);
        section.applied = json == null ? MISSING : json;
      }
    }
  }

  @Override
  public synchronized void apply(JsonObject configuration) {
    Require.nonNull(configuration, "configuration");
    for (Section section : sections) {
      Object json = at(configuration, section.path);
      Object content = json == null ? MISSING : json;
      if (section.applied == null) {
        section.applied = content;
      } else if (!content.equals(section.applied)) {
        reload(section, json, content);
      }
    }
  }

  private void reload(Section section, Object json, Object content) {
    long generation;
    try {
      if (!(json instanceof JsonObject object)) {
        throw new ValidationException(section.path.isEmpty() ? "configuration" : section.path,
            json == null ? "is missing from the new configuration" : "must be an object",
            json == null ? null : json.toString());
      }
      GuardConfig config = GuardConfig.parse(object, section.path);
      try {
        generation = section.target.reconfigure(config);
      } catch (ValidationException refused) {
        throw refused.field().startsWith(section.path) ? refused : refused.at(section.path);
      }
    } catch (ValidationException refused) {
      if (!content.equals(section.refused)) {
        // Logged once per content: the same invalid section seen again (another part of the file changed) is quiet.
        LOG.log(System.Logger.Level.WARNING, "configuration refused, the guard keeps running its current one: "
            + refused.getMessage());
      }
      section.refused = content;
      report(new GuardReload(section.path, -1, refused));
      return;
    } catch (RuntimeException bug) {
      LOG.log(System.Logger.Level.ERROR, "reloading " + section.path + " failed; the guard keeps running its"
          + " current configuration", bug);
      section.refused = content;
      report(new GuardReload(section.path, -1, new ValidationException(section.path, "could not be applied",
          String.valueOf(bug))));
      return;
    }
    section.applied = content;
    section.refused = null;
    LOG.log(System.Logger.Level.INFO, "configuration " + (section.path.isEmpty() ? "" : section.path + " ")
        + "applied: generation " + generation);
    report(new GuardReload(section.path, generation, null));
  }

  private void report(GuardReload reload) {
    if (!listeners.isEmpty()) {
      listeners.fire(reload);
    }
  }

  /** The value at a dotted path; null when a part is missing or not an object. */
  static Object at(JsonObject root, String path) {
    if (path.isEmpty()) {
      return root;
    }
    Object node = root;
    for (String part : path.split("\\.", -1)) {
      if (!(node instanceof JsonObject object)) {
        return null;
      }
      node = object.getValue(part);
    }
    return node;
  }

  @Override
  public Subscription onReload(Consumer<? super GuardReload> listener) {
    return listeners.add(listener);
  }

  @Override
  public void close() {
    closed = true;
  }

  /** One watched section. Guarded by the reloader's lock. */
  private static final class Section {
    final String path;
    final Target target;
    /** The content last applied, or first seen; null before the first configuration. */
    Object applied;
    /** The content last refused, or null. */
    Object refused;

    Section(String path, Target target) {
      this.path = path;
      this.target = target;
    }
  }
}
