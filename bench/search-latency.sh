#!/usr/bin/env bash
# Issue #28's figures: search and precedent latency over a library of 10,000 reference paragraphs in Spanish, English
# and French. Starts a Release server on a fresh SQLite file on loopback (or on PostgreSQL with POSTGRES=1, a private
# cluster from .ci/postgres.sh), imports the library through the API, times 1,000 searches and 300 precedents of
# 60-word texts one after another, and prints their percentiles as JSON.
# Usage: bench/search-latency.sh [load generator options, e.g. --paragraphs 10000 --searches 1000 --precedents 300]
set -euo pipefail
cd "$(dirname "$0")/.."
port=${PORT:-5081}
work=$(mktemp -d)
key="bench-chair-key-$(date +%s)-0123456789abcdef"
dotnet publish src/OewgDrafting.Api -c Release -o "$work/api" >/dev/null
dotnet build bench/OewgDrafting.LoadGenerator -c Release >/dev/null
database=(ConnectionStrings__Drafting="Data Source=$work/bench.db")
if [ "${POSTGRES:-0}" = 1 ]; then
    source .ci/postgres.sh
    pg_up $((port + 10)) >/dev/null
    database=(Database__Provider=Postgres ConnectionStrings__Drafting="$OEWG_TEST_POSTGRES")
fi
( cd "$work/api" && exec env ASPNETCORE_URLS="http://127.0.0.1:$port" ASPNETCORE_ENVIRONMENT=Production "${database[@]}" \
    Demo__Seed=false Auth__ChairApiKey="$key" RateLimiting__PermitsPerSecond=100000 RateLimiting__Burst=100000 \
    Logging__LogLevel__Default=Warning dotnet OewgDrafting.Api.dll >"$work/server.log" 2>&1 ) &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; declare -F pg_down >/dev/null && pg_down; rm -rf "$work"' EXIT
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$port/health" >/dev/null && break; sleep 1; done
dotnet bench/OewgDrafting.LoadGenerator/bin/Release/net10.0/OewgDrafting.LoadGenerator.dll search-latency \
    --base "http://127.0.0.1:$port" --chair-key "$key" "$@"
