/*
 * search.c: the executor of a search. The planner (search_plan.c) says
 * which read comes next; this runs it against the store
 * (store_search.h), tells the planner what it found, and builds each hit
 * of the page: its highlighted title and snippet.
 */
#include "search_int.h"
#include "search_plan.h"

#include "newssearch/clock.h"
#include "newssearch/parse.h"
#include "newssearch/snippet.h"
#include "newssearch/synonyms.h"
#include "newssearch/tokenizer.h"

#include <stdlib.h>
#include <string.h>

#define NS_SNIPPET_CHARS 150

static int bad_param(ns_error *err, const char *msg) {
  ns_error_set(err, NS_ERR_QUERY, "[query] %s", msg);
  return -1;
}

/* Normalizes --since and --until; a date alone in --until means the whole
 * day, so --since 2025-03-14 --until 2025-03-14 is that day. */
static int read_filters(const ns_search_params *p, ns_match_filters *f,
                        ns_error *err) {
  f->since[0] = f->until[0] = '\0';
  f->category = p->category && p->category[0] ? p->category : NULL;
  if (p->since && p->since[0] && ns_date_normalize(p->since, f->since) != 0)
    return bad_param(err, "since: not a date (use YYYY-MM-DD, optionally "
                          "with a time and zone)");
  if (p->until && p->until[0]) {
    if (ns_date_normalize(p->until, f->until) != 0)
      return bad_param(err, "until: not a date (use YYYY-MM-DD, optionally "
                            "with a time and zone)");
    if (strlen(p->until) <= 10) memcpy(f->until + 11, "23:59:59Z", 10);
  }
  return 0;
}

static char *dup_or_null(const char *v) { return v ? strdup(v) : NULL; }

/* The terms to mark: positive ones, with their other spellings and the
 * Hanja they stand for; title-only ones in titles only. Where the text's
 * Hanja read as a term, they are marked too, unless the search is of what
 * was typed. */
static int mark_terms(const ns_query *qp, int for_title, ns_mark_term *out) {
  /* out has room for mark_count(qp) */
  int n = 0, readings = qp->columns == NS_COLUMNS_READINGS;
  for (int i = 0; i < qp->n; i++) {
    const ns_query_term *t = &qp->terms[i];
    if (t->negated || (t->title_only && !for_title)) continue;
    out[n++] = (ns_mark_term){t->text, strlen(t->text), t->prefix, readings};
    for (int k = 0; k < t->n_alts; k++) {
      int len = (int)strlen(t->alts[k]);
      out[n++] = (ns_mark_term){t->alts[k], (size_t)len,
                                ns_token_is_single_ideograph(t->alts[k], len),
                                readings};
    }
    if (t->hanja) out[n++] = (ns_mark_term){t->hanja, strlen(t->hanja), 1, 0};
  }
  return n;
}

/* What every hit of one search marks, in its title and in its body. */
typedef struct hit_marks {
  ns_mark_term *title, *body;
  int n_title, n_body;
} hit_marks;

/* Builds the marks of qp once for all the hits. Returns 0, or -1 when out
 * of memory; free with hit_marks_clear either way. */
static int hit_marks_make(hit_marks *m, const ns_query *qp) {
  size_t room = 0; /* each term, its other spellings and its Hanja */
  for (int i = 0; i < qp->n; i++)
    room += 2 + (size_t)qp->terms[i].n_alts;
  m->title = malloc(2 * room * sizeof *m->title);
  if (m->title == NULL) return -1;
  m->body = m->title + room;
  m->n_title = mark_terms(qp, 1, m->title);
  m->n_body = mark_terms(qp, 0, m->body);
  return 0;
}

static void hit_marks_clear(hit_marks *m) {
  free(m->title);
  m->title = m->body = NULL;
}

