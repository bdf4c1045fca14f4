#!/usr/bin/env bash
# Fills a pool of refresh tokens for bench/refresh.lua: COUNT back-office password logins (no guests: every
# token is a family of a real user), PARALLEL at a time, one refresh token per line.
#
#   URL=http://127.0.0.1:5391 COUNT=512 bench/make-refresh-pool.sh > /tmp/refresh-pool.txt
#
# Credentials default to the Development seed file (WebFront/seed.development.json).
set -euo pipefail

URL="${URL:-http://127.0.0.1:5391}"
COUNT="${COUNT:-512}"
PARALLEL="${PARALLEL:-8}"
CLIENT_ID="${BENCH_CLIENT_ID:-backoffice0000000000000000000001}"
CLIENT_SECRET="${BENCH_CLIENT_SECRET:-backoffice-demo-secret-0000000001}"
USERNAME="${BENCH_USERNAME:-john}"
PASSWORD="${BENCH_PASSWORD:-john-Passw0rd!}"

login() {
  local body
  body="$(curl -fsS -XPOST "$URL/oauth2-token" \
    --data-urlencode grant_type=password --data-urlencode "client_id=$CLIENT_ID" \
    --data-urlencode "client_secret=$CLIENT_SECRET" --data-urlencode "username=$USERNAME" \
    --data-urlencode "password=$PASSWORD")"
  # One token per line (the body has no trailing newline).
  sed -n 's/.*"refresh_token":"\([^"]*\)".*/\1/p' <<<"$body"
}
export -f login
export URL CLIENT_ID CLIENT_SECRET USERNAME PASSWORD

seq "$COUNT" | xargs -P "$PARALLEL" -I{} bash -c login | grep -v '^$'
