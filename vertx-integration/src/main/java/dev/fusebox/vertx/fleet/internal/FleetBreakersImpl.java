package dev.fusebox.vertx.fleet.internal;

import dev.fusebox.Subscription;
import dev.fusebox.circuitbreaker.CircuitBreaker;
import dev.fusebox.circuitbreaker.CircuitBreakerEvent;
import dev.fusebox.spi.Require;
import dev.fusebox.vertx.CircuitBreakerRegistry;
import dev.fusebox.vertx.fleet.FleetBreakers;
import dev.fusebox.vertx.fleet.FleetOptions;
import dev.fusebox.vertx.fleet.FleetReport;
import dev.fusebox.vertx.fleet.FleetView;
import dev.fusebox.circuitbreaker.CircuitState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The fleet node: publishes the registry's transitions, applies fleet commands, keeps the others' last reports per
 * breaker (stamped on the options' clock at arrival, so clock skew between nodes does not matter) and runs the
 * advisory quorum.
 *
 * <p>Thread-safe: reports live in concurrent maps of immutable entries; counters are {@link LongAdder}s.
 */
public final class FleetBreakersImpl implements FleetBreakers {

  private static final System.Logger LOG = System.getLogger("dev.fusebox");

  private final EventBus bus;
  private final CircuitBreakerRegistry registry;
  private final FleetOptions options;
  private final long windowNanos;
  /** breaker name → node id → last report. */
  private final Map<String, Map<String, Received>> reports = new ConcurrentHashMap<>();
  private final Map<CircuitBreaker, Subscription> watched = new ConcurrentHashMap<>();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder quorumOpenings = new LongAdder();
  private final List<Subscription> registrySubscriptions = new ArrayList<>();
  private MessageConsumer<Object> consumer;
  private volatile boolean closed;

  private FleetBreakersImpl(Vertx vertx, CircuitBreakerRegistry registry, FleetOptions options) {
    this.bus = vertx.eventBus();
    this.registry = registry;
    this.options = options;
    this.windowNanos = options.window().toNanos();
  }

  /** See {@link FleetBreakers#start}. */
  public static Future<FleetBreakers> start(Vertx vertx, CircuitBreakerRegistry registry, FleetOptions options) {
    Require.nonNull(vertx, "vertx");
    Require.nonNull(registry, "registry");
    Require.nonNull(options, "options");
    FleetBreakersImpl fleet = new FleetBreakersImpl(vertx, registry, options);
    fleet.consumer = fleet.bus.consumer(options.address(), fleet::onMessage);
    return fleet.consumer.completion().map(ignored -> {
      fleet.registrySubscriptions.add(registry.onRegistered(fleet::watch));
      fleet.registrySubscriptions.add(registry.onUnregistered(fleet::unwatch));
      return fleet;
    });
  }

  private void watch(CircuitBreaker breaker) {
    watched.computeIfAbsent(breaker, b -> b.onStateTransition(this::publish));
  }

  private void unwatch(CircuitBreaker breaker) {
    Subscription subscription = watched.remove(breaker);
    if (subscription != null) {
      subscription.close();
    }
  }

  private void publish(CircuitBreakerEvent.StateTransition transition) {
    if (closed) {
      return;
    }
    bus.publish(options.address(), FleetMessage.transition(options.nodeId(), transition.breaker(), transition.from(),
        transition.to(), System.currentTimeMillis()));
  }

  private void onMessage(Message<Object> message) {
    FleetMessage received = FleetMessage.parse(message.body());
    if (received == null) {
      dropped.increment();
      return;
    }
    if (received.node().equals(options.nodeId())) {
      return;   // our own transitions are in our breakers; our own commands were applied when sent
    }
    try {
      if (FleetMessage.COMMAND.equals(received.type())) {
        registry.find(received.breaker()).ifPresent(breaker -> apply(breaker, received.action()));
      } else {
        onReport(received);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "fleet message on breaker '" + received.breaker() + "' from node '" + received.node()
          + "' could not be applied", e);
    }
  }

  private void onReport(FleetMessage report) {
    long now = options.clock().nanoTime();
    reports.computeIfAbsent(report.breaker(), name -> new ConcurrentHashMap<>())
        .put(report.node(), new Received(report.to(), now));
    if (options.quorum() > 0 && report.to() == CircuitState.OPEN) {
      registry.find(report.breaker()).ifPresent(breaker -> {
        if (breaker.state() == CircuitState.CLOSED && openReports(report.breaker(), now) >= options.quorum()
            && breaker.trip()) {
          quorumOpenings.increment();
        }
      });
    }
  }

  private long openReports(String breaker, long now) {
    return view(breaker, now).reports().stream().filter(FleetReport::open).count();
  }

  private static void apply(CircuitBreaker breaker, String action) {
    switch (action) {
      case FleetMessage.FORCE_OPEN -> breaker.forceOpen();
      case FleetMessage.DISABLE -> breaker.disable();
      default -> breaker.reset();
    }
  }

  private void command(String name, String action) {
    Require.name(name, "name");
    registry.find(name).ifPresent(breaker -> apply(breaker, action));
    bus.publish(options.address(), FleetMessage.command(options.nodeId(), name, action, System.currentTimeMillis()));
  }

  @Override
  public String nodeId() {
    return options.nodeId();
  }

  @Override
  public void forceOpen(String name) {
    command(name, FleetMessage.FORCE_OPEN);
  }

  @Override
  public void disable(String name) {
    command(name, FleetMessage.DISABLE);
  }

  @Override
  public void reset(String name) {
    command(name, FleetMessage.RESET);
  }

  @Override
  public FleetView view(String name) {
    return view(name, options.clock().nanoTime());
  }

  private FleetView view(String name, long now) {
    Map<String, Received> byNode = reports.get(name);
    if (byNode == null) {
      return new FleetView(name, List.of());
    }
    List<FleetReport> fresh = new ArrayList<>();
    byNode.forEach((node, received) -> {
      long age = now - received.atNanos;
      if (age > windowNanos) {
        byNode.remove(node, received);   // aged out: a silent or departed node stops counting
      } else {
        fresh.add(new FleetReport(node, received.state, Duration.ofNanos(age)));
      }
    });
    fresh.sort(Comparator.comparing(FleetReport::age).thenComparing(FleetReport::node));
    return new FleetView(name, fresh);
  }

  @Override
  public long dropped() {
    return dropped.sum();
  }

  @Override
  public long quorumOpenings() {
    return quorumOpenings.sum();
  }

  @Override
  public Future<Void> close() {
    closed = true;
    registrySubscriptions.forEach(Subscription::close);
    watched.values().forEach(Subscription::close);
    watched.clear();
    return consumer.unregister();
  }

  /** A report as it arrived: the state and this node's clock reading then. */
  private record Received(CircuitState state, long atNanos) {
  }
}
