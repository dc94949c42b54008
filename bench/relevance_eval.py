#!/usr/bin/env python3
"""Relevance on the public dev sets of ../shared/corpus.

For each dev set the articles are loaded with `newssearch ingest` and every
query goes through `newssearch query --batch` (the search box's own path).
The same articles in FTS5 tables with SQLite's unicode61 and trigram
tokenizers answer the same queries in the same run, each query as the OR of
its words (bm25, same column weights), which is the best those tokenizers
can do with a question. Prints MRR@10, hits@1 and recall@10 side by side.

newssearch shows each story once, its other copies under it ("관련 기사",
similar_ids): an article is found at rank r when it is the r-th hit or one
of its copies. The rows "newssearch, every copy" list every copy as a hit
of its own (--no-collapse) and read the hits alone.

usage: bench/relevance_eval.py NEWSSEARCH_BINARY SHARED_CORPUS WORKDIR
"""
import json
import os
import re
import sqlite3
import subprocess
import sys

SETS = [  # (name, qrels file, documents file)
    ("newsqa", "qrels_newsqa_public.jsonl", "news_naver_sum_1k.jsonl"),
    ("korquad1", "qrels_korquad1_public.jsonl", "wiki_korquad1_dev_paragraphs.jsonl"),
]
K = 10
TITLE_WEIGHT, BODY_WEIGHT = 10.0, 1.0


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def metrics(ranked_lists, qrels):
    """Each ranked list holds, per rank, a document id or a set of them (a
    story and its copies)."""
    mrr = hits1 = recall = 0.0
    for ranked, q in zip(ranked_lists, qrels):
        relevant = set(q["relevant"])
        found = set()
        for rank, docs in enumerate(ranked[:K], 1):
            docs = {docs} if isinstance(docs, str) else docs
            if docs & relevant and not found:
                mrr += 1.0 / rank
                hits1 += rank == 1
            found |= docs & relevant
        recall += len(found) / len(relevant)
    n = len(qrels)
    return mrr / n, hits1 / n, recall / n


def newssearch_load(binary, docs_path, work, name):
    db = os.path.join(work, f"rel-{name}.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    subprocess.run([binary, "ingest", "--quiet", "--db", db, docs_path],
                   check=True, stdout=subprocess.DEVNULL)
    return db


def newssearch_run(binary, db, queries, *opts):
    """Per query, per rank: the hit's id with its copies' (similar_ids)."""
    out = subprocess.run([binary, "query", "--db", db, "--batch", "--limit", str(K), *opts],
                         input="\n".join(q.replace("\n", " ") for q in queries) + "\n",
                         capture_output=True, text=True, check=True).stdout
    answers = [json.loads(line) for line in out.splitlines()]
    assert len(answers) == len(queries), "one answer per query"
    return [[{h["id"], *h.get("similar_ids", [])} for h in a.get("hits", [])] for a in answers]


def builtin_run(tokenizer, docs, queries):
    con = sqlite3.connect(":memory:")
    con.execute(f"CREATE VIRTUAL TABLE t USING fts5(id UNINDEXED, title, body, tokenize='{tokenizer}')")
    con.executemany("INSERT INTO t(id, title, body) VALUES (?, ?, ?)",
                    [(d["id"], d.get("title", ""), d.get("body", "")) for d in docs])
    min_len = 3 if tokenizer == "trigram" else 1
    ranked = []
    for q in queries:
        words = [w for w in re.findall(r"\w+", q) if len(w) >= min_len]
        if not words:
            ranked.append([])
            continue
        expr = " OR ".join('"' + w.replace('"', '""') + '"' for w in words)
        rows = con.execute(
            f"SELECT id FROM t WHERE t MATCH ? ORDER BY bm25(t, 0, {TITLE_WEIGHT}, {BODY_WEIGHT}) LIMIT {K}",
            (expr,)).fetchall()
        ranked.append([r[0] for r in rows])
    return ranked


def main():
    binary, shared, work = sys.argv[1:4]
    os.makedirs(work, exist_ok=True)
    print(f"relevance on the public dev sets, top {K}: newssearch (query --batch) "
          "beside FTS5 unicode61 and trigram (OR of the query's words, bm25)\n")
    print("| dev set | queries | engine | MRR@10 | hits@1 | recall@10 | MRR / ours |")
    print("|---|---:|---|---:|---:|---:|---:|")
    for name, qrels_file, docs_file in SETS:
        qrels = read_jsonl(os.path.join(shared, qrels_file))
        docs_path = os.path.join(shared, docs_file)
        queries = [q["query"] for q in qrels]
        db = newssearch_load(binary, docs_path, work, name)
        results = [("newssearch", newssearch_run(binary, db, queries)),
                   ("newssearch, every copy", newssearch_run(binary, db, queries, "--no-collapse"))]
        docs = read_jsonl(docs_path)
        for tok in ("unicode61", "trigram"):
            results.append((tok, builtin_run(tok, docs, queries)))
        ours = metrics(results[0][1], qrels)[0]
        for engine, ranked in results:
            mrr, h1, rec = metrics(ranked, qrels)
            print(f"| {name} | {len(qrels)} | {engine} | {mrr:.3f} | {h1:.3f} | {rec:.3f} | "
                  f"{(mrr / ours if ours else 0):.2f}x |")


if __name__ == "__main__":
    main()
