#!/usr/bin/env python3
"""Past 10,000 matches a query ranks only its newest matches
(NS_SEARCH_NEWEST, 2,000, or more when the page asks for more), so that it
stops early: on 10,050 articles that all hold one word, the first page comes
from the newest 2,000 only, in BM25 order among them; a page further down
widens the window; sorting by date, filters and queries with fewer matches
still see every article; two words, ranked without a count first, do the
same.
usage: test_newest.py NEWSSEARCH WORKDIR"""
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "server"))
from server import Checks  # noqa: E402

NS, WORK = sys.argv[1], os.path.join(sys.argv[2], "test_newest")
N, NEWEST = 10050, 2000
check = Checks()


def query(*args):
    p = subprocess.run([NS, "query", "--db", DB, "--json", *args], capture_output=True, text=True)
    return json.loads(p.stdout) if p.returncode == 0 else {"error": p.stderr}


def number(hit):
    return int(hit["id"][1:])


shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
DB = os.path.join(WORK, "n.db")
src = os.path.join(WORK, "many.jsonl")
with open(src, "w", encoding="utf-8") as f:
    for i in range(N):
        # the oldest 100 say the word most often: ranked over every match,
        # they would take the first page
        body = "공통 소식을 전한다. " + "공통 " * (6 if i < 100 else i % 5)
        if i % 20 == 0:
            body += " 드문낱말"  # in 503 articles, old and new
        day, minute = i // 1440, i % 1440  # one article a minute
        f.write(json.dumps({"id": f"n{i:05d}", "title": f"기사 {i}", "body": body,
                            "date": f"2025-01-{1 + day:02d}T{minute // 60:02d}:{minute % 60:02d}:00Z"},
                           ensure_ascii=False) + "\n")
r = subprocess.run([NS, "ingest", "--db", DB, "--quiet", src], capture_output=True, text=True)
check("ingest", r.returncode == 0, r.stderr)

first = query("공통")
hits = first.get("hits", [])
check("total is a lower bound past 10,000", first.get("total") == 10000 and first.get("total_is_lower_bound") is True, first)
check("a full page", len(hits) == 10, len(hits))
check("every hit is among the newest 2,000", all(number(h) >= N - NEWEST for h in hits), [h["id"] for h in hits])
check("BM25 order among them: the most repetitions first", hits and number(hits[0]) % 5 == 4, [h["id"] for h in hits[:3]])

deep = query("--offset", "3000", "--limit", "10", "공통")
dh = deep.get("hits", [])
check("a page past the window widens it", len(dh) == 10 and all(number(h) >= N - (3000 + 10 + 64) for h in dh), [h["id"] for h in dh])

by_date = query("--sort", "date", "공통")
check("sort by date sees every article: the newest first", [h["id"] for h in by_date.get("hits", [])][:1] == [f"n{N - 1:05d}"], by_date.get("hits", [])[:1])
old = query("--until", "2025-01-01", "--limit", "100", "공통")
check("a filter sees every article, old ones too", old.get("hits") and all(number(h) < 1440 for h in old["hits"]), old.get("hits", [])[:2])

rare = query("--limit", "100", "드문낱말")
check("fewer than 10,000 matches: all ranked, old ones too", rare.get("total") == 503 and any(number(h) < N - NEWEST for h in rare.get("hits", [])), rare.get("total"))

# Two words are ranked without a count first: the ranking counts what it
# scores and stops past 10,000, then ranks the newest window.
two = query("공통 소식")
th = two.get("hits", [])
check("two words past 10,000: a lower bound", two.get("total") == 10000 and two.get("total_is_lower_bound") is True, two)
check("two words past 10,000: the newest 2,000", len(th) == 10 and all(number(h) >= N - NEWEST for h in th), [h["id"] for h in th])
pair = query("--limit", "100", "공통 드문낱말")
check("two words, 503 matches: exact total, old ones ranked too",
      pair.get("total") == 503 and not pair.get("total_is_lower_bound") and any(number(h) < N - NEWEST for h in pair.get("hits", [])),
      pair.get("total"))
minus = query("공통 -드문낱말")
check("a word without another: 9,547 matches, exact", minus.get("total") == N - 503 and not minus.get("total_is_lower_bound"), minus.get("total"))

check.finish()
