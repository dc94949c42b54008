#!/usr/bin/env bash
# Writers side by side: an ingest that runs while `reindex --full` builds
# loses nothing (it waits for the swap and then writes); two processes that
# create the same new database at once both succeed; a process killed while
# it creates a database never leaves a file without the schema behind.
# usage: test_writers.sh NEWSSEARCH EXTENSION_SO SHARED_CORPUS WORKDIR
set -u
NS=$1 SO=${2%.so} SHARED=$3 WORK=$4/test_writers
. "$(dirname "$0")/lib.sh"
need_shared "$SHARED"
rm -rf "$WORK" && mkdir -p "$WORK/tree" "$WORK/new"
db=$WORK/news.db
cp "$SHARED"/news_*.jsonl "$WORK/tree/"
total=$(cat "$SHARED"/news_*.jsonl | wc -l)
post() { # post FILE TITLE
  printf -- '---\ntitle: "%s"\ndate: 2025-03-14\n---\n<p>%s 본문입니다.</p>\n' "$2" "$2" > "$1"
}

# ---- ingest while reindex --full builds ---------------------------------
"$NS" reindex --full --quiet --db "$db" "$WORK/tree"; check full_first $? 0
for round in 1 2; do
  "$NS" reindex --full --quiet --db "$db" "$WORK/tree" & full=$!
  # wait until the build has started (its file appears), then write
  for _ in $(seq 200); do [ -e "$db.full-reindex" ] && break; sleep 0.02; done
  check "round${round}_build_started" "$([ -e "$db.full-reindex" ] && echo yes)" yes
  pids=()
  for i in 1 2 3; do
    post "$WORK/new/r$round-$i.md" "재색인 중에 쓴 기사 $round $i"
    "$NS" ingest --quiet --db "$db" "$WORK/new/r$round-$i.md" 2>/dev/null & pids+=($!)
  done
  printf '{"id":"stdin-%s","title":"표준 입력 기사","body":"재색인 중 표준 입력."}\n' "$round" |
    "$NS" ingest --quiet --db "$db" - 2>/dev/null & pids+=($!)
  running=$(kill -0 "$full" 2>/dev/null && echo yes)
  statuses=""
  for p in "${pids[@]}"; do wait "$p"; statuses="$statuses $?"; done
  wait "$full"; check "round${round}_full_status" $? 0
  check "round${round}_writers_overlapped" "$running" yes
  check "round${round}_ingest_statuses" "$statuses" " 0 0 0 0"
  for i in 1 2 3; do
    check "round${round}_kept_$i" "$(sql "$db" "SELECT count(*) FROM articles WHERE key='r$round-$i.md'")" 1
  done
  check "round${round}_kept_stdin" "$(sql "$db" "SELECT count(*) FROM articles WHERE key='stdin-$round'")" 1
done
# The next --full rebuilds from the tree alone: articles of other paths go,
# reported as deleted (that is what --full is for; round 2 did the same to
# those of round 1).
out=$("$NS" reindex --full --json --db "$db" "$WORK/tree"); check full_after $? 0
check full_after_count "$(sql "$db" 'SELECT count(*) FROM articles')" "$total"
check full_after_deleted "$(json_field "$out" deleted)" 4

# ---- two processes create one new database at once ----------------------
post "$WORK/one.md" "첫째 프로세스"
post "$WORK/two.md" "둘째 프로세스"
bad=0 msgs=""
for i in $(seq 12); do
  rm -f "$WORK/race.db"*
  "$NS" ingest --quiet --db "$WORK/race.db" "$WORK/one.md" 2>"$WORK/err1" & p1=$!
  "$NS" ingest --quiet --db "$WORK/race.db" "$WORK/two.md" 2>"$WORK/err2"; s2=$?
  wait "$p1"; s1=$?
  n=$(sql "$WORK/race.db" 'SELECT count(*) FROM articles')
  if [ "$s1/$s2/$n" != "0/0/2" ]; then bad=$((bad + 1)); msgs="$msgs [$s1/$s2/$n $(cat "$WORK/err1" "$WORK/err2")]"; fi
done
check concurrent_create_all_succeed "$bad" "0"
[ "$bad" -eq 0 ] || echo "  $msgs"

# ---- killed while creating ----------------------------------------------
bad=0
for delay in 0 0.002 0.005 0.01 0.02 0.04 0.08; do
  rm -f "$WORK/kill.db"*
  "$NS" ingest --quiet --db "$WORK/kill.db" "$WORK/one.md" 2>/dev/null & p=$!
  sleep "$delay"; kill -9 "$p" 2>/dev/null; wait "$p" 2>/dev/null
  if [ -e "$WORK/kill.db" ]; then
    n=$(sql "$WORK/kill.db" 'SELECT count(*) FROM articles' 2>&1)
    case $n in 0|1) ;; *) bad=$((bad + 1)); echo "  after ${delay}s: $n" ;; esac
  fi
  "$NS" ingest --quiet --db "$WORK/kill.db" "$WORK/one.md" 2>/dev/null || bad=$((bad + 1))
done
check killed_create_never_half_made "$bad" 0
check killed_create_no_leftovers "$(ls "$WORK" | grep -c 'creat')" 0

rm -rf "$WORK"
finish
