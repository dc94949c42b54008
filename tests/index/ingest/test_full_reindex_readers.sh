#!/usr/bin/env bash
# reindex --full never takes search down: while a second process queries the
# same database path in a loop (a new connection each time, as a CLI user
# does), the database is rebuilt and swapped twice. The reader must never
# see an error, and must see the new content afterwards.
# usage: test_full_reindex_readers.sh NEWSSEARCH EXTENSION_SO DEMO_DIR SHARED_CORPUS WORKDIR
set -u
NS=$1 SO=${2%.so} DEMO=$3 SHARED=$4 WORK=$5/test_full_reindex_readers
. "$(dirname "$0")/lib.sh"
need_shared "$SHARED"
rm -rf "$WORK" && mkdir -p "$WORK/tree"
db=$WORK/news.db tree=$WORK/tree
cp -r "$DEMO/." "$tree/"
cp "$SHARED/news_kncls_1600.jsonl" "$tree/kncls.jsonl"
"$NS" reindex --full --db "$db" --quiet "$tree" >/dev/null 2>&1

# The reader: count matches of a two-syllable word until told to stop.
reader() {
  local errors=0 reads=0
  while [ ! -f "$WORK/stop" ]; do
    if out=$(sql "$db" "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH '\"장애\"'; SELECT count(*) FROM articles" 2>&1) &&
       [[ $out =~ ^[0-9]+$'\n'[0-9]+$ ]]; then
      reads=$((reads + 1))
    else
      errors=$((errors + 1)); echo "reader error: $out" >&2
    fi
    if stats=$("$NS" stats --db "$db" --json 2>&1); then reads=$((reads + 1));
    else errors=$((errors + 1)); echo "stats error: $stats" >&2; fi
  done
  echo "$reads $errors" > "$WORK/reader.out"
}
reader &
rpid=$!
sleep 0.3
cat > "$tree/2026-12-01-swap-one.md" <<'MD'
---
title: "교체 확인용 첫 기사"
date: 2026-12-01
---
<p>무중단교체첫번째 확인 문장.</p>
MD
"$NS" reindex --full --db "$db" --quiet "$tree" >/dev/null 2>&1; check swap1_status $? 0
cat > "$tree/2026-12-02-swap-two.md" <<'MD'
---
title: "교체 확인용 둘째 기사"
date: 2026-12-02
---
<p>무중단교체두번째 확인 문장.</p>
MD
"$NS" reindex --full --db "$db" --quiet "$tree" >/dev/null 2>&1; check swap2_status $? 0
sleep 0.3
touch "$WORK/stop"
wait "$rpid"
read -r reads errors < "$WORK/reader.out"
check reader_errors "$errors" 0
check reader_kept_reading "$([ "$reads" -gt 10 ] && echo yes)" yes
check new_content_1 "$(sql "$db" "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH '\"무중단교체첫번째\"'")" 1
check new_content_2 "$(sql "$db" "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH '\"무중단교체두번째\"'")" 1
check count_after "$(sql "$db" 'SELECT count(*) FROM articles')" $((34 + 1600 + 2))
rm -rf "$WORK"
finish
