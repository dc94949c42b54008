#!/usr/bin/env python3
"""`newssearch query` as a reader and a script use it, on an index of the
demo corpus plus articles written for these tests: every worked example of
KOREAN.md, hostile query strings, snippets and highlights byte for byte,
filters, sort, pagination, --batch, the JSON shape, and the corrections
the README offers to try on the demo.
usage: test_query.py NEWSSEARCH DEMO_DIR WORKDIR"""
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import unicodedata

NS, DEMO, WORK = sys.argv[1], sys.argv[2], os.path.join(sys.argv[3], "test_query")
HERE = os.path.dirname(os.path.abspath(__file__))
passed = failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {name} {detail}")


def run(*args, stdin=None):
    p = subprocess.run([NS, *args], input=stdin, capture_output=True)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def query(*words, db=None, **opts):
    args = ["query", "--db", db or DB, "--json"]
    for k, v in opts.items():
        args += [f"--{k}", str(v)]
    code, out, err = run(*args, "--", *words)
    return code, (json.loads(out) if out.strip() else None), err


def ids(res):
    return [h["id"] for h in res["hits"]] if res else []


shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
DB = os.path.join(WORK, "q.db")
subprocess.run([sys.executable, os.path.join(HERE, "make_fixtures.py"), os.path.join(WORK, "fx")], check=True)
code, _, err = run("ingest", "--quiet", "--db", DB, DEMO, os.path.join(WORK, "fx"))
check("ingest", code == 0, err)

# ---- KOREAN.md worked examples -------------------------------------------
NFD_KAKAO = unicodedata.normalize("NFD", "카카오톡")
examples = [  # query words, id expected (or not), why
    (["카카오톡"], "t-kakao", True, "particle attached"),
    (["톡"], "t-kakao", True, "one syllable inside a word"),
    (["pc"], "t-kakao", True, "mixed-script word, case folded"),
    (["ＰＣ버전"], "t-kakao", True, "fullwidth folded, runs split"),
    ([NFD_KAKAO], "t-kakao", True, "NFD query"),
    (['"카카오톡과 포털"'], "t-kakao", True, "phrase across a space"),
    (["카카오뱅크"], "t-kakao", False, "뱅크 does not occur"),
    (["톡과포털"], "t-tok-spaced", True, "spacing variant"),
    (["고용노동부"], "t-spaced", True, "spacing variant"),
    (["고용", "노동부"], "t-joined", True, "two words, both substrings"),
    (["장애"], "t-db", True, "two-syllable query"),
]
for words, doc, want, why in examples:
    code, res, err = query(*words)
    check(f"example {words} ({why})", code == 0 and (doc in ids(res)) == want,
          f"code={code} ids={ids(res)} err={err}")
code, res, _ = query("카카오뱅크")
check("no partial fill for one word", res["total"] == 0 and res["relaxed"] is False, res)

# spacing variants rank below exact spellings
code, res, _ = query("톡과포털")
got = ids(res)
check("exact spelling first (톡과포털)", got[:1] == ["t-tok-exact"] and "t-tok-spaced" in got, got)
code, res, _ = query("고용노동부")
got = ids(res)
check("exact spelling first (고용노동부)",
      "t-joined" in got and "t-spaced" in got and got.index("t-joined") < got.index("t-spaced"), got)

# a spacing variant needs two syllables on each side of the space: a lone
# syllable is indexed as the end of any word (사람이 사회 is not 이사회)
got = ids(query("이사회")[1])
check("이사회 finds 이사회", "t-board" in got, got)
check("이사회 does not find 사람이 사회", "t-society" not in got, got)
got = ids(query("대한민국")[1])
check("대한민국 finds 대한 민국 (2+2)", "t-country" in got, got)

# a whole question finds its article, in relaxed mode
code, res, _ = query("서울과 부산 구간 양자암호통신 월 요금은?")
check("question finds its article", ids(res)[:1] == ["t-quantum"] and res["relaxed"] is True, ids(res))

# operators
check("exclude", "t-kakao" not in ids(query("포털", "-카카오톡")[1]), "")
check("exclude keeps others", "t-latin" in ids(query("포털", "-카카오톡")[1]))
# an excluded word takes its synonyms with it (카톡 is 카카오톡), unless
# the search is of what was typed
check("exclude takes synonyms", "t-tok-spaced" not in ids(query("포털", "-카카오톡")[1]))
code, res, _ = run("query", "--db", DB, "--json", "--no-synonyms", "--", "포털", "-카카오톡")
check("exclude as typed keeps 카톡", code == 0 and "t-tok-spaced" in ids(json.loads(res)), res)
res = query("양자암호통신", "OR", "데이터베이스")[1]
check("OR", {"t-quantum", "t-db"} <= set(ids(res)), ids(res))
res = query("title:장애")[1]
check("title: finds title", "t-kakao" in ids(res), ids(res))
check("title: skips body-only", "t-db" not in ids(res), ids(res))
res = query("kakao")[1]
check("last Latin word as prefix", "t-latin" in ids(res), ids(res))
res = query("kakao", "포털")[1]
check("non-last Latin word whole", "t-latin" not in ids(res) or res["relaxed"], ids(res))

