#!/usr/bin/env python3
"""Costly queries cannot starve the others. On the shared news, a query of
32 one-syllable words is a costly search (each word is expanded over every
indexed term that starts with it). With a budget of 1 ms it is answered,
200, with "partial_results": true and a total that is a lower bound. With
the default budget, eight of them sent at once go to the costly lane,
which leaves one worker of two to the rest: an ordinary search sent after
them is answered before most of them.
usage: test_costly.py NEWSSEARCH SHARED_CORPUS WORKDIR"""
import glob
import json
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server import Checks, Server, need_shared  # noqa: E402

NS, SHARED, WORK = sys.argv[1], sys.argv[2], os.path.join(sys.argv[3], "test_costly")
need_shared(SHARED)
check = Checks()
shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
DB = os.path.join(WORK, "news.db")
subprocess.run([NS, "ingest", "--quiet", "--db", DB, *sorted(glob.glob(os.path.join(SHARED, "news_*.jsonl")))],
               check=True, stderr=subprocess.DEVNULL)
COSTLY = [" ".join(w) for w in (
    "손 등 이 그 수 것 때 말 일 집 물 눈 밤 길 꿈 돈 땅 몸 빛 힘 차 책 값 곳 날 뒤 맛 밥 배 법 병 봄".split(),
    "산 강 밖 안 위 앞 옆 속 겉 꽃 잎 씨 벽 문 창 줄 끝 틈 땀 피 살 뼈 털 낮 해 달 별 비 불 흙 돌 쇠".split())]


def search(srv, q):
    status, body = srv.json("/api/search?q=" + urllib.parse.quote(q))
    return status, body


# ---- the budget: partial answers, said so --------------------------------
srv = Server(NS, DB, threads=2, extra=("--cache", "0", "--budget", "1"))
status, body = search(srv, COSTLY[0])
check("budget: costly query answered", status == 200, status)
check("budget: partial_results", body and body.get("partial_results") is True, body and list(body))
check("budget: total is a lower bound", body and body.get("total_is_lower_bound") is True, body)
check("budget: total covers the page", body and body["total"] >= len(body["hits"]), body)
# Answered, and honest about it: within 1 ms a slow machine (the sanitizer
# build) may find nothing yet, and must then say the answer is partial.
status, body = search(srv, "금리")
check("budget: an ordinary query still answered", status == 200 and body is not None and
      (body["total"] > 0 or (body.get("partial_results") is True and body["total_is_lower_bound"])),
      (status, body))
_, _, metrics = srv.get("/metrics")
partial = [line for line in metrics.decode().splitlines()
           if line.startswith("newssearch_searches_partial_total ")]
check("budget: counted in /metrics", partial and int(partial[0].split()[1]) >= 1, partial)
check("budget: clean stop", *srv.stop_clean())

# The command line has the same budget, off unless asked for.
out = subprocess.run([NS, "query", "--db", DB, "--json", "--budget", "1", COSTLY[0]],
                     capture_output=True, text=True)
check("cli --budget: partial", out.returncode == 0 and json.loads(out.stdout).get("partial_results") is True,
      out.stdout[:200])
out = subprocess.run([NS, "query", "--db", DB, "--json", COSTLY[0]], capture_output=True, text=True)
check("cli: no budget, whole answer", out.returncode == 0 and "partial_results" not in json.loads(out.stdout),
      out.stdout[:200])
out = subprocess.run([NS, "query", "--db", DB, "--budget", "lots", "x"], capture_output=True, text=True)
check("cli: bad --budget is a usage error", out.returncode == 2, out.returncode)

# ---- the costly lane -------------------------------------------------------
srv = Server(NS, DB, threads=2, extra=("--cache", "0"))
done = []
lock = threading.Lock()


def send(name, q):
    status, _ = search(srv, q)
    with lock:
        done.append((name, status))


def rotated(i):
    words = COSTLY[i % 2].split()
    return " ".join(words[i:] + words[:i])


costly = [threading.Thread(target=send, args=(f"costly{i}", rotated(i))) for i in range(8)]
for t in costly:
    t.start()
time.sleep(0.05)  # all eight queued before the ordinary one
plain = threading.Thread(target=send, args=("plain", "금리 인상"))
plain.start()
for t in costly + [plain]:
    t.join()
order = [name for name, _ in done]
check("lane: every search answered", all(s == 200 for _, s in done), done)
check("lane: the ordinary search is not kept behind the costly ones",
      order.index("plain") < 4, order)
check("lane: clean stop", *srv.stop_clean())
shutil.rmtree(WORK, ignore_errors=True)
check.finish()
