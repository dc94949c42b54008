/*
 * test_tokenizer_edges.c: inputs at the edges: empty text, only separators,
 * a 10 MB run of one syllable, and invalid or random bytes. Every token must
 * lie inside the input, be non-empty valid UTF-8, start no earlier than the
 * token before it and follow FTS5's rule that the first token is not
 * colocated.
 */
#include "check.h"

#include "newssearch/tokenizer.h"

#include <stdint.h>
#include <stdlib.h>

typedef struct tally {
  int n_text;
  long tokens, colocated, bad;
  int last_start;
  char first[16];
  char last[16];
} tally;

static int valid_utf8(const unsigned char *z, int n) {
  for (int i = 0; i < n;) {
    int len = z[i] < 0x80 ? 1 : z[i] < 0xE0 ? 2 : z[i] < 0xF0 ? 3 : 4;
    if (z[i] >= 0x80 && (z[i] < 0xC2 || z[i] > 0xF4)) return 0;
    if (i + len > n) return 0;
    for (int k = 1; k < len; k++)
      if ((z[i + k] & 0xC0) != 0x80) return 0;
    i += len;
  }
  return 1;
}

static int count(void *ctx, int flags, const char *tok, int n, int start,
                 int end) {
  tally *t = ctx;
  int ok = n > 0 && start >= 0 && end <= t->n_text && start < end &&
           start >= t->last_start &&
           valid_utf8((const unsigned char *)tok, n) &&
           !(t->tokens == 0 && (flags & NS_TOKEN_COLOCATED));
  if (!ok) t->bad++;
  if (flags & NS_TOKEN_COLOCATED) t->colocated++;
  if (t->tokens == 0 && n < 16) snprintf(t->first, 16, "%.*s", n, tok);
  if (n < 16) snprintf(t->last, 16, "%.*s", n, tok);
  t->tokens++;
  t->last_start = start;
  return 0;
}

static tally run(const char *text, int n, int mode) {
  tally t = {0};
  t.n_text = n;
  CHECK_INT(ns_tokenize(text, n, mode, count, &t), 0);
  CHECK(t.bad == 0, "%ld malformed tokens", t.bad);
  return t;
}

static void test_empty_and_separators(void) {
  CHECK_INT(run("", 0, NS_TOKENIZE_DOCUMENT).tokens, 0);
  CHECK_INT(run("", 0, NS_TOKENIZE_QUERY).tokens, 0);
  const char *seps = " \t\r\n.,!?…·「」『』()[]{}<>\"'-_/\\|@#$%^&*~`";
  CHECK_INT(run(seps, (int)strlen(seps), NS_TOKENIZE_DOCUMENT).tokens, 0);
}

/* The FTS5 contract hands the tokenizer a length, not a C string: bytes past
 * n_text must never be read (ASan catches it) and a NUL is a separator. */
static void test_length_not_nul(void) {
  tally t = run("가나다", 6, NS_TOKENIZE_DOCUMENT);
  CHECK_INT(t.tokens, 2); /* 가나, 나 */
  t = run("가\0나", 7, NS_TOKENIZE_DOCUMENT);
  CHECK_INT(t.tokens, 2); /* 가, 나: NUL separates */
}

static void test_ten_megabyte_run(void) {
  const int syllables = 3500000; /* 10.5 MB of 가 */
  char *text = malloc((size_t)syllables * 3);
  CHECK(text != NULL, "out of memory");
  if (text == NULL) return;
  for (int i = 0; i < syllables; i++)
    memcpy(text + 3 * i, "가", 3);
  tally t = run(text, syllables * 3, NS_TOKENIZE_DOCUMENT);
  CHECK_INT(t.tokens, syllables); /* n-1 bigrams + the trailing syllable */
  CHECK_INT(t.colocated, 1);
  CHECK_STR(t.first, "가가");
  CHECK_STR(t.last, "가");
  t = run(text, syllables * 3, NS_TOKENIZE_QUERY);
  CHECK_INT(t.tokens, syllables - 1);
  free(text);
}

