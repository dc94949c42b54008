#!/usr/bin/env bash
# Installs the Debian packages newssearch needs, and only those missing.
# Idempotent and quiet when everything is present. Runs apt-get as root
# (through sudo when not root).
# usage: scripts/install-deps.sh [build|test|bench|fuzz]...   (default: build)
set -euo pipefail

build_pkgs=(gcc make cmake pkg-config sqlite3 libsqlite3-dev libutf8proc-dev
            libjansson-dev libyaml-dev libgumbo-dev libcmark-dev
            libxxhash-dev libmicrohttpd-dev libhangul-dev libhangul-data)
test_pkgs=(python3 chromium fonts-nanum wrk clang-format git)
bench_pkgs=(valgrind hyperfine wrk groonga-bin curl python3)
fuzz_pkgs=(clang libclang-rt-14-dev)

want=()
for group in "${@:-build}"; do
  case $group in
    build) want+=("${build_pkgs[@]}") ;;
    test) want+=("${build_pkgs[@]}" "${test_pkgs[@]}") ;;
    bench) want+=("${build_pkgs[@]}" "${bench_pkgs[@]}") ;;
    fuzz) want+=("${build_pkgs[@]}" "${fuzz_pkgs[@]}") ;;
    *) echo "install-deps: unknown group '$group' (build, test, bench, fuzz)" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    case " ${missing[*]-} " in *" $p "*) ;; *) missing+=("$p") ;; esac
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