# ---- hostile query strings -----------------------------------------------
hostile = ['"', '""', '"abc', "*", "^", ":", "title:", "-", "--x", "NEAR(a b)", "AND", "OR", "NOT",
           "(", ")", "a AND", "OR 장애", "장애 OR", "{title}: 장애", "body:장애", "\\", "'", "%", "_",
           "'; DROP TABLE articles; --", "장애*", "^장애", "장애 NOT 복구", "a:b:c", "title:\"",
           "-\"", "\x01\x02\x1f", "\x7f", "🙂", "ｔｉｔｌｅ:장애", "NEAR(장애, 복구, 2)",
           "장애 + 복구", "(장애 OR", "\"장애\" \"", "-장애", "- 장애", "OR OR OR", "x" * 5000,
           "가" * 3000, "장애 " * 5000]
for h in hostile:
    code, out, err = run("query", "--db", DB, "--json", "--", h)
    try:
        res = json.loads(out)
    except ValueError:
        res = None
    ok = res is not None and "fts5" not in (out + err).lower() and (
        (code == 0 and "hits" in res) or (code == 2 and "empty query" in res.get("error", "")))
    check(f"hostile {h[:30]!r}", ok, f"code={code} out={out[:200]} err={err[:200]}")
bad = subprocess.run([NS, "query", "--db", DB, "--json", "--", b"\xff\xfe\xc0\xaf \xed\xa0\x80 " + "장애".encode()],
                     capture_output=True)
check("invalid UTF-8 query", bad.returncode == 0 and "t-db" in ids(json.loads(bad.stdout)), bad.stdout[:200])
big = ("장애 복구 " * 15000)[:100000]
code, out, _ = run("query", "--db", DB, "--batch", stdin=(big + "\n").encode())
check("100 KB query", code == 0 and "hits" in json.loads(out), out[:200])
code, out, _ = run("query", "--db", DB, "--batch", stdin="장애\x00복구\n".encode())
check("NUL byte in a query", code == 0 and "hits" in json.loads(out), out[:200])
code, out, err = run("query", "--db", DB, "--", "...")
check("empty query message", code == 2 and "empty query" in err, err)

# ---- snippets and highlights ---------------------------------------------
def hit(res, doc):
    return next((h for h in res["hits"] if h["id"] == doc), None)

h = hit(query("카카오톡")[1], "t-kakao")
check("snippet marks exactly", h and "PC버전 <mark>카카오톡</mark>과 포털" in h["snippet"], h)
h = hit(query("톡")[1], "t-kakao")
check("one syllable marks one syllable", h and "카카오<mark>톡</mark>과" in h["snippet"], h)
h = hit(query("카카오톡")[1], "t-nfd")
check("NFD text marked byte for byte", h and f"<mark>{unicodedata.normalize('NFD', '카카오톡')}</mark>"
      in h["snippet"], h and h["snippet"].encode())
h = hit(query("pc")[1], "t-fullwidth")
check("fullwidth text marked", h and "<mark>ＰＣ</mark>버전" in h["snippet"], h)
res = query("장애")[1]
h = next((x for x in res["hits"] if x["title"] == "표기 <b> 시험"), None)
check("HTML in text escaped", h and "&lt;b&gt;속보&lt;/b&gt; 전산망 <mark>장애</mark> &amp; 복구" in h["snippet"], h)
check("HTML in title escaped", h and h["title_highlighted"] == "표기 &lt;b&gt; 시험", h)
res = query("태그")[1]
h = next((x for x in res["hits"] if "<script>" in x["title"]), None)
check("script title escaped", h and "&lt;script&gt;" in h["title_highlighted"] and "<script>" not in h["title_highlighted"], h)
h = hit(query("장애")[1], "t-kakao")
check("title highlighted", h and h["title_highlighted"] == "메신저 <mark>장애</mark> 정리", h)
h = hit(query("핵심어")[1], "t-long")
s = h["snippet"] if h else ""
check("long text cut with ellipses", s.startswith("…") and s.endswith("…") and "<mark>핵심어</mark>" in s, s)
check("snippet about 150 chars", 100 <= len(s.replace("<mark>", "").replace("</mark>", "")) <= 200, len(s))
check("snippet valid UTF-8", "\ufffd" not in s, s)

