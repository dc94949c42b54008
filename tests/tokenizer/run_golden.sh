#!/usr/bin/env bash
# Golden tests for the tokenizer: every golden/MODE/BEHAVIOUR/NAME.in is
# tokenized by `newssearch tokenize` (with --query under golden/query/) and
# the output must equal NAME.expected byte for byte.
# usage: run_golden.sh NEWSSEARCH_BINARY GOLDEN_DIR
set -u
bin=$1 dir=$2
pass=0 fail=0
while IFS= read -r -d '' input; do
  expected=${input%.in}.expected
  args=()
  case $input in */query/*) args=(--query) ;; esac
  if [ ! -f "$expected" ]; then
    echo "MISSING $expected"; fail=$((fail + 1)); continue
  fi
  if diff -u "$expected" <("$bin" tokenize "${args[@]}" - <"$input") >/tmp/golden.$$ 2>&1; then
    pass=$((pass + 1))
  else
    echo "FAIL ${input#$dir/}"; cat /tmp/golden.$$; fail=$((fail + 1))
  fi
done < <(find "$dir" -name '*.in' -print0 | sort -z)
rm -f /tmp/golden.$$
echo "$pass passed, $fail failed"
[ "$pass" -gt 0 ] && [ "$fail" -eq 0 ]
