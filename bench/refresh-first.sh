#!/usr/bin/env bash
# Refresh grants as production sees them: every refresh is the first its family gets for a while, so each one
# activates its family's grain. A fresh standalone server (bench/lib.sh) gets 10 s of guest logins, a 10-s refresh
# peak on a pool of PEAK_FAMILIES (default 1,024) guest families, then FAMILIES (default 20,000) new guest families,
# minted by wrk, are refreshed once each at RATE refreshes/s (default 850) for DURATION (default 20 s; keep FAMILIES
# above RATE × DURATION). It prints wrk's line (p50, p99), the server's CPU per refresh and resident memory at the
# end, and per second the refreshes the server answered and how many of them took it over 10 / 25 / 50 ms (its own
# request duration, from /metrics) and the size of SQLite's write-ahead log, with the GC's pause time per second when
# dotnet-counters is installed (and the thread pool's threads and queue).
#
#   bench/refresh-first.sh                            # builds Release, runs once
#   RATE=1300 FAMILIES=40000 bench/refresh-first.sh
#   WEBFRONT_BIN=/tmp/a bench/refresh-first.sh        # a copy of a build (dotnet publish -c Release WebFront -o /tmp/a)
#   SERVER_ENV="DOTNET_GCgen0size=0x2000000" bench/refresh-first.sh
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
RATE="${RATE:-850}"
export -n RATE # the paced run below sets it for its own wrk; given in the environment, it also paced the peak
FAMILIES="${FAMILIES:-20000}"
PEAK_FAMILIES="${PEAK_FAMILIES:-1024}"
DURATION="${DURATION:-20}"
URL="http://127.0.0.1:${PORT:-5391}"
export BENCH_CLIENT_ID="storefront0000000000000000000001" BENCH_CLIENT_SECRET="storefront-demo-secret-0000000001"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
(( FAMILIES >= RATE * DURATION )) || echo "note: $FAMILIES families at $RATE/s for $DURATION s: some are refreshed twice" >&2

BIN="${WEBFRONT_BIN:-}"
if [[ -z "$BIN" ]]; then
  echo "== building Release"
  dotnet build "$ROOT/WebFront" -c Release -v quiet -nologo | tail -1
  BIN="$ROOT/WebFront/bin/Release/net10.0"
fi
DATA="$(mktemp -d -t oroorleans-refresh-first-XXXXXX)"
LOG="$DATA/server.log"
# shellcheck disable=SC2086 # SERVER_ENV is a list of KEY=VALUE words
bench_start_webfront "$BIN" "$URL" "$DATA/data" "$LOG" ${SERVER_ENV:-}
PID=$BENCH_PID
trap 'kill -TERM $PID 2>/dev/null || true' EXIT
bench_wait_ready "$URL" "$PID" "$LOG" 60

# mint NAME COUNT: COUNT guest refresh tokens into $DATA/NAME.pool (each wrk thread marks its end with a file).
mint() {
  echo "== minting $2 guest families ($(date -u +%H:%M:%S) UTC)"
  OUT="$DATA/$1" COUNT="$2" FIELD=refresh_token BENCH_THREADS=2 bench_wrk_until 2 "$DATA/$1.*.done" \
    -t2 -c32 -d600s -s "$ROOT/bench/mint-guest-tokens.lua" "$URL" >/dev/null
  cat "$DATA/$1.1" "$DATA/$1.2" > "$DATA/$1.pool"
  (( $(wc -l < "$DATA/$1.pool") >= $2 )) || { echo "minting stopped early: $(wc -l < "$DATA/$1.pool") of $2" >&2; exit 1; }
}

echo "== warm-up: 10 s of guest logins, then a 10-s refresh peak on $PEAK_FAMILIES families"
wrk -t2 -c64 -d10s -s "$ROOT/bench/guest.lua" "$URL" | grep '^guest:'
mint peak "$PEAK_FAMILIES"
POOL="$DATA/peak.pool" BENCH_THREADS=2 wrk -t2 -c64 -d10s -s "$ROOT/bench/refresh.lua" "$URL" | grep '^refresh:'
mint first "$FAMILIES"
sleep 2

