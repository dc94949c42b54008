#!/usr/bin/env bash
# Nothing lost: an ingest of the shared news files is killed with SIGKILL at
# several points. Each time the database must pass PRAGMA integrity_check and
# FTS5's integrity-check, hold only whole articles (table and index agree),
# and never hold fewer articles than before the run; running the same command
# again must end with the full count. Then `reindex --full` is killed the
# same way: the live database must stay as it was each time.
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

# reindex --full builds its new database beside the live one with no journal
# on disk and no syncs: a kill at any point must leave the live database as
# it was, and the next run must throw the half-built file away and finish.
mkdir -p "$WORK/tree" && cp "$SHARED"/news_*.jsonl "$WORK/tree/"
live_state() { sql "$db" 'SELECT count(*), sum(length(key)), sum(length(body)) FROM articles'; }
state=$(live_state)
full_kills=0
for delay in 0.1 0.4 0.8 1.2 1.8; do
  "$NS" reindex --full --db "$db" --quiet "$WORK/tree" >/dev/null 2>&1 &
  pid=$!
  sleep "$delay"
  if kill -9 "$pid" 2>/dev/null; then full_kills=$((full_kills + 1)); fi
  wait "$pid" 2>/dev/null
  now=$(live_state)
  # the swap is one transaction: before it the old content, after it the new
  # (the same articles from the same files)
  check "full_live_unchanged_after_${delay}s" "$now" "$state"
  check "full_live_integrity_after_${delay}s" \
    "$(sql "$db" "PRAGMA integrity_check; INSERT INTO articles_fts(articles_fts) VALUES('integrity-check'); SELECT 'ok'" 2>&1)" "ok
ok"
done
check killed_mid_full_reindex_at_least_twice "$([ "$full_kills" -ge 2 ] && echo yes)" yes
"$NS" reindex --full --db "$db" --quiet "$WORK/tree" >/dev/null; check full_rerun_status $? 0
check full_rerun_count "$(sql "$db" 'SELECT count(*) FROM articles')" "$total"
check full_rerun_no_leftover "$(ls "$WORK" | grep -c 'full-reindex$')" 0
rm -rf "$WORK"
finish
