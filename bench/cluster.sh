#!/usr/bin/env bash
# The price of distribution: the same wrk scenarios against one standalone WebFront (SQLite, as bench/run.sh starts
# it) and a local cluster (scripts/cluster-local.sh: throwaway PostgreSQL, 3 silos, 2 front ends, nginx round robin
# in front), alternating within one run, then the ratios against the goals. Optionally (scenario `rotations`)
# bench/Revocation's sustained refresh rotations through the cluster's nginx, with each front end's and silo's
# resident memory, the ledger's write latency from the silos' /metrics, and the step's CPU per rotation.
#
#   bench/cluster.sh                              # guest api me refresh, 2 rounds, 64 connections, 20 s each
#   DURATION=5s ROUNDS=1 bench/cluster.sh guest   # only the named scenarios
#   bench/cluster.sh guest api me refresh rotations
#   ROTATIONS=1000 ROTATION_SECONDS=300 bench/cluster.sh rotations
#
# Scenarios (each round runs every scenario on standalone, then on the cluster):
#   guest    guest logins (bench/guest.lua)
#   api      GET /api/users/1 with one back-office access token (bench/api.lua)
#   me       GET /storefront/api/me with one guest access token (bench/api.lua)
#   refresh  refresh grants on guest families from a pool never replayed (bench/make-refresh-pool.sh, refresh.lua)
#   rotations  (cluster only, not in the default set) bench/Revocation rotate at ROTATIONS/s for ROTATION_SECONDS
#
# Both targets run Release with rate limits off (RateLimits:Enabled=false), the Development seed file and
# Bootstrap:AllowDemoSecrets, so the same demo clients work on both; the cluster's nginx runs worker_processes auto
# (as deploy/nginx.conf) with no request or connection limits (the generated configuration is printed). Ports are
# offset from the defaults (standalone 5591, nginx 5580, front ends 5581-, silos 11511-, gateways 30511-,
# management 9664-) so that the script runs next to bench/run.sh or another local cluster. Everything started
# (both targets, PostgreSQL, nginx, the temp directory) is stopped and removed on exit; with KEEP_LOGS=DIR, the
# processes' logs and wrk's outputs are copied to DIR first, to read what their warnings were about.
#
# Environment: DURATION (20s), CONNECTIONS (64), THREADS (2), ROUNDS (2), WARMUP (30 s of each scenario on each
# target before the first round, not measured), POOL_SIZE (512 refresh tokens per pool),
# ROTATIONS (1000), ROTATION_SECONDS (300), NO_BUILD=1 (use the Release build as it is).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
DURATION="${DURATION:-20s}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
ROUNDS="${ROUNDS:-2}"
WARMUP="${WARMUP:-30}"
POOL_SIZE="${POOL_SIZE:-512}"
ROTATIONS="${ROTATIONS:-1000}"
ROTATION_SECONDS="${ROTATION_SECONDS:-300}"
ALL_SCENARIOS=(guest api me refresh)
SCENARIOS=("${@:-${ALL_SCENARIOS[@]}}")
for s in "${SCENARIOS[@]}"; do
  case "$s" in guest|api|me|refresh|rotations) ;; *) echo "unknown scenario '$s' (guest api me refresh rotations)" >&2; exit 2 ;; esac
done
has() { [[ " ${SCENARIOS[*]} " == *" $1 "* ]]; }

STANDALONE_PORT=5591
LB_PORT=5580
FRONT_PORT=5581
SILO_PORT=11511
GATEWAY_PORT=30511
MANAGEMENT_PORT=9664
STANDALONE_URL="http://127.0.0.1:$STANDALONE_PORT"

# The demo clients of the Development seed file.
export BENCH_CLIENT_ID="storefront0000000000000000000001"
export BENCH_CLIENT_SECRET="storefront-demo-secret-0000000001"

install_missing() { # command, Debian package
  command -v "$1" >/dev/null || [[ -x "/usr/sbin/$1" ]] && return 0
  echo "$1 is missing; installing $2 (Debian package)" >&2
  apt-get install -y "$2" >/dev/null || { apt-get update >/dev/null && apt-get install -y "$2" >/dev/null; }
}
install_missing wrk wrk
install_missing nginx nginx-light

if [[ -z "${NO_BUILD:-}" ]]; then
  echo "== building Release"
  dotnet build "$ROOT/OroOrleans.sln" -c Release -v quiet -nologo | tail -1
  if has rotations; then dotnet build "$ROOT/bench/Revocation" -c Release -v quiet -nologo | tail -1; fi
