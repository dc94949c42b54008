#!/usr/bin/env python3
"""The real server on a real loopback socket, over an index of the demo
corpus and the shared news, checked with a real HTTP client: the search
JSON, pagination, sort, filters, /api/article, /healthz, /metrics, every
error status with its message, and a clean stop.
usage: test_http.py NEWSSEARCH DEMO_DIR SHARED_CORPUS WORKDIR"""
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server import Checks, Server, need_shared  # noqa: E402

NS, DEMO, SHARED, WORK = sys.argv[1], sys.argv[2], sys.argv[3], os.path.join(sys.argv[4], "test_http")
check = Checks()


need_shared(SHARED)
shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
DB = os.path.join(WORK, "h.db")
news = [os.path.join(SHARED, f) for f in sorted(os.listdir(SHARED)) if f.startswith("news_")]
subprocess.run([NS, "ingest", "--quiet", "--db", DB, DEMO, *news], check=True, stderr=subprocess.DEVNULL)
n_news = sum(1 for f in news for line in open(f, encoding="utf-8") if line.strip())

srv = Server(NS, DB)
q = urllib.parse.quote


def search(**params):
    return srv.json("/api/search?" + urllib.parse.urlencode(params))


# ---- the search answer ----------------------------------------------------
status, headers, body = srv.get("/api/search?q=" + q("장애"))
check("search 200", status == 200, status)
check("content type", headers.get("Content-Type") == "application/json; charset=utf-8", headers.get("Content-Type"))
res = json.loads(body)
check("keys", {"query", "total", "took_ms", "relaxed", "hits"} <= set(res), list(res))
check("query echoed", res["query"] == "장애", res["query"])
check("ten hits by default", len(res["hits"]) == 10 and res["total"] > 10, (len(res["hits"]), res["total"]))
check("marks in snippets", all("<mark>장애</mark>" in h["snippet"] or "<mark>장애</mark>" in h["title_highlighted"]
                                for h in res["hits"]), [h["snippet"][:80] for h in res["hits"]])
check("hit keys", set(res["hits"][0]) == {"id", "title", "title_highlighted", "url", "date", "category", "score",
                                          "snippet", "similar", "similar_ids"}, res["hits"][0])
cli = json.loads(subprocess.run([NS, "query", "--db", DB, "--json", "장애"], capture_output=True, text=True).stdout)
check("same answer as the CLI", [h["id"] for h in cli["hits"]] == [h["id"] for h in res["hits"]] and
      cli["total"] == res["total"], "")

# a client keeps its connection: several searches (and a bad one) over one
host, port = srv.base.rsplit(":", 1)
conn = http.client.HTTPConnection(host, int(port), timeout=10)
kept = []
for path in ("/api/search?q=" + q("장애"), "/api/search?q=", "/healthz", "/api/search?q=" + q("금리")):
    conn.request("GET", path)
    first_sock = conn.sock if not kept else first_sock
    r = conn.getresponse()
    r.read()
    kept.append((r.status, r.getheader("Connection"), conn.sock is first_sock))
conn.close()
check("keep-alive: one connection for four requests",
      [k[0] for k in kept] == [200, 400, 200, 200] and all(k[1] != "close" and k[2] for k in kept), kept)

# pagination, sort, filters
whole = [h["id"] for h in search(q="금리", limit=30)[1]["hits"]]
pages = []
for off in (0, 10, 20):
    pages += [h["id"] for h in search(q="금리", limit=10, offset=off)[1]["hits"]]
check("pages neither repeat nor skip", pages == whole and len(set(pages)) == len(pages), (len(pages), len(whole)))
dated = search(q="장애", sort="date", limit=50)[1]["hits"]
dates = [h["date"] or "" for h in dated]
check("sort=date", dates == sorted(dates, reverse=True), dates[:5])
res = search(q="장애", category="사회", limit=50)[1]
check("category filter", res["hits"] and all(h["category"] for h in res["hits"]), res["total"])
res = search(q="장애", since="2025-01-01", until="2025-12-31", limit=50)[1]
check("date filter", res["hits"] and all("2025-01-01" <= (h["date"] or "")[:10] <= "2025-12-31"
                                          for h in res["hits"]), [h["date"] for h in res["hits"]])

# ---- /api/article -----------------------------------------------------------
status, art = srv.json("/api/article?id=" + q("wire-2025-0001"))
check("article 200", status == 200 and art["id"] == "wire-2025-0001" and art["text"] and
      isinstance(art["categories"], list), art)
status, art = srv.json("/api/article?id=" + q("2025-04-07-script-tag-controversy.md"))
check("article title raw in JSON", status == 200 and "<script>" in art["title"], art and art.get("title"))
status, err = srv.json("/api/article?id=nope")
check("article 404", status == 404 and "error" in err, (status, err))

