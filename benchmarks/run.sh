#!/usr/bin/env bash
# Builds the JMH suite and runs it with the GC profiler, writing the raw JMH JSON and a markdown report
# (ns/op, B/op, ratio to the best peer per scenario, and the scale curves with their max/min ratio) to
# benchmarks/results/.
#
# Usage: benchmarks/run.sh [JMH include regex ...]
#   benchmarks/run.sh                                   # the whole suite, scale curves included (~26 min; a quiet
#                                                       # machine only; JMH_ARGS="-e Scale" leaves them out)
#   benchmarks/run.sh Scale                             # the scale curves alone (ScaleBenchmark, ~10 min)
#   QUICK=1 benchmarks/run.sh 'closedCount' 'Floor'     # smoke run: 1 fork, 1 x 1 s warm-up, 1 x 1 s measurement
#
# Environment:
#   QUICK=1        -f 1 -wi 1 -i 1 -w 1s -r 1s (numbers only good for spotting breakage, and labelled as such)
#   JMH_ARGS       extra JMH arguments, appended last (e.g. "-f 3 -i 10", or "-prof stack")
#   SKIP_BUILD=1   reuse benchmarks/target/benchmarks.jar
#   MVN_LOCK=FILE  run the Maven build under `flock FILE` (for machines where builds must not overlap)
#   LABEL          tag for the output file names (default: quick or full)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
jar="$here/target/benchmarks.jar"
results="$here/results"

if [[ -z "${SKIP_BUILD:-}" ]]; then
  build=(mvn -B -q -f "$root/pom.xml" -pl benchmarks -am package -DskipTests)
  if [[ -n "${MVN_LOCK:-}" ]]; then
    build=(flock "$MVN_LOCK" "${build[@]}")
  fi
  echo ">> ${build[*]}" >&2
  "${build[@]}"
fi
[[ -f "$jar" ]] || { echo "no $jar: build first (without SKIP_BUILD)" >&2; exit 1; }

mode_args=()
label="${LABEL:-full}"
if [[ -n "${QUICK:-}" ]]; then
  mode_args=(-f 1 -wi 1 -i 1 -w 1s -r 1s)
  label="${LABEL:-quick}"
fi

mkdir -p "$results" "$here/target/jmh-tmp"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
json="$results/$stamp-$label.json"
report="$results/$stamp-$label.md"

# Another JMH on the machine may hold /tmp/jmh.lock: give this one its own temporary directory.
cmd=(java -Djava.io.tmpdir="$here/target/jmh-tmp" -jar "$jar"
  -prof gc -rf json -rff "$json"
  "${mode_args[@]}")
if [[ -n "${JMH_ARGS:-}" ]]; then
  # shellcheck disable=SC2206 # word splitting of the extra arguments is intended
  cmd+=($JMH_ARGS)
fi
cmd+=("$@")
echo ">> ${cmd[*]}" >&2
"${cmd[@]}"

python3 "$here/report.py" "$json" --label "$label" --command "${cmd[*]}" > "$report"
echo >&2
echo "JSON:   $json" >&2
echo "Report: $report" >&2
cat "$report"
