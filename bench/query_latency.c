/*
 * query_latency.c: search latency per query class, newssearch beside FTS5's
 * unicode61 and trigram on the same articles and the same queries
 * (../shared/corpus/queries_mix.jsonl: one-syllable words, two-syllable
 * words, longer words, two words).
 *
 * newssearch: ns_search(), a page of 10 with highlighted titles, snippets
 * and the total, as `newssearch query --json` and /api/search answer;
 * with the shipped synonyms and the Hanja readings, each story once (as
 * served), every copy listed (--no-collapse), as typed
 * (--no-synonyms), and, given --synonyms FILE, with that file's groups
 * too, whose load time is printed first (median of 5 loads).
 * unicode61 and trigram: the words ANDed as quoted strings, the total
 * counted up to 10,001 and the 10 best by bm25 (title 10, body 1) with
 * FTS5's snippet(): the same work with SQLite's own parts. The databases
 * are the ones bench_ingest leaves in its WORKDIR (same schema). Every
 * round runs each query on each engine in turn, so noise is shared; the
 * first round only warms the caches.
 * usage: bench_query_latency [--rounds N] [--synonyms FILE] QUERIES.jsonl
 *        HANGUL_DB UNICODE61_DB TRIGRAM_DB
 */
#include "newssearch/search.h"
#include "newssearch/store.h"
#include "newssearch/synonyms.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_QUERIES 1000
#define N_ENGINES 6
#define N_CLASSES 4

/* The newssearch rows: as served, every copy listed, as typed, with a
 * synonyms file. */
enum { E_SERVED, E_EVERY_COPY, E_AS_TYPED, E_FILE, E_UNICODE61, E_TRIGRAM };
static const char *const engine_names[N_ENGINES] = {
    "newssearch",          "newssearch, every copy",
    "newssearch as typed", "newssearch + synonyms file",
    "unicode61",           "trigram"};
static const char *const class_names[N_CLASSES] = {"syl1", "syl2", "syl3_5",
                                                   "two"};

typedef struct query {
  char *text;  /* the words joined by spaces: what a reader types */
  char *match; /* the words as quoted FTS5 strings, ANDed */
  int cls;
} query;

typedef struct samples {
  double *ms;
  int n, cap;
  int zero_hits; /* queries answered with nothing (counted once) */
} samples;

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void add_sample(samples *s, double ms) {
  if (s->n == s->cap) {
    s->cap = s->cap ? 2 * s->cap : 256;
    s->ms = realloc(s->ms, (size_t)s->cap * sizeof *s->ms);
  }
  s->ms[s->n++] = ms;
}

static int class_of(const char *name) {
  for (int i = 0; i < N_CLASSES; i++)
    if (strcmp(name, class_names[i]) == 0) return i;
  return -1;
}

/* Reads the query mix; returns the number of queries, or -1. */
static int load_queries(const char *path, query *out) {
  FILE *f = fopen(path, "r");
  if (f == NULL) return -1;
  char line[4096];
  int n = 0;
  while (n < MAX_QUERIES && fgets(line, sizeof line, f)) {
    json_t *o = json_loads(line, 0, NULL);
    json_t *words = o ? json_object_get(o, "words") : NULL;
    const char *cls = o ? json_string_value(json_object_get(o, "class")) : NULL;
    if (!json_is_array(words) || cls == NULL || class_of(cls) < 0) {
      json_decref(o);
      continue;
    }
    char text[2048] = "", match[2048] = "";
    size_t i;
    json_t *w;
    json_array_foreach(words, i, w) {
      const char *word = json_string_value(w);
      if (word == NULL || strchr(word, '"')) continue;
      snprintf(text + strlen(text), sizeof text - strlen(text), "%s%s",
               i ? " " : "", word);
      snprintf(match + strlen(match), sizeof match - strlen(match), "%s\"%s\"",
               i ? " " : "", word);
    }
    out[n].text = strdup(text);
    out[n].match = strdup(match);
    out[n].cls = class_of(cls);
    n++;
    json_decref(o);
  }
  fclose(f);
  return n;
}

/* newssearch: one search as the API runs it: engine e's way (as typed,
 * every copy, or with the synonyms syn; NULL: the shipped list); returns
 * ms, *hits the total. */
static double run_newssearch(ns_store *s, const query *q, int e,
                             const ns_synonyms *syn, long *hits) {
  ns_search_params p = {0};
  p.as_typed = e == E_AS_TYPED;
  p.keep_copies = e == E_EVERY_COPY;
  p.synonyms = syn;
  p.query = q->text;
  p.query_len = strlen(q->text);
  p.limit = 10;
  p.mark_open = "<mark>";
  p.mark_close = "</mark>";
  p.escape_html = 1;
  ns_search_result r;
  ns_error err = {0};
  double t0 = now_ms();
  int rc = ns_search(s, &p, &r, &err);
  double ms = now_ms() - t0;
  *hits = rc == 0 ? r.total : -1;
  if (rc == 0)
    ns_search_result_clear(&r);
  else
    fprintf(stderr, "newssearch: %s: %s\n", q->text, err.message);
  return ms;
}

/* A built-in tokenizer: the count up to 10,001, then the best 10 with
 * snippets. */
