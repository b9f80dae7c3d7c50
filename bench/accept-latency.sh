#!/usr/bin/env bash
# Issue #4's HTTP figure: median latency of the chair accepting an amendment, on a 1,000-paragraph document
# with 20,000 pending amendments from 193 delegations. Starts a Release server on a fresh SQLite file on
# loopback, seeds it through the API, measures, and stops the server.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${PORT:-5080}
work=$(mktemp -d)
key="bench-chair-key-$(date +%s)-0123456789abcdef"
dotnet publish src/OewgDrafting.Api -c Release -o "$work/api" >/dev/null
dotnet build bench/OewgDrafting.LoadGenerator -c Release >/dev/null
( cd "$work/api" && ASPNETCORE_URLS="http://127.0.0.1:$port" ASPNETCORE_ENVIRONMENT=Production \
    ConnectionStrings__Drafting="Data Source=$work/bench.db" Demo__Seed=false Auth__ChairApiKey="$key" \
    RateLimiting__PermitsPerSecond=100000 RateLimiting__Burst=100000 Logging__LogLevel__Default=Warning \
    exec dotnet OewgDrafting.Api.dll >"$work/server.log" 2>&1 ) &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$port/health" >/dev/null && break; sleep 1; done
dotnet bench/OewgDrafting.LoadGenerator/bin/Release/net10.0/OewgDrafting.LoadGenerator.dll accept-latency \
    --base "http://127.0.0.1:$port" --chair-key "$key" "$@"
