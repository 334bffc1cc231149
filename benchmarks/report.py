#!/usr/bin/env python3
"""Turns a JMH JSON result file of the Fusebox suite into a markdown report.

Benchmarks are named <Peer>Benchmark.<scenario>[_<variant>]; rows are grouped by scenario. In each scenario the
ratio column divides a row's ns/op by the best (lowest) ns/op among the peers (every library but Fusebox, without
the floors), so Fusebox at 0.50 is twice as fast as the best peer, and the best peer itself reads 1.00.

ScaleBenchmark's rows (Fusebox only, with JMH parameters) go to a "Scale" section instead: each curve across its
parameter with its max/min ratio and whether it is flat within 2x, and the 2-event-loop figure over the 1-loop one.

Usage: report.py RESULT.json [--label quick|full] [--command "java -jar ..."]
"""

import argparse
import json
import math
import sys

PEERS = {
    "Fusebox": "Fusebox",
    "Resilience4j": "Resilience4j 2.4.0",
    "VertxCircuitBreaker": "vertx-circuit-breaker",
    "Failsafe": "Failsafe 3.3.2",
    "SmallRye": "SmallRye FT 6.11.2",
    "Floor": "floor",
}

SCENARIOS = [
    ("closedCount", "Closed breaker, success of a completed operation — count window (100 calls)"),
    ("closedTime", "Closed breaker, success of a completed operation — time window (10 s)"),
    ("open", "Open breaker, rejection"),
    ("composed", "Fallback + retry + breaker + timeout, success path, on a Vert.x event loop"),
    ("contended", "Closed breaker (count window) shared by 2 event loops, per-thread ns/op"),
]

# The floor row shown under each scenario: the bare operation in the same event-loop batches.
SCENARIO_FLOOR = {
    "closedCount": "noBreaker",
    "closedTime": "noBreaker",
    "open": None,
    "composed": "noBreaker",
    "contended": "noBreaker_contended",
}

FLOOR_NOTES = {
    "nanoTime": "System.nanoTime(), on the benchmark thread",
    "completedFuture": "Future.succeededFuture(v), on the benchmark thread",
    "completableFuture": "CompletableFuture.completedFuture(v), on the benchmark thread",
    "noBreaker": "bare Vert.x operation in event-loop batches (harness included)",
    "noBreaker_stage": "bare CompletionStage operation in event-loop batches (harness included)",
    "noBreaker_contended": "bare Vert.x operation on 2 event loops at once",
    "sharedCounter": "bare Vert.x operation + one AtomicLong.getAndIncrement, 1 event loop",
    "sharedCounter_contended": "bare Vert.x operation + one getAndIncrement of an AtomicLong shared by 2 event loops",
}


def parse(entry):
    name = entry["benchmark"].rsplit(".", 2)
    cls, method = name[-2], name[-1]
    peer = cls[:-len("Benchmark")] if cls.endswith("Benchmark") else cls
    scenario, _, variant = method.partition("_")
    metric = entry["primaryMetric"]
    alloc = entry.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
    return {
        "peer": peer,
        "method": method,
        "scenario": scenario,
        "variant": variant,
        "score": metric["score"],
        "error": metric.get("scoreError"),
        "unit": metric["scoreUnit"],
        "alloc": alloc["score"] if alloc else None,
        "threads": entry.get("threads", 1),
        "params": entry.get("params", {}),
    }


def fmt(value, digits=1):
    if isinstance(value, str):  # JMH writes "NaN" for the error of a single iteration
        try:
            value = float(value)
        except ValueError:
            return value
    if value is None or math.isnan(value):
        return "—"
    return f"{value:,.{digits}f}"


def label(row):
    name = PEERS.get(row["peer"], row["peer"])
    return f"{name} ({row['variant']})" if row["variant"] else name


def scenario_table(rows, floor):
    peers = [r for r in rows if r["peer"] not in ("Fusebox", "Floor")]
    best = min((r["score"] for r in peers), default=None)
    ordered = sorted(rows, key=lambda r: (r["peer"] != "Fusebox", r["score"]))
    out = ["| implementation | ns/op | ± error | B/op | × best peer |", "|---|---:|---:|---:|---:|"]
    for r in ordered:
        ratio = fmt(r["score"] / best, 2) if best else "—"
        if r["peer"] != "Fusebox" and best is not None and r["score"] == best:
            ratio += " (best peer)"
        out.append(f"| {label(r)} | {fmt(r['score'])} | {fmt(r['error'])} | {fmt(r['alloc'])} | {ratio} |")
    if floor:
        out.append(f"| floor: {FLOOR_NOTES.get(floor['method'], floor['method'])} | {fmt(floor['score'])} "
                   f"| {fmt(floor['error'])} | {fmt(floor['alloc'])} | — |")
    return out


