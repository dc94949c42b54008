/*
 * test_hanja.c: Hanja read in Hangul for the readings columns: dictionary
 * words, characters alone, headline words, mixed words, compatibility
 * ideographs, invalid bytes and a run far longer than any word.
 */
#include "check.h"
#include "newssearch/hanja.h"

#include <stdlib.h>
#include <string.h>

static void reads(const char *text, const char *want) {
  int oom = 1;
  char *got = ns_hanja_readings(text, strlen(text), &oom);
  if (want == NULL)
    CHECK(got == NULL && oom == 0, "%s: got \"%s\", want nothing", text,
          got ? got : "(null)");
  else
    CHECK(got != NULL && strcmp(got, want) == 0, "%s: got \"%s\", want \"%s\"",
          text, got ? got : "(null)", want);
  free(got);
}

int main(void) {
  const char *why = NULL;
  CHECK(ns_hanja_init(&why) == 0, "%s", why ? why : "");
  /* words of the dictionary, and the headline words after them */
  reads("北美정상회담 열려", "북미정상회담 북한 미국");
  reads("韓美 정상 통화", "한미 한국 미국");
  reads("與野 합의", "여야 여당 야당");
  /* a character alone: its reading, or its headline word */
  reads("脫원전 정책", "탈원전");
  reads("美 대선", "미국");
  reads("우리銀 실적", "우리은행");
  reads("北, 도발", "북한");
  /* a character's usual reading, not the first the dictionary lists */
  reads("親北", "친북 북한");
  /* every word with Hanja, in order; words without are left out */
  reads("[속보] 美·中 무역협상…日 반발", "미국 중국 일본");
  /* no Hanja: nothing to index */
  reads("카카오톡 장애 복구", NULL);
  reads("", NULL);
  /* a compatibility ideograph reads as the unified one */
  {
    char *a = ns_hanja_readings("\xef\xa4\x8a", 3, NULL); /* U+F90A */
    char *b = ns_hanja_readings("金", strlen("金"), NULL);
    CHECK(a && b && strcmp(a, b) == 0, "%s vs %s", a ? a : "-", b ? b : "-");
    free(a), free(b);
  }
  /* invalid bytes separate, as in the tokenizer */
  reads("\xff美\xff北", "미국 북한");
  /* the headline table both ways */
  CHECK_STR(ns_hanja_headline_word("美", strlen("美")), "미국");
  CHECK_STR(ns_hanja_headline_hanja("북한", strlen("북한")), "北");
  CHECK(ns_hanja_headline_word("미", strlen("미")) == NULL, "not Hanja");
  CHECK(ns_has_hanja("abc 美", strlen("abc 美")), "has");
  CHECK(!ns_has_hanja("abc 미국", strlen("abc 미국")), "has not");
  /* a run of 20,000 Hanja without a space: read, bounded, no crash */
  {
    size_t n = 20000 * 3;
    char *big = malloc(n + 1);
    for (size_t i = 0; i < n; i += 3)
      memcpy(big + i, (i / 3) % 2 ? "美" : "北", 3);
    big[n] = '\0';
    char *got = ns_hanja_readings(big, n, NULL);
    CHECK(got != NULL && strlen(got) < 5 * n, "long run");
    CHECK(got && strncmp(got, "북미", strlen("북미")) == 0, "%.12s",
          got ? got : "-");
    free(got);
    free(big);
  }
  return ns_check_done("tokenizer_hanja");
}
