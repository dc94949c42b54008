#!/usr/bin/env python3
"""The search page's suggestions and corrections in a real browser
(Debian's chromium, headless, driven over the DevTools protocol): typing
into the box opens the listbox of the ARIA combobox pattern with the
completions of the last word; ArrowDown marks an option
(aria-activedescendant), Enter searches it, Escape closes the list; the
results under the box do not move when the list opens; /?q=zkzkdhxhr
shows the corrected search with a link back to what was typed, which
searches it literally (correct=0).
usage: test_page_suggest.py NEWSSEARCH WORKDIR"""
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Browser  # noqa: E402
from server import Checks, Server  # noqa: E402

NS, WORK = sys.argv[1], os.path.join(sys.argv[2], "test_page_suggest")
check = Checks()
shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
DB = os.path.join(WORK, "p.db")
articles = [{"id": f"p{i}", "title": f"대통령 일정 {i}", "body": "대통령 순방과 카카오톡 공지."} for i in range(5)]
articles += [{"id": "u", "title": "국민 대통합", "body": "대통합 위원회."}]
with open(os.path.join(WORK, "a.jsonl"), "w", encoding="utf-8") as f:
    f.write("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles))
subprocess.run([NS, "ingest", "--quiet", "--db", DB, os.path.join(WORK, "a.jsonl")], check=True)

srv = Server(NS, DB, threads=2)
b = None
try:
    b = Browser(WORK)
    b.goto(srv.url + "/?q=" + "%EA%B3%B5%EC%A7%80")  # 공지: results on the page first
    b.wait_for("document.getElementById('results').dataset.state === 'results'")
    top = b.eval("document.getElementById('hits').getBoundingClientRect().top")
    b.eval("(() => { const q = document.getElementById('q'); q.focus(); q.select(); })()")
    b.call("Input.insertText", text="대토")
    opened = b.wait_for("!document.getElementById('suggestions').hidden && "
                        "[...document.querySelectorAll('#suggestions [role=option] .text')]"
                        ".map(o => o.textContent).join('|')")
    check("typing 대토 lists 대통령 first", opened and opened.split("|")[0] == "대통령", opened)
    check("and 대통합", opened and "대통합" in opened.split("|"), opened)
    check("the box says the list is open",
          b.eval("document.getElementById('q').getAttribute('aria-expanded')") == "true")
    check("the list is a listbox the box controls",
          b.eval("document.getElementById('suggestions').getAttribute('role') === 'listbox' && "
                 "document.getElementById('q').getAttribute('aria-controls') === 'suggestions'"))
    moved = b.eval("document.getElementById('hits').getBoundingClientRect().top")
    check("the results do not move when the list opens", moved == top, (top, moved))
    b.key("ArrowDown", vk=40)
    active = b.eval("document.getElementById('q').getAttribute('aria-activedescendant')")
    selected = b.eval("document.querySelector('#suggestions [aria-selected=true] .text')?.textContent")
    check("ArrowDown marks the first option", active == "suggestion-0" and selected == "대통령",
          (active, selected))
    b.key("Enter", vk=13)
    searched = b.wait_for("new URLSearchParams(location.search).get('q') === '대통령' && "
                          "document.getElementById('results').dataset.state === 'results' && "
                          "document.getElementById('suggestions').hidden")
    check("Enter searches the marked option and closes the list", searched,
          b.eval("location.search"))
    b.eval("(() => { const q = document.getElementById('q'); q.focus(); q.select(); })()")
    b.call("Input.insertText", text="ㄷㅌㄹ")
    b.wait_for("!document.getElementById('suggestions').hidden")
    b.key("Escape", vk=27)
    check("Escape closes the list", b.eval("document.getElementById('suggestions').hidden") is True)

    b.goto(srv.url + "/?q=zkzkdhxhr")
    line = b.wait_for("!document.getElementById('correction').hidden && "
                      "document.getElementById('correction').textContent")
    check("/?q=zkzkdhxhr: the corrected search", line == "카카오톡(으)로 검색한 결과입니다 · zkzkdhxhr 검색결과 보기",
          line)
    check("with its results", b.eval("document.querySelectorAll('#hits .hit').length") == 5)
    href = b.eval("document.querySelector('#correction a').getAttribute('href')")
    check("the typed query's link searches it literally", href == "/?q=zkzkdhxhr&correct=0", href)
    b.eval("document.querySelector('#correction a').click()")
    empty = b.wait_for("document.getElementById('results').dataset.state === 'empty'")
    check("which finds nothing, uncorrected", empty and
          b.eval("document.getElementById('correction').hidden") is True)
finally:
    if b:
        b.close()
    check("server stops cleanly", *srv.stop_clean())
check.finish()
