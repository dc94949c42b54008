#!/usr/bin/env python3
"""Partial matches and sorts, on articles written for this test.
Partial matches (the fill of a multi-word query that few articles match
whole) share a whole word with the query or at least half of its bigrams:
삼성전자 실적 finds 실적 alone and 삼성 ... 전자 apart, not 혼성전 (성전) or
전자기기 (전자); each says "partial": true, "total" counts the articles
matching every word and "total_partial" those matching in part; pages go
on from the whole matches to the partial ones; an excluded word excludes
partial matches too. Sorts: relevance (ties newest first), date (newest
first, undated last), oldest, and recent (relevance halved every
half_life days: a short half-life puts the newest first, a long one keeps
relevance); bad sort and half_life values are refused, in the CLI and
over HTTP.
usage: test_partial_sort.py NEWSSEARCH WORKDIR"""
import json
import os
import shutil
import subprocess
import sys
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "server"))
from server import Checks, Server  # noqa: E402

NS, WORK = sys.argv[1], os.path.join(sys.argv[2], "test_partial_sort")
check = Checks()
shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)

ARTICLES = [
    ("whole", "삼성전자 2분기 실적 발표", "삼성전자가 2분기 실적을 발표했다.", "2025-07-07T00:00:00Z"),
    ("results-only", "상장사 상반기 실적 점검", "상장사들의 상반기 실적이 엇갈렸다.", "2025-07-20T00:00:00Z"),
    ("apart", "삼성 계열사 전자 부품 수출", "삼성 계열사의 전자 부품 수출이 늘었다.", "2025-06-01T00:00:00Z"),
    ("archery", "양궁 혼성전 금메달", "혼성전 결승에서 한국이 이겼다.", "2025-07-08T00:00:00Z"),
    ("exam", "시험장 전자기기 반입 금지", "수험생은 전자기기를 가져올 수 없다.", "2025-07-09T00:00:00Z"),
    ("excluded", "반도체 실적 부진", "메모리 반도체 실적이 부진했다.", "2025-07-10T00:00:00Z"),
]
# sorts: 금리 in every article; the oldest says it most often
SORT = [
    ("rate-old", "금리 금리 금리 인상", "금리 인상과 금리 전망, 금리 부담.", "2021-01-01T00:00:00Z"),
    ("rate-mid", "금리 동결", "한국은행이 금리를 동결했다.", "2024-01-01T00:00:00Z"),
    ("rate-new", "금리 발표", "금리 발표가 있었다.", "2025-06-01T00:00:00Z"),
    ("rate-undated", "금리 해설", "금리란 무엇인가.", None),
]
SRC, DB = os.path.join(WORK, "a.jsonl"), os.path.join(WORK, "p.db")
with open(SRC, "w", encoding="utf-8") as f:
    for key, title, body, date in ARTICLES + SORT:
        a = {"id": key, "title": title, "body": body}
        if date:
            a["date"] = date
        f.write(json.dumps(a, ensure_ascii=False) + "\n")
subprocess.run([NS, "ingest", "--quiet", "--db", DB, SRC], check=True)


def query(*words, opts=()):
    p = subprocess.run([NS, "query", "--db", DB, "--json", "--limit", "20", *opts, "--", *words],
                       capture_output=True, text=True)
    return p.returncode, (json.loads(p.stdout) if p.stdout.strip() else None), p.stderr


def ids(res):
    return [h["id"] for h in res["hits"]] if res else []


# ---- partial matches -----------------------------------------------------------
_, res, _ = query("삼성전자", "실적")
got = ids(res)
check("the whole match first", got[:1] == ["whole"], got)
check("a whole word of the query is a partial match", "results-only" in got and "excluded" in got, got)
check("half of the bigrams (삼성, 전자) is a partial match", "apart" in got, got)
check("one bigram of one word is not (혼성전)", "archery" not in got, got)
check("one bigram of one word is not (전자기기)", "exam" not in got, got)
check("total counts the whole matches", res["total"] == 1, res["total"])
check("total_partial the others", res["total_partial"] == 3, res["total_partial"])
check("relaxed says partial matches fill the page", res["relaxed"] is True, res["relaxed"])
flags = {h["id"]: h.get("partial", False) for h in res["hits"]}
check("each partial hit says so", flags == {"whole": False, "results-only": True, "excluded": True, "apart": True},
      flags)