static double run_builtin(sqlite3 *db, const query *q, long *hits) {
  static const char count_sql[] =
      "SELECT count(*) FROM (SELECT 1 FROM articles_fts WHERE articles_fts"
      " MATCH ?1 LIMIT 10001)";
  static const char page_sql[] =
      "SELECT a.key, a.title, snippet(articles_fts, 1, '<mark>', '</mark>',"
      " '…', 24) FROM articles_fts JOIN articles a ON a.id ="
      " articles_fts.rowid WHERE articles_fts MATCH ?1 ORDER BY"
      " bm25(articles_fts, 10.0, 1.0) LIMIT 10";
  sqlite3_stmt *count = NULL, *page = NULL;
  double t0 = now_ms();
  *hits = -1;
  if (sqlite3_prepare_v2(db, count_sql, -1, &count, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2(db, page_sql, -1, &page, NULL) == SQLITE_OK) {
    sqlite3_bind_text(count, 1, q->match, -1, SQLITE_STATIC);
    sqlite3_bind_text(page, 1, q->match, -1, SQLITE_STATIC);
    if (sqlite3_step(count) == SQLITE_ROW)
      *hits = sqlite3_column_int64(count, 0);
    size_t bytes = 0;
    while (sqlite3_step(page) == SQLITE_ROW)
      bytes += (size_t)sqlite3_column_bytes(page, 2);
    (void)bytes;
  }
  double ms = now_ms() - t0;
  sqlite3_finalize(count);
  sqlite3_finalize(page);
  return ms;
}

static int by_value(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* The nearest-rank percentile pct of sorted v. */
static double percentile(const double *v, int n, double pct) {
  int k = (int)(pct / 100.0 * n + 0.999999) - 1;
  return v[k < 0 ? 0 : k >= n ? n - 1 : k];
}

/* Loads path five times; prints the median time and keeps the last. */
static ns_synonyms *load_synonyms(const char *path) {
  double ms[5];
  ns_synonyms *syn = NULL;
  for (int i = 0; i < 5; i++) {
    ns_error err = {0};
    ns_synonyms_free(syn);
    syn = NULL;
    double t0 = now_ms();
    if (ns_synonyms_load(path, ns_synonyms_shipped(), &syn, &err) != 0) {
      fprintf(stderr, "%s\n", err.message);
      return NULL;
    }
    ms[i] = now_ms() - t0;
  }
  qsort(ms, 5, sizeof *ms, by_value);
  printf("synonyms file %s: %zu groups, %zu words with the shipped list, "
         "loaded in %.2f ms (median of 5)\n\n",
         path, ns_synonyms_groups(syn), ns_synonyms_words(syn), ms[2]);
  return syn;
}

int main(int argc, char **argv) {
  ns_sqlite_setup();
  int rounds = 5, argi = 1;
  const char *synonyms_file = NULL;
  for (;;) {
    if (argc - argi > 2 && strcmp(argv[argi], "--rounds") == 0) {
      rounds = atoi(argv[argi + 1]);
      argi += 2;
    } else if (argc - argi > 2 && strcmp(argv[argi], "--synonyms") == 0) {
      synonyms_file = argv[argi + 1];
      argi += 2;
    } else {
      break;
    }
  }
  if (argc - argi != 4 || rounds < 2) {
    fprintf(stderr, "usage: bench_query_latency [--rounds N>=2] [--synonyms "
                    "FILE] QUERIES.jsonl HANGUL_DB UNICODE61_DB TRIGRAM_DB\n");
    return 2;
  }
  ns_synonyms *syn = synonyms_file ? load_synonyms(synonyms_file) : NULL;
  if (synonyms_file && syn == NULL) return 1;
  static query queries[MAX_QUERIES];
  int nq = load_queries(argv[argi], queries);
  if (nq <= 0) {
    fprintf(stderr, "no queries in %s\n", argv[argi]);
    return 1;
  }
  /* stores[0] serves the three newssearch rows */
  ns_store *stores[N_ENGINES] = {0};
  static const int db_arg[N_ENGINES] = {1, 0, 0, 0, 2, 3};
  for (int e = 0; e < N_ENGINES; e++) {
    ns_error err = {0};
    if (db_arg[e] && ns_store_open(argv[argi + db_arg[e]], NS_STORE_READONLY,
                                   &stores[e], &err) != 0) {
      fprintf(stderr, "%s\n", err.message);
      return 1;
    }
  }
  static samples by[N_ENGINES][N_CLASSES];
  for (int r = 0; r < rounds; r++)
    for (int i = 0; i < nq; i++)
      for (int e = 0; e < N_ENGINES; e++) {
        long hits = 0;
        if (e == E_FILE && syn == NULL) continue;
        double ms =
            e < E_UNICODE61
                ? run_newssearch(stores[0], &queries[i], e,
                                 e == E_FILE ? syn : NULL, &hits)
                : run_builtin(ns_store_db(stores[e]), &queries[i], &hits);
        if (r == 0) {
          if (hits <= 0) by[e][queries[i].cls].zero_hits++;
          continue; /* warm-up */
        }
        add_sample(&by[e][queries[i].cls], ms);
      }
  printf("query latency: %d queries, %d measured rounds after one warm-up; "
         "page of 10 with snippets and the total\n\n",
         nq, rounds - 1);
  printf("| class | engine | p50 | p95 | p99 | max | queries with no hits "
         "|\n|---|---|---:|---:|---:|---:|---:|\n");
  for (int c = 0; c < N_CLASSES; c++)
    for (int e = 0; e < N_ENGINES; e++) {
      samples *s = &by[e][c];
      if (s->n == 0) continue;
      qsort(s->ms, (size_t)s->n, sizeof *s->ms, by_value);
      printf("| %s | %s | %.2f ms | %.2f ms | %.2f ms | %.2f ms | %d of %d |\n",
             class_names[c], engine_names[e], percentile(s->ms, s->n, 50),
             percentile(s->ms, s->n, 95), percentile(s->ms, s->n, 99),
             s->ms[s->n - 1], s->zero_hits, s->n / (rounds - 1));
    }
  for (int e = 0; e < N_ENGINES; e++)
    ns_store_close(stores[e]);
  ns_synonyms_free(syn);
  return 0;
}
