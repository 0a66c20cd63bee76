#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the persistence tests and prints the line that enables them:
#   export ACTORMIGRATION_POSTGRES='Host=127.0.0.1;Port=...;Username=actormigration;Password=...;Database=actormigration'
#
# For a Debian 12 machine, as root. Installs Debian's `postgresql` package if missing, then runs its own cluster
# (initdb into $ACTORMIGRATION_PG_DIR, default /tmp/actormigration-postgres) listening on 127.0.0.1 only, on a free
# port, with fsync off (test data only). Idempotent: a second run reuses the running cluster, its user and database.
#
# Usage:  eval "$(bash .ci/postgres.sh)"      or      bash .ci/postgres.sh >/dev/null; . "$ACTORMIGRATION_PG_DIR/env"
#         bash .ci/postgres.sh running          exit 0 when the cluster is running
#         bash .ci/postgres.sh stop             stops the cluster (fast: sessions are ended)
set -euo pipefail

state=${ACTORMIGRATION_PG_DIR:-/tmp/actormigration-postgres}
data=$state/data
socket=$state/socket
user=actormigration
database=actormigration

log() { echo "postgres.sh: $*" >&2; }

case "${1:-start}" in
    start) ;;
    running|stop)
        compgen -G '/usr/lib/postgresql/*/bin/pg_ctl' >/dev/null || exit 1
        pg_ctl=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)/pg_ctl
        runuser -u postgres -- "$pg_ctl" -D "$data" status >/dev/null 2>&1 || exit 1
        [[ $1 == running ]] && exit 0
        log "stopping the cluster in $data"
        runuser -u postgres -- "$pg_ctl" -D "$data" -m fast -w stop >&2
        exit 0 ;;
    *) log "usage: postgres.sh [start|running|stop]"; exit 2 ;;
esac

if ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
    log "installing Debian's postgresql package"
    apt-get update >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql >&2
fi
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_postgres() { runuser -u postgres -- "$@"; }

port_is_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

mkdir -p "$state"
install -d -o postgres -g postgres "$socket" "$state/log"

if [[ ! -s $data/PG_VERSION ]]; then
    log "creating a cluster in $data"
    rm -rf "$data"
    install -d -o postgres -g postgres -m 700 "$data"
    as_postgres "$bin/initdb" -D "$data" -U postgres --auth-local=trust --auth-host=scram-sha-256 >&2
fi

if as_postgres "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    port=$(cat "$state/port")
    log "reusing the cluster running on 127.0.0.1:$port"
else
    port=54329
    until port_is_free "$port"; do
        port=$((port + 1))
        ((port < 54400)) || { log "no free port in 54329-54399"; exit 1; }
    done
    echo "$port" >"$state/port"
    log "starting the cluster on 127.0.0.1:$port"
    as_postgres "$bin/pg_ctl" -D "$data" -l "$state/log/server.log" -w -t 60 start \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $socket -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >&2 \
        || { log "the server did not start; its log:"; tail -n 20 "$state/log/server.log" >&2; exit 1; }
fi

if [[ ! -s $state/password ]]; then
    (umask 077 && od -An -tx1 -N16 /dev/urandom | tr -d ' \n' >"$state/password")
fi
password=$(cat "$state/password")

psql_admin() { as_postgres psql -h "$socket" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA "$@"; }
if [[ $(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$user'") != 1 ]]; then
    psql_admin -c "CREATE ROLE $user LOGIN"
fi
psql_admin -c "ALTER ROLE $user PASSWORD '$password'"
if [[ $(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$database'") != 1 ]]; then
    psql_admin -c "CREATE DATABASE $database OWNER $user"
fi

line="export ACTORMIGRATION_POSTGRES='Host=127.0.0.1;Port=$port;Username=$user;Password=$password;Database=$database'"
(umask 077 && echo "$line" >"$state/env")
log "ready; the same line is in $state/env"
echo "$line"
