#!/usr/bin/env python3
"""Suggestions from the vocabulary, on articles written for this test:
`newssearch suggest` for a last word cut anywhere a keyboard cuts it (inside
a syllable, after a lone consonant, as the input method shows a consonant
typed as a final, initials only, Latin), counts that are articles, words
with particles counted for the word, the vocabulary kept in step by ingest,
update, delete, reindex and reindex --full, and GET /api/suggest with its
400s.
usage: test_suggest.py NEWSSEARCH WORKDIR"""
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "server"))
from server import Checks, Server  # noqa: E402

NS, WORK = sys.argv[1], os.path.join(sys.argv[2], "test_suggest")
check = Checks()
shutil.rmtree(WORK, ignore_errors=True)
TREE = os.path.join(WORK, "tree")
os.makedirs(TREE)
DB = os.path.join(WORK, "s.db")

# Articles written for this test: 대통령 in four of them (once only with a
# particle), 대통합 in two, 대토론회 in one; 카카오톡 written bare in one and
# with particles in two more; 한국은행 never bare, with two particles;
# 고속도로 whose 로 is not a particle of 고속도.
ARTICLES = {
    "a1.md": ("대통령 순방", "대통령은 오늘 출국했다. 카카오톡으로 소식을 전했다."),
    "a2.md": ("대통령 회견", "대통령이 회견을 열었다. 카카오톡과 문자로 질문을 받았다."),
    "a3.md": ("대통령실 발표", "대통령실은 대통령 일정을 밝혔다. 카카오톡 채널도 열었다."),
    "a4.md": ("국민 대통합", "대통합 위원회와 대통령의 만남. 한국은행은 금리를 묶었다."),
    "a5.md": ("대통합 토론", "대토론회에서 대통합을 논의했다. 한국은행이 자료를 냈다."),
    "a6.md": ("kakao 발표", "kakao 와 kakaobank 가 고속도로 휴게소 결제를 시작했다."),
}


def write(name, title, body):
    with open(os.path.join(TREE, name), "w", encoding="utf-8") as f:
        f.write(f"---\ntitle: {title}\ndate: 2025-03-1{len(name) % 9}\n---\n{body}\n")


for name, (title, body) in ARTICLES.items():
    write(name, title, body)


def run(*args):
    p = subprocess.run([NS, *args], capture_output=True)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def suggest(text, db=DB, limit=None):
    args = ["suggest", "--db", db, "--json"] + (["--limit", str(limit)] if limit else [])
    code, out, err = run(*args, "--", text)
    return code, (json.loads(out) if code == 0 else None), err


def words(res):
    return [(s["text"], s["count"]) for s in res["suggestions"]] if res else None


def vocab(db):
    con = sqlite3.connect(db)
    rows = sorted(con.execute("SELECT word, docs, bare, particles FROM vocab"))
    pending = con.execute("SELECT count(*) FROM vocab_pending").fetchone()[0]
    con.close()
    return rows, pending


code, _, err = run("reindex", "--quiet", "--db", DB, TREE)
check("reindex of the tree", code == 0, err)

# ---- a word cut anywhere a keyboard cuts it ----------------------------------
for typed, why in [("대토", "토 is 통 before its final"), ("대ㅌ", "a lone consonant"),
                   ("댙", "ㅌ shown as a final before the vowel moves it"),
                   ("ㄷㅌㄹ", "initials only"), ("대통", "a whole syllable")]:
    code, res, err = suggest(typed)
    got = words(res)
    check(f"{typed}: {why}", code == 0 and got and got[0] == ("대통령", 4), (code, got, err))
code, res, _ = suggest("대ㅌ")
check("대ㅌ: by articles, most first", words(res) == [("대통령", 4), ("대통합", 2), ("대토론회에서", 1),
                                                     ("대통령실", 1)], words(res))
code, res, _ = suggest("대토론")
check("대토론회 seen with one particle only: offered as written", words(res) == [("대토론회에서", 1)],
      words(res))
code, res, _ = suggest("ㅋㅋㅇㅌ")
check("ㅋㅋㅇㅌ: initials", words(res) == [("카카오톡", 3)], words(res))
code, res, _ = suggest("kak")
check("kak: Latin", words(res) == [("kakao", 1), ("kakaobank", 1)], words(res))
code, res, _ = suggest("KaK")
check("KaK: case folded", words(res) == [("kakao", 1), ("kakaobank", 1)], words(res))

# ---- what counts -------------------------------------------------------------
code, res, _ = suggest("카카")
check("카카오톡 counts the articles with 카카오톡과 and 카카오톡으로, which are not offered",
      words(res) == [("카카오톡", 3)], words(res))
