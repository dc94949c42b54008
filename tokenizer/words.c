/*
 * words.c: whole words for the vocabulary. It runs over every article's
 * text at ingest, so it works on bytes: ASCII is folded in place, a Hangul
 * syllable is recognized from its three bytes, and nothing is allocated.
 */
#include "newssearch/words.h"
#include "newssearch/utf8.h"

#include <string.h>

/* The particles a word may end in, longest first so that 에서 wins over
 * 서 would; each is whole syllables (3 bytes each). */
#define PARTICLE(s)                                                            \
  { s, sizeof s - 1 }
static const struct {
  const char *text;
  size_t len;
} kParticles[] = {
    PARTICLE("에서는"), PARTICLE("으로는"), PARTICLE("에게서"),
    PARTICLE("이라는"), PARTICLE("에서"),   PARTICLE("으로"),
    PARTICLE("에게"),   PARTICLE("까지"),   PARTICLE("부터"),
    PARTICLE("처럼"),   PARTICLE("보다"),   PARTICLE("이나"),
    PARTICLE("라는"),   PARTICLE("과"),     PARTICLE("와"),
    PARTICLE("은"),     PARTICLE("는"),     PARTICLE("이"),
    PARTICLE("가"),     PARTICLE("을"),     PARTICLE("를"),
    PARTICLE("의"),     PARTICLE("에"),     PARTICLE("로"),
    PARTICLE("도"),     PARTICLE("만"),
};

/* Bytes of the Hangul syllables that end word[0..n) (all of them are
 * three bytes long). */
static size_t hangul_tail(const char *word, size_t n) {
  size_t len = 0;
  while (len + 3 <= n && ns_hangul_syllable_len(word + n - len - 3, 3) == 3)
    len += 3;
  return len;
}

/* The last syllables of the particles above, each 3 bytes long. */
static const char kLastSyllables[] = "는서게지터럼다나과와은이가을를의에로도만";

_Static_assert(sizeof kParticles / sizeof *kParticles == NS_PARTICLES,
               "NS_PARTICLES counts kParticles");

/* 1 when the 3 bytes at s are the last syllable of a particle. */
static int ends_a_particle(const char *s) {
  for (size_t i = 0; i + 3 < sizeof kLastSyllables; i += 3)
    if (s[2] == kLastSyllables[i + 2] && s[1] == kLastSyllables[i + 1] &&
        s[0] == kLastSyllables[i])
      return 1;
  return 0;
}

int ns_word_stem_len(const char *word, size_t n, int *particle) {
  /* Every particle is one to three syllables; most words end in none, and
   * the last syllable's bytes tell at once. */
  if (n < 9 || !ends_a_particle(word + n - 3)) return 0;
  size_t tail = hangul_tail(word, n);
  for (int i = 0; i < NS_PARTICLES; i++) {
    size_t p = kParticles[i].len;
    if (tail >= p + 6 && memcmp(word + n - p, kParticles[i].text, p) == 0) {
      if (particle) *particle = i;
      return (int)(n - p);
    }
  }
  return 0;
}

int ns_words(const char *text, size_t n, ns_word_fn fn, void *ctx) {
  char word[NS_WORD_MAX_BYTES];
  size_t len = 0;
  int letters = 0, too_long = 0;
  for (size_t i = 0; i <= n;) {
    unsigned char c = i < n ? (unsigned char)text[i] : ' ';
    int w = 1, keep = 0;
    if (c < 0x80) {
      keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
             (c >= '0' && c <= '9');
      if (keep && c >= 'A' && c <= 'Z') c += 32;
      if (keep && c >= 'a') letters = 1;
    } else if ((w = ns_hangul_syllable_len(text + i, n - i)) == 3) {
      keep = letters = 1;
    } else {
      uint32_t cp;
      w = ns_utf8_decode_n(text + i, n - i, &cp);
      if (w <= 0) w = 1; /* an invalid byte separates */
    }
    if (keep) {
      if (len + (size_t)w > sizeof word)
        too_long = 1;
      else
        memcpy(word + len, c < 0x80 ? (const char *)&c : text + i, (size_t)w);
      len += (size_t)w;
    } else if (len > 0) {
      if (letters && !too_long) {
        int particle = 0;
        int stem = ns_word_stem_len(word, len, &particle);
        int rc = fn(ctx, word, (int)len, stem, particle);
        if (rc != 0) return rc;
      }
      len = 0;
      letters = too_long = 0;
    }
    i += (size_t)w;
  }
  return 0;
}
