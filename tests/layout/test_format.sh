#!/usr/bin/env bash
# Every C file of the project follows .clang-format (clang-format 14, from
# Debian's package clang-format): fails naming the files that do not, with
# the command that formats them.
# usage: test_format.sh SOURCE_DIR
set -uo pipefail
cd "$1" || exit 1
command -v clang-format >/dev/null || { echo "FAIL: clang-format missing (scripts/install-deps.sh test)"; exit 1; }
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  mapfile -t files < <(git ls-files -co --exclude-standard '*.c' '*.h')
else
  mapfile -t files < <(find include index src tokenizer tests bench -name '*.[ch]')
fi
bad=()
for f in "${files[@]}"; do
  [ -f "$f" ] || continue
  clang-format --dry-run -Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done
if [ ${#bad[@]} -gt 0 ]; then
  printf 'FAIL not formatted: %s\n' "${bad[@]}"
  echo "format them with: clang-format -i ${bad[*]}"
  exit 1
fi
echo "${#files[@]} files formatted"
[ ${#files[@]} -gt 50 ]