_, res, _ = query("삼성전자", "실적", "-반도체")
check("an excluded word excludes partial matches", "excluded" not in ids(res) and res["total_partial"] == 2,
      (ids(res), res["total_partial"]))
pages = []
for offset in range(4):
    _, page, _ = query("삼성전자", "실적", opts=("--limit", "1", "--offset", str(offset)))
    pages += [(h["id"], h.get("partial", False)) for h in page["hits"]]
check("pages go on from the whole matches to the partial ones",
      [p[1] for p in pages] == [False, True, True, True] and len({p[0] for p in pages}) == 4, pages)
_, res, _ = query("반도체")
check("a one-word query has no partial matches", res["total_partial"] == 0 and
      all(not h.get("partial") for h in res["hits"]), res)

# ---- sorts --------------------------------------------------------------------------
_, res, _ = query("금리")
check("relevance: the article that says it most first", ids(res)[:1] == ["rate-old"], ids(res))
_, res, _ = query("금리", opts=("--sort", "date"))
check("date: newest first, undated last", ids(res) == ["rate-new", "rate-mid", "rate-old", "rate-undated"],
      ids(res))
_, res, _ = query("금리", opts=("--sort", "oldest"))
check("oldest: oldest first, undated last", ids(res) == ["rate-old", "rate-mid", "rate-new", "rate-undated"],
      ids(res))
_, res, _ = query("금리", opts=("--sort", "recent", "--half-life", "1"))
check("recent, half-life 1 day: the newest first", ids(res)[:3] == ["rate-new", "rate-mid", "rate-old"], ids(res))
check("recent: undated last", ids(res)[-1:] == ["rate-undated"], ids(res))
_, res, _ = query("금리", opts=("--sort", "recent", "--half-life", "36500"))
check("recent, half-life 100 years: relevance first", ids(res)[:1] == ["rate-old"], ids(res))
_, res, _ = query("금리", opts=("--sort", "recent"))
check("recent by default (7 days) runs", res is not None and len(res["hits"]) == 4, res)
code, _, err = query("금리", opts=("--sort", "newest-ish"))
check("a bad --sort is refused", code == 2 and "relevance, date, recent or oldest" in err, (code, err))
code, _, err = query("금리", opts=("--sort", "recent", "--half-life", "0"))
check("a bad --half-life is refused", code == 2 and "--half-life" in err, (code, err))

srv = Server(NS, DB, threads=2)
try:
    q = urllib.parse.quote("금리")
    _, r = srv.json(f"/api/search?q={q}&sort=oldest")
    check("HTTP sort=oldest", ids(r) == ["rate-old", "rate-mid", "rate-new", "rate-undated"], ids(r))
    _, r = srv.json(f"/api/search?q={q}&sort=recent&half_life=1")
    check("HTTP sort=recent&half_life=1", ids(r)[:1] == ["rate-new"], ids(r))
    status, r = srv.json(f"/api/search?q={q}&sort=recent&half_life=abc")
    check("HTTP bad half_life: 400", status == 400 and "half_life" in r.get("error", ""), (status, r))
    status, r = srv.json(f"/api/search?q={q}&sort=upside-down")
    check("HTTP bad sort: 400", status == 400 and "sort" in r.get("error", ""), (status, r))
    _, r = srv.json("/api/search?q=" + urllib.parse.quote("삼성전자 실적"))
    check("HTTP: total and total_partial", r["total"] == 1 and r["total_partial"] == 3, r)
finally:
    srv.stop()
check.finish()
