#!/usr/bin/env bash
# The hot paths, measured side by side on this machine, everything on loopback:
#   1. the cached clean text of the demo document and its 304, against bench/Ceiling (bare Kestrel serving the
#      same bytes) in the same run, as ratios;
#   2. SQLite: 193 delegations (one key, connection and wrk thread each) proposing amendments over a 1,000-paragraph
#      document as fast as they are answered, while readers poll the clean text at a fixed 2,000 requests/s (sending
#      Accept-Encoding: gzip, as browsers do; then once more without, for comparison); then the proposals alone; then
#      every acknowledged proposal is counted (stored once, numbers gap-free, one event); each run also reports the
#      API's processor time per answered proposal;
#   3. a proposal's latency with none and with 1,000 amendments pending on its paragraph;
#   4. cold start of the published server to a healthy /health on an existing database;
#   5. PostgreSQL: two instances behind nginx, the same write and read load, counted the same way.
# Usage: bench/hot-paths.sh [seconds per load run, default 20]
#   SKIP_POSTGRES=1 stops after step 4; ONLY_POSTGRES=1 runs step 5 alone; WRITES_ONLY=1 runs step 2 alone (to compare
#   two builds in one sitting: run it in a worktree of each, one after the other); PG_EXTRA='Writes__MaxBatch=32 …' passes
#   settings to both PostgreSQL instances (for experiments). WEBHOOKS=1 adds, after the writes-only run, the same run with
#   193 webhook subscriptions delivering to a sink (every delivery checked) and a writes-only run again; WEBHOOKS_ONLY=1
#   runs those three alone.
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
dotnet publish bench/Ceiling -c Release -o "$work/ceiling" >/dev/null
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
# The processor time the API's processes have used (their user and system ticks, from /proc).
cpu_ticks() { local t=0 p; for p in "$@"; do t=$(( t + $(awk '{print $14 + $15}' "/proc/$p/stat") )); done; echo "$t"; }

propose_run() { # label, base url, seconds, readers (1: with Accept-Encoding: gzip, identity: without, 0: none), API pids
    local label=$1 base=$2 seconds=$3 readers=$4; shift 4
    local servers=("$@")
    local acks="$work/acks-$label"; mkdir -p "$acks"
    generator seed --base "$base" --chair-key "$key" --paragraphs 1000 --delegations 193 \
        --out "$work/seed-$label.json" --lua "$work/seed-$label.lua" >&2
    local document; document=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["documentId"])' "$work/seed-$label.json")
    # With WITH_WEBHOOKS=1: every seeded delegation subscribes (a few paragraphs each) to a sink on loopback, which
    # checks after the run that every delivery arrived.
    local sink=""
    if [ "${WITH_WEBHOOKS:-0}" = 1 ]; then
        generator webhooks --base "$base" --chair-key "$key" --seed "$work/seed-$label.json" --port 5393 \
            --ready "$work/webhooks-$label.ready" --done "$work/webhooks-$label.done" >"$work/webhooks-$label.json" 2>&1 &
        sink=$!
        until [ -f "$work/webhooks-$label.ready" ]; do
            kill -0 "$sink" 2>/dev/null || { cat "$work/webhooks-$label.json" >&2; return 1; }
            sleep 0.2
        done
    fi
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
    local ticks; ticks=$(cpu_ticks "${servers[@]}")
    write_load "$start" "$seconds" m --timeout 10s >"$work/writes-$label.json"
    ticks=$(( $(cpu_ticks "${servers[@]}") - ticks ))
    [ "$readers" != 0 ] && wait "$reader"
    record "$label writes=$(cat "$work/writes-$label.json")"
    # Steadier than the rate on a shared machine: the API's processor time per answered proposal, while it was measured
    # (with readers, their reads are in it too). Compare builds on the writes-only row.
    record "$label cpu=$(python3 -c 'import json,sys; n=json.load(open(sys.argv[1]))["requests"]; t=int(sys.argv[2])/int(sys.argv[3]); print(f"{t:.1f} s, {t*1e6/n:.0f} us per proposal")' \
        "$work/writes-$label.json" "$ticks" "$(getconf CLK_TCK)")"
    [ "$readers" != 0 ] && record "$label reads=$(cat "$work/reads-$label.json")"
    # At most one request per connection and run can be stored without its answer reaching wrk before it stopped.
    record "$label store=$(generator count --base "$base" --chair-key "$key" --document "$document" --acknowledged "$acks" --in-flight 386)"
    if [ -n "$sink" ]; then
        touch "$work/webhooks-$label.done"
        wait "$sink" || true
        record "$label webhooks=$(tail -1 "$work/webhooks-$label.json")"
    fi
}

