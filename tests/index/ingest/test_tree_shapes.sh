#!/usr/bin/env bash
# Ordinary file-system shapes that once hung a batch or lost articles:
# folders that cannot be read (their articles are kept, and reported),
# symbolic links (inside the tree followed once, leaving it not followed,
# loops never walked twice), special files (a FIFO is never opened for a
# blocking read), and file names that are not UTF-8 (keys and paths stay
# valid JSON). Every command runs under `timeout`, so a hang fails the
# test instead of stalling it.
# usage: test_tree_shapes.sh NEWSSEARCH EXTENSION_SO DEMO_DIR WORKDIR
set -u
NS=$1 SO=${2%.so} DEMO=$3 WORK=$4/test_tree_shapes
. "$(dirname "$0")/lib.sh"
rm -rf "$WORK" && mkdir -p "$WORK"
NS_T() { timeout 30 "$NS" "$@"; }
as_nobody() { timeout 30 setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }
count() { sql "$1" 'SELECT count(*) FROM articles'; }
valid_json() { python3 -c 'import json,sys; json.loads(sys.argv[1]); print("valid")' "$1" 2>&1; }
post() { # post FILE TITLE
  printf -- '---\ntitle: "%s"\ndate: 2025-03-14\n---\n<p>%s 본문입니다.</p>\n' "$2" "$2" > "$1"
}

# ---- a folder that cannot be read: reported, its articles kept ----------
tree=$WORK/locked db=$WORK/locked.db
mkdir -p "$tree/open" "$tree/shut"
post "$tree/open/a.md" "열린 폴더 기사"
post "$tree/shut/b.md" "닫힌 폴더 기사"
post "$tree/shut/c.md" "닫힌 폴더 기사 둘"
chmod 777 "$WORK" "$tree" "$tree/open" "$tree/shut"
out=$(as_nobody "$NS" reindex --db "$db" --json "$tree"); check locked_first $? 0
check locked_first_count "$(count "$db")" 3
chmod 000 "$tree/shut"
out=$(as_nobody "$NS" reindex --db "$db" --json "$tree"); check locked_status $? 3
check locked_kept "$(count "$db")" 3
check locked_deleted "$(json_field "$out" deleted)" 0
check_contains locked_reported "$out" "$tree/shut"
# A file that cannot be read is kept too (as before), and so are the
# articles under a folder whose entries cannot be looked up (read, no search).
chmod 755 "$tree/shut"; chmod 000 "$tree/shut/b.md"
out=$(as_nobody "$NS" reindex --db "$db" --json "$tree"); check locked_file_status $? 3
check locked_file_kept "$(count "$db")" 3
chmod 644 "$tree/shut/b.md"; chmod 744 "$tree/shut"
out=$(as_nobody "$NS" reindex --db "$db" --json "$tree"); check no_search_status $? 3
check no_search_kept "$(count "$db")" 3
# --full keeps them as well: the new database carries the live articles of
# every input it could not read.
chmod 000 "$tree/shut"
out=$(as_nobody "$NS" reindex --full --db "$db" --json "$tree"); check locked_full_status $? 3
check locked_full_kept "$(count "$db")" 3
check locked_full_text "$(sql "$db" "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH '\"닫힌 폴더\"'")" 2
chmod 755 "$tree/shut"
out=$(as_nobody "$NS" reindex --db "$db" --json "$tree"); check unlocked_status $? 0
check unlocked_count "$(count "$db")" 3

# ---- symbolic links ------------------------------------------------------
tree=$WORK/links db=$WORK/links.db
mkdir -p "$tree/a/deep" "$tree/b" "$WORK/outside"
post "$tree/a/one.md" "하나"
post "$tree/a/deep/two.md" "둘"
post "$tree/b/three.md" "셋"
post "$WORK/outside/far.md" "바깥"
ln -s .. "$tree/a/up"          # back to the root: a loop
ln -s ../.. "$tree/a/deep/up"  # another loop: walked naively, exponential
ln -s ../a "$tree/b/alias"     # an alias of a folder inside the tree
ln -s ../a/one.md "$tree/b/same.md"  # an alias of a file inside the tree
ln -s "$WORK/outside" "$tree/out"    # leaves the tree
ln -s "$WORK/nowhere" "$tree/broken.md"
out=$(NS_T ingest --db "$db" --json "$tree"); check links_status $? 0
check links_valid_json "$(valid_json "$out")" valid
check links_each_file_once "$(sql "$db" 'SELECT group_concat(key, " ") FROM (SELECT key FROM articles ORDER BY key)')" \
  "a/deep/two.md a/one.md b/three.md"
check_contains links_outside_said "$out" "$tree/out"
check links_outside_said_once "$(grep -o 'leaves' <<<"$out" | wc -l)" 1
# A link named on the command line is followed.
ln -s "$WORK/outside" "$WORK/outside-link"
out=$(NS_T ingest --db "$db" --json "$WORK/outside-link"); check link_arg_status $? 0
check link_arg_added "$(json_field "$out" added)" 1
# reindex with loops stays in step (nothing deleted, nothing doubled).
out=$(NS_T reindex --db "$db" --json "$tree"); check links_reindex_status $? 0
check links_reindex_counts "$(json_field "$out" added)/$(json_field "$out" deleted)" 0/0

# ---- special files -------------------------------------------------------
tree=$WORK/special db=$WORK/special.db
mkdir -p "$tree"
post "$tree/good.md" "정상 기사"
mkfifo "$tree/pipe.md" "$WORK/named-pipe.md"
out=$(NS_T ingest --db "$db" --json "$WORK/named-pipe.md" "$tree"); check fifo_status $? 3
check fifo_good_added "$(json_field "$out" added)" 1
check_contains fifo_arg_reported "$out" "named-pipe.md"
check_contains fifo_tree_reported "$out" "pipe.md"
check_contains fifo_reason "$out" "not a regular file"
out=$(NS_T ingest --db "$db" --json /dev/zero); check device_status $? 3
check_contains device_reason "$out" "not a regular file"

# ---- file names that are not UTF-8 ---------------------------------------
tree=$WORK/names db=$WORK/names.db
mkdir -p "$tree"
post "$tree/$(printf 'caf\xe9.md')" "이름이 깨진 파일"
post "$tree/$(printf 'bad\xff.md')" "읽을 수 없는 파일"
chmod 777 "$WORK" "$tree"; chmod 000 "$tree/$(printf 'bad\xff.md')"
out=$(as_nobody "$NS" ingest --db "$db" --json "$tree"); check names_status $? 3
check names_valid_json "$(valid_json "$out")" valid
check names_error_listed "$(python3 -c 'import json,sys; print(len(json.loads(sys.argv[1])["errors"]))' "$out")" 1
check names_added "$(json_field "$out" added)" 1
q=$(NS_T query --db "$db" --json 이름이); check names_query_status $? 0
check names_query_valid "$(valid_json "$q")" valid
check names_hit_id "$(python3 -c 'import json,sys; h=json.loads(sys.argv[1])["hits"]; print(isinstance(h[0]["id"], str) and "caf" in h[0]["id"])' "$q")" True

rm -rf "$WORK"
finish
