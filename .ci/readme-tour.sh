#!/usr/bin/env bash
# Runs the README's API tour (every ```sh block between "## API tour" and "## Configuration") against a running
# server, as a reader would paste it, and fails on anything a reader would notice: a 5xx, a 4xx the tour does not
# announce, a jq error, or an adoption that did not happen. CI runs it twice in a row on one fresh database.
#   .ci/readme-tour.sh BASE CHAIR_KEY
set -uo pipefail
base=$1 key=$2
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
[ -n "${TOUR_KEEP:-}" ] || trap 'rm -rf "$work"' EXIT

# The tour's code, with the reader's BASE and CHAIR lines pointing at this server.
awk '/^## API tour/ {on=1} /^## Configuration/ {on=0} on && /^```sh/ {code=1; next} on && /^```/ {code=0; next} code' "$root/README.md" \
    | sed -e "s|^BASE=.*|BASE='$base'|" -e "s|^CHAIR=.*|CHAIR='$key'|" >"$work/tour.sh"
[ -s "$work/tour.sh" ] || { echo "no tour found in README.md" >&2; exit 1; }
grep -q "^BASE='$base'" "$work/tour.sh" && grep -q "^CHAIR='$key'" "$work/tour.sh" || { echo "the tour sets no BASE or CHAIR" >&2; exit 1; }

# Every curl of the tour reports its status to a log the reader never sees.
cat >"$work/prelude.sh" <<EOF
curl() { command curl -w '%{stderr}TOUR %{http_code} %{method} %{url_effective}\n' "\$@"; }
cd "$work" && ln -s "$root/src" src
EOF
bash -c "source '$work/prelude.sh'; source '$work/tour.sh'" >"$work/out.log" 2>"$work/err.log"
cat "$work/out.log"

problems=0
# Statuses the tour itself announces: a stale If-Match (412), the 404s of "is ITA (SECR) registered yet?", and a broken search query (400).
allowed='^TOUR (412 PUT .*/blocks/|404 GET .*/api/delegations/(ITA|SECR)$|400 GET .*/api/search\?q=%22unclosed$)'
while read -r line; do
    code=$(echo "$line" | cut -d' ' -f2)
    if [ "$code" -ge 400 ] || [ "$code" = 000 ] && ! [[ "$line" =~ $allowed ]]; then
        # A stream cut by --max-time reports 200 or 000 after its data; only a failed connection is 000 before.
        case "$line" in *"/events"*) [ "$code" = 000 ] && continue ;; esac
        echo "unexpected: $line" >&2; problems=$((problems + 1))
    fi
done < <(grep '^TOUR ' "$work/err.log")
if grep -v '^TOUR ' "$work/err.log" | grep -E 'jq: error|parse error|command not found|No such file' >&2; then
    problems=$((problems + 1))
fi
grep -q '"method": "consensus"' "$work/out.log" || { echo "the tour's document was not adopted by consensus" >&2; problems=$((problems + 1)); }
calls=$(grep -c '^TOUR ' "$work/err.log")
if [ "$problems" -gt 0 ]; then
    echo "README tour: $problems problem(s) in $calls calls" >&2
    exit 1
fi
echo "README tour: $calls calls, none unexpected, adopted by consensus"
