#!/usr/bin/env python3
"""A reindex never takes search down: while client threads send searches
to the real server, `reindex --full` replaces the database twice. Not one
request may fail, and the new content must be served afterwards.
usage: test_hot_swap.py NEWSSEARCH DEMO_DIR SHARED_CORPUS WORKDIR"""
import json
import os
import shutil
import subprocess
import sys
import threading
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server import Checks, Server, need_shared  # noqa: E402

NS, DEMO, SHARED, WORK = sys.argv[1], sys.argv[2], sys.argv[3], os.path.join(sys.argv[4], "test_hot_swap")
check = Checks()


need_shared(SHARED)
shutil.rmtree(WORK, ignore_errors=True)
tree = os.path.join(WORK, "tree")
shutil.copytree(DEMO, tree)
shutil.copy(os.path.join(SHARED, "news_kncls_1600.jsonl"), os.path.join(tree, "kncls.jsonl"))
DB = os.path.join(WORK, "live.db")
subprocess.run([NS, "reindex", "--full", "--quiet", "--db", DB, tree], check=True, stderr=subprocess.DEVNULL)
srv = Server(NS, DB)

stop = threading.Event()
tally = {"ok": 0, "failed": 0, "errors": []}
lock = threading.Lock()
queries = ["장애", "금리", "톡", "정부 발표", "서울과 부산 구간 요금은?"]


def client(n):
    i = 0
    while not stop.is_set():
        word = queries[(i + n) % len(queries)]
        i += 1
        status, _, body = srv.get("/api/search?q=" + urllib.parse.quote(word))
        ok = status == 200 and "hits" in json.loads(body)
        with lock:
            tally["ok" if ok else "failed"] += 1
            if not ok:
                tally["errors"].append((status, body[:200]))


def write_post(name, word):
    with open(os.path.join(tree, name), "w", encoding="utf-8") as f:
        f.write(f'---\ntitle: "교체 확인 {word}"\ndate: 2026-12-01\n---\n<p>{word} 문장.</p>\n')


threads = [threading.Thread(target=client, args=(n,)) for n in range(4)]
for t in threads:
    t.start()
for word in ("무중단교체첫째", "무중단교체둘째"):
    write_post(f"2026-12-01-{word}.md", word)
    r = subprocess.run([NS, "reindex", "--full", "--quiet", "--db", DB, tree], capture_output=True, text=True)
    check(f"reindex --full ({word})", r.returncode == 0, r.stderr)
stop.set()
for t in threads:
    t.join()
check("no failed request during two swaps", tally["failed"] == 0, tally["errors"][:3])
check("requests kept flowing", tally["ok"] > 20, tally["ok"])
for word in ("무중단교체첫째", "무중단교체둘째"):
    status, res = srv.json("/api/search?q=" + urllib.parse.quote(word))
    check(f"new content served ({word})", status == 200 and res["total"] == 1, res)

check("clean stop", *srv.stop_clean())
shutil.rmtree(WORK, ignore_errors=True)
check.finish()
