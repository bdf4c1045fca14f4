#!/usr/bin/env bash
# Benchmarks one standalone WebFront (Release, own port, temp data dir, rate limits off) with wrk, and the raw
# RS256 signing rate of this machine for comparison. Prints every number docs/performance.md reports.
#
#   bench/run.sh                       # all scenarios, 64 connections, 20 s each
#   DURATION=10s CONNECTIONS=32 bench/run.sh
#   bench/run.sh guest health          # only the named scenarios (jwtrate runs whenever guest does)
#   scenarios: health, guest, refresh (guest families, pool of rotated tokens), api (GET /api/users/1),
#   me (GET /storefront/api/me with a guest token), tokencache (TOKENS one-time guest tokens on /storefront/api/me,
#   not in the default set), rotations (ROTATIONS refresh grants/s, default 1000, for ROTATION_SECONDS, default 300,
#   with the ledger's write latency and the server's memory; bench/Revocation; not in the default set)
#
# Add a scenario: write scenario_<name> below (use $URL, $DURATION, $CONNECTIONS, $THREADS, and run_wrk) and
# add <name> to ALL_SCENARIOS.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PORT="${PORT:-5391}"
URL="http://127.0.0.1:${PORT}"
DURATION="${DURATION:-20s}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
ALL_SCENARIOS=(health guest refresh api me)
SCENARIOS=("${@:-${ALL_SCENARIOS[@]}}")

# The demo clients of the Development seed file.
export BENCH_CLIENT_ID="storefront0000000000000000000001"
export BENCH_CLIENT_SECRET="storefront-demo-secret-0000000001"

if ! command -v wrk >/dev/null; then
  echo "wrk is missing; installing it (Debian package)" >&2
  apt-get install -y wrk >/dev/null || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
fi

# WEBFRONT_BIN runs a copy of a build (so the tree can be rebuilt while a long scenario runs) and skips building.
WEBFRONT_BIN="${WEBFRONT_BIN:-}"
if [[ -z "$WEBFRONT_BIN" ]]; then
  echo "== building Release"
  dotnet build "$ROOT/WebFront" -c Release -v quiet -nologo | tail -1
  dotnet build "$ROOT/bench/JwtRate" -c Release -v quiet -nologo | tail -1
fi

