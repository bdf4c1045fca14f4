#!/usr/bin/env bash
# Stops a server started by scripts/pg-start.sh.
#
#   scripts/pg-stop.sh DIR [--keep]
#
# Removes DIR afterwards unless --keep is given.
set -euo pipefail

PG_BIN=${OROORLEANS_PG_BIN:-/usr/lib/postgresql/15/bin}
DIR=${1:?usage: pg-stop.sh DIR [--keep]}
KEEP=${2:-}

[ -d "$DIR" ] || { echo "pg-stop: no directory $DIR" >&2; exit 0; }
if [ -f "$DIR/data/postmaster.pid" ]; then
    owner=$(stat -c %U "$DIR/data")
    if [ "$(id -u)" = 0 ] && [ "$owner" != root ]; then
        runuser -u "$owner" -- "$PG_BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >&2
    else
        "$PG_BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >&2
    fi
fi
if [ "$KEEP" != "--keep" ]; then
    rm -rf "$DIR"
fi
