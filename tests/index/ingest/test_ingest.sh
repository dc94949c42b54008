#!/usr/bin/env bash
# Ingest as a batch job sees it: the demo corpus, the shared sample-md posts
# and every shared news_*.jsonl; counts match the inputs, fields are right by
# value, stats agree, and the database passes both integrity checks.
# usage: test_ingest.sh NEWSSEARCH EXTENSION_SO DEMO_DIR SHARED_CORPUS WORKDIR
set -u
NS=$1 SO=${2%.so} DEMO=$3 SHARED=$4 WORK=$5/test_ingest
. "$(dirname "$0")/lib.sh"
need_shared "$SHARED"
rm -rf "$WORK" && mkdir -p "$WORK"
db=$WORK/news.db

out=$("$NS" ingest --db "$db" --json "$DEMO"); status=$?
check demo_status "$status" 0
check demo_added "$(json_field "$out" added)" 34
check demo_failed "$(json_field "$out" failed)" 0

news_lines=$(cat "$SHARED"/news_*.jsonl | wc -l)
out=$("$NS" ingest --db "$db" --json "$SHARED/sample-md" "$SHARED"/news_*.jsonl); status=$?
check shared_status "$status" 0
check shared_added "$(json_field "$out" added)" $((20 + news_lines))
check total_articles "$(sql "$db" 'SELECT count(*) FROM articles')" $((34 + 20 + news_lines))

# Fields by value, from each format.
check md_title "$(sql "$db" "SELECT title FROM articles WHERE key='2025-02-14-messenger-outage.md'")" \
  "$(sed -n 's/^title: *"\(.*\)"$/\1/p' "$DEMO/2025-02-14-messenger-outage.md")"
check md_date_utc "$(sql "$db" "SELECT published FROM articles WHERE key='2025-03-14-employment-system-outage.md'")" \
  "$(python3 - "$DEMO/2025-03-14-employment-system-outage.md" <<'PY'
import sys, re, datetime
d = re.search(r'^date: *(.+)$', open(sys.argv[1], encoding='utf-8').read(), re.M).group(1).strip()
for fmt in ('%Y-%m-%d %H:%M:%S %z', '%Y-%m-%dT%H:%M:%SZ', '%Y-%m-%d'):
    try:
        t = datetime.datetime.strptime(d, fmt)
        break
    except ValueError:
        pass
if t.tzinfo: t = t.astimezone(datetime.timezone.utc)
print(t.strftime('%Y-%m-%dT%H:%M:%SZ'))
PY
)"
check script_title "$(sql "$db" "SELECT title FROM articles WHERE key='2025-04-07-script-tag-controversy.md'")" \
  '태그 <script>alert(1)</script> 표기 논란'
check markdown_title_from_heading "$(sql "$db" "SELECT title <> '' FROM articles WHERE key='2025-01-24-lunar-new-year-travel.md'")" 1
check jsonl_key_and_category "$(sql "$db" "SELECT categories FROM articles WHERE key='wire-2025-0001'")" \
  "[\"$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["category"])' "$DEMO/feeds/wire-2025.jsonl")\"]"
check jsonl_date "$(sql "$db" "SELECT published FROM articles WHERE key='wire-2025-0001'")" \
  "$(python3 -c '
import json,sys,datetime
d=json.loads(open(sys.argv[1]).readline())["date"]
print(datetime.datetime.fromisoformat(d).astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))' "$DEMO/feeds/wire-2025.jsonl")"
check html_page_title "$(sql "$db" "SELECT title <> '' AND instr(body, 'function') = 0 FROM articles WHERE key='pages/press-release.html'")" 1
first_kncls=$(head -n 1 "$SHARED/news_kncls_1600.jsonl")
check kncls_title "$(sql "$db" "SELECT title FROM articles WHERE key='$(json_field "$first_kncls" id)'")" "$(json_field "$first_kncls" title)"
check kncls_category "$(sql "$db" "SELECT categories FROM articles WHERE key='$(json_field "$first_kncls" id)'")" "[\"$(json_field "$first_kncls" category)\"]"
sample=$(ls "$SHARED/sample-md" | head -n 1)
check sample_md_date_from_front_matter "$(sql "$db" "SELECT substr(published, 1, 4) FROM articles WHERE key='$sample'")" "${sample:0:4}"

# The full-text index answers, and matches the table.
check fts_finds_particle "$(sql "$db" "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH '\"카카오톡\"' AND rowid IN (SELECT id FROM articles WHERE key='2025-02-14-messenger-outage.md')")" 1
check integrity "$(sql "$db" 'PRAGMA integrity_check')" ok
check fts_integrity "$(sql "$db" "INSERT INTO articles_fts(articles_fts) VALUES('integrity-check'); SELECT 'ok'")" ok

stats=$("$NS" stats --db "$db" --json)
check stats_articles "$(json_field "$stats" articles)" $((34 + 20 + news_lines))
check stats_has_category "$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["categories"].get("IT/과학", 0) > 0)' "$stats")" True
check stats_bytes "$(python3 -c 'import json,sys,os; print(json.loads(sys.argv[1])["bytes"] >= os.path.getsize(sys.argv[2]))' "$stats" "$db")" True
check stats_last_reindex_null "$(json_field "$stats" last_reindex)" None

# Ingesting the same inputs again changes nothing.
out=$("$NS" ingest --db "$db" --json "$DEMO")
check again_unchanged "$(json_field "$out" unchanged)" 34
check again_added "$(json_field "$out" added)" 0

# $NEWSSEARCH_DB is the default database.
out=$(cd "$WORK" && NEWSSEARCH_DB=$WORK/env.db "$NS" ingest --json "$DEMO/feeds")
check env_db "$(sql "$WORK/env.db" 'SELECT count(*) FROM articles')" 6

# A newer schema is refused; someone else's database is refused.
sqlite3 "$WORK/env.db" 'PRAGMA user_version=99'
msg=$("$NS" stats --db "$WORK/env.db" 2>&1); status=$?
check newer_status "$status" 1
check_contains newer_message "$msg" "newer newssearch"
sqlite3 "$WORK/other.db" 'CREATE TABLE x(y)'
msg=$("$NS" ingest --db "$WORK/other.db" "$DEMO/feeds" 2>&1); status=$?
check foreign_status "$status" 1
check_contains foreign_message "$msg" "not a newssearch database"

rm -rf "$WORK"
finish
