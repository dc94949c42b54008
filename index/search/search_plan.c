/*
 * search_plan.c: which reads a search makes, in which order. Three levels
 * of matching share one ranked list: articles with every word as typed
 * come first, then those that match only with a space inside a long
 * Hangul word (고용노동부 ~ 고용 노동부), and, when those fill less than a
 * page, articles that match part of the query (questions), ranked by BM25
 * over all of its bigrams. Counting is the costly part of a common word,
 * so each strategy counts as little as its page needs.
 */
#include "search_plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The steps, in the order a plan issues them; plan->stage is the last one
 * issued. */
enum {
  S_START,
  S_COUNT_WHOLE,   /* one prefix word: its whole-token matches */
  S_COUNT_PREFIX,  /* one prefix word: all of its matches */
  S_RANK_WHOLE,    /* one prefix word: the page from whole tokens */
  S_RANK_REST,     /* one prefix word: the rest of the page */
  S_COUNT_EXACT,   /* spacing variants: the exact spellings */
  S_RANK_COUNTING, /* several phrases: ranking as the count */
  S_RANK_NEWEST,   /* several phrases: ranking the newest window */
  S_COUNT_SPACED,  /* the matches with spacing variants */
  S_COUNT_RELAXED, /* the partial matches */
  S_RANK_FINAL,    /* the page */
  S_DONE,
};

#define CAP NS_SEARCH_EXACT_TOTAL

static int has_filters(const ns_match_filters *f) {
  return f->since[0] || f->until[0] || f->category;
}

/* True for a query of one word matched as a prefix (a one-syllable word,
 * or one Latin word typed so far), the costliest kind to rank: its prefix
 * matches many index terms. */
static int is_one_prefix_word(const ns_query *qp) {
  int words = 0, prefix = 0;
  for (int i = 0; i < qp->n; i++)
    if (!qp->terms[i].negated) {
      words++;
      prefix = qp->terms[i].prefix;
    }
  return words == 1 && prefix;
}

/* "(a) NOT (b)", malloc'd; NULL when out of memory. */
static char *and_not(const char *a, const char *b) {
  size_t n = strlen(a) + strlen(b) + sizeof "() NOT ()";
  char *out = malloc(n);
  if (out) snprintf(out, n, "(%s) NOT (%s)", a, b);
  return out;
}

int search_plan_make(search_plan *pl, const ns_query *qp,
                     const ns_search_params *p, const ns_match_filters *f,
                     ns_error *err) {
  memset(pl, 0, sizeof *pl);
  pl->p = p;
  pl->filters = *f;
  pl->exact = -1;
  for (int i = 0; i < qp->n; i++)
    pl->words += !qp->terms[i].negated;
  pl->spaced = ns_query_has_spacing_variants(qp);
  pl->one_phrase = qp->n == 1 && !qp->terms[0].negated &&
                   !qp->terms[0].title_only && !qp->terms[0].n_alts &&
                   !has_filters(f);
  pl->strict = ns_query_match_expr(qp, NS_MATCH_STRICT);
  pl->spaced_expr = pl->spaced ? ns_query_match_expr(qp, NS_MATCH_SPACED)
                               : strdup(pl->strict ? pl->strict : "");
  int oom[3] = {0, 0, 0};
  pl->strict_groups = ns_query_rank_groups(qp, NS_MATCH_STRICT, &oom[0]);
  pl->spaced_groups = ns_query_rank_groups(
      qp, pl->spaced ? NS_MATCH_SPACED : NS_MATCH_STRICT, &oom[1]);
  int ok = pl->strict && pl->spaced_expr && !oom[0] && !oom[1];
  if (is_one_prefix_word(qp)) {
    pl->strategy = PLAN_ONE_PREFIX_WORD; /* one word: never relaxed */
    pl->whole = ns_query_match_expr(qp, NS_MATCH_WHOLE_TOKENS);
    pl->whole_groups = ns_query_rank_groups(qp, NS_MATCH_WHOLE_TOKENS, &oom[2]);
    ok = ok && !oom[2];
    pl->rest = ok && pl->whole ? and_not(pl->spaced_expr, pl->whole) : NULL;
    ok = ok && pl->rest;
  } else {
    pl->strategy =
        pl->spaced ? PLAN_SPACED
        : !pl->one_phrase && !has_filters(f) && p->sort == NS_SORT_RELEVANCE
            ? PLAN_RANK_COUNTS
            : PLAN_COUNT_FIRST;
    if (pl->words >= 2) {
      pl->relaxed = ns_query_match_expr(qp, NS_MATCH_RELAXED);
      pl->relaxed_groups = ns_query_rank_groups(qp, NS_MATCH_RELAXED, &oom[2]);
      pl->partial_spec = ns_query_partial_spec(qp);
      ok = ok && pl->relaxed && !oom[2] && pl->partial_spec;
    }
  }
  if (ok) return 0;
  ns_error_set(err, NS_ERR_NOMEM, "[search] out of memory");
  return -1;
}

