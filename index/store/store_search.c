/*
 * store_search.c: the SQL of a search. Counting the matches of a MATCH
 * expression under the filters, and ranking one page of them, joined with
 * their articles only for the rows of the page.
 */
#include "store_search.h"
#include "store_int.h"

#include <stdio.h>
#include <string.h>

/* BM25 column weights (title, body), tuned on the dev sets; see
 * docs/RANKING.md. */
#define NS_WEIGHT_TITLE 10.0
#define NS_WEIGHT_BODY 1.0
/* The readings columns (Hanja read in Hangul) weigh a little less than the
 * text as written: where the matches are otherwise equal, the spelling a
 * reader typed ranks above its equivalent (미국 above 美). */
#define NS_WEIGHT_READINGS 0.8

/* The failure of a read: the stop at the deadline is not an error. */
static int read_failed(ns_store *s, ns_error *err) {
  if (s->deadline_spent) return NS_STORE_STOPPED;
  return ns_store_fail(s, "searching", err);
}

/* The WHERE clause of the filters, binding ?4 since, ?5 until, ?6 category,
 * written into buf. */
static const char *filters_sql(const ns_match_filters *f, char buf[256]) {
  snprintf(buf, 256, "%s%s%s", f->since[0] ? " AND a.published >= ?4" : "",
           f->until[0] ? " AND a.published <= ?5" : "",
           f->category ? " AND EXISTS (SELECT 1 FROM json_each(a.categories)"
                         " WHERE value = ?6)"
                       : "");
  return buf;
}

/* Binds ?1 expr, ?2 and ?3 the tiers' expressions (where the statement has
 * them), and the filters. */
static void bind_read(sqlite3_stmt *st, const char *expr,
                      const char *const tiers[2], const ns_match_filters *f) {
  sqlite3_bind_text(st, 1, expr, -1, SQLITE_STATIC);
  for (int i = 0; i < 2; i++)
    if (tiers[i] && sqlite3_bind_parameter_index(st, i == 0 ? "?2" : "?3"))
      sqlite3_bind_text(st, 2 + i, tiers[i], -1, SQLITE_STATIC);
  if (f->since[0]) sqlite3_bind_text(st, 4, f->since, -1, SQLITE_STATIC);
  if (f->until[0]) sqlite3_bind_text(st, 5, f->until, -1, SQLITE_STATIC);
  if (f->category) sqlite3_bind_text(st, 6, f->category, -1, SQLITE_STATIC);
}

int ns_store_count_matches(ns_store *s, const char *expr,
                           const ns_match_filters *f, long cap, long *n,
                           ns_error *err) {
  static const char *const no_tiers[2] = {NULL, NULL};
  char where[256];
  const char *filters = filters_sql(f, where);
  /* Without filters the index alone answers; the join costs a row read per
   * match. */
  char *sql = sqlite3_mprintf(
      "SELECT count(*) FROM (SELECT 1 FROM articles_fts%s WHERE articles_fts"
      " MATCH ?1%s LIMIT %ld)",
      filters[0] ? " JOIN articles a ON a.id = articles_fts.rowid" : "",
      filters, cap + 1);
  sqlite3_stmt *st = NULL;
  *n = -1;
  if (sql && sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) == SQLITE_OK) {
    bind_read(st, expr, no_tiers, f);
    if (sqlite3_step(st) == SQLITE_ROW) *n = (long)sqlite3_column_int64(st, 0);
  }
  int rc = *n >= 0 ? 0 : read_failed(s, err);
  sqlite3_finalize(st);
  sqlite3_free(sql);
  return rc;
}

int ns_store_count_phrase_rows(ns_store *s, const char *expr, long cap, long *n,
                               ns_error *err) {
  sqlite3_stmt *st = NULL;
  *n = -1;
  /* ns_phrase_rows (rank.c) counts the phrase's rows from its doclist. */
  if (sqlite3_prepare_v2(s->db,
                         "SELECT ns_phrase_rows(articles_fts, ?2) FROM"
                         " articles_fts WHERE articles_fts MATCH ?1 LIMIT 1",
                         -1, &st, NULL) == SQLITE_OK) {
    sqlite3_bind_text(st, 1, expr, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, cap + 1);
    int step = sqlite3_step(st);
    *n = step == SQLITE_ROW    ? (long)sqlite3_column_int64(st, 0)
         : step == SQLITE_DONE ? 0
                               : -1;
  }
  int rc = *n >= 0 ? 0 : read_failed(s, err);
  sqlite3_finalize(st);
  return rc;
}

