/*
 * ingest_bench.c: ingest throughput and database size. Every variant loads
 * the same inputs into a fresh database with the same schema, with one of
 * newssearch's two loaders: the bulk build of `reindex --full`
 * (ns_bulk_load) or the live ingest of `newssearch ingest` (ns_ingest, names
 * ending in -live). Only the FTS5 options and settings differ, so "hangul"
 * is measured beside FTS5's built-in unicode61 and trigram, loaded the same
 * way, in the same run; runs are interleaved so machine noise is shared.
 * usage: bench_ingest [--runs N] [--variants a,b,...] WORKDIR INPUT...
 */
#include "floor_tokenizers.h"
#include "store_int.h"

#include "newssearch/ingest.h"
#include "newssearch/tokenizer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

typedef struct variant {
  const char *name;
  const char *fts_options;
  const char *pragmas;  /* SQL run before the schema (page size, vacuum) */
  const char *settings; /* SQL run after the schema, before the load */
  int bulk;     /* 1: ns_bulk_load() into a store opened NS_STORE_BULK, the
                 * build of `reindex --full`; 0: ns_ingest() into a live (WAL)
                 * store, as `newssearch ingest` */
  int optimize; /* live loads only: 'optimize' at the end */
  int batch;    /* articles per transaction, 0: the loader's default */
} variant;

#define FTS_SET NS_FTS_SET
#define AUTOVAC "PRAGMA auto_vacuum=INCREMENTAL;"
#define PLAIN "tokenize='hangul'"

static const variant variants[] = {
    /* what `reindex --full` builds, and the baselines built the same way */
    {"hangul", NS_FTS_OPTIONS, NS_PRAGMAS, NS_FTS_SETTINGS, 1, 1, 0},
    {"unicode61", "tokenize='unicode61'", NS_PRAGMAS, NS_FTS_SETTINGS, 1, 1, 0},
    {"trigram", "tokenize='trigram'", NS_PRAGMAS, NS_FTS_SETTINGS, 1, 1, 0},
    /* lower bounds (floor_tokenizers.c): only the bigrams, no token at all */
    {"floor-bigrams", "tokenize='floor_bigrams'", NS_PRAGMAS, NS_FTS_SETTINGS,
     1, 1, 0},
    {"floor-empty", "tokenize='floor_empty'", NS_PRAGMAS, NS_FTS_SETTINGS, 1, 1,
     0},
    /* no positions: FTS5 then refuses phrases of more than one token */
    {"hangul-detail-column", "tokenize='hangul', detail=column", NS_PRAGMAS,
     NS_FTS_SETTINGS, 1, 1, 0},
    {"hangul-detail-none", "tokenize='hangul', detail=none", NS_PRAGMAS,
     NS_FTS_SETTINGS, 1, 1, 0},
    /* the same, loaded by `newssearch ingest` into a live database */
    {"hangul-live", NS_FTS_OPTIONS, NS_PRAGMAS, NS_FTS_SETTINGS, 0, 1, 0},
    /* without the readings of Hanja in the index: what they cost */
    {"hangul-noreadings", NS_FTS_OPTIONS, NS_PRAGMAS, NS_FTS_SETTINGS, 1, 1, 0},
    /* without the fingerprints and stories of issue 15 */
    {"hangul-nostories", NS_FTS_OPTIONS, NS_PRAGMAS, NS_FTS_SETTINGS, 1, 1, 0},
    {"hangul-live-noreadings", NS_FTS_OPTIONS, NS_PRAGMAS, NS_FTS_SETTINGS, 0,
     1, 0},
    /* without the vocabulary (suggestions): what it costs */
    {"hangul-novocab", NS_FTS_OPTIONS, NS_PRAGMAS, NS_FTS_SETTINGS, 1, 1, 0},
    {"hangul-live-novocab", NS_FTS_OPTIONS, NS_PRAGMAS, NS_FTS_SETTINGS, 0, 1,
     0},
    {"unicode61-live", "tokenize='unicode61'", NS_PRAGMAS, NS_FTS_SETTINGS, 0,
     1, 0},
    {"trigram-live", "tokenize='trigram'", NS_PRAGMAS, NS_FTS_SETTINGS, 0, 1,
     0},
    /* the knobs, one at a time */
    {"hangul+prefix1", "tokenize='hangul', prefix='1'", NS_PRAGMAS,
     NS_FTS_SETTINGS, 1, 1, 0},
    {"hangul-bulk-batch2k", NS_FTS_OPTIONS, NS_PRAGMAS, NS_FTS_SETTINGS, 1, 1,
     2000},
    {"hangul-bulk-am0-hash256m-one-txn", NS_FTS_OPTIONS, NS_PRAGMAS,
     FTS_SET("automerge", "0") FTS_SET("crisismerge", "1000")
         FTS_SET("hashsize", "268435456"),
     1, 1, 100000},
    {"hangul-bulk-hash64m", NS_FTS_OPTIONS, NS_PRAGMAS,
     NS_FTS_SETTINGS FTS_SET("hashsize", "67108864"), 1, 1, 0},
    {"hangul-plain", PLAIN, "", "", 0, 1, 0},
    {"hangul-nooptimize", PLAIN, "", "", 0, 0, 0},
    {"hangul-autovacuum", PLAIN, AUTOVAC, "", 0, 1, 0},
    {"hangul-hash16m", PLAIN, "", FTS_SET("hashsize", "16777216"), 0, 1, 0},
    {"hangul-batch20k", PLAIN, "", "", 0, 1, 20000},
    {"hangul-automerge16", PLAIN, "", FTS_SET("automerge", "16"), 0, 1, 0},
    {"hangul-automerge0", PLAIN, "", FTS_SET("automerge", "0"), 0, 1, 0},
    {"hangul-crisis64", PLAIN, "", FTS_SET("crisismerge", "64"), 0, 1, 0},
    {"hangul-pgsz8000", PLAIN, "PRAGMA page_size=8192;",
     FTS_SET("pgsz", "8000"), 0, 1, 0},
    {"hangul-page8k", PLAIN, "PRAGMA page_size=8192;", "", 0, 1, 0},
};

