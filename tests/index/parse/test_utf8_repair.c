/*
 * test_utf8_repair.c: ns_utf8_repair(): valid text passes unchanged, every
 * kind of invalid sequence (stray continuation, truncated, overlong,
 * surrogate, above U+10FFFF) becomes U+FFFD once per maximal subpart, the
 * count and the line of the first bad byte are right, and random bytes
 * always come out as valid UTF-8.
 */
#include "check.h"

#include "newssearch/parse.h"

#include <stdint.h>
#include <stdlib.h>

#define R "\xEF\xBF\xBD" /* U+FFFD */

typedef struct repair_case {
  const char *in;
  size_t len; /* 0: strlen(in) */
  const char *want;
  size_t want_len; /* 0: strlen(want) */
  size_t invalid;
  int line;
} repair_case;

static const repair_case kCases[] = {
    {"", 0, "", 0, 0, 0},
    {"hello\n가나다 😀", 0, "hello\n가나다 😀", 0, 0, 0},
    {"a\0b", 3, "a\0b", 3, 0, 0}, /* NUL is valid UTF-8 */
    {R, 0, R, 0, 0, 0},           /* U+FFFD itself is kept */
    {"\xED\x9F\xBF \xEE\x80\x80 \xF4\x8F\xBF\xBF", 0,
     "\xED\x9F\xBF \xEE\x80\x80 \xF4\x8F\xBF\xBF", 0, 0,
     0}, /* D7FF E000 10FFFF */
    /* stray and impossible bytes: one each */
    {"a\xFF"
     "b",
     0, "a" R "b", 0, 1, 1},
    {"\x80\x80\x80", 0, R R R, 0, 3, 1},
    {"\xF5\x80", 0, R R, 0, 2, 1},
    /* truncated sequences: the lead and the continuations that fit are one */
    {"\xE2\x82", 0, R, 0, 1, 1},
    {"\xE2\x82x", 0, R "x", 0, 1, 1},
    {"\xF0\x9F\x98", 0, R, 0, 1, 1},
    {"\xF0\x9F\x98 ok", 0, R " ok", 0, 1, 1},
    {"가\xEA\xB0", 0, "가" R, 0, 1, 1},
    {"\xC2", 0, R, 0, 1, 1},
    /* overlongs, surrogates, beyond U+10FFFF: no byte after the lead fits */
    {"\xC0\xAF", 0, R R, 0, 2, 1},
    {"\xE0\x80\xAF", 0, R R R, 0, 3, 1},
    {"\xF0\x8F\xBF\xBF", 0, R R R R, 0, 4, 1},
    {"\xED\xA0\x80", 0, R R R, 0, 3, 1},
    {"\xF4\x90\x80\x80", 0, R R R R, 0, 4, 1},
    /* the line is that of the first bad byte */
    {"line1\nline2\n\xC3(", 0, "line1\nline2\n" R "(", 0, 1, 3},
    {"ok\n\xFF\n\xFE", 0, "ok\n" R "\n" R, 0, 2, 2},
    {"\n\n\n\n가\xB0", 0, "\n\n\n\n가" R, 0, 1, 5},
};

static void test_cases(void) {
  for (size_t i = 0; i < sizeof kCases / sizeof kCases[0]; i++) {
    const repair_case *c = &kCases[i];
    size_t len = c->len ? c->len : strlen(c->in);
    size_t want_len = c->want_len ? c->want_len : strlen(c->want);
    size_t out_len = 99, invalid = 99;
    int line = 99;
    char *out = ns_utf8_repair(c->in, len, &out_len, &invalid, &line);
    CHECK(out != NULL, "case %zu: NULL", i);
    if (out == NULL) continue;
    CHECK(out_len == want_len && memcmp(out, c->want, want_len) == 0,
          "case %zu: output differs (length %zu, want %zu)", i, out_len,
          want_len);
    CHECK(out[out_len] == '\0', "case %zu: not NUL-terminated", i);
    CHECK(invalid == c->invalid, "case %zu: %zu replacements, want %zu", i,
          invalid, c->invalid);
    CHECK(line == c->line, "case %zu: first bad line %d, want %d", i, line,
          c->line);
    free(out);
  }
}

/* An independent strict validator (RFC 3629). */
static int valid_utf8(const unsigned char *z, size_t n) {
  for (size_t i = 0; i < n;) {
    uint32_t c = z[i];
    size_t k = c < 0x80             ? 1
               : (c & 0xE0) == 0xC0 ? 2
               : (c & 0xF0) == 0xE0 ? 3
               : (c & 0xF8) == 0xF0 ? 4
                                    : 0;
    if (k == 0 || i + k > n) return 0;
    if (k > 1) c &= 0xFF >> (k + 1);
    for (size_t j = 1; j < k; j++) {
      if ((z[i + j] & 0xC0) != 0x80) return 0;
      c = (c << 6) | (z[i + j] & 0x3F);
    }
    static const uint32_t min[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (c < min[k] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0;
    i += k;
  }
  return 1;
}

/* Random bytes, biased towards UTF-8 lead and continuation bytes so that
 * near-valid sequences are common: the output must be valid, and valid
 * input must come back unchanged. */
static void test_random(void) {
  uint32_t seed = 12345;
  int bad = 0, changed_valid = 0;
  for (int round = 0; round < 2000; round++) {
    unsigned char in[64];
    size_t n = (size_t)(round % 64);
    for (size_t i = 0; i < n; i++) {
      seed = seed * 1103515245u + 12345u;
      unsigned r = (seed >> 16) & 0xFF;
      in[i] = (unsigned char)(r < 96    ? 0x80 + r % 64
                              : r < 160 ? 0xC0 + r % 64
                                        : r);
    }
    size_t out_len, invalid;
    int line;
    char *out = ns_utf8_repair((const char *)in, n, &out_len, &invalid, &line);
    if (out == NULL || !valid_utf8((const unsigned char *)out, out_len)) bad++;
    if (out && valid_utf8(in, n) &&
        (invalid != 0 || out_len != n || memcmp(out, in, n) != 0))
      changed_valid++;
    if (out && !valid_utf8(in, n) && (invalid == 0 || line != 1)) bad++;
    free(out);
  }
  CHECK(bad == 0, "%d random inputs gave invalid output or counts", bad);
  CHECK(changed_valid == 0, "%d valid inputs were changed", changed_valid);
}

static void test_null_out_params(void) {
  char *out = ns_utf8_repair("x\xFF", 2, NULL, NULL, NULL);
  CHECK_STR(out, "x" R);
  free(out);
  size_t out_len = 9, invalid = 9;
  int line = 9;
  out = ns_utf8_repair(NULL, 0, &out_len, &invalid, &line);
  CHECK_STR(out, "");
  CHECK(out_len == 0 && invalid == 0 && line == 0, "NULL input counts");
  free(out);
}

int main(void) {
  test_cases();
  test_random();
  test_null_out_params();
  return ns_check_done("parse_utf8_repair");
}
