/*
 * fuzz_tokenizer.c: ns_tokenize() on any bytes, in document and in query
 * mode, checking what every caller relies on: tokens are non-empty, valid
 * UTF-8, at most NS_TOKEN_MAX_BYTES long, with offsets inside the text and
 * starts that never go back; the first token is never colocated (FTS5 has
 * no token before it to share a position with); and a non-zero return from
 * the callback stops tokenizing and comes back from ns_tokenize().
 */
#include "fuzz_check.h"

#include "newssearch/tokenizer.h"

#include <limits.h>
#include <stdint.h>

typedef struct token_walk {
  int n_text;
  int n_tokens;
  int last_start;
  int stop_after; /* return stop_code at this token; 0 = never stop */
  int stopped;
} token_walk;

enum { STOP_CODE = 7 };

static int check_token(void *ctx, int flags, const char *token, int n_token,
                       int start, int end) {
  token_walk *w = ctx;
  FUZZ_CHECK(!w->stopped, "callback called after it asked to stop");
  FUZZ_CHECK(token != NULL && n_token > 0, "empty token");
  FUZZ_CHECK(n_token <= NS_TOKEN_MAX_BYTES, "token over NS_TOKEN_MAX_BYTES");
  FUZZ_CHECK(fuzz_utf8_valid(token, (size_t)n_token),
             "token is not valid UTF-8");
  FUZZ_CHECK(0 <= start && start < end && end <= w->n_text,
             "offsets outside the text");
  FUZZ_CHECK(w->n_tokens == 0 || start >= w->last_start,
             "token starts before the one before it");
  FUZZ_CHECK(w->n_tokens > 0 || !(flags & NS_TOKEN_COLOCATED),
             "first token is colocated");
  w->n_tokens++;
  w->last_start = start;
  if (w->n_tokens == w->stop_after) {
    w->stopped = 1;
    return STOP_CODE;
  }
  return 0;
}

/* Tokenizes text in mode; with stop_after > 0, stops at that token. */
static void walk(const char *text, int n, int mode, int stop_after) {
  token_walk w = {n, 0, 0, stop_after, 0};
  int rc = ns_tokenize(text, n, mode, check_token, &w);
  FUZZ_CHECK(rc == (w.stopped ? STOP_CODE : 0),
             "ns_tokenize() did not return the callback's stop code");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > INT_MAX) return 0;
  const char *text = (const char *)data;
  int n = (int)size;
  walk(text, n, NS_TOKENIZE_DOCUMENT, 0);
  walk(text, n, NS_TOKENIZE_QUERY, 0);
  /* Stopping early: at a token chosen by the input's length. */
  walk(text, n, NS_TOKENIZE_DOCUMENT, 1 + n % 5);
  return 0;
}
