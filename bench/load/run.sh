#!/usr/bin/env bash
# Issue #6's load run: 193 delegations submitting amendments and 200 readers fetching the clean text, first on
# one instance over SQLite, then spread over two instances on one PostgreSQL. Afterwards the amendments are
# counted: none lost, none duplicated. Everything listens on 127.0.0.1 and stops by itself.
#   bench/load/run.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
SECONDS_PER_RUN=${1:-30}
work=$(mktemp -d /tmp/oewg-load.XXXXXX)
key="load-chair-key-$(date +%s)-0123456789abcdef"
pids=()
cleanup() { for p in "${pids[@]:-}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; pg_down 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

dotnet publish src/OewgDrafting.Api -c Release -o "$work/api" >/dev/null
dotnet build bench/OewgDrafting.LoadGenerator -c Release >/dev/null
[ -d bench/load/node_modules ] || (cd bench/load && npm ci --no-audit --no-fund >/dev/null)
generator="dotnet $ROOT/bench/OewgDrafting.LoadGenerator/bin/Release/net10.0/OewgDrafting.LoadGenerator.dll"

start_api() { # port, extra env...
    local port=$1; shift
    ( cd "$work/api" && exec env ASPNETCORE_URLS="http://127.0.0.1:$port" ASPNETCORE_ENVIRONMENT=Production Demo__Seed=false \
        Auth__ChairApiKey="$key" RateLimiting__PermitsPerSecond=100000 RateLimiting__Burst=100000 Logging__LogLevel__Default=Warning \
        "$@" dotnet OewgDrafting.Api.dll >"$work/api-$port.log" 2>&1 ) &
    pids+=($!)
    for _ in $(seq 1 90); do curl -fs "http://127.0.0.1:$port/health" >/dev/null && return 0; sleep 1; done
    cat "$work/api-$port.log"; return 1
}

run() { # label, bases...
    local label=$1; shift
    $generator seed --base "$1" --chair-key "$key" --paragraphs 200 --delegations 193 --out "$work/seed-$label.json"
    local result
    result=$(node bench/load/load.mjs "$work/seed-$label.json" "$SECONDS_PER_RUN" "$work/ack-$label.json" "$@")
    echo "$label: $result"
    local document
    document=$(node -e "console.log(JSON.parse(require('fs').readFileSync('$work/seed-$label.json')).documentId)")
    # Requests still in flight when the run stopped may be stored without their answer reaching us: at most one per connection.
    $generator count --base "$1" --chair-key "$key" --document "$document" --acknowledged "$work/ack-$label.json" --in-flight 193
}

echo "== one instance, SQLite"
start_api 5181 ConnectionStrings__Drafting="Data Source=$work/load.db"
run sqlite http://127.0.0.1:5181
kill "${pids[0]}"; wait "${pids[0]}" 2>/dev/null || true; pids=()

echo "== two instances, one PostgreSQL"
source .ci/postgres.sh
pg_up 55499
pg="Host=127.0.0.1;Port=55499;Username=postgres;Database=oewg_load;Maximum Pool Size=100"
start_api 5182 Database__Provider=Postgres ConnectionStrings__Drafting="$pg"
start_api 5183 Database__Provider=Postgres ConnectionStrings__Drafting="$pg"
run postgres http://127.0.0.1:5182 http://127.0.0.1:5183
