# lib.sh: what the shell tests of tests/index share. Source it after setting
# NS (the newssearch binary), SO (the extension, without .so) and WORK.
pass=0 fail=0
check() { # check NAME GOT WANT
  if [ "$2" = "$3" ]; then pass=$((pass + 1)); else
    fail=$((fail + 1)); printf 'FAIL %s\n  got:  %s\n  want: %s\n' "$1" "$2" "$3"; fi
}
check_contains() { # check_contains NAME HAYSTACK NEEDLE
  case $2 in *"$3"*) pass=$((pass + 1)) ;; *)
    fail=$((fail + 1)); printf 'FAIL %s\n  %s\n  does not contain: %s\n' "$1" "$2" "$3" ;; esac
}
# sql DB QUERY: runs QUERY with the tokenizer loaded, prints the result.
# Like every reader of a WAL database it waits on a busy lock (a writer
# closing the last connection checkpoints under an exclusive lock) rather
# than failing at once; newssearch's own readers do the same.
sql() {
  sqlite3 -batch -noheader "$1" ".timeout 5000" ".load $SO" "$2"
}
# json_field JSON KEY: a top-level field of a JSON object (python3 parses it).
json_field() {
  python3 -c 'import json,sys; v=json.loads(sys.argv[1])[sys.argv[2]]; print(json.dumps(v, ensure_ascii=False) if isinstance(v,(dict,list)) else v)' "$1" "$2"
}
# need_shared DIR: the shared corpus must be there; a test cannot pass without it.
need_shared() {
  if [ ! -d "$1" ]; then
    echo "FAIL: needs the shared corpus at $1 (../shared beside the project)"
    echo "0 passed, 1 failed"; exit 1
  fi
}
finish() {
  echo "$pass passed, $fail failed"
  [ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
}
