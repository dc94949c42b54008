/*
 * store_search.c: the SQL of a search. Counting the matches of a MATCH
 * expression under the filters, and ranking one page of them, joined with
 * their articles only for the rows of the page.
 */
#include "store_search.h"
#include "store_int.h"

#include <limits.h>
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

/* " AND ns_partial(articles_fts, 'spec')" for a spec of the characters
 * ns_query_partial_spec writes (checked: a safe literal), else "". */
static char *partial_sql(const char *spec) {
  if (spec == NULL || spec[0] == '\0' ||
      strspn(spec, "0123456789:,ax") != strlen(spec))
    return sqlite3_mprintf("");
  return sqlite3_mprintf(" AND ns_partial(articles_fts, '%s')", spec);
}

int ns_store_count_matches(ns_store *s, const char *expr,
                           const ns_match_filters *f, const char *partial_spec,
                           long cap, long *n, ns_error *err) {
  static const char *const no_tiers[2] = {NULL, NULL};
  char where[256];
  const char *filters = filters_sql(f, where);
  /* Without filters the index alone answers; the join costs a row read per
   * match. */
  char *partial = partial_sql(partial_spec);
  char *sql =
      partial
          ? sqlite3_mprintf("SELECT count(*) FROM (SELECT 1 FROM articles_fts%s"
                            " WHERE articles_fts MATCH ?1%s%s LIMIT %ld)",
                            filters[0] ? " JOIN articles a ON a.id ="
                                         " articles_fts.rowid"
                                       : "",
                            partial, filters, cap + 1)
          : NULL;
  sqlite3_free(partial);
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

/* True when q ranks only a window of its best matches, found in the index
 * alone: by relevance, without filters (which need every match's
 * article). */
static int ranks_a_window(const ns_rank_query *q) {
  const ns_match_filters *f = q->filters;
  return q->sort == NS_SORT_RELEVANCE && !f->since[0] && !f->until[0] &&
         f->category == NULL;
}

/* The ORDER BY of q's sort over rows whose ranking columns (tier, score,
 * id) are named with prefix r and whose date with prefix a, into buf.
 * Ties go to the newest article, then to the latest added. sort=recent
 * orders by log(relevance) - age * ln 2 / half-life, that is relevance
 * halved every half-life of age; the time the search runs adds the same
 * to every article, so the key needs only the article's date. */
static const char *order_sql(const ns_rank_query *q, const char *r,
                             const char *a, char buf[320]) {
  switch (q->sort) {
  case NS_SORT_NEWEST:
    snprintf(buf, 320,
             "%stier DESC, %spublished DESC NULLS LAST, %sscore, %sid DESC", r,
             a, r, r);
    break;
  case NS_SORT_OLDEST:
    snprintf(buf, 320,
             "%stier DESC, %spublished ASC NULLS LAST, %sscore, %sid DESC", r,
             a, r, r);
    break;
  case NS_SORT_RECENT:
    snprintf(buf, 320,
             "%stier DESC, ln(max(-%sscore, 1e-12)) + julianday(%spublished)"
             " * %.17g DESC NULLS LAST, %sscore, %sid DESC",
             r, r, a, 0.6931471805599453 / q->half_life_days, r, r);
    break;
  default:
    snprintf(buf, 320, "%stier DESC, %sscore, %spublished DESC, %sid DESC", r,
             r, a, r);
  }
  return buf;
}

/* The ranking's SQL (sqlite3_free it) with a window of `window` of the
 * best matches where one applies (see below), or NULL when out of
 * memory. */
static char *rank_sql(const ns_store *s, const ns_rank_query *q, int window) {
  char where[256];
  const char *filters = filters_sql(q->filters, where);
  int collapse = q->collapse && ns_store_has_stories(s);
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
  char *partial = partial_sql(q->partial_spec);
  char *matches =
      partial ? sqlite3_mprintf("SELECT rowid AS id, ns_bm25(articles_fts, "
                                "%s%s%s%s%s) AS score, %s AS tier FROM"
                                " articles_fts WHERE articles_fts MATCH ?1%s",
                                weights, hits, groups_ok ? ", '" : "",
                                groups_ok ? q->groups : "",
                                groups_ok ? "'" : "", tier_sql, partial)
              : NULL;
  sqlite3_free(partial);
  char *ranked = matches;
  if (matches && ranks_a_window(q)) {
    /* Ranked by relevance with no filter, the best matches are found in
     * the index alone; only they (and a margin for ties on score, which
     * then go to the newest) are joined with their articles. Otherwise
     * every match needs its article's date or categories. The newest
     * matches only, ranked among themselves: FTS5 walks the matches from
     * the highest rowid down and stops there. */
    ranked =
        q->newest > 0
            ? sqlite3_mprintf("SELECT * FROM (%s ORDER BY rowid DESC LIMIT "
                              "%d) ORDER BY tier DESC, score LIMIT %d",
                              matches, q->newest, window)
            : sqlite3_mprintf("%s ORDER BY tier DESC, score LIMIT %d", matches,
                              window);
    sqlite3_free(matches);
  }
  char order_f[320], order_bare[320], order_page[320];
  order_sql(q, "f.", "a.", order_f);
  order_sql(q, "", "", order_bare);
  order_sql(q, "page.", "page.", order_page);
  const char *story = collapse ? "coalesce(a.story, a.id)" : "a.id";
  /* The page is chosen first, sorting only ids and keys; the articles'
   * text is read for the page alone, not for every match. With copies
   * collapsed, each story keeps its best-ranked copy (the first by the
   * page's own order) before the page is cut. */
  char *chosen =
      ranked == NULL ? NULL
      : collapse
          ? sqlite3_mprintf(
                "SELECT id, score, tier, published, story FROM (SELECT f.id,"
                " f.score, f.tier, a.published, %s AS story, row_number()"
                " OVER (PARTITION BY %s ORDER BY %s) AS copy FROM (%s) f"
                " JOIN articles a ON a.id = f.id WHERE 1%s) WHERE copy = 1"
                " ORDER BY %s LIMIT %d OFFSET %d",
                story, story, order_f, ranked, filters, order_bare, q->limit,
                q->offset)
          : sqlite3_mprintf("SELECT f.id, f.score, f.tier, a.published,"
                            " %s AS story FROM (%s) f JOIN articles a"
                            " ON a.id = f.id WHERE 1%s ORDER BY %s"
                            " LIMIT %d OFFSET %d",
                            story, ranked, filters, order_f, q->limit,
                            q->offset);
  sqlite3_free(ranked);
  /* The first category is read by SQLite's JSON functions: quotes and
   * backslashes in a name come back as they were stored. */
  char *sql =
      chosen ? sqlite3_mprintf("SELECT a.key, a.title, a.url, a.published,"
                               " CASE WHEN json_valid(a.categories)"
                               " THEN json_extract(a.categories, '$[0]') END,"
                               " a.body, page.score, page.tier, page.story,"
                               " page.id FROM (%s) page JOIN articles a"
                               " ON a.id = page.id ORDER BY %s",
                               chosen, order_page)
             : NULL;
  sqlite3_free(chosen);
  return sql;
}

/* One pass of ns_store_rank_page with the given window; *delivered counts
 * the rows given to each, *scored the matches scored. Returns the last
 * sqlite3_step() result, or -1 when each stopped the page. */
static int rank_pass(ns_store *s, const ns_rank_query *q, int window,
                     ns_ranked_row_fn each, void *ctx, int *delivered,
                     long *scored) {
  char *sql = rank_sql(s, q, window);
  sqlite3_stmt *st = NULL;
  int step = SQLITE_NOMEM;
  *delivered = 0;
  s->rank_rows->scored = 0;
  s->rank_rows->max = q->stop_after;
  if (sql && sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) == SQLITE_OK) {
    bind_read(st, q->expr, q->tier_exprs, q->filters);
    while (*delivered < q->limit && (step = sqlite3_step(st)) == SQLITE_ROW) {
      ns_ranked_row row = {
          (const char *)sqlite3_column_text(st, 0),
          (const char *)sqlite3_column_text(st, 1),
          (const char *)sqlite3_column_text(st, 2),
          (const char *)sqlite3_column_text(st, 3),
          (const char *)sqlite3_column_text(st, 4),
          (const char *)sqlite3_column_text(st, 5),
          sqlite3_column_bytes(st, 5),
          -sqlite3_column_double(st, 6),
          sqlite3_column_int(st, 7),
          sqlite3_column_int64(st, 8),
          sqlite3_column_int64(st, 9),
      };
      ++*delivered;
      if (each(ctx, &row) != 0) {
        step = -1;
        break;
      }
    }
    if (step != -1 && *delivered == q->limit) step = SQLITE_DONE;
  }
  *scored = (long)s->rank_rows->scored;
  s->rank_rows->max = 0;
  sqlite3_finalize(st);
  sqlite3_free(sql);
  return step;
}