if [ "${ONLY_POSTGRES:-0}" != 1 ]; then
# ---------------------------------------------------------------------------------------------------------------
api=5391; ceiling=5392
if [ "${WRITES_ONLY:-0}" != 1 ] && [ "${WEBHOOKS_ONLY:-0}" != 1 ]; then
echo "== 1. cached reads against the ceiling (SQLite, demo document)" >&2
start_api $api ConnectionStrings__Drafting="Data Source=$work/hot.db" Demo__Seed=true
doc=$(curl -fs -H "X-Api-Key: $key" "http://127.0.0.1:$api/api/documents" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
url="http://127.0.0.1:$api/api/documents/$doc/text?format=markdown"
curl -fs -D "$work/text.headers" -o "$work/text.md" -H "X-Api-Key: $key" "$url"
etag=$(grep -i '^etag:' "$work/text.headers" | cut -d' ' -f2 | tr -d '\r')
ctype=$(grep -i '^content-type:' "$work/text.headers" | cut -d' ' -f2- | tr -d '\r')
( exec dotnet "$work/ceiling/Ceiling.dll" --urls "http://127.0.0.1:$ceiling" --body "$work/text.md" --content-type "$ctype" --etag "$etag" \
    >"$work/ceiling.log" 2>&1 ) &
pids+=($!)
for _ in $(seq 1 100); do curl -fs -o /dev/null "http://127.0.0.1:$ceiling/" && break; sleep 0.1; done

bench_get() { # label, url, extra header or ""
    local h=(-H "X-Api-Key: $key"); [ -n "$3" ] && h+=(-H "$3")
    wrk -t2 -c64 -d"${WARMUP_SECONDS}s" "${h[@]}" "$2" >/dev/null
    wrk -t2 -c64 -d"${RUN_SECONDS}s" -s bench/wrk/get.lua "${h[@]}" "$2" | tail -1
}
# Interleaved, each warmed up first, so that both see the same machine.
text_api=$(bench_get api "$url" "")
text_ceiling=$(bench_get ceiling "http://127.0.0.1:$ceiling/" "")
nm_api=$(bench_get api "$url" "If-None-Match: $etag")
nm_ceiling=$(bench_get ceiling "http://127.0.0.1:$ceiling/" "If-None-Match: $etag")
ratio() { python3 -c "import sys; print(f'{float(sys.argv[1])/float(sys.argv[2]):.2f}')" "$1" "$2"; }
record "text200 api=$text_api"
record "text200 ceiling=$text_ceiling"
record "text200 ratio=$(ratio "$(json "$text_api" perSecond)" "$(json "$text_ceiling" perSecond)") bytes=$(wc -c <"$work/text.md")"
record "text304 api=$nm_api"
record "text304 ceiling=$nm_ceiling"
record "text304 ratio=$(ratio "$(json "$nm_api" perSecond)" "$(json "$nm_ceiling" perSecond)")"
stop_last; stop_last
fi

echo "== 2. writes on SQLite" >&2
start_api $api ConnectionStrings__Drafting="Data Source=$work/writes.db" Demo__Seed=false Webhooks__AllowedHosts__0=127.0.0.1
if [ "${WEBHOOKS_ONLY:-0}" != 1 ]; then
propose_run sqlite-with-readers "http://127.0.0.1:$api" "$RUN_SECONDS" 1 "${pids[-1]}"
propose_run sqlite-with-identity-readers "http://127.0.0.1:$api" "$RUN_SECONDS" identity "${pids[-1]}"
fi
propose_run sqlite-writes-only "http://127.0.0.1:$api" "$RUN_SECONDS" 0 "${pids[-1]}"
if [ "${WEBHOOKS:-0}" = 1 ] || [ "${WEBHOOKS_ONLY:-0}" = 1 ]; then
    # The same writes with 193 webhook subscriptions delivering, between two runs without (the machine drifts).
    WITH_WEBHOOKS=1 propose_run sqlite-writes-webhooks "http://127.0.0.1:$api" "$RUN_SECONDS" 0 "${pids[-1]}"
    propose_run sqlite-writes-only-again "http://127.0.0.1:$api" "$RUN_SECONDS" 0 "${pids[-1]}"
fi

if [ "${WRITES_ONLY:-0}" != 1 ] && [ "${WEBHOOKS_ONLY:-0}" != 1 ]; then
echo "== 3. a proposal's latency as amendments pile up on its paragraph" >&2
record "flat $(generator flat --base "http://127.0.0.1:$api" --chair-key "$key" --pending 1000 --delegations 20 | tail -1)"

echo "== 4. cold start on an existing database" >&2
stop_last
starts=()
for _ in 1 2 3; do
    start_api $api ConnectionStrings__Drafting="Data Source=$work/writes.db" Demo__Seed=false
    starts+=("$LAST_START_MS")
    stop_last
done
record "coldstart ms=${starts[*]}"
fi
fi

# ---------------------------------------------------------------------------------------------------------------
if [ "${SKIP_POSTGRES:-0}" != 1 ] && [ "${WRITES_ONLY:-0}" != 1 ] && [ "${WEBHOOKS_ONLY:-0}" != 1 ]; then
    echo "== 5. two instances behind nginx on one PostgreSQL" >&2
    need nginx nginx-light
    # shellcheck source=../.ci/postgres.sh
    source .ci/postgres.sh
    pg_up 55493
    pg="Host=127.0.0.1;Port=55493;Username=postgres;Database=oewg_hot;Maximum Pool Size=60"
    start_api 5393 Database__Provider=Postgres ConnectionStrings__Drafting="$pg" Demo__Seed=false ${PG_EXTRA:-}
    start_api 5394 Database__Provider=Postgres ConnectionStrings__Drafting="$pg" Demo__Seed=false ${PG_EXTRA:-}
    sed -e "s|@WORK@|$work|g" bench/nginx.conf >"$work/nginx.conf"
    nginx -c "$work/nginx.conf" -p "$work"
    for _ in $(seq 1 50); do curl -fs -o /dev/null http://127.0.0.1:5390/health && break; sleep 0.1; done
    propose_run postgres-2-instances http://127.0.0.1:5390 "$RUN_SECONDS" 1 "${pids[-2]}" "${pids[-1]}"
fi

echo
echo "== results ($(nproc) cores; wrk and every server share them)"
cat "$results"
