/*
 * utf8_repair.c: making outside bytes valid UTF-8 before anything parses
 * them. The YAML, JSON and HTML libraries each treat bad bytes their own
 * way (libyaml and jansson reject the whole input), and the index must only
 * ever hold valid UTF-8, so every file is repaired once, up front, and the
 * caller can say which line held the first bad byte.
 *
 * Decoding is strict (RFC 3629): overlong forms, surrogates (U+D800-DFFF)
 * and code points above U+10FFFF are invalid. Each maximal subpart of an
 * invalid sequence becomes one U+FFFD, as the Unicode Standard recommends
 * (section 3.9, "U+FFFD Substitution of Maximal Subparts") and as browsers
 * do: "\xE2\x82" (a truncated euro sign) is one replacement, "\xC0\xAF" (an
 * overlong "/") is two, since neither byte can start or continue a valid
 * sequence after C0.
 */
#include "newssearch/parse.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char kReplacement[3] = {'\xEF', '\xBF', '\xBD'}; /* U+FFFD */

/* Returns the length of the valid sequence starting at z[0] (n > 0 bytes
 * available), or 0 with the length of its maximal invalid subpart in *bad.
 * The allowed range of the second byte is what rules out overlongs (E0, F0),
 * surrogates (ED) and code points past U+10FFFF (F4). */
static size_t next_sequence(const unsigned char *z, size_t n, size_t *bad) {
  unsigned char c = z[0], lo = 0x80, hi = 0xBF;
  size_t need;
  *bad = 1;
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) {
    need = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    need = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    need = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0; /* 80-C1, F5-FF never start a sequence */
  }
  for (size_t i = 1; i < need; i++) {
    if (i >= n || z[i] < lo || z[i] > hi) {
      *bad = i; /* the lead byte and the continuations that fit so far */
      return 0;
    }
    lo = 0x80;
    hi = 0xBF;
  }
  return need;
}

/* Walks data once; with out == NULL it only measures. Each maximal invalid
 * subpart becomes one U+FFFD, or with escape set each of its bytes becomes
 * \xHH. Returns the output length and fills the counts. */
static size_t repair(const unsigned char *data, size_t len, int escape,
                     char *out, size_t *n_invalid, int *first_bad_line) {
  static const char hex[] = "0123456789abcdef";
  size_t o = 0, invalid = 0;
  int line = 1, first = 0;
  for (size_t i = 0; i < len;) {
    size_t bad, ok = next_sequence(data + i, len - i, &bad);
    if (ok > 0) {
      if (out) memcpy(out + o, data + i, ok);
      if (data[i] == '\n') line++;
      o += ok;
      i += ok;
      continue;
    }
    if (invalid++ == 0) first = line;
    for (size_t k = 0; escape && k < bad; k++, o += 4)
      if (out) {
        unsigned char b = data[i + k];
        char esc[4] = {'\\', 'x', hex[b >> 4], hex[b & 15]};
        memcpy(out + o, esc, 4);
      }
    if (!escape && out) memcpy(out + o, kReplacement, sizeof kReplacement);
    if (!escape) o += sizeof kReplacement;
    i += bad;
  }
  *n_invalid = invalid;
  *first_bad_line = first;
  return o;
}

/* The repaired (or escaped) copy of data. */
static char *rewrite(const char *data, size_t len, int escape, size_t *out_len,
                     size_t *n_invalid, int *first_bad_line) {
  const unsigned char *z = (const unsigned char *)(data ? data : "");
  if (data == NULL) len = 0;
  size_t invalid;
  int first;
  /* Each replaced byte becomes at most four, so the measured length fits
   * in size_t unless len is above SIZE_MAX / 4. */
  if (len > (SIZE_MAX - 1) / 4) return NULL;
  size_t n = repair(z, len, escape, NULL, &invalid, &first);
  char *out = malloc(n + 1);
  if (out == NULL) return NULL;
  if (invalid == 0)
    memcpy(out, z, len); /* the common case: the bytes were fine */
  else
    repair(z, len, escape, out, &invalid, &first);
  out[n] = '\0';
  if (out_len) *out_len = n;
  if (n_invalid) *n_invalid = invalid;
  if (first_bad_line) *first_bad_line = first;
  return out;
}

char *ns_utf8_repair(const char *data, size_t len, size_t *out_len,
                     size_t *n_invalid, int *first_bad_line) {
  return rewrite(data, len, 0, out_len, n_invalid, first_bad_line);
}

char *ns_utf8_escape(const char *s) {
  return rewrite(s, s ? strlen(s) : 0, 1, NULL, NULL, NULL);
}