int ns_store_rank_page(ns_store *s, const ns_rank_query *q,
                       ns_ranked_row_fn each, void *ctx, long *scored,
                       ns_error *err) {
  /* Copies collapsed, a window of the best matches can hold fewer stories
   * than the page needs: it is widened (4, 16, 64... times the page) until
   * the page is full or the window holds every match. A wider window only
   * adds matches ranked below the narrower one's, so the rows delivered
   * stand and the next pass starts after them. */
  int page_end = q->offset + q->limit;
  long factor =
      ranks_a_window(q) && q->collapse && ns_store_has_stories(s) ? 4 : 1;
  ns_rank_query pass = *q;
  long n = 0;
  int step;
  for (;;) {
    long w = (long)page_end * factor + NS_RANK_TIE_MARGIN;
    int window = w > INT_MAX / 2 ? INT_MAX / 2 : (int)w, delivered = 0;
    step = rank_pass(s, &pass, window, each, ctx, &delivered, &n);
    pass.offset += delivered;
    pass.limit -= delivered;
    if (step != SQLITE_DONE || pass.limit == 0 || factor == 1 || n <= window ||
        window == INT_MAX / 2)
      break;
    factor *= 4;
  }
  if (scored) *scored = n;
  if (step == -1) {
    /* each stopped the page: out of memory, unless it said why */
    if (err == NULL || err->message[0] == '\0')
      ns_error_set(err, NS_ERR_NOMEM, "[search] out of memory");
    return -1;
  }
  /* past stop_after: the end the caller asked for */
  if (step != SQLITE_DONE && !(q->stop_after > 0 && n > q->stop_after))
    return read_failed(s, err);
  return 0;
}

