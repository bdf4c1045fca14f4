#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 server for tests and local clusters: loopback only, a free port,
# its own data directory, a database "oroorleans" and a random password.
#
#   scripts/pg-start.sh [DIR] [CONNECTION_STRING_FILE]
#
# DIR defaults to a new temporary directory. The Npgsql connection string is printed as the LAST line of
# stdout, written to DIR/connection-string and, when given, to CONNECTION_STRING_FILE. Everything else
# goes to stderr. Stop it with scripts/pg-stop.sh DIR.
#
# Works on a plain Debian 12 with the postgresql-15 package installed (the server need not run, no
# Docker). initdb refuses to run as root, so as root the server runs as the system user
# $OROORLEANS_PG_OS_USER (default "oroorleans-pg"), created on first use.
set -euo pipefail

PG_BIN=${OROORLEANS_PG_BIN:-/usr/lib/postgresql/15/bin}
OS_USER=${OROORLEANS_PG_OS_USER:-oroorleans-pg}
DB_NAME=oroorleans
DB_USER=oroorleans

log() { echo "pg-start: $*" >&2; }
die() { log "$*"; exit 1; }

[ -x "$PG_BIN/initdb" ] || die "no initdb in $PG_BIN (install postgresql-15, or set OROORLEANS_PG_BIN)"

DIR=${1:-}
if [ -z "$DIR" ]; then
    DIR=$(mktemp -d "${TMPDIR:-/tmp}/oroorleans-pg.XXXXXX")
fi
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
OUT_FILE=${2:-}

[ -e "$DIR/data/PG_VERSION" ] && die "$DIR/data already holds a cluster; stop it with scripts/pg-stop.sh $DIR or pick another directory"

if [ "$(id -u)" = 0 ]; then
    if ! id -u "$OS_USER" >/dev/null 2>&1; then
        useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$OS_USER"
    fi
    chown "$OS_USER:" "$DIR"
    chmod 700 "$DIR"
    as_owner() { runuser -u "$OS_USER" -- "$@"; }
    as_owner test -w "$DIR" || die "user $OS_USER cannot write $DIR (is a parent directory closed to other users?)"
else
    as_owner() { "$@"; }
fi

PASSWORD=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
PWFILE="$DIR/.pwfile"
(umask 077; printf '%s\n' "$PASSWORD" > "$PWFILE")
[ "$(id -u)" = 0 ] && chown "$OS_USER:" "$PWFILE"

log "initdb in $DIR/data"
as_owner "$PG_BIN/initdb" -D "$DIR/data" -U "$DB_USER" --pwfile="$PWFILE" \
    --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 \
    || { cat "$DIR/initdb.log" >&2; die "initdb failed"; }
rm -f "$PWFILE"

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# A port can be taken between the check and the bind, so a failed start just tries another one.
started=
for _ in $(seq 1 20); do
    PORT=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
    port_in_use "$PORT" && continue
    # Throwaway server: durability settings are off on purpose, it only ever holds test data.
    if as_owner "$PG_BIN/pg_ctl" -D "$DIR/data" -l "$DIR/postgres.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $PORT -c unix_socket_directories='$DIR' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >&2; then
        started=1
        break
    fi
    log "start on port $PORT failed, trying another"
done
[ -n "$started" ] || { tail -n 30 "$DIR/postgres.log" >&2 || true; die "could not start PostgreSQL"; }

PGPASSWORD="$PASSWORD" "$PG_BIN/psql" -X -q -h 127.0.0.1 -p "$PORT" -U "$DB_USER" -d postgres \
    -v ON_ERROR_STOP=1 -c "CREATE DATABASE $DB_NAME" >&2

CS="Host=127.0.0.1;Port=$PORT;Database=$DB_NAME;Username=$DB_USER;Password=$PASSWORD"
(umask 077; printf '%s\n' "$CS" > "$DIR/connection-string")
echo "$PORT" > "$DIR/port"
[ -n "$OUT_FILE" ] && (umask 077; printf '%s\n' "$CS" > "$OUT_FILE")
log "PostgreSQL listening on 127.0.0.1:$PORT, data in $DIR (stop: scripts/pg-stop.sh $DIR)"
echo "$CS"
