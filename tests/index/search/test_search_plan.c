/*
 * test_search_plan.c: the planner alone (search_plan.c), with the counts
 * its steps would read given by hand: which reads a query makes, in which
 * order, over which levels, windows and rows, and the totals it reports.
 * Each case is one line of steps, so the plan of a kind of query reads as
 * its spec.
 */
#include "check.h"

#include "search_plan.h"

#include <stdio.h>
#include <string.h>

/* Which of the plan's expressions e is. */
static const char *level(const search_plan *pl, const char *e) {
  return e == NULL              ? "-"
         : e == pl->strict      ? "strict"
         : e == pl->spaced_expr ? "spaced"
         : e == pl->relaxed     ? "relaxed"
         : e == pl->whole       ? "whole"
         : e == pl->rest        ? "rest"
                                : "?";
}

/* Appends one step to trace. */
static void describe(const search_plan *pl, const search_step *st, char *trace,
                     size_t cap) {
  char one[160];
  if (st->kind == STEP_COUNT) {
    snprintf(one, sizeof one, "%scount %s%s; ", st->drop_hits ? "drop " : "",
             level(pl, st->expr), st->phrase_rows ? " as-phrase" : "");
  } else {
    const ns_rank_query *r = &st->rank;
    snprintf(
        one, sizeof one, "%srank %s tiers=%s,%s rows=%ld newest=%d %d+%d%s; ",
        st->drop_hits ? "drop " : "", level(pl, r->expr),
        level(pl, r->tier_exprs[0]), level(pl, r->tier_exprs[1]), r->expr_rows,
        r->newest, r->offset, r->limit, r->stop_after ? " stop-after-cap" : "");
  }
  strncat(trace, one, cap - strlen(trace) - 1);
}

/* The answers to a plan's steps, in order: {what the step counted or a
 * ranking scored, the page's hits after it}, and how many there are. */
#define STEPS(...)                                                             \
  (const long[][2]){__VA_ARGS__},                                              \
      (int)(sizeof((const long[][2]){__VA_ARGS__}) / sizeof(long[2]))

/* Plans query under p, answering its steps with answers[] (see STEPS), and
 * checks the trace and totals. */
/* The partial matches beyond the total of the last check_plan. */
static long last_partial;
static int last_partial_lower_bound;

static void check_plan(const char *query, const ns_search_params *p,
                       const ns_match_filters *f, const long (*answers)[2],
                       int n_answers, const char *want, long want_total,
                       int want_lower_bound, int want_relaxed) {
  ns_query qp;
  ns_error err = {0};
  search_plan pl;
  char trace[1024] = "";
  CHECK(ns_query_parse(query, strlen(query), &qp, &err) == 0, "%s", query);
  CHECK(search_plan_make(&pl, &qp, p, f, &err) == 0, "%s", query);
  int page_hits = 0, steps = 0;
  for (;;) {
    search_step st = search_plan_next(&pl, page_hits);
    if (st.kind == STEP_DONE) break;
    describe(&pl, &st, trace, sizeof trace);
    if (steps == n_answers) {
      CHECK(0, "%s: more steps than the %d expected", query, n_answers);
      break;
    }
    if (st.drop_hits) page_hits = 0;
    if (st.kind == STEP_RANK) page_hits = (int)answers[steps][1];
    search_plan_learn(&pl, answers[steps][0]);
    steps++;
  }
  const char *got = trace;
  CHECK_STR(got, want);
  CHECK(pl.total == want_total, "%s: total %ld, want %ld", query, pl.total,
        want_total);
  CHECK(pl.total_is_lower_bound == want_lower_bound, "%s: lower bound %d",
        query, pl.total_is_lower_bound);
  CHECK(pl.relaxed_used == want_relaxed, "%s: relaxed %d", query,
        pl.relaxed_used);
  last_partial = pl.total_partial;
  last_partial_lower_bound = pl.total_partial_is_lower_bound;
  search_plan_clear(&pl);
  ns_query_clear(&qp);
}

