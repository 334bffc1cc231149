#!/usr/bin/env bash
# The AppCDS training run of the image build: cds-training.sh java [flags] -XX:ArchiveClassesAtExit=FILE -jar APP
#
# Starts the demo on loopback ports chosen by the kernel, sends it the requests a pod serves (users, readiness,
# liveness, breakers, dashboard, the metrics scrape), then stops it with SIGTERM; as the JVM exits it writes the
# classes it loaded into the archive, which the image's entrypoint maps with -XX:SharedArchiveFile.
# Only bash and coreutils: requests go through bash's /dev/tcp.
set -euo pipefail

log="$(mktemp)"
HTTP_HOST=127.0.0.1 HTTP_PORT=0 METRICS_HOST=127.0.0.1 METRICS_PORT=0 DEMO_ADMIN_ENABLED=false "$@" >"$log" 2>&1 &
pid=$!

line=""
for _ in $(seq 1 600); do
  line="$(grep -m1 'fusebox demo listening on' "$log" || true)"
  [[ -z "$line" ]] || break
  kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; echo "cds-training: the demo exited before listening" >&2; exit 1; }
  sleep 0.1
done
[[ -n "$line" ]] || { cat "$log" >&2; echo "cds-training: the demo did not listen within 60 s" >&2; exit 1; }
http_port="$(sed -E 's|.*listening on http://127\.0\.0\.1:([0-9]+).*|\1|' <<<"$line")"
metrics_port="$(sed -E 's|.*metrics on port ([0-9]+).*|\1|' <<<"$line")"

get() { # port path: prints the status line
  exec 3<>"/dev/tcp/127.0.0.1/$1"
  printf 'GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$2" >&3
  local status; IFS= read -r status <&3 || true
  cat <&3 >/dev/null || true
  exec 3<&-
  echo "cds-training: GET $2 -> ${status%$'\r'}"
}

for round in 1 2 3; do
  for id in 1 2 3 42 999999; do get "$http_port" "/users/$id" >/dev/null; done
  get "$http_port" /users/not-a-number >/dev/null
  get "$http_port" /ready >/dev/null
  get "$http_port" /health >/dev/null
  get "$http_port" /breakers >/dev/null
  get "$http_port" /dashboard >/dev/null
  get "$metrics_port" /metrics >/dev/null
done
get "$http_port" /users/1
get "$metrics_port" /metrics

kill -TERM "$pid"
status=0; wait "$pid" || status=$?
[[ "$status" -eq 143 || "$status" -eq 0 ]] || { cat "$log" >&2; echo "cds-training: exit status $status" >&2; exit 1; }
grep -i 'cds\|archive\|warning' "$log" >&2 || true
rm -f "$log"
