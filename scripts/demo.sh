#!/usr/bin/env bash
# Installs what is needed, builds, loads the bundled demo articles
# (demo/articles) into demo.db, shows a search from the command line, and
# serves the search page at http://127.0.0.1:8080 until Ctrl-C.
# usage: scripts/demo.sh [PORT]
set -euo pipefail
cd "$(dirname "$0")/.."
port=${1:-8080}
scripts/install-deps.sh build
scripts/build.sh >/dev/null
ns=build/newssearch

echo "== loading demo/articles into demo.db"
"$ns" reindex --db demo.db demo/articles
echo
"$ns" stats --db demo.db
echo
echo "== how the index sees Korean: newssearch tokenize '카카오톡과 포털'"
"$ns" tokenize '카카오톡과 포털' | sed 's/^/   /'
echo
echo "== newssearch query --db demo.db 장애"
"$ns" query --db demo.db --limit 3 장애
echo
echo "== the search page: open http://127.0.0.1:$port/?q=장애 (Ctrl-C stops)"
exec "$ns" serve --db demo.db --port "$port"
