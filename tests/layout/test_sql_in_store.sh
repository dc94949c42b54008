#!/bin/sh
# test_sql_in_store.sh BUILD_DIR: all SQL lives in the store. The libraries
# of the other layers of index/ (parse, ingest, search, base) call no
# SQLite function: their objects leave no sqlite3_ symbol undefined.
set -u
build=$1
status=0
for layer in base parse ingest search; do
  lib=$build/libns_$layer.a
  if [ ! -f "$lib" ]; then
    echo "FAIL: $lib is missing (build the project first)"
    status=1
    continue
  fi
  calls=$(nm -u "$lib" | awk '$2 ~ /^sqlite3_/ {print $2}' | sort -u)
  if [ -n "$calls" ]; then
    echo "FAIL: index/$layer calls SQLite (move the SQL into index/store):"
    echo "$calls" | sed 's/^/  /'
    status=1
  fi
done
# The check can fail: the store itself does call SQLite.
if ! nm -u "$build/libns_store.a" | grep -q ' sqlite3_prepare_v2$'; then
  echo "FAIL: nm found no SQLite call in the store either; the check is blind"
  status=1
fi
[ $status -eq 0 ] && echo "ok: only index/store calls SQLite"
exit $status