int ns_store_story_copies(ns_store *s, const char *expr,
                          const ns_match_filters *f, sqlite3_int64 story,
                          sqlite3_int64 self, int max_keys,
                          int (*each)(void *ctx, const char *key), void *ctx,
                          long *n, ns_error *err) {
  *n = 0;
  /* one statement per combination of filters, kept for the next hit */
  int shape =
      (f->since[0] != 0) | (f->until[0] != 0) << 1 | (f->category != NULL) << 2;
  sqlite3_stmt **st = &s->story_copies[shape];
  if (*st == NULL) {
    char where[256];
    char *sql = sqlite3_mprintf(
        "SELECT a.key FROM articles a WHERE (a.story = ?2 OR a.id = ?2)"
        " AND a.id != ?3%s AND EXISTS (SELECT 1 FROM articles_fts WHERE"
        " articles_fts MATCH ?1 AND articles_fts.rowid = a.id)"
        " ORDER BY a.published DESC, a.id DESC LIMIT 100",
        filters_sql(f, where));
    int rc = sql ? sqlite3_prepare_v2(s->db, sql, -1, st, NULL) : SQLITE_NOMEM;
    sqlite3_free(sql);
    if (rc != SQLITE_OK) return read_failed(s, err);
  }
  static const char *const no_tiers[2] = {NULL, NULL};
  bind_read(*st, expr, no_tiers, f);
  sqlite3_bind_int64(*st, 2, story);
  sqlite3_bind_int64(*st, 3, self);
  int step, stopped = 0;
  while ((step = sqlite3_step(*st)) == SQLITE_ROW)
    if ((*n)++ < max_keys &&
        (stopped = each(ctx, (const char *)sqlite3_column_text(*st, 0))) != 0)
      break;
  sqlite3_reset(*st);
  sqlite3_clear_bindings(*st);
  if (stopped) {
    ns_error_set(err, NS_ERR_NOMEM, "[search] out of memory");
    return -1;
  }
  return step == SQLITE_DONE ? 0 : read_failed(s, err);
}

int ns_store_read_begin(ns_store *s) {
  return sqlite3_get_autocommit(s->db) &&
         sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
}

void ns_store_read_end(ns_store *s) {
  sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
}
