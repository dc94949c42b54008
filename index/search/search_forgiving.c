/*
 * search_forgiving.c: a search that meets its reader halfway. A query that
 * is right is never corrected, and one that finds whole matches keeps
 * them. Only when it finds nothing (or only partial matches, for a query
 * of at most three words: a longer one is a question, which partial
 * matches answer by design) is its correction searched, and answered in
 * its place when that finds whole matches; a query that finds a little
 * gets the correction offered when it finds ten times as much. A short
 * query's whole matches are counted first, so that one with none goes
 * straight to its correction instead of ranking partial matches it would
 * not answer with.
 */
#include "newssearch/clock.h"
#include "newssearch/correct.h"
#include "newssearch/search.h"
#include "newssearch/utf8.h"
#include "search_int.h"

#include <stdlib.h>
#include <string.h>

/* Few enough hits that a correction with many more is worth offering. */
#define NS_FEW_HITS 3
/* Partial matches answer a longer query (a question) by design; a query
 * of at most this many words that finds only partial matches is one whose
 * words were likely mistyped. */
#define NS_SHORT_QUERY_WORDS 3

/* Words of q, split where the query parser splits them (ns_space_len). */
static int words_in(const char *q, size_t n) {
  int words = 0, in_word = 0;
  for (size_t i = 0; i < n;) {
    int space = ns_space_len(q + i, n - i);
    words += !space && !in_word;
    in_word = !space;
    i += space ? (size_t)space : 1;
  }
  return words;
}

/* A correction of the query and its answer. */
typedef struct correction {
  ns_search_result r;
  char *to; /* malloc'd */
  const char *reason;
} correction;

static void correction_clear(correction *c) {
  ns_search_result_clear(&c->r);
  free(c->to);
}

/* Searches the correction of p's query (rare as ns_correct_query takes
 * it) into *c. Returns 1 with *c, 0 when there is no correction or its
 * search failed. */
static int search_correction(ns_store *s, const ns_search_params *p, long rare,
                             correction *c) {
  ns_error ignored = {0}; /* no correction: the answer as typed stands */
  c->to = NULL;
  if (ns_correct_query(s, p->query, p->query_len, rare, &c->to, &c->reason,
                       &ignored) <= 0)
    return 0;
  ns_search_params fixed = *p;
  fixed.query = c->to;
  fixed.query_len = strlen(c->to);
  if (ns_search(s, &fixed, &c->r, &ignored) == 0) return 1;
  free(c->to);
  return 0;
}

/* The query as typed finds no whole match: its correction, when there is
 * one that finds whole matches, becomes the answer out. Returns 1 when it
 * did, 0 when the answer as typed stands (also when out of memory). */
static int answer_correction(ns_store *s, const ns_search_params *p,
                             ns_search_result *out) {
  correction c;
  if (!search_correction(s, p, 0, &c)) return 0;
  char *from = c.r.total > 0 && !c.r.relaxed ? malloc(p->query_len + 1) : NULL;
  if (from == NULL) {
    correction_clear(&c);
    return 0;
  }
  memcpy(from, p->query, p->query_len);
  from[p->query_len] = '\0';
  ns_search_result_clear(out);
  *out = c.r;
  out->corrected_from = from;
  out->corrected_to = c.to;
  out->corrected_reason = c.reason;
  return 1;
}

/* The query as typed finds a little (out): its correction is offered as
 * did_you_mean when it finds ten times as much. */
static void offer_correction(ns_store *s, const ns_search_params *p,
                             ns_search_result *out) {
  correction c;
  if (!search_correction(s, p, NS_FEW_HITS, &c)) return;
  if (c.r.total >= 10 * out->total && !c.r.relaxed) {
    out->did_you_mean = c.to;
    c.to = NULL;
  }
  correction_clear(&c);
}

int ns_search_forgiving(ns_store *s, const ns_search_params *p,
                        ns_search_result *out, ns_error *err) {
  double t0 = ns_now_s() * 1e3;
  memset(out, 0, sizeof *out);
  int is_short = words_in(p->query, p->query_len) <= NS_SHORT_QUERY_WORDS;
  /* A short query's whole matches are counted first: with none, its
   * answer as typed is nothing or partial matches, so the correction goes
   * first and the partial matches (as costly to rank as a whole search)
   * are only looked for when there is no correction to answer with. */
  long whole = -1;        /* unknown */
  ns_error ignored = {0}; /* uncounted: the query as typed runs first */
  if (p->correct && is_short &&
      ns_search_count_whole(s, p, NS_FEW_HITS, &whole, &ignored) != 0)
    whole = -1;
  if (whole == 0 && answer_correction(s, p, out)) {
    out->took_ms = ns_now_s() * 1e3 - t0;
    return 0;
  }
  int rc = ns_search(s, p, out, err);
  int found_nothing = out->total == 0 || (out->relaxed && is_short);
  if (rc != 0 || !p->correct || (found_nothing && whole == 0) ||
      (!found_nothing && out->total > NS_FEW_HITS))
    return rc; /* right, or the correction was tried above */
  if (found_nothing)
    answer_correction(s, p, out);
  else
    offer_correction(s, p, out);
  out->took_ms = ns_now_s() * 1e3 - t0;
  return 0;
}
