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

/* Searches the correction of p's query (rare as ns_correct_query takes
 * it) into *r. Returns 1 with *r and *to (malloc'd) and *reason, 0 when
 * there is no correction or its search failed. */
static int search_correction(ns_store *s, const ns_search_params *p, long rare,
                             ns_search_result *r, char **to,
                             const char **reason) {
  ns_error ignored = {0}; /* no correction: the answer as typed stands */
  if (ns_correct_query(s, p->query, p->query_len, rare, to, reason, &ignored) <=
      0)
    return 0;
  ns_search_params fixed = *p;
  fixed.query = *to;
  fixed.query_len = strlen(*to);
  if (ns_search(s, &fixed, r, &ignored) == 0) return 1;
  free(*to);
  *to = NULL;
  return 0;
}

/* Makes the correction's result r (to, reason) the answer out. Returns 1,
 * or 0 when out of memory (then r is cleared and to freed). */
static int answer_corrected(const ns_search_params *p, ns_search_result *r,
                            char *to, const char *reason,
                            ns_search_result *out) {
  char *from = malloc(p->query_len + 1);
  if (from == NULL) {
    ns_search_result_clear(r);
    free(to);
    return 0;
  }
  memcpy(from, p->query, p->query_len);
  from[p->query_len] = '\0';
  ns_search_result_clear(out);
  *out = *r;
  out->corrected_from = from;
  out->corrected_to = to;
  out->corrected_reason = reason;
  return 1;
}

/* A short query with no whole match: the typed query's answer is nothing
 * or partial matches, so its correction, when it has one that finds whole
 * matches, is the answer, and the typed query's partial matches (as costly
 * to rank as a whole search) are not looked for. Returns 1 when answered,
 * 0 when the query as typed is to be searched. */
static int corrected_first(ns_store *s, const ns_search_params *p,
                           ns_search_result *out) {
  ns_search_result r;
  char *to = NULL;
  const char *reason = NULL;
  if (!search_correction(s, p, 0, &r, &to, &reason)) return 0;
  if (r.total > 0 && !r.relaxed)
    return answer_corrected(p, &r, to, reason, out);
  ns_search_result_clear(&r);
  free(to);
  return 0;
}

int ns_search_forgiving(ns_store *s, const ns_search_params *p,
                        ns_search_result *out, ns_error *err) {
  double t0 = ns_now_s() * 1e3;
  memset(out, 0, sizeof *out);
  int is_short = words_in(p->query, p->query_len) <= NS_SHORT_QUERY_WORDS;
  long whole = -1;        /* unknown */
  ns_error ignored = {0}; /* uncounted: the query as typed runs first */
  if (p->correct && is_short &&
      ns_search_count_whole(s, p, NS_FEW_HITS, &whole, &ignored) != 0)
    whole = -1;
  int tried = 0;
  if (whole == 0) {
    if (corrected_first(s, p, out)) {
      out->took_ms = ns_now_s() * 1e3 - t0;
      return 0;
    }
    tried = 1; /* no correction, or one that finds no whole match */
  }
  int rc = ns_search(s, p, out, err);
  int found_nothing = out->total == 0 || (out->relaxed && is_short);
  if (rc != 0 || !p->correct || (!found_nothing && out->total > NS_FEW_HITS) ||
      (found_nothing && tried))
    return rc;
  ns_search_result r;
  char *to = NULL;
  const char *reason = NULL;
  if (search_correction(s, p, found_nothing ? 0 : NS_FEW_HITS, &r, &to,
                        &reason)) {
    if (found_nothing && r.total > 0 && !r.relaxed) {
      answer_corrected(p, &r, to, reason, out);
    } else if (!found_nothing && r.total >= 10 * out->total && !r.relaxed) {
      ns_search_result_clear(&r);
      out->did_you_mean = to;
    } else {
      ns_search_result_clear(&r);
      free(to);
    }
  }
  out->took_ms = ns_now_s() * 1e3 - t0;
  return 0;
}
