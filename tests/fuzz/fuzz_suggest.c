/*
 * fuzz_suggest.c: the vocabulary's lookups. Any text goes through the
 * 2-set keys (ns_word_keys, ns_word_initials, both ways of the layout) and
 * ns_words, and through ns_suggest and ns_correct_query (typos one and two
 * keys away, layouts, initials) against a small real database: nothing may
 * crash or leak, every suggestion is valid UTF-8 and counts something, and
 * a correction of valid UTF-8 is valid UTF-8, with a reason.
 */
#include "fuzz_check.h"
#include "store_fixture.h"

#include "newssearch/correct.h"
#include "newssearch/keys.h"
#include "newssearch/suggest.h"
#include "newssearch/utf8.h"
#include "newssearch/words.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const kBodies[] = {
    "대통령은 오늘 출국했다. 카카오톡으로 소식을 전했다.",
    "대통합 위원회와 대통령의 만남. 한국은행은 금리를 묶었다.",
    "kakao 와 kakaobank 가 고속도로 휴게소 결제를 시작했다. 닭갈비 과자",
    "과학기술정보통신부는 예산을 늘렸다. 과학기술정보통신부가 발표했다.",
};

static ns_store *store(void) {
  static ns_store *s;
  if (s == NULL) {
    char path[64];
    snprintf(path, sizeof path, "/tmp/fuzz_suggest.%d.db", (int)getpid());
    s = ns_fixture_store(path, kBodies, 4);
    FUZZ_CHECK(s != NULL, "fixture store");
  }
  return s;
}

static int valid_utf8(const char *s, size_t n) {
  for (size_t i = 0; i < n;) {
    uint32_t cp;
    int w = ns_utf8_decode_n(s + i, n - i, &cp);
    if (w <= 0) return 0;
    i += (size_t)w;
  }
  return 1;
}

static int count_word(void *ctx, const char *w, int n, int stem, int p) {
  (void)w;
  FUZZ_CHECK(n > 0 && n <= NS_WORD_MAX_BYTES && stem < n && p >= 0 &&
                 p < NS_PARTICLES,
             "ns_words gave a word out of bounds");
  (*(int *)ctx)++;
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *text = (const char *)data;
  unsigned char keys[NS_KEYS_MAX];
  char out[4 * NS_KEYS_MAX + 1];
  int nk = ns_word_keys(text, size, keys);
  FUZZ_CHECK(nk <= NS_KEYS_MAX, "keys past NS_KEYS_MAX");
  FUZZ_CHECK(ns_word_initials(text, size, keys) <= NS_KEYS_MAX,
             "initials past NS_KEYS_MAX");
  int n = ns_keys_to_hangul(text, size, out, sizeof out);
  FUZZ_CHECK(n < 0 || (valid_utf8(out, (size_t)n) && out[n] == '\0'),
             "ns_keys_to_hangul wrote invalid UTF-8");
  n = ns_hangul_to_latin(text, size, out, sizeof out);
  FUZZ_CHECK(n < 0 || (int)strlen(out) == n, "ns_hangul_to_latin length");
  int words = 0;
  ns_words(text, size, count_word, &words);
  ns_suggest_result r;
  ns_error err = {0};
  if (ns_suggest(store(), text, size, 8, &r, &err) == 0) {
    for (int i = 0; i < r.n; i++)
      FUZZ_CHECK(valid_utf8(r.items[i].text, strlen(r.items[i].text)) &&
                     r.items[i].count > 0,
                 "a suggestion is not valid UTF-8 or counts nothing");
    ns_suggest_result_clear(&r);
  }
  char *to = NULL;
  const char *why = NULL;
  ns_error_clear(&err);
  if (ns_correct_query(store(), text, size, 0, &to, &why, &err) == 1) {
    /* the words it does not correct are kept as typed, bytes and all */
    FUZZ_CHECK(to && why &&
                   (valid_utf8(to, strlen(to)) || !valid_utf8(text, size)),
               "a correction of UTF-8 is not UTF-8, or has no reason");
    free(to);
  }
  return 0;
}
