#!/usr/bin/env bash
# `newssearch tokenize` as a person uses it: the line format, --query,
# --json (an array of {"token","position","start","end"}), standard input,
# and exit status 2 on a wrong command line.
# usage: test_tokenize_cli.sh NEWSSEARCH_BINARY
set -u
bin=$1
pass=0 fail=0
check() { # check NAME GOT WANT
  if [ "$2" = "$3" ]; then pass=$((pass + 1)); else
    fail=$((fail + 1)); printf 'FAIL %s\n  got:  %s\n  want: %s\n' "$1" "$2" "$3"; fi
}
check lines "$("$bin" tokenize '장애로')" $'장애\t0\t0\t6\n애로\t1\t3\t9\n로\t1\t6\t9'
check query "$("$bin" tokenize --query '장애로')" $'장애\t0\t0\t6\n애로\t1\t3\t9'
check json "$("$bin" tokenize --json 'PC버전')" \
  '[{"token":"pc","position":0,"start":0,"end":2},{"token":"버전","position":1,"start":2,"end":8},{"token":"전","position":1,"start":5,"end":8}]'
check json_empty "$("$bin" tokenize --json '...')" '[]'
check stdin "$(printf '속보' | "$bin" tokenize --query -)" $'속보\t0\t0\t6'
"$bin" tokenize >/dev/null 2>&1; check no_text_status "$?" 2
"$bin" tokenize --bogus x >/dev/null 2>&1; check bad_option_status "$?" 2
"$bin" frobnicate >/dev/null 2>&1; check unknown_command_status "$?" 2
msg=$("$bin" tokenize --bogus x 2>&1); check bad_option_message "$msg" "newssearch tokenize: unknown option '--bogus'"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
