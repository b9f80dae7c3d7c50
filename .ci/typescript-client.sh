#!/usr/bin/env bash
# The frontends' side of the contract: Spectral lints api-specs/openapi.json (any error fails), the TypeScript
# client's generated types must be those of the checked-in description, the client and its example type-check
# with tsc --strict, and the example runs the whole negotiation against a live server.
#   .ci/typescript-client.sh lint                      # Spectral only
#   .ci/typescript-client.sh client BASE_URL CHAIR_KEY  # types, tsc, example
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

ensure_node() {
    if ! command -v npm >/dev/null 2>&1; then
        echo "installing Node.js and npm from apt"
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm) >/dev/null 2>&1 || return 1
    fi
}

case "${1:-}" in
lint)
    ensure_node || { echo "Node.js is not available" >&2; exit 1; }
    (cd .ci/spectral && npm ci --no-audit --no-fund --loglevel=error) || exit 1
    .ci/spectral/node_modules/.bin/spectral lint api-specs/openapi.json --ruleset api-specs/.spectral.yaml --fail-severity error
    ;;
client)
    base=$2 key=$3
    ensure_node || { echo "Node.js is not available" >&2; exit 1; }
    cd clients/typescript || exit 1
    npm ci --no-audit --no-fund --loglevel=error || exit 1
    generated=$(mktemp --suffix=.d.ts)
    npx openapi-typescript "$ROOT/api-specs/openapi.json" --output "$generated" --enum-values >/dev/null || exit 1
    if ! diff -q "$generated" src/schema.d.ts >/dev/null; then
        echo "clients/typescript/src/schema.d.ts is not generated from api-specs/openapi.json: run npm run generate there" >&2
        diff -u src/schema.d.ts "$generated" | head -40 >&2
        exit 1
    fi
    rm -f "$generated"
    npx tsc --strict || exit 1
    OEWG_URL=$base OEWG_CHAIR_KEY=$key node dist/examples/negotiation.js
    ;;
*)
    echo "usage: $0 lint | client BASE_URL CHAIR_KEY" >&2; exit 2 ;;
esac
