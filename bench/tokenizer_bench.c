/*
 * tokenizer_bench.c: tokenizer throughput over every body of the shared news
 * files: "hangul" beside FTS5's built-in unicode61 and trigram, on the same
 * text in the same run, each called through FTS5's own tokenizer API with a
 * callback that only counts. Prints the median of RUNS runs and the ratios.
 * usage: bench_tokenizer [CORPUS_DIR] [RUNS]
 */
#include "corpus.h"

#include "newssearch/tokenizer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct bench_tokenizer {
  const char *name;
  fts5_tokenizer api;
  Fts5Tokenizer *instance;
  double mb_s[64];
  long tokens;
} bench_tokenizer;

static int count_token(void *ctx, int flags, const char *tok, int n, int start,
                       int end) {
  (void)flags, (void)tok, (void)n, (void)start, (void)end;
  ++*(long *)ctx;
  return 0;
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int by_value(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static fts5_api *fts5_api_of(sqlite3 *db) {
  fts5_api *api = NULL;
  sqlite3_stmt *stmt = NULL;
  sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, NULL);
  sqlite3_bind_pointer(stmt, 1, (void *)&api, "fts5_api_ptr", NULL);
  sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  return api;
}

int main(int argc, char **argv) {
  const char *dir = argc > 1 ? argv[1] : "../shared/corpus";
  int runs = argc > 2 ? atoi(argv[2]) : 7;
  if (runs < 1 || runs > 64) runs = 7;
  ns_corpus c = {0};
  if (ns_corpus_load_news(&c, dir) < 0) return 1;

  sqlite3 *db = NULL;
  char *err = NULL;
  sqlite3_open(":memory:", &db);
  if (ns_fts5_register(db, &err) != SQLITE_OK) {
    fprintf(stderr, "%s\n", err);
    return 1;
  }
  fts5_api *api = fts5_api_of(db);
  bench_tokenizer tk[] = {
      {.name = "hangul"}, {.name = "unicode61"}, {.name = "trigram"}};
  const int n_tk = 3;
  for (int t = 0; t < n_tk; t++) {
    void *user = NULL;
    if (api->xFindTokenizer(api, tk[t].name, &user, &tk[t].api) != SQLITE_OK ||
        tk[t].api.xCreate(user, NULL, 0, &tk[t].instance) != SQLITE_OK) {
      fprintf(stderr, "tokenizer %s unavailable\n", tk[t].name);
      return 1;
    }
  }

  double mb = (double)c.body_bytes / 1e6;
  /* Interleave the tokenizers run by run so that machine noise falls on all
   * of them alike. */
  for (int r = 0; r < runs; r++) {
    for (int t = 0; t < n_tk; t++) {
      long tokens = 0;
      double t0 = now();
      for (size_t i = 0; i < c.n; i++)
        tk[t].api.xTokenize(tk[t].instance, &tokens, FTS5_TOKENIZE_DOCUMENT,
                            c.docs[i].body, (int)strlen(c.docs[i].body),
                            count_token);
      tk[t].mb_s[r] = mb / (now() - t0);
      tk[t].tokens = tokens;
    }
  }
  for (int t = 0; t < n_tk; t++)
    qsort(tk[t].mb_s, (size_t)runs, sizeof(double), by_value);

  double ours = tk[0].mb_s[runs / 2];
  printf("tokenizer throughput: %zu bodies, %.1f MB of UTF-8, median of %d "
         "runs\n\n",
         c.n, mb, runs);
  printf("| tokenizer | MB/s (median) | min..max | tokens | hangul / this |\n");
  printf("|---|---:|---:|---:|---:|\n");
  for (int t = 0; t < n_tk; t++) {
    double med = tk[t].mb_s[runs / 2];
    printf("| %s | %.1f | %.1f..%.1f | %ld | %.2fx |\n", tk[t].name, med,
           tk[t].mb_s[0], tk[t].mb_s[runs - 1], tk[t].tokens, ours / med);
  }
  for (int t = 0; t < n_tk; t++)
    tk[t].api.xDelete(tk[t].instance);
  sqlite3_close(db);
  ns_corpus_free(&c);
  return 0;
}
