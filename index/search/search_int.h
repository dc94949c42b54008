/*
 * search_int.h: what search.c, search_budget.c and search_forgiving.c
 * share. Private to
 * index/search/.
 */
#ifndef NS_INDEX_SEARCH_INT_H
#define NS_INDEX_SEARCH_INT_H

#include "newssearch/query.h"
#include "newssearch/search.h"
#include "store_search.h"

/* Leaf pages of prefix expansion a millisecond of budget affords. One
 * expansion reads about 21 pages a millisecond here (이: 4,249 pages in
 * 0.2 s of CPU on the 100,000-article set), a search's plan expands a
 * prefix in up to three statements (count, rank, tiers), and the
 * expansions, which nothing interrupts, may take half of the budget. */
#define NS_PREFIX_PAGES_PER_MS 3.5

/* Within a query of two or more words, matches the costliest prefix words
 * as whole tokens until their expansion fits budget_ms (see
 * NS_PREFIX_PAGES_PER_MS). Returns 1 when some were narrowed, 0 when none,
 * -1 with *err on a database error. */
int ns_budget_plan_prefixes(ns_store *s, ns_query *qp, double budget_ms,
                            ns_error *err);

/* The articles p's query matches whole (every word, spacing variants too;
 * not partial matches) under p's filters, counted up to cap + 1, into *n,
 * within p's budget. Returns 0, NS_STORE_STOPPED at the budget, or -1
 * with *err. */
int ns_search_count_whole(ns_store *s, const ns_search_params *p, long cap,
                          long *n, ns_error *err);

#endif
