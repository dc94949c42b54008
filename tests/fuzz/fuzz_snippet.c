/*
 * fuzz_snippet.c: marking query words in a text and cutting the excerpt of
 * a result. The input is a flags byte, then the text and up to three terms
 * separated by NUL bytes:
 *
 *   flags | text \0 term \0 term \0 term
 *
 * flags bits 0-2 make terms 1-3 prefixes (search as you type), bit 3 turns
 * on HTML escaping. Each part is copied into a buffer of its own exact
 * size, so AddressSanitizer sees a read one byte past the text or a term.
 * Checked: spans lie in the text, sorted and merged, naming a real term;
 * snippets are valid UTF-8 with whitespace collapsed, and with escaping on
 * every mark that opens closes.
 */
#include "fuzz_check.h"

#include "newssearch/snippet.h"

#include <limits.h>
#include <stdint.h>

#define MAX_TERMS 3

/* A malloc'd copy of s[0..n), exactly n bytes (at least one allocated). */
static char *exact_copy(const uint8_t *s, size_t n) {
  char *p = malloc(n ? n : 1);
  FUZZ_CHECK(p != NULL, "out of memory in the harness");
  if (n) memcpy(p, s, n);
  return p;
}

static void check_spans(const char *text, int len, const ns_mark_term *terms,
                        int n_terms) {
  ns_span *spans = NULL;
  int n = ns_match_spans(text, len, terms, n_terms, &spans);
  FUZZ_CHECK(n >= 0, "ns_match_spans() failed without running out of memory");
  FUZZ_CHECK(n > 0 || spans == NULL, "no spans but *spans is not NULL");
  for (int i = 0; i < n; i++) {
    const ns_span *s = &spans[i];
    FUZZ_CHECK(0 <= s->start && s->start < s->end && s->end <= len,
               "span outside the text");
    FUZZ_CHECK(0 <= s->term && s->term < n_terms, "span names no term");
    FUZZ_CHECK(i == 0 || s->start > spans[i - 1].end,
               "spans not sorted, or overlapping or touching spans not merged");
  }
  free(spans);
}

/* Marks open and close in turn, and none is left open. */
static void check_marks(const char *s) {
  int open = 0;
  for (const char *p = strchr(s, '<'); p != NULL; p = strchr(p + 1, '<')) {
    if (strncmp(p, "<mark>", 6) == 0) {
      FUZZ_CHECK(!open, "a mark opens inside a mark");
      open = 1;
    } else if (strncmp(p, "</mark>", 7) == 0) {
      FUZZ_CHECK(open, "a mark closes that never opened");
      open = 0;
    } else {
      FUZZ_CHECK(0, "an unescaped '<' with escape_html on");
    }
  }
  FUZZ_CHECK(!open, "a mark is left open");
}

static void check_snippet(const char *text, size_t len,
                          const ns_mark_term *terms, int n_terms,
                          const ns_snippet_style *style) {
  char *s = ns_snippet_build(text, len, terms, n_terms, style);
  FUZZ_CHECK(s != NULL, "ns_snippet_build() returned NULL");
  FUZZ_CHECK(fuzz_utf8_valid(s, strlen(s)), "snippet is not valid UTF-8");
  FUZZ_CHECK(strpbrk(s, "\t\n\v\f\r") == NULL && strstr(s, "  ") == NULL,
             "whitespace in the snippet is not collapsed");
  if (style != NULL && style->escape_html) check_marks(s);
  free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0 || size > INT_MAX) return 0;
  unsigned flags = data[0];
  const uint8_t *p = data + 1, *end = data + size;

  const uint8_t *cut = memchr(p, 0, (size_t)(end - p));
  size_t text_len = (size_t)((cut ? cut : end) - p);
  char *text = exact_copy(p, text_len);
  p = cut ? cut + 1 : end;

  ns_mark_term terms[MAX_TERMS];
  char *copies[MAX_TERMS];
  int n_terms = 0;
  while (cut != NULL && n_terms < MAX_TERMS) {
    cut = memchr(p, 0, (size_t)(end - p));
    size_t n = (size_t)((cut ? cut : end) - p);
    copies[n_terms] = exact_copy(p, n);
    /* bits 0-2: prefix of the first three terms; 4-6: their readings */
    terms[n_terms] = (ns_mark_term){copies[n_terms], n, (flags >> n_terms) & 1,
                                    (flags >> (4 + n_terms)) & 1};
    n_terms++;
    p = cut ? cut + 1 : end;
  }

  check_spans(text, (int)text_len, terms, n_terms);
  int escape = (flags >> 3) & 1;
  ns_snippet_style whole = {0, "<mark>", "</mark>", escape};
  ns_snippet_style window = {40, "<mark>", "</mark>", escape};
  check_snippet(text, text_len, terms, n_terms, &whole);
  check_snippet(text, text_len, terms, n_terms, &window);
  check_snippet(text, text_len, terms, n_terms, NULL);

  for (int i = 0; i < n_terms; i++)
    free(copies[i]);
  free(text);
  return 0;
}
