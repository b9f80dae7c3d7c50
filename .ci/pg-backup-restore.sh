#!/usr/bin/env bash
# PostgreSQL's backup path, as the README and the CLI's `backup` tell an operator: the CLI imports a document into a
# scratch database, pg_dump -Fc saves it, pg_restore loads it into a fresh database, and the CLI verifies the restored
# log's hash chain there. Needs a cluster from .ci/postgres.sh (PG_BIN, PG_PORT).
#   .ci/pg-backup-restore.sh PATH/TO/OewgDrafting.Api.dll
set -euo pipefail
api=$1
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pg() { "$PG_BIN/$1" -h 127.0.0.1 -p "$PG_PORT" -U postgres "${@:2}"; }
cli() {
    Database__Provider=Postgres ConnectionStrings__Drafting="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=$1" Demo__Seed=false \
        dotnet "$api" "${@:2}"
}
pg dropdb --if-exists oewg_backup_source >/dev/null 2>&1 || true
pg dropdb --if-exists oewg_backup_restored >/dev/null 2>&1 || true
pg createdb oewg_backup_source
cli oewg_backup_source import "$root/src/OewgDrafting.Api/Demo/A-AC.292-2025-L.1-spanish.md" --symbol A/BACKUP/1 >/dev/null
cli oewg_backup_source keys issue CHAIR >/dev/null
set +e
said=$(cli oewg_backup_source backup "$work/ignored.db"); code=$?
set -e
[ "$code" = 2 ] && grep -q pg_dump <<<"$said" || { echo "the CLI's backup did not point to pg_dump on PostgreSQL: $said" >&2; exit 1; }
pg pg_dump -Fc -f "$work/oewg.dump" oewg_backup_source
pg createdb oewg_backup_restored
pg pg_restore --no-owner -d oewg_backup_restored "$work/oewg.dump"
verified=$(cli oewg_backup_restored events verify A/BACKUP/1)
grep -q "The log holds" <<<"$verified" || { echo "the restored log does not verify: $verified" >&2; exit 1; }
cli oewg_backup_restored delegations list | grep -q "^CHAIR" || { echo "the restored registry is empty" >&2; exit 1; }
pg dropdb oewg_backup_source
pg dropdb oewg_backup_restored
echo "pg_dump -Fc and pg_restore into a fresh database: $verified"
