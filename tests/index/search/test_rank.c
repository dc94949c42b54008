/*
 * test_rank.c: ns_bm25() gives bm25()'s score to the last bit, for every
 * row of real queries over the shared news articles (words, phrases of
 * bigrams, a prefix, OR, a NOT, a title filter), the first time and again
 * from the connection's cached lengths, and after the lengths changed:
 * an update by the same connection and one by another connection; and
 * the same for one-phrase queries given their row count (as the search
 * passes it), which must also be the count ns_bm25 uses.
 * usage: test_rank SHARED_CORPUS WORKDIR
 */
#include "../support/corpus.h"
#include "check.h"

#include "newssearch/ingest.h"
#include "newssearch/store.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const queries[] = {
    "\"금리\"",
    "\"장애\"",
    "\"한국\" \"은행\"",
    "\"서울\" OR \"부산\"",
    "\"정부\" NOT \"발표\"",
    "\"이\"*",
    "title : \"경제\"",
    "\"대통령\" \"국회\" \"예산\"",
    "\"이\"* \"금리\"", /* a phrase in more than half of the rows */
};

/* Queries of one phrase over every column, for which the search passes
 * the count of their rows to ns_bm25 (its IDF then needs no pass). */
static const char *const one_phrase_queries[] = {
    "\"금리\"", "\"장애\"", "\"이\"*", "\"한국은행\"", "\"대통령\"",
};

static long long query_int(sqlite3 *db, const char *sql, const char *query) {
  sqlite3_stmt *st = NULL;
  long long n = -1;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
    sqlite3_bind_text(st, 1, query, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) n = sqlite3_column_int64(st, 0);
  }
  sqlite3_finalize(st);
  CHECK(n > 0, "%s: %s", query, sqlite3_errmsg(db));
  return n;
}

static long long count_rows(sqlite3 *db, const char *query) {
  return query_int(db,
                   "SELECT count(*) FROM articles_fts WHERE articles_fts"
                   " MATCH ?1",
                   query);
}

static int stopped_at_half; /* queries whose count stopped there */

/* What the search passes: ns_phrase_rows counting exactly up to at least
 * one row, that is up to half of all rows. */
static long long phrase_rows(sqlite3 *db, const char *query, long long all) {
  long long n = query_int(db,
                          "SELECT ns_phrase_rows(articles_fts, 1) FROM"
                          " articles_fts WHERE articles_fts MATCH ?1 LIMIT 1",
                          query);
  long long articles = query_int(db, "SELECT count(*) FROM articles", "");
  long long half = articles / 2 + 1;
  if (all > half) stopped_at_half++;
  CHECK(n == (all < half ? all : half),
        "%s: ns_phrase_rows %lld, %lld rows of"
        " %lld",
        query, n, all, articles);
  return n;
}

/* Compares the two scores for every row of query, ns_bm25 given the
 * query's row count when hits >= 0; returns the rows seen. */
static int compare(sqlite3 *db, const char *query, long long hits,
                   const char *when) {
  sqlite3_stmt *st = NULL;
  int rows = 0, differ = 0;
  char *sql = sqlite3_mprintf(
      "SELECT rowid, bm25(articles_fts, 10.0, 1.0),"
      " ns_bm25(articles_fts, 10.0, 1.0, 1.0, 1.0%s) FROM articles_fts"
      " WHERE articles_fts MATCH ?1",
      hits >= 0 ? ", ?2" : "");
  CHECK(sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK, "%s",
        sqlite3_errmsg(db));
  sqlite3_free(sql);
  if (hits >= 0) sqlite3_bind_int64(st, 2, hits);
  sqlite3_bind_text(st, 1, query, -1, SQLITE_STATIC);
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    rows++;
    double want = sqlite3_column_double(st, 1);
    double got = sqlite3_column_double(st, 2);
    if (got != want && differ++ < 3)
      CHECK(got == want, "%s, %s, rowid %lld: ns_bm25 %.17g, bm25 %.17g", when,
            query, (long long)sqlite3_column_int64(st, 0), got, want);
  }
  CHECK(rc == SQLITE_DONE, "%s: %s", query, sqlite3_errmsg(db));
  CHECK(differ == 0, "%s, %s: %d of %d rows differ", when, query, differ, rows);
  sqlite3_finalize(st);
  return rows;
}

/* True when ns_bm25 given a wrong row count scores "금리" unlike bm25(). */
static int compare_quiet_differs(sqlite3 *db, const char *query) {
  sqlite3_stmt *st = NULL;
  int differs = 0;
  if (sqlite3_prepare_v2(db,
                         "SELECT bm25(articles_fts, 10.0, 1.0) !="
                         " ns_bm25(articles_fts, 10.0, 1.0, 1.0, 1.0, 1) FROM"
                         " articles_fts WHERE articles_fts MATCH ?1 LIMIT 1",
                         -1, &st, NULL) == SQLITE_OK) {
    sqlite3_bind_text(st, 1, query, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) differs = sqlite3_column_int(st, 0);
  }
  sqlite3_finalize(st);
  return differs;
}

/* Rows of query where ns_bm25 with the rank groups spec scores unlike
 * bm25(); -1 when the statement fails. */