static int fill_hit(ns_hit *h, const ns_ranked_row *row, const hit_marks *m,
                    const ns_search_params *p) {
  ns_snippet_style title_style = {0, p->mark_open, p->mark_close,
                                  p->escape_html};
  ns_snippet_style body_style = title_style;
  body_style.window_chars =
      p->snippet_chars > 0 ? p->snippet_chars : NS_SNIPPET_CHARS;
  h->id = dup_or_null(row->key);
  h->title = dup_or_null(row->title);
  h->url = dup_or_null(row->url);
  h->date = dup_or_null(row->published);
  h->category = dup_or_null(row->category);
  h->score = row->score;
  const char *title = h->title ? h->title : "";
  const char *body = row->body;
  int body_len = row->body_len;
  h->title_highlighted = ns_snippet_build(title, strlen(title), m->title,
                                          m->n_title, &title_style);
  h->snippet = ns_snippet_build(body ? body : "", body ? (size_t)body_len : 0,
                                m->body, m->n_body, &body_style);
  return h->id && h->title && h->title_highlighted && h->snippet ? 0 : -1;
}

/* Parses the query of p and adds the other spellings its words match
 * (ns_query_expand), for the columns s's index has. */
static int parse_expanded(ns_store *s, const ns_search_params *p, ns_query *qp,
                          ns_error *err) {
  if (ns_query_parse(p->query, p->query_len, qp, err) != 0) return -1;
  qp->columns = !ns_store_has_readings(s) ? NS_COLUMNS_TEXT
                : p->as_typed             ? NS_COLUMNS_AS_TYPED
                                          : NS_COLUMNS_READINGS;
  if (p->as_typed) return 0;
  const ns_synonyms *syn = p->synonyms ? p->synonyms : ns_synonyms_shipped();
  if (ns_query_expand(qp, syn) == 0) return 0;
  ns_query_clear(qp);
  ns_error_set(err, NS_ERR_NOMEM, "[search] out of memory");
  return -1;
}

static void expansions_clear(ns_search_result *r) {
  for (int i = 0; i < r->n_expanded; i++) {
    free(r->expanded[i].word);
    for (int k = 0; k < r->expanded[i].n_with; k++)
      free(r->expanded[i].with[k]);
    free(r->expanded[i].with);
  }
  free(r->expanded);
  r->expanded = NULL;
  r->n_expanded = 0;
}

/* The answer's "expanded": each positive word with its other spellings. */
static int report_expanded(const ns_query *qp, ns_search_result *out) {
  for (int i = 0; i < qp->n; i++) {
    const ns_query_term *t = &qp->terms[i];
    int n = t->n_alts + (t->hanja != NULL);
    if (t->negated || n == 0) continue;
    if (out->expanded == NULL &&
        (out->expanded = calloc((size_t)qp->n, sizeof *out->expanded)) == NULL)
      return -1;
    ns_expansion *e = &out->expanded[out->n_expanded++];
    e->word = strdup(t->text);
    e->with = calloc((size_t)n, sizeof *e->with);
    if (e->word == NULL || e->with == NULL) return -1;
    for (int k = 0; k < t->n_alts; k++)
      if ((e->with[e->n_with++] = strdup(t->alts[k])) == NULL) return -1;
    if (t->hanja && (e->with[e->n_with++] = strdup(t->hanja)) == NULL)
      return -1;
  }
  return 0;
}

/* What every step of one search works with. */
typedef struct search_exec {
  ns_store *s;
  const ns_search_params *p;
  const hit_marks *marks;
  ns_search_result *out;
  ns_error *err;
  const search_plan *plan;
  /* the ranking running: its expression, and whether its tier-0 rows
   * match part of the query only */
  const char *rank_expr;
  int rank_relaxed;
  int collapse;               /* copies collapsed (ns_store_has_stories) */
  sqlite3_int64 stories[100]; /* the page's stories so far */
} search_exec;

/* ns_store_story_copies' callback: one more of the hit's similar_ids. */
static int add_similar(void *ctx, const char *key) {
  ns_hit *h = ctx;
  return (h->similar_ids[h->n_similar_ids] = strdup(key)) == NULL
             ? -1
             : (h->n_similar_ids++, 0);
}

