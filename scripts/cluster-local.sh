#!/usr/bin/env bash
# Starts the cluster topology of §9.2 (docs/api.md) as local processes, without Docker, for tests and benchmarks:
# a throwaway PostgreSQL (scripts/pg-start.sh), the schema step (Silo `migrate`), N silos and M front ends
# (Orleans clients that find the gateways through the membership table), and, when nginx is installed, a
# round-robin load balancer in front of the front ends.
#
#   scripts/cluster-local.sh [start] [options]     start everything, print the state directory and the URLs
#   scripts/cluster-local.sh stop DIR              stop everything started with state directory DIR
#   scripts/cluster-local.sh add-silo DIR N        start silo N (a new number scales out; an old one restarts it)
#   scripts/cluster-local.sh stop-silo DIR N       stop silo N gracefully (SIGTERM: it leaves the cluster)
#   scripts/cluster-local.sh kill-silo DIR N       kill silo N (SIGKILL: a crash the cluster must detect)
#
# Options (environment variable in brackets):
#   --silos N           silos to start (default 2)                                  [OROORLEANS_SILOS]
#   --fronts M          front ends to start (default 2)                             [OROORLEANS_FRONTS]
#   --state DIR         state directory (default: a new /tmp/oroorleans-cluster.*)  [OROORLEANS_STATE]
#   --front-port P      first front-end port; front end i listens on P+i-1 (default 5081)
#   --silo-port P       first silo-to-silo port (default 11111); silo i uses P+i-1
#   --gateway-port P    first gateway port (default 30000); silo i uses P+i-1
#   --lb-port P         load-balancer port (default 5080)
#   --management-port P first management port (health, /metrics, dashboard; default 9464): silo i uses
#                       P+i-1, front end i P+N+i-1 with N silos
#   --no-lb             no load balancer, even if nginx is installed
#   --seed FILE         seed file applied by the silos (default WebFront/seed.development.json: demo data)
#   --issuer URL        Tokens:Issuer for every process (default: the load balancer's URL, without one
#                       the first front end's)
#   --pg CS             use this PostgreSQL connection string instead of starting a server (export
#                       Orleans__ServiceId/Orleans__ClusterId to keep clusters on one server apart)
#   --no-build          skip the Release build
#   (nginx's worker_processes: 1, or OROORLEANS_NGINX_WORKERS, e.g. auto as in deploy/nginx.conf)
#
# Any other setting passes through the environment (e.g. Logging__LogLevel__Default=Debug, Lockout__...).
# Every process binds loopback only, and silos, front ends and gateways speak mutual TLS with certificates made
# at start (scripts/make-certs.sh, in DIR/tls). The state directory holds the connection string and the silos'
# key-encryption key (mode 600, made at start), the pid of
# every process, one log per process and, when used, nginx's configuration; `state.env` sums it up in
# shell syntax (source it). The LAST line of stdout is the state directory. The nginx load balancer needs
# the Debian package nginx-light (or nginx): `apt-get install -y nginx-light`; without it the script says so
# and runs without a balancer.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CONFIG=Release
SILO_DLL="$ROOT/Silo/bin/$CONFIG/net10.0/OroOrleans.Silo.dll"
FRONT_DLL="$ROOT/WebFront/bin/$CONFIG/net10.0/OroOrleans.WebFront.dll"

log() { echo "cluster-local: $*" >&2; }
die() { log "$*"; exit 1; }
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

find_nginx() {
    local candidate
    for candidate in "$(command -v nginx 2>/dev/null || true)" /usr/sbin/nginx; do
        [ -n "$candidate" ] && [ -x "$candidate" ] && { echo "$candidate"; return 0; }
    done
    return 1
}

# Sends SIGTERM to one pid from a pid file, waits up to 30 s (every role stops within that), then SIGKILL.
stop_pid_file() {
    local file=$1 pid
    [ -f "$file" ] || return 0
    pid=$(cat "$file")
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 1 150); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.2
        done
        if kill -0 "$pid" 2>/dev/null; then
            log "$(basename "$file" .pid) ($pid) did not stop within 30 s, killing it"
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    rm -f "$file"
}

