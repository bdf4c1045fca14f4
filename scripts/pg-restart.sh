#!/usr/bin/env bash
# Restarts a server started by scripts/pg-start.sh, on the same port and data: stops it (fast shutdown, every
# connection cut), keeps it down for SECONDS (default 5), and starts it again. For fault tests.
#
#   scripts/pg-restart.sh DIR [SECONDS]
set -euo pipefail
PG_BIN=${OROORLEANS_PG_BIN:-/usr/lib/postgresql/15/bin}
DIR=${1:?usage: pg-restart.sh DIR [SECONDS]}
DOWN=${2:-5}
DIR=$(cd "$DIR" && pwd)
[ -f "$DIR/data/postmaster.opts" ] || { echo "pg-restart: no server data in $DIR" >&2; exit 1; }
owner=$(stat -c %U "$DIR/data")
as_owner() { if [ "$(id -u)" = 0 ] && [ "$owner" != root ]; then runuser -u "$owner" -- "$@"; else "$@"; fi; }
# postmaster.opts holds the command line of the running server: the same options start it again.
opts=$(sed -e 's/^[^ ]* //' "$DIR/data/postmaster.opts" | sed -e 's/"-D" "[^"]*"//' | tr -d '"')
as_owner "$PG_BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >&2
sleep "$DOWN"
as_owner "$PG_BIN/pg_ctl" -D "$DIR/data" -l "$DIR/postgres.log" -w -t 60 -o "$opts" start >&2
