#!/usr/bin/env python3
"""Writes a synonyms file of GROUPS groups of three real words, for the
latency bench: the most frequent words of a newssearch database's
vocabulary, leaving out every word of the query mix, so that the bench
measures what holding a large list costs each query (looking its words
up), not what a different query costs.

usage: bench/make_synonyms.py DB QUERIES.jsonl OUT [GROUPS]   (default 10000)"""
import json
import sqlite3
import sys


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    db, queries, out = sys.argv[1:4]
    groups = int(sys.argv[4]) if len(sys.argv) == 5 else 10000
    asked = set()
    for line in open(queries, encoding="utf-8"):
        if line.strip():
            asked.update(json.loads(line)["words"])
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    words = [w for (w,) in con.execute("SELECT word FROM vocab ORDER BY docs DESC")
             if w not in asked and "," not in w and '"' not in w and "#" not in w]
    words = words[:3 * groups]
    if len(words) < 3 * groups:
        sys.exit(f"only {len(words)} words in {db}'s vocabulary")
    with open(out, "w", encoding="utf-8") as f:
        f.write(f"# {groups} groups of words from {db}, none of {queries}\n")
        for i in range(0, len(words), 3):
            f.write(", ".join(words[i:i + 3]) + "\n")


if __name__ == "__main__":
    main()
