package dev.fusebox.circuitbreaker.internal;

import dev.fusebox.CircuitOpenException;
import dev.fusebox.Subscription;
import dev.fusebox.circuitbreaker.CircuitBreaker;
import dev.fusebox.circuitbreaker.CircuitBreakerEvent;
import dev.fusebox.circuitbreaker.CircuitBreakerMetrics;
import dev.fusebox.circuitbreaker.CircuitBreakerSpec;
import dev.fusebox.circuitbreaker.CircuitState;
import dev.fusebox.internal.Durations;
import dev.fusebox.spi.Listeners;
import dev.fusebox.internal.SharedClock;
import dev.fusebox.spi.Clock;
import dev.fusebox.spi.Execution;
import dev.fusebox.spi.PolicyContext;
import dev.fusebox.spi.Stage;
import dev.fusebox.spi.Telemetry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The circuit breaker state machine.
 *
 * <p>Thread-safe and lock-free. The state is an immutable {@link BreakerState} in a volatile field; every
 * transition is one compare-and-set, so exactly one thread performs it and fires its event, after the swap. The
 * CLOSED path allocates nothing: the state object is the permit, rejections reuse one exception per open period
 * (which caches its failed future per context).
 *
 * <p>The settings are one immutable {@link CircuitBreakerConfig} in a volatile field, read once per outcome (a closed
 * admission does not read it); a reload ({@link #apply}) swaps it whole and keeps the state.
 *
 * <p>Events go to the breaker's listeners; those a guarded call causes (its admission, a transition) also go to the
 * call's telemetry, which the stage passes in (null outside a guard).
 */
public final class CircuitBreakerImpl implements CircuitBreaker {

  private static final System.Logger LOG = System.getLogger("dev.fusebox");
  private static final int SUCCESS = 0;
  private static final int FAILURE = 1;
  private static final int IGNORED = 2;
  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(CircuitBreakerImpl.class, "state", BreakerState.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /**
   * The settings in force, swapped whole by {@link #apply}; also where the breaker's name and clock live (a
   * reload keeps both). What the hot path derives from it is cheap enough to derive per call, so a breaker holds
   * no second object for it.
   */
  private volatile CircuitBreakerConfig config;
  private volatile BreakerState state;
  private final Listeners<CircuitBreakerEvent> listeners;
  private final LongAdder rejected = new LongAdder();
  /** Where the timers that end open periods run; see {@link #timerContext}. */
  private volatile ContextInternal timerContext;

  public CircuitBreakerImpl(CircuitBreakerConfig config) {
    this.config = config;
    this.state = new ClosedState(config.newWindow());
    this.listeners = new Listeners<>("circuit breaker", config.name());
  }

  /** The configuration this breaker runs with. */
  public CircuitBreakerConfig config() {
    return config;
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public CircuitState state() {
    return state.kind;
  }

  @Override
  public CircuitBreakerMetrics metrics() {
    BreakerState current = state;
    Window window = current.window;
    long now = clock().nanoTime();
    double calls = window.calls(now);
    double failures = window.failures(now);
    double slow = window.slowCalls(now);
    return new CircuitBreakerMetrics(current.kind,
        calls > 0 ? failures / calls : 0,
        calls > 0 ? slow / calls : 0,
        Math.round(calls), Math.round(failures), Math.round(slow), rejected.sum());
  }

  @Override
  public Stage createStage(PolicyContext context, Stage next) {
    if (clock() instanceof SharedClock shared && shared.adopt(context.clock())) {
      // Built on the system clock, now on the guard's: restart the window on the adopted time line.
      state = new ClosedState(config.newWindow());
    }
    return stage(context, next, false);
  }

  /** The stage of this breaker in a guard; {@code owned} when the guard created the breaker for itself. */
  Stage stage(PolicyContext context, Stage next, boolean owned) {
    return new CircuitBreakerStage(this, context.telemetry(), next, owned);
  }

  // ---------------------------------------------------------------------------------------------- reconfiguration

  /**
   * The settings of {@code template} as this breaker would run them: its name, clock and random source kept (a
   * seeded guard stays reproducible across reloads). Changes nothing.
   */
  CircuitBreakerConfig prepare(CircuitBreakerConfig template) {
    return template.forGuard(name(), clock()).withClock(clock()).withRandom(config.random());
  }

  /**
   * Runs with {@code next} (from {@link #prepare}) from now on, keeping the state: thresholds and durations apply to
   * the next decisions (an open period already started keeps its end; a half-open one its probes). A change of window
   * kind or size swaps the state for the same state on a fresh window (calls admitted before record into the old one
   * and decide nothing more); then, and otherwise too, a {@link CircuitBreakerEvent.Reconfigured} event fires.
   */
  void apply(CircuitBreakerConfig next) {
    CircuitBreakerConfig previous = config;
    boolean freshWindow = !sameWindow(previous, next);
    config = next;
    BreakerState now;
    for (;;) {
      BreakerState current = state;
      if (!freshWindow || current instanceof HalfOpenState) {
        // Half-open decides by its probes; the window it carries is a read-out, and closing starts a fresh one.
        now = current;
        break;
      }
      BreakerState renewed = onFreshWindow(current, next.newWindow());
      if (STATE.compareAndSet(this, current, renewed)) {
        now = renewed;
        break;
      }
    }
    if (!listeners.isEmpty()) {
      listeners.fire(new CircuitBreakerEvent.Reconfigured(name(), now.kind, freshWindow, describe(next)));
    }
  }

  @Override
  public void reconfigure(Consumer<CircuitBreakerSpec> block) {
    CircuitBreakerSpec spec = CircuitBreaker.builder(name());
    dev.fusebox.spi.Require.nonNull(block, "block").accept(spec);
    apply(prepare(((CircuitBreakerTemplate) spec.toPolicy()).config()));
  }

  private BreakerState onFreshWindow(BreakerState current, Window window) {
    if (current instanceof ClosedState) {
      return new ClosedState(window);
    }
    if (current instanceof DisabledState) {
      return new DisabledState(window);
    }
    if (current instanceof OpenState open) {
      return new OpenState(name(), window, open.halfOpenAtNanos, open.openings, clock());
    }
    return new ForcedOpenState(name(), window, clock());
  }

  private static boolean sameWindow(CircuitBreakerConfig a, CircuitBreakerConfig b) {
    if (a.windowKind() != b.windowKind()) {
      return false;
    }
    return switch (a.windowKind()) {
      case COUNT -> a.countWindowSize() == b.countWindowSize();
      case TIME -> a.window().equals(b.window()) && a.buckets() == b.buckets();
      case DECAYING -> a.halfLife().equals(b.halfLife());
    };
  }

  /** The window of {@code config} for people: {@code count(100)}, {@code time(10s/10)}, {@code decaying(5s)}. */
  static String describe(CircuitBreakerConfig config) {
    return switch (config.windowKind()) {
      case COUNT -> "count(" + config.countWindowSize() + ")";
      case TIME -> "time(" + Durations.format(config.window()) + "/" + config.buckets() + ")";
      case DECAYING -> "decaying(" + Durations.format(config.halfLife()) + ")";
    };
  }

  // ---------------------------------------------------------------------------------------------- admission

  /**
   * Asks for permission to make one call: returns a {@link Permit} to hand back to {@link #onComplete}, or the
   * {@link CircuitOpenException} that refused it. A first call after the open duration moves OPEN to HALF_OPEN here.
   *
   * <p>Every check on this path is against a final class (one compare of the object's class): on JDK 17 a test
   * against an interface that fails ({@code instanceof Permit} of an open state) scans the class's interfaces each
   * time, which was about half of a rejection's cost.
   */
  public Object acquire(Telemetry telemetry, Execution<?> execution) {
    for (;;) {
      BreakerState current = state;
      if (current instanceof ClosedState || current instanceof DisabledState) {
        return current;
      }
      if (current instanceof OpenState open) {
        if (open.rejects()) {
          return reject(open.exception());
        }
        HalfOpenState halfOpen =
            new HalfOpenState(name(), open.window, config.halfOpenCalls(), open.openings, clock());
        if (STATE.compareAndSet(this, open, halfOpen)) {
          transitioned(open, halfOpen, telemetry, execution);
        }
        continue;
      }
      if (current instanceof HalfOpenState halfOpen) {
        Probe probe = halfOpen.tryAcquire(clock().nanoTime(), Durations.toNanos(config.probeTimeout()));
        if (probe != null) {
          return probe;
        }
        return reject(halfOpen.exception());
      }
      return reject(((ForcedOpenState) current).exception());
    }
  }

  private CircuitOpenException reject(CircuitOpenException rejection) {
    rejected.increment();
    if (!listeners.isEmpty()) {
      listeners.fire(new CircuitBreakerEvent.Rejected(name(), rejection.state()));
    }
    return rejection;
  }

  /** Whether calls must be timed: a slow-call threshold is set, or somebody listens for call durations. */
  public boolean timesCalls() {
    return config.slowCallDuration() != null || !listeners.isEmpty();
  }

  /** Whether a call still running at the slow-call threshold is counted as slow at once. */
  boolean countsInFlightSlowCalls() {
    CircuitBreakerConfig config = this.config;
    return config.countInFlightSlowCalls() && config.slowCallDuration() != null;
  }

  /** The slow-call threshold. */
  Duration slowCallDuration() {
    return config.slowCallDuration();
  }

  /** The clock the breaker reads and schedules on. */
  Clock clock() {
    return config.clock();
  }

  /**
   * Records a call admitted with {@code permit} that is still running at the slow-call threshold: it counts as one
   * slow call now (not failed: its outcome is unknown), and its completion will not be recorded again.
   */
  void onSlowInFlight(Permit permit, Telemetry telemetry, Execution<?> execution) {
    CircuitBreakerConfig config = this.config;
    long now = config.clock().nanoTime();
    if (!listeners.isEmpty()) {
      fireOutcome(permit.admittedIn(), SUCCESS, config.slowCallNanos(), true, null);
    }
    if (permit instanceof ClosedState closed) {
      onClosedOutcome(closed, SUCCESS, true, now, config, telemetry, execution);
    } else if (permit instanceof Probe probe) {
      onProbeOutcome(probe, SUCCESS, true, telemetry, execution);
    } else {
      ((DisabledState) permit).window.record(false, true, now);
    }
  }

  /** The clock reading a timed call starts at. */
  public long now() {
    return clock().nanoTime();
  }

  // ---------------------------------------------------------------------------------------------- outcomes

  /**
   * Records the outcome of a call admitted with {@code permit}: {@code failure} is its exception, or null with
   * {@code result} its value. A result is judged only against the state that admitted it.
   */
  public void onComplete(Permit permit, boolean timed, long startNanos, Throwable failure, Object result,
      Telemetry telemetry, Execution<?> execution) {
    CircuitBreakerConfig config = this.config;
    boolean needsNow = timed || permit instanceof BreakerState admitting && admitting.window.needsTime();
    long now = needsNow ? config.clock().nanoTime() : 0;
    long duration = timed ? now - startNanos : 0;
    boolean slow = timed && duration >= config.slowCallNanos();
    // An attempt its caller abandoned ends however the abandonment makes it end: not the dependency's verdict.
    int outcome = execution != null && execution.cancelledByCaller() ? IGNORED : classify(config, failure, result);
    if (!listeners.isEmpty()) {
      fireOutcome(permit.admittedIn(), outcome, duration, slow, failure);
    }
    if (permit instanceof ClosedState closed) {
      onClosedOutcome(closed, outcome, slow, now, config, telemetry, execution);
    } else if (permit instanceof Probe probe) {
      onProbeOutcome(probe, outcome, slow, telemetry, execution);
    } else if (outcome != IGNORED) {
      ((DisabledState) permit).window.record(outcome == FAILURE, slow, now);
    }
  }

  private void onClosedOutcome(ClosedState closed, int outcome, boolean slow, long now, CircuitBreakerConfig config,
      Telemetry telemetry, Execution<?> execution) {
    if (outcome == IGNORED) {
      return;
    }
    Window window = closed.window;
    double calls = window.record(outcome == FAILURE, slow, now);
    if (state == closed
        && window.exceeded(config.minimumCalls(), config.failureRate(), config.slowCallRate(), calls, now)) {
      long openedAt = window.needsTime() ? now : config.clock().nanoTime();
      OpenState open = new OpenState(name(), window, Durations.plus(openedAt, config.jitteredOpenNanos(1)), 1,
          config.clock());
      if (STATE.compareAndSet(this, closed, open)) {
        arm(open, execution);
        transitioned(closed, open, telemetry, execution);
      }
    }
  }

  private void onProbeOutcome(Probe probe, int outcome, boolean slow, Telemetry telemetry,
      Execution<?> execution) {
    HalfOpenState halfOpen = probe.owner;
    if (!halfOpen.release(probe, outcome == SUCCESS && !slow) || state != halfOpen || outcome == IGNORED) {
      // A late probe (its slot was taken over) or one from an earlier half-open period decides nothing.
      return;
    }
    CircuitBreakerConfig config = this.config;
    if (outcome == FAILURE || slow) {
      int openings = halfOpen.openings + 1;
      OpenState open = new OpenState(name(), halfOpen.window,
          Durations.plus(config.clock().nanoTime(), config.jitteredOpenNanos(openings)),
          openings, config.clock());
      if (STATE.compareAndSet(this, halfOpen, open)) {
        arm(open, execution);
        transitioned(halfOpen, open, telemetry, execution);
      }
    } else if (halfOpen.successes.incrementAndGet() >= config.halfOpenCalls()) {
      ClosedState closed = new ClosedState(config.newWindow());
      if (STATE.compareAndSet(this, halfOpen, closed)) {
        transitioned(halfOpen, closed, telemetry, execution);
      }
    }
  }

  /**
   * Arms the timer that ends {@code open}'s period, when the clock lets a timer stand for readings and a Vert.x
   * context is at hand (the call's, or the current one); otherwise every call in the period reads the clock. Runs
   * once per opening, by the thread whose compare-and-set opened the breaker.
   */
  private void arm(OpenState open, Execution<?> execution) {
    if (!clock().deadlinesByTimer()) {
      return;
    }
    Context caller = execution != null ? execution.context() : Vertx.currentContext();
    if (caller == null) {
      return;
    }
    long left = open.halfOpenAtNanos - clock().nanoTime();
    // Whole milliseconds rounded up: the timer never runs before the period is over.
    Duration delay = Duration.ofMillis(Math.max(1, (left + 999_999) / 1_000_000));
    open.timer = OpenState.ARMED;
    try {
      clock().schedule(timerContext((ContextInternal) caller), delay, open::due);
    } catch (RuntimeException closed) {
      // Vert.x is closing: read the clock instead.
      open.timer = OpenState.UNTIMED;
    }
  }

  /**
   * A context of no deployment on the caller's Vert.x: an undeployed verticle's timers are cancelled, and this one
   * must run whoever opened the breaker. Made once per Vert.x instance (a racing second one is harmless).
   */
  private ContextInternal timerContext(ContextInternal caller) {
    ContextInternal made = timerContext;
    if (made == null || made.owner() != caller.owner()) {
      made = caller.owner().createEventLoopContext();
      timerContext = made;
    }
    return made;
  }

  private int classify(CircuitBreakerConfig config, Throwable failure, Object result) {
    try {
      if (failure != null) {
        return !config.ignore().test(failure) && config.recordOn().test(failure) ? FAILURE : IGNORED;
      }
      java.util.function.Predicate<Object> failOnResult = config.failOnResult();
      return failOnResult != null && failOnResult.test(result) ? FAILURE : SUCCESS;
    } catch (Throwable t) {
      LOG.log(Level.WARNING, "a classification predicate of circuit breaker '" + name()
          + "' threw; the outcome is ignored", t);
      return IGNORED;
    }
  }

  private void fireOutcome(CircuitState admittedIn, int outcome, long durationNanos, boolean slow,
      Throwable failure) {
    Duration duration = Duration.ofNanos(durationNanos);
    listeners.fire(switch (outcome) {
      case SUCCESS -> new CircuitBreakerEvent.Success(name(), admittedIn, duration, slow);
      case FAILURE -> new CircuitBreakerEvent.Failure(name(), admittedIn, duration, slow, failure);
      default -> new CircuitBreakerEvent.Ignored(name(), admittedIn, failure);
    });
  }

  // ---------------------------------------------------------------------------------------------- manual control

  @Override
  public boolean trip() {
    BreakerState current = state;
    if (!(current instanceof ClosedState closed)) {
      return false;
    }
    OpenState open = new OpenState(name(), closed.window,
        Durations.plus(clock().nanoTime(), config.jitteredOpenNanos(1)), 1, clock());
    if (!STATE.compareAndSet(this, closed, open)) {
      return false;
    }
    arm(open, null);
    transitioned(closed, open, null, null);
    return true;
  }

  @Override
  public void forceOpen() {
    BreakerState previous = state;
    moveTo(new ForcedOpenState(name(), previous.window, clock()));
  }

  @Override
  public void disable() {
    moveTo(new DisabledState(config.newWindow()));
  }

  @Override
  public void reset() {
    moveTo(new ClosedState(config.newWindow()));
  }

  private void moveTo(BreakerState next) {
    BreakerState previous = (BreakerState) STATE.getAndSet(this, next);
    transitioned(previous, next, null, null);
  }

  private void transitioned(BreakerState from, BreakerState to, Telemetry telemetry, Execution<?> execution) {
    boolean toCall = telemetry != null && telemetry.isEnabled(execution);
    if (!toCall && listeners.isEmpty()) {
      return;
    }
    CircuitBreakerEvent.StateTransition event = new CircuitBreakerEvent.StateTransition(name(), from.kind, to.kind);
    if (toCall) {
      telemetry.report(execution, event);
    }
    listeners.fire(event);
  }

  @Override
  public Subscription onEvent(Consumer<? super CircuitBreakerEvent> listener) {
    return listeners.add(listener);
  }

  // ---------------------------------------------------------------------------------------------- standalone use

  @Override
  public <T> Future<T> execute(Supplier<Future<T>> operation) {
    if (operation == null) {
      return Future.failedFuture(new NullPointerException("operation passed to circuit breaker '" + name()
          + "' is null"));
    }
    Object admission = acquire(null, null);
    if (admission instanceof CircuitOpenException rejection) {
      // Bound to the caller's context when there is one; the exception caches it, so refusing allocates nothing.
      return rejection.failedFuture(Vertx.currentContext());
    }
    Permit permit = (Permit) admission;
    boolean timed = timesCalls();
    long start = timed ? clock().nanoTime() : 0;
    Future<T> future;
    try {
      future = operation.get();
      if (future == null) {
        future = Future.failedFuture(new NullPointerException("operation of circuit breaker '" + name()
            + "' returned null, not a Future"));
      }
    } catch (Throwable t) {
      future = Future.failedFuture(t);
    }
    if (future.isComplete()) {
      onComplete(permit, timed, start, future.cause(), future.result(), null, null);
    } else {
      future.onComplete((value, failure) -> onComplete(permit, timed, start, failure, value, null, null));
    }
    return future;
  }

  @Override
  public String toString() {
    return "CircuitBreaker[" + name() + ", " + state() + "]";
  }
}
