/*
 * query.h: the search-box language. Parses what a reader types into terms
 * and turns them into FTS5 MATCH expressions; user text only ever reaches
 * FTS5 inside quoted strings, so every input string is a valid query.
 *
 *   words          all must match (AND)
 *   "exact phrase" the words in this order
 *   -word          must not match
 *   a OR b         either
 *   title:word     in the title only (also title:"a phrase")
 */
#ifndef NEWSSEARCH_QUERY_H
#define NEWSSEARCH_QUERY_H

#include "newssearch/error.h"

#include <stddef.h>

/* Limits that keep a pasted page of text an ordinary query: later terms and
 * longer words are cut (the cut is stated in the README). */
#define NS_QUERY_MAX_TERMS 32
#define NS_QUERY_MAX_TERM_TOKENS 32

typedef struct ns_query_term {
  char *text;      /* the word or phrase as typed (NULs and quotes removed) */
  int phrase;      /* typed in quotes */
  int negated;     /* -word */
  int title_only;  /* title:word */
  int prefix;      /* a one-character word, or the query's last Latin word:
                      matched as a token prefix */
  int whole_token; /* matched only as whole tokens, at every level, never
                      as a prefix (a search's budget narrowed it) */
  int or_group;    /* terms joined by OR share a non-zero group number */
  int n_tokens;    /* query-mode tokens of text */
  /* Other spellings it also matches, each as a phrase (its synonyms, the
   * Hangul reading of its Hanja), ranked a little below the spelling
   * typed; malloc'd with the term. */
  char **alts;
  int n_alts;
  /* The headline Hanja whose reading the term is (미국: 美), found through
   * the readings columns; static; NULL when none. */
  const char *hanja;
} ns_query_term;

/* Which columns of the index a query reads. */
typedef enum ns_query_columns {
  NS_COLUMNS_TEXT = 0, /* the index has title and body only (a database
                          older than the readings columns) */
  NS_COLUMNS_READINGS, /* title and body, and the Hangul readings of their
                          Hanja (title_r, body_r) */
  NS_COLUMNS_AS_TYPED  /* the index has readings, but the search is of what
                          was typed: title and body only */
} ns_query_columns;

typedef struct ns_query {
  ns_query_term *terms;
  int n;
  ns_query_columns columns;
} ns_query;

/* How loosely an expression matches. */
typedef enum ns_match_level {
  NS_MATCH_STRICT = 0,  /* every term as typed */
  NS_MATCH_SPACED,      /* Hangul words may also match with one space inside */
  NS_MATCH_RELAXED,     /* any bigram of any term: for questions and long
                           queries that find less than a page */
  NS_MATCH_WHOLE_TOKENS /* as STRICT, but prefix words only as whole tokens
                          (손 alone or ending a word; kakao as a word) */
} ns_match_level;

/* Parses text (len bytes, any bytes) into *out (zeroed by the caller; free
 * with ns_query_clear). Returns 0, or -1 with *err: "empty query" when no
 * term holds a letter or digit, or when every term is excluded. */
int ns_query_parse(const char *text, size_t len, ns_query *out, ns_error *err);

/* Frees what q holds and zeroes it. */
void ns_query_clear(ns_query *q);

/* The FTS5 MATCH expression for q at level (malloc'd, caller frees), or
 * NULL when out of memory. */
char *ns_query_match_expr(const ns_query *q, ns_match_level level);

/* What ns_bm25 needs to rank the expression of q at level as one term
 * per query word: for each phrase of the expression in order, its group
 * (the query word's index for a word with other spellings, 1000 and up
 * for a phrase that is a group of its own) and "e" after an equivalent
 * spelling ("0,0e,1002"); at level RELAXED, "w" and the query word of
 * each phrase after it ("1000w0,1001w0,1002w1"), for proximity. Malloc'd;
 * NULL when no term has other spellings at the other levels (every phrase
 * is its own group) or out of memory (*oom set). */
char *ns_query_rank_groups(const ns_query *q, ns_match_level level, int *oom);

/* What a partial match of q must share with it (ns_partial in
 * index/store/rank_partial.c): one entry per phrase of q's relaxed
 * expression, in FTS5's order, "W:K" for the K-th token of the W-th term,
 * "Wa" for a phrase that is the term whole (its phrase, or an other
 * spelling), "x" for a phrase of an excluded term;
 * comma-separated. Malloc'd, caller frees; NULL when out of memory. */
char *ns_query_partial_spec(const ns_query *q);

/* Adds to the terms of q the spellings they also match: synonyms from syn
 * (may be NULL: none) and the Hangul reading of words typed in Hanja,
 * merging consecutive words that make one multi-word synonym into a
 * phrase; and the headline Hanja of Hangul words when q reads the
 * readings columns. Returns 0, or -1 when out of memory. */
struct ns_synonyms;
int ns_query_expand(ns_query *q, const struct ns_synonyms *syn);

/* True when level SPACED differs from STRICT for q: some Hangul word can be
 * split into parts of two or more syllables each. */
int ns_query_has_spacing_variants(const ns_query *q);

#endif