/* The ranking's SQL (sqlite3_free it), or NULL when out of memory. */
static char *rank_sql(const ns_store *s, const ns_rank_query *q) {
  char where[256];
  const char *filters = filters_sql(q->filters, where);
  const char *order =
      q->sort_by_date ? "f.tier DESC, a.published DESC NULLS LAST, f.score, "
                        "f.id DESC"
                      : "f.tier DESC, f.score, a.published DESC, f.id DESC";
  const char *order_page =
      q->sort_by_date ? "page.tier DESC, page.published DESC NULLS LAST, "
                        "page.score, page.id DESC"
                      : "page.tier DESC, page.score, page.published DESC, "
                        "page.id DESC";
  const char *tier_sql =
      q->tier_exprs[1]
          ? "(articles_fts.rowid IN (SELECT rowid FROM articles_fts"
            " WHERE articles_fts MATCH ?2)) + (articles_fts.rowid IN"
            " (SELECT rowid FROM articles_fts WHERE articles_fts"
            " MATCH ?3))"
      : q->tier_exprs[0] ? "(articles_fts.rowid IN (SELECT rowid FROM "
                           "articles_fts WHERE articles_fts MATCH ?2))"
                         : "0";
  char weights[96], hits[32] = "";
  /* groups hold only digits, commas, 'e' and 'w' (checked): a safe
   * literal */
  int groups_ok = q->groups != NULL && q->groups[0] != '\0' &&
                  strspn(q->groups, "0123456789,ew") == strlen(q->groups);
  if (ns_store_has_readings(s))
    snprintf(weights, sizeof weights, "%f, %f, %f, %f", NS_WEIGHT_TITLE,
             NS_WEIGHT_BODY, NS_WEIGHT_TITLE * NS_WEIGHT_READINGS,
             NS_WEIGHT_BODY * NS_WEIGHT_READINGS);
  else
    snprintf(weights, sizeof weights, "%f, %f", NS_WEIGHT_TITLE,
             NS_WEIGHT_BODY);
  if (q->expr_rows >= 0) snprintf(hits, sizeof hits, ", %ld", q->expr_rows);
  char *matches = sqlite3_mprintf(
      "SELECT rowid AS id, ns_bm25(articles_fts, %s%s%s%s%s) AS score,"
      " %s AS tier FROM articles_fts WHERE articles_fts MATCH ?1",
      weights, hits, groups_ok ? ", '" : "", groups_ok ? q->groups : "",
      groups_ok ? "'" : "", tier_sql);
  char *ranked = matches;
  if (matches && !q->sort_by_date && filters[0] == '\0') {
    /* Ranked by relevance with no filter, the best matches are found in
     * the index alone; only they (and a margin for ties on score, which
     * then go to the newest) are joined with their articles. Otherwise
     * every match needs its article's date or categories. The newest
     * matches only, ranked among themselves: FTS5 walks the matches from
     * the highest rowid down and stops there. */
    int end = q->offset + q->limit + NS_RANK_TIE_MARGIN;
    ranked =
        q->newest > 0
            ? sqlite3_mprintf("SELECT * FROM (%s ORDER BY rowid DESC LIMIT "
                              "%d) ORDER BY tier DESC, score LIMIT %d",
                              matches, q->newest, end)
            : sqlite3_mprintf("%s ORDER BY tier DESC, score LIMIT %d", matches,
                              end);
    sqlite3_free(matches);
  }
  /* The page is chosen first, sorting only ids and keys; the articles'
   * text is read for the page alone, not for every match. The first
   * category is read by SQLite's JSON functions: quotes and backslashes in
   * a name come back as they were stored. */
  char *sql =
      ranked ? sqlite3_mprintf(
                   "SELECT a.key, a.title, a.url, a.published,"
                   " CASE WHEN json_valid(a.categories)"
                   " THEN json_extract(a.categories, '$[0]') END, a.body,"
                   " page.score FROM (SELECT f.id, f.score, f.tier, a.published"
                   " FROM (%s) f JOIN articles a ON a.id = f.id WHERE 1%s "
                   "ORDER BY %s"
                   " LIMIT %d OFFSET %d) page JOIN articles a ON a.id = page.id"
                   " ORDER BY %s",
                   ranked, filters, order, q->limit, q->offset, order_page)
             : NULL;
  sqlite3_free(ranked);
  return sql;
}

int ns_store_rank_page(ns_store *s, const ns_rank_query *q,
                       ns_ranked_row_fn each, void *ctx, long *scored,
                       ns_error *err) {
  char *sql = rank_sql(s, q);
  sqlite3_stmt *st = NULL;
  int step = SQLITE_NOMEM, stopped_by_caller = 0, delivered = 0;
  s->rank_rows->scored = 0;
  s->rank_rows->max = q->stop_after;
  if (sql && sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) == SQLITE_OK) {
    bind_read(st, q->expr, q->tier_exprs, q->filters);
    while (delivered < q->limit && (step = sqlite3_step(st)) == SQLITE_ROW) {
      ns_ranked_row row = {
          (const char *)sqlite3_column_text(st, 0),
          (const char *)sqlite3_column_text(st, 1),
          (const char *)sqlite3_column_text(st, 2),
          (const char *)sqlite3_column_text(st, 3),
          (const char *)sqlite3_column_text(st, 4),
          (const char *)sqlite3_column_text(st, 5),
          sqlite3_column_bytes(st, 5),
          -sqlite3_column_double(st, 6),
      };
      delivered++;
      if ((stopped_by_caller = each(ctx, &row)) != 0) break;
    }
    if (delivered == q->limit) step = SQLITE_DONE;
  }
  long n = (long)s->rank_rows->scored;
  s->rank_rows->max = 0;
  if (scored) *scored = n;
  int rc = 0;
  if (stopped_by_caller) {
    rc = -1;
    ns_error_set(err, NS_ERR_NOMEM, "[search] out of memory");
  } else if (step != SQLITE_DONE) {
    /* past stop_after: the end the caller asked for */
    rc = q->stop_after > 0 && n > q->stop_after ? 0 : read_failed(s, err);
  }
  sqlite3_finalize(st);
  sqlite3_free(sql);
  return rc;
}

int ns_store_read_begin(ns_store *s) {
  return sqlite3_get_autocommit(s->db) &&
         sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
}

void ns_store_read_end(ns_store *s) {
  sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
}