/* Every truncation of a multi-byte character, and bytes that are never valid,
 * must act as separators. */
static void test_invalid_sequences(void) {
  static const char *const cases[] = {"\x80",
                                      "\xbf",
                                      "\xc0\x80",
                                      "\xc1\xbf",
                                      "\xe0\x80\x80",
                                      "\xed\xa0\x80",
                                      "\xf4\x90\x80\x80",
                                      "\xf5\x80\x80\x80",
                                      "\xff",
                                      "\xfe",
                                      "\xea",
                                      "\xea\xb0",
                                      "\xf0\x9f",
                                      "\xf0\x9f\x98"};
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char buf[64];
    int n = snprintf(buf, sizeof buf, "가나%s다라", cases[i]);
    tally t = run(buf, n, NS_TOKENIZE_DOCUMENT);
    CHECK(t.tokens == 4, "case %zu: %ld tokens, want 4 (가나 나 다라 라)", i,
          t.tokens);
  }
}

/* Random bytes, biased towards UTF-8 lead bytes, jamo and combining marks so
 * that the slow path is exercised too. Fixed seed: the same run every time. */
static void test_random_bytes(void) {
  static const unsigned char pieces[][4] = {{0xEA, 0xB0, 0x80},
                                            {0xE1, 0x84, 0x8F},
                                            {0xE1, 0x85, 0xA1},
                                            {0xE1, 0x86, 0xA8},
                                            {0xCC, 0x81},
                                            {0xEF, 0xBC, 0xB0},
                                            {0xE3, 0x84, 0xB1},
                                            {0xE4, 0xB8, 0xAD},
                                            {'A'},
                                            {' '},
                                            {0xF0, 0x9F, 0x98},
                                            {0xC3, 0xA9}};
  uint32_t seed = 12345;
  char buf[512];
  for (int round = 0; round < 20000; round++) {
    int n = 0;
    while (n < 400) {
      seed = seed * 1103515245u + 12345u;
      unsigned r = (seed >> 16) & 0x7FFF;
      if (r % 3 == 0) {
        buf[n++] = (char)(r >> 2);
      } else {
        const unsigned char *p = pieces[r % 12];
        for (int k = 0; k < 4 && p[k] && n < 500; k++)
          buf[n++] = (char)p[k];
      }
      if (r % 97 == 0) break;
    }
    run(buf, n, round & 1 ? NS_TOKENIZE_QUERY : NS_TOKENIZE_DOCUMENT);
  }
}

/* A letter followed by thousands of combining marks is cut into bounded
 * units instead of growing a buffer. */
static void test_many_combining_marks(void) {
  int n = 1 + 2 * 5000;
  char *text = malloc((size_t)n);
  CHECK(text != NULL, "out of memory");
  if (text == NULL) return;
  text[0] = 'a';
  for (int i = 1; i < n; i += 2)
    memcpy(text + i, "\xcc\x81", 2);
  tally t = run(text, n, NS_TOKENIZE_DOCUMENT);
  CHECK_INT(t.tokens, 1);
  free(text);
}

static int stop_at_second(void *ctx, int flags, const char *tok, int n,
                          int start, int end) {
  (void)flags, (void)tok, (void)n, (void)start, (void)end;
  return ++*(int *)ctx == 2 ? 42 : 0;
}

/* A callback's error (FTS5 returns SQLITE_NOMEM this way) stops the
 * tokenizer and is handed back unchanged. */
static void test_callback_error_stops(void) {
  int calls = 0;
  CHECK_INT(ns_tokenize("카카오톡과 포털", (int)strlen("카카오톡과 포털"),
                        NS_TOKENIZE_DOCUMENT, stop_at_second, &calls),
            42);
  CHECK_INT(calls, 2);
}

int main(void) {
  test_empty_and_separators();
  test_length_not_nul();
  test_ten_megabyte_run();
  test_invalid_sequences();
  test_random_bytes();
  test_many_combining_marks();
  test_callback_error_stops();
  return ns_check_done("test_tokenizer_edges");
}
