#!/usr/bin/env bash
# Measures `OroOrleans.Silo import customers` (§7.1 migration): writes N customers as JSON Lines (distinct
# emails, a cheap bcrypt hash of cost 4 on every line: the import stores hashes, it never computes one, so the
# cost only matters at the first login), starts a one-silo cluster on a throwaway PostgreSQL
# (scripts/cluster-local.sh), imports the file, then imports it again (every line skipped), and prints both
# summaries. Ports are offset from the defaults so that it can run next to another local cluster.
#
#   bench/import-customers.sh [N] [CONCURRENCY]        # default 100000 rows, 32 creations in flight
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
N=${1:-100000}
CONCURRENCY=${2:-32}
WORK=$(mktemp -d /tmp/oroorleans-import-bench.XXXXXX)
chmod 755 "$WORK"   # the PostgreSQL server runs as its own user

# A well-formed bcrypt hash of cost 4 (PHP's prefix $2y$; of no known password: the import checks the format and
# the cost bounds, it never verifies a password).
HASH='$2y$04$Wq0xT0YhA6bq9sFZ2qK8UuJ2kB1m8m3bG7H2l6U0b2m3yq7x3rVkO'
awk -v n="$N" -v h="$HASH" 'BEGIN { for (i = 1; i <= n; i++) printf "{\"email\":\"bench-%d@example.com\",\"enabled\":true,\"password\":\"%s\"}\n", i, h }' > "$WORK/customers.jsonl"
echo "wrote $N lines ($(du -h "$WORK/customers.jsonl" | cut -f1)) to $WORK/customers.jsonl"

STATE=$("$ROOT/scripts/cluster-local.sh" start --silos 1 --fronts 1 --no-lb --state "$WORK/cluster" --no-build \
    --front-port 5681 --silo-port 11711 --gateway-port 30611 --management-port 9864 | tail -n 1)
trap '"$ROOT/scripts/cluster-local.sh" stop "$STATE" >/dev/null 2>&1 || true' EXIT
SILO_DLL="$ROOT/Silo/bin/Release/net10.0/OroOrleans.Silo.dll"
export ConnectionStrings__Orleans="$(cat "$STATE/connection-string")" DOTNET_ENVIRONMENT=Production
export Orleans__ServiceId=${Orleans__ServiceId:-oroorleans} Orleans__ClusterId=${Orleans__ClusterId:-oroorleans}
# The cluster speaks mutual TLS (certificates made by cluster-local.sh): the command presents the nodes' certificate.
export Orleans__Tls__CertificateFile="$STATE/tls/node.pem" Orleans__Tls__KeyFile="$STATE/tls/node.key" Orleans__Tls__CaFile="$STATE/tls/ca.pem"

for run in first re-run; do
    echo "== $run: dotnet $SILO_DLL import customers $WORK/customers.jsonl --concurrency $CONCURRENCY"
    (cd "$(dirname "$SILO_DLL")" && dotnet "$SILO_DLL" import customers "$WORK/customers.jsonl" --concurrency "$CONCURRENCY" 2>&1 | grep -v '^import: line ' ) || true
done
