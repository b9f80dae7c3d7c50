#!/usr/bin/env bash
# A private PostgreSQL cluster on loopback for tests and load runs: installs the server from apt when missing,
# initdb with trust auth into a temporary folder, runs as the postgres user, listens on 127.0.0.1 only.
#   source .ci/postgres.sh; pg_up 55432; ...; pg_down
# A library: it sets no shell options of its own; pg_up returns non-zero when the cluster does not start.

pg_bin() {
    if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
        echo "installing PostgreSQL from apt" >&2
        if [ "$(id -u)" = 0 ]; then
            apt-get update -qq >/dev/null
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
        else
            sudo apt-get update -qq >/dev/null
            sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
        fi
    fi
    dirname "$(ls /usr/lib/postgresql/*/bin/pg_ctl | sort -V | tail -1)"
}

pg_up() {
    PG_PORT=${1:-55432}
    PG_BIN=$(pg_bin) || return 1
    PG_DATA=$(mktemp -d /tmp/oewg-pg.XXXXXX) || return 1
    chown postgres "$PG_DATA" 2>/dev/null || true
    as_postgres() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
    as_postgres "'$PG_BIN/initdb' -D '$PG_DATA/data' -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >'$PG_DATA/initdb.log' 2>&1" \
        || { cat "$PG_DATA/initdb.log" >&2; return 1; }
    as_postgres "'$PG_BIN/pg_ctl' -D '$PG_DATA/data' -l '$PG_DATA/server.log' -w -t 60 \
        -o \"-c listen_addresses=127.0.0.1 -p $PG_PORT -c unix_socket_directories='$PG_DATA' -c max_connections=300 -c fsync=on\" start >/dev/null" \
        || { cat "$PG_DATA/server.log" >&2; return 1; }
    export PG_PORT PG_BIN PG_DATA
    export OEWG_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"
}

pg_down() {
    if [ -n "${PG_DATA:-}" ] && [ -d "$PG_DATA/data" ]; then
        if [ "$(id -u)" = 0 ]; then
            su postgres -s /bin/sh -c "'$PG_BIN/pg_ctl' -D '$PG_DATA/data' -m fast -w stop" >/dev/null 2>&1 || true
        else
            "$PG_BIN/pg_ctl" -D "$PG_DATA/data" -m fast -w stop >/dev/null 2>&1 || true
        fi
        rm -rf "$PG_DATA"
    fi
}
