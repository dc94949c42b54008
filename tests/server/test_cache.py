#!/usr/bin/env python3
"""The answer cache of `newssearch serve`: a repeated search is answered
from it (X-Cache: hit) with the same JSON, different parameters never share
an answer, and no answer outlives the data it came from: an ingest into the
live database, an update, and a `reindex --full` swap are all seen at once
by every worker. --cache 0 turns it off.
usage: test_cache.py NEWSSEARCH DEMO_DIR WORKDIR"""
import json
import os
import re
import shutil
import subprocess
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server import Checks, Server  # noqa: E402

NS, DEMO, WORK = sys.argv[1], sys.argv[2], os.path.join(sys.argv[3], "test_cache")
check = Checks()
shutil.rmtree(WORK, ignore_errors=True)
tree = os.path.join(WORK, "tree")
shutil.copytree(DEMO, tree)
DB = os.path.join(WORK, "c.db")
subprocess.run([NS, "reindex", "--full", "--quiet", "--db", DB, tree], check=True, stderr=subprocess.DEVNULL)
THREADS = 4
ROUNDS = 4 * THREADS  # enough requests that every worker answers some


def search(srv, q, extra=""):
    status, headers, body = srv.get("/api/search?q=" + urllib.parse.quote(q) + extra)
    return status, headers.get("X-Cache"), body


def without_time(body):
    return re.sub(rb'"took_ms":[0-9.eE+-]+', b"", body)


def totals(srv, q):
    return {json.loads(search(srv, q)[2])["total"] for _ in range(ROUNDS)}


srv = Server(NS, DB, threads=THREADS)
try:
    answers = [search(srv, "장애") for _ in range(ROUNDS)]
    check("all answered", all(s == 200 for s, _, _ in answers), [s for s, _, _ in answers])
    marks = [c for _, c, _ in answers]
    check("repeats come from the cache", marks.count("hit") >= ROUNDS - THREADS - 1, marks)
    check("every answer says hit or miss", set(marks) <= {"hit", "miss"}, marks)
    bodies = {without_time(b) for _, _, b in answers}
    check("a kept answer is the computed one, byte for byte", len(bodies) == 1, len(bodies))
    took = [json.loads(b)["took_ms"] for _, c, b in answers if c == "hit"]
    check("a hit reports its own time", took and all(isinstance(t, (int, float)) and t >= 0 for t in took), took[:3])
    before = json.loads(answers[0][2])["total"]

    # parameters that change the answer never share an entry
    _, _, one = search(srv, "장애", "&limit=1")
    check("limit is part of the key", len(json.loads(one)["hits"]) == 1, one[:200])
    _, _, by_date = search(srv, "장애", "&sort=date")
    dates = [h["date"] for h in json.loads(by_date)["hits"]]
    check("sort is part of the key", dates == sorted(dates, key=lambda d: d or "", reverse=True), dates)
    _, _, off = search(srv, "장애", "&offset=1")
    check("offset is part of the key", json.loads(off)["hits"][0]["id"] == json.loads(answers[0][2])["hits"][1]["id"], "")
    _, _, other = search(srv, "장애가")
    check("another query is not answered with this one's hits", json.loads(other)["query"] == "장애가", other[:100])

    # a new article ingested into the live database: every worker sees it
    new = os.path.join(tree, "2025-06-01-cache-test.md")
    with open(new, "w", encoding="utf-8") as f:
        f.write("---\ntitle: 캐시 시험 장애 기사\ndate: 2025-06-01\n---\n<p>전산망 장애가 또 일어났다.</p>\n")
    subprocess.run([NS, "ingest", "--db", DB, new], check=True, capture_output=True)
    check("an ingest is seen by every worker at once", totals(srv, "장애") == {before + 1}, totals(srv, "장애"))

    # the same article changed: the old title is never served again
    with open(new, "w", encoding="utf-8") as f:
        f.write("---\ntitle: 고쳐 쓴 장애 제목\ndate: 2025-06-01\n---\n<p>전산망 장애가 또 일어났다.</p>\n")
    subprocess.run([NS, "ingest", "--db", DB, new], check=True, capture_output=True)
    titles = set()
    for _ in range(ROUNDS):
        titles |= {h["title"] for h in json.loads(search(srv, "장애", "&limit=100")[2])["hits"]}
    check("an update is seen at once", "고쳐 쓴 장애 제목" in titles and "캐시 시험 장애 기사" not in titles, titles)

    # a full reindex without the file: the article is gone for everyone
    os.remove(new)
    subprocess.run([NS, "reindex", "--full", "--quiet", "--db", DB, tree], check=True, capture_output=True)
    check("a reindex --full swap is seen at once", totals(srv, "장애") == {before}, totals(srv, "장애"))

    status, _, metrics = srv.get("/metrics")
    hits = re.search(rb'newssearch_cache_lookups_total\{result="hit"\} (\d+)', metrics)
    check("/metrics counts cache hits", status == 200 and hits and int(hits.group(1)) > 0, metrics[-600:])
finally:
    srv.stop()

# --cache 0: nothing kept, no X-Cache header
srv = Server(NS, DB, threads=THREADS, extra=("--cache", "0"))
try:
    marks = [search(srv, "장애")[1] for _ in range(8)]
    check("--cache 0 keeps nothing", marks == [None] * 8, marks)
finally:
    srv.stop()

for bad in ("-1", "lots", "70000"):
    r = subprocess.run([NS, "serve", "--db", DB, "--port", "0", "--cache", bad], capture_output=True, text=True, timeout=10)
    check(f"--cache {bad} is a usage error", r.returncode == 2 and "cache" in r.stderr, (r.returncode, r.stderr))
check.finish()
