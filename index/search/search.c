/*
 * search.c: a query against the store. Three levels of matching are used,
 * in one ranked list: articles with every word as typed come first, then
 * those that match only with a space inside a long Hangul word (고용노동부 ~
 * 고용 노동부), and, when those fill less than a page, articles that match
 * part of the query (questions), ranked by BM25 over all of its bigrams.
 */
#include "search_int.h"

#include "newssearch/clock.h"
#include "newssearch/parse.h"
#include "newssearch/snippet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* BM25 column weights (title, body), tuned on the dev sets; see
 * docs/RANKING.md. */
#define NS_WEIGHT_TITLE 10.0
#define NS_WEIGHT_BODY 1.0
#define NS_SNIPPET_CHARS 150
/* Matches ranked past the page's end before their articles are joined:
 * matches tied on score go to the newest article, which takes its date
 * from the articles table, and a run of ties at the page's edge can reach
 * past it. The margin bounds how far such a run is followed, at the cost
 * of joining that many more rows per page. */
#define NS_SEARCH_TIE_MARGIN 64

typedef struct search_sql {
  char *expr_main, *expr_strict, *expr_spaced;
  /* When expr_main is one phrase counted by ns_phrase_rows: that count,
   * which BM25's IDF needs and ns_bm25 then does not count again; else -1. */
  long main_hits;
  char since[NS_DATE_LEN], until[NS_DATE_LEN];
  const char *category;
} search_sql;

static int oom(ns_error *err) {
  ns_error_set(err, NS_ERR_NOMEM, "[search] out of memory");
  return -1;
}

static int bad_param(ns_error *err, const char *msg) {
  ns_error_set(err, NS_ERR_QUERY, "[query] %s", msg);
  return -1;
}

/* Normalizes --since and --until; a date alone in --until means the whole
 * day, so --since 2025-03-14 --until 2025-03-14 is that day. */
static int read_dates(const ns_search_params *p, search_sql *q, ns_error *err) {
  q->since[0] = q->until[0] = '\0';
  if (p->since && p->since[0] && ns_date_normalize(p->since, q->since) != 0)
    return bad_param(err, "since: not a date (use YYYY-MM-DD, optionally "
                          "with a time and zone)");
  if (p->until && p->until[0]) {
    if (ns_date_normalize(p->until, q->until) != 0)
      return bad_param(err, "until: not a date (use YYYY-MM-DD, optionally "
                            "with a time and zone)");
    if (strlen(p->until) <= 10) memcpy(q->until + 11, "23:59:59Z", 10);
  }
  return 0;
}

/* The WHERE clause of the filters, binding ?4 since, ?5 until, ?6 category,
 * written into buf. */
static const char *filters_sql(const search_sql *q, char buf[256]) {
  snprintf(buf, 256, "%s%s%s", q->since[0] ? " AND a.published >= ?4" : "",
           q->until[0] ? " AND a.published <= ?5" : "",
           q->category ? " AND EXISTS (SELECT 1 FROM json_each(a.categories)"
                         " WHERE value = ?6)"
                       : "");
  return buf;
}

static void bind_common(sqlite3_stmt *st, const search_sql *q) {
  sqlite3_bind_text(st, 1, q->expr_main, -1, SQLITE_STATIC);
  if (sqlite3_bind_parameter_index(st, "?2"))
    sqlite3_bind_text(st, 2, q->expr_strict, -1, SQLITE_STATIC);
  if (sqlite3_bind_parameter_index(st, "?3"))
    sqlite3_bind_text(st, 3, q->expr_spaced, -1, SQLITE_STATIC);
  if (q->since[0]) sqlite3_bind_text(st, 4, q->since, -1, SQLITE_STATIC);
  if (q->until[0]) sqlite3_bind_text(st, 5, q->until, -1, SQLITE_STATIC);
  if (q->category) sqlite3_bind_text(st, 6, q->category, -1, SQLITE_STATIC);
}

