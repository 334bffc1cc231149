#!/usr/bin/env bash
# Load test of the demo service with wrk, on 127.0.0.1 only, every step bounded in time.
#
# Starts a loopback upstream this script controls (dev.fusebox.benchmarks.load.LoopbackUpstream: healthy, failing
# 50 %, or hanging) and, for each scenario, a fresh demo process pointed at it; drives it with wrk; prints
# throughput, p50/p99, errors, the share served from the cache (X-Served-From) and the demo's peak RSS.
#
# Scenarios:
#   unguarded   healthy upstream, GET /users-unguarded/{id} (the same handler without the guard; the demo serves
#               that route only when started with -Dfusebox.demo.unguardedRoute=true, as here)
#   guarded     healthy upstream, GET /users/{id}
#   fail50      upstream failing half of the requests, after a warm-up that fills the cache
#   hang        upstream hanging, after a warm-up that fills the cache: first 15 concurrent calls while the breaker
#               is still closed (each should end at the timeout), then a wrk run once it is open. Runs with
#               retry.maxAttempts = 1 so that a closed-breaker call is exactly one timeout.
#
#   faults      the fault matrix, against the demo's embedded simulated API and its fault controls: for each of
#               error, hang, reset, malformed, mix (20 % error, 20 % hang, 10 % reset, 10 % malformed) and latency
#               (500 ms), a fresh demo with its default guard, a warm-up that fills the cache, then the fault and a
#               wrk run; reports 5xx, the share served from the cache, p50/p99/max, and whether and when (seconds
#               after the fault) the breaker opened, from /breakers polled every 0.2 s
#   budget      the latency budget under the hang fault, breaker still closed: 15 concurrent lookups of cached ids
#               (target: p99 <= deadline 1 s + 10 ms, all from the cache), then, on a fresh demo, 15 of uncached
#               ids (target: 504 at the deadline)
#   sse         /users throughput and p99 alone, then with SSE_SUBSCRIBERS (2000) slow /dashboard/events
#               subscribers (ConnectionHolders sse)
#   slowloris   HOLDERS (200) slowloris connections and as many idle keep-alive connections, held up to
#               HOLD_SECONDS (30): how many the server closed, after how long (ConnectionHolders)
#
# Usage: benchmarks/load.sh [scenario ...]        (default: unguarded guarded fail50 hang faults budget sse slowloris)
#
# Every scenario runs RUNS times (3), the runs interleaved (all scenarios once, then again), and the report gives
# each figure as the median with the spread (min–max) over the runs. Where taskset works and there are 2 CPUs or
# more, the demo is pinned to DEMO_CPUS (the last CPU) and wrk, the upstream, curl and the connection holders to
# LOAD_CPUS (the others), so the load generator does not steal the demo's CPU; PIN=0 turns that off.
# Environment:
#   QUICK=1           2 s warm-up and 3 s runs instead of 5 s and 10 s (smoke test; numbers labelled as such)
#   DURATION, WARMUP  wrk durations (e.g. 10s, 5s)
#   CONNECTIONS, WRK_THREADS, IDS   wrk connections (32), threads (2), distinct user ids (1000)
#   DEMO_JAR          default demo-service/target/fusebox-demo-service.jar
#   DEMO_JAVA_OPTS    JVM flags of the demo; default emulates the Helm chart's 512 MiB container with the image's
#                     flags: -XX:MaxRAM=512m -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError
#   RUNS              runs of each scenario (3; QUICK: 1)
#   PIN=0             no CPU pinning;  DEMO_CPUS, LOAD_CPUS  taskset CPU lists (default: last CPU; the others)
#   THROUGHPUT_WARMUP warm-up of the unguarded and guarded runs (20s; QUICK: 2s): long enough for the JIT to settle
#                     on a pinned demo, so the ratio compares code, not compilation
#   SKIP_BUILD=1      use the jars as they are;  MVN_LOCK=FILE  build under `flock FILE`
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
bench_jar="$here/target/benchmarks.jar"
demo_jar="${DEMO_JAR:-$root/demo-service/target/fusebox-demo-service.jar}"
lua="$here/load/users.lua"

