/*
 * fail_alloc.c: the malloc and realloc wrappers of fail_alloc.h. Only the
 * allocations of code linked into the test program are seen (shared
 * libraries such as SQLite or jansson keep their own).
 */
#include "fail_alloc.h"

#include <stddef.h>

void *__real_malloc(size_t n);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_realloc(void *p, size_t n);

static long countdown = -1; /* allocations left before one fails */
static int hit;

void ns_fail_alloc_after(long n) {
  countdown = n;
  if (n >= 0) hit = 0;
}

int ns_fail_alloc_hit(void) { return hit; }

static int fail_now(void) {
  if (countdown < 0 || countdown-- > 0) return 0;
  hit = 1;
  return 1;
}

void *__wrap_malloc(size_t n) { return fail_now() ? NULL : __real_malloc(n); }

void *__wrap_realloc(void *p, size_t n) {
  return fail_now() ? NULL : __real_realloc(p, n);
}
