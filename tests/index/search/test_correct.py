#!/usr/bin/env python3
"""Corrections in `newssearch query` and /api/search, on articles written
for this test: typos counted in keystrokes (카카오특 → 카카오톡, 반도채 →
반도체, 고용노동브 → 고용노동부; two keys from four syllables on: 고옹노동브), words typed with the keyboard in the other
mode (zkzkdhxhr → 카카오톡, ㅔㅊ → pc), initial consonants (ㄷㅌㄹ → 대통령),
each word of a query on its own, "did_you_mean" for a query that finds a
little, and what is never corrected: known words, numbers, operators,
--no-correct and correct=0.
usage: test_correct.py NEWSSEARCH WORKDIR"""
import json
import os
import shutil
import subprocess
import sys
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "server"))
from server import Checks, Server  # noqa: E402

NS, WORK = sys.argv[1], os.path.join(sys.argv[2], "test_correct")
check = Checks()
shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
DB = os.path.join(WORK, "c.db")

lines = []
for i in range(12):  # 카카오톡 in twelve articles, 카카오특 (a typo) in one more
    lines.append({"id": f"talk{i}", "title": f"카카오톡 소식 {i}",
                  "body": "카카오톡 업데이트가 나왔다. 대통령 연설 중계도 카카오톡 으로 본다."})
lines += [
    {"id": "typo", "title": "메신저 오타 기사", "body": "카카오특 서비스가 멈췄다는 제보."},
    {"id": "chip", "title": "반도체 수출", "body": "반도체 수출이 늘었다. 반도체 업황."},
    {"id": "labor", "title": "고용노동부 발표", "body": "고용노동부 는 청년 고용 대책을 냈다."},
    {"id": "msit", "title": "과학기술정보통신부 예산", "body": "과학기술정보통신부 는 연구 예산을 늘렸다."},
    {"id": "bank", "title": "한국은행 금리", "body": "한국은행 은 기준금리를 묶었다. 한국은행 총재."},
    {"id": "pc", "title": "pc 판매", "body": "pc 와 kakao 앱 이용이 늘었다. 2025 년 통계."},
]
path = os.path.join(WORK, "a.jsonl")
with open(path, "w", encoding="utf-8") as f:
    for a in lines:
        f.write(json.dumps(a, ensure_ascii=False) + "\n")
subprocess.run([NS, "ingest", "--quiet", "--db", DB, path], check=True)


def query(text, *opts):
    p = subprocess.run([NS, "query", "--db", DB, "--json", *opts, "--", text], capture_output=True)
    return p.returncode, (json.loads(p.stdout) if p.returncode == 0 else None), p.stderr.decode()


# ---- corrected: the typed query finds nothing --------------------------------
for typed, to, reason in [("카카오틱", "카카오톡", "typo"), ("반도채", "반도체", "typo"),
                          ("고용노동브", "고용노동부", "typo"), ("zkzkdhxhr", "카카오톡", "layout"),
                          ("gksrnrdmsgod", "한국은행", "layout"), ("ㅔㅊ", "pc", "layout"),
                          ("ㅏ마매", "kakao", "layout"), ("ㄷㅌㄹ", "대통령", "choseong"),
                          ("대통령 카카오틱", "대통령 카카오톡", "typo"),
                          # four syllables or more: two keys wrong
                          ("고옹노동브", "고용노동부", "typo"), ("코용노동브", "고용노동부", "typo"),
                          ("과핵기술정보통신브", "과학기술정보통신부", "typo")]:
    code, res, err = query(typed)
    got = res.get("corrected") if res else None
    check(f"{typed} → {to} ({reason})",
          code == 0 and got == {"from": typed, "to": to, "reason": reason} and res["total"] > 0
          and not res["relaxed"], (code, got, res and res["total"], err))
code, res, _ = query("카카오틱")
check("the answer is the corrected query's", res and res["total"] == 12 and
      all(h["id"].startswith("talk") for h in res["hits"]), res and [h["id"] for h in res["hits"]])
check("the query field stays as typed", res and res["query"] == "카카오틱", res and res["query"])

# ---- did you mean: the typed query finds a little -----------------------------
code, res, _ = query("카카오특")
check("카카오특 is in one article: answered as typed", res and [h["id"] for h in res["hits"]] == ["typo"]
      and "corrected" not in res, res)
check("and 카카오톡 (twelve times as many) offered", res and res.get("did_you_mean") == "카카오톡", res)

# ---- never corrected ------------------------------------------------------------
for typed, why in [("반도체", "a known word"), ("kakao", "a Latin word in the vocabulary"),
                   ("2025", "a number"), ("카카오틱", "with --no-correct"),
                   ('"카카오틱"', "a phrase"), ("-카카오틱 반도체", "an excluded word"),
                   ("반두채", "three syllables, two keys wrong"),
                   ("틱", "one syllable")]:
    opts = ["--no-correct"] if why == "with --no-correct" else []
    code, res, err = query(typed, *opts)
    check(f"{typed}: not corrected ({why})", code == 0 and res and "corrected" not in res
          and "did_you_mean" not in res, (code, res, err))
code, res, _ = query("카카오틱", "--no-correct")
check("--no-correct searches what was typed", res and res["total"] == 0, res)
p = subprocess.run([NS, "query", "--db", DB, "카카오틱"], capture_output=True, text=True)
check("the plain output says what was searched", p.returncode == 0 and
      p.stdout.startswith("카카오톡 (으)로 검색한 결과입니다"), p.stdout[:200])

# ---- over HTTP -------------------------------------------------------------------
srv = Server(NS, DB, threads=2)
try:
    q = urllib.parse.quote("zkzkdhxhr")
    status, body = srv.json(f"/api/search?q={q}")
    check("/api/search corrects", status == 200 and body.get("corrected") ==
          {"from": "zkzkdhxhr", "to": "카카오톡", "reason": "layout"}, (status, body and body.get("corrected")))
    status, body = srv.json(f"/api/search?q={q}&correct=0")
    check("correct=0 searches what was typed", status == 200 and body["total"] == 0
          and "corrected" not in body, (status, body))
    status, body = srv.json(f"/api/search?q={q}")
    check("the cache keeps the two apart", status == 200 and "corrected" in body, body)
    status, _, body = srv.get(f"/api/search?q={q}&correct=2")
    check("correct=2: 400", status == 400 and b"correct" in body, (status, body))
    check("server stops cleanly", *srv.stop_clean())
finally:
    srv.stop()
check.finish()