/* The other copies of h's story that match the ranking's expression. */
static int find_similar(search_exec *x, ns_hit *h, const ns_ranked_row *row) {
  h->similar_ids = calloc(NS_SEARCH_SIMILAR_IDS, sizeof *h->similar_ids);
  if (h->similar_ids == NULL) {
    ns_error_set(x->err, NS_ERR_NOMEM, "[search] out of memory");
    return -1;
  }
  return ns_store_story_copies(x->s, x->rank_expr, &x->plan->filters,
                               row->story, row->id, NS_SEARCH_SIMILAR_IDS,
                               add_similar, h, &h->similar, x->err);
}

/* ns_ranked_row_fn: one row of the page becomes the next hit; a copy of a
 * story already on the page (ranked by an earlier step) is left out. */
static int add_hit(void *ctx, const ns_ranked_row *row) {
  search_exec *x = ctx;
  ns_search_result *out = x->out;
  if (x->collapse)
    for (int i = 0; i < out->n; i++)
      if (x->stories[i] == row->story) return 0;
  ns_hit *h = &out->hits[out->n];
  x->stories[out->n++] = row->story;
  h->similar = -1;
  h->partial = x->rank_relaxed && row->tier == 0;
  if (fill_hit(h, row, x->marks, x->p) != 0) return -1;
  /* a failed read of the copies is told by *err, not by the row */
  return x->collapse && find_similar(x, h, row) < 0 ? -1 : 0;
}

static void free_hit(ns_hit *h) {
  free(h->id), free(h->title), free(h->title_highlighted), free(h->url);
  free(h->date), free(h->category), free(h->snippet);
  for (int i = 0; i < h->n_similar_ids; i++)
    free(h->similar_ids[i]);
  free(h->similar_ids);
}

/* Throws away the page built so far (a later step ranks it again). */
static void drop_hits(ns_search_result *r) {
  for (int i = 0; i < r->n; i++)
    free_hit(&r->hits[i]);
  free(r->hits);
  r->hits = NULL;
  r->n = 0;
}

/* Runs one step of the plan; *n becomes what it counted or scored.
 * Returns 0, NS_STORE_STOPPED (at the deadline), or -1 with *err. */
static int run_step(search_exec *x, const search_step *st,
                    const search_plan *pl, long *n) {
  if (st->drop_hits) drop_hits(x->out);
  if (st->kind == STEP_COUNT)
    return st->phrase_rows
               ? ns_store_count_phrase_rows(x->s, st->expr,
                                            NS_SEARCH_EXACT_TOTAL, n, x->err)
               : ns_store_count_matches(x->s, st->expr, &pl->filters,
                                        st->partial_spec, NS_SEARCH_EXACT_TOTAL,
                                        n, x->err);
  if (x->out->hits == NULL &&
      (x->out->hits = calloc((size_t)x->p->limit, sizeof *x->out->hits)) ==
          NULL) {
    ns_error_set(x->err, NS_ERR_NOMEM, "[search] out of memory");
    return -1;
  }
  x->rank_expr = st->rank.expr;
  x->rank_relaxed = st->rank.expr == pl->relaxed;
  return ns_store_rank_page(x->s, &st->rank, add_hit, x, n, x->err);
}

/* Runs the plan's steps until it is done. Returns 0, NS_STORE_STOPPED, or
 * -1 with *err. */
static int run_plan(search_exec *x, search_plan *pl) {
  for (;;) {
    search_step st = search_plan_next(pl, x->out->n);
    if (st.kind == STEP_DONE) return 0;
    long n = 0;
    int rc = run_step(x, &st, pl, &n);
    if (rc != 0) return rc;
    search_plan_learn(pl, n);
  }
}

/* The budget ran out in the middle of the plan: the page keeps the hits it
 * has; with none yet, it gets the plan's fallback (the newest matches)
 * within a second budget of half the first. The total is then a lower
 * bound. */