/* Hits of expr (bound as ?1) under the filters, counted up to the cap. */
static long count_hits(ns_store *s, const search_sql *q, const char *expr,
                       ns_error *err) {
  char where[256];
  const char *filters = filters_sql(q, where);
  /* Without filters the index alone answers; the join costs a row read per
   * match. */
  char *sql = sqlite3_mprintf(
      "SELECT count(*) FROM (SELECT 1 FROM articles_fts%s WHERE articles_fts"
      " MATCH ?1%s LIMIT %d)",
      filters[0] ? " JOIN articles a ON a.id = articles_fts.rowid" : "",
      filters, NS_SEARCH_EXACT_TOTAL + 1);
  sqlite3_stmt *st = NULL;
  long n = -1;
  search_sql one = *q;
  one.expr_main = (char *)expr;
  if (sql &&
      sqlite3_prepare_v2(ns_store_db(s), sql, -1, &st, NULL) == SQLITE_OK) {
    bind_common(st, &one);
    if (sqlite3_step(st) == SQLITE_ROW) n = (long)sqlite3_column_int64(st, 0);
  }
  if (n < 0) ns_store_fail(s, "searching", err);
  sqlite3_finalize(st);
  sqlite3_free(sql);
  return n;
}

/* The rows of expr, a single phrase without filters: exact up to the cap
 * and as BM25's document frequency (see ns_phrase_rows in rank.c). */
static long count_phrase_rows(ns_store *s, const char *expr, ns_error *err) {
  sqlite3_stmt *st = NULL;
  long n = -1;
  if (sqlite3_prepare_v2(ns_store_db(s),
                         "SELECT ns_phrase_rows(articles_fts, ?2) FROM"
                         " articles_fts WHERE articles_fts MATCH ?1 LIMIT 1",
                         -1, &st, NULL) == SQLITE_OK) {
    sqlite3_bind_text(st, 1, expr, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, NS_SEARCH_EXACT_TOTAL + 1);
    int rc = sqlite3_step(st);
    n = rc == SQLITE_ROW    ? (long)sqlite3_column_int64(st, 0)
        : rc == SQLITE_DONE ? 0
                            : -1;
  }
  if (n < 0) ns_store_fail(s, "searching", err);
  sqlite3_finalize(st);
  return n;
}

static int no_filters(const search_sql *q) {
  return !q->since[0] && !q->until[0] && !q->category;
}

static int one_phrase(const ns_query *qp, const search_sql *q) {
  return qp->n == 1 && !qp->terms[0].negated && !qp->terms[0].title_only &&
         no_filters(q);
}

/* Counts expr (a match expression as typed) for the total and, when it is
 * one phrase, as BM25's document frequency as well: *as becomes q with
 * expr as its main expression and that count as main_hits. */
static long count_as_typed(ns_store *s, const ns_query *qp, const search_sql *q,
                           char *expr, search_sql *as, ns_error *err) {
  int all = one_phrase(qp, q);
  long n = all ? count_phrase_rows(s, expr, err) : count_hits(s, q, expr, err);
  *as = *q;
  as->expr_main = expr;
  as->main_hits = all ? n : -1;
  return n;
}

static char *dup_col(sqlite3_stmt *st, int col) {
  const char *v = (const char *)sqlite3_column_text(st, col);
  return v ? strdup(v) : NULL;
}

/* The terms to mark: positive ones; title-only ones in titles only. */
static int mark_terms(const ns_query *qp, int for_title, ns_mark_term *out) {
  int n = 0;
  for (int i = 0; i < qp->n; i++) {
    const ns_query_term *t = &qp->terms[i];
    if (t->negated || (t->title_only && !for_title)) continue;
    out[n].text = t->text;
    out[n].len = strlen(t->text);
    out[n].prefix = t->prefix;
    n++;
  }
  return n;
}

