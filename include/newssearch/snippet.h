/*
 * snippet.h: finding where query terms occur in a text and building the
 * highlighted excerpt shown in a result list.
 *
 * Matching reuses the "hangul" tokenizer (ns_tokenize), so a term matches
 * exactly where the index says it does: NFD, fullwidth and upper-case text
 * match their normalized query, a Korean word matches inside a longer word
 * (카카오톡 in 카카오톡과), and a one-character word (톡, 美) matches as a
 * token prefix. What gets marked is the characters of the query words, never
 * a whole bigram: 톡 in 카카오톡과 marks 톡, not 톡과. All offsets are byte
 * offsets into the caller's text, whose bytes may be any bytes at all.
 */
#ifndef NEWSSEARCH_SNIPPET_H
#define NEWSSEARCH_SNIPPET_H

#include <stddef.h>

/* One thing to mark. The caller decides what to pass (negated and
 * title-only terms are its business). */
typedef struct ns_mark_term {
  const char *text; /* a query word or an exact phrase, as the user typed it
                       (any bytes) */
  size_t len;
  int prefix; /* its last word may match as a token prefix (search-as-you-type)
               */
  int readings; /* also where the text's Hanja read as it (美 for 미국) */
} ns_mark_term;

/* A marked stretch of text, [start, end). After merging, term is the index
 * of the term of the earliest span that went into it. */
typedef struct ns_span {
  int start, end;
  int term;
} ns_span; /* byte offsets into the text */

/* How ns_snippet_build() cuts and marks. A NULL mark string counts as "". */
typedef struct ns_snippet_style {
  int window_chars; /* about this many characters of text; 0 = the whole text
                       (titles) */
  const char *mark_open; /* e.g. "<mark>" or "\033[1m" */
  const char *mark_close;
  int escape_html; /* escape & < > " ' in everything that is not a mark */
} ns_snippet_style;

/* Finds where terms occur in text: fills *spans (malloc'd, caller frees) sorted
 * by start, merged where they overlap. Returns the number of spans, or -1 when
 * out of memory. */
/* Spans that touch are merged too; with no span *spans is set to NULL. */
int ns_match_spans(const char *text, int len, const ns_mark_term *terms,
                   int n_terms, ns_span **spans);

/* As ns_match_spans(), in one pass over text, but a span is merged only with
 * spans of its own term, and *spans is sorted by term, then start: each span
 * keeps its one term. */
int ns_match_spans_per_term(const char *text, int len,
                            const ns_mark_term *terms, int n_terms,
                            ns_span **spans);

/* The best window of text with every match marked. Returns a malloc'd
 * NUL-terminated string (caller frees), or NULL when out of memory. */
/* The result is valid UTF-8 (bad bytes and NUL become U+FFFD) with runs of
 * whitespace collapsed to one space. A NULL style means the whole text,
 * unmarked and unescaped. */
char *ns_snippet_build(const char *text, size_t len, const ns_mark_term *terms,
                       int n_terms, const ns_snippet_style *style);

#endif
