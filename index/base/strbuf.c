/*
 * strbuf.c: the growing string of strbuf.h.
 */
#include "strbuf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void ns_strbuf_put(ns_strbuf *b, const char *s, size_t n) {
  if (b->oom) return;
  if (n > SIZE_MAX - b->n - 1) {
    b->oom = 1;
    return;
  }
  if (b->n + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->n + n + 1)
      cap = cap > SIZE_MAX / 2 ? SIZE_MAX : cap * 2;
    char *p = realloc(b->p, cap);
    if (p == NULL) {
      b->oom = 1;
      return;
    }
    b->p = p;
    b->cap = cap;
  }
  if (n) memcpy(b->p + b->n, s, n);
  b->n += n;
  b->p[b->n] = '\0';
}

void ns_strbuf_puts(ns_strbuf *b, const char *s) {
  if (s != NULL) ns_strbuf_put(b, s, strlen(s));
}

char *ns_strbuf_finish(ns_strbuf *b) {
  char *p = b->oom ? NULL : b->p;
  if (b->oom) free(b->p);
  b->p = NULL;
  b->n = b->cap = 0;
  b->oom = 0;
  return p;
}