static int fill_hit(ns_hit *h, sqlite3_stmt *st, const ns_query *qp,
                    const ns_search_params *p) {
  ns_mark_term terms[NS_QUERY_MAX_TERMS];
  ns_snippet_style title_style = {0, p->mark_open, p->mark_close,
                                  p->escape_html};
  ns_snippet_style body_style = title_style;
  body_style.window_chars =
      p->snippet_chars > 0 ? p->snippet_chars : NS_SNIPPET_CHARS;
  h->id = dup_col(st, 0);
  h->title = dup_col(st, 1);
  h->url = dup_col(st, 2);
  h->date = dup_col(st, 3);
  h->category = dup_col(st, 4);
  h->score = -sqlite3_column_double(st, 6);
  const char *title = h->title ? h->title : "";
  const char *body = (const char *)sqlite3_column_text(st, 5);
  int body_len = sqlite3_column_bytes(st, 5);
  int nt = mark_terms(qp, 1, terms);
  h->title_highlighted =
      ns_snippet_build(title, strlen(title), terms, nt, &title_style);
  nt = mark_terms(qp, 0, terms);
  h->snippet = ns_snippet_build(body ? body : "", body ? (size_t)body_len : 0,
                                terms, nt, &body_style);
  return h->id && h->title && h->title_highlighted && h->snippet ? 0 : -1;
}

/* What every step of one search works with. */
typedef struct search_exec {
  ns_store *s;
  const ns_search_params *p;
  const ns_query *qp;
  ns_search_result *out;
  ns_error *err;
} search_exec;

/* One page fetch, a step of the plan: which expressions rank, how the
 * ranking is narrowed, and which of its rows are returned. */
typedef struct page_plan {
  const search_sql *q; /* the expressions (main, strict, spaced), filters */
  int tiers;           /* spelling tiers ranked above the rest: 0, 1 or 2 */
  int newest;          /* only the newest this many matches; 0: all */
  int offset, limit;   /* the rows of the ranking returned */
} page_plan;

/* The page of hits. Tiers put exact spellings above spacing variants above
 * partial matches; within a tier, relevance (or date), then newest first. */