if [[ -n "${QUICK:-}" ]]; then
  duration="${DURATION:-3s}"; warmup="${WARMUP:-2s}"; label=quick; runs="${RUNS:-1}"
  throughput_warmup="${THROUGHPUT_WARMUP:-$warmup}"
else
  duration="${DURATION:-10s}"; warmup="${WARMUP:-5s}"; label=full; runs="${RUNS:-3}"
  throughput_warmup="${THROUGHPUT_WARMUP:-20s}"
fi
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "RUNS must be a whole number >= 1, was '$runs'" >&2; exit 2; }
cpus="$(nproc)"
pin_demo=(); pin_load=(); placement="$cpus CPUs shared by wrk, the demo and the upstream"
if [[ "${PIN:-1}" != 0 && "$cpus" -ge 2 ]] && command -v taskset >/dev/null && taskset -c 0 true 2>/dev/null; then
  demo_cpus="${DEMO_CPUS:-$(( cpus - 1 ))}"
  load_cpus="${LOAD_CPUS:-$([[ "$cpus" -eq 2 ]] && echo 0 || echo "0-$(( cpus - 2 ))")}"
  pin_demo=(taskset -c "$demo_cpus"); pin_load=(taskset -c "$load_cpus")
  placement="demo pinned to CPU $demo_cpus; wrk, the upstream, curl and the connection holders to CPU $load_cpus"