fi

WORK="$(mktemp -d /tmp/oroorleans-cluster-bench.XXXXXX)"
chmod 711 "$WORK"   # the PostgreSQL server runs as its own user when this runs as root
STATE="$WORK/cluster"
STANDALONE_LOG="$WORK/standalone.log"
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  local pid
  for pid in "${ROTATE_PID:-}" "${TAIL_PID:-}"; do
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid"; wait "$pid" 2>/dev/null || true; fi
  done
  if [[ -n "${STANDALONE_PID:-}" ]] && kill -0 "$STANDALONE_PID" 2>/dev/null; then
    kill -TERM "$STANDALONE_PID"; wait "$STANDALONE_PID" 2>/dev/null || true
  fi
  if (( status != 0 )); then
    echo "== failed ($status); the last lines of each log:" >&2
    for log in "$STANDALONE_LOG" "$STATE"/logs/*.log; do
      [[ -s "$log" ]] && { echo "-- $log" >&2; tail -n 15 "$log" >&2; }
    done
  fi
  if [[ -d "$STATE/pids" ]]; then "$ROOT/scripts/cluster-local.sh" stop "$STATE" >/dev/null 2>&1 || true; fi
  if [[ -n "${KEEP_LOGS:-}" ]]; then
    mkdir -p "$KEEP_LOGS" || true
    cp "$STANDALONE_LOG" "$STATE"/logs/*.log "$WORK"/*.txt "$KEEP_LOGS"/ 2>/dev/null || true
    echo "== logs kept in $KEEP_LOGS: $(find "$KEEP_LOGS" -maxdepth 1 -type f | wc -l) files" >&2
  fi
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "== starting the standalone WebFront on $STANDALONE_URL (SQLite in $WORK/data, rate limits off)"
bench_start_webfront "$ROOT/WebFront/bin/Release/net10.0" "$STANDALONE_URL" "$WORK/data" "$STANDALONE_LOG"
STANDALONE_PID=$BENCH_PID

echo "== starting the cluster: PostgreSQL, 3 silos, 2 front ends, nginx (scripts/cluster-local.sh; rate limits off)"
# Settings pass through the environment to every silo and front end. Warnings only, as the standalone process,
# except the silo's ready line that cluster-local.sh waits for.
env RateLimits__Enabled=false Logging__LogLevel__Default=Warning \
  'Logging__LogLevel__OroOrleans.Silo.Hosting.SiloReadyBanner=Information' \
  OROORLEANS_NGINX_WORKERS=auto \
  "$ROOT/scripts/cluster-local.sh" start --silos 3 --fronts 2 --state "$STATE" --no-build \
  --front-port "$FRONT_PORT" --silo-port "$SILO_PORT" --gateway-port "$GATEWAY_PORT" --lb-port "$LB_PORT" \
  --management-port "$MANAGEMENT_PORT" >/dev/null 2>"$WORK/cluster-start.log" \
  || { cat "$WORK/cluster-start.log" >&2; exit 1; }
# shellcheck disable=SC1091
. "$STATE/state.env"
[[ -n "$OROORLEANS_LB_URL" ]] || { echo "the cluster has no load balancer (nginx missing?)" >&2; exit 1; }
CLUSTER_URL="$OROORLEANS_LB_URL"
pid_of() { cat "$STATE/pids/$1.pid"; }
NGINX_PID="$(pid_of nginx)"
PG_PID="$(head -n1 "$STATE/pg/data/postmaster.pid")"

bench_wait_ready "$STANDALONE_URL" "$STANDALONE_PID" "$STANDALONE_LOG" 60

# What of nginx's configuration bounds the measurement: workers, connections, and any request or connection limit.
NGINX_LIMITS="no limit_req / limit_conn: nginx limits no request rate or connection count"
grep -qE 'limit_(req|conn)' "$STATE/nginx/nginx.conf" && NGINX_LIMITS="nginx LIMITS requests or connections: the cluster's figures are nginx's"
echo "== the cluster's nginx ($CLUSTER_URL): $(grep -E 'worker_processes|worker_connections|keepalive|limit_' "$STATE/nginx/nginx.conf" \
  | sed 's/^ *//' | tr '\n' ' ')($NGINX_LIMITS)"
