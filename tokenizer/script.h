/*
 * script.h: the script classes the tokenizer splits on (UTF-8 itself is
 * read with newssearch/utf8.h, as everywhere).
 * Private to tokenizer/.
 */
#ifndef NS_TOKENIZER_SCRIPT_H
#define NS_TOKENIZER_SCRIPT_H

#include "newssearch/utf8.h"

#include <stdint.h>

/* Character classes. The ideographic classes (Hangul, Han, Kana) become
 * bigram runs; a change of class ends a run, so 한자漢字 is two runs. */
enum ns_class {
  NS_CLASS_SEP = 0, /* separates tokens */
  NS_CLASS_WORD,    /* letters and digits of alphabetic scripts */
  NS_CLASS_HANGUL,
  NS_CLASS_HAN,
  NS_CLASS_KANA
};

static inline int ns_is_compat_jamo(uint32_t cp) {
  return cp >= 0x3131 && cp <= 0x318E;
}

/* True for ASCII letters and digits, the only ASCII that forms words. */
static inline int ns_ascii_is_word(unsigned c) {
  return (c - '0' < 10u) || ((c | 0x20) - 'a' < 26u);
}

/* Class of a code point that is already normalized (NFKC, case folded). */
enum ns_class ns_class_of(uint32_t cp);

/* True when cp does not begin a normalization unit: it may combine with the
 * character before it (a combining mark, or a Hangul medial/final jamo that
 * composes with the initial before it). */
int ns_continues_unit(uint32_t cp);

#endif
