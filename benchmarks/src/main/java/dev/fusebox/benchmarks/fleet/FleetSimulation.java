package dev.fusebox.benchmarks.fleet;

import dev.fusebox.Guard;
import dev.fusebox.circuitbreaker.CircuitBreaker;
import dev.fusebox.circuitbreaker.CircuitBreakerEvent;
import dev.fusebox.circuitbreaker.CircuitBreakerSpec;
import dev.fusebox.circuitbreaker.CircuitState;
import dev.fusebox.config.GuardConfig;
import dev.fusebox.retry.RetryEvent;
import dev.fusebox.testing.ManualClock;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A deterministic simulation of a fleet of client replicas, each with its own real {@link Guard} built from the demo's
 * default guard JSON, calling one dependency that fails for a while and then recovers: one JVM, one Vert.x event loop,
 * one {@link ManualClock} in every guard, no network.
 *
 * <p>How time moves: one task on the event loop advances the clock by {@link #STEP}, issues the calls offered in that
 * step, and queues the next step behind the timer tasks the advance queued, so every timer of a step has run (at the
 * step's end time) before the next step starts. Each replica offers one call per {@link #PERIOD}, replicas' phases
 * spread evenly over the period. The dependency answers a healthy call after {@link #LATENCY} (a timer on the clock),
 * fails at once when hard down, fails half its calls at once in the 50 % mode, and answers after ten times the
 * latency in the slow mode. Every random draw (retry and open-period jitter, the 50 % errors) comes from seeded
 * generators (one per replica, as its guard's random source), so a scenario gives the same figures on every run.
 *
 * <p>Not thread-safe: run one scenario at a time.
 */
public final class FleetSimulation {

  /** The clock step: timers of a step fire at its end. */
  public static final Duration STEP = Duration.ofMillis(1);
  /** Each replica offers one call per period. */
  public static final Duration PERIOD = Duration.ofMillis(100);
  /** The healthy dependency's latency. */
  public static final Duration LATENCY = Duration.ofMillis(50);

  private static final long STEP_MS = STEP.toMillis();
  private static final long PERIOD_MS = PERIOD.toMillis();
  private static final long SAMPLE_MS = 100;

  /** How the dependency fails. */
  public enum Fault {
    /** Every attempt fails at once (connection refused). */
    HARD_DOWN("hard down"),
    /** Half the attempts fail at once; the others answer normally. */
    HALF_ERRORS("50 % errors"),
    /** Every attempt answers, ten times slower than when healthy. */
    SLOW_X10("latency ×10");

    private final String label;

    Fault(String label) {
      this.label = label;
    }

    /** How the fault is named in the report. */
    public String label() {
      return label;
    }
  }

  /**
   * How long a replica's report counts for the quorum signal: {@code FleetOptions.DEFAULT_WINDOW} of fusebox-vertx
   * (copied: the benchmarks do not depend on it).
   */
  public static final Duration QUORUM_WINDOW = Duration.ofSeconds(60);

  /**
   * One run: {@code replicas} replicas, healthy for {@code warmUp}, then {@code fault} for {@code faultFor}, then
   * healthy again for {@code after}; {@code budget} says whether the retry keeps the default guard's budget;
   * {@code quorum} (0 for none) models the quorum signal of fusebox-vertx's {@code FleetBreakers}: when a replica's
   * breaker opens, every replica whose breaker is CLOSED trips it if at least {@code quorum} replicas' latest
   * reports within {@link #QUORUM_WINDOW} say OPEN.
   */
  public record Scenario(Fault fault, boolean budget, int replicas, Duration warmUp, Duration faultFor,
      Duration after, int quorum) {

    /** A scenario without the quorum signal. */
    public Scenario(Fault fault, boolean budget, int replicas, Duration warmUp, Duration faultFor, Duration after) {
      this(fault, budget, replicas, warmUp, faultFor, after, 0);
    }

    /** This scenario with the quorum signal at {@code quorum} replicas. */
    public Scenario withQuorum(int quorum) {
      return new Scenario(fault, budget, replicas, warmUp, faultFor, after, quorum);
    }

    /**
     * The default shape: 1,000 replicas, 12 s healthy (the breaker's 10 s window full), 60 s of the fault (two open
     * durations), 40 s to recover (more than one open duration).
     */
    public static Scenario of(Fault fault, boolean budget) {
      return new Scenario(fault, budget, 1000, Duration.ofSeconds(12), Duration.ofSeconds(60),
          Duration.ofSeconds(40));
    }
  }

  /**
   * What a scenario measured. Times are from the fault's start ({@code toMostOpen}) or end ({@code toRecovered}), -1
   * when it never happened within the run.
   *
   * @param offeredDuringFault calls the replicas offered while the dependency failed
   * @param attemptsDuringFault attempts that reached the dependency meanwhile
   * @param peakSecondAmplification the largest attempts per offered call of any one second of the fault
   * @param toMostOpenMs until 90 % of the replicas' breakers were not closed at once
   * @param maxOpenShare the largest share of replicas whose breakers were not closed at one sample
   * @param openPeriods openings of any breaker, from the fault's start to the end of the run
   * @param meanProbesPerOpenPeriod half-open admissions per opening, over the openings followed by a half-open state
   * @param maxProbesPerOpenPeriod the most half-open admissions of one replica after one opening
   * @param halfOpenCalls the breaker's {@code halfOpenCalls}, the probe target
   * @param attemptsWhileOpen attempts that reached the dependency while their replica's breaker was open (must be 0)
   * @param peakHalfOpenShare the largest share of replicas entering HALF_OPEN within one second (a probe wave)
   * @param toRecoveredMs from the fault's end until every breaker was closed for good
   * @param budgetRefusals retries the budget refused, over the whole run
   * @param quorumOpenings breakers the quorum signal tripped, over the whole run
   * @param wallMs wall time of the run
   */
  public record Result(Scenario scenario, long offeredDuringFault, long attemptsDuringFault,
      double peakSecondAmplification, long toMostOpenMs, double maxOpenShare, long openPeriods,
      double meanProbesPerOpenPeriod, int maxProbesPerOpenPeriod, int halfOpenCalls, long attemptsWhileOpen,
      double peakHalfOpenShare, long toRecoveredMs, long budgetRefusals, long quorumOpenings, long wallMs) {

    /** Attempts on the dependency per offered call, over the whole fault. */
    public double amplification() {
      return offeredDuringFault == 0 ? 0 : (double) attemptsDuringFault / offeredDuringFault;
    }
  }

  /**
   * The demo's default guard ({@code ConfigLoader.defaultGuard()} in demo-service), copied here so the benchmarks do
   * not depend on the demo; {@code budget} false drops the retry budget.
   */
  public static JsonObject demoDefaultGuard(boolean budget) {
    JsonObject retry = new JsonObject()
        .put("maxAttempts", 3)
        .put("backoff", new JsonObject().put("type", "exponential").put("initial", "50ms").put("max", "1s"))
        .put("jitter", 0.5);
    if (budget) {
      retry.put("budget", new JsonObject().put("ratio", 0.05).put("minPerSecond", 1).put("window", "1s"));
    }
    return new JsonObject()
        .put("timeout", "800ms")
        .put("retry", retry)
        .put("circuitBreaker", new JsonObject()
            .put("failureRate", 0.4)
            .put("slowCallRate", 0.5)
            .put("slowCallDuration", "400ms")
            .put("minimumCalls", 20)
            .put("window", "10s")
            .put("openFor", "30s")
            .put("openJitter", 0.2)
            .put("halfOpenCalls", 3));
  }

  private final Vertx vertx;

  /** A simulation running its scenarios on {@code vertx}, which the caller owns and closes. */
  public FleetSimulation(Vertx vertx) {
    this.vertx = vertx;
  }

  /**
   * Runs {@code scenario} with the demo's default guard ({@link #demoDefaultGuard}) and returns its figures; waits at
   * most two minutes of wall time.
   */
  public Result run(Scenario scenario) throws Exception {
    return run(scenario, demoDefaultGuard(scenario.budget()));
  }

  /**
   * Runs {@code scenario} with every replica's guard built from {@code guard} (the JSON guard format; it must hold
   * a {@code circuitBreaker}), and returns its figures; waits at most two minutes of wall time.
   */
  public Result run(Scenario scenario, JsonObject guard) throws Exception {
    Context context = vertx.getOrCreateContext();
    Run run = new Run(scenario, guard, context);
    CompletableFuture<Result> done = new CompletableFuture<>();
    context.runOnContext(v -> run.start(done));
    return done.get(2, TimeUnit.MINUTES);
  }

  /** The state of one scenario, touched only on its event-loop context. */
  private final class Run {
    private final Scenario s;
    private final Context context;
    private final ManualClock clock = new ManualClock();
    private final Random dependencyRandom = new Random(42);
    private final List<Guard<String>> guards = new ArrayList<>();
    private final List<CircuitBreaker> breakers = new ArrayList<>();
    private final int halfOpenCalls;
    private final List<List<Integer>> bySlot = new ArrayList<>();
    private final long faultStart;
    private final long faultEnd;
    private final long end;
    private final int[] probesThisPeriod;
    private final boolean[] probedThisPeriod;
    private final long[] offeredPerSecond;
    private final long[] attemptsPerSecond;
    private final long[] halfOpensPerSecond;
    private long nowMs;
    private int notClosed;
    private long offeredDuringFault;
    private long attemptsDuringFault;
    private long attemptsWhileOpen;
    private long budgetRefusals;
    private long openPeriods;
    private long probedPeriods;
    private long probes;
    private int maxProbes;
    private long toMostOpen = -1;
    private double maxOpenShare;
    private long lastNotClosedAfterFault = -1;
    private long wallStart;
    /** Each replica's latest report for the quorum model: whether it said OPEN, and when (-1: none yet). */
    private final boolean[] reportedOpen;
    private final long[] reportedAtMs;
    private boolean quorumCheckDue;
    private long quorumOpenings;

    Run(Scenario s, JsonObject guardJson, Context context) {
      this.s = s;
      this.context = context;
      GuardConfig config = GuardConfig.parse(guardJson, "userApi.guard");
      this.halfOpenCalls = guardJson.getJsonObject("circuitBreaker").getInteger("halfOpenCalls",
          CircuitBreakerSpec.DEFAULT_HALF_OPEN_CALLS);
      this.faultStart = s.warmUp().toMillis();
      this.faultEnd = faultStart + s.faultFor().toMillis();
      this.end = faultEnd + s.after().toMillis();
      int seconds = (int) (end / 1000) + 1;
      offeredPerSecond = new long[seconds];
      attemptsPerSecond = new long[seconds];
      halfOpensPerSecond = new long[seconds];
      probesThisPeriod = new int[s.replicas()];
      probedThisPeriod = new boolean[s.replicas()];
      reportedOpen = new boolean[s.replicas()];
      reportedAtMs = new long[s.replicas()];
      java.util.Arrays.fill(reportedAtMs, -1);
      for (long slot = 0; slot < PERIOD_MS / STEP_MS; slot++) {
        bySlot.add(new ArrayList<>());
      }
      for (int i = 0; i < s.replicas(); i++) {
        bySlot.get((int) ((long) i * PERIOD_MS / s.replicas() / STEP_MS)).add(i);
      }
      for (int i = 0; i < s.replicas(); i++) {
        int replica = i;
        Guard<String> guard = Guard.of(vertx, "replica-" + i, g -> config.applyTo(g
            .clock(clock)
            .onEvent(e -> {
              // Admissions are reported to the guard's listeners (they belong to a call), not the breaker's.
              if (e instanceof CircuitBreakerEvent.Admitted a && a.state() == CircuitState.HALF_OPEN) {
                probesThisPeriod[replica]++;
                probedThisPeriod[replica] = true;
              } else if (e instanceof RetryEvent.BudgetExhausted) {
                budgetRefusals++;
              }
            })
            .random(new Random(1_000_003L * (replica + 1)))));
        CircuitBreaker breaker = guard.policies().stream()
            .filter(CircuitBreaker.class::isInstance).map(CircuitBreaker.class::cast).findFirst().orElseThrow();
        breaker.onEvent(e -> onBreakerEvent(replica, e));
        guards.add(guard);
        breakers.add(breaker);
      }
    }

    void start(CompletableFuture<Result> done) {
      wallStart = System.nanoTime();
      step(done);
    }

    private void step(CompletableFuture<Result> done) {
      try {
        if (nowMs >= end) {
          done.complete(result());
          return;
        }
        clock.advance(STEP);
        nowMs += STEP_MS;
        offer();
        if (quorumCheckDue) {
          quorum();
        }
        if (nowMs % SAMPLE_MS == 0) {
          sample();
        }
        context.runOnContext(v -> step(done));
      } catch (Throwable t) {
        done.completeExceptionally(t);
      }
    }

    /** Issues the calls of the replicas whose phase falls in the step just ended. */
    private void offer() {
      for (int replica : bySlot.get((int) (nowMs % PERIOD_MS / STEP_MS))) {
        count(offeredPerSecond);
        if (inFault()) {
          offeredDuringFault++;
        }
        guards.get(replica).execute(() -> attempt(replica));
      }
    }

    private Future<String> attempt(int replica) {
      count(attemptsPerSecond);
      if (inFault()) {
        attemptsDuringFault++;
      }
      if (breakers.get(replica).state() == CircuitState.OPEN) {
        attemptsWhileOpen++;
      }
      Fault fault = inFault() ? s.fault() : null;
      if (fault == Fault.HARD_DOWN || fault == Fault.HALF_ERRORS && dependencyRandom.nextBoolean()) {
        return Future.failedFuture(new IllegalStateException("dependency failed"));
      }
      Duration latency = fault == Fault.SLOW_X10 ? LATENCY.multipliedBy(10) : LATENCY;
      Promise<String> answer = Promise.promise();
      clock.schedule(context, latency, () -> answer.tryComplete("ok"));
      return answer.future();
    }

    private boolean inFault() {
      return nowMs > faultStart && nowMs <= faultEnd;
    }

    private void count(long[] perSecond) {
      perSecond[(int) Math.min(perSecond.length - 1, nowMs / 1000)]++;
    }

    /**
     * The quorum rule of {@code FleetBreakersImpl.onReport}, for the reports of this step (delivered at its end, as
     * the event bus delivers them on a later event-loop turn): a CLOSED breaker trips when at least {@code quorum}
     * other replicas' fresh latest reports say OPEN. A CLOSED replica's own latest report is never OPEN, so the count
     * is the same for every replica it applies to.
     */
    private void quorum() {
      quorumCheckDue = false;
      long open = 0;
      for (int i = 0; i < s.replicas(); i++) {
        if (reportedOpen[i] && reportedAtMs[i] >= 0 && nowMs - reportedAtMs[i] <= QUORUM_WINDOW.toMillis()) {
          open++;
        }
      }
      if (open < s.quorum()) {
        return;
      }
      for (CircuitBreaker breaker : breakers) {
        if (breaker.state() == CircuitState.CLOSED && breaker.trip()) {
          quorumOpenings++;
        }
      }
    }

    private void onBreakerEvent(int replica, CircuitBreakerEvent event) {
      if (event instanceof CircuitBreakerEvent.StateTransition t) {
        reportedOpen[replica] = t.to() == CircuitState.OPEN || t.to() == CircuitState.FORCED_OPEN;
        reportedAtMs[replica] = nowMs;
        if (s.quorum() > 0 && t.to() == CircuitState.OPEN) {
          quorumCheckDue = true;
        }
        if (t.from() == CircuitState.CLOSED) {
          notClosed++;
        } else if (t.to() == CircuitState.CLOSED) {
          notClosed--;
        }
        if (t.to() == CircuitState.OPEN) {
          closePeriod(replica);
          if (nowMs > faultStart) {
            openPeriods++;
          }
        } else if (t.to() == CircuitState.HALF_OPEN) {
          count(halfOpensPerSecond);
        } else if (t.to() == CircuitState.CLOSED) {
          closePeriod(replica);
        }
      }
    }

    private void closePeriod(int replica) {
      if (probedThisPeriod[replica] && nowMs > faultStart) {
        probedPeriods++;
        probes += probesThisPeriod[replica];
        maxProbes = Math.max(maxProbes, probesThisPeriod[replica]);
      }
      probesThisPeriod[replica] = 0;
      probedThisPeriod[replica] = false;
    }

    private void sample() {
      double share = (double) notClosed / s.replicas();
      if (nowMs > faultStart && nowMs <= faultEnd) {
        maxOpenShare = Math.max(maxOpenShare, share);
        if (toMostOpen < 0 && share >= 0.9) {
          toMostOpen = nowMs - faultStart;
        }
      }
      if (nowMs > faultEnd && notClosed > 0) {
        lastNotClosedAfterFault = nowMs;
      }
    }

    private Result result() {
      for (int i = 0; i < s.replicas(); i++) {
        closePeriod(i);
      }
      double peakAmplification = 0;
      for (long sec = faultStart / 1000; sec < faultEnd / 1000; sec++) {
        int k = (int) sec;
        if (offeredPerSecond[k] > 0) {
          peakAmplification = Math.max(peakAmplification, (double) attemptsPerSecond[k] / offeredPerSecond[k]);
        }
      }
      long peakHalfOpens = 0;
      for (long h : halfOpensPerSecond) {
        peakHalfOpens = Math.max(peakHalfOpens, h);
      }
      long recovered;
      if (notClosed > 0) {
        recovered = -1;
      } else if (lastNotClosedAfterFault < 0) {
        recovered = 0;
      } else {
        recovered = lastNotClosedAfterFault + SAMPLE_MS - faultEnd;
      }
      return new Result(s, offeredDuringFault, attemptsDuringFault, peakAmplification, toMostOpen, maxOpenShare,
          openPeriods, probedPeriods == 0 ? 0 : (double) probes / probedPeriods, maxProbes, halfOpenCalls,
          attemptsWhileOpen, (double) peakHalfOpens / s.replicas(), recovered, budgetRefusals, quorumOpenings,
          (System.nanoTime() - wallStart) / 1_000_000);
    }
  }
}
