/*
 * test_words.c: the whole words the vocabulary counts (ns_words) and the
 * particle taken off their end (ns_word_stem_len): every particle after a
 * noun of two or more syllables, none after a shorter one or inside a
 * word, ASCII folded, runs split at anything not a letter, digit or
 * syllable, invalid bytes and over-long runs.
 */
#include "check.h"

#include "newssearch/words.h"

#include <stdio.h>
#include <string.h>

typedef struct seen {
  char words[16][NS_WORD_MAX_BYTES + 1];
  int stems[16], n;
} seen;

static int keep(void *ctx, const char *w, int n, int stem_len, int particle) {
  (void)particle;
  seen *s = ctx;
  if (s->n < 16) {
    memcpy(s->words[s->n], w, (size_t)n);
    s->words[s->n][n] = '\0';
    s->stems[s->n++] = stem_len;
  }
  return 0;
}

static seen words_of(const char *text) {
  seen s = {0};
  ns_words(text, strlen(text), keep, &s);
  return s;
}

int main(void) {
  /* every particle the vocabulary knows, after a noun of four syllables */
  const char *particles[] = {
      "에서는", "으로는", "에게서", "이라는", "에서", "으로", "에게",
      "까지",   "부터",   "처럼",   "보다",   "이나", "라는", "과",
      "와",     "은",     "는",     "이",     "가",   "을",   "를",
      "의",     "에",     "로",     "도",     "만"};
  CHECK_INT(sizeof particles / sizeof *particles, NS_PARTICLES);
  unsigned int found = 0;
  for (size_t i = 0; i < sizeof particles / sizeof *particles; i++) {
    char word[64];
    snprintf(word, sizeof word, "한국은행%s", particles[i]);
    int which = -1;
    int stem = ns_word_stem_len(word, strlen(word), &which);
    CHECK(stem == (int)strlen("한국은행"), "%s: stem of %d bytes", word, stem);
    CHECK(which >= 0 && which < NS_PARTICLES, "%s: particle %d", word, which);
    if (which >= 0 && which < NS_PARTICLES) found |= 1u << which;
  }
  CHECK_INT(found, (1u << NS_PARTICLES) - 1); /* each its own bit */

  /* not a particle: fewer than two syllables before it, or none at all */
  CHECK_INT(ns_word_stem_len("사과", strlen("사과"), NULL), 0);
  CHECK_INT(ns_word_stem_len("나는", strlen("나는"), NULL), 0);
  CHECK_INT(ns_word_stem_len("반도체", strlen("반도체"), NULL), 0);
  CHECK_INT(ns_word_stem_len("abc는", strlen("abc는"), NULL), 0);
  CHECK_INT(ns_word_stem_len("고용노동부는", strlen("고용노동부는"), NULL),
            (int)strlen("고용노동부"));

  /* runs split at punctuation and spaces, ASCII folded, digits kept */
  seen s = words_of("PC버전 카카오톡과, 2025년·KAKAO!");
  CHECK_INT(s.n, 4);
  CHECK_STR(s.words[0], "pc버전");
  CHECK_STR(s.words[1], "카카오톡과");
  CHECK_INT(s.stems[1], (int)strlen("카카오톡"));
  CHECK_STR(s.words[2], "2025년");
  CHECK_STR(s.words[3], "kakao");
  /* digits alone are no word; an invalid byte separates; jamo too */
  s = words_of("2025 \xff"
               "대통령\xc3ㄷㅌ속보");
  CHECK_INT(s.n, 2);
  CHECK_STR(s.words[0], "대통령");
  CHECK_STR(s.words[1], "속보");
  /* a run longer than NS_WORD_MAX_BYTES is no word anyone types */
  char longer[NS_WORD_MAX_BYTES + 8];
  memset(longer, 'a', sizeof longer - 1);
  longer[sizeof longer - 1] = '\0';
  s = words_of(longer);
  CHECK_INT(s.n, 0);
  longer[NS_WORD_MAX_BYTES] = '\0';
  s = words_of(longer);
  CHECK_INT(s.n, 1);
  return ns_check_done("words");
}
