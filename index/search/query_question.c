/*
 * query_question.c: the parts of a question's words that the relaxed level
 * matches (question.h). It looks at whole Hangul syllables only, so a word
 * in another script is always kept whole.
 */
#include "question.h"

#include "newssearch/utf8.h"
#include "newssearch/words.h"

#include <string.h>

/* Words that ask rather than say, matched at the start of a word so that
 * their inflected forms (무엇인가, 어디에서, 얼마였나, 몇몇) go too. 왜 and
 * 누가 only whole: 왜곡 and 누가기 are not questions. */
static const char *const kAskingStems[] = {
    "무엇", "언제", "어디", "누구", "어떤", "어떻",
    "어떠", "어느", "무슨", "얼마", "며칠", "몇",
};
static const char *const kAskingWords[] = {"왜", "누가"};

static int starts_with(const char *s, size_t n, const char *prefix) {
  size_t p = strlen(prefix);
  return n >= p && memcmp(s, prefix, p) == 0;
}

/* Bytes of word without the ASCII punctuation that may follow it (요금은?
 * or 언제,): the tokenizer ignores it, the endings are before it. */
static size_t without_punctuation(const char *word, size_t n) {
  while (n > 0) {
    unsigned char c = (unsigned char)word[n - 1];
    int alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                (c >= 'A' && c <= 'Z');
    if (c >= 0x80 || alnum) break;
    n--;
  }
  return n;
}

static int is_asking(const char *word, size_t n) {
  for (size_t i = 0; i < sizeof kAskingWords / sizeof *kAskingWords; i++)
    if (n == strlen(kAskingWords[i]) && starts_with(word, n, kAskingWords[i]))
      return 1;
  for (size_t i = 0; i < sizeof kAskingStems / sizeof *kAskingStems; i++)
    if (starts_with(word, n, kAskingStems[i])) return 1;
  return 0;
}

size_t ns_question_kept_len(const char *word, size_t n) {
  size_t core = without_punctuation(word, n);
  if (core == 0) return n;
  if (is_asking(word, core)) return 0;
  int stem = ns_word_stem_len(word, core, NULL);
  return stem > 0 ? (size_t)stem : n;
}
