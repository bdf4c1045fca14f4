# Sourced by the bench scripts that start a standalone WebFront of their own (run.sh, guest-burst.sh, ab.sh,
# cluster.sh, refresh-first.sh), so that every benchmark measures the same server: the Production environment, the demo seed
# (WebFront/seed.development.json, its demo secrets allowed), rate limits off, warnings only.
BENCH_LIB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# bench_start_webfront BUILD_DIR URL DATA_DIR LOG [KEY=VALUE...]: starts it in the background from the build directory
# (WebFront/bin/Release/net10.0, or a copy of one), appending its output to LOG; BENCH_PID is its process id. The
# settings given come last, so they win over the defaults above.
bench_start_webfront() {
  local dir="$1" url="$2" data="$3" log="$4"; shift 4
  ( cd "$dir" && exec env ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="$url" Standalone__DataDirectory="$data" \
      Bootstrap__SeedFile="$BENCH_LIB_ROOT/WebFront/seed.development.json" Bootstrap__AllowDemoSecrets=true \
      RateLimits__Enabled=false Logging__LogLevel__Default=Warning "$@" dotnet OroOrleans.WebFront.dll ) >>"$log" 2>&1 &
  BENCH_PID=$!
}

# bench_wait_ready URL PID LOG [SECONDS, default 30]: waits until /health/ready answers 200. If the process ends first
# (another process holding the port, a setting it refuses) or the time runs out, prints the log and exits the script.
bench_wait_ready() {
  local url="$1" pid="$2" log="$3" seconds="${4:-30}"
  for _ in $(seq $(( seconds * 5 ))); do
    curl -fs "$url/health/ready" >/dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || { echo "the WebFront exited before it was ready:" >&2; cat "$log" >&2; exit 1; }
    sleep 0.2
  done
  echo "the WebFront was not ready after $seconds s:" >&2; cat "$log" >&2; exit 1
}

# bench_metric_sum URL METRIC [DIVISOR, default 1]: the sum of METRIC's samples (every label set) on URL/metrics,
# divided by DIVISOR and rounded; 0 when the metric is absent. Returns curl's failure when /metrics does not answer.
bench_metric_sum() {
  curl -fs "$1/metrics" | awk -v m="$2" -v d="${3:-1}" 'index($0, m) == 1 { s += $NF } END { printf "%.0f", s / d }'
}

# bench_wrk_until COUNT GLOB WRK_ARGUMENTS...: wrk waits out its -d even when every thread's script has stopped, so
# run it until COUNT files (one per thread) match GLOB (the scripts create them when done), then stop it with SIGINT,
# on which it prints its report as usual.
bench_wrk_until() {
  local count="$1" glob="$2" pid; shift 2
  wrk "$@" & pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    # shellcheck disable=SC2086 # the glob is meant to expand
    (( $(compgen -G "$glob" | wc -l) >= count )) && { kill -INT "$pid"; break; }
    sleep 0.5
  done
  wait "$pid" || true
}