stop_cluster() {
    local dir=${1:?usage: cluster-local.sh stop DIR}
    [ -d "$dir" ] || die "no state directory $dir"
    dir=$(cd "$dir" && pwd)
    [ -f "$dir/state.env" ] || [ -d "$dir/pids" ] || die "$dir is not a cluster-local state directory"
    # Load balancer and front ends first (they are clients), then the silos, then PostgreSQL.
    stop_pid_file "$dir/pids/nginx.pid"
    local file
    for file in "$dir"/pids/webfront*.pid; do [ -e "$file" ] && stop_pid_file "$file" & done
    wait
    for file in "$dir"/pids/silo*.pid; do [ -e "$file" ] && stop_pid_file "$file" & done
    wait
    if [ -d "$dir/pg" ]; then
        "$ROOT/scripts/pg-stop.sh" "$dir/pg" >/dev/null 2>&1 || log "pg-stop failed; see $dir/pg/postgres.log"
    fi
    log "stopped the cluster in $dir (logs kept there)"
}

# add-silo / stop-silo / kill-silo DIR N: one silo of a running cluster, by number, with the settings of its start.
silo_verb() {
    local verb=$1 dir=${2:?usage: cluster-local.sh $1 DIR N} n=${3:?usage: cluster-local.sh $1 DIR N}
    [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "the silo number must be a positive number"
    [ -f "$dir/state.env" ] || die "$dir is not the state directory of a running cluster"
    dir=$(cd "$dir" && pwd)
    # shellcheck disable=SC1091
    . "$dir/state.env"
    local pidfile="$dir/pids/silo$n.pid" pid
    case "$verb" in
        stop-silo)
            [ -f "$pidfile" ] || die "silo$n is not running"
            pid=$(cat "$pidfile")
            stop_pid_file "$pidfile"
            log "silo$n ($pid) stopped"
            ;;
        kill-silo)
            [ -f "$pidfile" ] || die "silo$n is not running"
            pid=$(cat "$pidfile")
            kill -KILL "$pid" 2>/dev/null || true
            for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
            rm -f "$pidfile"
            log "silo$n ($pid) killed"
            ;;
        add-silo)
            if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then die "silo$n is running already"; fi
            local log_file="$dir/logs/silo$n.log" silo_port=$((OROORLEANS_SILO_PORT + n - 1)) gateway_port=$((OROORLEANS_GATEWAY_PORT + n - 1))
            port_in_use "$silo_port" && die "port $silo_port is in use"
            port_in_use "$gateway_port" && die "port $gateway_port is in use"
            [ -f "$log_file" ] && mv "$log_file" "$log_file.$(date +%s)"
            (
                cd "$(dirname "$SILO_DLL")"
                export ConnectionStrings__Orleans="$OROORLEANS_PG" Orleans__ServiceId="$OROORLEANS_SERVICE_ID" Orleans__ClusterId="$OROORLEANS_CLUSTER_ID"
                export Tokens__Issuer="$OROORLEANS_ISSUER" DOTNET_ENVIRONMENT=Production Bootstrap__SeedFile="$OROORLEANS_SEED" Bootstrap__AllowDemoSecrets=true
                export Logging__Console__TimestampFormat=${Logging__Console__TimestampFormat:-"HH:mm:ss.fff "}
                export Silo__SiloPort=$silo_port Silo__GatewayPort=$gateway_port Silo__AdvertisedAddress=127.0.0.1
                export Orleans__Tls__CertificateFile="$dir/tls/node.pem" Orleans__Tls__KeyFile="$dir/tls/node.key" Orleans__Tls__CaFile="$dir/tls/ca.pem"
                export Keys__EncryptionKeyFile="$dir/key-encryption.key"
                # The first silos keep their management ports; a new number takes one past the front ends'.
                local management_port=$((OROORLEANS_MANAGEMENT_PORT + n - 1))
                [ "$n" -gt "$OROORLEANS_SILOS" ] && management_port=$((OROORLEANS_MANAGEMENT_PORT + OROORLEANS_FRONTS + n - 1))
                export Management__Urls="http://127.0.0.1:$management_port"
                exec dotnet "$SILO_DLL" >"$log_file" 2>&1 </dev/null
            ) &
            echo $! > "$pidfile"
            local deadline=$((SECONDS + 120))
            until grep -q 'OroOrleans silo ready' "$log_file" 2>/dev/null; do
                kill -0 "$(cat "$pidfile")" 2>/dev/null || die "silo$n exited; see $log_file"
                [ $SECONDS -lt $deadline ] || die "silo$n not ready within 120 s; see $log_file"
                sleep 0.3
            done
            log "silo$n ($(cat "$pidfile")) joined: silo 127.0.0.1:$silo_port, gateway 127.0.0.1:$gateway_port"
            ;;
    esac
}

