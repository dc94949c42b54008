/*
 * script.h: UTF-8 decoding and the script classes the tokenizer splits on.
 * Private to tokenizer/.
 */
#ifndef NS_TOKENIZER_SCRIPT_H
#define NS_TOKENIZER_SCRIPT_H

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

/* Decodes one UTF-8 character from z[0..n), n >= 1. Returns its length in
 * bytes and sets *cp, or returns 0 for an invalid or truncated sequence
 * (overlong forms, surrogates and values above U+10FFFF are invalid). */
static inline int ns_utf8_decode(const unsigned char *z, int n, uint32_t *cp) {
  unsigned c = z[0];
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  if (c < 0xC2) return 0;
  if (c < 0xE0) {
    if (n < 2 || (z[1] & 0xC0) != 0x80) return 0;
    *cp = ((c & 0x1F) << 6) | (z[1] & 0x3F);
    return 2;
  }
  if (c < 0xF0) {
    if (n < 3 || (z[1] & 0xC0) != 0x80 || (z[2] & 0xC0) != 0x80) return 0;
    uint32_t v = ((c & 0x0F) << 12) | ((z[1] & 0x3F) << 6) | (z[2] & 0x3F);
    if (v < 0x800 || (v >= 0xD800 && v <= 0xDFFF)) return 0;
    *cp = v;
    return 3;
  }
  if (c < 0xF5) {
    if (n < 4 || (z[1] & 0xC0) != 0x80 || (z[2] & 0xC0) != 0x80 ||
        (z[3] & 0xC0) != 0x80)
      return 0;
    uint32_t v = ((c & 0x07) << 18) | ((z[1] & 0x3F) << 12) |
                 ((z[2] & 0x3F) << 6) | (z[3] & 0x3F);
    if (v < 0x10000 || v > 0x10FFFF) return 0;
    *cp = v;
    return 4;
  }
  return 0;
}

/* Writes cp (a valid scalar value) as UTF-8 to out; returns the length. */
static inline int ns_utf8_encode(uint32_t cp, char *out) {
  if (cp < 0x80) {
    out[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    out[0] = (char)(0xC0 | (cp >> 6));
    out[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = (char)(0xF0 | (cp >> 18));
  out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
  out[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}

static inline int ns_is_hangul_syllable(uint32_t cp) {
  return cp >= 0xAC00 && cp <= 0xD7A3;
}

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
