#!/usr/bin/env bash
# Fetches the compilation of the demo document as Word (after opening it and tabling an amendment, so that it holds
# a tracked change and a comment) and its decision list (a table, with the chair's proposed handling), and converts
# both to PDF with LibreOffice headless; fails if LibreOffice cannot.
#   .ci/word-to-pdf.sh BASE CHAIR_KEY OUT_DIR
set -euo pipefail
base=$1 key=$2 out=$3
if ! command -v soffice >/dev/null 2>&1; then
    echo "installing libreoffice-writer-nogui from apt" >&2
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-writer-nogui >/dev/null
    else
        sudo apt-get update -qq >/dev/null && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-writer-nogui >/dev/null
    fi
fi

h="X-Api-Key: $key"
doc=$(curl -fsS -H "$h" "$base/api/documents" | python3 -c 'import json,sys; print([d for d in json.load(sys.stdin) if d["symbol"]=="A/AC.292/2025/L.1"][0]["id"])')
curl -fsS -o /dev/null -H "$h" -X POST "$base/api/documents/$doc/open"
p1=$(curl -fsS -H "$h" "$base/api/documents/$doc" | python3 -c 'import json,sys; print([b for b in json.load(sys.stdin)["blocks"] if b["label"]=="1"][0]["id"])')
curl -fsS -o /dev/null -H "$h" -H 'Content-Type: application/json' -X POST "$base/api/documents/$doc/amendments" \
    -d "{\"kind\":\"replace\",\"blockId\":\"$p1\",\"baseVersion\":1,\"quote\":\"decidió\",\"text\":\"resolvió\",\"justification\":\"Estilo.\"}"
curl -fsS -H "$h" -o "$out/compilation.docx" "$base/api/documents/$doc/text?view=compilation&format=docx"
a1=$(curl -fsS -H "$h" "$base/api/documents/$doc/amendments" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
curl -fsS -o /dev/null -H "$h" -H 'Content-Type: application/json' -X PUT "$base/api/documents/$doc/amendments/$a1/handling" -d '{"handling":"accept"}'
curl -fsS -H "$h" -o "$out/decision-list.docx" "$base/api/documents/$doc/decision-list?format=docx"
for name in compilation decision-list; do
    profile=$(mktemp -d)
    timeout 300 soffice --headless --norestore "-env:UserInstallation=file://$profile" --convert-to pdf --outdir "$out" "$out/$name.docx" >"$out/soffice.log" 2>&1 \
        || { cat "$out/soffice.log"; exit 1; }
    rm -rf "$profile"
    head -c 5 "$out/$name.pdf" | grep -q '%PDF-' || { echo "no PDF was written for $name" >&2; cat "$out/soffice.log"; exit 1; }
    echo "LibreOffice converted the $name ($(wc -c <"$out/$name.docx") bytes of .docx) to PDF ($(wc -c <"$out/$name.pdf") bytes)"
done