static int fetch_page(const search_exec *x, const page_plan *pp) {
  ns_store *s = x->s;
  const ns_search_params *p = x->p;
  const ns_query *qp = x->qp;
  ns_search_result *out = x->out;
  ns_error *err = x->err;
  const search_sql *q = pp->q;
  int tiers = pp->tiers, newest = pp->newest;
  int offset = pp->offset, limit = pp->limit;
  char where[256];
  const char *order =
      p->sort_by_date ? "f.tier DESC, a.published DESC NULLS LAST, f.score, "
                        "f.id DESC"
                      : "f.tier DESC, f.score, a.published DESC, f.id DESC";
  const char *order_page =
      p->sort_by_date ? "page.tier DESC, page.published DESC NULLS LAST, "
                        "page.score, page.id DESC"
                      : "page.tier DESC, page.score, page.published DESC, "
                        "page.id DESC";
  const char *tier_sql =
      tiers == 2   ? "(articles_fts.rowid IN (SELECT rowid FROM articles_fts"
                     " WHERE articles_fts MATCH ?2)) + (articles_fts.rowid IN"
                     " (SELECT rowid FROM articles_fts WHERE articles_fts"
                     " MATCH ?3))"
      : tiers == 1 ? "(articles_fts.rowid IN (SELECT rowid FROM articles_fts"
                     " WHERE articles_fts MATCH ?2))"
                   : "0";
  const char *filters = filters_sql(q, where);
  /* Ranked by relevance with no filter, the best matches are found in the
   * index alone; only they (and a margin for ties on score, which then go
   * to the newest) are joined with their articles. Otherwise every match
   * needs its article's date or categories. */
  char hits[32] = "";
  if (q->main_hits >= 0) snprintf(hits, sizeof hits, ", %ld", q->main_hits);
  char *matches = sqlite3_mprintf(
      "SELECT rowid AS id, ns_bm25(articles_fts, %f, %f%s) AS score, %s AS tier"
      " FROM articles_fts WHERE articles_fts MATCH ?1",
      NS_WEIGHT_TITLE, NS_WEIGHT_BODY, hits, tier_sql);
  char *ranked = matches;
  if (matches && !p->sort_by_date && filters[0] == '\0') {
    /* The newest matches only (see NS_SEARCH_NEWEST), ranked among
     * themselves: FTS5 walks the matches from the highest rowid down and
     * stops there. */
    ranked =
        newest > 0
            ? sqlite3_mprintf("SELECT * FROM (%s ORDER BY rowid DESC LIMIT %d)"
                              " ORDER BY tier DESC, score LIMIT %d",
                              matches, newest,
                              offset + limit + NS_SEARCH_TIE_MARGIN)
            : sqlite3_mprintf("%s ORDER BY tier DESC, score LIMIT %d", matches,
                              offset + limit + NS_SEARCH_TIE_MARGIN);
    sqlite3_free(matches);
  }
  char *sql =
      ranked ? sqlite3_mprintf(
                   /* The page is chosen first, sorting only ids and keys; the
                    * articles' text is read for the page alone, not for every
                    * match. */
                   /* The first category, read by SQLite's JSON functions:
                    * quotes and backslashes in a name come back as they
                    * were stored. */
                   "SELECT a.key, a.title, a.url, a.published,"
                   " CASE WHEN json_valid(a.categories)"
                   " THEN json_extract(a.categories, '$[0]') END, a.body,"
                   " page.score FROM (SELECT f.id, f.score, f.tier, a.published"
                   " FROM (%s) f JOIN articles a ON a.id = f.id WHERE 1%s "
                   "ORDER BY %s"
                   " LIMIT %d OFFSET %d) page JOIN articles a ON a.id = page.id"
                   " ORDER BY %s",
                   ranked, filters, order, limit, offset, order_page)
             : NULL;
  sqlite3_free(ranked);
  sqlite3_stmt *st = NULL;
  int rc = -1;
  if (sql &&
      sqlite3_prepare_v2(ns_store_db(s), sql, -1, &st, NULL) == SQLITE_OK) {
    bind_common(st, q);
    if (out->hits == NULL)
      out->hits = calloc((size_t)p->limit, sizeof *out->hits);
    int step = SQLITE_NOMEM, oom = out->hits == NULL;
    while (!oom && out->n < p->limit && (step = sqlite3_step(st)) == SQLITE_ROW)
      oom = fill_hit(&out->hits[out->n++], st, qp, p) != 0;
    if (!oom && out->n == p->limit) step = SQLITE_DONE;
    rc = !oom && step == SQLITE_DONE ? 0 : -1;
    if (oom) ns_error_set(err, NS_ERR_NOMEM, "[search] out of memory");
  }
  if (rc != 0 && err->kind == NS_ERR_NONE) ns_store_fail(s, "searching", err);
  sqlite3_finalize(st);
  sqlite3_free(sql);
  return rc;
}

/* How many of the newest matches to rank (NS_SEARCH_NEWEST), or 0 for all
 * of them, for a query with n matches. */
static int newest_window(const ns_search_params *p, long n) {
  if (n <= NS_SEARCH_EXACT_TOTAL) return 0;
  int page_end = p->offset + p->limit + NS_SEARCH_TIE_MARGIN;
  return page_end > NS_SEARCH_NEWEST ? page_end : NS_SEARCH_NEWEST;
}

/* Ranks every match of q's main expression (no filters, by relevance)
 * without counting them first: ns_bm25 counts the rows it scores, and past
 * the exact-count cap it stops the ranking, which starts again over the
 * newest window. Returns the number of matches (the cap plus one when
 * there are more), or -1. */
