#!/usr/bin/env python3
"""Counts, in the shared news, the articles that write each spelling of
each group of a synonyms file on its own (not inside a longer spelling of
the same group: 금융위 inside 금융위원회 does not count), and how many
write two of them: the evidence behind index/search/synonyms_shipped.c.

usage: scripts/synonym_evidence.py SYNONYMS.txt CORPUS_DIR
Prints one line per group: every spelling with its article count, and the
articles that write the first spelling beside another one. A group whose
spellings never meet in one article is marked "no co-occurrence"."""
import json
import sys
from pathlib import Path

FILES = ["news_kncls_1600.jsonl", "news_naver_sum_1k.jsonl",
         "news_scinews_50.jsonl", "headlines_ynat_50k.jsonl"]


def groups(path):
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            yield [w.strip() for w in line.split(",") if w.strip()]


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    texts = []
    for name in FILES:
        for line in open(Path(sys.argv[2]) / name, encoding="utf-8"):
            d = json.loads(line)
            texts.append((d.get("title") or "") + "\n" + (d.get("body") or ""))
    for g in groups(sys.argv[1]):
        longest_first = sorted(range(len(g)), key=lambda k: -len(g[k]))
        has = [set() for _ in g]
        for i, t in enumerate(texts):
            for k in longest_first:
                if g[k] in t:
                    has[k].add(i)
                    t = t.replace(g[k], "\0")
        both = len(has[0] & set().union(*has[1:]))
        counts = ", ".join(f"{w} {len(h)}" for w, h in zip(g, has))
        note = "" if both else "  no co-occurrence"
        print(f"{counts}; together {both}{note}")


if __name__ == "__main__":
    main()
