#!/usr/bin/env bash
# Installs what the tests need, builds, and runs the whole test suite with
# CTest twice: in the Release build, then in a build with AddressSanitizer
# and UndefinedBehaviorSanitizer (build-sanitize/). Needs ../shared beside
# the project (the tests that read it fail without it).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh test
scripts/build.sh
# The CI subset: everything but the tests labelled "long" (the 60 s load
# test; run it with: cd build && ctest -L long).
(cd build && ctest --output-on-failure -j"$(nproc)" -LE long)

echo "== every fuzz target for 30 s (libFuzzer, clang, ASan + UBSan)"
scripts/fuzz.sh 30

echo "== the same suite under AddressSanitizer + UndefinedBehaviorSanitizer"
cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=Debug -DNS_SANITIZE=ON >/dev/null
cmake --build build-sanitize -j"$(nproc)" >/dev/null
cd build-sanitize
# A small quarantine keeps resident memory near what the program itself
# uses, so the memory-bound checks of the hostile HTTP test hold here too.
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:quarantine_size_mb=16 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --output-on-failure -j"$(nproc)" -LE long