static long fetch_counting(const search_exec *x, const search_sql *q) {
  const ns_search_params *p = x->p;
  ns_rank_rows *rows = x->s->rank_rows;
  rows->scored = 0;
  rows->max = NS_SEARCH_EXACT_TOTAL;
  int rc = fetch_page(x, &(page_plan){q, 0, 0, p->offset, p->limit});
  long n = (long)rows->scored;
  rows->max = 0;
  if (n <= NS_SEARCH_EXACT_TOTAL) return rc == 0 ? n : -1;
  ns_error_clear(x->err); /* the stop, not a failure */
  rc = fetch_page(x,
                  &(page_plan){q, 0, newest_window(p, n), p->offset, p->limit});
  return rc == 0 ? n : -1;
}

/* True for a query of one word matched as a prefix (a one-syllable word,
 * or one Latin word typed so far), the costliest kind to rank: its prefix
 * matches many index terms. */
static int qp_is_one_prefix_word(const ns_query *qp) {
  int words = 0, prefix = 0;
  for (int i = 0; i < qp->n; i++)
    if (!qp->terms[i].negated) {
      words++;
      prefix = qp->terms[i].prefix;
    }
  return words == 1 && prefix;
}

/* Whole-token matches first (손 standing alone or ending a word, kakao as
 * a word), then the prefix matches that are not whole tokens. Ranking the
 * small whole-token set answers most pages without scoring every prefix
 * match, and puts the better-placed matches on top. */
static int fetch_whole_words_first(const search_exec *x, search_sql *q) {
  ns_store *s = x->s;
  const ns_search_params *p = x->p;
  const ns_query *qp = x->qp;
  ns_search_result *out = x->out;
  ns_error *err = x->err;
  char *whole = ns_query_match_expr(qp, NS_MATCH_WHOLE_TOKENS);
  char *rest =
      whole ? sqlite3_mprintf("(%s) NOT (%s)", q->expr_main, whole) : NULL;
  int rc = -1;
  if (rest == NULL) {
    ns_error_set(err, NS_ERR_NOMEM, "[search] out of memory");
  } else {
    search_sql w;
    long n_whole = count_as_typed(s, qp, q, whole, &w, err);
    rc = n_whole < 0 ? -1 : 0;
    /* Every whole-token match is a prefix match too: past the exact-count
     * cap, the total is known to be a lower bound without counting the
     * prefix matches, the costliest part of a common syllable (이: 200 ms
     * of merging the doclists of every term that starts with it). */
    if (rc == 0 && n_whole > NS_SEARCH_EXACT_TOTAL) {
      out->total = NS_SEARCH_EXACT_TOTAL;
      out->total_is_lower_bound = 1;
    } else if (rc == 0) {
      long n = count_hits(s, q, q->expr_main, err);
      rc = n < 0 ? -1 : 0;
      out->total = n > NS_SEARCH_EXACT_TOTAL ? NS_SEARCH_EXACT_TOTAL : n;
      out->total_is_lower_bound = n > NS_SEARCH_EXACT_TOTAL;
    }
    if (rc == 0 && p->offset < n_whole)
      rc = fetch_page(x, &(page_plan){&w, 0, newest_window(p, n_whole),
                                      p->offset, p->limit});
    if (rc == 0 && out->n < p->limit) {
      w.expr_main = rest;
      w.main_hits = -1;
      long skip = p->offset > n_whole ? p->offset - n_whole : 0;
      rc = fetch_page(x, &(page_plan){&w, 0, 0, (int)skip, p->limit - out->n});
    }
  }
  free(whole);
  sqlite3_free(rest);
  return rc;
}

/* The page from the exact spellings alone (e: counted by count_as_typed). */
static int fetch_exact(const search_exec *x, const search_sql *e, long exact) {
  const ns_search_params *p = x->p;
  return fetch_page(
      x, &(page_plan){e, 0, newest_window(p, exact), p->offset, p->limit});
}

