#!/usr/bin/env python3
"""Copies of one story, grouped. On articles written for this test: a
story and its copies with a changed byline, a changed lead, a few words
changed and no change at all are one hit with "similar" and "similar_ids";
another story on the same subject stays a hit of its own; --no-collapse and
collapse=0 list every copy; total counts articles either way; paging never
shows a story twice and loses none; a copy rewritten into another story
leaves the group; the group outlives its first article; the category filter
applies to the copies counted; a database of schema version 3 is grouped
when a writer upgrades it. On the shared news files: no first page of the
200 bench queries holds two hits whose bodies are near copies (bigram
Jaccard over 0.8), while without grouping some do; every pair grouped is
one story by the rule of docs/STORIES.md (Jaccard of at least 0.6, above
the 0.5-0.65 of different stories written from one template).
Needs ../shared: fails when it is missing.
usage: test_stories.py NEWSSEARCH EXTENSION SHARED_CORPUS WORKDIR"""
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "server"))
from server import Checks, Server, need_shared  # noqa: E402

NS, EXT, SHARED = sys.argv[1], sys.argv[2], sys.argv[3]
WORK = os.path.join(sys.argv[4], "test_stories")
check = Checks()
need_shared(SHARED)
shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)

LEAD = "부산항 컨테이너 부두 노동자들이 3일 오전 6시부터 임금 협상 결렬을 이유로 전면 파업에 들어갔다."
REST = [
    "노조는 지난 석 달 동안 사측과 열두 차례 교섭을 벌였지만 야간 근무 수당과 안전 인력 충원을 두고 합의하지 못했다고 밝혔다.",
    "부산항만공사는 대체 인력을 투입해 하역 작업을 이어 가겠다고 했으나, 하루 처리 물량은 평소의 절반 수준에 그칠 것으로 내다봤다.",
    "수출 기업들은 선적 일정이 밀리면 납기를 맞추기 어렵다며 정부에 중재를 요청했다.",
    "고용노동부는 이날 오후 노사 대표를 불러 긴급 조정 회의를 열 계획이다.",
    "노조 관계자는 현장의 안전 문제가 해결되지 않으면 파업을 멈출 수 없다고 말했다.",
]


def body(byline, lead, rest):
    return "\n\n".join([f"{byline} {lead}"] + rest)


BASE = body("(부산=한빛통신) 김하늘 기자 =", LEAD, REST)
COPIES = {
    "strike-byline": body("【부산=새벽뉴스】박도윤 기자 =", LEAD, REST) + "\n\ndoyun@example.kr",
    "strike-lead": body("(부산=한빛통신) 김하늘 기자 =",
                        "임금 협상이 끝내 결렬되면서 부산항 컨테이너 부두가 멈춰 섰다. 노동자들은 3일 새벽부터 일손을 놓았다.",
                        REST),
    "strike-words": body("(부산=한빛통신) 김하늘 기자 =", LEAD,
                         [REST[0].replace("열두 차례", "12차례"),
                          REST[1].replace("절반 수준에", "절반가량에").replace("내다봤다", "예상했다"),
                          REST[2], REST[3].replace("긴급 조정 회의를", "긴급 회의를"), REST[4]]),
    "strike-same": BASE,
}
OTHER = ("부산항 파업 이틀째, 수출 화물 발 묶여",
         "부산항 파업이 이틀째 이어지면서 컨테이너 수백 개가 부두에 쌓였다. 자동차 부품을 싣고 떠날 예정이던 "
         "화물선 세 척은 출항을 미뤘고, 냉동 화물을 맡긴 수산물 업체들은 보관 비용이 늘었다고 호소했다. "
         "해운업계는 파업이 일주일을 넘기면 유럽 항로 운임이 오를 수 있다고 내다봤다. 노사는 5일 다시 만나기로 했다.")
ARTICLES = [("strike", "부산항 부두 노동자 전면 파업", BASE, "경제")]
ARTICLES += [(k, "부산항 노동자 파업 돌입", b, "사회" if k == "strike-same" else "경제") for k, b in COPIES.items()]
ARTICLES += [("strike-day2", OTHER[0], OTHER[1], "경제"),
             ("weather", "남부 지방 장맛비", "남부 지방에 장맛비가 이어지며 부산항 일대에 강풍 특보가 내려졌다. "
              "기상청은 주말까지 비가 이어질 것으로 내다봤다.", "사회")]


def bigrams(text):
    t = "".join(text.split())
    return {t[i:i + 2] for i in range(len(t) - 1)}


def jaccard(a, b):
    a, b = bigrams(a), bigrams(b)
    return len(a & b) / len(a | b) if a | b else 0.0


