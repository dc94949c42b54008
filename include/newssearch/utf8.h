/*
 * utf8.h: the one UTF-8 decoder, and the characters every part of
 * newssearch agrees on (a Hangul syllable, a space). Header-only, so that
 * any layer (the tokenizer, the query language, snippets) uses the same
 * code without linking to another.
 */
#ifndef NEWSSEARCH_UTF8_H
#define NEWSSEARCH_UTF8_H

#include <stddef.h>
#include <stdint.h>

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

/* A space: Unicode's White_Space (news text copied from the web carries
 * no-break and ideographic spaces as often as plain ones). */
static inline int ns_is_space(uint32_t cp) {
  return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0x85 || cp == 0xA0 ||
         cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 ||
         cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

/* ns_utf8_decode() of the character at s with n bytes left (n >= 1, of
 * any size: at most 4 are read). */
static inline int ns_utf8_decode_n(const char *s, size_t n, uint32_t *cp) {
  return ns_utf8_decode((const unsigned char *)s, n > 4 ? 4 : (int)n, cp);
}

/* The length in bytes of the space at s (n bytes left, n >= 1), or 0 when
 * s does not start with one. */
static inline int ns_space_len(const char *s, size_t n) {
  uint32_t cp;
  int l = ns_utf8_decode_n(s, n, &cp);
  return l && ns_is_space(cp) ? l : 0;
}

/* The length in bytes of the Hangul syllable at s (n bytes left, n >= 1),
 * or 0 when s does not start with one. */
static inline int ns_hangul_syllable_len(const char *s, size_t n) {
  uint32_t cp;
  int l = ns_utf8_decode_n(s, n, &cp);
  return l && ns_is_hangul_syllable(cp) ? l : 0;
}

#endif
