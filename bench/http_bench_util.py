#!/usr/bin/env python3
"""http_bench_util.py: the text handling behind bench/http_bench.sh.

Subcommands (all output on standard output):

  paths QUERIES.jsonl OUTDIR
      writes OUTDIR/paths_newssearch.txt and OUTDIR/paths_groonga.txt (one
      request path per line, same query order, for bench/wrk_queries.lua) and
      OUTDIR/queries.tsv (qid, class, words joined by a space).
  hits newssearch|groonga FILE
      prints the number of hits in a saved response body (newssearch: "total",
      with a trailing + when it is a lower bound; Groonga: the select count).
  wrk FILE
      prints "rps p50_ms p99_ms non2xx errors" parsed from wrk --latency output.
  report DIR
      prints the markdown tables from DIR/wrk_*.txt and DIR/seq_*.tsv.
"""
import json
import os
import re
import statistics
import sys
import urllib.parse

CLASSES = ['syl1', 'syl2', 'syl3_5', 'two']

# Groonga's request, as given in the issue: title weighted 10, body with
# Groonga's own snippets (snippet_html), best score first.
GROONGA_SELECT = ('/d/select?table=Articles&match_columns=title*10||body'
                  '&query={q}&output_columns=_key,title,snippet_html(body),_score'
                  '&limit=10&sortby=-_score')
NEWSSEARCH_SEARCH = '/api/search?q={q}&limit=10'


def cmd_paths(queries, outdir):
    rows = []
    with open(queries, encoding='utf-8') as f:
        for line in f:
            if line.strip():
                rows.append(json.loads(line))
    with open(os.path.join(outdir, 'paths_newssearch.txt'), 'w') as ns, \
            open(os.path.join(outdir, 'paths_groonga.txt'), 'w') as gr, \
            open(os.path.join(outdir, 'queries.tsv'), 'w', encoding='utf-8') as tsv:
        for r in rows:
            text = ' '.join(r['words'])
            q = urllib.parse.quote(text, safe='')
            ns.write(NEWSSEARCH_SEARCH.format(q=q) + '\n')
            gr.write(GROONGA_SELECT.format(q=q) + '\n')
            tsv.write('%s\t%s\t%s\n' % (r['qid'], r['class'], text))
    print(len(rows))


def cmd_hits(engine, path):
    try:
        with open(path, encoding='utf-8') as f:
            doc = json.load(f)
        if engine == 'newssearch':
            n = doc['total']
            print('%d%s' % (n, '+' if doc.get('total_is_lower_bound') else ''))
        else:
            if doc[0][0] != 0:
                print('error:%s' % doc[0][3] if len(doc[0]) > 3 else 'error')
            else:
                print(doc[1][0][0][0])
    except (OSError, ValueError, KeyError, IndexError, TypeError):
        print('?')


def to_ms(text):
    m = re.fullmatch(r'([\d.]+)(us|ms|s|m)', text)
    if not m:
        return float('nan')
    v, unit = float(m.group(1)), m.group(2)
    return v * {'us': 1e-3, 'ms': 1.0, 's': 1e3, 'm': 60e3}[unit]


def parse_wrk(path):
    text = open(path, encoding='utf-8', errors='replace').read()
    out = {'rps': float('nan'), 'p50': float('nan'), 'p99': float('nan'),
           'non2xx': 0, 'errors': '', 'requests': 0}
    m = re.search(r'Requests/sec:\s+([\d.]+)', text)
    if m:
        out['rps'] = float(m.group(1))
    for pct, key in (('50', 'p50'), ('99', 'p99')):
        m = re.search(r'^\s+%s(?:\.000)?%%\s+(\S+)' % pct, text, re.M)
        if m:
            out[key] = to_ms(m.group(1))
    m = re.search(r'Non-2xx or 3xx responses:\s+(\d+)', text)
    if m:
        out['non2xx'] = int(m.group(1))
    m = re.search(r'Socket errors:\s+(.*)', text)
    if m:
        out['errors'] = m.group(1).strip()
    m = re.search(r'(\d+) requests in', text)
    if m:
        out['requests'] = int(m.group(1))
    return out


def cmd_wrk(path):
    w = parse_wrk(path)
    print('%.2f %.2f %.2f %d %s' % (w['rps'], w['p50'], w['p99'], w['non2xx'],
                                    w['errors'] or '-'))


def fmt_ms(v):
    if v != v:  # NaN
        return 'n/a'
    return '%.1f ms' % v if v >= 1 else '%.2f ms' % v


def read_seq(path):
    """qid, class, status, seconds, hits per line -> {class: [rows]}."""
    by_class = {c: [] for c in CLASSES}
    if not os.path.exists(path):
        return by_class
    with open(path, encoding='utf-8') as f:
        for line in f:
            parts = line.rstrip('\n').split('\t')
            if len(parts) < 5:
                continue
            qid, cls, status, secs, hits = parts[:5]
            by_class.setdefault(cls, []).append(
                {'qid': qid, 'status': status, 'ms': float(secs) * 1e3, 'hits': hits})
    return by_class