def run(*args, db):
    p = subprocess.run([NS, args[0], "--db", db, *args[1:]], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def query(db, *words, opts=()):
    code, out, err = run("query", "--json", "--limit", "20", *opts, "--", *words, db=db)
    return json.loads(out) if code == 0 and out.strip() else {"error": err, "hits": []}


def ids(res):
    return [h["id"] for h in res["hits"]]


def write_tree(folder, articles):
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    for key, title, text, cat in articles:
        with open(os.path.join(folder, key + ".jsonl"), "w", encoding="utf-8") as f:
            f.write(json.dumps({"id": key, "title": title, "body": text, "category": cat},
                               ensure_ascii=False) + "\n")


for key, text in COPIES.items():
    check(f"{key} is a near copy as written", 0.7 <= jaccard(BASE, text) <= 1.0, jaccard(BASE, text))
check("the second day's story is another story", jaccard(BASE, OTHER[1]) < 0.4, jaccard(BASE, OTHER[1]))

TREE, DB = os.path.join(WORK, "tree"), os.path.join(WORK, "s.db")
write_tree(TREE, ARTICLES)
code, _, err = run("ingest", "--quiet", TREE, db=DB)
check("ingest", code == 0, err)

# ---- one hit per story --------------------------------------------------------
res = query(DB, "부산항", "파업")
got = ids(res)
story = [h for h in res["hits"] if h["id"] in {"strike", *COPIES}]
check("the story and its four copies are one hit", len(story) == 1, got)
if story:
    h = story[0]
    members = {"strike", *COPIES}
    check("similar counts the other copies", h.get("similar") == 4, h)
    check("similar_ids lists them", set(h.get("similar_ids", [])) | {h["id"]} == members, h)
check("the second day's story is a hit of its own", "strike-day2" in got, got)
check("total counts articles, not stories", res["total"] == 6, res["total"])
lone = next((h for h in res["hits"] if h["id"] == "strike-day2"), {})
check("a story without copies says similar 0", lone.get("similar") == 0 and lone.get("similar_ids") == [], lone)

res_all = query(DB, "부산항", "파업", opts=("--no-collapse",))
whole = [h["id"] for h in res_all["hits"] if not h.get("partial")]
check("--no-collapse lists every copy", set(whole) == {"strike", "strike-day2", *COPIES}, ids(res_all))
check("--no-collapse: no similar fields", all("similar" not in h for h in res_all["hits"]), res_all["hits"][:1])
check("--no-collapse: the same total", res_all["total"] == res["total"], (res_all["total"], res["total"]))

# ---- paging: each story once, none lost ---------------------------------------
seen, shown = [], []
for offset in range(0, 6):
    page = query(DB, "부산항", opts=("--limit", "1", "--offset", str(offset)))
    for h in page["hits"]:
        shown.append(h["id"])
        seen += [h["id"], *h["similar_ids"]]
check("paging shows each story once", len(shown) == len(set(shown)) == 3, shown)
check("paging loses no article", sorted(seen) == sorted(["strike", "strike-day2", "weather", *COPIES]), seen)

# ---- filters apply to the copies ---------------------------------------------
res = query(DB, "부산항", "파업", opts=("--category", "경제"))
h = next((h for h in res["hits"] if h["id"] in {"strike", *COPIES}), {})
check("a filter leaves out the copies it excludes", h.get("similar") == 3 and "strike-same" not in
      h.get("similar_ids", []) and h.get("id") != "strike-same", h)

# ---- over HTTP ----------------------------------------------------------------
srv = Server(NS, DB, threads=2)
try:
    _, r = srv.json("/api/search?q=%EB%B6%80%EC%82%B0%ED%95%AD%20%ED%8C%8C%EC%97%85")
    check("HTTP: one hit per story", len([h for h in r["hits"] if h["id"] in {"strike", *COPIES}]) == 1, r)
    _, r0 = srv.json("/api/search?q=%EB%B6%80%EC%82%B0%ED%95%AD%20%ED%8C%8C%EC%97%85&collapse=0")
    check("HTTP: collapse=0 lists every copy", len([h for h in r0["hits"] if h["id"] in {"strike", *COPIES}]) == 5,
          ids(r0))
    check("HTTP: collapse=0 keeps the total", r0["total"] == r["total"], (r0["total"], r["total"]))
    status, _, text = srv.get("/api/search?q=%EB%B6%80%EC%82%B0%ED%95%AD&collapse=2")
    check("HTTP: collapse=2 is refused", status == 400 and b"collapse" in text, (status, text))
finally:
    srv.stop()

# ---- a copy rewritten into another story leaves; the group outlives its first --
changed = [a if a[0] != "strike-words" else ("strike-words", "항만 야간 조명 교체", "부산항 야간 조명이 모두 "
           "발광다이오드로 바뀐다. 항만공사는 전기 요금이 해마다 3억 원가량 줄어들 것으로 내다봤다.", "경제")
           for a in ARTICLES if a[0] != "strike"]
write_tree(TREE, changed)
code, _, err = run("reindex", "--quiet", TREE, db=DB)
check("reindex", code == 0, err)
res = query(DB, "부산항", opts=("--limit", "20"))
got = ids(res)
story = [h for h in res["hits"] if h["id"] in COPIES and h["id"] != "strike-words"]
check("the first article gone, its copies are still one story", len(story) == 1 and story[0]["similar"] == 2,
      story)
check("a copy rewritten into another story is a hit of its own", "strike-words" in got and
      all("strike-words" not in h["similar_ids"] for h in story), got)

# ---- a database of schema version 3 is grouped when upgraded --------------------
OLD = os.path.join(WORK, "old.db")
write_tree(TREE, ARTICLES)
run("ingest", "--quiet", TREE, db=OLD)
down = subprocess.run(["sqlite3", OLD], input=(
    f".load {EXT}\n"
    "DROP TRIGGER articles_story_ai; DROP TRIGGER articles_story_ad; DROP TRIGGER articles_story_au;"
    "DROP INDEX articles_story; DROP TABLE story_bands;"
    "ALTER TABLE articles DROP COLUMN story; ALTER TABLE articles DROP COLUMN fingerprint;"
    "PRAGMA user_version=3;"), capture_output=True, text=True)
check("downgraded to schema 3 with the sqlite3 shell", down.returncode == 0, down.stderr)
res = query(OLD, "부산항", "파업")
check("schema 3: searched as it is, every copy a hit", res.get("total") == 6 and
      len([h for h in res["hits"] if h["id"] in {"strike", *COPIES}]) == 5, res)
code, _, err = run("ingest", "--quiet", "-", db=OLD)
check("a writer upgrades it", code == 0, err)
res = query(OLD, "부산항", "파업")
story = [h for h in res["hits"] if h["id"] in {"strike", *COPIES}]
check("upgraded: the copies are grouped", len(story) == 1 and story[0]["similar"] == 4, res)

# ---- the shared news files ---------------------------------------------------------
NEWS = [os.path.join(SHARED, f) for f in ("news_naver_sum_1k.jsonl", "news_kncls_1600.jsonl",
                                          "news_scinews_50.jsonl")]
bodies = {}
for path in NEWS:
    with open(path, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            bodies[r["id"]] = bigrams(r["body"])
NDB = os.path.join(WORK, "news.db")
subprocess.run([NS, "ingest", "--quiet", "--db", NDB, *NEWS], check=True)
with open(os.path.join(SHARED, "queries_mix.jsonl"), encoding="utf-8") as f:
    queries = [" ".join(json.loads(line)["words"]) for line in f if line.strip()]
check("200 bench queries", len(queries) == 200, len(queries))


def first_pages(*opts):
    out = subprocess.run([NS, "query", "--db", NDB, "--batch", "--limit", "10", *opts],
                         input="\n".join(queries) + "\n", capture_output=True, text=True, check=True).stdout
    return [json.loads(line) for line in out.splitlines()]


def near_copies(page):
    hits = [h["id"] for h in page["hits"]]
    return [(a, b) for i, a in enumerate(hits) for b in hits[i + 1:]
            if len(bodies[a] | bodies[b]) and len(bodies[a] & bodies[b]) / len(bodies[a] | bodies[b]) > 0.8]


grouped, every = first_pages(), first_pages("--no-collapse")
bad = [(q, near_copies(p)) for q, p in zip(queries, grouped) if near_copies(p)]
check("no first page holds two near copies", not bad, bad[:3])
pages_with_copies = sum(1 for p in every if near_copies(p))
check("without grouping, some first pages do (the check can fail)", pages_with_copies >= 5, pages_with_copies)
print(f"first pages with near copies: {pages_with_copies} of 200 listed every copy, {len(bad)} grouped")

groups = {}
for line in subprocess.run(["sqlite3", "-separator", "\t", NDB, "SELECT key, coalesce(story, id) FROM articles"],
                           capture_output=True, text=True, check=True).stdout.splitlines():
    key, story = line.split("\t")
    groups.setdefault(story, []).append(key)
pairs = [(a, b) for g in groups.values() for i, a in enumerate(g) for b in g[i + 1:]]
below = [(a, b) for a, b in pairs
         if len(bodies[a] & bodies[b]) / max(1, len(bodies[a] | bodies[b])) < 0.6]
check("the news files have copies to group", len(pairs) >= 50, len(pairs))
check("every pair grouped is one story (Jaccard >= 0.6)", not below, below[:5])
print(f"pairs grouped: {len(pairs)}, below the rule: {len(below)}")
check.finish()
