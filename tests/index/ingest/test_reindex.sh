#!/usr/bin/env bash
# reindex keeps the database in step with a tree: after changing, adding and
# deleting files (and a JSON line) the reported counts and the database
# agree, and a second run changes nothing. Also --full on a fresh path.
# usage: test_reindex.sh NEWSSEARCH EXTENSION_SO DEMO_DIR WORKDIR
set -u
NS=$1 SO=${2%.so} DEMO=$3 WORK=$4/test_reindex
. "$(dirname "$0")/lib.sh"
rm -rf "$WORK" && mkdir -p "$WORK"
tree=$WORK/tree db=$WORK/news.db
cp -r "$DEMO" "$tree"

counts() { # prints "added updated unchanged deleted failed"
  python3 -c 'import json,sys; o=json.loads(sys.argv[1]); print(o["added"],o["updated"],o["unchanged"],o["deleted"],o["failed"])' "$1"
}

out=$("$NS" reindex --db "$db" --json "$tree"); check first_status $? 0
check first_counts "$(counts "$out")" "34 0 0 0 0"

# change one post, add one, delete one, drop one JSON line, change another
sed -i 's/<p>/<p>수정된 문단. /' "$tree/2024-01-15-cold-wave-snow.md"
cat > "$tree/2026-11-30-new-post.md" <<'MD'
---
title: "새 기사 추가 확인"
date: 2026-11-30
categories: 사회
---
<p>재색인 시험을 위해 새로 쓴 기사다.</p>
MD
rm "$tree/2024-08-03-archery-championship.md"
sed -i '6d' "$tree/feeds/wire-2025.jsonl"
sed -i '1s/"title": *"/"title":"[수정] /' "$tree/feeds/wire-2025.jsonl"

out=$("$NS" reindex --db "$db" --json "$tree"); check second_status $? 0
check second_counts "$(counts "$out")" "1 2 30 2 0"
check db_count "$(sql "$db" 'SELECT count(*) FROM articles')" 33
check deleted_file_gone "$(sql "$db" "SELECT count(*) FROM articles WHERE key='2024-08-03-archery-championship.md'")" 0
check deleted_line_gone "$(sql "$db" "SELECT count(*) FROM articles WHERE key='wire-2025-0006'")" 0
check updated_title "$(sql "$db" "SELECT substr(title, 1, 4) FROM articles WHERE key='wire-2025-0001'")" "[수정]"
check updated_body_searchable "$(sql "$db" "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH '\"수정된 문단\"'")" 1
check fts_integrity "$(sql "$db" "INSERT INTO articles_fts(articles_fts) VALUES('integrity-check'); SELECT 'ok'")" ok

out=$("$NS" reindex --db "$db" --json "$tree"); check third_status $? 0
check third_counts "$(counts "$out")" "0 0 33 0 0"
check last_reindex_set "$("$NS" stats --db "$db" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["last_reindex"] is not None)')" True

# Deleting articles is scoped to the root being reindexed.
mkdir -p "$WORK/other" && cp "$DEMO/2025-02-14-messenger-outage.md" "$WORK/other/x.md"
"$NS" ingest --db "$db" "$WORK/other" 2>/dev/null
out=$("$NS" reindex --db "$db" --json "$tree")
check other_root_kept "$(sql "$db" "SELECT count(*) FROM articles WHERE key='x.md'")" 1
check other_root_no_delete "$(counts "$out")" "0 0 33 0 0"

# --full on a path with no database yet builds it in place; on an existing
# one it swaps the new content in and reports the difference.
out=$("$NS" reindex --full --db "$WORK/full.db" --json "$tree"); check full_new_status $? 0
check full_new_count "$(sql "$WORK/full.db" 'SELECT count(*) FROM articles')" 33
rm "$tree/2024-01-15-cold-wave-snow.md"
out=$("$NS" reindex --full --db "$WORK/full.db" --json "$tree"); check full_swap_status $? 0
check full_swap_counts "$(counts "$out")" "0 0 32 1 0"
check full_swap_count "$(sql "$WORK/full.db" 'SELECT count(*) FROM articles')" 32
check full_integrity "$(sql "$WORK/full.db" "PRAGMA integrity_check; INSERT INTO articles_fts(articles_fts) VALUES('integrity-check'); SELECT 'ok'")" "ok
ok"
check full_no_leftovers "$(ls "$WORK" | grep -c 'full.db.full-reindex$')" 0

rm -rf "$WORK"
finish
