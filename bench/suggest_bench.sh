#!/usr/bin/env bash
# suggest_bench.sh: /api/suggest over HTTP with wrk, beside /api/search on
# the same server in the same run, both without the answer cache.
#
# The database is the 100,000-article set of gen_synthetic.py loaded by
# `newssearch ingest` (bench_common.sh, kept in BENCH_DIR). The requests are
# every prefix of the 200 most frequent words of two or more syllables in
# its vocabulary, cut inside syllables too (대통령: ㄷ 대 대ㅌ 대토 대통
# 대통ㄹ 대통려 대통령), and, for /api/search, the 200 words themselves
# and the same words one key off (a vowel of the last syllable), which the
# search corrects.
# wrk: 2 threads (1 for one connection), CONNECTIONS connections, a 5 s warm-up, then SECONDS.
#
# usage: bench/suggest_bench.sh [SECONDS=20] [CONNECTIONS=16]
# environment: BENCH_DIR (default /tmp/newssearch-bench), BUILD_DIR
#              (default build), NS_PORT (default 18090)
set -euo pipefail

DURATION=${1:-20}
CONNECTIONS=${2:-16}
PORT=${NS_PORT:-18090}
NAME=suggest_bench
. "$(dirname "${BASH_SOURCE[0]}")/bench_common.sh"

[ -d "$CORPUS" ] || die "needs the shared corpus at $CORPUS"
"$ROOT/scripts/install-deps.sh" bench
ns_build_if_missing
DB=$(ns_synthetic_db)
# A writer upgrades a database of the schema before the vocabulary (it
# counts the words of the articles there): an ingest of nothing.
printf '' | "$NS" ingest --quiet --db "$DB" - >&2

# The 200 words, and the paths of their prefixes.
sqlite3 "$DB" "SELECT word FROM vocab WHERE bare > 0 AND length(word) >= 2 AND
  word NOT GLOB '*[^가-힣]*' ORDER BY docs DESC LIMIT 200" > "$DIR/suggest_words.txt"
sqlite3 "$DB" "SELECT word FROM vocab" > "$DIR/suggest_vocab.txt"
python3 - "$DIR/suggest_words.txt" "$DIR/paths_suggest.txt" "$DIR/paths_search_words.txt" \
  "$DIR/suggest_vocab.txt" "$DIR/paths_search_typos.txt" <<'EOF'
import sys, urllib.parse
CHO = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
JONG = ["", "ㄱ", "ㄲ", "ㄳ", "ㄴ", "ㄵ", "ㄶ", "ㄷ", "ㄹ", "ㄺ", "ㄻ", "ㄼ", "ㄽ", "ㄾ", "ㄿ", "ㅀ", "ㅁ",
        "ㅂ", "ㅄ", "ㅅ", "ㅆ", "ㅇ", "ㅈ", "ㅊ", "ㅋ", "ㅌ", "ㅍ", "ㅎ"]
def prefixes(word):
    out = []
    for i, ch in enumerate(word):
        s = ord(ch) - 0xAC00
        cho, jung, jong = s // 588, (s // 28) % 21, s % 28
        out.append(word[:i] + CHO[cho])                               # 대ㅌ
        out.append(word[:i] + chr(0xAC00 + cho * 588 + jung * 28))    # 대토
        if jong:
            out.append(word[:i + 1])                                  # 대통
    return out
words = [w.strip() for w in open(sys.argv[1], encoding="utf-8") if w.strip()]
with open(sys.argv[2], "w") as f:
    for w in words:
        for p in prefixes(w):
            f.write("/api/suggest?q=" + urllib.parse.quote(p) + "&limit=8\n")
with open(sys.argv[3], "w") as f:
    for w in words:
        f.write("/api/search?q=" + urllib.parse.quote(w) + "&limit=10\n")
# One key off: the vowel of the last syllable another (ㅡ, else ㅜ), so
# that the typo is no word of the articles.
known = set(l.strip() for l in open(sys.argv[4], encoding="utf-8"))
with open(sys.argv[5], "w") as f:
    for w in words:
        s = ord(w[-1]) - 0xAC00
        for jung in (18, 13, 8, 4):
            typo = w[:-1] + chr(0xAC00 + (s // 588) * 588 + jung * 28 + s % 28)
            if typo != w and typo not in known:
                f.write("/api/search?q=" + urllib.parse.quote(typo) + "&limit=10\n")
                break
EOF
echo "suggest_bench: $(wc -l < "$DIR/paths_suggest.txt") suggest paths, $(wc -l < "$DIR/paths_search_words.txt") search paths"

"$NS" serve --db "$DB" --port "$PORT" --cache 0 > "$DIR/suggest_serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/healthz" > /dev/null && break; sleep 0.1; done

run() { # NAME PATHS: wrk's figures as one table row
  local threads=$((CONNECTIONS < 2 ? 1 : 2))
  WRK_PATHS=$2 wrk -t"$threads" -c"$CONNECTIONS" -d5s -s "$ROOT/bench/wrk_queries.lua" \
    "http://127.0.0.1:$PORT" > /dev/null
  local out=$DIR/wrk_${1//[^a-z]/_}.txt
  WRK_PATHS=$2 wrk -t"$threads" -c"$CONNECTIONS" -d"${DURATION}s" --latency \
    -s "$ROOT/bench/wrk_queries.lua" "http://127.0.0.1:$PORT" > "$out"
  awk -v name="$1" '
    /Requests\/sec/ { rps = $2 }
    /^ +50%/ { p50 = $2 } /^ +99%/ { p99 = $2 }
    /Non-2xx/ { bad = $NF }
    END { printf "| %s | %s | %s | %s | %s |\n", name, rps, p50, p99, bad ? bad : 0 }
  ' "$out"
}
echo
echo "| requests (no answer cache) | req/s | p50 | p99 | non-2xx |"
echo "|---|---:|---:|---:|---:|"
run suggest "$DIR/paths_suggest.txt"
run "search, the 200 words" "$DIR/paths_search_words.txt"
run "search, one key off (corrected)" "$DIR/paths_search_typos.txt"