fi
connections="${CONNECTIONS:-32}"
wrk_threads="${WRK_THREADS:-2}"
ids="${IDS:-1000}"
demo_java_opts="${DEMO_JAVA_OPTS:--XX:MaxRAM=512m -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError}"
scenarios=("$@")
[[ ${#scenarios[@]} -gt 0 ]] || scenarios=(unguarded guarded fail50 hang faults budget sse slowloris)
faults_list="${FAULTS:-error hang reset malformed mix latency}"
sse_subscribers="${SSE_SUBSCRIBERS:-2000}"
holders="${HOLDERS:-200}"
hold_seconds="${HOLD_SECONDS:-30}"

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }

if [[ -z "${SKIP_BUILD:-}" ]]; then
  build=(mvn -B -q -f "$root/pom.xml" -pl demo-service,benchmarks -am package -DskipTests)
  [[ -z "${MVN_LOCK:-}" ]] || build=(flock "$MVN_LOCK" "${build[@]}")
  echo ">> ${build[*]}" >&2
  "${build[@]}"
fi
for jar in "$bench_jar" "$demo_jar"; do
  [[ -f "$jar" ]] || { echo "missing $jar (build without SKIP_BUILD)" >&2; exit 1; }
done

work="$(mktemp -d "${TMPDIR:-/tmp}/fusebox-load.XXXXXX")"
upstream_pid=""
demo_pid=""

cleanup() {
  [[ -z "$demo_pid" ]] || stop_demo
  if [[ -n "$upstream_pid" ]]; then
    kill "$upstream_pid" 2>/dev/null || true
    wait "$upstream_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT

log() { echo "[load] $*" >&2; }

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

seconds() { # "10s" -> 10
  local d="$1"; d="${d%s}"; echo "$d"
}

# ------------------------------------------------------------------------------------------------ upstream

start_upstream() {
  "${pin_load[@]}" java -Xms32m -Xmx64m -XX:+UseSerialGC -cp "$bench_jar" dev.fusebox.benchmarks.load.LoopbackUpstream 0 \
    >"$work/upstream.log" 2>&1 &
  upstream_pid=$!
  for _ in $(seq 1 100); do
    upstream_port="$(sed -n 's/^listening on \([0-9]*\)$/\1/p' "$work/upstream.log")"
    [[ -z "$upstream_port" ]] || { log "upstream on 127.0.0.1:$upstream_port"; return; }
    kill -0 "$upstream_pid" 2>/dev/null || break
    sleep 0.2
  done
  echo "the loopback upstream did not start:" >&2; cat "$work/upstream.log" >&2; exit 1
}

set_mode() {
  curl -fsS --max-time 5 -X PUT "http://127.0.0.1:$upstream_port/control?mode=$1" >/dev/null
}

# ------------------------------------------------------------------------------------------------ demo

start_demo() { # [config file]; with embedded=1, the demo's own simulated API and fault controls on $admin_port
  http_port="$(free_port)"; metrics_port="$(free_port)"; admin_port="$(free_port)"
  local config="${1:-}" target
  if [[ -n "${embedded:-}" ]]; then
    target=(DEMO_ADMIN_ENABLED=true ADMIN_PORT="$admin_port")
  else
    target=(USER_API_URL="http://127.0.0.1:$upstream_port" DEMO_ADMIN_ENABLED=false)
  fi
  # shellcheck disable=SC2086 # DEMO_JAVA_OPTS is a list of flags
  env HTTP_HOST=127.0.0.1 HTTP_PORT="$http_port" METRICS_HOST=127.0.0.1 METRICS_PORT="$metrics_port" \
    "${target[@]}" ${config:+DEMO_CONFIG="$config"} \
    OTEL_TRACES_EXPORTER=none OTEL_LOGS_EXPORTER=none \
    "${pin_demo[@]}" java $demo_java_opts -Dfusebox.demo.unguardedRoute=true -jar "$demo_jar" \
    >"$work/demo-$scenario.log" 2>&1 &
  demo_pid=$!
  for _ in $(seq 1 300); do
    if curl -fsS --max-time 1 -o /dev/null "http://127.0.0.1:$http_port/ready" 2>/dev/null; then
      log "demo (pid $demo_pid) ready on 127.0.0.1:$http_port"
      return
    fi
    kill -0 "$demo_pid" 2>/dev/null || break
    sleep 0.2
  done
  echo "the demo did not become ready:" >&2; tail -50 "$work/demo-$scenario.log" >&2; exit 1
}

peak_rss_mib() {
  awk '/^VmHWM:/ { printf "%.1f", $2 / 1024 }' "/proc/$demo_pid/status" 2>/dev/null || echo "?"
}

stop_demo() {
  max_rss="$(awk -v a="$max_rss" -v b="$(peak_rss_mib)" 'BEGIN { print (b + 0 > a + 0) ? b : a }')"
  kill -TERM "$demo_pid" 2>/dev/null || true
  for _ in $(seq 1 150); do
    kill -0 "$demo_pid" 2>/dev/null || break
    sleep 0.2
  done
  kill -KILL "$demo_pid" 2>/dev/null || true
  wait "$demo_pid" 2>/dev/null || true
  demo_pid=""
}

breaker_state() {
  curl -fsS --max-time 2 "http://127.0.0.1:$http_port/breakers" 2>/dev/null \
    | python3 -c 'import json,sys; b=json.load(sys.stdin)["breakers"]; print(",".join(x.get("state","?") for x in b))' \
    2>/dev/null || echo "?"
}

# ------------------------------------------------------------------------------------------------ wrk

run_wrk() { # path duration -> RESULT line
  local path="$1" length="$2"
  WRK_PATH="$path" WRK_IDS="$ids" timeout "$(( $(seconds "$length") + 30 ))" \
    "${pin_load[@]}" wrk -t "$wrk_threads" -c "$connections" -d "$length" --timeout 5s -s "$lua" "http://127.0.0.1:$http_port" \
    >"$work/wrk.out" 2>&1 || { cat "$work/wrk.out" >&2; return 1; }
  grep '^RESULT ' "$work/wrk.out" | tail -1
}

field() { # RESULT-line key
  sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<"$1"
}

# Concurrent one-off requests, for the closed-breaker phase of the hang scenario: prints p50/p99/max in ms as curl
# measures them (connect to last byte, process start-up excluded) and the status codes.
burst() { # count [first id]
  seq "${2:-1}" "$(( ${2:-1} + $1 - 1 ))" | "${pin_load[@]}" xargs -P "$1" -I{} curl -s -o /dev/null --max-time 10 \
    -w '%{time_total} %{http_code}\n' "http://127.0.0.1:$http_port/users/{}" | sort -n | awk '
      { t[NR] = $1 * 1000; codes = codes (NR > 1 ? "," : "") $2 }
      END {
        i50 = int(NR * 0.50 + 0.999); i99 = int(NR * 0.99 + 0.999)
        printf "p50_ms=%.1f p99_ms=%.1f max_ms=%.1f codes=%s\n", t[i50], t[i99], t[NR], codes
      }'
}

# ------------------------------------------------------------------------------------------------ scenarios

rows=()
unguarded_rps=(); guarded_rps=(); hang_closed_p99=(); hang_open_p99=(); max_rss=0
budget_cached_p99=(); budget_cached_5xx=(); budget_uncached_codes=()

median() { # numbers... -> the median (the mean of the middle two for an even count)
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { printf "%g", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

record() { # scenario result-line rss
  local r="$2" total
  total="$(field "$r" requests)"
  local cache; cache="$(field "$r" cache)"
  local share="—"
  [[ "${total:-0}" -gt 0 ]] && share="$(awk -v c="$cache" -v t="$total" 'BEGIN { printf "%.1f %%", 100 * c / t }')"
  local errors=$(( $(field "$r" http_errors) + $(field "$r" socket_errors) + $(field "$r" timeouts) ))
  rows+=("| $1 | $(field "$r" rps) | $(field "$r" p50_ms) | $(field "$r" p99_ms) | $errors | $share | $3 |")
}

healthy_run() { # scenario path -> sets last_result
  set_mode healthy
  start_demo
  log "$1: warm-up $throughput_warmup"
  run_wrk "$2" "$throughput_warmup" >/dev/null
  log "$1: measuring $duration"
  last_result="$(run_wrk "$2" "$duration")"
  record "$1" "$last_result" "$(peak_rss_mib)"
  stop_demo
}

scenario_unguarded() {
  healthy_run "unguarded, healthy upstream" /users-unguarded/
  local r="$last_result"
  if [[ "$(field "$r" http_errors)" -gt 0 && "$(field "$r" upstream)" -eq 0 ]]; then
    log "unguarded: every answer was an error — is the demo's /users-unguarded route there? (see README-performance)"
  fi
  unguarded_rps+=("$(field "$r" rps)")
}

scenario_guarded() {
  healthy_run "guarded, healthy upstream" /users/
  local r="$last_result"
  guarded_rps+=("$(field "$r" rps)")
}

scenario_fail50() {
  set_mode healthy
  start_demo
  log "fail50: warm-up $warmup (fills the cache)"
  run_wrk /users/ "$warmup" >/dev/null
  set_mode fail50
  log "fail50: measuring $duration"
  local r; r="$(run_wrk /users/ "$duration")"
  log "fail50: breaker state after the run: $(breaker_state)"
  record "guarded, upstream failing 50 %" "$r" "$(peak_rss_mib)"
  stop_demo
}

scenario_hang() {
  local config="$work/hang.json"
  echo '{"userApi": {"guard": {"retry": {"maxAttempts": 1}}}}' >"$config"
  set_mode healthy
  start_demo "$config"
  log "hang: warm-up $warmup (fills the cache), then 11 s without traffic so the breaker's 10 s window empties"
  run_wrk /users/ "$warmup" >/dev/null
  local baseline; baseline="$(burst 15)"
  log "hang: 15 concurrent calls to the healthy upstream, for the cost of a fresh connection: $baseline"
  sleep 11
  set_mode hang
  local closed; closed="$(burst 15)"
  local closed_p99; closed_p99="$(sed -n 's/.*p99_ms=\([^ ]*\).*/\1/p' <<<"$closed")"
  hang_closed_p99+=("$closed_p99")
  log "hang: 15 concurrent calls while closed: $closed; breaker: $(breaker_state)"
  burst 10 >/dev/null
  local state; state="$(breaker_state)"
  log "hang: breaker after 25 timed-out calls: $state"
  log "hang: measuring $duration with the breaker open"
  local r; r="$(run_wrk /users/ "$duration")"
  hang_open_p99+=("$(field "$r" p99_ms)")
  record "guarded, upstream hanging, breaker open (state: $state)" "$r" "$(peak_rss_mib)"
  local p50 p99
  p50="$(sed -n 's/.*p50_ms=\([^ ]*\).*/\1/p' <<<"$baseline")"; p99="$(sed -n 's/.*p99_ms=\([^ ]*\).*/\1/p' <<<"$baseline")"
  rows+=("| guarded, upstream healthy, 15 concurrent fresh connections (baseline of the next row) | — | $p50 | $p99 | — | — | — |")
  p50="$(sed -n 's/.*p50_ms=\([^ ]*\).*/\1/p' <<<"$closed")"
  rows+=("| guarded, upstream hanging, breaker closed: 15 concurrent fresh connections | — | $p50 | $closed_p99 | — | — | — |")
  stop_demo
}

# ------------------------------------------------------------------------------------------------ fault matrix

set_fault() { # json
  curl -fsS --max-time 5 -X PUT -H 'Content-Type: application/json' -d "$1" \
    "http://127.0.0.1:$admin_port/admin/faults" >/dev/null
}

fault_json() {
  case "$1" in
    error) echo '{"errorRate": 1}' ;;
    hang) echo '{"hangRate": 1}' ;;
    reset) echo '{"resetRate": 1}' ;;
    malformed) echo '{"malformedRate": 1}' ;;
    mix) echo '{"errorRate": 0.2, "hangRate": 0.2, "resetRate": 0.1, "malformedRate": 0.1}' ;;
    latency) echo '{"latency": "500ms"}' ;;
    *) echo "unknown fault $1" >&2; exit 2 ;;
  esac
}