def targets(by_key):
    """Checks the allocation and latency targets Fusebox is held to, from whatever rows the run has."""
    lines = []
    floor = by_key.get(("Floor", "noBreaker"))
    for method in ("closedCount_breaker", "closedCount_guard", "closedTime_breaker", "closedTime_guard"):
        row = by_key.get(("Fusebox", method))
        if row and row["alloc"] is not None and floor and floor["alloc"] is not None:
            extra = row["alloc"] - floor["alloc"]
            verdict = "met" if extra < 1 else "NOT met"
            lines.append(f"- `{method}`: {fmt(extra)} B/op beyond the operation's own future "
                         f"(target 0) — {verdict}")
    for method in ("open_breaker", "open_guard"):
        row = by_key.get(("Fusebox", method))
        if row and row["alloc"] is not None:
            verdict = "met" if row["alloc"] < 1 and row["score"] <= 25 else "NOT met"
            lines.append(f"- `{method}`: {fmt(row['score'])} ns/op, {fmt(row['alloc'])} B/op "
                         f"(target ≤ 25 ns, 0 B) — {verdict}")
    return lines


# The scale curves of ScaleBenchmark: (title, method, JMH parameter, its values in order).
SCALE_CURVES = [
    ("breakers in use, 1 event loop — breaker", "breakers_breaker", "breakers"),
    ("breakers in use, 1 event loop — guard", "breakers_guard", "breakers"),
    ("diagnostic: read each breaker's state, no call", "breakers_stateRead", "breakers"),
    ("diagnostic: read each breaker's state, full fence after each", "breakers_stateReadFenced", "breakers"),
    ("diagnostic: one atomic add per call, counters a breaker's size apart", "breakers_coldAdd", "breakers"),
    ("breakers in use, 2 event loops (per thread) — breaker", "breakersTwoLoops_breaker", "breakers"),
    ("breakers in use, 2 event loops (per thread) — guard", "breakersTwoLoops_guard", "breakers"),
    ("calls in flight in one breaker — breaker", "inFlight_breaker", "inFlight"),
    ("calls in flight in one breaker — guard", "inFlight_guard", "inFlight"),
]

# A curve is flat when its slowest point costs at most this many times its fastest.
FLAT_WITHIN = 2.0


def curve(rows, method, param):
    """The points of one scale curve, ordered by the parameter's value: [(value, row)]."""
    points = [(int(r["params"][param]), r) for r in rows
              if r["peer"] == "Scale" and r["method"] == method and param in r["params"]]
    return sorted(points, key=lambda p: p[0])


def spread(points):
    """max/min ns/op of a curve's points, or None with fewer than two."""
    scores = [r["score"] for _, r in points]
    if len(scores) < 2 or min(scores) <= 0:
        return None
    return max(scores) / min(scores)


