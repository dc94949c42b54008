#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/) into build-fuzz/ with clang,
# AddressSanitizer and UndefinedBehaviorSanitizer, the project's libraries
# instrumented for coverage, and runs each target for N seconds on its
# corpus: build-fuzz/corpus-work/<target>/, which starts as a copy of
# tests/fuzz/corpus/<target>/ and keeps what earlier runs found (delete it
# to start over; the seeds in the repository are never written). Prints one
# line per target; exits non-zero when any target found a crash, a leak or
# a timeout, whose input is saved in build-fuzz/artifacts/<target>/.
# usage: scripts/fuzz.sh [seconds per target]   (default: 30)
# FUZZ_SEED (default 1) fixes libFuzzer's random seed, so that what CI runs
# can be replayed here input for input; FUZZ_SEED=0 draws a new seed each
# run, for the long runs that look for new bugs.
set -euo pipefail
cd "$(dirname "$0")/.."

secs=${1:-30}
seed=${FUZZ_SEED:-1}
for n in "$secs" "$seed"; do
  case $n in
    '' | *[!0-9]*) echo "fuzz: seconds and FUZZ_SEED must be whole numbers, not '$n'" >&2; exit 2 ;;
  esac
done
targets=(fuzz_tokenizer fuzz_query fuzz_article_file fuzz_json_line fuzz_snippet fuzz_http
         fuzz_suggest fuzz_synonyms fuzz_hanja)

# ---- clang and its fuzzer runtime, installed only when missing -------------
scripts/install-deps.sh fuzz

# ---- build ----------------------------------------------------------------
CC=clang cmake -S . -B build-fuzz -DNS_FUZZ=ON -DNS_SANITIZE=ON \
  -DCMAKE_C_FLAGS=-fsanitize=fuzzer-no-link >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target fuzz >/dev/null

# ---- run ------------------------------------------------------------------
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
failed=0
echo "fuzz: ${secs}s per target, seed $seed; logs in build-fuzz/fuzz-logs/"
for t in "${targets[@]}"; do
  work=build-fuzz/corpus-work/$t
  artifacts=build-fuzz/artifacts/$t
  log=build-fuzz/fuzz-logs/$t.log
  mkdir -p "$work" "$artifacts" "$(dirname "$log")"
  cp -n tests/fuzz/corpus/"$t"/* "$work"/
  rc=0
  build-fuzz/tests/fuzz/"$t" -max_total_time="$secs" -seed="$seed" -max_len=65536 \
    -timeout=10 -print_final_stats=1 -artifact_prefix="$artifacts/" \
    "$work" >"$log" 2>&1 || rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  [ -n "$execs" ] || execs=$(grep -o '^#[0-9]*' "$log" | tail -n 1 | tr -d '#')
  if [ "$rc" -eq 0 ]; then
    result=ok
  else
    failed=1
    unit=$(sed -n 's/.*Test unit written to //p' "$log" | tail -n 1)
    result="FAILED (exit $rc): ${unit:-no input saved} (see $log)"
  fi
  printf '%-18s %12s executions  %s\n' "$t" "${execs:-?}" "$result"
  if [ "$rc" -ne 0 ]; then
    # The report itself, so that a failure in CI can be read from its output.
    sed -n '/^==[0-9]*==\|^INFO: Seed\|runtime error\|fuzz invariant broken\|deadly signal\|^    #[0-9]/p' \
      "$log" | head -n 60 | sed 's/^/    /'
    [ -n "$unit" ] && [ -f "$unit" ] && { echo "    input (base64):"; base64 -w 76 "$unit" | head -n 40 | sed 's/^/    /'; }
  fi
done
exit "$failed"
