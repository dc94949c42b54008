#!/usr/bin/env bash
# One key, two sources: the first source that stored a key keeps it. A
# second file giving the same front-matter id (or JSON Lines id) is
# reported with both paths and counts as failed; its article is not
# written over the first. Deleting the loser never deletes the winner's
# article, and once the winner is gone (or gives up the id) the other file
# takes the key over. A file that is only moved keeps its article.
# usage: test_key_claims.sh NEWSSEARCH EXTENSION_SO DEMO_DIR WORKDIR
set -u
NS=$1 SO=${2%.so} WORK=$4/test_key_claims
. "$(dirname "$0")/lib.sh"
rm -rf "$WORK" && mkdir -p "$WORK/tree"
tree=$WORK/tree db=$WORK/news.db

post() { # post FILE ID TITLE
  printf -- '---\nid: %s\ntitle: "%s"\ndate: 2025-03-14\n---\n<p>%s 본문입니다.</p>\n' \
    "$2" "$3" "$3" > "$1"
}
title_of() { sql "$db" "SELECT coalesce((SELECT title FROM articles WHERE key='$1'), '(none)')"; }
errors_of() { # the messages of a --json summary, one per line
  python3 -c 'import json,sys; [print(e["path"], e["message"]) for e in json.loads(sys.argv[1])["errors"]]' "$1"
}

post "$tree/a.md" dup-1 "첫 번째 기사"
post "$tree/b.md" dup-1 "두 번째 기사"
out=$("$NS" reindex --db "$db" --json "$tree"); check dup_status $? 3
check dup_failed "$(json_field "$out" failed)" 1
check dup_winner_kept "$(title_of dup-1)" "첫 번째 기사"
errs=$(errors_of "$out")
check_contains dup_names_loser "$errs" "$tree/b.md"
check_contains dup_names_winner "$errs" "$tree/a.md"

# Again: still reported, still the first file's article.
out=$("$NS" reindex --db "$db" --json "$tree"); check dup_again_status $? 3
check dup_again_winner "$(title_of dup-1)" "첫 번째 기사"

# Deleting the loser leaves the winner's article.
rm "$tree/b.md"
out=$("$NS" reindex --db "$db" --json "$tree"); check loser_gone_status $? 0
check loser_gone_winner_kept "$(title_of dup-1)" "첫 번째 기사"
check loser_gone_deleted "$(json_field "$out" deleted)" 0

# Deleting the winner hands the key to the other claimant in the same run.
post "$tree/b.md" dup-1 "두 번째 기사"
"$NS" reindex --db "$db" --json "$tree" >/dev/null
rm "$tree/a.md"
out=$("$NS" reindex --db "$db" --json "$tree"); check winner_gone_status $? 0
check winner_gone_taken_over "$(title_of dup-1)" "두 번째 기사"

# A plain ingest of a second tree with a key the first one holds.
mkdir -p "$WORK/other"
post "$WORK/other/c.md" dup-1 "다른 곳의 기사"
out=$("$NS" ingest --db "$db" --json "$WORK/other"); check ingest_dup_status $? 3
check ingest_dup_kept "$(title_of dup-1)" "두 번째 기사"
check_contains ingest_dup_names_winner "$(errors_of "$out")" "$tree/b.md"
check ingest_dup_added "$(json_field "$out" added)/$(json_field "$out" updated)" 0/0

# JSON Lines: the same id in two exports.
printf '{"id":"j-1","title":"피드 하나","body":"첫 피드 본문."}\n' > "$tree/feed1.jsonl"
printf '{"id":"j-1","title":"피드 둘","body":"둘째 피드 본문."}\n' > "$tree/feed2.jsonl"
out=$("$NS" reindex --db "$db" --json "$tree"); check jsonl_dup_status $? 3
check jsonl_dup_winner "$(title_of j-1)" "피드 하나"
check_contains jsonl_dup_names "$(errors_of "$out")" "$tree/feed1.jsonl"
rm "$tree/feed2.jsonl"
out=$("$NS" reindex --db "$db" --json "$tree"); check jsonl_loser_gone $? 0
check jsonl_winner_kept "$(title_of j-1)" "피드 하나"

# A moved file keeps its article (no claim: its old path is gone).
post "$tree/m1.md" moved-1 "옮겨진 기사"
"$NS" reindex --db "$db" --json "$tree" >/dev/null
mv "$tree/m1.md" "$tree/m2.md"
out=$("$NS" reindex --db "$db" --json "$tree"); check moved_status $? 0
check moved_kept "$(title_of moved-1)" "옮겨진 기사"
check moved_source "$(sql "$db" "SELECT source_path FROM articles WHERE key='moved-1'")" "$tree/m2.md"

# An id handed from a later file (z) to an earlier one (y) in one edit:
# y is read first while z still holds the id, and gets it once z gave it up.
post "$tree/z.md" hand-1 "넘겨줄 기사"
"$NS" reindex --db "$db" --json "$tree" >/dev/null
post "$tree/z.md" hand-2 "새 아이디 기사"
post "$tree/y.md" hand-1 "넘겨받은 기사"
out=$("$NS" reindex --db "$db" --json "$tree"); check handover_status $? 0
check handover_taken "$(title_of hand-1)" "넘겨받은 기사"
check handover_new "$(title_of hand-2)" "새 아이디 기사"

# --full keeps the first claimant as well.
post "$tree/x.md" hand-1 "늦게 온 기사"  # x sorts before y, which holds the id
out=$("$NS" reindex --full --db "$db" --json "$tree"); check full_dup_status $? 3
check full_dup_winner "$(title_of hand-1)" "넘겨받은 기사"
check_contains full_dup_names "$(errors_of "$out")" "$tree/y.md"

rm -rf "$WORK"
finish
