#!/usr/bin/env python3
"""The result page in a real browser (headless chromium over DevTools), on
articles written for this test: a story with two copies shows once with
"관련 기사 2건", which opens in place the copies' titles; a two-word query
says "정확히 일치 N건" and lists partial matches under "일부 단어만 일치하는
기사", apart from the whole ones, and an article sharing one stray bigram
is not among them; the four sorts are offered and sort=oldest is carried
in the address and orders the list.
usage: test_page_results.py NEWSSEARCH WORKDIR"""
import json
import os
import shutil
import subprocess
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Browser  # noqa: E402
from server import Checks, Server  # noqa: E402

NS, WORK = sys.argv[1], os.path.join(sys.argv[2], "test_page_results")
check = Checks()
shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)

STORY = ("시내버스 노선 개편안이 확정됐다. 시는 다음 달 1일부터 간선 노선 열두 개를 줄이고 "
         "지선 노선 여덟 개를 새로 만든다고 밝혔다. 출퇴근 시간대 배차 간격은 평균 4분 줄어든다. "
         "시민 설명회는 이번 주 금요일 시청 대강당에서 열린다. 교통국장은 환승 할인을 유지해 "
         "요금 부담은 늘지 않는다고 말했다.")
ARTICLES = [
    {"id": "bus", "title": "시내버스 노선 개편 확정", "body": "(한빛통신) 이도현 기자 = " + STORY,
     "date": "2025-03-02T01:00:00Z"},
    {"id": "bus-copy1", "title": "버스 노선 다음 달 바뀐다", "body": "【새벽뉴스】 정서윤 기자 = " + STORY,
     "date": "2025-03-02T02:00:00Z"},
    {"id": "bus-copy2", "title": "시내버스 노선 개편", "body": STORY + " 문의는 교통국으로 하면 된다.",
     "date": "2025-03-02T03:00:00Z"},
    {"id": "bus-fare", "title": "시내버스 요금 동결", "body": "시내버스 요금이 올해도 동결된다. 시의회는 "
     "예산안을 통과시키며 노선 개편과 별개로 요금은 그대로 둔다고 밝혔다.", "date": "2024-12-20T01:00:00Z"},
    {"id": "bus-old", "title": "시내버스 첫 운행 60년", "body": "이 도시에 시내버스가 처음 다닌 지 60년이 됐다. "
     "당시 노선은 세 개뿐이었다.", "date": "2020-05-01T01:00:00Z"},
    # a partial match of 시내버스 노선: the whole word 노선
    {"id": "train", "title": "광역철도 노선 연장", "body": "광역철도 노선이 두 정거장 늘어난다.",
     "date": "2025-01-10T01:00:00Z"},
    # one stray bigram (버스 of 멀티버스): not a match of 시내버스 노선
    {"id": "film", "title": "멀티버스 영화 흥행", "body": "멀티버스를 다룬 영화가 관객 백만 명을 넘었다.",
     "date": "2025-02-01T01:00:00Z"},
]
SRC, DB = os.path.join(WORK, "a.jsonl"), os.path.join(WORK, "p.db")
with open(SRC, "w", encoding="utf-8") as f:
    f.write("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in ARTICLES))
subprocess.run([NS, "ingest", "--quiet", "--db", DB, SRC], check=True)

srv = Server(NS, DB, threads=2)
b = None


def load(query, **params):
    b.goto(srv.url + "/?" + urllib.parse.urlencode({"q": query, **params}))
    return b.wait_for("document.getElementById('results').dataset.state === 'results'")


def texts(selector):
    return b.eval(f"[...document.querySelectorAll({json.dumps(selector)})].map(e => e.textContent)")


try:
    b = Browser(WORK)
    check("a search for 노선 loads", load("노선 개편"))
    titles = texts("#hits .hit-title")
    check("the story shows once", sum(1 for t in titles if "노선" in t and "버스" in t) == 1, titles)
    button = texts("#hits .similar")
    check("under it: 관련 기사 2건", button == ["관련 기사 2건"], button)
    b.eval("document.querySelector('#hits .similar').click()")
    opened = b.wait_for("(() => { const l = document.querySelector('#hits .similar-list');"
                        " return !l.hidden && l.querySelectorAll('.similar-item').length === 2 &&"
                        " [...l.querySelectorAll('.similar-item')].map(e => e.textContent).join('|'); })()")
    check("it opens in place with the copies' titles", opened and len(opened.split("|")) == 2 and
          all(any(t in o for t in ("버스 노선 다음 달 바뀐다", "시내버스 노선 개편 확정", "시내버스 노선 개편"))
              for o in opened.split("|")), opened)
    check("and says it is open",
          b.eval("document.querySelector('#hits .similar').getAttribute('aria-expanded')") == "true")

    check("a two-word search loads", load("시내버스 노선"))
    summary = b.eval("document.getElementById('summary').textContent")
    check("the count says what matched every word", summary.startswith("정확히 일치 5건") and "일부 일치 1건" in summary,
          summary)
    check("the partial matches have their heading", b.eval(
        "!document.getElementById('partial').hidden && "
        "document.getElementById('partial-heading').textContent") == "일부 단어만 일치하는 기사")
    partial = texts("#partial-hits .hit-title")
    check("the partial match is listed there", partial == ["광역철도 노선 연장"], partial)
    whole = texts("#hits .hit-title")
    check("and not among the whole ones", "광역철도 노선 연장" not in whole and len(whole) == 3, whole)
    check("one stray bigram is not a match", not any("멀티버스" in t for t in whole + partial), whole + partial)

    check("sort=oldest loads", load("시내버스", sort="oldest"))
    sorts = texts("#sort > *")
    check("four sorts are offered", sorts == ["관련도순", "최신순", "최근 관련순", "오래된순"], sorts)
    check("oldest is the current one",
          b.eval("document.querySelector('#sort [aria-current]').textContent") == "오래된순")
    dates = texts("#hits time")
    check("oldest first", dates == sorted(dates) and dates[:1] == ["2020-05-01"], dates)
    b.eval("[...document.querySelectorAll('#sort a')].find(a => a.textContent === '최신순').click()")
    moved = b.wait_for("new URLSearchParams(location.search).get('sort') === 'date' && "
                       "document.getElementById('results').dataset.state === 'results' && "
                       "[...document.querySelectorAll('#hits time')].map(e => e.textContent).join('|')")
    check("최신순 is carried in the address and orders newest first",
          moved and moved.split("|") == sorted(moved.split("|"), reverse=True), moved)
finally:
    if b:
        b.close()
    srv.stop()
check.finish()
