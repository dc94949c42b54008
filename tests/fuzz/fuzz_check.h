/*
 * fuzz_check.h: the invariants the fuzz targets assert, beyond "does not
 * crash": a strict UTF-8 check written apart from the code under test (so
 * the two cannot share a mistake) and the promises of ns_article. A broken
 * invariant prints what broke and aborts, which libFuzzer reports as a
 * crash with the input that caused it. Header-only: each target is one
 * translation unit.
 */
#ifndef NS_FUZZ_CHECK_H
#define NS_FUZZ_CHECK_H

#include "newssearch/article.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Aborts with a message when cond is false. */
#define FUZZ_CHECK(cond, what)                                                 \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "fuzz invariant broken: %s (%s, %s:%d)\n", (what),       \
              #cond, __FILE__, __LINE__);                                      \
      abort();                                                                 \
    }                                                                          \
  } while (0)

/* True when s[0..n) is well-formed UTF-8 (RFC 3629): no stray continuation
 * bytes, truncated sequences, overlong forms, surrogates or values past
 * U+10FFFF. The second-byte ranges are those of the Unicode Standard's
 * Table 3-7. */
static inline int fuzz_utf8_valid(const char *s, size_t n) {
  const unsigned char *z = (const unsigned char *)s;
  size_t i = 0;
  while (i < n) {
    unsigned c = z[i];
    size_t len;
    unsigned lo = 0x80, hi = 0xBF;
    if (c < 0x80) {
      i++;
      continue;
    }
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      lo = c == 0xE0 ? 0xA0 : 0x80;
      hi = c == 0xED ? 0x9F : 0xBF;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      lo = c == 0xF0 ? 0x90 : 0x80;
      hi = c == 0xF4 ? 0x8F : 0xBF;
    } else {
      return 0;
    }
    if (n - i < len || z[i + 1] < lo || z[i + 1] > hi) return 0;
    for (size_t k = 2; k < len; k++)
      if ((z[i + k] & 0xC0) != 0x80) return 0;
    i += len;
  }
  return 1;
}

/* A string of an article: NULL (absent) or valid UTF-8. */
static inline void fuzz_check_string(const char *s, const char *field) {
  if (s != NULL) FUZZ_CHECK(fuzz_utf8_valid(s, strlen(s)), field);
}

/* What article.h promises of a parsed article: a title ("" when there is
 * none), valid UTF-8 everywhere, and a date that is "" or
 * "YYYY-MM-DDTHH:MM:SSZ". */
static inline void fuzz_check_article(const ns_article *a) {
  FUZZ_CHECK(a->title != NULL, "article without a title string");
  fuzz_check_string(a->key, "key is not valid UTF-8");
  fuzz_check_string(a->title, "title is not valid UTF-8");
  fuzz_check_string(a->body, "body is not valid UTF-8");
  fuzz_check_string(a->excerpt, "excerpt is not valid UTF-8");
  fuzz_check_string(a->url, "url is not valid UTF-8");
  for (int i = 0; i < a->categories.n; i++)
    fuzz_check_string(a->categories.items[i], "category is not valid UTF-8");
  for (int i = 0; i < a->tags.n; i++)
    fuzz_check_string(a->tags.items[i], "tag is not valid UTF-8");
  const char *nul = memchr(a->date, '\0', NS_DATE_LEN);
  FUZZ_CHECK(nul != NULL, "date is not NUL-terminated");
  size_t n = (size_t)(nul - a->date);
  FUZZ_CHECK(n == 0 || (n == 20 && a->date[4] == '-' && a->date[10] == 'T' &&
                        a->date[19] == 'Z'),
             "date is neither \"\" nor YYYY-MM-DDTHH:MM:SSZ");
}

#endif
