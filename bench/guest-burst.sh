#!/usr/bin/env bash
# Guest:Reserve under a burst (§2.3): measures the sustained RS256 guest rate R of one standalone WebFront with
# the reserve off (wrk, saturating), then restarts it with the reserve on (Size = 5 R × BURST seconds, capped
# at 1,000,000), lets it fill while idle, and sends a burst of 5 R guest logins a second for BURST seconds
# (wrk with a per-connection delay that paces CONNECTIONS connections to 5 R). Then it idles REFILL seconds and
# sends a second, short burst to show the reserve refilled. Prints R, each burst's rate, p99 and errors.
#
#   bench/guest-burst.sh                   # BURST=30 FILL=120 REFILL=60 CONNECTIONS=64
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PORT="${PORT:-5393}"
URL="http://127.0.0.1:${PORT}"
BURST="${BURST:-30}"
FILL="${FILL:-120}"
REFILL="${REFILL:-60}"
CONNECTIONS="${CONNECTIONS:-64}"
export BENCH_CLIENT_ID="storefront0000000000000000000001"
export BENCH_CLIENT_SECRET="storefront-demo-secret-0000000001"
command -v wrk >/dev/null || apt-get install -y wrk >/dev/null
dotnet build "$ROOT/WebFront" -c Release -v quiet -nologo | tail -1
DATA="$(mktemp -d -t oroorleans-burst-XXXXXX)"
SERVER_PID=
stop_server() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then kill -TERM "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; fi
  SERVER_PID=
}
trap 'stop_server; rm -rf "$DATA"' EXIT

start_server() { # extra environment assignments...
  rm -rf "$DATA/data"
  (
    cd "$ROOT/WebFront/bin/Release/net10.0"
    env ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="$URL" Standalone__DataDirectory="$DATA/data" \
      Bootstrap__SeedFile="$ROOT/WebFront/seed.development.json" Bootstrap__AllowDemoSecrets=true RateLimits__Enabled=false \
      Logging__LogLevel__Default=Warning "$@" dotnet OroOrleans.WebFront.dll
  ) >"$DATA/webfront.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 300); do curl -fs "$URL/health/ready" >/dev/null 2>&1 && return; sleep 0.2; done
  cat "$DATA/webfront.log"; exit 1
}

echo "== sustained guest rate, reserve off: wrk -t2 -c$CONNECTIONS -d15s -s bench/guest.lua"
start_server
wrk -t2 -c"$CONNECTIONS" -d3s -s "$ROOT/bench/guest.lua" "$URL" >/dev/null
wrk -t2 -c"$CONNECTIONS" -d15s --latency -s "$ROOT/bench/guest.lua" "$URL" | tee "$DATA/sustained.txt"
R=$(awk '/^Requests\/sec/ {printf "%d", $2}' "$DATA/sustained.txt")
stop_server

SIZE=$(( 5 * R * BURST )); (( SIZE > 1000000 )) && SIZE=1000000
# Each connection waits DELAY ms after each answer, so CONNECTIONS connections send about 5 R a second.
DELAY=$(awk -v c="$CONNECTIONS" -v r="$R" 'BEGIN { d = 1000 * c / (5 * r); printf "%d", (d < 1 ? 1 : d) }')
echo "== R = $R guest tokens/s; reserve on, Size $SIZE, filling for ${FILL}s; burst pace ${DELAY} ms per connection (target $((5 * R))/s)"
start_server Guest__Reserve__Enabled=true Guest__Reserve__Size="$SIZE"
curl -fs -o /dev/null -H 'Content-Type: application/json' -d "{\"grant_type\":\"password\",\"client_id\":\"$BENCH_CLIENT_ID\",\"client_secret\":\"$BENCH_CLIENT_SECRET\",\"username\":\"guest\",\"password\":\"guest\"}" "$URL/oauth2-token"
sleep "$FILL"
echo "== burst: wrk -t2 -c$CONNECTIONS -d${BURST}s --latency -s bench/guest-burst.lua (BURST_DELAY_MS=$DELAY)"
BURST_DELAY_MS=$DELAY wrk -t2 -c"$CONNECTIONS" -d"${BURST}s" --latency -s "$ROOT/bench/guest-burst.lua" "$URL" | tee "$DATA/burst.txt"
echo "== idle ${REFILL}s, then a 5 s burst at the same pace (served from the refilled reserve?)"
sleep "$REFILL"
BURST_DELAY_MS=$DELAY wrk -t2 -c"$CONNECTIONS" -d5s --latency -s "$ROOT/bench/guest-burst.lua" "$URL" | tee "$DATA/again.txt"
echo
echo "== summary"
echo "sustained (reserve off): $R tokens/s, p99 $(awk '$1 == "99%" {print $2}' "$DATA/sustained.txt")"
grep '^burst:' "$DATA/burst.txt" | sed 's/^/first /'
grep '^burst:' "$DATA/again.txt" | sed 's/^/after refill /'
