#!/usr/bin/env python3
"""Requests framed two ways at once are refused: a raw NUL byte in the
request line or in a header, a header block ended early by a NUL line,
two Content-Length headers, Content-Length with Transfer-Encoding, and a
folded header each get 400 and the connection closed, so that no byte
after them is read as a second request (the request smuggling a proxy in
front would not see). Ordinary requests in their many spellings are
answered as before.
usage: test_framing.py NEWSSEARCH DEMO_DIR WORKDIR"""
import os
import re
import shutil
import socket
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server import Checks, demo_server  # noqa: E402

NS, DEMO, WORKDIR = sys.argv[1], sys.argv[2], sys.argv[3]
check = Checks()
srv, WORK, DB = demo_server(NS, DEMO, WORKDIR, "test_framing", threads=2)
host, port = srv.address
SMUGGLED = b"GET /api/article?id=smuggled HTTP/1.1\r\nHost: x\r\n\r\n"


def exchange(data):
    """Sends data, reads until the server closes (or 5 s); returns the
    status lines of every answer."""
    with socket.create_connection((host, port), timeout=5) as s:
        s.sendall(data)
        out = b""
        try:
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                out += chunk
        except OSError:
            pass
    return re.findall(rb"HTTP/1\.[01] [0-9]{3} [A-Za-z ]*", out)


refused = {
    "NUL in the query": b"GET /api/search?q=ab\x00cd HTTP/1.1\r\nHost: x\r\n\r\n" + SMUGGLED,
    "NUL in the path": b"GET /api/sea\x00rch?q=a HTTP/1.1\r\nHost: x\r\n\r\n" + SMUGGLED,
    "NUL in the method": b"GET\x00X /healthz HTTP/1.1\r\nHost: x\r\n\r\n" + SMUGGLED,
    "NUL in a header value": b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: ab\x00cd\r\n\r\n" + SMUGGLED,
    "NUL line ends the headers early": b"GET /healthz HTTP/1.1\r\nHost: x\r\n\x00\r\n" + SMUGGLED,
    "two Content-Length": b"GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n"
                          b"Content-Length: 51\r\n\r\n" + SMUGGLED,
    "two equal Content-Length": b"GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n"
                                b"Content-Length: 0\r\n\r\n" + SMUGGLED,
    "Content-Length and Transfer-Encoding": b"GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                                            b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + SMUGGLED,
    "two Transfer-Encoding": b"GET /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                             b"Transfer-Encoding: identity\r\n\r\n0\r\n\r\n" + SMUGGLED,
    "a folded header": b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n" + SMUGGLED,
}
for name, data in refused.items():
    statuses = exchange(data)
    check(f"refused: {name}: one 400, then closed",
          statuses == [b"HTTP/1.1 400 Bad Request"], statuses)

answered = {
    "plain": (b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 1),
    "bare LF line ends": (b"GET /healthz HTTP/1.1\nHost: x\nConnection: close\n\n", 1),
    "HTTP/1.0, no headers": (b"GET /healthz HTTP/1.0\r\n\r\n", 1),
    "cookies, empty value, tab, no space": (
        b"GET /healthz HTTP/1.1\r\nHost: x\r\nCookie: a=b; c=d\r\nX-Empty:\r\n"
        b"X-Tab:\tv \r\nAccept:*/*\r\nConnection: close\r\n\r\n", 1),
    "Content-Length: 0": (b"GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n"
                          b"Connection: close\r\n\r\n", 1),
    "two requests on one connection": (b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                                       b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 2),
    "percent-encoded Korean query": (
        b"GET /api/search?q=%EC%9E%A5%EC%95%A0 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 1),
}
for name, (data, n) in answered.items():
    statuses = exchange(data)
    check(f"answered: {name}", statuses == [b"HTTP/1.1 200 OK"] * n, statuses)

status, _, _ = srv.get("/healthz")
check("still serving", status == 200, status)
check("clean stop", *srv.stop_clean())
shutil.rmtree(WORK, ignore_errors=True)
check.finish()