# ---- filters, sort, pagination -------------------------------------------
res = query("장애", category="사회", limit=50)[1]
con = sqlite3.connect(DB)
cats = {k: json.loads(c) for k, c in con.execute("SELECT key, categories FROM articles")}
con.close()
check("category filter", res["hits"] and all("사회" in cats[h["id"]] for h in res["hits"]), ids(res))
check("category filter excludes", "t-db" not in ids(res), ids(res))
res = query("장애", since="2025-01-01", until="2025-12-31", limit=50)[1]
check("date range", res["hits"] and all("2025-01-01" <= h["date"][:10] <= "2025-12-31" for h in res["hits"]),
      [h["date"] for h in res["hits"]])
res = query("장애", until="2025-04-01", limit=50)[1]
check("until is inclusive of the day", "t-db" in ids(res), ids(res))
res = query("장애", since="2025-04-02", limit=50)[1]
check("since excludes before", "t-db" not in ids(res), ids(res))
code, _, err = run("query", "--db", DB, "--since", "yesterday", "장애")
check("bad date message", code == 2 and "since" in err, err)
res = query("장애", sort="date", limit=50)[1]
dates = [h["date"] or "" for h in res["hits"]]
check("sort by date", dates == sorted(dates, reverse=True), dates)
whole = ids(query("포털", limit=9)[1])
pages = ids(query("포털", limit=3)[1]) + ids(query("포털", limit=3, offset=3)[1]) + ids(query("포털", limit=3, offset=6)[1])
check("pagination neither repeats nor skips", pages == whole and len(set(pages)) == len(pages), (pages, whole))
code, _, err = run("query", "--db", DB, "--limit", "500", "장애")
check("limit bound", code == 2 and "--limit" in err, err)

# ---- --batch and the JSON shape ------------------------------------------
code, out, _ = run("query", "--db", DB, "--batch", "--limit", "2", stdin="장애\n...\n카카오톡\n".encode())
lines = [json.loads(l) for l in out.splitlines()]
check("batch: one answer per line", code == 0 and len(lines) == 3, out)
check("batch: bad line answers with its error", "error" in lines[1] and "empty query" in lines[1]["error"], lines[1])
check("batch: queries answered", lines[2]["hits"] and lines[2]["hits"][0]["id"], lines[2])
res = query("장애")[1]
check("JSON top-level keys", list(res)[:2] == ["query", "total"] and
      {"query", "total", "took_ms", "relaxed", "hits"} <= set(res), list(res))
check("JSON hit keys", set(res["hits"][0]) == {"id", "title", "title_highlighted", "url", "date",
                                              "category", "score", "snippet", "similar", "similar_ids"},
      res["hits"][0])
check("JSON total counts", res["total"] >= len(res["hits"]) > 0, res["total"])

# ---- a category with quotes or a backslash comes back as stored -------------
feed = os.path.join(WORK, "cats.jsonl")
with open(feed, "w", encoding="utf-8") as f:
    for i, cat in enumerate(['IT "과학"', "경제\\", "국제/외교"]):
        f.write(json.dumps({"id": f"cat-{i}", "title": f"범주시험 {i}", "body": "범주시험 본문.",
                            "category": cat}, ensure_ascii=False) + "\n")
CATS = os.path.join(WORK, "cats.db")
run("ingest", "--quiet", "--db", CATS, feed)
_, res, _ = query("범주시험", db=CATS)
got = {h["id"]: h["category"] for h in res["hits"]} if res else {}
check("categories as stored", got == {"cat-0": 'IT "과학"', "cat-1": "경제\\", "cat-2": "국제/외교"}, got)

# ---- the demo alone answers the README's examples -------------------------
DEMO_DB = os.path.join(WORK, "demo.db")
run("ingest", "--quiet", "--db", DEMO_DB, DEMO)
for typed, to, reason in [("ㅂㄷㅊ", "반도체", "choseong"), ("zkzkdhxhr", "카카오톡", "layout"),
                          ("반도채", "반도체", "typo")]:
    _, res, _ = query(typed, db=DEMO_DB)
    check(f"demo: {typed} answered as {to}", res and res["total"] > 0 and
          res.get("corrected") == {"from": typed, "to": to, "reason": reason}, res and res.get("corrected"))

# ---- people's output -----------------------------------------------------
code, out, _ = run("query", "--db", DB, "장애")
check("human output", code == 0 and " 1. [" in out and "hit" in out.splitlines()[-1], out[-300:])
code, out, _ = run("help", "query")
check("help query", code == 0 and "title:" in out and "OR" in out, out[:200])

shutil.rmtree(WORK, ignore_errors=True)
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed or not passed else 0)
