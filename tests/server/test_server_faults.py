#!/usr/bin/env python3
"""The server under faults of its database: the file deleted while it runs,
its bytes overwritten (corrupted), then a good file back; and a kill -9 of
the server under load. Throughout, the server stays up, /healthz reports the
problem, search answers 503 with a message, and it recovers by itself once
a good file is back; after a kill -9 a restart serves the same results.
usage: test_server_faults.py NEWSSEARCH DEMO_DIR WORKDIR"""
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server import Checks, Server, need_shared  # noqa: E402

NS, DEMO, WORK = sys.argv[1], sys.argv[2], os.path.join(sys.argv[3], "test_server_faults")
check = Checks()


shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
DB = os.path.join(WORK, "f.db")
GOOD = os.path.join(WORK, "good.db")
subprocess.run([NS, "reindex", "--full", "--quiet", "--db", GOOD, DEMO], check=True, stderr=subprocess.DEVNULL)
shutil.copy(GOOD, DB)
srv = Server(NS, DB, threads=2)
SEARCH = "/api/search?q=" + urllib.parse.quote("장애")


def healthy():
    status, h = srv.json("/healthz")
    return status == 200 and h["articles"] == 34


def all_threads(path, n=8):
    """The same request n times, so that every worker thread answers it."""
    return [srv.json(path) for _ in range(n)]


check("healthy at start", healthy())
status, first = srv.json(SEARCH)
check("search at start", status == 200 and first["total"] > 0, first)

# ---- the file deleted while the server runs ------------------------------------------
for suffix in ("", "-wal", "-shm"):
    if os.path.exists(DB + suffix):
        os.remove(DB + suffix)
answers = all_threads("/healthz")
check("deleted: healthz 503 with the reason", all(s == 503 and "missing" in h["error"] for s, h in answers), answers[:2])
answers = all_threads(SEARCH)
check("deleted: search 503 with a message", all(s == 503 and h["error"] for s, h in answers), answers[:2])
shutil.copy(GOOD, DB)
check("deleted: recovers when a good file is back", all(healthy() for _ in range(8)))
status, res = srv.json(SEARCH)
check("deleted: same results after recovery", status == 200 and res["hits"] == first["hits"], "")

# ---- the file corrupted in place --------------------------------------------------
with open(DB, "r+b") as f:
    f.write(b"this is not an SQLite database header at all, sorry!" * 4)
answers = all_threads("/healthz")
check("corrupted: healthz 503 with the reason", all(s == 503 and "error" in h for s, h in answers), answers[:2])
answers = all_threads(SEARCH)
check("corrupted: search 503", all(s == 503 and h["error"] for s, h in answers), answers[:2])
status, _, _ = srv.get("/")
check("corrupted: the page still served", status == 200, status)
shutil.copy(GOOD, DB)
check("corrupted: recovers when a good file is back", all(healthy() for _ in range(8)))

# ---- a read-only database, for a server that is not root --------------------------
ro_dir = os.path.join(WORK, "ro")
os.makedirs(ro_dir)
RO = os.path.join(ro_dir, "r.db")
shutil.copy(GOOD, RO)
os.chmod(RO, 0o444)
os.chmod(ro_dir, 0o555)  # no -wal or -shm can be created beside it
os.chmod(WORK, 0o755)
nobody = Server(NS, RO, threads=2, user="nobody")
status, h = nobody.json("/healthz")
check("read-only: healthz answers (ok, or 503 with the reason)",
      (status == 200 and h["articles"] == 34) or (status == 503 and h.get("error")), (status, h))
status, res = nobody.json(SEARCH)
check("read-only: search answers (results, or 503 with a message)",
      (status == 200 and res["total"] > 0) or (status == 503 and res.get("error")), (status, res))
os.chmod(ro_dir, 0o777)
os.chmod(RO, 0o666)
check("read-only: recovers once the file is writable", all(
    nobody.json("/healthz")[0] == 200 for _ in range(8)))
check("read-only: clean stop", *nobody.stop_clean())

# ---- kill -9 under load, then a restart -----------------------------------------------
stop = threading.Event()


def load():
    while not stop.is_set():
        try:
            srv.get(SEARCH, timeout=2)
        except OSError:
            pass


threads = [threading.Thread(target=load) for _ in range(4)]
for t in threads:
    t.start()
os.kill(srv.proc.pid, signal.SIGKILL)
srv.proc.wait()
stop.set()
for t in threads:
    t.join()
check("database intact after kill -9", subprocess.run(
    ["sqlite3", DB, "PRAGMA integrity_check"], capture_output=True, text=True).stdout.strip() == "ok")
srv = Server(NS, DB, threads=2)
status, res = srv.json(SEARCH)
check("restart serves the same results", status == 200 and res["hits"] == first["hits"], "")
check("clean stop", *srv.stop_clean())
shutil.rmtree(WORK, ignore_errors=True)
check.finish()
