# bench_common.sh: what the shell benches share, sourced by them: where the
# project, the shared corpus, the work dir and the program are, messages,
# the program built when missing, and the 100,000 synthetic articles with
# newssearch's database of them (both kept in BENCH_DIR between runs).
# Sets ROOT CORPUS DIR BUILD_DIR NS; defines log, die, ns_build_if_missing,
# ns_synthetic_db (echoes the database's path). NAME names the bench in
# messages.

ROOT=$(cd "$(dirname "${BASH_SOURCE[1]}")/.." && pwd)
CORPUS=$ROOT/../shared/corpus
DIR=${BENCH_DIR:-/tmp/newssearch-bench}
BUILD_DIR=${BUILD_DIR:-build}
case $BUILD_DIR in /*) ;; *) BUILD_DIR=$ROOT/$BUILD_DIR ;; esac
NS=$BUILD_DIR/newssearch

log() { printf '%s\n' "$*" >&2; }
die() { log "$NAME: $*"; exit 1; }

ns_build_if_missing() {
  if [ ! -x "$NS" ] || ! "$NS" help 2>&1 | grep -q '^  serve'; then
    log "$NAME: building newssearch in $BUILD_DIR"
    cmake -S "$ROOT" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$BUILD_DIR" -j2 >/dev/null
  fi
}

# The articles of gen_synthetic.py 100000 in $DIR/synth100k.jsonl and
# newssearch's database of them, $DIR/news.db, made when missing or older.
ns_synthetic_db() {
  local jsonl=$DIR/synth100k.jsonl db=$DIR/news.db
  mkdir -p "$DIR"
  if [ ! -s "$jsonl" ]; then
    log "$NAME: generating $jsonl"
    python3 "$CORPUS/gen_synthetic.py" 100000 "$jsonl.tmp" >&2
    mv "$jsonl.tmp" "$jsonl"
  fi
  if [ ! -f "$db" ] || [ "$db" -ot "$jsonl" ]; then
    log "$NAME: newssearch ingest (a few minutes)"
    rm -f "$db" "$db-wal" "$db-shm"
    local start
    start=$(date +%s)
    "$NS" ingest --db "$db" "$jsonl" >&2
    log "$NAME: ingest took $(($(date +%s) - start)) s"
  fi
  echo "$db"
}