def cmd_report(d):
    # Pairs measured the same way: both engines without a result cache (the
    # search work itself), then both with one (as they are deployed).
    tables = [
        ('Without result caches (newssearch --cache 0, Groonga cache_limit 0):',
         [('newssearch /api/search', 'wrk_newssearch.txt'),
          ('Groonga /d/select', 'wrk_groonga.txt')]),
        ('With result caches (newssearch default 64 MB, Groonga cache_limit 1000; '
         'both hold all 200 queries):',
         [('newssearch /api/search, cached', 'wrk_newssearch_cached.txt'),
          ('Groonga /d/select, cached', 'wrk_groonga_cached.txt')]),
        ("The server's own ceiling:",
         [('newssearch /healthz', 'wrk_healthz.txt')]),
    ]
    for title, runs in tables:
        results = {name: parse_wrk(os.path.join(d, f)) for name, f in runs
                   if os.path.exists(os.path.join(d, f))}
        if not results:
            continue
        base = next((w['rps'] for name, w in results.items()
                     if name.startswith('Groonga')), float('nan'))
        print(title)
        print()
        print('| engine | requests/s | p50 | p99 | vs Groonga req/s | requests | non-2xx | socket errors |')
        print('|---|---:|---:|---:|---:|---:|---:|---|')
        for name, _ in runs:
            if name not in results:
                continue
            w = results[name]
            ratio = w['rps'] / base if base == base and base > 0 else float('nan')
            print('| %s | %.1f | %s | %s | %.2fx | %d | %d | %s |' % (
                name, w['rps'], fmt_ms(w['p50']), fmt_ms(w['p99']), ratio,
                w['requests'], w['non2xx'], w['errors'] or 'none'))
        print()

    ns = read_seq(os.path.join(d, 'seq_newssearch.tsv'))
    gr = read_seq(os.path.join(d, 'seq_groonga.tsv'))
    print('Single requests without caches, one at a time (curl time_total, each query once):')
    print()
    print('| class | queries | newssearch median | newssearch max | Groonga median | Groonga max | newssearch / Groonga (median) | zero hits (ns / gr) |')
    print('|---|---:|---:|---:|---:|---:|---:|---:|')
    for c in CLASSES:
        a, b = ns.get(c, []), gr.get(c, [])
        am = statistics.median([r['ms'] for r in a]) if a else float('nan')
        bm = statistics.median([r['ms'] for r in b]) if b else float('nan')
        ax = max([r['ms'] for r in a]) if a else float('nan')
        bx = max([r['ms'] for r in b]) if b else float('nan')
        za = sum(1 for r in a if r['hits'] in ('0', '?') or r['hits'].startswith('error'))
        zb = sum(1 for r in b if r['hits'] in ('0', '?') or r['hits'].startswith('error'))
        ratio = am / bm if bm == bm and bm > 0 else float('nan')
        print('| %s | %d | %s | %s | %s | %s | %.2fx | %d / %d |' % (
            c, len(a), fmt_ms(am), fmt_ms(ax), fmt_ms(bm), fmt_ms(bx), ratio, za, zb))
    bad = [(e, r) for e, rows in (('newssearch', ns), ('groonga', gr))
           for c in rows for r in rows[c] if r['status'] != '200']
    if bad:
        print()
        print('Non-200 answers in the sequential pass: ' + ', '.join(
            '%s %s=%s' % (e, r['qid'], r['status']) for e, r in bad))
    text = {}
    if os.path.exists(os.path.join(d, 'queries.tsv')):
        with open(os.path.join(d, 'queries.tsv'), encoding='utf-8') as f:
            for line in f:
                parts = line.rstrip('\n').split('\t')
                if len(parts) == 3:
                    text[parts[0]] = parts[2]
    for engine, rows in (('newssearch', ns), ('Groonga', gr)):
        slow = sorted(((r['ms'], r['qid'], r['hits']) for c in rows
                       for r in rows[c]), reverse=True)[:5]
        if slow:
            print()
            print('Slowest %s queries (sequential): ' % engine + ', '.join(
                '%s "%s" %s (%s hits)' % (q, text.get(q, '?'), fmt_ms(ms), h)
                for ms, q, h in slow))


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == 'paths':
        cmd_paths(*args)
    elif cmd == 'hits':
        cmd_hits(*args)
    elif cmd == 'wrk':
        cmd_wrk(*args)
    elif cmd == 'report':
        cmd_report(*args)
    else:
        sys.exit(__doc__)


if __name__ == '__main__':
    main()