echo "   pids: standalone $STANDALONE_PID; nginx $NGINX_PID, webfront1 $(pid_of webfront1), webfront2 $(pid_of webfront2), silo1 $(pid_of silo1), silo2 $(pid_of silo2), silo3 $(pid_of silo3), postgres $PG_PID"

# CPU seconds (user + system) of pids and their children, from /proc (clock ticks of 1/100 s).
cpu_ticks() {
  local pid total=0 t
  # The named processes with the children they have reaped (cutime, cstime: a PostgreSQL backend that ended), then
  # their live children; without the reaped ones, a backend closed during a run made PostgreSQL's CPU negative.
  for pid in "$@"; do
    t="$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{print $12 + $13 + $14 + $15}')" || t=0
    total=$(( total + ${t:-0} ))
  done
  for pid in $(for p in "$@"; do pgrep -P "$p" || true; done); do
    t="$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{print $12 + $13}')" || t=0
    total=$(( total + ${t:-0} ))
  done
  echo "$total"
}
# The process groups whose CPU each run reports.
cpu_groups() { # target
  if [[ "$1" == standalone ]]; then
    echo "standalone:$STANDALONE_PID"
  else
    echo "nginx:$NGINX_PID fronts:$(pid_of webfront1),$(pid_of webfront2) silos:$(pid_of silo1),$(pid_of silo2),$(pid_of silo3) postgres:$PG_PID"
  fi
}
cpu_snapshot() { # target → "name=ticks ..."
  local group name pids
  for group in $(cpu_groups "$1"); do
    name="${group%%:*}"; pids="${group#*:}"
    # shellcheck disable=SC2086
    printf '%s=%s ' "$name" "$(cpu_ticks ${pids//,/ })"
  done
}
cpu_report() { # before, after, requests → "name 12.3 s (0.41 ms/req) ... total 0.52 ms/req"
  local before="$1" after="$2" requests="$3" pair name b a total=0
  for pair in $after; do
    name="${pair%%=*}"; a="${pair#*=}"
    b="$(tr ' ' '\n' <<<"$before" | awk -F= -v n="$name" '$1 == n {print $2}')"
    total=$(( total + a - b ))
    awk -v n="$name" -v d="$(( a - b ))" -v r="$requests" 'BEGIN { printf "%s %.1f s (%.2f ms/req)  ", n, d / 100, (r > 0 ? 10 * d / r : 0) }'
  done
  awk -v d="$total" -v r="$requests" 'BEGIN { printf "total %.2f ms of CPU per request", (r > 0 ? 10 * d / r : 0) }'
  awk -v d="$total" -v r="$requests" 'BEGIN { printf "%.4f\n", (r > 0 ? 10 * d / r : 0) }' > "$CPU_OUT"
}

# Messages through the silos' gateways (requests from the front ends and their answers, pushes to the front ends
# and theirs), summed over the silos' /metrics; 0 for the standalone target, which has no gateway in the path.
gateway_messages() { # target
  local u n total=0
  if [[ "$1" == cluster ]]; then
    for u in $OROORLEANS_SILO_MANAGEMENT_URLS; do
      for n in orleans_gateway_received_total orleans_gateway_sent_total; do
        total=$(( total + $(bench_metric_sum "$u" "$n" || true) ))
      done
    done
  fi
  echo "$total"
}

# Messages between the silos (grain calls from one silo to another and their answers, the grain directory's
# registrations and lookups, pings), as the receiving silos count them; 0 for the standalone target.
silo_messages() { # target
  local u total=0 n
  if [[ "$1" == cluster ]]; then
    for u in $OROORLEANS_SILO_MANAGEMENT_URLS; do
      n="$(curl -fs "$u/metrics" | awk 'index($0, "orleans_messaging_received_messages_size_bytes_count{") == 1 \
        && index($0, "ConnectionDirection=\"SiloToSilo\"") { s += $NF } END { printf "%.0f", s }')" || n=0
      total=$(( total + ${n:-0} ))
    done
  fi
  echo "$total"
}