# Polls /breakers every 0.2 s until killed, writing "<seconds since start> <state>" lines to $1.
watch_breaker() {
  local out="$1" start; start="$(date +%s.%N)"
  while true; do
    echo "$(awk -v s="$start" -v n="$(date +%s.%N)" 'BEGIN { printf "%.1f", n - s }') $(breaker_state)" >>"$out"
    sleep 0.2
  done
}

# Asks for every id 1..$ids once (one curl, one keep-alive connection), so that all are cached: a random warm-up
# leaves some out, and their 5xx would hide whether a cached user ever gets one.
fill_cache() {
  curl -s -o /dev/null --max-time 120 "http://127.0.0.1:$http_port/users/[1-$ids]"
}

fault_rows=()
scenario_faults() {
  local fault
  for fault in $faults_list; do
    embedded=1 start_demo
    log "fault $fault: warm-up $warmup, then every id once (fills the cache)"
    run_wrk /users/ "$warmup" >/dev/null
    fill_cache
    local states="$work/states-$fault.txt"; : >"$states"
    watch_breaker "$states" & local watcher=$!
    set_fault "$(fault_json "$fault")"
    log "fault $fault: $(fault_json "$fault"), measuring $duration"
    local r; r="$(run_wrk /users/ "$duration")"
    kill "$watcher" 2>/dev/null || true; wait "$watcher" 2>/dev/null || true
    local opened; opened="$(awk '$2 ~ /OPEN/ { print "yes, after " $1 " s"; found = 1; exit } END { if (!found) print "no" }' "$states")"
    local last; last="$(tail -1 "$states" | awk '{ print $2 }')"
    local total cache share
    total="$(field "$r" requests)"; cache="$(field "$r" cache)"
    share="$(awk -v c="$cache" -v t="$total" 'BEGIN { printf "%.1f %%", (t > 0 ? 100 * c / t : 0) }')"
    fault_rows+=("| $fault | $(field "$r" rps) | $(field "$r" http_5xx) | $(( $(field "$r" socket_errors) + $(field "$r" timeouts) )) | $share | $(field "$r" p50_ms) | $(field "$r" p99_ms) | $(field "$r" max_ms) | $opened | $last |")
    log "fault $fault: breaker opened: $opened; $r"
    stop_demo
  done
}