DATA="$(mktemp -d -t oroorleans-bench-XXXXXX)"
LOG="$DATA/webfront.log"
cleanup() {
  if [[ -n "${SERVER_PID:-}" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$DATA"
}
trap cleanup EXIT

echo "== starting WebFront on $URL (data in $DATA, rate limits off)"
(
  cd "${WEBFRONT_BIN:-$ROOT/WebFront/bin/Release/net10.0}"
  ASPNETCORE_ENVIRONMENT=Production \
  ASPNETCORE_URLS="$URL" \
  Standalone__DataDirectory="$DATA/data" \
  Bootstrap__SeedFile="$ROOT/WebFront/seed.development.json" \
  Bootstrap__AllowDemoSecrets=true \
  RateLimits__Enabled=false \
  Logging__LogLevel__Default=Warning \
  exec dotnet OroOrleans.WebFront.dll
) >"$LOG" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 150); do
  curl -fs "$URL/health/ready" >/dev/null 2>&1 && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$LOG"; exit 1; }
  sleep 0.2
done
curl -fs "$URL/health/ready" >/dev/null || { echo "WebFront not ready"; cat "$LOG"; exit 1; }

run_wrk() { # name, wrk arguments...
  local name="$1"; shift
  echo "== $name: wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency $*"
  # A short warm-up (JIT, caches, stateless-worker activations) that is not measured. A scenario whose requests
  # consume something (refresh tokens) sets WARMUP_ENV to give the warm-up its own supply.
  env ${WARMUP_ENV:-} wrk -t"$THREADS" -c"$CONNECTIONS" -d3s "$@" >/dev/null
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@" | tee "$DATA/$name.txt"
}

scenario_health() {
  run_wrk health "$URL/health/live"
}

scenario_guest() {
  curl -fs -XPOST "$URL/oauth2-token" -H 'Content-Type: application/json' \
    -d "{\"grant_type\":\"password\",\"client_id\":\"$BENCH_CLIENT_ID\",\"client_secret\":\"$BENCH_CLIENT_SECRET\",\"username\":\"guest\",\"password\":\"guest\"}" \
    | grep -q access_token || { echo "guest login does not work"; exit 1; }
  run_wrk guest -s "$ROOT/bench/guest.lua" "$URL"
}

# Refresh grants (§3) on guest families: the storefront's common case. The pool is filled first (not measured);
# every 200 hands back the rotated token, so no request is a reuse.
scenario_refresh() {
  local pool
  for pool in warmup measured; do
    URL="$URL" COUNT="${POOL_SIZE:-1024}" PARALLEL=8 BENCH_USERNAME=guest BENCH_PASSWORD=guest \
      BENCH_CLIENT_ID="$BENCH_CLIENT_ID" BENCH_CLIENT_SECRET="$BENCH_CLIENT_SECRET" \
      "$ROOT/bench/make-refresh-pool.sh" > "$DATA/$pool.pool"
    [[ -s "$DATA/$pool.pool" ]] || { echo "refresh pool is empty"; exit 1; }
  done
  # Each pass starts from its own pool: a pool replayed after the warm-up would present consumed tokens (reuse).
  WARMUP_ENV="POOL=$DATA/warmup.pool" POOL="$DATA/measured.pool" BENCH_THREADS="$THREADS" \
    run_wrk refresh -s "$ROOT/bench/refresh.lua" "$URL"
}

# Bearer-token API requests (§7): GET /api/users/1 with one back-office access token.
scenario_api() {
  local token
  token="$(curl -fs -XPOST "$URL/oauth2-token" -d grant_type=password -d client_id=backoffice0000000000000000000001 \
    -d client_secret=backoffice-demo-secret-0000000001 -d username=admin -d 'password=admin-Passw0rd!' \
    | sed 's/.*"access_token":"\([^"]*\)".*/\1/')"
  TOKEN="$token" run_wrk api -s "$ROOT/bench/api.lua" "$URL"
}

# Bearer-token API requests (§7.2): GET /storefront/api/me with one guest access token (no grain call).
scenario_me() {
  local token
  token="$(curl -fs -XPOST "$URL/oauth2-token" -H 'Content-Type: application/json' \
    -d "{\"grant_type\":\"password\",\"client_id\":\"$BENCH_CLIENT_ID\",\"client_secret\":\"$BENCH_CLIENT_SECRET\",\"username\":\"guest\",\"password\":\"guest\"}" \
    | sed 's/.*"access_token":"\([^"]*\)".*/\1/')"
  TOKEN="$token" API_PATH=/storefront/api/me run_wrk me -s "$ROOT/bench/api.lua" "$URL"
}

scenario_rotations() {
  dotnet build "$ROOT/bench/Revocation" -c Release -v quiet -nologo | tail -1
  echo "== rotations: ${ROTATIONS:-1000}/s for ${ROTATION_SECONDS:-300} s (bench/Revocation rotate)"
  dotnet "$ROOT/bench/Revocation/bin/Release/net10.0/Revocation.dll" rotate "$URL" "${ROTATIONS:-1000}" "${ROTATION_SECONDS:-300}" "$SERVER_PID" \
    | tee "$DATA/rotations.txt"
}

# wrk waits out its -d even when every thread's script has stopped: run it until THREADS files match the glob
# (the scripts create them when done), then stop it with SIGINT, on which it prints its report as usual.
wrk_until() { # glob, wrk arguments...
  local glob="$1" pid; shift
  wrk "$@" & pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    # shellcheck disable=SC2086 # the glob is meant to expand
    (( $(compgen -G "$glob" | wc -l) >= THREADS )) && { kill -INT "$pid"; break; }
    sleep 0.5
  done
  wait "$pid" || true
}

# The GC heap after the last collection, from .NET's own meter on /metrics (MB): what the process holds, where the
# resident size also counts memory the GC has freed and kept.
gc_heap_mb() {
  curl -fs "$URL/metrics" | awk '/^dotnet_gc_last_collection_heap_size_bytes/ { s += $NF } END { printf "%.0f", s / 1048576 }'
}

# The validated-token cache under a flood of one-time tokens (each guest token used once on /storefront/api/me):
# mint TOKENS (default 1,000,000) guest tokens into a file (not measured), then spend them in phases: the first
# 10,000 (the baseline), then PHASE_TOKENS (default 100,000) a phase, printing each phase's rate, the resident
# memory and the GC heap. The cache holds 50,000 tokens, so every phase after the first runs with a full cache.
scenario_tokencache() {
  local total="${TOKENS:-1000000}" used=0 spent mint_time rss0 heap0 rss heap
  # Minting runs at the guest rate; the time limit only stops a server that stopped answering.
  mint_time=$(( total / 200 + 60 ))
  echo "== tokencache: minting $total guest tokens (bench/mint-guest-tokens.lua)"
  OUT="$DATA/tokens" COUNT="$total" BENCH_THREADS="$THREADS" wrk_until "$DATA/tokens.*.done" \
    -t"$THREADS" -c"$CONNECTIONS" -d"${mint_time}s" -s "$ROOT/bench/mint-guest-tokens.lua" "$URL" >/dev/null
  rm -f "$DATA"/tokens.*.done
  paste -d '\n' "$DATA"/tokens.* | grep . > "$DATA/tokens.all"
  rm -f "$DATA"/tokens.[0-9]*
  total="$(wc -l < "$DATA/tokens.all")"
  echo "== tokencache: $total distinct guest tokens minted; rss $(( $(ps -o rss= -p "$SERVER_PID") / 1024 )) MB, GC heap $(gc_heap_mb) MB"
  # Each phase spends the next tokens once on /storefront/api/me; the first stops at 10,000, the baseline.
  local limit=10000 phase=60s
  while (( used + 1000 < total )); do
    rm -f "$DATA"/spent.*
    TOKENS="$DATA/tokens.all" SKIP="$used" LIMIT="$limit" DONE="$DATA/spent" BENCH_THREADS="$THREADS" wrk_until "$DATA/spent.*" \
      -t"$THREADS" -c"$CONNECTIONS" -d"$phase" -s "$ROOT/bench/one-time-tokens.lua" "$URL" > "$DATA/tokencache.phase.txt"
    spent=$limit; used=$(( used + spent ))
    rss=$(( $(ps -o rss= -p "$SERVER_PID") / 1024 )); heap="$(gc_heap_mb)"
    if [[ -z "${rss0:-}" ]]; then rss0=$rss; heap0=$heap; fi
    printf 'tokens used: %8d  rate: %6s tokens/s  rss: %5d MB (%+d since 10,000)  GC heap: %4d MB (%+d)\n' \
      "$used" "$(awk -v n="$spent" '/requests in/ { d = $4 + 0; if ($4 ~ /ms,?$/) d /= 1000; else if ($4 ~ /m,?$/) d *= 60; printf "%.0f", n / d }' "$DATA/tokencache.phase.txt")" "$rss" $(( rss - rss0 )) "$heap" $(( heap - heap0 )) \
      | tee -a "$DATA/tokencache.txt"
    limit="${PHASE_TOKENS:-100000}"; (( used + limit > total )) && limit=$(( total - used ))
  done
  awk -v r="$rss" -v r0="$rss0" 'BEGIN { printf "tokencache: resident memory after all tokens is %+d MB from the 10,000 mark (goal within 50 MB)\n", r - r0 }' \
    | tee -a "$DATA/tokencache.txt"
}

for s in "${SCENARIOS[@]}"; do
  "scenario_$s"
done

# The raw rate runs while the server idles (it still holds its memory, not the CPU).
if [[ " ${SCENARIOS[*]} " == *" guest "* ]]; then
  echo "== raw RS256 signing, 2 threads"
  dotnet "$ROOT/bench/JwtRate/bin/Release/net10.0/JwtRate.dll" 2 10 | tee "$DATA/jwtrate.txt"
fi

echo
echo "== summary"
rps() { awk '/^Requests\/sec/ {print $2}' "$DATA/$1.txt"; }
pct() { awk -v p="$2" '$1 == p {print $2}' "$DATA/$1.txt"; }
[[ -f "$DATA/health.txt" ]] && echo "health/live: $(rps health) req/s (p50 $(pct health 50%), p99 $(pct health 99%))"
if [[ -f "$DATA/guest.txt" ]]; then
  GUEST="$(rps guest)"
  RAW="$(awk '{print $3}' "$DATA/jwtrate.txt")"
  echo "guest tokens: $GUEST tokens/s (p50 $(pct guest 50%), p99 $(pct guest 99%)) at $CONNECTIONS connections"
  echo "raw RS256 (2 threads): $RAW tokens/s"
  awk -v g="$GUEST" -v r="$RAW" 'BEGIN { printf "guest / raw RS256: %.0f%%\n", 100 * g / r }'
  [[ -f "$DATA/health.txt" ]] && awk -v g="$GUEST" -v h="$(rps health)" 'BEGIN { printf "guest / health: %.1f%%\n", 100 * g / h }'
fi
REF="$( [[ -f "$DATA/guest.txt" ]] && rps guest || true)"
if [[ -f "$DATA/refresh.txt" ]]; then
  echo "refresh grants: $(rps refresh) grants/s (p50 $(pct refresh 50%), p99 $(pct refresh 99%)), $(grep -o 'non-200 [0-9]*' "$DATA/refresh.txt" || true)"
  [[ -n "$REF" ]] && awk -v r="$(rps refresh)" -v g="$REF" 'BEGIN { printf "refresh / guest: %.0f%%\n", 100 * r / g }'
fi
if [[ -f "$DATA/api.txt" ]]; then
  echo "API GET /api/users/1: $(rps api) req/s (p50 $(pct api 50%), p99 $(pct api 99%))"
  [[ -f "$DATA/health.txt" ]] && awk -v a="$(rps api)" -v h="$(rps health)" 'BEGIN { printf "API / health: %.0f%%\n", 100 * a / h }'
fi
if [[ -f "$DATA/me.txt" ]]; then
  echo "API GET /storefront/api/me: $(rps me) req/s (p50 $(pct me 50%), p99 $(pct me 99%))"
  [[ -f "$DATA/health.txt" ]] && awk -v a="$(rps me)" -v h="$(rps health)" 'BEGIN { printf "me / health: %.0f%%\n", 100 * a / h }'
fi
grep -E "fail|error" -i "$LOG" | head -5 || true