# One measured wrk run: a 3 s warm-up (JIT, caches, activations; WARMUP_ENV gives it its own supply of consumable
# tokens), then DURATION with latency, its CPU by process group. Output in $WORK/<target>-<name>-<round>.txt.
run_wrk() { # target, name, round, wrk arguments (URL last)...
  local target="$1" name="$2" round="$3" out before after requests messages between; shift 3
  out="$WORK/$target-$name-$round.txt"
  if [[ -n "${WARM_ONLY:-}" ]]; then
    env ${WARMUP_ENV:-} wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" "$@" >/dev/null
    return
  fi
  env ${WARMUP_ENV:-} wrk -t"$THREADS" -c"$CONNECTIONS" -d3s "$@" >/dev/null
  before="$(cpu_snapshot "$target")"
  messages="$(gateway_messages "$target")"
  between="$(silo_messages "$target")"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@" > "$out"
  after="$(cpu_snapshot "$target")"
  messages=$(( $(gateway_messages "$target") - messages ))
  between=$(( $(silo_messages "$target") - between ))
  requests="$(awk '/requests in/ {print $1}' "$out")"
  printf '%-10s %-7s round %s: %8s req/s  p50 %8s  p99 %8s  %s\n' "$target" "$name" "$round" "$(rps_of "$out")" \
    "$(awk '$1 == "50%" {print $2}' "$out")" "$(awk '$1 == "99%" {print $2}' "$out")" "$(errors_of "$out")"
  CPU_OUT="${out%.txt}.cpu"
  echo "           CPU: $(cpu_report "$before" "$after" "$requests")"
  if [[ "$target" == cluster && "${requests:-0}" -gt 0 ]]; then
    awk -v m="$messages" -v b="$between" -v r="$requests" \
      'BEGIN { printf "           gateway messages: %.2f per request; between silos: %.2f\n", m / r, b / r }'
  fi
}
rps_of() { awk '/^Requests\/sec/ {print $2}' "$1"; }
errors_of() { # non-2xx and socket errors, as wrk reports them
  local e
  e="$(grep -E 'Non-2xx|Socket errors' "$1" | sed 's/^ *//' | tr '\n' ' ')"
  echo "${e:-no errors}"
}

password_login() { # url, then curl -d arguments
  local url="$1"; shift
  curl -fs -XPOST "$url/oauth2-token" "$@" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p'
}
guest_token() { password_login "$1" -d grant_type=password -d "client_id=$BENCH_CLIENT_ID" -d "client_secret=$BENCH_CLIENT_SECRET" -d username=guest -d password=guest; }
admin_token() { password_login "$1" -d grant_type=password -d client_id=backoffice0000000000000000000001 \
  -d client_secret=backoffice-demo-secret-0000000001 -d username=admin -d 'password=admin-Passw0rd!'; }

url_of() { if [[ "$1" == standalone ]]; then echo "$STANDALONE_URL"; else echo "$CLUSTER_URL"; fi; }

scenario_guest() { # target, round
  local url; url="$(url_of "$1")"
  [[ -n "$(guest_token "$url")" ]] || { echo "guest login does not work on $1" >&2; exit 1; }
  run_wrk "$1" guest "$2" -s "$ROOT/bench/guest.lua" "$url"
}

scenario_api() {
  local url token; url="$(url_of "$1")"
  token="$(admin_token "$url")"; [[ -n "$token" ]] || { echo "admin login does not work on $1" >&2; exit 1; }
  TOKEN="$token" run_wrk "$1" api "$2" -s "$ROOT/bench/api.lua" "$url"
}

scenario_me() {
  local url token; url="$(url_of "$1")"
  token="$(guest_token "$url")"; [[ -n "$token" ]] || { echo "guest login does not work on $1" >&2; exit 1; }
  TOKEN="$token" API_PATH=/storefront/api/me run_wrk "$1" me "$2" -s "$ROOT/bench/api.lua" "$url"
}

# Refresh grants on guest families: two fresh pools per run (warm-up, measured), so no token is ever presented twice.
scenario_refresh() {
  local url pool count; url="$(url_of "$1")"
  for pool in warmup measured; do
    count="$POOL_SIZE"; [[ "$pool" == warmup ]] && count=$(( POOL_SIZE / 2 ))
    URL="$url" COUNT="$count" PARALLEL=8 BENCH_USERNAME=guest BENCH_PASSWORD=guest \
      "$ROOT/bench/make-refresh-pool.sh" > "$WORK/$pool.pool"
    [[ -s "$WORK/$pool.pool" ]] || { echo "the refresh pool for $1 is empty" >&2; exit 1; }
  done
  WARMUP_ENV="POOL=$WORK/warmup.pool" POOL="$WORK/measured.pool" BENCH_THREADS="$THREADS" \
    run_wrk "$1" refresh "$2" -s "$ROOT/bench/refresh.lua" "$url"
}

