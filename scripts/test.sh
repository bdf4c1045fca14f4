#!/usr/bin/env bash
# Runs the whole test suite the way CI does: starts a throwaway PostgreSQL (for the cluster-storage tests),
# builds, runs `dotnet test`, stops PostgreSQL, and ends with one line "N passed, M failed".
#
#   scripts/test.sh [--fast] [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Storage]
#
# --fast runs the Unit and Cluster lanes only (no processes, no PostgreSQL): about a minute.
set -uo pipefail
cd "$(dirname "$0")/.."

FAST=0
if [ "${1:-}" = "--fast" ]; then
    FAST=1
    shift
    set -- --filter "Category=Unit|Category=Cluster" "$@"
fi

# The monitoring tests run Debian's Prometheus, the dashboard test Debian's headless Chromium, the fault test nginx.
if [ "$FAST" -eq 0 ]; then
    missing=()
    command -v prometheus >/dev/null 2>&1 || missing+=(prometheus)
    command -v chromium >/dev/null 2>&1 || missing+=(chromium fonts-dejavu-core)
    # The two-address test runs the shipped load balancer's nginx configuration.
    command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
    # The cluster tests make their TLS certificates with openssl (Tests/Infrastructure/TestCertificates.cs).
    command -v openssl >/dev/null 2>&1 || missing+=(openssl)
    if [ ${#missing[@]} -gt 0 ]; then
        echo "test: installing ${missing[*]} (Debian packages)" >&2
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
fi

if [ "$FAST" -eq 0 ]; then
    if [ ! -x /usr/lib/postgresql/15/bin/initdb ]; then
        echo "test: installing PostgreSQL 15 (Debian package)" >&2
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null
    fi

    PG_DIR=$(mktemp -u "${TMPDIR:-/tmp}/oroorleans-test-pg.XXXXXX")
    OROORLEANS_TEST_PG=$(scripts/pg-start.sh "$PG_DIR" | tail -n 1) || { echo "test: PostgreSQL did not start" >&2; echo "0 passed, 1 failed"; exit 1; }
    export OROORLEANS_TEST_PG
    trap 'scripts/pg-stop.sh "$PG_DIR" >/dev/null 2>&1 || true' EXIT
fi

dotnet build OroOrleans.sln -c Release -warnaserror 2>&1 | tail -n 3
[ "${PIPESTATUS[0]}" -eq 0 ] || { echo "0 passed, 1 failed"; exit 1; }
# The bench tools are not in the solution (they are not shipped) but must keep building; the fast lane leaves
# them to the full run.
for bench in bench/*/*.csproj; do
    [ "$FAST" -eq 1 ] && break
    dotnet build "$bench" -c Release -warnaserror 2>&1 | tail -n 3
    [ "${PIPESTATUS[0]}" -eq 0 ] || { echo "test: $bench does not build" >&2; echo "0 passed, 1 failed"; exit 1; }
done

LOG=$(mktemp)
# The exit code is dotnet test's (PIPESTATUS is read on the very next line; grep finding nothing is no failure).
dotnet test Tests/Tests.csproj -c Release --no-build --logger "console;verbosity=normal" "$@" 2>&1 | tee "$LOG" | grep -E "^\s+(Passed|Failed|Skipped) OroOrleans|Failed!|Passed!|Error Message|Assert|Error: "
status=${PIPESTATUS[0]}

# vstest prints one summary per test assembly: "Passed!  - Failed: 0, Passed: 63, Skipped: 0, Total: 63".
passed=$(grep -oE "Passed: +[0-9]+" "$LOG" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE "Failed: +[0-9]+" "$LOG" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -oE "Skipped: +[0-9]+" "$LOG" | awk '{s+=$2} END {print s+0}')
# The filter above shows which tests failed, not why: print each failure's block (message, stack trace and the
# start of its output), at most 120 lines each, so a CI log says which assertion failed.
if [ "$failed" -gt 0 ]; then
    echo "== failures in full"
    awk '/^[ \t]+(Passed|Failed|Skipped) OroOrleans/ { inside = ($1 == "Failed"); lines = 0 }
         inside && lines++ < 120 { print }' "$LOG"
fi
rm -f "$LOG"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
    failed=1
fi
if [ "$skipped" -gt 0 ]; then
    echo "$passed passed, $failed failed, $skipped skipped"
else
    echo "$passed passed, $failed failed"
fi
exit "$status"
