#!/usr/bin/env python3
"""The search page in a real browser: Debian's chromium, headless, loads
/?q=... from the real server for several queries (one syllable, two words,
a word, no results, an article whose title holds <script>) and the rendered
DOM must hold the expected titles and marked snippets, and run nothing from
an article.
usage: test_page.py NEWSSEARCH DEMO_DIR WORKDIR"""
import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server import Checks, Server, need_shared  # noqa: E402

NS, DEMO, WORK = sys.argv[1], sys.argv[2], os.path.join(sys.argv[3], "test_page")
check = Checks()


browser = shutil.which("chromium")
if browser is None:
    print("FAIL: chromium is missing (scripts/install-deps.sh test installs it)\n0 passed, 1 failed")
    sys.exit(1)
shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
DB = os.path.join(WORK, "p.db")
subprocess.run([NS, "ingest", "--quiet", "--db", DB, DEMO], check=True, stderr=subprocess.DEVNULL)
srv = Server(NS, DB)


def dom(query):
    """The DOM after the page's scripts ran (virtual time lets the fetch finish)."""
    profile = tempfile.mkdtemp(dir=WORK)
    url = srv.url + "/?q=" + urllib.parse.quote(query)
    r = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                        "--no-first-run", "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", f"--user-data-dir={profile}", "--virtual-time-budget=10000",
                        "--dump-dom", url], capture_output=True, text=True, timeout=120)
    return r.stdout


def state(page):
    m = re.search(r'<main id="results"[^>]*data-state="([a-z]+)"', page)
    return m.group(1) if m else None


def titles(page):
    return [html.unescape(re.sub(r"<[^>]+>", "", t)) for t in
            re.findall(r'<h2 class="hit-title">(.*?)</h2>', page, re.S)]


# one syllable: finds 카카오톡 in the messenger article, marks only 톡
page = dom("톡")
check("one syllable: results", state(page) == "results", state(page))
check("one syllable: title", any("메신저" in t for t in titles(page)), titles(page))
check("one syllable: marks one syllable", "<mark>톡</mark>" in page, "")

# a two-syllable word
page = dom("장애")
check("word: results", state(page) == "results", state(page))
check("word: expected title", "메신저·포털 동시 먹통…데이터센터 전원 장애로 1시간여 불편" in titles(page), titles(page))
check("word: marks in snippets", page.count("<mark>장애</mark>") >= 3, page.count("<mark>"))
check("word: total shown", re.search(r'id="summary"[^>]*>[^<]*\d+건', page) is not None, "")
check("word: no expanded line", re.search(r'<p id="expanded" class="expanded" hidden', page) is not None,
      re.findall(r'<p id="expanded"[^>]*>', page))

# a synonym: the other spelling found, marked, and said in one quiet line
page = dom("카톡")
check("synonym: results", state(page) == "results", state(page))
check("synonym: the article that writes 카카오톡", any("메신저" in t for t in titles(page)), titles(page))
check("synonym: 카카오톡 marked", "<mark>카카오톡</mark>" in page, "")
line = re.search(r'<p id="expanded" class="expanded"( hidden[^>]*)?>([^<]*)</p>', page)
check("synonym: the line says it", line is not None and line.group(1) is None and
      line.group(2) == "카톡: 카카오톡 포함", line.groups() if line else None)

# two words
page = dom("카카오톡 포털")
check("two words: results", state(page) == "results", state(page))
check("two words: both marked", "<mark>카카오톡</mark>" in page and "<mark>포털</mark>" in page, "")

# no results
page = dom("존재하지않는낱말")
check("no results: empty state", state(page) == "empty", state(page))
check("no results: message", "검색 결과가 없습니다" in page, "")

# an article whose title holds <script>: shown as text, nothing runs
page = dom("표기 논란")
check("script title: results", state(page) == "results", state(page))
check("script title shown as text", "태그 &lt;script&gt;alert(1)&lt;/script&gt; 표기 논란" in page or
      "&lt;script&gt;alert(1)&lt;/script&gt;" in page, re.findall(r'<h2 class="hit-title">.*?</h2>', page)[:2])
scripts = re.findall(r"<script\b[^>]*>", page)
check("no script element from an article", len(scripts) == 1 and "app.js" in scripts[0], scripts)

srv.stop()
shutil.rmtree(WORK, ignore_errors=True)
check.finish()