budget_rows=()
scenario_budget() {
  local kind first
  for kind in cached uncached; do
    embedded=1 start_demo
    log "budget ($kind): warm-up $warmup (fills the cache for ids 1..$ids)"
    run_wrk /users/ "$warmup" >/dev/null
    fill_cache
    first=1; [[ "$kind" == cached ]] || first=50001
    if [[ "$kind" == cached ]]; then
      local base; base="$(burst 15 "$first")"
      log "budget: 15 concurrent lookups, healthy upstream (the cost of 15 fresh connections): $base"
      budget_rows+=("| cached ids, upstream healthy (baseline: fresh-connection cost) | $(sed -n 's/.*p50_ms=\([^ ]*\).*/\1/p' <<<"$base") | $(sed -n 's/.*p99_ms=\([^ ]*\).*/\1/p' <<<"$base") | $(sed -n 's/.*max_ms=\([^ ]*\).*/\1/p' <<<"$base") | — |")
    fi
    set_fault "$(fault_json hang)"
    local b; b="$(burst 15 "$first")"
    log "budget ($kind): 15 concurrent lookups with the upstream hanging: $b; breaker: $(breaker_state)"
    # then 5 s of wrk on keep-alive connections (no connection cost), while the breaker's window still holds the
    # warm-up's successes and so stays closed: every lookup waits for the deadline
    local path=/users/; [[ "$kind" == cached ]] || path=/users/9000
    local w; w="$(run_wrk "$path" 5s)"
    local after_state; after_state="$(breaker_state)"
    log "budget ($kind): wrk 5 s keep-alive: $w; breaker: $after_state"
    if [[ "$kind" == cached ]]; then
      budget_cached_p99+=("$(field "$w" p99_ms)"); budget_cached_5xx+=("$(field "$w" http_5xx)")
    else
      budget_uncached_codes+=("$(sed -n 's/.*codes=\([^ ]*\).*/\1/p' <<<"$b")")
    fi
    budget_rows+=("| $kind ids, upstream hanging, wrk keep-alive 5 s (breaker at end: $after_state) | $(field "$w" p50_ms) | $(field "$w" p99_ms) | $(field "$w" max_ms) | $(field "$w" requests) requests: $(field "$w" cache) from cache, $(field "$w" http_5xx) 5xx |")
    budget_rows+=("| $kind ids, upstream hanging | $(sed -n 's/.*p50_ms=\([^ ]*\).*/\1/p' <<<"$b") | $(sed -n 's/.*p99_ms=\([^ ]*\).*/\1/p' <<<"$b") | $(sed -n 's/.*max_ms=\([^ ]*\).*/\1/p' <<<"$b") | $(sed -n 's/.*codes=\([^ ]*\).*/\1/p' <<<"$b" | tr ',' '\n' | sort | uniq -c | awk '{ printf "%s%s x %s", (NR > 1 ? ", " : ""), $1, $2 }') |")
    stop_demo
  done
}