static int run(const search_exec *x, search_sql *q) {
  ns_store *s = x->s;
  const ns_search_params *p = x->p;
  const ns_query *qp = x->qp;
  ns_search_result *out = x->out;
  ns_error *err = x->err;
  int spaced = ns_query_has_spacing_variants(qp);
  q->expr_strict = ns_query_match_expr(qp, NS_MATCH_STRICT);
  q->expr_spaced = spaced ? ns_query_match_expr(qp, NS_MATCH_SPACED)
                          : strdup(q->expr_strict ? q->expr_strict : "");
  if (!q->expr_strict || !q->expr_spaced) return oom(err);
  if (qp_is_one_prefix_word(qp)) {
    q->expr_main = q->expr_spaced; /* one word: never relaxed */
    return fetch_whole_words_first(x, q);
  }
  /* Exact spellings rank above spacing variants, so they are counted
   * first: when they alone fill the page it is theirs, and past the cap
   * they also give the total's lower bound. The variants (one phrase per
   * place a space could go, often over very common bigrams: 대 한민국,
   * 이 사회) then need neither a count nor a ranking pass. */
  int words = 0;
  for (int i = 0; i < qp->n; i++)
    words += !qp->terms[i].negated;
  long exact = -1, matches;
  search_sql e;
  if (spaced) {
    exact = count_as_typed(s, qp, q, q->expr_strict, &e, err);
    if (exact < 0) return -1;
    if (exact > NS_SEARCH_EXACT_TOTAL && exact >= p->offset + p->limit) {
      out->total = NS_SEARCH_EXACT_TOTAL;
      out->total_is_lower_bound = 1;
      return fetch_exact(x, &e, exact);
    }
    matches = count_hits(s, q, q->expr_spaced, err);
  } else if (!one_phrase(qp, q) && no_filters(q) && !p->sort_by_date) {
    /* Several phrases (two words, a word and an excluded one): ranking
     * them scores every match anyway, so the count comes from it. */
    q->expr_main = q->expr_spaced;
    matches = fetch_counting(x, q);
    if (matches < 0) return -1;
    if (matches >= p->limit || words < 2) {
      out->total =
          matches > NS_SEARCH_EXACT_TOTAL ? NS_SEARCH_EXACT_TOTAL : matches;
      out->total_is_lower_bound = matches > NS_SEARCH_EXACT_TOTAL;
      return 0;
    }
    ns_search_result_clear(out); /* fewer than a page: relaxed below */
  } else {
    /* Without variants the spaced expression is the one as typed. */
    matches = count_as_typed(s, qp, q, q->expr_spaced, &e, err);
    q->main_hits = e.main_hits;
  }
  if (matches < 0) return -1;
  int tiers = spaced ? 1 : 0;
  out->total = matches;
  q->expr_main = q->expr_spaced;
  if (matches < p->limit && words >= 2) {
    /* Fewer than a page: fill it with partial matches, below the others.
     * Only for two or more words: part of a single word (카카오 of
     * 카카오뱅크) is not what its reader asked for. */
    q->expr_main = ns_query_match_expr(qp, NS_MATCH_RELAXED);
    if (q->expr_main == NULL) return oom(err);
    out->relaxed = 1;
    tiers = spaced ? 2 : 1;
    q->main_hits = -1;
    out->total = count_hits(s, q, q->expr_main, err);
    if (out->total < 0) return -1;
  }
  if (out->total > NS_SEARCH_EXACT_TOTAL) {
    out->total = NS_SEARCH_EXACT_TOTAL;
    out->total_is_lower_bound = 1;
  }
  if (!out->relaxed && tiers == 1 && exact >= p->offset + p->limit)
    return fetch_exact(x, &e, exact);
  int newest = out->relaxed || tiers ? 0 : newest_window(p, matches);
  return fetch_page(x, &(page_plan){q, tiers, newest, p->offset, p->limit});
}

/* The budget ran out in the middle of the plan: the page keeps the hits it
 * has; with none yet, it gets the newest matches of the query (partial
 * matches for one of several words), ranked among themselves, within a
 * second budget of half the first. The total is then a lower bound. */
