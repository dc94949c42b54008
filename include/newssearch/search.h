/*
 * search.h: running a query against the store: ranking, filters, paging,
 * relaxed matching for questions, highlighted titles and snippets, and the
 * JSON every front end (CLI, HTTP) answers with.
 */
#ifndef NEWSSEARCH_SEARCH_H
#define NEWSSEARCH_SEARCH_H

#include "newssearch/error.h"
#include "newssearch/store.h"

#include <stddef.h>

/* `total` is counted exactly up to this many hits, then reported as a lower
 * bound, so that a one-syllable query over a large archive stays fast. */
#define NS_SEARCH_EXACT_TOTAL 10000

/* A query ranked by relevance, without filters, that matches more than
 * NS_SEARCH_EXACT_TOTAL articles is ranked over its NS_SEARCH_NEWEST most
 * recently added matches (more when the page asks for more), so that it
 * stops early instead of scoring every match: a syllable or word found in
 * that many articles has almost no weight of its own (IDF near zero), and
 * among so many the newest are what a news reader wants first. */
#define NS_SEARCH_NEWEST 2000

/* The order of a result list. Within each, ties go to the newest article. */
typedef enum ns_sort {
  NS_SORT_RELEVANCE, /* sort=relevance: BM25 alone */
  NS_SORT_NEWEST,    /* sort=date: newest first, undated last */
  NS_SORT_RECENT,    /* sort=recent: relevance halved every half-life of age */
  NS_SORT_OLDEST,    /* sort=oldest: oldest first, undated last */
} ns_sort;

/* sort=recent's half-life in days, unless the search gives its own. */
#define NS_SEARCH_HALF_LIFE_DAYS 7.0

typedef struct ns_search_params {
  const char *query; /* what the reader typed (any bytes) */
  size_t query_len;
  int limit;  /* hits per page, 1..100 */
  int offset; /* hits to skip, 0..10000 */
  ns_sort sort;
  double half_life_days; /* sort=recent; 0: NS_SEARCH_HALF_LIFE_DAYS */
  const char *since;     /* a date in any form ns_date_normalize() reads */
  const char *until;     /* inclusive: a date alone means to the end of day */
  const char *category;  /* exact category name */
  int snippet_chars;     /* about this many characters; 0: 150 */
  const char *mark_open, *mark_close; /* around matched text */
  int escape_html; /* escape title and snippet for HTML (JSON answers) */
  /* Work budget in milliseconds (0: none). Prefix words whose expansion
   * would cost more than the budget affords are matched as whole tokens,
   * and past the budget the search stops and answers with what it has;
   * either way the result says partial. */
  double budget_ms;
  /* ns_search_forgiving only: when the query as typed finds nothing (or
   * only partial matches), answer its correction (newssearch/correct.h)
   * if that finds more; when it finds a little, offer the correction. */
  int correct;
  /* Search exactly what was typed: no synonyms, no Hanja equivalents, no
   * readings columns (--no-synonyms, synonyms=0). */
  int as_typed;
  /* The synonyms applied (newssearch/synonyms.h); NULL: the shipped list. */
  const struct ns_synonyms *synonyms;
  /* List every copy of a story as a hit of its own (collapse=0,
   * --no-collapse); by default a story shows its best-ranked copy, with
   * the others that match in similar_ids. */
  int keep_copies;
} ns_search_params;

/* A word of the query that also matched other spellings: its synonyms,
 * the reading of its Hanja, or the headline Hanja it stands for. */
typedef struct ns_expansion {
  char *word;
  char **with;
  int n_with;
} ns_expansion;

/* At most this many ids in a hit's similar_ids (similar counts them all). */
#define NS_SEARCH_SIMILAR_IDS 20

typedef struct ns_hit {
  char *id, *title, *title_highlighted, *url, *date, *category, *snippet;
  double score; /* higher is better */
  /* Copies collapsed: how many other copies of the hit's story match the
   * query (and its filters), and the first NS_SEARCH_SIMILAR_IDS of their
   * ids, newest first; -1 when copies are not collapsed. */
  long similar;
  char **similar_ids;
  int n_similar_ids;
  int partial; /* matches part of the query only (the relaxed fill) */
} ns_hit;

typedef struct ns_search_result {
  ns_hit *hits;
  int n;
  long total; /* articles that match every word */
  int total_is_lower_bound;
  /* articles that match part of the query only, beyond total (counted
   * when the page is filled with them) */
  long total_partial;
  int total_partial_is_lower_bound;
  int relaxed; /* the page was filled with partial matches */
  int partial; /* the work budget cut the search short (partial_results) */
  double took_ms;
  /* ns_search_forgiving: the answer is corrected_to's, not the query's
   * (malloc'd both; reason a literal); or did_you_mean is offered */
  char *corrected_from, *corrected_to, *did_you_mean;
  const char *corrected_reason;
  ns_expansion *expanded; /* the words expanded, in query order */
  int n_expanded;
} ns_search_result;

/* Runs p against s into *out (zeroed by the caller; free with
 * ns_search_result_clear). Returns 0; or -1 with *err for an empty query
 * or bad parameter (err->message starts with "[query]"), or a database
 * failure ("[store]"). */
int ns_search(ns_store *s, const ns_search_params *p, ns_search_result *out,
              ns_error *err);

/* As ns_search, and when p->correct asks and the query as typed finds
 * nothing (or only partial matches, for up to three words), the answer of
 * its correction when that finds whole matches (corrected_*); when the
 * query finds a little (up to 3) and its correction ten times as much,
 * did_you_mean. A correction that cannot be made leaves the answer as
 * typed. */
int ns_search_forgiving(ns_store *s, const ns_search_params *p,
                        ns_search_result *out, ns_error *err);

/* {"query","total","took_ms","relaxed","hits":[{"id","title",
 * "title_highlighted","url","date","category","score","snippet"}]} plus
 * "total_is_lower_bound" and "partial_results" when true, each hit's
 * "partial": true when it matches part of the query, "similar" and
 * "similar_ids" when copies are collapsed,
 * "corrected":{"from","to","reason"} and "did_you_mean" when set, and
 * "expanded":[{"word","with":[...]}] when a word matched other spellings.
 * Malloc'd, caller frees; NULL when out of memory. */
char *ns_search_result_json(const ns_search_params *p,
                            const ns_search_result *r);

/* The sort named name (relevance, date, recent or oldest) into *out.
 * Returns 0, or -1 for any other name. */
int ns_sort_parse(const char *name, ns_sort *out);

/* A half-life in days (a number from 0.01 to 36500) into *days. Returns 0,
 * or -1 for anything else. */
int ns_half_life_parse(const char *text, double *days);

/* {"query": query, "error": message} (malloc'd, caller frees), for a query
 * that could not run; NULL when out of memory. */
char *ns_search_error_json(const char *query, const char *message);

/* True when the query of p is one the server runs in its lane for costly
 * searches: two or more prefix words (one-syllable words), each of which
 * FTS5 expands over every term that starts with it. A parse only; no
 * database. */
int ns_search_is_costly(const ns_search_params *p);

/* Frees what r holds and zeroes it. */
void ns_search_result_clear(ns_search_result *r);

#endif