def scale_section(rows):
    """Each curve of ScaleBenchmark with its max/min ratio and whether it is flat within 2×; [] without them."""
    out = []
    for param in ("breakers", "inFlight"):
        curves = [(title, method, curve(rows, method, param)) for title, method, p in SCALE_CURVES if p == param]
        curves = [c for c in curves if c[2]]
        if not curves:
            continue
        values = sorted({v for _, _, points in curves for v, _ in points})
        head = "breakers" if param == "breakers" else "calls in flight"
        out += ["| curve | " + " | ".join(f"{head} = {v:,}" for v in values) + " | max/min | flat within 2× |",
                "|---|" + "---:|" * len(values) + "---:|---|"]
        for title, _, points in curves:
            by_value = dict(points)
            cells = []
            for v in values:
                r = by_value.get(v)
                cells.append(f"{fmt(r['score'])} ns, {fmt(r['alloc'], 0)} B" if r else "—")
            ratio = spread(points)
            if title.startswith("diagnostic"):
                verdict = "(diagnostic)"
            else:
                verdict = "—" if ratio is None else ("yes" if ratio <= FLAT_WITHIN else "**no**")
            out.append(f"| {title} | " + " | ".join(cells) + f" | {fmt(ratio, 2)} | {verdict} |")
        out.append("")
    loops = []
    for variant in ("breaker", "guard"):
        one = dict(curve(rows, f"breakers_{variant}", "breakers"))
        two = dict(curve(rows, f"breakersTwoLoops_{variant}", "breakers"))
        for v in sorted(set(one) & set(two)):
            ratio = two[v]["score"] / one[v]["score"]
            verdict = "yes" if ratio <= FLAT_WITHIN else "**no**"
            plural = "" if v == 1 else "s"
            loops.append(f"| {variant}, {v:,} breaker{plural} | {fmt(one[v]['score'])} | {fmt(two[v]['score'])} "
                         f"| {fmt(ratio, 2)} | {verdict} |")
    if loops:
        out += ["| event loops 1 → 2 | 1 loop ns/op | 2 loops ns/op (per thread) | 2 / 1 | flat within 2× |",
                "|---|---:|---:|---:|---|"] + loops + [""]
    if out:
        out = ["ns/op per call and B/op (`gc.alloc.rate.norm`, the operation's own future included) of one "
               "closed-path call; `breakers` count-window breakers called in a pseudo-random order (cache misses), "
               "`calls in flight` admitted and not completed in the measured breaker. max/min divides the "
               "slowest point of a curve by its fastest.", ""] + out
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("result")
    parser.add_argument("--label", default="full")
    parser.add_argument("--command", default="")
    args = parser.parse_args()

    with open(args.result, encoding="utf-8") as f:
        entries = json.load(f)
    if not entries:
        print("The JMH result file is empty: no benchmark matched, or every one failed.", file=sys.stderr)
        return 1
    rows = [parse(e) for e in entries]
    by_key = {(r["peer"], r["method"]): r for r in rows if r["peer"] != "Scale"}
    first = entries[0]

    out = [f"# Fusebox benchmarks ({args.label} run)", ""]
    if args.label == "quick":
        out += ["> **QUICK run** (1 fork, 1 × 1 s warm-up, 1 × 1 s measurement): good for spotting breakage, "
                "not for comparing. Do not quote these numbers.", ""]
    out += [f"- JMH {first.get('jmhVersion', '?')}, {first.get('vmName', '?')} {first.get('vmVersion', '?')} "
            f"(JDK {first.get('jdkVersion', '?')})",
            f"- forks {first.get('forks')}, warm-up {first.get('warmupIterations')} × {first.get('warmupTime')}, "
            f"measurement {first.get('measurementIterations')} × {first.get('measurementTime')}",
            f"- JVM arguments: `{' '.join(first.get('jvmArgs', []))}`"]
    if args.command:
        out.append(f"- command: `{args.command}`")
    out += ["",
            "ns/op is average time per call (per thread in the contended scenario); B/op is "
            "`gc.alloc.rate.norm`, all threads' allocation divided by calls, the operation's own future included; "
            "× best peer divides by the fastest library other than Fusebox in the same scenario.",
            ""]

    for scenario, title in SCENARIOS:
        rows_here = [r for r in rows if r["scenario"] == scenario and r["peer"] != "Floor"]
        if not rows_here:
            continue
        floor_method = SCENARIO_FLOOR.get(scenario)
        floor = by_key.get(("Floor", floor_method)) if floor_method else None
        out += [f"## {title}", ""] + scenario_table(rows_here, floor) + [""]

    known = {s for s, _ in SCENARIOS}
    others = [r for r in rows if r["peer"] not in ("Floor", "Scale") and r["scenario"] not in known]
    if others:
        out += ["## Other benchmarks", "", "| benchmark | ns/op | ± error | B/op |", "|---|---:|---:|---:|"]
        out += [f"| {r['peer']}.{r['method']} | {fmt(r['score'])} | {fmt(r['error'])} | {fmt(r['alloc'])} |"
                for r in others]
        out.append("")

    scale = scale_section(rows)
    if scale:
        out += ["## Scale", ""] + scale

    floors = [r for r in rows if r["peer"] == "Floor"]
    if floors:
        out += ["## Floors", "", "| floor | ns/op | ± error | B/op |", "|---|---:|---:|---:|"]
        out += [f"| {FLOOR_NOTES.get(r['method'], r['method'])} | {fmt(r['score'], 2)} | {fmt(r['error'], 2)} "
                f"| {fmt(r['alloc'])} |" for r in sorted(floors, key=lambda r: r["score"])]
        out.append("")

    checks = targets(by_key)
    if checks:
        out += ["## Fusebox targets", ""] + checks + [""]

    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
