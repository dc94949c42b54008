/*
 * fingerprint.h: what tells copies of one story apart from other articles.
 * An article's text is the set of its character bigrams (spaces removed);
 * two texts are copies when the Jaccard similarity of their sets is high.
 * A MinHash of the set, cut into bands, finds the candidates without
 * comparing an article with every other: two sets of similarity J share a
 * band with probability 1 - (1 - J^4)^16 (0.99 at J = 0.7, 0.12 at 0.3).
 * docs/STORIES.md has the measurements. Private to index/.
 */
#ifndef NS_INDEX_STORE_FINGERPRINT_H
#define NS_INDEX_STORE_FINGERPRINT_H

#include <stddef.h>
#include <stdint.h>

/* MinHash bins (one permutation, densified), and bands of 4 bins each. */
#define NS_FP_BINS 64
#define NS_FP_BANDS 16
/* The stored fingerprint: each band's key, 4 bytes little-endian. */
#define NS_FP_BYTES (NS_FP_BANDS * 4)

/* A text's character bigrams: each the code points of two characters next
 * to each other once spaces are taken out. In text order with repeats as
 * made (enough for the fingerprint), sorted and distinct once compared. */
typedef struct ns_shingles {
  uint64_t *v;
  size_t n;   /* bigrams; distinct ones once is_set */
  int is_set; /* sorted, without repeats */
} ns_shingles;

/* The bigrams of text[0..len) (any bytes: invalid UTF-8 counts byte by
 * byte) into *out (free with ns_shingles_clear). Returns 0, or -1 when out
 * of memory. */
int ns_shingles_make(const char *text, size_t len, ns_shingles *out);

/* |a ∩ b| / |a ∪ b| of the two sets (each is made a set first, in place);
 * 0 when both are empty. */
double ns_shingles_jaccard(ns_shingles *a, ns_shingles *b);

void ns_shingles_clear(ns_shingles *s);

/* The band keys of sh (at least one bigram) into out, as stored: band b's
 * key is a hash of its 4 bins and of b, so that one table holds them all. */
void ns_fingerprint_make(const ns_shingles *sh, unsigned char out[NS_FP_BYTES]);

/* Band b of a stored fingerprint. */
uint32_t ns_fingerprint_band(const unsigned char fp[NS_FP_BYTES], int b);

#endif
