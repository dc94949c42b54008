/*
 * ingest_bench.c: ingest throughput and database size. Every variant loads
 * the same inputs with the same loader (ns_ingest, the code behind
 * `newssearch ingest`) into a fresh database with the same schema; only the
 * FTS5 options and settings differ, so "hangul" is measured beside FTS5's
 * built-in unicode61 and trigram in the same run.
 * usage: bench_ingest [--runs N] [--variants a,b,...] WORKDIR INPUT...
 */
#include "../index/store_int.h"

#include "newssearch/ingest.h"
#include "newssearch/tokenizer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

typedef struct variant {
  const char *name;
  const char *fts_options;
  const char *pragmas;  /* SQL run before the schema (page size, vacuum) */
  const char *settings; /* SQL run after the schema, before the load */
  int optimize;         /* 'optimize' (and incremental_vacuum) at the end */
  int batch;            /* articles per transaction, 0: the default */
} variant;

#define FTS_SET(name, value)                                                   \
  "INSERT INTO articles_fts(articles_fts, rank) VALUES('" name "', " value ");"
#define AUTOVAC "PRAGMA auto_vacuum=INCREMENTAL;"

static const variant variants[] = {
    /* what newssearch ships */
    {"hangul", NS_FTS_OPTIONS, NS_PRAGMAS, NS_FTS_SETTINGS, 1, 0},
    /* the knobs, one at a time */
    {"hangul+prefix1", "tokenize='hangul', prefix='1'", "", "", 1, 0},
    {"hangul-plain", "tokenize='hangul'", "", "", 1, 0},
    {"hangul-nooptimize", "tokenize='hangul'", "", "", 0, 0},
    {"hangul-autovacuum", "tokenize='hangul'", AUTOVAC, "", 1, 0},
    {"hangul-hash16m", "tokenize='hangul'", "", FTS_SET("hashsize", "16777216"), 1, 0},
    {"hangul-hash64m", "tokenize='hangul'", "", FTS_SET("hashsize", "67108864"), 1, 0},
    {"hangul-batch20k", "tokenize='hangul'", "", "", 1, 20000},
    {"hangul-automerge16", "tokenize='hangul'", "", FTS_SET("automerge", "16"), 1, 0},
    {"hangul-automerge0", "tokenize='hangul'", "", FTS_SET("automerge", "0"), 1, 0},
    {"hangul-am16-crisis64", "tokenize='hangul'", "",
     FTS_SET("automerge", "16") FTS_SET("crisismerge", "64"), 1, 0},
    {"hangul-am16-hash16m", "tokenize='hangul'", "",
     FTS_SET("automerge", "16") FTS_SET("hashsize", "16777216"), 1, 0},
    {"hangul-am16-autovacuum", "tokenize='hangul'", AUTOVAC,
     FTS_SET("automerge", "16"), 1, 0},
    {"hangul-am16-nooptimize", "tokenize='hangul'", "",
     FTS_SET("automerge", "16"), 0, 0},
    {"hangul-crisis64", "tokenize='hangul'", "", FTS_SET("crisismerge", "64"), 1, 0},
    {"hangul-pgsz8000", "tokenize='hangul'", "PRAGMA page_size=8192;", FTS_SET("pgsz", "8000"), 1, 0},
    {"hangul-page8k", "tokenize='hangul'", "PRAGMA page_size=8192;", "", 1, 0},
    /* the baselines, loaded with newssearch's own settings */
    {"unicode61", "tokenize='unicode61'", NS_PRAGMAS, NS_FTS_SETTINGS, 1, 0},
    {"trigram", "tokenize='trigram'", NS_PRAGMAS, NS_FTS_SETTINGS, 1, 0},
};

typedef struct result {
  double seconds[16];
  long long bytes, text_bytes;
  long articles;
} result;

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
  char *sql = ns_schema_v1_sql(v->fts_options);
  char *all = sqlite3_mprintf("%s%s%s PRAGMA user_version=%d;", v->pragmas,
                              sql, v->settings, NS_SCHEMA_VERSION);
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

/* One load; returns seconds, or -1. */
static double load(const char *path, const variant *v, char **inputs,
                   int n_inputs, result *res) {
  if (create(path, v) != 0) return -1;
  ns_store *s = NULL;
  ns_error err = {{0}};
  ns_ingest_options opt = {.max_file_bytes = 1u << 30,
                           .batch_articles = v->batch,
                           .batch_seconds = v->batch / 1000.0};
  ns_ingest_summary sum = {0};
  double t0 = now();
  int rc = ns_store_open(path, NS_STORE_WRITE, &s, &err);
  if (rc == 0) rc = ns_ingest(s, inputs, n_inputs, &opt, &sum, &err);
  if (rc == 0 && v->optimize) rc = ns_store_optimize(s, &err);
  if (rc == 0) rc = ns_store_exec(s, "PRAGMA wal_checkpoint(TRUNCATE)", &err);
  double t = now() - t0;
  if (rc != 0) fprintf(stderr, "%s: %s\n", v->name, err.message);
  if (rc == 0) {
    res->articles = (long)query_ll(s, "SELECT count(*) FROM articles");
    res->text_bytes = query_ll(s, "SELECT sum(length(CAST(title AS BLOB)) + "
                                  "length(CAST(body AS BLOB))) FROM articles");
  }
  ns_store_close(s);
  ns_ingest_summary_clear(&sum);
  struct stat st;
  res->bytes = stat(path, &st) == 0 ? (long long)st.st_size : 0;
  return rc == 0 ? t : -1;
}

static int by_value(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  int runs = 3, argi = 1;
  const char *list = "hangul,unicode61,trigram";
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
      results[i].seconds[r] = load(path, chosen[i], inputs, n_inputs,
                                   &results[i]);
      if (results[i].seconds[r] < 0) return 1;
      fprintf(stderr, "run %d %s: %.2f s\n", r + 1, chosen[i]->name,
              results[i].seconds[r]);
      if (r < runs - 1) remove_db(path);
    }
  double u61 = 0, tri = 0;
  for (int i = 0; i < n; i++) {
    qsort(results[i].seconds, (size_t)runs, sizeof(double), by_value);
    if (!strcmp(chosen[i]->name, "unicode61")) u61 = results[i].seconds[runs / 2];
    if (!strcmp(chosen[i]->name, "trigram")) tri = results[i].seconds[runs / 2];
  }
  printf("ingest: %ld articles, %.1f MB of title+body text, median of %d "
         "runs\n\n", results[0].articles, (double)results[0].text_bytes / 1e6,
         runs);
  printf("| variant | seconds | articles/s | MB/s | DB MB | DB / text | time "
         "/ unicode61 | speed / trigram |\n|---|---:|---:|---:|---:|---:|---:|"
         "---:|\n");
  for (int i = 0; i < n; i++) {
    double t = results[i].seconds[runs / 2];
    printf("| %s | %.2f | %.0f | %.2f | %.1f | %.2fx |", chosen[i]->name, t,
           (double)results[i].articles / t,
           (double)results[i].text_bytes / 1e6 / t,
           (double)results[i].bytes / 1e6,
           (double)results[i].bytes / (double)results[i].text_bytes);
    if (u61 > 0) printf(" %.2fx |", t / u61); else printf(" - |");
    if (tri > 0) printf(" %.2fx |\n", tri / t); else printf(" - |\n");
  }
  free(names);
  return 0;
}