holders_run() { # mode count seconds -> HOLD line
  timeout "$(( $3 + 30 ))" "${pin_load[@]}" java -Xmx256m -cp "$bench_jar" dev.fusebox.benchmarks.load.ConnectionHolders "$1" \
    "$http_port" "$2" "$3" | grep '^HOLD '
}

sse_rows=()
scenario_sse() {
  embedded=1 start_demo
  log "sse: warm-up 2 x $warmup"
  run_wrk /users/ "$warmup" >/dev/null
  run_wrk /users/ "$warmup" >/dev/null
  local alone; alone="$(run_wrk /users/ "$duration")"
  local hold_for=$(( $(seconds "$duration") + 20 ))
  "${pin_load[@]}" java -Xmx256m -cp "$bench_jar" dev.fusebox.benchmarks.load.ConnectionHolders sse "$http_port" \
    "$sse_subscribers" "$hold_for" >"$work/sse-holders.out" 2>&1 & local holders_pid=$!
  for _ in $(seq 1 150); do grep -q '^holding' "$work/sse-holders.out" && break; sleep 0.2; done
  sleep 5 # let pushes reach every subscriber, and the queues of those that do not read fill
  local crowded; crowded="$(run_wrk /users/ "$duration")"
  wait "$holders_pid" 2>/dev/null || true
  local hold; hold="$(grep '^HOLD ' "$work/sse-holders.out" || echo "HOLD ?")"
  sse_rows+=("| /users alone (${DEMO_LABEL:-this build}) | $(field "$alone" rps) | $(field "$alone" p50_ms) | $(field "$alone" p99_ms) | — |")
  sse_rows+=("| /users with $sse_subscribers slow SSE subscribers (${DEMO_LABEL:-this build}) | $(field "$crowded" rps) | $(field "$crowded" p50_ms) | $(field "$crowded" p99_ms) | ${hold#HOLD } |")
  stop_demo
}

