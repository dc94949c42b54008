/*
 * words.c: whole words for the vocabulary. It runs over every article's
 * text at ingest, so it works on bytes: ASCII is folded in place, a Hangul
 * syllable is recognized from its three bytes, and nothing is allocated.
 */
#include "newssearch/words.h"
#include "newssearch/utf8.h"

#include <pthread.h>
#include <string.h>

/* The particles a word may end in, longest first so that 에서 wins over
 * 서 would; each is whole syllables (3 bytes each), written with its last
 * syllable as a number. */
#define PARTICLE(s, last)                                                      \
  { s, sizeof s - 1, last }
static const struct {
  const char *text;
  size_t len;
  uint32_t last;
} kParticles[] = {
    PARTICLE("에서는", u'는'), PARTICLE("으로는", u'는'),
    PARTICLE("에게서", u'서'), PARTICLE("이라는", u'는'),
    PARTICLE("에서", u'서'),   PARTICLE("으로", u'로'),
    PARTICLE("에게", u'게'),   PARTICLE("까지", u'지'),
    PARTICLE("부터", u'터'),   PARTICLE("처럼", u'럼'),
    PARTICLE("보다", u'다'),   PARTICLE("이나", u'나'),
    PARTICLE("라는", u'는'),   PARTICLE("과", u'과'),
    PARTICLE("와", u'와'),     PARTICLE("은", u'은'),
    PARTICLE("는", u'는'),     PARTICLE("이", u'이'),
    PARTICLE("가", u'가'),     PARTICLE("을", u'을'),
    PARTICLE("를", u'를'),     PARTICLE("의", u'의'),
    PARTICLE("에", u'에'),     PARTICLE("로", u'로'),
    PARTICLE("도", u'도'),     PARTICLE("만", u'만'),
};

_Static_assert(sizeof kParticles / sizeof *kParticles == NS_PARTICLES,
               "NS_PARTICLES counts kParticles");

/* Every word of every article asks which particles end in its last
 * syllable: the particles are chained by the low bits of their last
 * syllable (first_of), each chain in the order above, so that a word looks
 * at the one to five that may match instead of all of them (test_words
 * checks that every particle is found). */
#define CHAINS 128
static signed char first_of[CHAINS], next_of[NS_PARTICLES];
static pthread_once_t chained = PTHREAD_ONCE_INIT;

static void chain(void) {
  memset(first_of, -1, sizeof first_of);
  for (int i = NS_PARTICLES - 1; i >= 0; i--) {
    unsigned h = kParticles[i].last % CHAINS;
    next_of[i] = first_of[h];
    first_of[h] = (signed char)i;
  }
}

/* Bytes of the Hangul syllables that end word[0..n) (all of them are
 * three bytes long), counted up to cap. */
static size_t hangul_tail(const char *word, size_t n, size_t cap) {
  size_t len = 0;
  while (len + 3 <= n && len < cap &&
         ns_hangul_syllable_len(word + n - len - 3, 3) == 3)
    len += 3;
  return len;
}

int ns_word_stem_len(const char *word, size_t n, int *particle) {
  uint32_t last;
  if (n < 9 || ns_utf8_decode_n(word + n - 3, 3, &last) != 3) return 0;
  pthread_once(&chained, chain);
  size_t tail = 0; /* counted for a word whose last syllable may be one */
  for (int i = first_of[last % CHAINS]; i >= 0; i = next_of[i]) {
    if (kParticles[i].last != last) continue;
    size_t p = kParticles[i].len;
    /* the longest particle, 9 bytes, needs two syllables before it */
    if (tail == 0) tail = hangul_tail(word, n, 15);
    if (tail >= p + 6 &&
        (p == 3 || memcmp(word + n - p, kParticles[i].text, p - 3) == 0)) {
      if (particle) *particle = i;
      return (int)(n - p);
    }
  }
  return 0;
}

/* Passes the word text[0, len) to fn, its ASCII folded to lower case when
 * it has upper case (else the text itself: most words need no copy). */
static int emit(const char *text, size_t len, int upper, ns_word_fn fn,
                void *ctx) {
  char folded[NS_WORD_MAX_BYTES];
  const char *word = text;
  if (upper) {
    for (size_t k = 0; k < len; k++) {
      unsigned char c = (unsigned char)text[k];
      folded[k] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    word = folded;
  }
  int particle = 0;
  int stem = ns_word_stem_len(word, len, &particle);
  return fn(ctx, word, (int)len, stem, particle);
}

int ns_words(const char *text, size_t n, ns_word_fn fn, void *ctx) {
  /* a word is a run of kept characters, so it is a span of text */
  size_t start = 0;
  int in_word = 0, letters = 0, upper = 0;
  for (size_t i = 0; i <= n;) {
    unsigned char c = i < n ? (unsigned char)text[i] : ' ';
    int w = 1, keep = 0, letter = 0, up = 0;
    if (c < 0x80) {
      up = c >= 'A' && c <= 'Z';
      letter = up || (c >= 'a' && c <= 'z');
      keep = letter || (c >= '0' && c <= '9');
    } else if (c >= 0xEA && c <= 0xED && /* the lead bytes of syllables */
               (w = ns_hangul_syllable_len(text + i, n - i)) == 3) {
      keep = letter = 1;
    } else {
      uint32_t cp;
      w = ns_utf8_decode_n(text + i, n - i, &cp);
      if (w <= 0) w = 1; /* an invalid byte separates */
    }
    if (keep) {
      if (!in_word) start = i, in_word = 1, letters = upper = 0;
      letters |= letter;
      upper |= up;
    } else if (in_word) {
      size_t len = i - start;
      if (letters && len <= NS_WORD_MAX_BYTES) {
        int rc = emit(text + start, len, upper, fn, ctx);
        if (rc != 0) return rc;
      }
      in_word = 0;
    }
    i += (size_t)w;
  }
  return 0;
}
