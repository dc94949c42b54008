/*
 * search_budget.c: a search's work budget, so that one costly query cannot
 * hold a worker for seconds while other readers wait.
 *
 * Two kinds of work have to be bounded. FTS5 expands each prefix term (a
 * one-syllable word) over every indexed term that starts with it, in full,
 * inside one call when each statement starts: no clock can stop it, so its
 * cost is estimated beforehand from FTS5's page directory
 * (ns_store_prefix_pages), and the costliest prefix words of a query of
 * several words are matched as whole tokens (the syllable standing alone
 * or ending a word) until what is left fits the budget. Everything else
 * (walking matches, scoring them) runs in SQLite's virtual machine, where
 * the store's deadline (ns_store_set_deadline) stops the statement.
 */
#include "search_int.h"

#include "newssearch/query.h"

static int positive_words(const ns_query *qp) {
  int n = 0;
  for (int i = 0; i < qp->n; i++)
    n += !qp->terms[i].negated;
  return n;
}

int ns_budget_plan_prefixes(ns_store *s, ns_query *qp, double budget_ms,
                            ns_error *err) {
  /* A one-word query has its own plan (whole tokens first) and expands its
   * one prefix at most once. */
  if (budget_ms <= 0 || positive_words(qp) < 2) return 0;
  long pages[NS_QUERY_MAX_TERMS] = {0}, total = 0;
  for (int i = 0; i < qp->n; i++) {
    ns_query_term *t = &qp->terms[i];
    if (t->negated || !t->prefix) continue;
    pages[i] = ns_store_prefix_pages(s, t->text, err);
    if (pages[i] < 0) return -1;
    total += pages[i];
  }
  long allowance = (long)(budget_ms * NS_PREFIX_PAGES_PER_MS);
  int narrowed = 0;
  while (total > allowance) {
    int worst = -1;
    for (int i = 0; i < qp->n; i++)
      if (qp->terms[i].prefix && !qp->terms[i].negated && pages[i] > 0 &&
          (worst < 0 || pages[i] > pages[worst]))
        worst = i;
    if (worst < 0) break;
    qp->terms[worst].prefix = 0; /* the syllable as a whole token only */
    qp->terms[worst].whole_token = 1;
    total -= pages[worst];
    pages[worst] = 0;
    narrowed = 1;
  }
  return narrowed;
}

int ns_search_is_costly(const ns_search_params *p) {
  ns_query qp = {0};
  ns_error err = {0};
  if (ns_query_parse(p->query, p->query_len, &qp, &err) != 0) return 0;
  int prefixes = 0;
  for (int i = 0; i < qp.n; i++)
    prefixes += qp.terms[i].prefix && !qp.terms[i].negated;
  int costly = prefixes >= 2 && positive_words(&qp) >= 2;
  ns_query_clear(&qp);
  return costly;
}
