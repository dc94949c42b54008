/*
 * fingerprint.c: bigram sets, their Jaccard similarity, and the banded
 * MinHash that finds copies of a story among many articles.
 *
 * MinHash rather than SimHash: whether two articles are copies is decided
 * by the Jaccard similarity of their bigram sets (a rewritten lead or
 * byline lowers it in proportion), and MinHash bins agree with exactly
 * that probability, so banding gives a known chance of finding each pair;
 * SimHash's Hamming distance follows the cosine of weighted vectors, and a
 * copy with a new lead is already 10 or more bits away out of 64.
 * One-permutation hashing: each bigram is hashed once and falls in one of
 * the 64 bins by its top bits, so the cost is one hash per bigram.
 */
#include "fingerprint.h"

#include "newssearch/utf8.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

int ns_shingles_make(const char *text, size_t len, ns_shingles *out) {
  out->v = NULL;
  out->n = 0;
  out->is_set = 1;
  if (len < 2) return 0;
  /* at most one bigram per byte */
  uint64_t *v = malloc(len * sizeof *v);
  if (v == NULL) return -1;
  size_t n = 0;
  uint32_t prev = UINT32_MAX;
  for (size_t i = 0; i < len;) {
    uint32_t cp;
    int l = ns_utf8_decode_n(text + i, len - i, &cp);
    if (l == 0) {
      cp = 0x110000u + (unsigned char)text[i]; /* a byte of its own */
      l = 1;
    }
    i += (size_t)l;
    if (ns_is_space(cp)) continue;
    if (prev != UINT32_MAX) v[n++] = (uint64_t)prev << 32 | cp;
    prev = cp;
  }
  if (n == 0) { /* spaces only: nothing to keep */
    free(v);
    return 0;
  }
  out->v = v;
  out->n = n;
  out->is_set = 0;
  return 0;
}

/* Sorts s and drops its repeats, once. */
static void as_set(ns_shingles *s) {
  if (s->is_set) return;
  qsort(s->v, s->n, sizeof *s->v, cmp_u64);
  size_t u = 0;
  for (size_t i = 0; i < s->n; i++)
    if (u == 0 || s->v[u - 1] != s->v[i]) s->v[u++] = s->v[i];
  s->n = u;
  s->is_set = 1;
}

double ns_shingles_jaccard(ns_shingles *a, ns_shingles *b) {
  as_set(a);
  as_set(b);
  size_t i = 0, j = 0, both = 0;
  while (i < a->n && j < b->n) {
    if (a->v[i] == b->v[j])
      both++, i++, j++;
    else if (a->v[i] < b->v[j])
      i++;
    else
      j++;
  }
  size_t any = a->n + b->n - both;
  return any ? (double)both / (double)any : 0.0;
}

void ns_shingles_clear(ns_shingles *s) {
  free(s->v);
  s->v = NULL;
  s->n = 0;
}

void ns_fingerprint_make(const ns_shingles *sh,
                         unsigned char out[NS_FP_BYTES]) {
  uint32_t bin[NS_FP_BINS];
  uint8_t full[NS_FP_BINS] = {0};
  if (sh->n == 0) { /* no bin to borrow from */
    memset(out, 0, NS_FP_BYTES);
    return;
  }
  for (int k = 0; k < NS_FP_BINS; k++)
    bin[k] = UINT32_MAX;
  /* a repeated bigram leaves every minimum as it is: no need to sort */
  for (size_t i = 0; i < sh->n; i++) {
    uint64_t h = XXH3_64bits(&sh->v[i], sizeof sh->v[i]);
    int k = (int)(h >> 58); /* the top 6 bits choose the bin */
    uint32_t low = (uint32_t)h;
    if (!full[k] || low < bin[k]) bin[k] = low;
    full[k] = 1;
  }
  /* A short text leaves bins empty: each takes the value of the next full
   * bin to its right, changed by the distance, so that two texts agree on
   * an empty bin as often as on the full one it borrows from. */
  uint32_t dense[NS_FP_BINS];
  for (int k = 0; k < NS_FP_BINS; k++) {
    int d = 0;
    while (!full[(k + d) % NS_FP_BINS])
      d++;
    dense[k] = bin[(k + d) % NS_FP_BINS] + (uint32_t)d * 0x9E3779B9u;
  }
  for (int b = 0; b < NS_FP_BANDS; b++) {
    uint32_t key = (uint32_t)XXH3_64bits_withSeed(
        &dense[4 * b], 4 * sizeof *dense, (unsigned)b);
    for (int i = 0; i < 4; i++)
      out[4 * b + i] = (unsigned char)(key >> (8 * i));
  }
}

uint32_t ns_fingerprint_band(const unsigned char fp[NS_FP_BYTES], int b) {
  const unsigned char *p = fp + 4 * b;
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
         (uint32_t)p[3] << 24;
}
