#!/usr/bin/env python3
"""Matching by meaning, on articles written for this test: Hanja headline
words both ways (미국 and 美), Hanja read in Hangul (北美, 韓美, 脫원전,
與野, 우리銀), synonyms both ways with the typed spelling ranked first, a
multi-word synonym as a phrase, a word with a particle, --synonyms files
good and bad, --no-synonyms, title: on readings, highlights on the
original characters; over HTTP: synonyms=0, "expanded", SIGHUP rereading
the file (and keeping the old list when the new one is bad) while searches
run; a database of schema version 2 searched as it is, then upgraded.
usage: test_meaning.py NEWSSEARCH EXTENSION WORKDIR"""
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "server"))
from server import Checks, Server  # noqa: E402

NS, EXT, WORK = sys.argv[1], sys.argv[2], os.path.join(sys.argv[3], "test_meaning")
check = Checks()

ARTICLES = [
    ("us-hanja", "美 대선 후보 첫 토론", "美 언론은 토론 결과를 분석했다."),
    ("us-hangul", "미국 대선 후보 첫 토론", "미국 언론은 토론 결과를 분석했다."),
    ("us-body", "대선 토론 이후 여론", "토론 이후 美 여론이 움직였다."),
    ("summit", "北美정상회담 다시 열리나", "韓美 외교장관이 통화하고 회담 일정을 논의했다."),
    ("nuclear", "脫원전 정책 논쟁 이어져", "與野 원내대표가 에너지 정책을 두고 만났다."),
    ("bank", "우리銀 상반기 실적 발표", "은행의 이자 이익이 늘었다."),
    ("talk-full", "카카오톡 점검 안내", "카카오톡 서비스가 새벽에 점검에 들어간다."),
    ("talk-short", "카톡 점검 안내", "카톡 서비스가 새벽에 점검에 들어간다."),
    ("nyt", "뉴욕 타임스 보도", "뉴욕 타임스에 따르면 협상이 이어진다."),
    ("square", "뉴욕 날씨 맑음", "뉴욕은 맑고 타임스퀘어에 사람이 몰렸다."),
    ("nyt-short", "NYT 단독 보도", "NYT가 단독으로 보도했다."),
    ("blue-house", "靑瓦臺 앞 집회", "집회가 이어졌다."),
]


