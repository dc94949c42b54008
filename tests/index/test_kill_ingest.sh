#!/usr/bin/env bash
# Nothing lost: an ingest of the shared news files is killed with SIGKILL at
# several points. Each time the database must pass PRAGMA integrity_check and
# FTS5's integrity-check, hold only whole articles (table and index agree),
# and never hold fewer articles than before the run; running the same command
# again must end with the full count.
# usage: test_kill_ingest.sh NEWSSEARCH EXTENSION_SO SHARED_CORPUS WORKDIR
set -u
NS=$1 SO=${2%.so} SHARED=$3 WORK=$4/test_kill_ingest
. "$(dirname "$0")/lib.sh"
need_shared "$SHARED"
rm -rf "$WORK" && mkdir -p "$WORK"
db=$WORK/news.db
total=$(cat "$SHARED"/news_*.jsonl | wc -l)
before=0
kills=0
# Delays in seconds after the start at which the run is killed; each run
# resumes from what the last one committed.
for delay in 0.05 0.3 0.6 0.9 1.3 1.8 2.5; do
  "$NS" ingest --db "$db" --quiet "$SHARED"/news_*.jsonl >/dev/null 2>&1 &
  pid=$!
  sleep "$delay"
  if kill -9 "$pid" 2>/dev/null; then kills=$((kills + 1)); fi
  wait "$pid" 2>/dev/null
  [ -f "$db" ] || continue
  n=$(sql "$db" 'SELECT count(*) FROM articles')
  check "integrity_after_${delay}s" "$(sql "$db" 'PRAGMA integrity_check')" ok
  check "fts_integrity_after_${delay}s" \
    "$(sql "$db" "INSERT INTO articles_fts(articles_fts) VALUES('integrity-check'); SELECT 'ok'" 2>&1)" ok
  check "index_matches_table_after_${delay}s" \
    "$(sql "$db" 'SELECT count(*) FROM articles_fts_docsize')" "$n"
  check "nothing_lost_after_${delay}s" "$([ "$n" -ge "$before" ] && echo yes)" yes
  before=$n
done
check killed_mid_ingest_at_least_twice "$([ "$kills" -ge 2 ] && echo yes)" yes
out=$("$NS" ingest --db "$db" --json "$SHARED"/news_*.jsonl); check rerun_status $? 0
check rerun_full_count "$(sql "$db" 'SELECT count(*) FROM articles')" "$total"
check rerun_integrity "$(sql "$db" "PRAGMA integrity_check; INSERT INTO articles_fts(articles_fts) VALUES('integrity-check'); SELECT 'ok'")" "ok
ok"
rm -rf "$WORK"
finish
