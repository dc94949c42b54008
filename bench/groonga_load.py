#!/usr/bin/env python3
"""groonga_load.py: turns newssearch's JSON Lines articles into Groonga commands.

Used by bench/http_bench.sh to give Groonga the same articles as newssearch for
the side-by-side HTTP benchmark. Writes to standard output a script for
`groonga -n DB`:

  1. table Articles (key ShortText: the article id), columns title, body (Text);
  2. `load --table Articles` in batches of --batch records;
  3. then the lexicon (TokenBigram, NormalizerAuto) and one index column over
     title and body (WITH_POSITION|WITH_SECTION). Creating the index after the
     load lets Groonga build it in one static pass, which is much faster than
     updating it row by row.

usage: python3 bench/groonga_load.py ARTICLES.jsonl [--batch N] > load.grn
"""
import argparse
import json
import sys

SCHEMA = """\
table_create Articles TABLE_HASH_KEY ShortText
column_create Articles title COLUMN_SCALAR Text
column_create Articles body COLUMN_SCALAR Text
"""

INDEX = """\
table_create Terms TABLE_PAT_KEY ShortText --default_tokenizer TokenBigram --normalizer NormalizerAuto
column_create Terms articles_text COLUMN_INDEX|WITH_POSITION|WITH_SECTION Articles title,body
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('articles', help='JSON Lines with id, title, body')
    ap.add_argument('--batch', type=int, default=2000,
                    help='records per load command (default 2000)')
    a = ap.parse_args()

    out = sys.stdout
    out.write(SCHEMA)
    batch, total = [], 0

    def flush():
        if batch:
            # One load command: the values as one JSON array on one line.
            out.write('load --table Articles\n')
            out.write(json.dumps(batch, ensure_ascii=False))
            out.write('\n')
            batch.clear()

    with open(a.articles, encoding='utf-8') as f:
        for line in f:
            if not line.strip():
                continue
            r = json.loads(line)
            batch.append({'_key': r['id'], 'title': r.get('title') or '',
                          'body': r.get('body') or ''})
            total += 1
            if len(batch) >= a.batch:
                flush()
    flush()
    out.write(INDEX)
    print('groonga_load: %d articles' % total, file=sys.stderr)


if __name__ == '__main__':
    main()