static int answer_with_what_there_is(const search_exec *x, search_sql *q,
                                     ns_budget *b) {
  ns_store *s = x->s;
  const ns_search_params *p = x->p;
  const ns_query *qp = x->qp;
  ns_search_result *out = x->out;
  ns_error *err = x->err;
  int rc = 0;
  ns_error_clear(err);
  out->partial = 1;
  if (out->n == 0) {
    int words = 0;
    for (int i = 0; i < qp->n; i++)
      words += !qp->terms[i].negated;
    search_sql f = *q;
    f.expr_main =
        words >= 2 ? ns_query_match_expr(qp, NS_MATCH_RELAXED) : q->expr_spaced;
    f.main_hits = -1;
    if (f.expr_main == NULL) return oom(err);
    ns_budget_start(b, ns_store_db(s), p->budget_ms / 2);
    out->relaxed = words >= 2;
    rc = fetch_page(x, &(page_plan){&f, 0,
                                    p->offset + p->limit + NS_SEARCH_TIE_MARGIN,
                                    p->offset, p->limit});
    if (rc != 0 && b->spent) { /* nothing within the second budget either */
      ns_error_clear(err);
      rc = 0;
    }
    if (f.expr_main != q->expr_spaced) free(f.expr_main);
  }
  if (out->total < out->n) out->total = out->n;
  out->total_is_lower_bound = 1;
  return rc;
}

int ns_search(ns_store *s, const ns_search_params *p, ns_search_result *out,
              ns_error *err) {
  double t0 = ns_now_s() * 1e3;
  memset(out, 0, sizeof *out);
  if (p->limit < 1 || p->limit > 100)
    return bad_param(err, "limit must be from 1 to 100");
  if (p->offset < 0 || p->offset > NS_SEARCH_EXACT_TOTAL)
    return bad_param(err, "offset must be from 0 to 10000");
  search_sql q = {0};
  q.main_hits = -1;
  q.category = p->category && p->category[0] ? p->category : NULL;
  if (read_dates(p, &q, err) != 0) return -1;
  ns_query qp;
  if (ns_query_parse(p->query, p->query_len, &qp, err) != 0) return -1;
  ns_error_clear(err);
  /* One read transaction for the count and the page: both see the same
   * snapshot, and the WAL's read lock is taken once, not per statement. */
  sqlite3 *db = ns_store_db(s);
  int own_txn = sqlite3_get_autocommit(db) &&
                sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
  ns_budget b = {0};
  int narrowed = ns_budget_plan_prefixes(s, &qp, p->budget_ms);
  int rc = narrowed < 0 ? ns_store_fail(s, "searching", err) : 0;
  if (rc == 0) {
    ns_budget_start(&b, db, p->budget_ms);
    search_exec x = {s, p, &qp, out, err};
    rc = run(&x, &q);
    if (rc != 0 && b.spent) {
      ns_search_result kept = *out; /* what the plan found before the stop */
      search_exec kx = {s, p, &qp, &kept, err};
      rc = answer_with_what_there_is(&kx, &q, &b);
      *out = kept;
    }
    ns_budget_end(&b);
  }
  if (own_txn) sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
  if (rc != 0) ns_search_result_clear(out); /* nothing half-built escapes */
  if (narrowed > 0) out->partial = 1;
  if (q.expr_main != q.expr_spaced) free(q.expr_main);
  free(q.expr_strict);
  free(q.expr_spaced);
  ns_query_clear(&qp);
  out->took_ms = ns_now_s() * 1e3 - t0;
  return rc;
}

void ns_search_result_clear(ns_search_result *r) {
  for (int i = 0; i < r->n; i++) {
    ns_hit *h = &r->hits[i];
    free(h->id), free(h->title), free(h->title_highlighted), free(h->url);
    free(h->date), free(h->category), free(h->snippet);
  }
  free(r->hits);
  memset(r, 0, sizeof *r);
}