slowloris_rows=()
scenario_slowloris() {
  embedded=1 start_demo
  local mode
  for mode in slowloris idle; do
    log "slowloris: $holders $mode connections held up to $hold_seconds s"
    local line; line="$(holders_run "$mode" "$holders" "$hold_seconds")"
    slowloris_rows+=("| $mode (${DEMO_LABEL:-this build}) | ${line#HOLD } |")
    log "slowloris: $line"
  done
  stop_demo
}

start_upstream
for run in $(seq 1 "$runs"); do
for scenario in "${scenarios[@]}"; do
  log "run $run of $runs: $scenario"
  case "$scenario" in
    unguarded) scenario_unguarded ;;
    guarded) scenario_guarded ;;
    fail50) scenario_fail50 ;;
    hang) scenario_hang ;;
    faults) scenario_faults ;;
    budget) scenario_budget ;;
    sse) scenario_sse ;;
    slowloris) scenario_slowloris ;;
    *) echo "unknown scenario $scenario (unguarded, guarded, fail50, hang, faults, budget, sse, slowloris)" >&2
       exit 2 ;;
  esac
done
done

# ------------------------------------------------------------------------------------------------ report

verdict() { # awk-condition -> met / NOT met
  awk "BEGIN { exit !($1) }" && echo "met" || echo "NOT met"
}

