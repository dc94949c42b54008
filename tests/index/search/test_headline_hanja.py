#!/usr/bin/env python3
"""On 20,000 real Yonhap headlines (../shared/corpus/headlines_ynat_50k.jsonl,
the first 20,000): a search for 미국 finds at least 98% of the headlines
that write 美 or 미국, and likewise 북한 for 北 and 중국 for 中; the same
search as typed (--no-synonyms) finds only those that write the Hangul.
Needs ../shared: fails when it is missing.
usage: test_headline_hanja.py NEWSSEARCH SHARED_CORPUS WORKDIR"""
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "server"))
from server import Checks, need_shared  # noqa: E402

NS, SHARED, WORK = sys.argv[1], sys.argv[2], os.path.join(sys.argv[3], "test_headline_hanja")
check = Checks()
need_shared(SHARED)
shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
DB, SRC = os.path.join(WORK, "h.db"), os.path.join(WORK, "h.jsonl")
headlines = []
with open(os.path.join(SHARED, "headlines_ynat_50k.jsonl"), encoding="utf-8") as f, \
        open(SRC, "w", encoding="utf-8") as out:
    for line in f:
        if len(headlines) == 20000:
            break
        headlines.append(json.loads(line))
        out.write(line)
subprocess.run([NS, "ingest", "--quiet", "--db", DB, SRC], check=True)


def found(word, *opts):
    """Every id the search for word finds, page by page."""
    got, offset = set(), 0
    while True:
        p = subprocess.run([NS, "query", "--db", DB, "--json", "--limit", "100", "--offset", str(offset),
                            *opts, "--", word], capture_output=True, text=True, check=True)
        res = json.loads(p.stdout)
        got |= {h["id"] for h in res["hits"]}
        offset += 100
        if not res["hits"] or offset >= res["total"]:
            return got


for word, hanja in [("미국", "美"), ("북한", "北"), ("중국", "中")]:
    want = {h["id"] for h in headlines if hanja in h["title"] or word in h["title"]}
    hangul = {h["id"] for h in headlines if word in h["title"]}
    got = found(word)
    share = len(want & got) / len(want)
    print(f"{word}: {len(want & got)} of {len(want)} headlines with {hanja} or {word} ({share:.1%}); "
          f"{len(hangul)} write {word}; {len(got - want)} found without either")
    check(f"{word} finds {hanja}", share >= 0.98, (len(want & got), len(want)))
    as_typed = found(word, "--no-synonyms")
    check(f"{word} as typed finds the Hangul only", as_typed == hangul, (len(as_typed), len(hangul)))
    got = found(hanja)
    check(f"{hanja} finds {word}", len(want & got) / len(want) >= 0.98, (len(want & got), len(want)))

shutil.rmtree(WORK, ignore_errors=True)
check.finish()
