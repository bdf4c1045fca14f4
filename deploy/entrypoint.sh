#!/bin/sh
# Entry point of the OroOrleans image: the first argument picks the role, the rest go to the program.
#   silo      a cluster silo; advertises the container's own IP unless Silo__AdvertisedAddress is set
#   migrate   applies the PostgreSQL schema (connection string in OROORLEANS_PG or --connection "...") and exits
#   webfront  a front end (set Orleans__Mode=Client and ConnectionStrings__Orleans for cluster mode)
# Anything else is run as a command (e.g. "sh" to look around).
set -eu

role=${1:-webfront}
if [ $# -gt 0 ]; then shift; fi

case "$role" in
    silo)
        if [ -z "${Silo__AdvertisedAddress:-}" ]; then
            # Other silos and the front ends reach this silo at the address it writes into the membership table:
            # it must be the container's address on the compose network, not 127.0.0.1.
            Silo__AdvertisedAddress=$(hostname -i 2>/dev/null | awk '{ print $1 }')
            if [ -z "$Silo__AdvertisedAddress" ]; then
                Silo__AdvertisedAddress=$(getent hosts "$(hostname)" | awk '{ print $1; exit }')
            fi
            [ -n "$Silo__AdvertisedAddress" ] || { echo "entrypoint: cannot find this container's IP; set Silo__AdvertisedAddress" >&2; exit 1; }
            export Silo__AdvertisedAddress
        fi
        cd /app/silo
        exec dotnet OroOrleans.Silo.dll "$@"
        ;;
    migrate)
        cd /app/silo
        exec dotnet OroOrleans.Silo.dll migrate "$@"
        ;;
    webfront)
        cd /app/webfront
        exec dotnet OroOrleans.WebFront.dll "$@"
        ;;
    *)
        exec "$role" "$@"
        ;;
esac
