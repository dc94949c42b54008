#!/usr/bin/env python3
"""Relevance floors on the public dev sets of ../shared/corpus, through the
default path (`newssearch query --batch`, each story once with its copies
under it), computed by bench/relevance_eval.py's own code: MRR@10 and
recall@10 on newsqa and korquad1 may not fall below the figures measured
when the ranking last changed (docs/RANKING.md). Needs ../shared: fails
when it is missing.
usage: test_relevance.py NEWSSEARCH SHARED_CORPUS WORKDIR"""
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "server"))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "bench"))
from relevance_eval import SETS, metrics, newssearch_load, newssearch_run, read_jsonl  # noqa: E402
from server import Checks, need_shared  # noqa: E402

NS, SHARED, WORK = sys.argv[1], sys.argv[2], os.path.join(sys.argv[3], "test_relevance")
check = Checks()
need_shared(SHARED)
shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)

# (MRR@10, recall@10) floors: the figures of 2026-12-02, rounded down
FLOORS = {"newsqa": (0.941, 0.993), "korquad1": (0.963, 0.997)}

for name, qrels_file, docs_file in SETS:
    qrels = read_jsonl(os.path.join(SHARED, qrels_file))
    db = newssearch_load(NS, os.path.join(SHARED, docs_file), WORK, name)
    mrr, hits1, recall = metrics(newssearch_run(NS, db, [q["query"] for q in qrels]), qrels)
    print(f"{name}: MRR@10 {mrr:.3f}, hits@1 {hits1:.3f}, recall@10 {recall:.3f}")
    want_mrr, want_recall = FLOORS[name]
    check(f"{name}: MRR@10 at least {want_mrr}", mrr >= want_mrr, f"{mrr:.4f}")
    check(f"{name}: recall@10 at least {want_recall}", recall >= want_recall, f"{recall:.4f}")
shutil.rmtree(WORK, ignore_errors=True)
check.finish()
