/*
 * strbuf.h: a growing, always NUL-terminated string with a sticky
 * out-of-memory flag, so a long run of appends needs one check at the end
 * (the FTS5 habit). Private to index/.
 */
#ifndef NS_INDEX_STRBUF_H
#define NS_INDEX_STRBUF_H

#include <stddef.h>

typedef struct ns_strbuf {
  char *p;       /* NULL until the first append */
  size_t n, cap; /* length without the NUL; allocated size */
  int oom;       /* set by a failed append; later appends do nothing */
} ns_strbuf;

/* Appends s[0..n) (n may be 0: the buffer then exists and holds ""). */
void ns_strbuf_put(ns_strbuf *b, const char *s, size_t n);

/* Appends the C string s; NULL appends nothing. */
void ns_strbuf_puts(ns_strbuf *b, const char *s);

/* Hands over the string (the caller frees it), or frees it and returns
 * NULL after an out-of-memory; b is left empty. */
char *ns_strbuf_finish(ns_strbuf *b);

#endif
