#!/usr/bin/env python3
"""Slow and crowding clients against the real server. 1,100 connections
trickle a request one header byte a second (slowloris): more than the
connection cap, all from this one address. Throughout, a fresh /healthz
must be answered within one second; a request trickled over 25 s must be
cut once 10 s have passed (the deadline is for the whole request, not
reset by each byte); and an ordinary kept-alive client is served as before. The server's standard
error is a pipe of one page that nobody reads, as under a careless
supervisor: libmicrohttpd has a line for every connection cut, and a
server that waits to write them stops serving (it did, in CI).
usage: test_slow_clients.py NEWSSEARCH DEMO_DIR WORKDIR"""
import fcntl
import os
import shutil
import socket
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server import Checks, demo_server  # noqa: E402

NS, DEMO, WORKDIR = sys.argv[1], sys.argv[2], sys.argv[3]
check = Checks()
srv, WORK, DB = demo_server(NS, DEMO, WORKDIR, "test_slow_clients", threads=2,
                            stderr=subprocess.PIPE)
F_SETPIPE_SZ = 1031
fcntl.fcntl(srv.proc.stderr.fileno(), F_SETPIPE_SZ, 4096)
host, port = srv.address
REQUEST = b"GET /api/search?q=%EC%9E%A5%EC%95%A0 HTTP/1.1\r\nHost: x\r\nUser-Agent: trickle\r\n\r\n"


def healthz_time():
    t0 = time.time()
    try:
        status, _, _ = srv.get("/healthz", timeout=2)
    except OSError as e:
        return str(e), time.time() - t0
    return status, time.time() - t0


# The crowd: each connection sends its request one byte a second. A
# connection the server cuts is not reopened; what matters is that the
# server keeps answering while the crowd is there.
stop = threading.Event()
crowd = []
cut = [0]


def trickler(socks):
    i = 0
    while not stop.is_set() and socks:
        for s in list(socks):
            try:
                s.send(REQUEST[i % (len(REQUEST) - 4):][:1])
            except OSError:
                socks.remove(s)
                cut[0] += 1
        i += 1
        stop.wait(1.0)


opened = 0
for _ in range(1100):
    try:
        s = socket.create_connection((host, port), timeout=5)
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        crowd.append(s)
        opened += 1
    except OSError:
        break
check("crowd: 1,100 connections opened", opened == 1100, opened)
groups = [crowd[i::8] for i in range(8)]
threads = [threading.Thread(target=trickler, args=(g,)) for g in groups]
for t in threads:
    t.start()

# One request trickled over 25 s, timed.
slow_result = {}


def slow_request():
    s = socket.create_connection((host, port), timeout=30)
    t0 = time.time()
    got = b""
    try:
        for b in REQUEST:
            s.send(bytes([b]))
            time.sleep(25.0 / len(REQUEST))
        s.settimeout(5)
        got = s.recv(65536)
    except OSError as e:
        got = str(e).encode()
    slow_result["seconds"] = time.time() - t0
    slow_result["answer"] = got
    s.close()


slow = threading.Thread(target=slow_request)
slow.start()

# Meanwhile: /healthz every half second for 15 s, and a kept-alive client.
late, statuses = 0, []
for _ in range(30):
    status, took = healthz_time()
    statuses.append(status)
    late += not (status == 200 and took < 1.0)
    time.sleep(0.5)
check("crowd: every fresh /healthz within 1 s", late == 0, (late, statuses[:10]))

answers = 0
try:
    keep = socket.create_connection((host, port), timeout=2)
    for _ in range(4):
        keep.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        data = keep.recv(65536)
        answers += data.startswith(b"HTTP/1.1 200")
    keep.close()
except OSError:
    pass
check("crowd: a kept-alive client is served", answers == 4, answers)

slow.join()
check("trickled request cut, not served", not slow_result["answer"].startswith(b"HTTP/1.1 200"),
      slow_result["answer"][:60])
check("trickled request cut near the 10 s deadline",
      9.0 <= slow_result["seconds"] <= 14.0, slow_result["seconds"])
stop.set()
for t in threads:
    t.join()
check("crowd: slow connections were cut", cut[0] > 0, cut[0])
for s in crowd:
    s.close()
status, took = healthz_time()
check("after the crowd: healthz", status == 200 and took < 1.0, (status, took))
try:
    _, _, metrics = srv.get("/metrics", timeout=2)
except OSError as e:
    metrics = str(e).encode()
left_out = [line for line in metrics.decode().splitlines()
            if line.startswith("newssearch_log_lines_left_out_total ")]
check("the messages past the rate are counted in /metrics",
      left_out and int(left_out[0].split()[1]) > 0, left_out)
check("clean stop", *srv.stop_clean())
written = srv.proc.stderr.read().splitlines()
# the server's own: the synonyms it loaded, the stop and what it finished
check("at most 20 of libmicrohttpd's messages a minute, and the server's own",
      0 < len(written) <= 23, (len(written), written[:3]))
shutil.rmtree(WORK, ignore_errors=True)
check.finish()