if [ "${1:-}" = stop ]; then
    stop_cluster "${2:-}"
    exit 0
fi
case "${1:-}" in
    add-silo|stop-silo|kill-silo) silo_verb "$@"; exit 0 ;;
esac
if [ "${1:-}" = start ]; then shift; fi

SILOS=${OROORLEANS_SILOS:-2}
FRONTS=${OROORLEANS_FRONTS:-2}
STATE=${OROORLEANS_STATE:-}
FRONT_PORT=5081
SILO_PORT=11111
GATEWAY_PORT=30000
LB_PORT=5080
MANAGEMENT_PORT=9464
USE_LB=1
SEED="$ROOT/WebFront/seed.development.json"
ISSUER=
PG_CS=
BUILD=1
while [ $# -gt 0 ]; do
    case "$1" in
        --silos) SILOS=$2; shift 2 ;;
        --fronts) FRONTS=$2; shift 2 ;;
        --state) STATE=$2; shift 2 ;;
        --front-port) FRONT_PORT=$2; shift 2 ;;
        --silo-port) SILO_PORT=$2; shift 2 ;;
        --gateway-port) GATEWAY_PORT=$2; shift 2 ;;
        --lb-port) LB_PORT=$2; shift 2 ;;
        --management-port) MANAGEMENT_PORT=$2; shift 2 ;;
        --no-lb) USE_LB=; shift ;;
        --seed) SEED=$2; shift 2 ;;
        --issuer) ISSUER=$2; shift 2 ;;
        --pg) PG_CS=$2; shift 2 ;;
        --no-build) BUILD=; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument '$1' (see --help)" ;;
    esac
done
[[ "$SILOS" =~ ^[1-9][0-9]*$ ]] || die "--silos must be a positive number"
[[ "$FRONTS" =~ ^[1-9][0-9]*$ ]] || die "--fronts must be a positive number"
[ -f "$SEED" ] || die "no seed file $SEED"
SEED=$(cd "$(dirname "$SEED")" && pwd)/$(basename "$SEED")

NGINX=
if [ -n "$USE_LB" ]; then
    NGINX=$(find_nginx) || { NGINX=; log "nginx not installed: no load balancer (apt-get install -y nginx-light to get one)"; }