WRK_SCENARIOS=()
for s in "${SCENARIOS[@]}"; do [[ "$s" != rotations ]] && WRK_SCENARIOS+=("$s"); done
# Every process is warmed before the first measurement: in a .NET process that has only just started, tiered
# compilation took a quarter of the silos' CPU during a 40-s refresh run (perf: the ".NET Tiered Compilation"
# thread), and the cluster has five such processes to standalone's one. WARMUP seconds (default 30; 0 for none) of
# each scenario on each target, not measured; the rotations scenario, run after them, starts warm too.
WARM_SCENARIOS=("${WRK_SCENARIOS[@]}")
has rotations && (( ${#WARM_SCENARIOS[@]} == 0 )) && WARM_SCENARIOS=(refresh)
if (( WARMUP > 0 )); then
  echo "== warming every process: $WARMUP s of each of ${WARM_SCENARIOS[*]} on standalone and on the cluster (not measured)"
  for s in "${WARM_SCENARIOS[@]}"; do
    for target in standalone cluster; do
      WARM_ONLY=1 "scenario_$s" "$target" 0
    done
  done
fi
if (( ${#WRK_SCENARIOS[@]} > 0 )); then
  echo "== wrk -t$THREADS -c$CONNECTIONS -d$DURATION (3 s warm-up each), $ROUNDS round(s) of: ${WRK_SCENARIOS[*]}, standalone then cluster"
fi
for round in $(seq 1 "$ROUNDS"); do
  for s in "${WRK_SCENARIOS[@]}"; do
    for target in standalone cluster; do
      "scenario_$s" "$target" "$round"
    done
  done
done

if has rotations; then
  echo "== rotations through the cluster: $ROTATIONS/s for $ROTATION_SECONDS s (bench/Revocation rotate $CLUSTER_URL)"
  metrics=()
  for u in $OROORLEANS_SILO_MANAGEMENT_URLS; do metrics+=("$u/metrics"); done
  # In the background, so that a signal stops the script (and, through cleanup, the run) at once.
  : > "$WORK/rotations.txt"
  dotnet "$ROOT/bench/Revocation/bin/Release/net10.0/Revocation.dll" rotate "$CLUSTER_URL" "$ROTATIONS" "$ROTATION_SECONDS" \
    "webfront1=$(pid_of webfront1)" "webfront2=$(pid_of webfront2)" \
    "silo1=$(pid_of silo1)" "silo2=$(pid_of silo2)" "silo3=$(pid_of silo3)" --metrics "${metrics[@]}" \
    > "$WORK/rotations.txt" 2>&1 &
  ROTATE_PID=$!
  # The CPU per rotation counts from when the families are made (the tool's first line) to its end.
  while kill -0 "$ROTATE_PID" 2>/dev/null && ! grep -q 'guest families' "$WORK/rotations.txt"; do sleep 0.2; done
  rotations_before="$(cpu_snapshot cluster)"
  tail -n +1 -f --pid="$ROTATE_PID" "$WORK/rotations.txt" &
  TAIL_PID=$!
  wait "$ROTATE_PID" || echo "(bench/Revocation reported failed rotations)"
  wait "$TAIL_PID" || true
  # The step's own CPU per rotation, by process group as for the wrk runs (bench/Revocation's own CPU, the load, is
  # not counted, as wrk's is not).
  # Digits only: the tool prints the count with the culture's group separator.
  rotated="$(awk '/^rotations:/ { print $2 }' "$WORK/rotations.txt" | tr -cd '0-9')"
  CPU_OUT="$WORK/rotations.cpu"
  if [[ "${rotated:-0}" -gt 0 ]]; then
    echo "rotations CPU: $(cpu_report "$rotations_before" "$(cpu_snapshot cluster)" "$rotated")" | tee -a "$WORK/rotations.txt"
  fi
fi

echo
echo "== summary ($ROUNDS round(s), $DURATION each, $CONNECTIONS connections; ratios are the median of the rounds' ratios)"
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print ""; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
rates() { # target, name → one rate per round
  local r
  for r in $(seq 1 "$ROUNDS"); do
    if [[ -f "$WORK/$1-$2-$r.txt" ]]; then rps_of "$WORK/$1-$2-$r.txt"; fi
  done
}
ratios() { # numerator target, name, denominator target, name → one ratio per round
  local r n d
  for r in $(seq 1 "$ROUNDS"); do
    [[ -f "$WORK/$1-$2-$r.txt" && -f "$WORK/$3-$4-$r.txt" ]] || continue
    n="$(rps_of "$WORK/$1-$2-$r.txt")"; d="$(rps_of "$WORK/$3-$4-$r.txt")"
    awk -v n="$n" -v d="$d" 'BEGIN { if (d > 0) printf "%.3f\n", n / d }'
  done
}
for s in "${WRK_SCENARIOS[@]}"; do
  printf '%-8s standalone %s req/s, cluster %s req/s (each round)\n' "$s" \
    "$(rates standalone "$s" | tr '\n' ' ' | sed 's/ $//')" "$(rates cluster "$s" | tr '\n' ' ' | sed 's/ $//')"
done
goal() { # label, numerator target, name, denominator target, name, goal (empty: no goal)
  local all m
  all="$(ratios "$2" "$3" "$4" "$5")"
  [[ -n "$all" ]] || return 0
  m="$(median <<<"$all" | awk '{ printf "%.2f", $1 }')"   # compared with the goal as printed
  if [[ -n "$6" ]]; then
    awk -v l="$1" -v m="$m" -v g="$6" -v all="$(tr '\n' ' ' <<<"$all")" \
      'BEGIN { printf "%s: %.2f (goal ≥ %.2f: %s; rounds %s)\n", l, m, g, (m >= g ? "met" : "NOT met"), all }'
  else
    awk -v l="$1" -v m="$m" -v all="$(tr '\n' ' ' <<<"$all")" 'BEGIN { printf "%s: %.2f (no goal; rounds %s)\n", l, m, all }'
  fi
}
# CPU per request, which a busy machine's scheduler does not skew (the cluster's seven processes take a larger
# share of a contended CPU than one process does).
for s in "${WRK_SCENARIOS[@]}"; do
  sa="$(cat "$WORK"/standalone-"$s"-*.cpu 2>/dev/null | median)"; cl="$(cat "$WORK"/cluster-"$s"-*.cpu 2>/dev/null | median)"
  if [[ -n "$sa" && -n "$cl" ]]; then
    awk -v n="$s" -v a="$sa" -v c="$cl" \
      'BEGIN { printf "%-8s CPU per request: standalone %.3f ms, cluster %.3f ms (%.1f×)\n", n, a, c, (a > 0 ? c / a : 0) }'
  fi
done
goal "cluster guest / standalone guest" cluster guest standalone guest 0.90
goal "cluster API /api/users/1 / standalone API" cluster api standalone api 0.60
goal "cluster API /storefront/api/me / standalone" cluster me standalone me 0.60
goal "cluster refresh (PostgreSQL) / standalone guest" cluster refresh standalone guest 0.50
goal "cluster refresh / standalone refresh" cluster refresh standalone refresh ""
errors="$(grep -lE 'Non-2xx|Socket errors|non-200 [1-9]' "$WORK"/*-*-*.txt 2>/dev/null | xargs -r -n1 basename | tr '\n' ' ' || true)"
[[ -z "$errors" ]] || echo "runs with errors (see above): $errors"
if [[ -f "$WORK/rotations.txt" ]]; then
  grep -E '^(rotations|ledger writes|resident|failed)' "$WORK/rotations.txt" | sed 's/^/rotations on PostgreSQL: /'
fi
echo "resident memory at the end: standalone $(( $(ps -o rss= -p "$STANDALONE_PID") / 1024 )) MB; $(for n in webfront1 webfront2 silo1 silo2 silo3; do
  printf '%s %s MB, ' "$n" "$(( $(ps -o rss= -p "$(pid_of "$n")") / 1024 ))"; done | sed 's/, $//')"
# What the processes warned about (they log warnings and worse only): the three most frequent categories of each.
for log in "$STANDALONE_LOG" "$STATE"/logs/webfront*.log "$STATE"/logs/silo*.log; do
  grep -hoE '(warn|fail|crit): [A-Za-z0-9_.]+(\[[0-9]+\])?' "$log" 2>/dev/null | sort | uniq -c | sort -rn | head -3 \
    | sed "s|^ *|log $(basename "$log" .log): |" || true
  # The first failure of each category with the two lines after it (its message, the exception), since the logs go
  # with the run's directory.
  awk -v name="$(basename "$log" .log)" '/^(fail|crit): / { if (seen[$2]++) next; print "log " name ": first " $0
      for (i = 0; i < 2 && (getline line) > 0; i++) print "    " substr(line, 1, 200) }' "$log" 2>/dev/null || true
done
