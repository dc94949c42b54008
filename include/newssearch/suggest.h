/*
 * suggest.h: completing the last word of what a reader is typing, from the
 * vocabulary of the index (words of titles and bodies, by the number of
 * articles they occur in). The last word may be cut anywhere a keyboard
 * cuts it: inside a syllable (대토 → 대통령), after a lone consonant
 * (대ㅌ), or be initial consonants only (ㄷㅌㄹ → 대통령); Latin words
 * complete too (kak → kakao).
 */
#ifndef NEWSSEARCH_SUGGEST_H
#define NEWSSEARCH_SUGGEST_H

#include "newssearch/error.h"
#include "newssearch/store.h"

#include <stddef.h>

#define NS_SUGGEST_DEFAULT 8
#define NS_SUGGEST_MAX 20

typedef struct ns_suggestion {
  char *text; /* the whole query with its last word completed */
  long count; /* articles the completed word occurs in */
} ns_suggestion;

typedef struct ns_suggest_result {
  ns_suggestion *items;
  int n;
} ns_suggest_result;

/* Suggests up to limit (1..NS_SUGGEST_MAX) completions of text (n bytes)
 * from s into *out (free with ns_suggest_result_clear), most articles
 * first; none when text ends in a space or its last word is nothing a
 * keyboard types. Returns 0, or -1 with *err (NS_ERR_QUERY for a bad
 * limit or text that is not valid UTF-8 or holds a NUL, else the
 * store's). */
int ns_suggest(ns_store *s, const char *text, size_t n, int limit,
               ns_suggest_result *out, ns_error *err);

/* {"query": text, "suggestions": [{"text", "count"}, ...]}, malloc'd,
 * caller frees; NULL when out of memory. */
char *ns_suggest_json(const char *text, size_t n, const ns_suggest_result *r);

/* Frees what r holds and zeroes it. */
void ns_suggest_result_clear(ns_suggest_result *r);

#endif