static int groups_differ(sqlite3 *db, const char *query, const char *spec) {
  sqlite3_stmt *st = NULL;
  int differ = -1;
  if (sqlite3_prepare_v2(db,
                         "SELECT bm25(articles_fts, 10.0, 1.0),"
                         " ns_bm25(articles_fts, 10.0, 1.0, 1.0, 1.0, ?2)"
                         " FROM articles_fts WHERE articles_fts MATCH ?1",
                         -1, &st, NULL) == SQLITE_OK) {
    sqlite3_bind_text(st, 1, query, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, spec, -1, SQLITE_STATIC);
    differ = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
      differ += sqlite3_column_double(st, 0) != sqlite3_column_double(st, 1);
    if (rc != SQLITE_DONE) differ = -1;
  }
  sqlite3_finalize(st);
  return differ;
}

/* Rank groups (the spellings of one word as one term): phrases each in a
 * group of their own score as bm25() to the bit; grouped, they do not. */
static void compare_groups(sqlite3 *db, const char *when) {
  static const char two[] = "\"금리\" OR \"환율\"";
  CHECK(groups_differ(db, two, "1000,1001") == 0, "%s: singleton groups", when);
  CHECK(groups_differ(db, "\"금리\" AND \"환율\"", "1000,1001") == 0,
        "%s: singleton groups, AND", when);
  CHECK(groups_differ(db, two, "0,0e") > 0, "%s: a group changes nothing",
        when);
  /* a spec that does not name every phrase is ignored */
  CHECK(groups_differ(db, two, "0") == 0, "%s: a short spec", when);
}

static void compare_all(sqlite3 *db, const char *when) {
  compare_groups(db, when);
  int total = 0;
  for (size_t i = 0; i < sizeof queries / sizeof *queries; i++)
    total += compare(db, queries[i], -1, when);
  CHECK(total > 1000, "%s: only %d rows compared", when, total);
  char with_count[128];
  snprintf(with_count, sizeof with_count, "%s, row count given", when);
  char with_half[128];
  snprintf(with_half, sizeof with_half, "%s, rows counted to half", when);
  for (size_t i = 0; i < sizeof one_phrase_queries / sizeof *one_phrase_queries;
       i++) {
    long long all = count_rows(db, one_phrase_queries[i]);
    compare(db, one_phrase_queries[i], all, with_count);
    compare(db, one_phrase_queries[i],
            phrase_rows(db, one_phrase_queries[i], all), with_half);
  }
  CHECK(stopped_at_half > 0, "%s: no query matched half of the rows", when);
  stopped_at_half = 0;
  /* A wrong count gives a different score: the argument is used. */
  CHECK(compare_quiet_differs(db, "\"금리\""),
        "%s: ns_bm25 ignored the row count", when);
}

/* The news_*.jsonl files of dir into paths; returns how many. */
static int news_files(const char *dir, char **paths, int max) {
  DIR *d = opendir(dir);
  int n = 0;
  struct dirent *e;
  while (d && (e = readdir(d)) != NULL && n < max) {
    size_t len = strlen(e->d_name);
    if (strncmp(e->d_name, "news_", 5) == 0 && len > 6 &&
        strcmp(e->d_name + len - 6, ".jsonl") == 0) {
      paths[n] = malloc(strlen(dir) + len + 2);
      sprintf(paths[n++], "%s/%s", dir, e->d_name);
    }
  }
  if (d) closedir(d);
  return n;
}

int main(int argc, char **argv) {
  const char *shared = ns_corpus_dir_or_fail(argc, argv, "test_rank");
  if (shared == NULL || argc < 3) return 1;
  char db_path[4096];
  snprintf(db_path, sizeof db_path, "%s/test_rank.db", argv[2]);
  unlink(db_path);

  char *paths[32];
  int n = news_files(shared, paths, 32);
  CHECK(n > 0, "no news_*.jsonl in %s", shared);
  ns_store *s = NULL, *other = NULL;
  ns_error err = {0};
  ns_ingest_options opt = {0};
  ns_ingest_summary sum = {0};
  CHECK(ns_store_open(db_path, NS_STORE_WRITE, &s, &err) == 0, "%s",
        err.message);
  if (s == NULL) return ns_check_done("test_rank");
  CHECK(ns_ingest(s, paths, n, &opt, &sum, &err) == 0, "%s", err.message);
  CHECK(sum.added > 2000, "only %ld articles", sum.added);
  sqlite3 *db = ns_store_db(s);

  compare_all(db, "first");
  compare_all(db, "from the cache");

  /* Lengths change under the cache: this connection writes... */
  CHECK(sqlite3_exec(db,
                     "UPDATE articles SET body = body || ' 금리 장애 금리 정부'"
                     " WHERE id IN (SELECT rowid FROM articles_fts WHERE"
                     " articles_fts MATCH '\"금리\"' LIMIT 20)",
                     NULL, NULL, NULL) == SQLITE_OK,
        "%s", sqlite3_errmsg(db));
  compare_all(db, "after this connection's update");

  /* ...and so does another one. */
  CHECK(ns_store_open(db_path, NS_STORE_WRITE, &other, &err) == 0, "%s",
        err.message);
  if (other != NULL) {
    CHECK(sqlite3_exec(ns_store_db(other),
                       "UPDATE articles SET body = substr(body, 1, 40)"
                       " WHERE id IN (SELECT rowid FROM articles_fts WHERE"
                       " articles_fts MATCH '\"장애\" OR \"서울\"' LIMIT 50)",
                       NULL, NULL, NULL) == SQLITE_OK,
          "%s", sqlite3_errmsg(ns_store_db(other)));
    ns_store_close(other);
  }
  compare_all(db, "after another connection's update");

  ns_store_close(s);
  ns_ingest_summary_clear(&sum);
  for (int i = 0; i < n; i++)
    free(paths[i]);
  unlink(db_path);
  return ns_check_done("test_rank");
}