fi
# The public URL: the load balancer's, else the first front end's.
if [ -n "$NGINX" ]; then
    ISSUER=${ISSUER:-http://127.0.0.1:$LB_PORT}
else
    ISSUER=${ISSUER:-http://127.0.0.1:$FRONT_PORT}
fi

# Fail before starting anything if a port is taken.
ports=()
for i in $(seq 0 $((SILOS - 1))); do ports+=($((SILO_PORT + i)) $((GATEWAY_PORT + i)) $((MANAGEMENT_PORT + i))); done
for i in $(seq 0 $((FRONTS - 1))); do ports+=($((FRONT_PORT + i)) $((MANAGEMENT_PORT + SILOS + i))); done
if [ -n "$NGINX" ]; then ports+=("$LB_PORT"); fi
for port in "${ports[@]}"; do
    port_in_use "$port" && die "port $port is in use (choose other ports with --front-port/--silo-port/--gateway-port/--lb-port)"
done

if [ -n "$BUILD" ]; then
    log "building ($CONFIG)"
    dotnet build "$ROOT/OroOrleans.sln" -c "$CONFIG" -nologo -v quiet >&2 || die "build failed"
fi
[ -f "$SILO_DLL" ] && [ -f "$FRONT_DLL" ] || die "no $CONFIG build (run without --no-build)"

if [ -z "$STATE" ]; then
    STATE=$(mktemp -d "${TMPDIR:-/tmp}/oroorleans-cluster.XXXXXX")
fi
mkdir -p "$STATE/pids" "$STATE/logs"
STATE=$(cd "$STATE" && pwd)
# PostgreSQL may run as another OS user (pg-start.sh, as root): it must be able to reach $STATE/pg.
chmod 711 "$STATE"

# From here on, a failure stops whatever was started.
started_ok=
trap '[ -n "$started_ok" ] || { log "start failed; stopping what was started (logs in $STATE/logs)"; stop_cluster "$STATE"; }' EXIT

if [ -z "$PG_CS" ]; then
    PG_CS=$("$ROOT/scripts/pg-start.sh" "$STATE/pg" 2>"$STATE/logs/pg-start.log" | tail -n 1) \
        || { cat "$STATE/logs/pg-start.log" >&2; die "PostgreSQL did not start"; }
fi
(umask 077; printf '%s\n' "$PG_CS" > "$STATE/connection-string")
# The key-encryption key the silos seal the key ring with (§6): made here, kept with the state, never committed.
if [ ! -f "$STATE/key-encryption.key" ]; then
    (umask 077; { command -v openssl >/dev/null && openssl rand -base64 32 || head -c 32 /dev/urandom | base64; } > "$STATE/key-encryption.key")
fi

# Mutual TLS between the nodes (§9.2): a throwaway CA and one node certificate, made here, kept with the state.
"$ROOT/scripts/make-certs.sh" "$STATE/tls" node >/dev/null || die "making the TLS certificates failed"

log "applying the schema"
dotnet "$SILO_DLL" migrate --connection "$PG_CS" >"$STATE/logs/migrate.log" 2>&1 \
    || { cat "$STATE/logs/migrate.log" >&2; die "migrate failed"; }

# Starts one process in the background with its own log, and records its pid.
launch() {
    local name=$1 dll=$2
    (
        cd "$(dirname "$dll")"
        exec dotnet "$dll" >"$STATE/logs/$name.log" 2>&1 </dev/null
    ) &
    echo $! > "$STATE/pids/$name.pid"
}

common_env() {
    export ConnectionStrings__Orleans="$PG_CS"
    export Orleans__ServiceId=${Orleans__ServiceId:-oroorleans}
    export Orleans__ClusterId=${Orleans__ClusterId:-oroorleans}
    export Tokens__Issuer="$ISSUER"
    export Orleans__Tls__CertificateFile="$STATE/tls/node.pem" Orleans__Tls__KeyFile="$STATE/tls/node.key" Orleans__Tls__CaFile="$STATE/tls/ca.pem"
    export DOTNET_ENVIRONMENT=Production ASPNETCORE_ENVIRONMENT=Production
    # Timestamps in the logs, to line up what the silos and front ends saw (e.g. after killing a silo).
    export Logging__Console__TimestampFormat=${Logging__Console__TimestampFormat:-"HH:mm:ss.fff "}
}

log "starting $SILOS silo(s)"
for i in $(seq 1 "$SILOS"); do
    (
        common_env
        export Silo__SiloPort=$((SILO_PORT + i - 1)) Silo__GatewayPort=$((GATEWAY_PORT + i - 1)) Silo__AdvertisedAddress=127.0.0.1
        export Bootstrap__SeedFile="$SEED" Bootstrap__AllowDemoSecrets=true
        export Keys__EncryptionKeyFile="$STATE/key-encryption.key"
        export Management__Urls="http://127.0.0.1:$((MANAGEMENT_PORT + i - 1))"
        launch "silo$i" "$SILO_DLL"
    )
done

wait_for() {
    local what=$1 seconds=$2 check=$3 pidfile=$4
    local deadline=$((SECONDS + seconds))
    while [ $SECONDS -lt $deadline ]; do
        kill -0 "$(cat "$pidfile")" 2>/dev/null || die "$what exited; see $STATE/logs"
        eval "$check" && return 0
        sleep 0.3
    done
    die "$what not ready within ${seconds}s; see $STATE/logs"
}

for i in $(seq 1 "$SILOS"); do
    wait_for "silo$i" 120 "grep -q 'OroOrleans silo ready' '$STATE/logs/silo$i.log'" "$STATE/pids/silo$i.pid"
done
log "silos ready"

log "starting $FRONTS front end(s)"
for i in $(seq 1 "$FRONTS"); do
    (
        common_env
        # Client mode without fixed gateways: the front end reads them from the membership table.
        export Orleans__Mode=Client
        export ASPNETCORE_URLS="http://127.0.0.1:$((FRONT_PORT + i - 1))"
        export Management__Urls="http://127.0.0.1:$((MANAGEMENT_PORT + SILOS + i - 1))"
        launch "webfront$i" "$FRONT_DLL"
    )
done
for i in $(seq 1 "$FRONTS"); do
    url="http://127.0.0.1:$((FRONT_PORT + i - 1))"
    wait_for "webfront$i" 120 "[ \"\$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 '$url/health/ready')\" = 200 ]" "$STATE/pids/webfront$i.pid"
done
log "front ends ready"

LB_URL=
if [ -n "$NGINX" ]; then
    mkdir -p "$STATE/nginx/logs"
    {
        echo "# Written by scripts/cluster-local.sh: round robin over the local front ends."
        echo "worker_processes ${OROORLEANS_NGINX_WORKERS:-1};"
        echo "pid $STATE/nginx/nginx.pid;"
        echo "error_log $STATE/logs/nginx-error.log warn;"
        echo "events { worker_connections 1024; }"
        echo "http {"
        echo "    access_log off;"
        for kind in client_body proxy fastcgi uwsgi scgi; do
            echo "    ${kind}_temp_path $STATE/nginx/${kind}_temp;"
        done
        echo "    upstream webfront {"
        for i in $(seq 1 "$FRONTS"); do
            # max_fails=0: a front end's 503 is the cluster's answer, never a reason to take it out of rotation
            # (see deploy/nginx.conf).
            echo "        server 127.0.0.1:$((FRONT_PORT + i - 1)) max_fails=0;"
        done
        echo "        keepalive 64;"
        echo "    }"
        echo "    server {"
        echo "        listen 127.0.0.1:$LB_PORT;"
        # The shipped server part (proxy settings, server_tokens off, nginx's own errors as JSON, docs/api.md §8), the
        # same file deploy/nginx.conf and the tests include.
        echo "        include \"$ROOT/deploy/nginx-oroorleans.conf\";"
        echo "    }"
        echo "}"
    } > "$STATE/nginx/nginx.conf"
    "$NGINX" -t -p "$STATE/nginx" -c "$STATE/nginx/nginx.conf" >"$STATE/logs/nginx-test.log" 2>&1 \
        || { cat "$STATE/logs/nginx-test.log" >&2; die "nginx rejected its configuration"; }
    launch_nginx() {
        "$NGINX" -p "$STATE/nginx" -c "$STATE/nginx/nginx.conf" -g 'daemon off;' >"$STATE/logs/nginx.log" 2>&1 </dev/null &
        echo $! > "$STATE/pids/nginx.pid"
    }
    launch_nginx
    LB_URL="http://127.0.0.1:$LB_PORT"
    wait_for "nginx" 20 "[ \"\$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 '$LB_URL/health/ready')\" = 200 ]" "$STATE/pids/nginx.pid"
    log "load balancer ready"
fi

FRONT_URLS=
for i in $(seq 1 "$FRONTS"); do FRONT_URLS="$FRONT_URLS http://127.0.0.1:$((FRONT_PORT + i - 1))"; done
FRONT_URLS=${FRONT_URLS# }
SILO_MANAGEMENT_URLS=
for i in $(seq 1 "$SILOS"); do SILO_MANAGEMENT_URLS="$SILO_MANAGEMENT_URLS http://127.0.0.1:$((MANAGEMENT_PORT + i - 1))"; done
FRONT_MANAGEMENT_URLS=
for i in $(seq 1 "$FRONTS"); do FRONT_MANAGEMENT_URLS="$FRONT_MANAGEMENT_URLS http://127.0.0.1:$((MANAGEMENT_PORT + SILOS + i - 1))"; done
{
    echo "# Sourced by tools; written by scripts/cluster-local.sh"
    printf 'OROORLEANS_STATE=%q\n' "$STATE"
    printf 'OROORLEANS_PG=%q\n' "$PG_CS"
    printf 'OROORLEANS_ISSUER=%q\n' "$ISSUER"
    printf 'OROORLEANS_FRONT_URLS=%q\n' "$FRONT_URLS"
    printf 'OROORLEANS_LB_URL=%q\n' "$LB_URL"
    printf 'OROORLEANS_SILO_MANAGEMENT_URLS=%q\n' "${SILO_MANAGEMENT_URLS# }"
    printf 'OROORLEANS_FRONT_MANAGEMENT_URLS=%q\n' "${FRONT_MANAGEMENT_URLS# }"
    printf 'OROORLEANS_URL=%q\n' "${LB_URL:-${FRONT_URLS%% *}}"
    printf 'OROORLEANS_SERVICE_ID=%q\n' "${Orleans__ServiceId:-oroorleans}"
    printf 'OROORLEANS_CLUSTER_ID=%q\n' "${Orleans__ClusterId:-oroorleans}"
    printf 'OROORLEANS_SILO_PORT=%q\n' "$SILO_PORT"
    printf 'OROORLEANS_GATEWAY_PORT=%q\n' "$GATEWAY_PORT"
    printf 'OROORLEANS_SEED=%q\n' "$SEED"
    printf 'OROORLEANS_MANAGEMENT_PORT=%q\n' "$MANAGEMENT_PORT"
    printf 'OROORLEANS_SILOS=%q\n' "$SILOS"
    printf 'OROORLEANS_FRONTS=%q\n' "$FRONTS"
} > "$STATE/state.env"
chmod 600 "$STATE/state.env"
started_ok=1

{
    echo "OroOrleans cluster is up ($SILOS silos, $FRONTS front ends)"
    for i in $(seq 1 "$SILOS"); do
        echo "  silo$i      pid $(cat "$STATE/pids/silo$i.pid")  silo 127.0.0.1:$((SILO_PORT + i - 1))  gateway 127.0.0.1:$((GATEWAY_PORT + i - 1))  management http://127.0.0.1:$((MANAGEMENT_PORT + i - 1))"
    done
    for i in $(seq 1 "$FRONTS"); do
        echo "  webfront$i  pid $(cat "$STATE/pids/webfront$i.pid")  http://127.0.0.1:$((FRONT_PORT + i - 1))  management http://127.0.0.1:$((MANAGEMENT_PORT + SILOS + i - 1))"
    done
    if [ -n "$LB_URL" ]; then echo "  nginx      pid $(cat "$STATE/pids/nginx.pid")  $LB_URL (round robin)"; fi
    echo "  issuer     $ISSUER"
    echo "  postgres   $STATE/connection-string"
    echo "  logs       $STATE/logs"
    echo "  stop with  scripts/cluster-local.sh stop $STATE"
} >&2
echo "$STATE"
