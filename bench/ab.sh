#!/usr/bin/env bash
# Compares builds of the WebFront on this machine, alternating them round by round so that a noisy machine weighs on
# each the same (docs/performance.md "What each change bought"). Per round and build: GET /health/live, guest logins
# (bench/guest.lua), and guest logins served from a full Guest:Reserve; each as requests/s and the server process's
# CPU time per request (from /proc, so other load on the machine moves it less than the rate).
#
#   cp -r WebFront/bin/Release/net10.0 /tmp/before     # a build of the base commit
#   ... change, dotnet build WebFront -c Release ...
#   cp -r WebFront/bin/Release/net10.0 /tmp/after
#   bench/ab.sh 3 /tmp/before /tmp/after              # ROUNDS, then build directories
#   ALG=RS256 bench/ab.sh 2 /tmp/before /tmp/after    # Tokens:Algorithm (default ES256: the request path, not RSA)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
URL="http://127.0.0.1:${PORT:-5398}"
ROUNDS="${1:?usage: bench/ab.sh ROUNDS BUILD_DIR...}"; shift
(( $# >= 1 )) || { echo "usage: bench/ab.sh ROUNDS BUILD_DIR..." >&2; exit 2; }
export BENCH_CLIENT_ID="storefront0000000000000000000001" BENCH_CLIENT_SECRET="storefront-demo-secret-0000000001"
RESERVE="${RESERVE:-400000}"   # tokens the reserved round waits for
SLACK=$(( RESERVE / 400 ))      # "full" allows for tokens aged out meanwhile: 1,000 of 400,000
TICKS="$(getconf CLK_TCK)"
PID=""; DATA=""
cleanup() { [[ -n "$PID" ]] && kill -TERM "$PID" 2>/dev/null && wait "$PID" 2>/dev/null; [[ -n "$DATA" ]] && rm -rf "$DATA"; true; }
trap cleanup EXIT

start() { # build directory, extra settings...
  local dir="$1"; shift
  DATA="$(mktemp -d -t oroorleans-ab-XXXXXX)"
  bench_start_webfront "$dir" "$URL" "$DATA/data" "$DATA/log" Tokens__Algorithm="${ALG:-ES256}" "$@"
  PID=$BENCH_PID
  bench_wait_ready "$URL" "$PID" "$DATA/log"
}
stop() { kill -TERM "$PID"; wait "$PID" || true; PID=""; rm -rf "$DATA"; DATA=""; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$PID/stat"; }
reserve() { bench_metric_sum "$URL" oroorleans_guest_reserve_tokens || true; }
# wrk arguments... -> "<requests/s> req/s <µs> us/req"; a run with errors or no requests stops the comparison.
measure() {
  local before after out
  before="$(cpu_ticks)"; out="$(wrk -t2 -c64 "$@")" || { echo "wrk failed: $*" >&2; exit 1; }; after="$(cpu_ticks)"
  if grep -qE 'Non-2xx|Socket errors' <<<"$out" || ! grep -q 'requests in' <<<"$out"; then
    echo "errors in wrk $*:" >&2; echo "$out" >&2; exit 1
  fi
  awk -v b="$before" -v a="$after" -v t="$TICKS" '/requests in/ { n = $1 } /^Requests\/sec/ { r = $2 }
    END { printf "%6d req/s %4.0f us/req", r, (a - b) / t * 1e6 / n }' <<<"$out"
}
login() {
  curl -fs -o /dev/null -H 'Content-Type: application/json' "$URL/oauth2-token" \
    -d "{\"grant_type\":\"password\",\"client_id\":\"$BENCH_CLIENT_ID\",\"client_secret\":\"$BENCH_CLIENT_SECRET\",\"username\":\"guest\",\"password\":\"guest\"}"
}

echo "== bench/ab.sh: $ROUNDS rounds of $* (Tokens:Algorithm ${ALG:-ES256}); load average $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq "$ROUNDS"); do
  for build in "$@"; do
    start "$build"
    wrk -t2 -c64 -d8s -s "$ROOT/bench/guest.lua" "$URL" >/dev/null   # warm-up: JIT tiers, caches
    health="$(measure -d8s "$URL/health/live")"
    guest="$(measure -d10s -s "$ROOT/bench/guest.lua" "$URL")"
    stop
    start "$build" Guest__Reserve__Enabled=true Guest__Reserve__Size="$RESERVE"
    login   # the client's pool starts at its first guest login
    for _ in $(seq 300); do (( $(reserve) >= RESERVE - SLACK )) && break; sleep 1; done
    (( $(reserve) >= RESERVE - SLACK )) || echo "warning: the reserve holds $(reserve) of $RESERVE tokens after 300 s" >&2
    wrk -t2 -c64 -d3s -s "$ROOT/bench/guest.lua" "$URL" >/dev/null
    reserved="$(measure -d8s -s "$ROOT/bench/guest.lua" "$URL")"
    left="$(reserve)"
    stop
    printf 'round %d %-20s health %s | guest %s | reserved %s (%d left)\n' "$round" "$(basename "$build")" "$health" "$guest" "$reserved" "$left"
  done
done
