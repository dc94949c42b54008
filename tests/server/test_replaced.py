#!/usr/bin/env python3
"""A database file replaced by hand under a running server: renamed over
the path (mv) or copied over it (cp), after an ingest left frames in the
WAL that the server's connections keep alive. The server must answer from
the new file (the same answers as a fresh `newssearch query` on a pristine
copy of it), the file must pass integrity_check, and a later ingest must
not lay the old WAL over it. Then files are copied over the live one again
and again while four clients search: the server must stay up (every answer
200 or 503) and end on the last file copied.
usage: test_replaced.py NEWSSEARCH DEMO_DIR SHARED_CORPUS WORKDIR"""
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

NS, DEMO, SHARED, WORK = sys.argv[1], sys.argv[2], sys.argv[3], os.path.join(sys.argv[4], "test_replaced")
need_shared(SHARED)
EXT = os.path.join(os.path.dirname(os.path.realpath(NS)), "newssearch_fts5")
check = Checks()
shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
corpus = lambda name: os.path.join(SHARED, name)  # noqa: E731
# Words: one only in the demo articles, one only in the news ingested while
# the server runs, one only in the replacement, one only in a later ingest.
WORDS = ["동파", "야놀자", "소두증", "교향곡"]


def ingest(db, *paths):
    subprocess.run([NS, "ingest", "--quiet", "--db", db, *paths], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


# Each word's own matches: corrections would answer an absent word with a
# neighbour's.
def cli_totals(db):
    out = {}
    for w in WORDS:
        r = subprocess.run([NS, "query", "--db", db, "--json", "--no-correct", w], capture_output=True,
                           text=True)
        out[w] = json.loads(r.stdout)["total"] if r.returncode == 0 else r.stderr.strip()
    return out


def server_totals(srv):
    out = {}
    for w in WORDS:
        status, body = srv.json("/api/search?correct=0&q=" + urllib.parse.quote(w))
        out[w] = body["total"] if status == 200 else status
    return out


def integrity(db):
    r = subprocess.run(["sqlite3", "-batch", db, ".timeout 5000", f".load {EXT}",
                        "PRAGMA integrity_check; INSERT INTO articles_fts(articles_fts) "
                        "VALUES('integrity-check'); SELECT 'fts ok';"],
                       capture_output=True, text=True)
    return (r.stdout + r.stderr).strip()


# The replacement, built apart and copied as a pristine reference.
B = os.path.join(WORK, "B.db")
ingest(B, corpus("news_scinews_50.jsonl"), corpus("news_kncls_1600.jsonl"))
B_REF = os.path.join(WORK, "B-ref.db")
shutil.copy(B, B_REF)
want_b = cli_totals(B_REF)
check("reference: the replacement holds its own word only", want_b["소두증"] > 0 and want_b["동파"] == 0,
      want_b)

for mode in ("mv", "cp"):
    A = os.path.join(WORK, f"A-{mode}.db")
    ingest(A, DEMO)
    srv = Server(NS, A, threads=2)
    before = server_totals(srv)
    ingest(A, corpus("news_naver_sum_1k.jsonl"))  # frames stay in A-wal
    during = server_totals(srv)
    check(f"{mode}: the ingest was seen", during["야놀자"] > 0 and during["동파"] == before["동파"], during)
    check(f"{mode}: frames kept in the WAL", os.path.getsize(A + "-wal") >= 0, "")
    src = os.path.join(WORK, f"B-{mode}.db")
    shutil.copy(B_REF, src)
    if mode == "mv":
        os.rename(src, A)
    else:
        shutil.copyfile(src, A)
    time.sleep(0.2)
    got = server_totals(srv)
    check(f"{mode}: the server answers from the new file", got == want_b, (got, want_b))
    status, health = srv.json("/healthz")
    _, ref_health_n = 0, json.loads(subprocess.run([NS, "stats", "--db", B_REF, "--json"],
                                                   capture_output=True, text=True).stdout)["articles"]
    check(f"{mode}: /healthz counts the new file", status == 200 and health["articles"] == ref_health_n,
          (status, health, ref_health_n))
    check(f"{mode}: integrity after the replacement", integrity(A) == "ok\nfts ok", integrity(A))
    ingest(A, corpus("wiki_korquad1_dev_paragraphs.jsonl"))
    check(f"{mode}: integrity after a later ingest", integrity(A) == "ok\nfts ok", integrity(A))
    after = server_totals(srv)
    fresh = cli_totals(A)
    check(f"{mode}: server and a fresh process agree after it", after == fresh and fresh["교향곡"] > 0
          and fresh["동파"] == 0, (after, fresh))
    check(f"{mode}: clean stop", *srv.stop_clean())

# Copies over the live file while clients search.
A = os.path.join(WORK, "A-race.db")
ingest(A, DEMO)
C = os.path.join(WORK, "C.db")
ingest(C, corpus("news_naver_sum_1k.jsonl"))
srv = Server(NS, A, threads=2)
stop = threading.Event()
statuses = {}
lock = threading.Lock()


def client(k):
    i = 0
    while not stop.is_set():
        try:
            status, _, _ = srv.get("/api/search?q=" + urllib.parse.quote(WORDS[(i + k) % 3]), timeout=10)
        except OSError as e:
            status = type(e).__name__
        with lock:
            statuses[status] = statuses.get(status, 0) + 1
        i += 1


clients = [threading.Thread(target=client, args=(k,)) for k in range(4)]
for t in clients:
    t.start()
for i in range(10):
    shutil.copyfile(B_REF if i % 2 == 0 else C, A)
    time.sleep(0.3)
stop.set()
for t in clients:
    t.join()
check("race: the server stayed up", srv.proc.poll() is None, srv.proc.poll())
check("race: every answer 200 or 503", set(statuses) <= {200, 503} and statuses.get(200, 0) > 0, statuses)
time.sleep(0.5)
got = server_totals(srv)
want_c = cli_totals(C)
check("race: ends on the last file copied", got == want_c, (got, want_c))
check("race: clean stop", *srv.stop_clean())
shutil.rmtree(WORK, ignore_errors=True)
check.finish()