void search_plan_clear(search_plan *pl) {
  free(pl->strict), free(pl->spaced_expr), free(pl->relaxed);
  free(pl->whole), free(pl->rest);
  free(pl->strict_groups), free(pl->spaced_groups), free(pl->whole_groups);
  free(pl->relaxed_groups), free(pl->partial_spec);
  memset(pl, 0, sizeof *pl);
}

/* The total of n matches counted up to the cap. */
static void set_total(search_plan *pl, long n) {
  pl->total = n > CAP ? CAP : n;
  if (n > CAP) pl->total_is_lower_bound = 1;
}

/* How many of the newest matches to rank (NS_SEARCH_NEWEST), or 0 for all
 * of them, for a query with n matches. */
static int newest_window(const search_plan *pl, long n) {
  if (n <= CAP) return 0;
  int page_end = pl->p->offset + pl->p->limit + NS_RANK_TIE_MARGIN;
  return page_end > NS_SEARCH_NEWEST ? page_end : NS_SEARCH_NEWEST;
}

/* The count of n as BM25's document frequency when counted as one phrase
 * without filters, else -1 (see ns_store_count_phrase_rows). */
static long as_rows(const search_plan *pl, long n) {
  return pl->one_phrase ? n : -1;
}

static search_step count(search_plan *pl, int stage, const char *expr,
                         int phrase_rows) {
  pl->stage = stage;
  return (search_step){
      STEP_COUNT,  expr,
      phrase_rows, expr == pl->relaxed ? pl->partial_spec : NULL,
      {0},         0};
}

/* A ranking of expr with no tiers over the rows [offset, offset + limit). */
static search_step rank(search_plan *pl, int stage, const char *expr, long rows,
                        int newest, int offset, int limit) {
  pl->stage = stage;
  search_step st = {STEP_RANK, NULL, 0, NULL, {0}, 0};
  /* The groups of the expression ranked; the rest of one prefix word
   * ranks each phrase on its own. */
  const char *groups = expr == pl->strict        ? pl->strict_groups
                       : expr == pl->spaced_expr ? pl->spaced_groups
                       : expr == pl->whole       ? pl->whole_groups
                       : expr == pl->relaxed     ? pl->relaxed_groups
                                                 : NULL;
  st.rank = (ns_rank_query){
      .expr = expr,
      .expr_rows = rows,
      .groups = groups,
      .filters = &pl->filters,
      .sort = pl->p->sort,
      .half_life_days = pl->p->half_life_days > 0 ? pl->p->half_life_days
                                                  : NS_SEARCH_HALF_LIFE_DAYS,
      .collapse = !pl->p->keep_copies,
      .partial_spec = expr == pl->relaxed ? pl->partial_spec : NULL,
      .newest = newest,
      .offset = offset,
      .limit = limit};
  return st;
}

static search_step done(search_plan *pl) {
  pl->stage = S_DONE;
  return (search_step){STEP_DONE, NULL, 0, NULL, {0}, 0};
}

/* One prefix word: the whole-token matches rank first (손 standing alone
 * or ending a word, kakao as a word), then the prefix matches that are not
 * whole tokens. Ranking the small whole-token set answers most pages
 * without scoring every prefix match, and puts the better-placed matches
 * on top. */
static search_step next_one_prefix_word(search_plan *pl, int hits) {
  const ns_search_params *p = pl->p;
  switch (pl->stage) {
  case S_START:
    return count(pl, S_COUNT_WHOLE, pl->whole, pl->one_phrase);
  case S_COUNT_WHOLE:
    /* Every whole-token match is a prefix match too: past the exact-count
     * cap, the total is known to be a lower bound without counting the
     * prefix matches, the costliest part of a common syllable (이: 200 ms
     * of merging the doclists of every term that starts with it). */
    if (pl->n_whole <= CAP)
      return count(pl, S_COUNT_PREFIX, pl->spaced_expr, 0);
    set_total(pl, pl->n_whole);
    /* fall through */
  case S_COUNT_PREFIX:
    if (p->offset < pl->n_whole)
      return rank(pl, S_RANK_WHOLE, pl->whole, as_rows(pl, pl->n_whole),
                  newest_window(pl, pl->n_whole), p->offset, p->limit);
    /* fall through */
  case S_RANK_WHOLE:
    if (hits < p->limit) {
      long skip = p->offset > pl->n_whole ? p->offset - pl->n_whole : 0;
      return rank(pl, S_RANK_REST, pl->rest, -1, 0, (int)skip, p->limit - hits);
    }
    /* fall through */
  default:
    return done(pl);
  }
}

/* The page once the matches are counted: partial matches fill a page the
 * others leave short (only for two or more words: part of a single word,
 * 카카오 of 카카오뱅크, is not what its reader asked for), ranked below
 * them; exact spellings rank above spacing variants. */
