/*
 * store_search.h: the reads a search is made of, as the store runs them:
 * counting the matches of a MATCH expression and ranking a page of them.
 * The search layer (index/search/) decides which to run; the SQL is here.
 * Private to index/.
 */
#ifndef NS_INDEX_STORE_SEARCH_H
#define NS_INDEX_STORE_SEARCH_H

#include "newssearch/error.h"
#include "newssearch/parse.h"
#include "newssearch/search.h"
#include "newssearch/store.h"

/* A read stopped before its end, with nothing in *err: the deadline set by
 * ns_store_set_deadline passed. */
#define NS_STORE_STOPPED 1

/* Matches ranked past the page's end before their articles are joined:
 * matches tied on score go to the newest article, which takes its date
 * from the articles table, and a run of ties at the page's edge can reach
 * past it. The margin bounds how far such a run is followed, at the cost
 * of joining that many more rows per page. */
#define NS_RANK_TIE_MARGIN 64

/* What narrows every read of one search; empty strings and NULL: none. */
typedef struct ns_match_filters {
  char since[NS_DATE_LEN], until[NS_DATE_LEN]; /* as ns_date_normalize */
  const char *category;                        /* exact category name */
} ns_match_filters;

/* One ranking: the matches of expr, those that also match tier_exprs[0]
 * and then tier_exprs[1] (NULL: no such tier) above the rest; within a
 * tier by relevance (or date), then newest first. */
typedef struct ns_rank_query {
  const char *expr;
  const char *tier_exprs[2];
  /* The rows of expr when it is one phrase without filters, as counted by
   * ns_store_count_phrase_rows (BM25's document frequency, which ns_bm25
   * then does not count again); -1 otherwise. */
  long expr_rows;
  /* The rank groups of expr's phrases (ns_query_rank_groups: digits,
   * commas and 'e' only), or NULL: each phrase its own. */
  const char *groups;
  const ns_match_filters *filters;
  ns_sort sort;
  double half_life_days; /* NS_SORT_RECENT */
  int newest;            /* only the newest this many matches; 0: all */
  int offset, limit;     /* the rows of the ranking returned */
  /* Stop the ranking once it has scored more than this many matches: the
   * page then has no rows, and *scored says why; 0: never. */
  long stop_after;
  /* One row per story: its best-ranked copy (where s has stories). */
  int collapse;
  /* The matches must share this much with the query (ns_partial's spec,
   * ns_query_partial_spec); NULL: every match. */
  const char *partial_spec;
} ns_rank_query;

/* One row of a ranked page; the strings belong to the store and last until
 * the callback returns. */
typedef struct ns_ranked_row {
  const char *key, *title, *url, *published, *category, *body;
  int body_len;
  double score;            /* higher is better */
  int tier;                /* how many of the ranking's tiers the row matched */
  sqlite3_int64 story, id; /* the article's story and its row id */
} ns_ranked_row;

/* Called for each row of a page in rank order; non-zero stops the page
 * (out of memory). */
typedef int (*ns_ranked_row_fn)(void *ctx, const ns_ranked_row *row);

/* Counts the matches of expr under f that share with the query what
 * partial_spec asks (NULL: every match), up to cap + 1, into *n. Returns
 * 0, NS_STORE_STOPPED, or -1 with *err. */
int ns_store_count_matches(ns_store *s, const char *expr,
                           const ns_match_filters *f, const char *partial_spec,
                           long cap, long *n, ns_error *err);

/* Counts the rows of expr, one phrase without filters, exactly up to
 * cap + 1, the way BM25 counts its document frequency, into *n. Returns 0,
 * NS_STORE_STOPPED, or -1 with *err. */
int ns_store_count_phrase_rows(ns_store *s, const char *expr, long cap, long *n,
                               ns_error *err);

/* Ranks q and calls each for the rows of its page, up to q->limit of
 * them. *scored (may be NULL) becomes the number of matches scored.
 * Returns 0, NS_STORE_STOPPED (the rows delivered so far stand), or -1
 * with *err (also when each returned non-zero: out of memory). */
int ns_store_rank_page(ns_store *s, const ns_rank_query *q,
                       ns_ranked_row_fn each, void *ctx, long *scored,
                       ns_error *err);

/* The other articles of story (all but the article self) that match expr
 * under f: *n counts them (up to 100), and each of the first max_keys,
 * newest first, is given to each. Returns 0, NS_STORE_STOPPED, or -1 with
 * *err (also when each returned non-zero: out of memory). */
int ns_store_story_copies(ns_store *s, const char *expr,
                          const ns_match_filters *f, sqlite3_int64 story,
                          sqlite3_int64 self, int max_keys,
                          int (*each)(void *ctx, const char *key), void *ctx,
                          long *n, ns_error *err);

/* The leaf pages FTS5 reads to expand the prefix term prefix (every
 * indexed term that starts with it), estimated from its page directory
 * with a few index seeks (store_cost.c). Returns the count, or -1 with
 * *err. */
long ns_store_prefix_pages(ns_store *s, const char *prefix, ns_error *err);

/* True when s's index has the readings columns title_r and body_r
 * (schema version 3; a reader of an older file searches without them
 * until a writer migrates it). */
int ns_store_has_readings(const ns_store *s);

/* True when s's articles are grouped into stories (schema version 4; an
 * older file is searched without grouping until a writer migrates it). */
int ns_store_has_stories(const ns_store *s);

/* Starts one read transaction for the reads that follow, so that they see
 * the same snapshot and take the WAL's read lock once. Returns 1 when it
 * began one (end it with ns_store_read_end), 0 when one was already open
 * or none could begin. */
int ns_store_read_begin(ns_store *s);

/* Ends the read transaction begun by ns_store_read_begin. */
void ns_store_read_end(ns_store *s);

/* Reads on s stop (NS_STORE_STOPPED) once the monotonic clock passes
 * ms from now; ms <= 0 clears the deadline. */
void ns_store_set_deadline(ns_store *s, double ms);

/* True when a read was stopped at the deadline since it was last set. */
int ns_store_deadline_passed(const ns_store *s);

#endif
