/*
 * search_forgiving.c: a search that meets its reader halfway. The query as
 * typed runs first, always: a query that is right is never corrected, and
 * one that finds whole matches keeps them. Only when it finds nothing (or
 * only partial matches, for a query of at most three words: a longer one
 * is a question, which partial matches answer by design) is its
 * correction searched, and answered in its place when that finds whole
 * matches; a query that finds a little gets the correction offered when
 * it finds ten times as much.
 */
#include "newssearch/correct.h"
#include "newssearch/search.h"
#include "newssearch/utf8.h"

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

int ns_search_forgiving(ns_store *s, const ns_search_params *p,
                        ns_search_result *out, ns_error *err) {
  int rc = ns_search(s, p, out, err);
  int found_nothing =
      out->total == 0 || (out->relaxed && words_in(p->query, p->query_len) <=
                                              NS_SHORT_QUERY_WORDS);
  if (rc != 0 || !p->correct || (!found_nothing && out->total > NS_FEW_HITS))
    return rc;
  char *to = NULL;
  const char *reason = NULL;
  ns_error ignored = {0}; /* no correction: the answer as typed stands */
  if (ns_correct_query(s, p->query, p->query_len,
                       found_nothing ? 0 : NS_FEW_HITS, &to, &reason,
                       &ignored) <= 0)
    return 0;
  ns_search_params fixed = *p;
  fixed.query = to;
  fixed.query_len = strlen(to);
  ns_search_result r;
  if (ns_search(s, &fixed, &r, &ignored) != 0) {
    free(to);
    return 0;
  }
  double took = out->took_ms + r.took_ms;
  if (found_nothing && r.total > 0 && !r.relaxed) {
    char *from = malloc(p->query_len + 1);
    if (from == NULL) {
      ns_search_result_clear(&r);
      free(to);
      return 0;
    }
    memcpy(from, p->query, p->query_len);
    from[p->query_len] = '\0';
    ns_search_result_clear(out);
    *out = r;
    out->corrected_from = from;
    out->corrected_to = to;
    out->corrected_reason = reason;
  } else if (!found_nothing && r.total >= 10 * out->total && !r.relaxed) {
    ns_search_result_clear(&r);
    out->did_you_mean = to;
  } else {
    ns_search_result_clear(&r);
    free(to);
  }
  out->took_ms = took;
  return 0;
}