static search_step next_page(search_plan *pl) {
  const ns_search_params *p = pl->p;
  if (pl->stage != S_COUNT_RELAXED) {
    set_total(pl, pl->matches);
    if (pl->matches < p->offset + p->limit && pl->words >= 2) {
      pl->relaxed_used = 1;
      return count(pl, S_COUNT_RELAXED, pl->relaxed, 0);
    }
  }
  int tiers = pl->spaced + pl->relaxed_used;
  /* The exact spellings alone fill the page: theirs, without tiers. */
  if (!pl->relaxed_used && tiers == 1 && pl->exact >= p->offset + p->limit)
    return rank(pl, S_RANK_FINAL, pl->strict, as_rows(pl, pl->exact),
                newest_window(pl, pl->exact), p->offset, p->limit);
  search_step st =
      rank(pl, S_RANK_FINAL, pl->relaxed_used ? pl->relaxed : pl->spaced_expr,
           pl->relaxed_used || pl->strategy != PLAN_COUNT_FIRST
               ? -1
               : as_rows(pl, pl->matches),
           pl->relaxed_used || tiers ? 0 : newest_window(pl, pl->matches),
           p->offset, p->limit);
  st.rank.tier_exprs[0] = tiers >= 1 ? pl->strict : NULL;
  st.rank.tier_exprs[1] = tiers == 2 ? pl->spaced_expr : NULL;
  return st;
}

search_step search_plan_next(search_plan *pl, int hits) {
  const ns_search_params *p = pl->p;
  if (pl->stage == S_DONE || pl->stage == S_RANK_FINAL) return done(pl);
  if (pl->strategy == PLAN_ONE_PREFIX_WORD)
    return next_one_prefix_word(pl, hits);
  switch (pl->stage) {
  case S_START:
    if (pl->strategy == PLAN_SPACED)
      /* Exact spellings rank above spacing variants, so they are counted
       * first: when they alone fill the page it is theirs, and past the
       * cap they also give the total's lower bound. The variants (one
       * phrase per place a space could go, often over very common
       * bigrams: 대 한민국, 이 사회) then need neither a count nor a
       * ranking pass. */
      return count(pl, S_COUNT_EXACT, pl->strict, pl->one_phrase);
    if (pl->strategy == PLAN_RANK_COUNTS) {
      /* ns_bm25 counts the rows it scores, and past the exact-count cap
       * it stops the ranking, which starts again over the newest window. */
      search_step st = rank(pl, S_RANK_COUNTING, pl->spaced_expr, -1, 0,
                            p->offset, p->limit);
      st.rank.stop_after = CAP;
      return st;
    }
    return count(pl, S_COUNT_SPACED, pl->spaced_expr, pl->one_phrase);
  case S_COUNT_EXACT:
    if (pl->exact > CAP && pl->exact >= p->offset + p->limit) {
      set_total(pl, pl->exact);
      return rank(pl, S_RANK_FINAL, pl->strict, as_rows(pl, pl->exact),
                  newest_window(pl, pl->exact), p->offset, p->limit);
    }
    return count(pl, S_COUNT_SPACED, pl->spaced_expr, 0);
  case S_RANK_COUNTING:
    if (pl->matches > CAP)
      return rank(pl, S_RANK_NEWEST, pl->spaced_expr, -1,
                  newest_window(pl, pl->matches), p->offset, p->limit);
    /* fall through */
  case S_RANK_NEWEST:
    if (pl->matches >= p->offset + p->limit || pl->words < 2) {
      set_total(pl, pl->matches);
      return done(pl);
    } else {
      search_step st = next_page(pl); /* fewer than a page: relaxed */
      st.drop_hits = 1;
      return st;
    }
  default: /* S_COUNT_SPACED, S_COUNT_RELAXED */
    return next_page(pl);
  }
}

void search_plan_learn(search_plan *pl, long n) {
  switch (pl->stage) {
  case S_COUNT_WHOLE:
    pl->n_whole = n;
    break;
  case S_COUNT_PREFIX:
    set_total(pl, n);
    break;
  case S_COUNT_RELAXED:
    /* the partial matches counted hold the whole ones */
    pl->total_partial = n > CAP ? CAP : n;
    pl->total_partial -=
        pl->total < pl->total_partial ? pl->total : pl->total_partial;
    pl->total_partial_is_lower_bound = n > CAP;
    break;
  case S_COUNT_EXACT:
    pl->exact = n;
    break;
  case S_RANK_COUNTING:
  case S_COUNT_SPACED:
    pl->matches = n;
    break;
  default:
    break; /* a page: what it scored is not needed */
  }
}

search_step search_plan_fallback(search_plan *pl) {
  const ns_search_params *p = pl->p;
  int relax = pl->words >= 2;
  pl->relaxed_used = relax;
  search_step st =
      rank(pl, S_DONE, relax ? pl->relaxed : pl->spaced_expr, -1,
           p->offset + p->limit + NS_RANK_TIE_MARGIN, p->offset, p->limit);
  /* the whole matches first, and told apart from the partial ones */
  if (relax) st.rank.tier_exprs[0] = pl->spaced_expr;
  return st;
}