mkdir -p "$here/results"
report="$here/results/$(date -u +%Y%m%dT%H%M%SZ)-load-$label.md"
# Rows of one table, the runs of each label folded into one row: median (min–max) per numeric column.
table() { printf '%s\n' "$@" | python3 "$here/load/aggregate.py"; }
{
  echo "# Demo load test ($label run)"
  echo
  [[ "$label" != quick ]] || { echo "> **QUICK run**: short warm-up and runs; good for spotting breakage only."; echo; }
  echo "- wrk -t $wrk_threads -c $connections, $duration per run after $warmup of warm-up ($throughput_warmup for the"
  echo "  unguarded and guarded runs), $ids user ids, 127.0.0.1"
  if [[ "$runs" -gt 1 ]]; then
    echo "- $runs runs of each scenario, interleaved; a figure is the median over the runs, (min–max) its spread"
  else
    echo "- 1 run of each scenario"
  fi
  echo "- demo JVM flags: \`$demo_java_opts\`; $placement"
  echo
  if [[ ${#rows[@]} -gt 0 ]]; then
    echo "| scenario | req/s | p50 ms | p99 ms | errors | served from cache | peak RSS MiB |"
    echo "|---|---:|---:|---:|---:|---:|---:|"
    table "${rows[@]}"
    echo
  fi
  if [[ ${#fault_rows[@]} -gt 0 ]]; then
    echo "Fault matrix (embedded simulated API, default guard, $duration per fault after a cache-filling warm-up):"
    echo
    echo "| fault | req/s | 5xx | socket errors + wrk timeouts | served from cache | p50 ms | p99 ms | max ms | breaker opened | state at end |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---|---|"
    table "${fault_rows[@]}"
    echo
  fi
  if [[ ${#budget_rows[@]} -gt 0 ]]; then
    echo "Latency budget (userApi.deadline 1 s), upstream hanging, breaker closed (15 concurrent curl lookups, fresh"
    echo "connections; compare with the healthy baseline):"
    echo
    echo "| lookups | p50 ms | p99 ms | max ms | statuses |"
    echo "|---|---:|---:|---:|---|"
    table "${budget_rows[@]}"
    echo
  fi
  if [[ ${#sse_rows[@]} -gt 0 ]]; then
    echo "Dashboard subscribers against /users:"
    echo
    echo "| run | req/s | p50 ms | p99 ms | subscriber connections |"
    echo "|---|---:|---:|---:|---|"
    table "${sse_rows[@]}"
    echo
  fi
  if [[ ${#slowloris_rows[@]} -gt 0 ]]; then
    echo "Connections held by clients ($holders each, up to $hold_seconds s):"
    echo
    echo "| client | result |"
    echo "|---|---|"
    table "${slowloris_rows[@]}"
    echo
  fi
  echo "Targets:"
  if [[ ${#unguarded_rps[@]} -gt 0 && ${#guarded_rps[@]} -gt 0 ]]; then
    ratio="$(awk -v g="$(median "${guarded_rps[@]}")" -v u="$(median "${unguarded_rps[@]}")" 'BEGIN { printf "%.3f", g / u }')"
    echo "- guarded / unguarded throughput by median = $ratio (target ≥ 0.95): $(verdict "$ratio >= 0.95");" \
      "runs: guarded ${guarded_rps[*]}, unguarded ${unguarded_rps[*]} req/s"
  fi
  if [[ ${#hang_closed_p99[@]} -gt 0 ]]; then
    m="$(median "${hang_closed_p99[@]}")"
    echo "- hanging upstream, breaker closed: p99 $m ms by median (target ≤ timeout 800 ms + 10 ms):" \
      "$(verdict "$m <= 810")"
  fi
  if [[ ${#hang_open_p99[@]} -gt 0 ]]; then
    m="$(median "${hang_open_p99[@]}")"
    echo "- hanging upstream, breaker open: p99 $m ms by median (target ≤ 5 ms): $(verdict "$m <= 5")"
  fi
  if [[ ${#budget_cached_p99[@]} -gt 0 ]]; then
    m="$(median "${budget_cached_p99[@]}")"
    echo "- latency budget, cached ids, upstream hanging (wrk keep-alive): p99 $m ms by median, 5xx" \
      "${budget_cached_5xx[*]} (target ≤ deadline 1 s + 10 ms, no 5xx): $(verdict "$m <= 1010 && $(IFS=+; echo "${budget_cached_5xx[*]}") == 0")"
  fi
  if [[ ${#budget_uncached_codes[@]} -gt 0 ]]; then
    echo "- latency budget, uncached ids, upstream hanging: statuses $(printf '%s,' "${budget_uncached_codes[@]}" \
      | tr ',' '\n' | grep . | sort | uniq -c | awk '{ printf "%s%s x %s", (NR > 1 ? ", " : ""), $1, $2 }')" \
      "(target: all 504 at the deadline)"
  fi
  if awk -v r="$max_rss" 'BEGIN { exit !(r > 0) }'; then
    echo "- peak RSS of the demo, highest over the scenarios: $max_rss MiB (target ≤ 128 MiB):" \
      "$(verdict "$max_rss <= 128")"
  fi
} >"$report"
echo >&2
cat "$report"
echo >&2
log "report: $report"