static int answer_with_what_there_is(search_exec *x, search_plan *pl) {
  int rc = 0;
  x->out->partial = 1;
  if (x->out->n == 0) {
    search_step st = search_plan_fallback(pl);
    x->out->relaxed = pl->relaxed_used;
    ns_store_set_deadline(x->s, x->p->budget_ms / 2);
    long n = 0;
    rc = run_step(x, &st, pl, &n);
    if (rc == NS_STORE_STOPPED) rc = 0; /* none within the second budget */
  }
  long whole = 0;
  for (int i = 0; i < x->out->n; i++)
    whole += !x->out->hits[i].partial;
  if (x->out->total < whole) x->out->total = whole;
  if (x->out->total_partial < x->out->n - whole)
    x->out->total_partial = x->out->n - whole;
  x->out->total_is_lower_bound = 1;
  return rc;
}

/* Runs the plan of qp within the budget into x->out. */
static int execute(search_exec *x, search_plan *pl) {
  const ns_search_params *p = x->p;
  ns_store_set_deadline(x->s, p->budget_ms);
  int rc = run_plan(x, pl);
  x->out->total = pl->total;
  x->out->total_is_lower_bound = pl->total_is_lower_bound;
  x->out->total_partial = pl->total_partial;
  x->out->total_partial_is_lower_bound = pl->total_partial_is_lower_bound;
  x->out->relaxed = pl->relaxed_used;
  if (rc == NS_STORE_STOPPED) rc = answer_with_what_there_is(x, pl);
  ns_store_set_deadline(x->s, 0);
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
  ns_match_filters filters;
  if (read_filters(p, &filters, err) != 0) return -1;
  ns_query qp;
  if (parse_expanded(s, p, &qp, err) != 0) return -1;
  if (report_expanded(&qp, out) != 0) {
    ns_search_result_clear(out);
    ns_query_clear(&qp);
    ns_error_set(err, NS_ERR_NOMEM, "[search] out of memory");
    return -1;
  }
  ns_error_clear(err);
  /* One read transaction for the counts and the page: all see the same
   * snapshot, and the WAL's read lock is taken once, not per statement. */
  int own_txn = ns_store_read_begin(s);
  search_plan pl = {0};
  int narrowed = ns_budget_plan_prefixes(s, &qp, p->budget_ms, err);
  int rc = narrowed < 0 ? -1 : search_plan_make(&pl, &qp, p, &filters, err);
  /* the marks once the budget has narrowed the words, as ranked */
  hit_marks marks = {0};
  if (rc == 0 && hit_marks_make(&marks, &qp) != 0) {
    ns_error_set(err, NS_ERR_NOMEM, "[search] out of memory");
    rc = -1;
  }
  if (rc == 0) {
    search_exec x = {.s = s,
                     .p = p,
                     .marks = &marks,
                     .out = out,
                     .err = err,
                     .plan = &pl,
                     .collapse = !p->keep_copies && ns_store_has_stories(s)};
    rc = execute(&x, &pl);
  }
  hit_marks_clear(&marks);
  if (own_txn) ns_store_read_end(s);
  if (rc != 0) ns_search_result_clear(out); /* nothing half-built escapes */
  if (narrowed > 0) out->partial = 1;
  search_plan_clear(&pl);
  ns_query_clear(&qp);
  out->took_ms = ns_now_s() * 1e3 - t0;
  return rc;
}

int ns_search_count_whole(ns_store *s, const ns_search_params *p, long cap,
                          long *n, ns_error *err) {
  *n = 0;
  ns_match_filters filters;
  if (read_filters(p, &filters, err) != 0) return -1;
  ns_query qp;
  if (parse_expanded(s, p, &qp, err) != 0) return -1;
  /* the planner's own expression of the whole matches */
  search_plan pl = {0};
  int rc = search_plan_make(&pl, &qp, p, &filters, err);
  if (rc == 0) {
    ns_store_set_deadline(s, p->budget_ms);
    rc = ns_store_count_matches(s, pl.spaced_expr, &pl.filters, NULL, cap, n,
                                err);
    ns_store_set_deadline(s, 0);
  }
  search_plan_clear(&pl);
  ns_query_clear(&qp);
  return rc;
}

void ns_search_result_clear(ns_search_result *r) {
  drop_hits(r);
  free(r->corrected_from), free(r->corrected_to), free(r->did_you_mean);
  expansions_clear(r);
  memset(r, 0, sizeof *r);
}
