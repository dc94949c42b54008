#!/usr/bin/env bash
# Golden tests of the query language: every golden/BEHAVIOUR/NAME.in holds
# one query as a reader types it; print_match's MATCH expressions for it
# must equal NAME.expected byte for byte. The files are the language's
# spec: read them to learn what a query matches, diff them to review a
# change. (--update rewrites the .expected files from the program.)
# usage: run_match_golden.sh PRINT_MATCH GOLDEN_DIR [--update]
set -u
bin=$1 dir=$2 update=${3-}
pass=0 fail=0
while IFS= read -r -d '' input; do
  expected=${input%.in}.expected
  if [ "$update" = --update ]; then "$bin" <"$input" >"$expected"; fi
  if [ ! -f "$expected" ]; then
    echo "MISSING $expected"; fail=$((fail + 1)); continue
  fi
  if out=$(diff -u "$expected" <("$bin" <"$input") 2>&1); then
    pass=$((pass + 1))
  else
    echo "FAIL ${input#"$dir"/}"; echo "$out"; fail=$((fail + 1))
  fi
done < <(find "$dir" -name '*.in' -print0 | sort -z)
echo "$pass passed, $fail failed"
[ "$pass" -gt 0 ] && [ "$fail" -eq 0 ]