# The route's 200s, by bucket, once a second for the run.
( for _ in $(seq $(( DURATION + 2 ))); do
    echo "T $(stat -c %s "$DATA/data/oroorleans.db-wal" 2>/dev/null || echo 0)"
    curl -fs "$URL/metrics" | grep '^http_server_request_duration_seconds_bucket' | grep 'http_route="/oauth2-token"' \
      | grep 'http_response_status_code="200"' || true
    sleep 1
  done > "$DATA/series" ) &
SERIES=$!
COUNTERS=""
if command -v dotnet-counters >/dev/null || [[ -x "$HOME/.dotnet/tools/dotnet-counters" ]]; then
  "$(command -v dotnet-counters || echo "$HOME/.dotnet/tools/dotnet-counters")" collect -p "$PID" --refresh-interval 1 \
    --format csv -o "$DATA/counters.csv" --counters System.Runtime --duration "00:00:$(( DURATION + 2 ))" >/dev/null 2>&1 &
  COUNTERS=$!
fi
cpu() { awk '{ print $14 + $15 }' "/proc/$PID/stat"; }
before="$(cpu)"
echo "== $FAMILIES new families refreshed at $RATE/s for ${DURATION}s ($(date -u +%H:%M:%S) UTC)"
RATE="$RATE" POOL="$DATA/first.pool" BENCH_THREADS=2 wrk -t2 -c64 -d"${DURATION}s" --latency -s "$ROOT/bench/refresh.lua" "$URL" \
  > "$DATA/first.txt"
after="$(cpu)"
wait "$SERIES"
[[ -n "$COUNTERS" ]] && { wait "$COUNTERS" || true; }
grep '^refresh:' "$DATA/first.txt"
refreshes="$(awk '/requests in/ { print $1 }' "$DATA/first.txt")"
awk -v t="$(( after - before ))" -v n="$refreshes" -v hz="$(getconf CLK_TCK)" \
  'BEGIN { printf "server CPU: %.2f s, %.2f ms per refresh\n", t / hz, 1000 * t / hz / n }'
echo "server resident: $(awk '/VmRSS/ { printf "%.0f MB", $2 / 1024 }' "/proc/$PID/status")"
awk '
  function le() { match($0, /le="[^"]+"/); return substr($0, RSTART + 4, RLENGTH - 5) }
  /^T / { k++; wal = wal sprintf(" %.1f", $2 / 1048576); next }
  { c[k, le()] += $NF }
  END {
    line = "per second, answered: over 10 / 25 / 50 ms:"
    for (i = 2; i <= k; i++) {
      n = c[i, "+Inf"] - c[i - 1, "+Inf"]
      if (n <= 0) continue
      line = line sprintf(" %d:%d/%d/%d", n, n - c[i, "0.01"] + c[i - 1, "0.01"], n - c[i, "0.025"] + c[i - 1, "0.025"],
        n - c[i, "0.05"] + c[i - 1, "0.05"])
    }
    print line
    print "SQLite write-ahead log, MB each second:" wal
  }' "$DATA/series"
if [[ -s "$DATA/counters.csv" ]]; then
  awk -F, 'index($3, "dotnet.gc.pause.time") { gc = gc sprintf(" %.0f", 1000 * $5) }
    index($3, "dotnet.thread_pool.thread.count") { t += $5; threads = threads sprintf(" %+d", t) }
    index($3, "dotnet.thread_pool.queue.length") { q += $5; queue = queue sprintf(" %+d", q) }
    END { print "GC pause, ms per second:" gc
      # dotnet-counters reports these two as changes per second: summed, they are the change since its start.
      print "thread pool threads, against the start:" threads; print "thread pool queue, against the start:" queue }' \
    "$DATA/counters.csv"
fi
kill -TERM "$PID"
code=0
wait "$PID" || code=$?
trap - EXIT
echo "server exited with $code; outputs in $DATA"
