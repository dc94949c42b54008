/*
 * synonyms.h: groups of words that mean the same thing in the news (카톡,
 * 카카오톡; 한은, 한국은행), applied at query time both ways.
 *
 * A synonyms file has one group per line, its words separated by commas;
 * `#` starts a comment; blank lines are skipped; UTF-8. A word may have
 * spaces in it (a phrase). Words are compared as the index compares them:
 * NFKC, case folded, runs of spaces as one. A word in several groups has
 * the words of all of them.
 *
 *   # abbreviations of ministries
 *   고용부, 고용노동부
 *   카톡, 카카오톡
 *   뉴욕 타임스, NYT
 */
#ifndef NEWSSEARCH_SYNONYMS_H
#define NEWSSEARCH_SYNONYMS_H

#include "newssearch/error.h"

#include <stddef.h>

/* Longest word of a group, in bytes, and most words in one group: a query
 * word expands to at most NS_SYNONYMS_MAX_WORDS phrases. */
#define NS_SYNONYM_MAX_BYTES 200
#define NS_SYNONYMS_MAX_WORDS 32

typedef struct ns_synonyms ns_synonyms;

/* Parses text[0..len) in the file format above into *out (free with
 * ns_synonyms_free), adding to the groups of base (may be NULL; copied,
 * not kept). name says where the text came from in messages. Returns 0,
 * or -1 with *err (NS_ERR_USAGE): "NAME:LINE: reason". */
int ns_synonyms_parse(const char *name, const char *text, size_t len,
                      const ns_synonyms *base, ns_synonyms **out,
                      ns_error *err);

/* Reads the file at path and parses it on top of base (may be NULL), as
 * ns_synonyms_parse. Returns 0, or -1 with *err naming the file. */
int ns_synonyms_load(const char *path, const ns_synonyms *base,
                     ns_synonyms **out, ns_error *err);

/* The list shipped with newssearch (index/search/synonyms_shipped.c),
 * parsed once per process; owned by the library, never freed. NULL only
 * when out of memory. */
const ns_synonyms *ns_synonyms_shipped(void);

/* Frees s (NULL is fine). Never pass ns_synonyms_shipped(). */
void ns_synonyms_free(ns_synonyms *s);

/* How many groups and distinct words s holds. */
size_t ns_synonyms_groups(const ns_synonyms *s);
size_t ns_synonyms_words(const ns_synonyms *s);

/* Calls fn with each other word of every group that holds word[0..n)
 * (compared normalized), each once, at most NS_SYNONYMS_MAX_WORDS. The
 * words are s's (as the file first wrote them, spaces made one;
 * NUL-terminated) and last as long as s. A
 * non-zero return of fn stops and is returned; else the number of words
 * passed. */
int ns_synonyms_of(const ns_synonyms *s, const char *word, size_t n,
                   int (*fn)(void *ctx, const char *synonym), void *ctx);

#endif
