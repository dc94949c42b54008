/*
 * search_plan.h: the planner of a search. It decides, from the parsed
 * query, the parameters and the counts read so far, which read comes next:
 * a count of one MATCH expression, or a ranked page (which levels rank,
 * the newest-match window, offset and limit). It reads nothing itself;
 * search.c runs its steps against the store and tells it what they found.
 * Private to index/search/.
 */
#ifndef NS_INDEX_SEARCH_PLAN_H
#define NS_INDEX_SEARCH_PLAN_H

#include "newssearch/query.h"
#include "newssearch/search.h"
#include "store_search.h"

/* How a query reaches its levels (exact spellings, spacing variants,
 * partial matches): which count comes first. */
typedef enum search_strategy {
  /* One prefix word (a syllable, a Latin word typed so far): whole-token
   * matches first, then the other prefix matches. */
  PLAN_ONE_PREFIX_WORD,
  /* Words with spacing variants: the exact spellings are counted first. */
  PLAN_SPACED,
  /* Several phrases ranked by relevance without filters: the ranking
   * scores every match anyway, so the count comes from it. */
  PLAN_RANK_COUNTS,
  /* Everything else: count the matches, then rank a page. */
  PLAN_COUNT_FIRST,
} search_strategy;

typedef enum search_step_kind {
  STEP_DONE,  /* the page is complete */
  STEP_COUNT, /* count expr: phrase_rows or under the filters */
  STEP_RANK,  /* rank a page with rank */
} search_step_kind;

typedef struct search_step {
  search_step_kind kind;
  const char *expr;         /* STEP_COUNT: the expression counted */
  int phrase_rows;          /* STEP_COUNT: as ns_store_count_phrase_rows */
  const char *partial_spec; /* STEP_COUNT: the partial matches' rule */
  ns_rank_query rank;       /* STEP_RANK */
  int drop_hits;            /* STEP_RANK: the hits so far are discarded first */
} search_step;

typedef struct search_plan {
  search_strategy strategy;
  const ns_search_params *p;
  ns_match_filters filters;
  int words;      /* words not excluded */
  int spaced;     /* some word has spacing variants */
  int one_phrase; /* one phrase without filters: counted as BM25 counts */
  /* The MATCH expressions of the levels (ns_query_match_expr); relaxed
   * only for two or more words, whole and rest for one prefix word. */
  char *strict, *spaced_expr, *relaxed, *whole, *rest;
  /* Their rank groups (ns_query_rank_groups), NULL when none. */
  char *strict_groups, *spaced_groups, *whole_groups, *relaxed_groups;
  /* What a partial match must share with the query (with relaxed). */
  char *partial_spec;
  /* What the steps found so far. */
  int stage;
  long exact;   /* matches of the exact spellings (PLAN_SPACED), or -1 */
  long matches; /* matches of the spaced expression */
  long n_whole; /* whole-token matches (PLAN_ONE_PREFIX_WORD) */
  /* The answer's totals, as far as they are known: the articles that
   * match every word, and those that match in part only. */
  long total;
  int total_is_lower_bound;
  long total_partial;
  int total_partial_is_lower_bound;
  int relaxed_used; /* the page is filled with partial matches */
} search_plan;

/* Plans qp (parsed, prefix words already narrowed to the budget) under p,
 * whose dates and category were checked into *f. Returns 0, or -1 with
 * *err when out of memory; free with search_plan_clear either way. */
int search_plan_make(search_plan *plan, const ns_query *qp,
                     const ns_search_params *p, const ns_match_filters *f,
                     ns_error *err);

/* The next step, given the hits of the page so far. */
search_step search_plan_next(search_plan *plan, int hits);

/* Tells the plan what its last step found: a count, or the matches a
 * ranking scored. */
void search_plan_learn(search_plan *plan, long n);

/* The step that answers when the budget ran out before the plan finished
 * and the page has no hits: the newest matches of the query (partial
 * matches for two or more words), ranked among themselves. */
search_step search_plan_fallback(search_plan *plan);

/* Frees the plan's expressions. */
void search_plan_clear(search_plan *plan);

#endif