typedef struct result {
  double seconds[16];
  double cpu[16];   /* user + system seconds of the same loads */
  double vocab[16]; /* wall seconds keeping the vocabulary, of the load's */
  double share[16]; /* vocab / seconds, run by run */
  long long bytes, text_bytes;
  long long postings; /* token occurrences in the index, colocated included */
  long articles;
} result;

/* User and system CPU seconds of this process so far: steadier than the
 * wall clock on a shared machine, since time spent waiting for the CPU is
 * not counted. */
static double cpu_now(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const variant *find_variant(const char *name) {
  for (size_t i = 0; i < sizeof variants / sizeof *variants; i++)
    if (strcmp(variants[i].name, name) == 0) return &variants[i];
  return NULL;
}

static void remove_db(const char *path) {
  char p[4200];
  unlink(path);
  snprintf(p, sizeof p, "%s-wal", path);
  unlink(p);
  snprintf(p, sizeof p, "%s-shm", path);
  unlink(p);
}

/* Creates the schema with the variant's FTS5 options. */
static int create(const char *path, const variant *v) {
  sqlite3 *db = NULL;
  char *err = NULL;
  remove_db(path);
  if (sqlite3_open(path, &db) != SQLITE_OK ||
      ns_fts5_register(db, &err) != SQLITE_OK)
    return -1;
  /* The vocabulary and the readings columns are newssearch's: the
   * baselines have their tables but neither the triggers that fill the
   * vocabulary nor the readings in the index, and so have the
   * hangul-*-novocab and hangul-*-noreadings variants. */
  int ours = strncmp(v->name, "hangul", 6) == 0;
  int vocab = ours && strstr(v->name, "novocab") == NULL;
  int readings = ours && strstr(v->name, "noreadings") == NULL;
  char *sql = ns_schema_sql_with(v->fts_options, vocab, readings);
  char *all = sqlite3_mprintf("%s%s%s PRAGMA user_version=%d;", v->pragmas, sql,
                              v->settings, NS_SCHEMA_VERSION);
  int rc = sqlite3_exec(db, all, NULL, NULL, &err);
  if (rc != SQLITE_OK) fprintf(stderr, "%s: %s\n", v->name, err);
  sqlite3_free(err);
  sqlite3_free(sql);
  sqlite3_free(all);
  sqlite3_close(db);
  return rc == SQLITE_OK ? 0 : -1;
}

static long long query_ll(ns_store *s, const char *sql) {
  sqlite3_stmt *st = NULL;
  long long v = 0;
  if (sqlite3_prepare_v2(ns_store_db(s), sql, -1, &st, NULL) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW)
    v = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return v;
}

/* ns_readings for the variants without readings: none. */
static void no_readings(sqlite3_context *ctx, int argc, sqlite3_value **v) {
  (void)argc, (void)v;
  sqlite3_result_null(ctx);
}

/* One load; returns seconds, or -1, its CPU seconds into *cpu and those
 * the vocabulary took into *vocab. */
static double load(const char *path, const variant *v, char **inputs,
                   int n_inputs, result *res, double *cpu, double *vocab) {
  if (create(path, v) != 0) return -1;
  ns_store *s = NULL;
  ns_error err = {0};
  ns_ingest_options opt = {.max_file_bytes = 1u << 30,
                           .batch_articles = v->batch,
                           .batch_seconds = v->batch / 1000.0};
  ns_ingest_summary sum = {0};
  double t0 = now(), c0 = cpu_now();
  int rc =
      ns_store_open(path, v->bulk ? NS_STORE_BULK : NS_STORE_WRITE, &s, &err);
  /* without readings, none are computed either (the articles' statements
   * are prepared at the first write, after this) */
  if (rc == 0 && !(strncmp(v->name, "hangul", 6) == 0 &&
                   strstr(v->name, "noreadings") == NULL))
    sqlite3_create_function(ns_store_db(s), "ns_readings", 1,
                            SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                            no_readings, NULL, NULL);
  /* the baselines, and hangul-nostories, group no copies into stories */
  if (rc == 0 && !(strncmp(v->name, "hangul", 6) == 0 &&
                   strstr(v->name, "nostories") == NULL))
    ns_store_without_stories(s);
  if (rc == 0 && v->bulk) {
    rc = ns_bulk_load(s, inputs, n_inputs, &opt, &sum, &err);
  } else if (rc == 0) {
    rc = ns_ingest(s, inputs, n_inputs, &opt, &sum, &err);
    if (rc == 0 && v->optimize) rc = ns_store_optimize(s, &err);
  }
  if (rc != 0) fprintf(stderr, "%s: %s\n", v->name, err.message);
  *vocab = s ? ns_store_vocab_seconds(s) : 0;
  /* Closing checkpoints: both loaders end with the whole database in the
   * file, no WAL beside it. */
  ns_store_close(s);
  double t = now() - t0;
  *cpu = cpu_now() - c0;
  ns_ingest_summary_clear(&sum);
  struct stat st;
  char wal[4200];
  snprintf(wal, sizeof wal, "%s-wal", path);
  if (rc == 0 && stat(wal, &st) == 0) {
    fprintf(stderr, "%s: a WAL is left beside the database\n", v->name);
    rc = -1;
  }
  if (rc == 0 && ns_store_open(path, NS_STORE_READONLY, &s, &err) == 0) {
    res->articles = (long)query_ll(s, "SELECT count(*) FROM articles");
    res->text_bytes = query_ll(s, "SELECT sum(length(CAST(title AS BLOB)) + "
                                  "length(CAST(body AS BLOB))) FROM articles");
    sqlite3_exec(ns_store_db(s),
                 "CREATE VIRTUAL TABLE temp.vocab USING "
                 "fts5vocab(main, articles_fts, row)",
                 NULL, NULL, NULL);
    res->postings = query_ll(s, "SELECT total(cnt) FROM temp.vocab");
    ns_store_close(s);
  }
  res->bytes = stat(path, &st) == 0 ? (long long)st.st_size : 0;
  return rc == 0 ? t : -1;
}

static int by_value(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  ns_sqlite_setup(); /* as newssearch itself does */
  if (ns_bench_floor_tokenizers_auto() != SQLITE_OK) {
    fprintf(stderr, "bench_ingest: cannot register the floor tokenizers\n");
    return 1;
  }
  int runs = 3, argi = 1;
  const char *list = "hangul,unicode61,trigram,hangul-live,unicode61-live,"
                     "floor-bigrams,floor-empty";
  while (argi < argc && strncmp(argv[argi], "--", 2) == 0) {
    if (!strcmp(argv[argi], "--runs") && argi + 1 < argc)
      runs = atoi(argv[argi + 1]);
    else if (!strcmp(argv[argi], "--variants") && argi + 1 < argc)
      list = argv[argi + 1];
    argi += 2;
  }
  if (argc - argi < 2 || runs < 1 || runs > 16) {
    fprintf(stderr, "usage: bench_ingest [--runs N] [--variants a,b] WORKDIR "
                    "INPUT...\n");
    return 2;
  }
  const char *work = argv[argi];
  char **inputs = argv + argi + 1;
  int n_inputs = argc - argi - 1;
  const variant *chosen[16];
  result results[16] = {0};
  int n = 0;
  char *names = strdup(list);
  for (char *tok = strtok(names, ","); tok && n < 16; tok = strtok(NULL, ",")) {
    if ((chosen[n] = find_variant(tok)) == NULL) {
      fprintf(stderr, "unknown variant %s\n", tok);
      return 2;
    }
    n++;
  }
  char path[4096];
  /* Interleave variants run by run so that machine noise is shared. */
  for (int r = 0; r < runs; r++)
    for (int i = 0; i < n; i++) {
      snprintf(path, sizeof path, "%s/bench-%s.db", work, chosen[i]->name);
      results[i].seconds[r] =
          load(path, chosen[i], inputs, n_inputs, &results[i],
               &results[i].cpu[r], &results[i].vocab[r]);
      if (results[i].seconds[r] < 0) return 1;
      results[i].share[r] = results[i].vocab[r] / results[i].seconds[r];
      fprintf(stderr, "run %d %s: %.2f s (CPU %.2f s, vocabulary %.2f s)\n",
              r + 1, chosen[i]->name, results[i].seconds[r], results[i].cpu[r],
              results[i].vocab[r]);
      if (r < runs - 1) remove_db(path);
    }
  /* baselines per loader: [0] live ingest, [1] bulk build */
  double u61[2] = {0, 0}, tri[2] = {0, 0};
  for (int i = 0; i < n; i++) {
    qsort(results[i].seconds, (size_t)runs, sizeof(double), by_value);
    qsort(results[i].cpu, (size_t)runs, sizeof(double), by_value);
    qsort(results[i].vocab, (size_t)runs, sizeof(double), by_value);
    qsort(results[i].share, (size_t)runs, sizeof(double), by_value);
    double median = results[i].seconds[runs / 2];
    const char *name = chosen[i]->name;
    int bulk = chosen[i]->bulk;
    if (!strncmp(name, "unicode61", 9)) u61[bulk] = median;
    if (!strncmp(name, "trigram", 7)) tri[bulk] = median;
  }
  printf("ingest: %ld articles, %.1f MB of title+body text, median of %d "
         "runs\n\n",
         results[0].articles, (double)results[0].text_bytes / 1e6, runs);
  printf("Ratios are to unicode61 and trigram loaded the same way (bulk "
         "build, or -live ingest).\n\n");
  printf(
      "| variant | seconds | CPU s | vocabulary s (share) | articles/s | MB/s "
      "| postings (M) | DB MB | DB / text | time / unicode61 | speed / trigram "
      "|\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  for (int i = 0; i < n; i++) {
    double t = results[i].seconds[runs / 2];
    /* fts5vocab counts no occurrences without positions (detail=none or
     * column), nor for the empty floor: a dash, not a zero. */
    char postings[32] = "-";
    if (results[i].postings > 0)
      snprintf(postings, sizeof postings, "%.2f",
               (double)results[i].postings / 1e6);
    printf("| %s | %.2f | %.2f | %.2f (%.1f%%) | %.0f | %.2f | %s | %.1f | "
           "%.2fx |",
           chosen[i]->name, t, results[i].cpu[runs / 2],
           results[i].vocab[runs / 2], 100 * results[i].share[runs / 2],
           (double)results[i].articles / t,
           (double)results[i].text_bytes / 1e6 / t, postings,
           (double)results[i].bytes / 1e6,
           (double)results[i].bytes / (double)results[i].text_bytes);
    int bulk = chosen[i]->bulk;
    if (u61[bulk] > 0)
      printf(" %.2fx |", t / u61[bulk]);
    else
      printf(" - |");
    if (tri[bulk] > 0)
      printf(" %.2fx |\n", tri[bulk] / t);
    else
      printf(" - |\n");
  }
  free(names);
  return 0;
}
