#!/usr/bin/env bash
# Step 2 of bench/hot-paths.sh alone (SQLite: 193 delegations proposing with readers at 2,000/s, then the proposals
# alone), for comparing two builds in one sitting: run it in a worktree of each, one after the other, and compare.
# Usage: bench/writes-ab.sh [seconds per load run, default 20]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
RUN_SECONDS=${1:-20}
WARMUP_SECONDS=${WARMUP_SECONDS:-20}
work=$(mktemp -d /tmp/oewg-hot.XXXXXX)
key="hot-paths-chair-key-$(date +%s)-0123456789abcdef"
pids=()
results="$work/results.txt"
: >"$results"

cleanup() {
    for p in "${pids[@]:-}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
    declare -F pg_down >/dev/null && pg_down
    rm -rf "$work"
}
trap cleanup EXIT

need() { # command, apt package
    command -v "$1" >/dev/null 2>&1 && return 0
    echo "installing $2 from apt" >&2
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
}
need wrk wrk
need curl curl

echo "== building Release" >&2
dotnet publish src/OewgDrafting.Api -c Release -o "$work/api" >/dev/null
dotnet build bench/OewgDrafting.LoadGenerator -c Release >/dev/null
generator() { dotnet "$ROOT/bench/OewgDrafting.LoadGenerator/bin/Release/net10.0/OewgDrafting.LoadGenerator.dll" "$@"; }
export WRK_LIB="$ROOT/bench/wrk"

start_api() { # port, then extra environment; sets LAST_START_MS, the milliseconds from start to a healthy /health
    local port=$1; shift
    local started
    started=$(date +%s%N)
    ( cd "$work/api" && exec env ASPNETCORE_URLS="http://127.0.0.1:$port" ASPNETCORE_ENVIRONMENT=Production \
        Auth__ChairApiKey="$key" RateLimiting__PermitsPerSecond=1000000 RateLimiting__Burst=1000000 \
        Logging__LogLevel__Default=Warning "$@" dotnet OewgDrafting.Api.dll >>"$work/api-$port.log" 2>&1 ) &
    pids+=($!)
    for _ in $(seq 1 3000); do
        if curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1; then
            LAST_START_MS=$(( ($(date +%s%N) - started) / 1000000 ))
            return 0
        fi
        sleep 0.01
    done
    cat "$work/api-$port.log" >&2
    return 1
}

stop_last() { local p=${pids[-1]}; kill "$p"; wait "$p" 2>/dev/null || true; unset 'pids[-1]'; }

json() { node -e 'const o=JSON.parse(process.argv[1]); console.log(process.argv[2].split(".").reduce((v,k)=>v[k],o))' "$1" "$2" 2>/dev/null \
    || python3 -c 'import json,sys; o=json.loads(sys.argv[1]); [o:=o[k] for k in sys.argv[2].split(".")]; print(o)' "$1" "$2"; }

record() { echo "$*" | tee -a "$results"; }

# ---------------------------------------------------------------------------------------------------------------
propose_run() { # label, base url, seconds, readers (1: with Accept-Encoding: gzip, identity: without, 0: none)
    local label=$1 base=$2 seconds=$3 readers=$4
    local acks="$work/acks-$label"; mkdir -p "$acks"
    generator seed --base "$base" --chair-key "$key" --paragraphs 1000 --delegations 193 \
        --out "$work/seed-$label.json" --lua "$work/seed-$label.lua" >&2
    local document; document=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["documentId"])' "$work/seed-$label.json")
    local reader_key; reader_key=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["keys"][0])' "$work/seed-$label.json")
    # Warm up with the same load, readers included, until the JIT has settled (not counted in the figures, but counted
    # in the store check). Under this load on two cores the JIT's tiering takes 15-20 s to settle, and it starts again
    # for whatever code the warm-up did not run: warmed with writers alone, the readers' first seconds in the measured
    # run cost each PostgreSQL instance half a core of compilation (dotnet-counters), and their p99 went from about
    # 60 ms to about 1 s, with timeouts.
    local encoding=(-H "Accept-Encoding: gzip"); [ "$readers" = identity ] && encoding=()
    # Writers and readers start together at START_AT_MS (bench/wrk/report.lua), a few seconds after wrk starts: wrk
    # prepares its 193 threads one after another, and the first ones must not run early at a lower concurrency. The
    # readers run the measured seconds; the writers from the same start until wrk's own clock (which begins when its
    # last thread is ready) has run them too, so the readers are always measured beside the full write load.
    local lead=5
    read_load() { # start, seconds: the readers, 2,000 requests/s in total; prints wrk's summary line
        START_AT_MS=$1 RATE=2000 THREADS=2 wrk -t2 -c100 -d"$(( $2 + lead ))s" -s bench/wrk/read-fixed-rate.lua \
            -H "X-Api-Key: $reader_key" "${encoding[@]}" "$base/api/documents/$document/text?format=markdown" | tail -1
    }
    write_load() { # start, seconds, tag, then wrk's options
        local start=$1 secs=$2 tag=$3; shift 3
        START_AT_MS=$start RUN_TAG=$tag SEED_LUA="$work/seed-$label.lua" ACK_DIR="$acks" \
            wrk -t193 -c193 -d"$(( secs + lead ))s" "$@" -s bench/wrk/propose.lua "$base" | tail -1
    }
    local start warm_readers=""
    start=$(( $(date +%s%3N) + lead * 1000 ))
    if [ "$readers" != 0 ]; then
        read_load "$start" "$WARMUP_SECONDS" >/dev/null &
        warm_readers=$!
    fi
    write_load "$start" "$WARMUP_SECONDS" w >/dev/null
    [ -n "$warm_readers" ] && wait "$warm_readers"
    start=$(( $(date +%s%3N) + lead * 1000 ))
    if [ "$readers" != 0 ]; then
        read_load "$start" "$seconds" >"$work/reads-$label.json" &
        local reader=$!
    fi
    write_load "$start" "$seconds" m --timeout 10s >"$work/writes-$label.json"
    [ "$readers" != 0 ] && wait "$reader"
    record "$label writes=$(cat "$work/writes-$label.json")"
    [ "$readers" != 0 ] && record "$label reads=$(cat "$work/reads-$label.json")"
    # At most one request per connection and run can be stored without its answer reaching wrk before it stopped.
    record "$label store=$(generator count --base "$base" --chair-key "$key" --document "$document" --acknowledged "$acks" --in-flight 386)"
}

api=5391
start_api $api ConnectionStrings__Drafting="Data Source=$work/writes.db" Demo__Seed=false
propose_run sqlite-with-readers "http://127.0.0.1:$api" "$RUN_SECONDS" 1
propose_run sqlite-writes-only "http://127.0.0.1:$api" "$RUN_SECONDS" 0
echo "== results"
cat "$results"
