/*
 * test_tokenizer_oom.c: out-of-memory at every allocation SQLite makes
 * while registering the tokenizer, creating a table with it (its only
 * allocation is the tokenizer object), indexing and matching Korean text,
 * one allocation at a time, through SQLite's own allocator hook as its
 * fault tests do. Each run must end in an error or in the right answer,
 * never a crash; under the sanitizers, never a leak.
 */
#include "check.h"

#include "newssearch/tokenizer.h"

#include <stdlib.h>

static sqlite3_mem_methods real;
static long countdown = -1;
static int hit;

static void *fail_malloc(int n) {
  if (countdown >= 0 && countdown-- == 0) {
    hit = 1;
    return NULL;
  }
  return real.xMalloc(n);
}

static void *fail_realloc(void *p, int n) {
  if (countdown >= 0 && countdown-- == 0) {
    hit = 1;
    return NULL;
  }
  return real.xRealloc(p, n);
}

/* One pass; returns the match count, or -1 when a step failed. */
static int pass(void) {
  sqlite3 *db = NULL;
  char *err = NULL;
  int n = -1;
  if (sqlite3_open(":memory:", &db) == SQLITE_OK &&
      ns_fts5_register(db, &err) == SQLITE_OK &&
      sqlite3_exec(db,
                   "CREATE VIRTUAL TABLE t USING fts5(body, tokenize='hangul');"
                   "INSERT INTO t VALUES('PC버전 카카오톡과 포털'),"
                   "('데이터베이스 오류로 장애');",
                   NULL, NULL, NULL) == SQLITE_OK) {
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(
            db, "SELECT count(*) FROM t WHERE t MATCH '\"카카오톡\"'", -1, &st,
            NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
      n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
  }
  sqlite3_free(err);
  sqlite3_close(db);
  return n;
}

int main(void) {
  sqlite3_config(SQLITE_CONFIG_GETMALLOC, &real);
  sqlite3_mem_methods failing = real;
  failing.xMalloc = fail_malloc;
  failing.xRealloc = fail_realloc;
  if (sqlite3_config(SQLITE_CONFIG_MALLOC, &failing) != SQLITE_OK) {
    fprintf(stderr, "cannot install the failing allocator\n");
    return 1;
  }
  int runs = 0;
  for (long k = 0; k < 100000; k++, runs++) {
    countdown = k;
    hit = 0;
    int n = pass();
    countdown = -1;
    CHECK(n == -1 || n == 1, "run %ld: %d matches", k, n);
    if (!hit) {
      CHECK_INT(n, 1); /* nothing failed: the full answer */
      break;
    }
  }
  CHECK(runs > 10, "only %d allocations were seen", runs);
  printf("tokenizer_oom: %d runs with one allocation failing\n", runs);
  return ns_check_done("tokenizer_oom");
}