code, res, _ = suggest("한국으")
check("한국은행, never written bare, with two particles", words(res) == [("한국은행", 2)], words(res))
code, res, _ = suggest("고속")
check("고속도로 offered, 고속도 (one particle-like ending only) not", words(res) == [("고속도로", 1)],
      words(res))

# ---- the whole query, the limit, the JSON -------------------------------------
code, res, _ = suggest("윤석열 대토", limit=2)
check("the last word completed, the rest kept", res == {
    "query": "윤석열 대토", "suggestions": [{"text": "윤석열 대통령", "count": 4},
                                           {"text": "윤석열 대통합", "count": 2}]}, res)
code, res, _ = suggest("대통령 ")
check("a space at the end: nothing to complete", code == 0 and words(res) == [], (code, res))
code, res, _ = suggest("없는단어")
check("nothing known: an empty list", code == 0 and words(res) == [], (code, res))
code, out, err = run("suggest", "--db", DB, "대ㅌ")
check("plain output: text and count per line", code == 0 and out.splitlines()[0] == "대통령\t4", (code, out))
for bad in (["--limit", "0"], ["--limit", "21"], ["--limit", "x"], []):
    code, _, err = run("suggest", "--db", DB, *bad, *(["대"] if bad else []))
    check(f"suggest {bad}: exit 2", code == 2, (code, err))

# ---- kept in step: update, delete, reindex --full ------------------------------
write("a6.md", "카카오 발표", "카카오톡 새 기능. 대통령 축사.")
code, _, err = run("reindex", "--quiet", "--db", DB, TREE)
check("reindex after an edit", code == 0, err)
_, res, _ = suggest("kak")
check("words of the old text leave", words(res) == [], words(res))
_, res, _ = suggest("ㅋㅋㅇㅌ")
check("words of the new text come", words(res) == [("카카오톡", 4)], words(res))
_, res, _ = suggest("대ㅌ")
check("an edit that adds a word counts it once", words(res)[0] == ("대통령", 5), words(res))
os.remove(os.path.join(TREE, "a5.md"))
code, _, err = run("reindex", "--quiet", "--db", DB, TREE)
check("reindex after a delete", code == 0, err)
_, res, _ = suggest("대토")
check("a deleted article's words leave", ("대토론회에서", 1) not in words(res), words(res))
check("and its counts go down", ("대통합", 1) in words(res), words(res))
incremental, pending = vocab(DB)
check("nothing left pending after a run", pending == 0, pending)
code, _, err = run("reindex", "--full", "--quiet", "--db", DB, TREE)
check("reindex --full", code == 0, err)
full, pending = vocab(DB)


def counts(rows):
    return [r[:3] for r in rows]


# The particles seen after a word are only ever added (a bit each): the
# edits may remember one that the deleted article had.
check("reindex --full counts what the edits counted", counts(full) == counts(incremental),
      (len(full), len(incremental), [r for r in full if r not in incremental][:5]))
check("and the particles the edits saw include the rebuild's",
      all(i[3] & f[3] == f[3] for i, f in zip(incremental, full)))
fresh = os.path.join(WORK, "fresh.db")
run("ingest", "--quiet", "--db", fresh, TREE)
check("a fresh ingest builds the rebuild's vocabulary", vocab(fresh)[0] == full)

# ---- over HTTP -----------------------------------------------------------------
srv = Server(NS, DB, threads=2)
try:
    status, body = srv.json("/api/suggest?q=" + urllib.parse.quote("윤석열 대ㅌ") + "&limit=1")
    check("GET /api/suggest", status == 200 and body == {
        "query": "윤석열 대ㅌ", "suggestions": [{"text": "윤석열 대통령", "count": 5}]}, (status, body))
    status, body = srv.json("/api/suggest?q=" + urllib.parse.quote("ㄷㅌㄹ"))
    check("default limit 8, initials", status == 200 and body["suggestions"][0]["text"] == "대통령", body)
    for path, why in [("/api/suggest", "missing q"), ("/api/suggest?q=", "empty q"),
                      ("/api/suggest?q=" + urllib.parse.quote("가" * 400), "over 1,000 bytes"),
                      ("/api/suggest?q=%ED%95", "invalid UTF-8"), ("/api/suggest?q=a%00b", "NUL"),
                      ("/api/suggest?q=%ZZ", "invalid percent-encoding"),
                      ("/api/suggest?q=a&limit=0", "limit 0"), ("/api/suggest?q=a&limit=21", "limit 21"),
                      ("/api/suggest?q=a&limit=x", "limit x")]:
        status, _, body = srv.get(path)
        check(f"400 for {why}", status == 400 and b'"error"' in body, (status, body[:200]))
    status, _, body = srv.get("/metrics")
    check("/metrics counts /api/suggest", b'route="/api/suggest",status="200"' in body, body[:300])
    check("server stops cleanly", *srv.stop_clean())
finally:
    srv.stop()
check.finish()
