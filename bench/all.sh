#!/usr/bin/env bash
# Every benchmark of docs/performance.md in one run, one after another (never two at once: they share the cores),
# each one's full output kept in OUT (default: a new directory under /tmp), then every summary together at the end.
# Takes about 50 minutes on the 2-core development machine; run it on a quiet machine.
#
#   bench/all.sh                 # everything
#   QUICK=1 bench/all.sh         # a short trial of every step (minutes), to see that they all run
#   bench/all.sh signing burst   # some steps: signing rotations tokencache burst cluster customers import factload
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="${OUT:-$(mktemp -d -t oroorleans-bench-all-XXXXXX)}"
mkdir -p "$OUT"
ALL_STEPS=(signing rotations tokencache burst cluster customers import factload)
STEPS=("${@:-${ALL_STEPS[@]}}")
if [[ -n "${QUICK:-}" ]]; then
  export DURATION=5s ROTATION_SECONDS=20 TOKENS=30000 PHASE_TOKENS=10000 BURST=5 MAX_FILL=60 ROUNDS=1 IMPORT_ROWS=2000 FACTS=100000 WARMUP=3 \
    WARMUP_SECONDS=5 WARMUP_ROUNDS=2
  CUSTOMERS=(1000)
else
  CUSTOMERS=(10000 100000)
fi

echo "== bench/all.sh: ${STEPS[*]}; full outputs in $OUT; started $(date -u +%H:%M:%S) UTC, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== building Release once"
dotnet build "$ROOT/OroOrleans.sln" -c Release -v quiet -nologo | tail -1
for bench in "$ROOT"/bench/*/*.csproj; do dotnet build "$bench" -c Release -v quiet -nologo | tail -1; done

step() { # name, command...
  local name="$1"; shift
  echo "== $name: $* ($(date -u +%H:%M:%S) UTC)"
  "$@" > "$OUT/$name.log" 2>&1 || echo "!! $name exited with $? (see $OUT/$name.log)"
}

for s in "${STEPS[@]}"; do
  case "$s" in
    signing)    step signing "$ROOT/bench/run.sh" ;;
    rotations)  step rotations "$ROOT/bench/run.sh" rotations ;;
    tokencache) step tokencache "$ROOT/bench/run.sh" tokencache ;;
    burst)      step burst "$ROOT/bench/guest-burst.sh" ;;
    cluster)    NO_BUILD=1 KEEP_LOGS="$OUT/cluster-logs" step cluster "$ROOT/bench/cluster.sh" guest api me refresh rotations ;;
    customers)  for n in "${CUSTOMERS[@]}"; do
                  step "customers-$n" dotnet "$ROOT/bench/Customers/bin/Release/net10.0/Customers.dll" "$n" 32
                done ;;
    import)     step import "$ROOT/bench/import-customers.sh" "${IMPORT_ROWS:-100000}" 32 ;;
    factload)   step factload dotnet "$ROOT/bench/Revocation/bin/Release/net10.0/Revocation.dll" load "${FACTS:-1000000}" "$ROOT/WebFront/bin/Release/net10.0" ;;
    *) echo "unknown step '$s' (${ALL_STEPS[*]})" >&2; exit 2 ;;
  esac
done

echo
echo "== summaries (finished $(date -u +%H:%M:%S) UTC)"
for log in "$OUT"/*.log; do
  echo "--- $(basename "$log" .log)"
  # Each tool ends with its summary; the customers tool prints its figures as its last lines.
  case "$(basename "$log" .log)" in
    rotations|customers-*|import|factload) tail -n 15 "$log" ;;
    *) sed -n '/^== summary/,$p' "$log" | tail -n +2 ;;
  esac
  grep -E "^(tokens used|tokencache:)" "$log" || true
done