def run(*args):
    p = subprocess.run([NS, *args], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def query(*words, db=None, opts=()):
    code, out, err = run("query", "--db", db or DB, "--json", "--limit", "20", *opts, "--", *words)
    return code, (json.loads(out) if out.strip() else None), err


def ids(res):
    return [h["id"] for h in res["hits"]] if res else []


def hit(res, key):
    return next((h for h in res["hits"] if h["id"] == key), None) if res else None


shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
DB = os.path.join(WORK, "m.db")
SRC = os.path.join(WORK, "m.jsonl")
with open(SRC, "w", encoding="utf-8") as f:
    for key, title, body in ARTICLES:
        f.write(json.dumps({"id": key, "title": title, "body": body}, ensure_ascii=False) + "\n")
code, _, err = run("ingest", "--quiet", "--db", DB, SRC)
check("ingest", code == 0, err)

# ---- Hanja headline words, both ways ------------------------------------
_, res, _ = query("미국")
got = ids(res)
check("미국 finds 美 in titles and bodies", {"us-hanja", "us-hangul", "us-body", "summit"} <= set(got), got)
check("미국: the spelling typed first", got[:1] == ["us-hangul"] and got.index("us-hangul") < got.index("us-hanja"), got)
check("미국: expanded says 美", res.get("expanded") == [{"word": "미국", "with": ["美"]}], res.get("expanded"))
_, res, _ = query("美")
got = ids(res)
check("美 finds 미국", {"us-hanja", "us-hangul"} <= set(got), got)
check("美: the spelling typed first", got.index("us-hanja") < got.index("us-hangul"), got)
check("美: expanded says 미국", res.get("expanded") == [{"word": "美", "with": ["미국"]}], res.get("expanded"))
_, res, _ = query("미국", "대선")
check("미국 대선: both spellings, typed first", ids(res)[:2] == ["us-hangul", "us-hanja"], ids(res))

# ---- Hanja read in Hangul -------------------------------------------------
for word, key in [("북미", "summit"), ("북미정상회담", "summit"), ("한미", "summit"), ("북한", "summit"),
                  ("탈원전", "nuclear"), ("여야", "nuclear"), ("우리은행", "bank")]:
    _, res, _ = query(word)
    check(f"{word} finds {key}", key in ids(res), ids(res))

# ---- highlights mark the characters written --------------------------------
_, res, _ = query("미국")
h = hit(res, "us-hanja")
check("미국 marks 美 in a title", h and h["title_highlighted"].startswith("<mark>美</mark> 대선"), h)
h = hit(res, "summit")
check("미국 marks the 美 of 韓美", h and "韓<mark>美</mark>" in h["snippet"], h and h["snippet"])
check("미국 marks the 美 of 北美", h and "北<mark>美</mark>정상회담" in h["title_highlighted"], h)
_, res, _ = query("북미")
h = hit(res, "summit")
check("북미 marks 北美", h and h["title_highlighted"] == "<mark>北美</mark>정상회담 다시 열리나", h)
_, res, _ = query("탈원전")
h = hit(res, "nuclear")
check("탈원전 marks 脫원전", h and h["title_highlighted"].startswith("<mark>脫원전</mark>"), h)
_, res, _ = query("카톡")
h = hit(res, "talk-full")
check("카톡 marks 카카오톡", h and "<mark>카카오톡</mark>" in h["title_highlighted"], h)

# ---- synonyms ---------------------------------------------------------------
_, res, _ = query("카톡")
check("카톡 finds 카카오톡, typed first", ids(res)[:2] == ["talk-short", "talk-full"], ids(res))
check("카톡: expanded", res.get("expanded") == [{"word": "카톡", "with": ["카카오톡"]}], res.get("expanded"))
_, res, _ = query("카카오톡")
check("카카오톡 finds 카톡, typed first", ids(res)[:2] == ["talk-full", "talk-short"], ids(res))
_, res, _ = query("카톡서비스", "점검")
check("a word without its synonym stays a miss", "talk-full" not in ids(res)[:1], ids(res))
_, res, _ = query("title:카톡")
check("title: applies synonyms", set(ids(res)) == {"talk-full", "talk-short"}, ids(res))
_, res, _ = query("title:미국")
check("title: reads the title's Hanja, not the body's", "us-hanja" in ids(res) and "us-body" not in ids(res),
      ids(res))
_, res, _ = query("점검", "-카톡")
check("an excluded word takes its synonyms", ids(res) == [], ids(res))

# ---- a synonyms file of the user's own ------------------------------------
SYN = os.path.join(WORK, "syn.txt")
with open(SYN, "w", encoding="utf-8") as f:
    f.write("# newspapers\n뉴욕 타임스, NYT\n\n푸른집, 靑\n")
_, res, _ = query("NYT", opts=("--synonyms", SYN))
got = ids(res)
check("NYT finds 뉴욕 타임스", "nyt" in got and "nyt-short" in got, got)
check("a multi-word synonym is a phrase", "square" not in got, got)
check("NYT: typed first", got[:1] == ["nyt-short"], got)
_, res, _ = query("뉴욕", "타임스", opts=("--synonyms", SYN))
got = ids(res)
check("two words that are a synonym match as it", "nyt-short" in got and "square" not in got, got)
check("... expanded as one", res.get("expanded") == [{"word": "뉴욕 타임스", "with": ["NYT"]}], res.get("expanded"))
_, res, _ = query("카톡", opts=("--synonyms", SYN))
check("the shipped list stays under a file", "talk-full" in ids(res), ids(res))
_, res, _ = query("푸른집", opts=("--synonyms", SYN))
h = hit(res, "blue-house")
check("a one-Hanja synonym matches inside a run", h is not None and "<mark>靑</mark>瓦臺" in h["title_highlighted"],
      res and res["hits"])
for name, text, line, reason in [
    ("one.txt", "카톡, 카카오톡\n외톨이\n", 2, "two or more different words"),
    ("empty.txt", "a,,b\n", 1, "an empty word"),
    ("latin1.txt", "caf\xe9, coffee\n", 1, "not UTF-8"),
]:
    path = os.path.join(WORK, name)
    with open(path, "wb") as f:
        f.write(text.encode("latin-1") if name == "latin1.txt" else text.encode("utf-8"))
    code, out, err = run("query", "--db", DB, "--synonyms", path, "카톡")
    check(f"bad file {name}: exit 2", code == 2 and out == "", (code, out))
    check(f"bad file {name}: name, line, reason", f"{path}:{line}:" in err and reason in err, err)
code, _, err = run("query", "--db", DB, "--synonyms", os.path.join(WORK, "none.txt"), "카톡")
check("missing file: exit 2 and its name", code == 2 and "none.txt" in err, (code, err))

# ---- as typed ----------------------------------------------------------------
_, res, _ = query("미국", opts=("--no-synonyms",))
check("--no-synonyms: 미국 is 미국 only", ids(res) == ["us-hangul"] and "expanded" not in res, res)
_, res, _ = query("美", opts=("--no-synonyms",))
check("--no-synonyms: 美 is 美 only", set(ids(res)) == {"us-hanja", "us-body", "summit"}, ids(res))
_, res, _ = query("북미", opts=("--no-synonyms",))
check("--no-synonyms: no readings", ids(res) == [], ids(res))
_, res, _ = query("카톡", opts=("--no-synonyms",))
check("--no-synonyms: no synonyms", ids(res) == ["talk-short"], ids(res))
h = hit(res, "talk-short")
check("--no-synonyms: marks only what was typed", h and h["title_highlighted"] == "<mark>카톡</mark> 점검 안내", h)

# ---- over HTTP ------------------------------------------------------------
srv = Server(NS, DB, threads=2, extra=("--synonyms", SYN))


def search(**params):
    return srv.json("/api/search?" + urllib.parse.urlencode(params))[1]


res = search(q="NYT")
check("http: the file's groups", "nyt" in ids(res) and res.get("expanded") == [{"word": "NYT", "with": ["뉴욕 타임스"]}],
      res)
res = search(q="카톡", synonyms="0")
check("http: synonyms=0", ids(res) == ["talk-short"] and "expanded" not in res, res)
res = search(q="카톡", synonyms="1")
check("http: synonyms=1", set(ids(res)) == {"talk-short", "talk-full"}, ids(res))
status, _, body = srv.get("/api/search?q=x&synonyms=maybe")
check("http: synonyms=maybe is a 400", status == 400 and b"synonyms" in body, (status, body))

# SIGHUP rereads the file while searches go on; none fails
failures, done = [], threading.Event()


def searching():
    while not done.is_set():
        status, _, _ = srv.get("/api/search?" + urllib.parse.urlencode({"q": "NYT 보도"}))
        if status != 200:
            failures.append(status)


workers = [threading.Thread(target=searching) for _ in range(2)]
for w in workers:
    w.start()
with open(SYN, "w", encoding="utf-8") as f:
    f.write("뉴욕 타임스, NYT\n푸른집, 靑\n날씨, 기상\n")
srv.proc.send_signal(signal.SIGHUP)
deadline = time.time() + 10
while time.time() < deadline and "square" not in ids(search(q="기상")):
    time.sleep(0.05)
check("SIGHUP: the new group applies", "square" in ids(search(q="기상")), ids(search(q="기상")))
with open(SYN, "w", encoding="utf-8") as f:
    f.write("날씨, 기상\n혼자\n")
srv.proc.send_signal(signal.SIGHUP)
deadline = time.time() + 10
while time.time() < deadline and "kept the list in use" not in srv.errors():
    time.sleep(0.05)
check("SIGHUP with a bad file: the old list stays", "square" in ids(search(q="기상")), ids(search(q="기상")))
done.set()
for w in workers:
    w.join()
check("no search failed during the reloads", failures == [], failures)
check("clean stop", *srv.stop_clean())
log = srv.errors()
check("the log says what was loaded at the start", "synonyms: 51 groups" in log, log)
check("the log says what was reloaded", "synonyms: 52 groups" in log, log)
check("the log says why the old list was kept",
      "kept the list in use" in log and "syn.txt:2: a group needs two or more" in log, log[-600:])
code, _, err = run("serve", "--db", DB, "--port", "0", "--synonyms", os.path.join(WORK, "one.txt"))
check("serve refuses a bad file at start: exit 2", code == 2 and "one.txt:2:" in err, (code, err))

# ---- a database of schema version 2 ---------------------------------------
OLD = os.path.join(WORK, "old.db")
shutil.copy(DB, OLD)
downgrade = """
DROP TRIGGER articles_story_ai; DROP TRIGGER articles_story_ad; DROP TRIGGER articles_story_au;
DROP INDEX articles_story; DROP TABLE story_bands;
ALTER TABLE articles DROP COLUMN story; ALTER TABLE articles DROP COLUMN fingerprint;
DROP TRIGGER articles_ai; DROP TRIGGER articles_ad; DROP TRIGGER articles_au;
DROP TABLE articles_fts;
ALTER TABLE articles DROP COLUMN title_r; ALTER TABLE articles DROP COLUMN body_r;
CREATE VIRTUAL TABLE articles_fts USING fts5(title, body, content='articles', content_rowid='id',
  tokenize='hangul');
INSERT INTO articles_fts(articles_fts) VALUES('rebuild');
CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
  INSERT INTO articles_fts(rowid, title, body) VALUES(new.id, new.title, new.body); END;
CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
  INSERT INTO articles_fts(articles_fts, rowid, title, body) VALUES('delete', old.id, old.title, old.body); END;
CREATE TRIGGER articles_au AFTER UPDATE OF title, body ON articles BEGIN
  INSERT INTO articles_fts(articles_fts, rowid, title, body) VALUES('delete', old.id, old.title, old.body);
  INSERT INTO articles_fts(rowid, title, body) VALUES(new.id, new.title, new.body); END;
PRAGMA user_version=2;
"""
p = subprocess.run(["sqlite3", OLD], input=f".load {EXT}\n{downgrade}", capture_output=True, text=True)
check("made a version 2 database", p.returncode == 0 and p.stderr == "", p.stderr)
code, res, err = query("미국", db=OLD)
check("version 2: searched as it is", code == 0 and ids(res) == ["us-hangul"], (code, err, res))
code, res, _ = query("카톡", db=OLD)
check("version 2: synonyms still apply", set(ids(res)) == {"talk-short", "talk-full"}, ids(res))
p = subprocess.run([NS, "ingest", "--quiet", "--db", OLD, "-"], input="", capture_output=True, text=True)
check("a writer upgrades it", p.returncode == 0, p.stderr)
version = sqlite3.connect(OLD).execute("PRAGMA user_version").fetchone()[0]
check("now version 4", version == 4, version)
code, res, _ = query("미국", db=OLD)
check("upgraded: 미국 finds 美", {"us-hanja", "us-hangul", "us-body"} <= set(ids(res)), ids(res))
code, res, _ = query("북미", db=OLD)
check("upgraded: readings", ids(res) == ["summit"], ids(res))
# an article changed and removed after the upgrade leaves the index whole
with open(SRC, "w", encoding="utf-8") as f:
    f.write(json.dumps({"id": "summit", "title": "南北정상회담", "body": "회담"}, ensure_ascii=False) + "\n")
subprocess.run([NS, "ingest", "--quiet", "--db", OLD, SRC], check=True, capture_output=True)
code, res, _ = query("북미", db=OLD)
check("updated: the old reading is gone", ids(res) == [], ids(res))
code, res, _ = query("남북", db=OLD)
check("updated: the new reading is found", ids(res) == ["summit"], ids(res))
p = subprocess.run(["sqlite3", OLD], input=f".load {EXT}\nINSERT INTO articles_fts(articles_fts, rank)"
                   " VALUES('integrity-check', 1);", capture_output=True, text=True)
check("the index agrees with its articles", p.returncode == 0 and p.stderr == "", p.stderr)

shutil.rmtree(WORK, ignore_errors=True)
check.finish()
