#!/usr/bin/env python3
"""Load test (label "long", not in the CI subset): wrk at 256 connections
for at least 60 s against the real server on loopback while `reindex
--full` swaps the database at least 4 times. Failed and non-2xx responses must be zero.
usage: test_load.py NEWSSEARCH DEMO_DIR SHARED_CORPUS WORKDIR [SECONDS]"""
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server import Checks, Server, need_shared  # noqa: E402

NS, DEMO, SHARED = sys.argv[1], sys.argv[2], sys.argv[3]
WORK = os.path.join(sys.argv[4], "test_load")
SECONDS = int(sys.argv[5]) if len(sys.argv) > 5 else 60
check = Checks()


if not shutil.which("wrk") or not os.path.isdir(SHARED):
    print("FAIL: needs wrk (scripts/install-deps.sh test) and the shared corpus\n0 passed, 1 failed")
    sys.exit(1)
shutil.rmtree(WORK, ignore_errors=True)
tree = os.path.join(WORK, "tree")
shutil.copytree(DEMO, tree)
shutil.copy(os.path.join(SHARED, "news_kncls_1600.jsonl"), os.path.join(tree, "kncls.jsonl"))
DB = os.path.join(WORK, "load.db")
subprocess.run([NS, "reindex", "--full", "--quiet", "--db", DB, tree], check=True, stderr=subprocess.DEVNULL)
srv = Server(NS, DB, threads=4)

words = ["장애", "금리", "정부", "서울", "경제 성장", "북한", "대통령", "시장", "손", "반도체"]
lua = os.path.join(WORK, "paths.lua")
with open(lua, "w") as f:
    f.write("local paths = {\n")
    for w in words:
        f.write(f'  "/api/search?q={urllib.parse.quote(w)}",\n')
    f.write("}\nlocal i = 0\nrequest = function()\n  i = i % #paths + 1\n"
            "  return wrk.format(\"GET\", paths[i])\nend\n")

# The swaps, not the clock, decide when the load ends: wrk runs until the
# reindexer has swapped SWAPS times (one every 10 s at most) and at least
# SECONDS have passed, then is stopped with SIGINT (it prints its figures).
SWAPS = max(3, SECONDS // 15)
swaps = []
started = time.time()
wrk = subprocess.Popen(["wrk", "-t2", "-c256", f"-d{SECONDS * 20}s", "--timeout", "5s", "--latency",
                        "-s", lua, srv.url], stdout=subprocess.PIPE, text=True)
while len(swaps) < SWAPS or time.time() - started < SECONDS:
    time.sleep(min(10, max(1, SECONDS / SWAPS / 2)))
    n = len(swaps) + 1
    with open(os.path.join(tree, f"load-{n}.md"), "w", encoding="utf-8") as f:
        f.write(f'---\ntitle: "부하 중 교체 {n}"\n---\n<p>부하시험교체{n} 문장.</p>\n')
    r = subprocess.run([NS, "reindex", "--full", "--quiet", "--db", DB, tree], capture_output=True, text=True)
    swaps.append(r.returncode)
wrk_alive = wrk.poll() is None
wrk.send_signal(signal.SIGINT)
out = wrk.communicate()[0]
print(out)
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
reqs = re.search(r"(\d+) requests in", out)
check("wrk ran", reqs is not None and int(reqs.group(1)) > 0, out[-300:])
check("zero non-2xx responses", non2xx is None, non2xx and non2xx.group(0))
check("zero socket errors", sock is None, sock and sock.group(0))
check("database swapped during the load", wrk_alive and len(swaps) >= SWAPS and all(c == 0 for c in swaps),
      (wrk_alive, swaps))
status, res = srv.json("/api/search?q=" + urllib.parse.quote(f"부하시험교체{len(swaps)}"))
check("last swap served", status == 200 and res["total"] == 1, res)
srv.stop()
shutil.rmtree(WORK, ignore_errors=True)
check.finish()