# ---- /healthz and /metrics ------------------------------------------------------
status, h = srv.json("/healthz")
check("healthz", status == 200 and h["articles"] == 34 + n_news, h)
status, headers, body = srv.get("/metrics")
text = body.decode()
check("metrics 200", status == 200 and headers.get("Content-Type", "").startswith("text/plain"), status)
check("metrics requests", 'newssearch_requests_total{route="/api/search",status="200"}' in text, text[:300])
check("metrics histogram", "newssearch_request_duration_seconds_bucket{le=\"+Inf\"}" in text, "")
check("metrics articles", f"newssearch_articles {34 + n_news}" in text, "")
check("metrics reload time", "newssearch_index_reload_timestamp_seconds " in text, "")

# ---- the page -------------------------------------------------------------------
for path, kind in (("/", "text/html"), ("/app.js", "text/javascript"), ("/style.css", "text/css")):
    status, headers, body = srv.get(path)
    check(f"page {path}", status == 200 and headers.get("Content-Type", "").startswith(kind) and len(body) > 50,
          (status, headers.get("Content-Type")))
status, headers, _ = srv.get("/", method="HEAD")
check("HEAD", status == 200, status)
check("CSP header", "default-src 'self'" in (headers.get("Content-Security-Policy") or ""), headers)

# ---- every error status, with its message ----------------------------------------
errors = [  # path, status, words the message must hold
    ("/api/search", 400, "q"),
    ("/api/search?q=", 400, "empty query"),
    ("/api/search?q=%20%2C%2E", 400, "empty query"),
    ("/api/search?q=" + q("가" * 400), 400, "q: longer than 1000"),
    ("/api/search?q=a&limit=0", 400, "limit"),
    ("/api/search?q=a&limit=101", 400, "limit"),
    ("/api/search?q=a&limit=ten", 400, "limit"),
    ("/api/search?q=a&offset=-1", 400, "offset"),
    ("/api/search?q=a&offset=10001", 400, "offset"),
    ("/api/search?q=a&sort=random", 400, "sort"),
    ("/api/search?q=a&since=yesterday", 400, "since"),
    ("/api/search?q=a&until=2025-13-45", 400, "until"),
    ("/api/search?q=%ZZ", 400, "percent-encoding"),
    ("/api/search?q=%E", 400, "percent-encoding"),
    ("/api/search?q=a%00b", 400, "NUL"),
    ("/api/search?q=%FF%FE", 400, "UTF-8"),
    ("/api/search?q=a&category=%C0%AF", 400, "category"),
    ("/api/article", 400, "id"),
    ("/nope", 404, "no such page"),
    ("/api/nope", 404, "no such page"),
]
for path, want_status, words in errors:
    status, headers, body = srv.get(path)
    try:
        msg = json.loads(body).get("error", "")
    except ValueError:
        msg = body[:100]
    check(f"error {path[:50]}", status == want_status and words in msg and
          headers.get("Content-Type", "").startswith("application/json"), (status, msg))
for method in ("POST", "PUT", "DELETE", "OPTIONS"):
    status, headers, body = srv.get("/api/search?q=a", method=method)
    check(f"{method} 405", status == 405 and "GET" in (headers.get("Allow") or ""), (status, body[:100]))

# nothing from the request is echoed unescaped
status, headers, body = srv.get("/api/search?q=" + q("<script>alert(1)</script> 장애"))
res = json.loads(body)
check("query echoed only as a JSON string", status == 200 and res["query"] == "<script>alert(1)</script> 장애"
      and headers.get("X-Content-Type-Options") == "nosniff", body[:200])
check("HTML fields escaped", all("<script>" not in h["title_highlighted"] and "<script>" not in h["snippet"]
                                 for h in res["hits"]), "")


def raw(request_bytes):
    host, port = srv.base.rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=5) as s:
        s.sendall(request_bytes)
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
        return data


resp = raw(b"GET /api/search?q=a HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 40000 + b"\r\nConnection: close\r\n\r\n")
check("headers over the limit refused", resp.startswith(b"HTTP/1.1 431") or resp.startswith(b"HTTP/1.1 413")
      or resp.startswith(b"HTTP/1.1 400"), resp[:60])
resp = raw(b"GET /" + b"a" * 40000 + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
check("URL over the limit refused", resp[:12] in (b"HTTP/1.1 414", b"HTTP/1.1 413", b"HTTP/1.1 431", b"HTTP/1.1 400"),
      resp[:60])
status, h = srv.json("/healthz")
check("still healthy after abuse", status == 200, h)

# ---- a database that cannot be opened: 503 with the reason ------------------------
srv.stop()
missing = Server(NS, os.path.join(WORK, "missing.db"))
status, h = missing.json("/healthz")
check("healthz 503 when the database is missing", status == 503 and "missing" in h["error"], (status, h))
status, h = missing.json("/api/search?q=" + q("장애"))
check("search 503 when the database is missing", status == 503 and "error" in h, (status, h))
code = missing.stop()
check("SIGTERM stops cleanly", code == 0, code)

shutil.rmtree(WORK, ignore_errors=True)
check.finish()
