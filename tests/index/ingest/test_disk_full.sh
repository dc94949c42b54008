#!/usr/bin/env bash
# Disk full during an ingest: the file-size limit (ulimit -f, as systemd's
# LimitFSIZE sets it) stops the database from growing. newssearch ignores
# SIGXFSZ, so the write fails with EFBIG as on a full disk instead of the
# signal killing it without a word. The ingest must fail with a clear
# message and exit status 1, its summary must count only what was
# committed, and the database must stay intact and searchable with every
# article committed before.
# usage: test_disk_full.sh NEWSSEARCH EXTENSION_SO DEMO_DIR SHARED_CORPUS WORKDIR
set -u
NS=$1 SO=${2%.so} DEMO=$3 SHARED=$4 WORK=$5/test_disk_full
. "$(dirname "$0")/lib.sh"
need_shared "$SHARED"
rm -rf "$WORK" && mkdir -p "$WORK"
db=$WORK/news.db
"$NS" ingest --quiet --db "$db" "$DEMO" 2>/dev/null; check demo_loaded $? 0
before=$(sql "$db" 'SELECT count(*) FROM articles')
size_kb=$(( ($(stat -c %s "$db") + $(stat -c %s "$db-wal" 2>/dev/null || echo 0)) / 1024 ))
# Room for about 2 MB more: far less than the shared news need.
out=$( ulimit -f $((size_kb + 2048)); "$NS" ingest --json --db "$db" "$SHARED"/news_*.jsonl 2>"$WORK/err" ); status=$?
msg=$(cat "$WORK/err")
check status "$status" 1
check_contains message_names_db "$msg" "$db"
check_contains message_says_what "$msg" "disk"
check integrity "$(sql "$db" 'PRAGMA integrity_check')" ok
check fts_integrity "$(sql "$db" "INSERT INTO articles_fts(articles_fts) VALUES('integrity-check'); SELECT 'ok'")" ok
after=$(sql "$db" 'SELECT count(*) FROM articles')
check nothing_lost "$([ "$after" -ge "$before" ] && echo yes)" yes
check summary_counts_committed "$(json_field "$out" added)" "$((after - before))"
out=$("$NS" query --db "$db" --json 장애); check searchable $? 0
check_contains search_answers "$out" '"hits":[{'
# With room again, the same command completes the job.
"$NS" ingest --quiet --db "$db" "$SHARED"/news_*.jsonl 2>/dev/null; check rerun_status $? 0
check rerun_count "$(sql "$db" 'SELECT count(*) FROM articles')" $((before + $(cat "$SHARED"/news_*.jsonl | wc -l)))
rm -rf "$WORK"
finish
