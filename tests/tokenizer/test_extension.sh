#!/usr/bin/env bash
# The loadable extension as any SQLite user meets it: the sqlite3 shell loads
# build/newssearch_fts5 (no entry-point argument), creates a table with
# tokenize='hangul', and finds a two-syllable word and a word with its
# particle that unicode61 misses.
# usage: test_extension.sh PATH_TO_newssearch_fts5.so WORKDIR
set -u
so=$1 work=$2
command -v sqlite3 >/dev/null || { echo "FAIL: the sqlite3 shell is missing (apt-get install sqlite3)"; exit 1; }
db=$work/test_extension.db
rm -f "$db"
out=$(sqlite3 "$db" <<SQL 2>&1
.load ${so%.so}
CREATE VIRTUAL TABLE t USING fts5(body, tokenize='hangul');
INSERT INTO t(body) VALUES ('PC버전 카카오톡과 포털'), ('데이터베이스 오류로 장애');
SELECT 'kakao=' || count(*) FROM t WHERE t MATCH '"카카오톡"';
SELECT 'jangae=' || count(*) FROM t WHERE t MATCH '"장애"';
SELECT 'bank=' || count(*) FROM t WHERE t MATCH '"카카오뱅크"';
SELECT 'hl=' || highlight(t, 0, '<', '>') FROM t WHERE t MATCH '"카카오톡"';
INSERT INTO t(t) VALUES('integrity-check');
SELECT 'done';
SQL
)
rm -f "$db"
want='kakao=1
jangae=1
bank=0
hl=PC버전 <카카오톡>과 포털
done'
if [ "$out" = "$want" ]; then
  echo "1 passed, 0 failed"
else
  printf 'FAIL: sqlite3 shell printed:\n%s\nwanted:\n%s\n' "$out" "$want"
  echo "0 passed, 1 failed"
  exit 1
fi