int main(void) {
  ns_search_params p = {0};
  p.limit = 10;
  ns_match_filters none = {{0}, {0}, NULL};
  ns_match_filters category = {{0}, {0}, "경제"};

  /* One syllable: whole tokens counted (as BM25 counts one phrase), then
   * every prefix match; the page from whole tokens, the rest after. */
  check_plan("손", &p, &none, STEPS({40, 0}, {300, 0}, {0, 4}, {0, 10}),
             "count whole as-phrase; count spaced; "
             "rank whole tiers=-,- rows=40 newest=0 0+10; "
             "rank rest tiers=-,- rows=-1 newest=0 0+6; ",
             300, 0, 0);
  /* Past the cap in whole tokens: no count of the prefix matches, the
   * newest window, and a total that is a lower bound. */
  check_plan("이", &p, &none, STEPS({10001, 0}, {0, 10}),
             "count whole as-phrase; "
             "rank whole tiers=-,- rows=10001 newest=2000 0+10; ",
             10000, 1, 0);
  /* A page past the whole-token matches comes from the rest alone. */
  ns_search_params deep = p;
  deep.offset = 50;
  check_plan("손", &deep, &none, STEPS({40, 0}, {300, 0}, {0, 10}),
             "count whole as-phrase; count spaced; "
             "rank rest tiers=-,- rows=-1 newest=0 10+10; ",
             300, 0, 0);

  /* A long Hangul word: exact spellings first; past the cap they alone
   * make the page. */
  check_plan("고용노동부", &p, &none, STEPS({20000, 0}, {0, 10}),
             "count strict as-phrase; "
             "rank strict tiers=-,- rows=20000 newest=2000 0+10; ",
             10000, 1, 0);
  /* Few exact spellings: the variants are counted, and rank below them. */
  check_plan("고용노동부", &p, &none, STEPS({3, 0}, {40, 0}, {0, 10}),
             "count strict as-phrase; count spaced; "
             "rank spaced tiers=strict,- rows=-1 newest=0 0+10; ",
             40, 0, 0);
  /* Two words short of a page: partial matches fill it, in a third tier;
   * the total is of the whole matches (their own count is capped too). */
  check_plan("고용노동부 장관", &p, &none,
             STEPS({1, 0}, {2, 0}, {20000, 0}, {0, 10}),
             "count strict; count spaced; count relaxed; "
             "rank relaxed tiers=strict,spaced rows=-1 newest=0 0+10; ",
             2, 0, 1);
  CHECK(last_partial == 9998 && last_partial_lower_bound,
        "고용노동부 장관: partial %ld", last_partial);

  /* Two words without variants: the ranking counts; past the cap it
   * starts again over the newest window. */
  check_plan("카카오 택시", &p, &none, STEPS({10001, 0}, {0, 10}),
             "rank spaced tiers=-,- rows=-1 newest=0 0+10 stop-after-cap; "
             "rank spaced tiers=-,- rows=-1 newest=2000 0+10; ",
             10000, 1, 0);
  /* Fewer than a page: those hits are dropped, and the partial matches
   * counted and ranked. */
  check_plan("카카오 택시", &p, &none, STEPS({3, 3}, {700, 0}, {0, 10}),
             "rank spaced tiers=-,- rows=-1 newest=0 0+10 stop-after-cap; "
             "drop count relaxed; "
             "rank relaxed tiers=strict,- rows=-1 newest=0 0+10; ",
             3, 0, 1);
  CHECK(last_partial == 697 && !last_partial_lower_bound,
        "카카오 택시: partial %ld", last_partial);
  /* One word and an excluded one: never relaxed, however few. */
  check_plan("카카오 -뱅크", &p, &none, STEPS({3, 3}),
             "rank spaced tiers=-,- rows=-1 newest=0 0+10 stop-after-cap; ", 3,
             0, 0);

  /* A filter: every match needs its article, so the count comes first and
   * is not BM25's phrase count. */
  check_plan("경제", &p, &category, STEPS({25, 0}, {0, 10}),
             "count spaced; rank spaced tiers=-,- rows=-1 newest=0 0+10; ", 25,
             0, 0);
  /* One phrase by relevance: its count is BM25's document frequency. */
  check_plan("경제", &p, &none, STEPS({12000, 0}, {0, 10}),
             "count spaced as-phrase; "
             "rank spaced tiers=-,- rows=12000 newest=2000 0+10; ",
             10000, 1, 0);

  /* The budget's fallback: the newest matches of the query, partial ones
   * for two words. */
  ns_query qp;
  ns_error err = {0};
  search_plan pl;
  CHECK(ns_query_parse("카카오 택시", strlen("카카오 택시"), &qp, &err) == 0,
        "parse");
  CHECK(search_plan_make(&pl, &qp, &p, &none, &err) == 0, "plan");
  search_step fb = search_plan_fallback(&pl);
  char trace[256] = "";
  describe(&pl, &fb, trace, sizeof trace);
  const char *got = trace;
  CHECK_STR(got, "rank relaxed tiers=spaced,- rows=-1 newest=74 0+10; ");
  CHECK(pl.relaxed_used == 1, "fallback relaxed");
  CHECK(search_plan_next(&pl, 0).kind == STEP_DONE, "fallback ends the plan");
  search_plan_clear(&pl);
  ns_query_clear(&qp);
  return ns_check_done("search_plan");
}
