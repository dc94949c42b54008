#!/usr/bin/env bash
# http_bench.sh: HTTP throughput and latency of `newssearch serve` beside
# Groonga's own HTTP server, on the same 100,000 synthetic articles and the
# same 200 queries (../shared/corpus/queries_mix.jsonl).
#
# For each engine: wrk, 2 threads, CONNECTIONS connections, a 5 s warm-up and
# then SECONDS measured, cycling through the 200 queries with snippets
# (bench/wrk_queries.lua), first with both engines' result caches off (the
# search work itself), then with both on (newssearch's default cache,
# Groonga's query cache raised to 1000 entries so that it too holds all 200
# queries); then newssearch's /healthz as the server's own ceiling; then each
# query once, one at a time, with curl and no caches, for the median latency
# per query class. Engines are loaded one after the other, never at the same
# time. Everything stays on 127.0.0.1.
#
# usage: bench/http_bench.sh [SECONDS=30] [CONNECTIONS=64]
# environment:
#   BENCH_DIR        work dir for the articles and both databases
#                    (default /tmp/newssearch-bench; kept between runs)
#   BUILD_DIR        newssearch build dir (default build; built if missing)
#   NS_THREADS       newssearch serve --threads (default: one per core, as serve)
#   NS_PORT          newssearch port (default 18080; NS_PORT+1 serves the
#                    same database with --cache 0)
#   GROONGA_PORT     Groonga port (default 10041)
#   GROONGA_THREADS  groonga --max-threads (default: Groonga's own, 2)
#   WARMUP           warm-up seconds before each measured run (default 5)
set -euo pipefail

DURATION=${1:-30}
CONNECTIONS=${2:-64}
WRK_THREADS=2
NAME=http_bench
. "$(dirname "${BASH_SOURCE[0]}")/bench_common.sh"
NS_THREADS=${NS_THREADS:-$(nproc)}
NS_PORT=${NS_PORT:-18080}
GROONGA_PORT=${GROONGA_PORT:-10041}
WARMUP=${WARMUP:-5}
UTIL=$ROOT/bench/http_bench_util.py
LUA=$ROOT/bench/wrk_queries.lua
NS_URL=http://127.0.0.1:$NS_PORT
NS_NOCACHE_URL=http://127.0.0.1:$((NS_PORT + 1))
GR_URL=http://127.0.0.1:$GROONGA_PORT

[ -f "$CORPUS/queries_mix.jsonl" ] || die "missing $CORPUS (../shared beside the project)"
mkdir -p "$DIR"

# --- 1. Tools, installed only when missing ----------------------------------
"$ROOT/scripts/install-deps.sh" bench

ns_build_if_missing

# --- 2. The 100,000 articles and newssearch's database ----------------------
JSONL=$DIR/synth100k.jsonl
NS_DB=$(ns_synthetic_db)
ns_articles=$("$NS" stats --db "$NS_DB" --json |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["articles"])')
[ "$ns_articles" = 100000 ] || die "newssearch stats says $ns_articles articles, not 100000"

# --- 3. Groonga's database: same articles, TokenBigram ----------------------
GR_DIR=$DIR/groonga
GR_DB=$GR_DIR/db
if [ ! -f "$GR_DIR/complete" ] || [ "$GR_DIR/complete" -ot "$JSONL" ]; then
  log "http_bench: building the Groonga database (a few minutes)"
  rm -rf "$GR_DIR"
  mkdir -p "$GR_DIR"
  start=$(date +%s)
  python3 "$ROOT/bench/groonga_load.py" "$JSONL" | groonga -n "$GR_DB" >"$GR_DIR/load.log"
  if grep -q '^\[\[-' "$GR_DIR/load.log"; then
    grep '^\[\[-' "$GR_DIR/load.log" | head -3 >&2
    die "Groonga load failed (see $GR_DIR/load.log)"
  fi
  log "http_bench: Groonga load and index took $(( $(date +%s) - start )) s"
  touch "$GR_DIR/complete"
fi
gr_articles=$(groonga "$GR_DB" select Articles --limit 0 --output_columns _id |
  python3 -c 'import json,sys; print(json.load(sys.stdin)[1][0][0][0])')
[ "$gr_articles" = 100000 ] || die "Groonga holds $gr_articles articles, not 100000"

# --- 4. Both servers, stopped on exit ---------------------------------------
pids=()
cleanup() {
  # Groonga is asked to stop cleanly first; both are then signalled by pid.
  curl -s -o /dev/null --max-time 2 "$GR_URL/d/shutdown" || true
  sleep 0.5
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_for() { # URL NAME: up to 60 s for a 200 answer
  for _ in $(seq 600); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$1" || true)" = 200 ] && return 0
    sleep 0.1
  done
  die "$2 did not answer $1"
}

for port in "$NS_PORT" "$((NS_PORT + 1))" "$GROONGA_PORT"; do
  if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/"; then
    die "port $port is already in use"
  fi
done

gr_args=(-s --protocol http -p "$GROONGA_PORT" --bind-address 127.0.0.1)
[ -n "${GROONGA_THREADS:-}" ] && gr_args+=(--max-threads "$GROONGA_THREADS")
groonga "${gr_args[@]}" --log-path "$GR_DIR/server.log" \
  --query-log-path /dev/null "$GR_DB" &
pids+=($!)
"$NS" serve --db "$NS_DB" --bind 127.0.0.1 --port "$NS_PORT" \
  --threads "$NS_THREADS" >"$DIR/serve.log" 2>&1 &
