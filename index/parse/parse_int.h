/*
 * parse_int.h: what the parse_*.c files share. Private to index/.
 */
#ifndef NS_INDEX_PARSE_INT_H
#define NS_INDEX_PARSE_INT_H

#include "newssearch/parse.h"

#include <stddef.h>

/* Fills err with line and a printf-style message; returns -1. */
int ns_parse_fail(ns_parse_error *err, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Fills *err with "out of memory" (no_memory set). Returns -1. */
int ns_parse_oom(ns_parse_error *err);

/* Whether the n bytes at s (just after a '<') open or close a tag named
 * name, in any case: "p>", "/P>", "p class=..." all count for "p". */
int ns_html_opens_tag(const char *s, size_t n, const char *name);

/* Whether s (n bytes) holds a tag named in tags (NULL-terminated). Decides
 * whether a body is HTML; "<앵커>" or "a < b" in plain text is not. */
int ns_html_has_tag(const char *s, size_t n, const char *const *tags);

/* Nesting deeper than this is refused before gumbo parses a page (see
 * html_guard.c): 85 times the deepest real article, far below where gumbo
 * turns slow or runs out of stack. */
#define NS_HTML_MAX_DEPTH 512

/* Prepares html (len bytes) for gumbo: a copy without formatting tags in
 * *out (malloc'd, NUL-terminated, *out_len bytes), and in *depth an upper
 * bound of the nesting gumbo will build, first reached at 1-based *line of
 * html; reading stops once max_depth is passed. Returns 0, or -1 when out
 * of memory. */
int ns_html_guard(const char *html, size_t len, int max_depth, char **out,
                  size_t *out_len, int *depth, int *line);

#endif
