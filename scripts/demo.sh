#!/usr/bin/env bash
# Installs what is needed, builds, loads the bundled demo articles in
# demo/articles into demo.db, and shows what the index holds and how it
# tokenizes Korean.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh build
scripts/build.sh
ns=build/newssearch

echo
echo "== the demo articles: $(find demo/articles -type f | wc -l) files in demo/articles"
echo
echo "== how a sentence from them is indexed (newssearch tokenize):"
line=$(grep -rho 'PC버전 카카오톡과 포털[^<.]*' demo/articles | head -n 1)
echo "   text: $line"
"$ns" tokenize "$line" | head -n 12 | sed 's/^/   /'
echo
echo "== and how a query is tokenized (newssearch tokenize --query 카카오톡):"
"$ns" tokenize --query '카카오톡' | sed 's/^/   /'
echo
echo "== the same text in SQLite, through the loadable extension:"
sqlite3 :memory: <<SQL | sed 's/^/   /'
.load build/newssearch_fts5
CREATE VIRTUAL TABLE t USING fts5(body, tokenize='hangul');
INSERT INTO t(body) VALUES ('$line');
SELECT highlight(t, 0, '[', ']') FROM t WHERE t MATCH '"카카오톡"';
SQL

echo
echo "== loading the demo articles into demo.db (newssearch reindex --db demo.db demo/articles):"
"$ns" reindex --db demo.db demo/articles
echo
"$ns" stats --db demo.db
echo
echo "== a two-syllable word, straight from the index (장애):"
sqlite3 demo.db ".load build/newssearch_fts5" \
  "SELECT '   ' || highlight(articles_fts, 0, '[', ']') FROM articles_fts WHERE articles_fts MATCH '\"장애\"' ORDER BY rank LIMIT 5"
