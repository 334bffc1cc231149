#!/usr/bin/env bash
# Runs every test of the project: installs the Debian packages the tests drive (when one is missing), then
# `mvn -B verify`. Needs JDK 17, Maven 3.8+, root (or sudo) and Debian's package mirrors.
#
#   prometheus        the real Prometheus server and promtool (alert rules, Grafana queries, scrape)
#   chromium,
#   chromium-driver   the dashboard test in a real headless browser
#   wrk               load against the demo in its container
#   docker.io         a private Docker engine: the image is built from the Dockerfile and run under 128 MiB
#   debootstrap       stand-in base images from Debian packages when no image registry is reachable
#
# Extra arguments go to Maven: ./test.sh -pl toolkit
set -euo pipefail
cd "$(dirname "$0")"

packages=(
  "promtool:prometheus"
  "prometheus:prometheus"
  "chromium:chromium"
  "chromedriver:chromium-driver"
  "wrk:wrk"
  "dockerd:docker.io"
  "debootstrap:debootstrap"
)
need=()
for entry in "${packages[@]}"; do
  command="${entry%%:*}" package="${entry#*:}"
  if ! PATH="$PATH:/usr/sbin:/sbin" command -v "$command" >/dev/null 2>&1 && [[ " ${need[*]} " != *" $package "* ]]; then
    need+=("$package")
  fi
done

if [ "${#need[@]}" -gt 0 ]; then
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "test.sh: installing ${need[*]} needs root or sudo" >&2; exit 1; }
    sudo=(sudo)
  fi
  echo "test.sh: installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  # The Docker engine is started by the container test itself, on its own socket; no service is needed.
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

exec mvn -B verify "$@"