pids+=($!)
"$NS" serve --db "$NS_DB" --bind 127.0.0.1 --port "$((NS_PORT + 1))" \
  --threads "$NS_THREADS" --cache 0 >"$DIR/serve_nocache.log" 2>&1 &
pids+=($!)
wait_for "$GR_URL/d/status" Groonga
wait_for "$NS_URL/healthz" newssearch
wait_for "$NS_NOCACHE_URL/healthz" "newssearch --cache 0"
# Groonga caches select results (100 entries by default): off for the runs
# without caches, 1000 entries for the runs with them.
curl -s -o /dev/null "$GR_URL/d/cache_limit?max=0"

# --- 5. The queries, and a check that both engines find things --------------
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
nq=$(python3 "$UTIL" paths "$CORPUS/queries_mix.jsonl" "$DIR")
[ "$nq" = 200 ] || log "http_bench: note: $nq queries, not 200"

echo "# newssearch HTTP benchmark"
echo
echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores; $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
echo "- newssearch: $("$NS" version | head -1), serve --threads $NS_THREADS (and --cache 0 for the runs without caches)"
echo "- Groonga: $(groonga --version | head -1 | cut -d' ' -f1-2), --max-threads ${GROONGA_THREADS:-default (2)}, query cache off (cache_limit 1000 for the cached runs), TokenBigram + NormalizerAuto"
echo "- $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2): $WRK_THREADS threads, $CONNECTIONS connections, ${WARMUP} s warm-up then ${DURATION} s, --timeout 10s"
echo "- articles: $ns_articles (newssearch) / $gr_articles (Groonga), from gen_synthetic.py 100000; queries: $nq from queries_mix.jsonl"
echo
echo "## Hits for sample queries (3 per class)"
echo
echo "| qid | query | newssearch hits | Groonga hits |"
echo "|---|---|---:|---:|"
paste "$DIR/queries.tsv" "$DIR/paths_newssearch.txt" "$DIR/paths_groonga.txt" |
  awk -F'\t' '{ if (n[$2]++ < 3) print }' |
  while IFS=$'\t' read -r qid _ text ns_path gr_path; do
    curl -s -o "$DIR/sample.json" "$NS_URL$ns_path"
    a=$(python3 "$UTIL" hits newssearch "$DIR/sample.json")
    curl -s -o "$DIR/sample.json" "$GR_URL$gr_path"
    b=$(python3 "$UTIL" hits groonga "$DIR/sample.json")
    echo "| $qid | $text | $a | $b |"
  done
echo

# --- 6. wrk, one engine at a time --------------------------------------------
run_wrk() { # NAME PATHS_FILE|- URL
  local name=$1 paths=$2 url=$3 script=()
  [ "$paths" != - ] && script=(-s "$LUA")
  log "http_bench: $name: ${WARMUP} s warm-up, then ${DURATION} s"
  WRK_PATHS=$paths WRK_THREADS=$WRK_THREADS wrk -t"$WRK_THREADS" -c"$CONNECTIONS" \
    -d"${WARMUP}s" --timeout 10s "${script[@]}" "$url" >"$DIR/wrk_${name}_warmup.txt"
  WRK_PATHS=$paths WRK_THREADS=$WRK_THREADS wrk -t"$WRK_THREADS" -c"$CONNECTIONS" \
    -d"${DURATION}s" --timeout 10s --latency "${script[@]}" "$url" >"$DIR/wrk_$name.txt"
}
run_wrk newssearch "$DIR/paths_newssearch.txt" "$NS_NOCACHE_URL"
run_wrk groonga "$DIR/paths_groonga.txt" "$GR_URL"
curl -s -o /dev/null "$GR_URL/d/cache_limit?max=1000"
run_wrk newssearch_cached "$DIR/paths_newssearch.txt" "$NS_URL"
run_wrk groonga_cached "$DIR/paths_groonga.txt" "$GR_URL"
curl -s -o /dev/null "$GR_URL/d/cache_limit?max=0"
run_wrk healthz - "$NS_URL/healthz"

# --- 7. Each query once, one at a time, for latency per class ----------------
sequential() { # ENGINE URL
  local engine=$1 base=$2 out=$DIR/seq_$1.tsv
  : >"$out"
  paste "$DIR/queries.tsv" "$DIR/paths_$engine.txt" |
    while IFS=$'\t' read -r qid cls _ path; do
      r=$(curl -s -o "$DIR/seq.json" -w '%{http_code}\t%{time_total}' "$base$path")
      printf '%s\t%s\t%s\t%s\n' "$qid" "$cls" "$r" \
        "$(python3 "$UTIL" hits "$engine" "$DIR/seq.json")" >>"$out"
    done
}
log "http_bench: sequential pass, newssearch"
sequential newssearch "$NS_NOCACHE_URL"
log "http_bench: sequential pass, Groonga"
sequential groonga "$GR_URL"

load_end=$(cut -d' ' -f1-3 /proc/loadavg)
echo "## Throughput and latency under load (wrk)"
echo
echo "Load average (1, 5, 15 min) at start: $load_start; at end: $load_end on $(nproc) cores."
echo "Anything above the servers' own load means other processes shared the CPUs."
echo
python3 "$UTIL" report "$DIR"
echo
echo "Raw wrk output: $DIR/wrk_*.txt; sequential timings: $DIR/seq_*.tsv"
