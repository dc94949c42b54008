/*
 * correct.c: corrections of a query's unknown words from the vocabulary.
 *
 * A typo is counted in the 2-set keys of the word (a deletion, an
 * insertion, a substitution or two keys swapped): the keys are what a hand
 * mistypes, so 카카오특 is one key from 카카오톡 (ㅡ for ㅗ) where it is two
 * bytes, or a whole syllable, apart. Words of one syllable are not
 * corrected (one key changes them into too many other words); words of two
 * or three syllables get one key wrong, longer ones two. One key away,
 * each candidate is one seek in the vocabulary's primary key; two keys
 * away there are too many to seek (about 700 squared), so the candidates
 * are the words with the same initial consonants, or with one of them
 * changed: a hand slips on vowels and finals far more than on initials,
 * and that is one index range per initial.
 */
#include "newssearch/correct.h"
#include "newssearch/keys.h"
#include "newssearch/utf8.h"
#include "newssearch/words.h"
#include "store_vocab.h"
#include "strbuf.h"

#include <stdlib.h>
#include <string.h>

#define HIGH 0x80
#define WORD_CAP (NS_KEYS_MAX * 3 + 1)
/* Words of this many syllables or more may have two keys wrong. */
#define TWO_KEYS_SYLLABLES 4
/* The words of one set of initials looked at, most frequent first. */
#define SAME_INITIALS_LIMIT 64

typedef struct best {
  char word[WORD_CAP];
  long docs;
} best;

typedef struct word_kind {
  int syllables, consonants, latin, other; /* characters */
} word_kind;

static word_kind kind_of(const char *w, size_t n) {
  word_kind k = {0};
  for (size_t i = 0; i < n;) {
    uint32_t c;
    int len = ns_utf8_decode_n(w + i, n - i, &c);
    if (len <= 0) {
      k.other++;
      break;
    }
    i += (size_t)len;
    if (ns_is_hangul_syllable(c))
      k.syllables++;
    else if (c >= 0x3131 && c <= 0x314E)
      k.consonants++;
    else if (c >= 0x314F && c <= 0x3163)
      continue; /* a lone vowel: jamo, neither a syllable nor other */
    else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
      k.latin++;
    else
      k.other++;
  }
  return k;
}

/* Makes word w (n bytes) with docs articles the best. Returns 1, or 0
 * when it does not fit. */
static int take(best *b, const char *w, int n, long docs) {
  if (n < 0 || (size_t)n >= sizeof b->word) return 0;
  memcpy(b->word, w, (size_t)n);
  b->word[n] = '\0';
  b->docs = docs;
  return 1;
}

/* Looks keys up and keeps the word when it beats *b. */
static int consider(ns_store *s, const unsigned char *keys, int n, best *b,
                    ns_error *err) {
  char word[WORD_CAP];
  long docs;
  int found = ns_vocab_find_keys(s, keys, n, word, sizeof word, &docs, err);
  if (found > 0 && docs > b->docs) take(b, word, (int)strlen(word), docs);
  return found < 0 ? -1 : 0;
}

/* The most frequent word one Hangul keystroke from keys (n bytes). */
static int one_key_away(ns_store *s, const unsigned char *keys, int n, best *b,
                        ns_error *err) {
  const char *alphabet = ns_keyboard_keys();
  int na = (int)strlen(alphabet);
  unsigned char c[NS_KEYS_MAX + 1];
  int rc = 0;
  for (int i = 0; rc == 0 && i < n; i++) { /* a key too many */
    memcpy(c, keys, (size_t)i);
    memcpy(c + i, keys + i + 1, (size_t)(n - i - 1));
    rc = consider(s, c, n - 1, b, err);
  }
  for (int i = 0; rc == 0 && i + 1 < n; i++) { /* two keys swapped */
    if (keys[i] == keys[i + 1]) continue;
    memcpy(c, keys, (size_t)n);
    c[i] = keys[i + 1], c[i + 1] = keys[i];
    rc = consider(s, c, n, b, err);
  }
  for (int i = 0; rc == 0 && i < n; i++) /* a key mistyped */
    for (int a = 0; rc == 0 && a < na; a++) {
      unsigned char k = (unsigned char)alphabet[a] | HIGH;
      if (k == keys[i] || !(keys[i] & HIGH)) continue;
      memcpy(c, keys, (size_t)n);
      c[i] = k;
      rc = consider(s, c, n, b, err);
    }
  for (int i = 0; rc == 0 && i <= n && n < NS_KEYS_MAX;
       i++) /* a key left out */
    for (int a = 0; rc == 0 && a < na; a++) {
      memcpy(c, keys, (size_t)i);
      c[i] = (unsigned char)alphabet[a] | HIGH;
      memcpy(c + i + 1, keys + i, (size_t)(n - i));
      rc = consider(s, c, n + 1, b, err);
    }
  return rc;
}

/* The optimal string alignment distance (deletions, insertions,
 * substitutions, adjacent swaps) of keys a and b, or max + 1 when it is
 * more than max. */
static int key_distance(const unsigned char *a, int na, const unsigned char *b,
                        int nb, int max) {
  if (na - nb > max || nb - na > max) return max + 1;
  int rows[3][NS_KEYS_MAX + 1]; /* the last two rows and this one */
  for (int j = 0; j <= nb; j++)
    rows[1][j] = j;
  for (int i = 1; i <= na; i++) {
    int *d = rows[(i + 1) % 3], *up = rows[i % 3], *up2 = rows[(i + 2) % 3];
    d[0] = i;
    int lowest = i;
    for (int j = 1; j <= nb; j++) {
      int cost = a[i - 1] != b[j - 1];
      int v = up[j - 1] + cost;
      if (up[j] + 1 < v) v = up[j] + 1;
      if (d[j - 1] + 1 < v) v = d[j - 1] + 1;
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
          up2[j - 2] + 1 < v)
        v = up2[j - 2] + 1;
      d[j] = v;
      if (v < lowest) lowest = v;
    }
    if (lowest > max) return max + 1;
  }
  return rows[(na + 1) % 3][nb];
}

typedef struct near_pick {
  const unsigned char *keys;
  int n;
  best *b;
} near_pick;

/* Keeps the most frequent word within two keys of p->keys; the words come
 * most frequent first, so the first within reach ends the set. */
static int pick_near(void *ctx, const char *w, int n, long docs) {
  near_pick *p = ctx;
  unsigned char k[NS_KEYS_MAX];
  if (docs <= p->b->docs) return 1;
  int nk = ns_word_keys(w, (size_t)n, k);
  int d = nk > 0 ? key_distance(p->keys, p->n, k, nk, 2) : 0;
  if (d == 0 || d > 2) return 0; /* the word typed itself, or too far */
  return take(p->b, w, n, docs);
}

/* The most frequent word two keys or fewer from keys (n bytes, of w: Hangul
 * syllables) among those with w's initials, or those with one initial
 * changed. */
static int two_keys_away(ns_store *s, const char *w, size_t len,
                         const unsigned char *keys, int n, best *b,
                         ns_error *err) {
  unsigned char ini[NS_KEYS_MAX], consonants[NS_INITIAL_CONSONANTS];
  int ni = ns_word_initials(w, len, ini);
  int nc = ns_initial_consonant_keys(consonants);
  near_pick p = {keys, n, b};
  int rc = ni > 0 ? ns_vocab_same_initials(s, ini, ni, SAME_INITIALS_LIMIT,
                                           pick_near, &p, err)
                  : 0;
  for (int i = 0; rc == 0 && i < ni; i++) {
    unsigned char typed = ini[i];
    for (int c = 0; rc == 0 && c < nc; c++) {
      if (consonants[c] == typed) continue;
      ini[i] = consonants[c];
      rc = ns_vocab_same_initials(s, ini, ni, SAME_INITIALS_LIMIT, pick_near,
                                  &p, err);
    }
    ini[i] = typed;
  }
  return rc;
}

/* Keeps the first word that fits: they come most frequent first. */
static int pick_first(void *ctx, const char *w, int n, long docs) {
  return take(ctx, w, n, docs);
}

/* The most frequent word whose initials are exactly w's consonants (so of
 * as many syllables). */
static int by_initials(ns_store *s, const char *w, size_t n, best *b,
                       ns_error *err) {
  unsigned char keys[NS_KEYS_MAX];
  int nk = ns_word_initials(w, n, keys);
  return nk > 0 ? ns_vocab_same_initials(s, keys, nk, SAME_INITIALS_LIMIT,
                                         pick_first, b, err)
                : 0;
}

/* True when w (n bytes) is in more than rare articles, in any form. */
static int known(ns_store *s, const char *w, size_t n, long rare,
                 ns_error *err) {
  long docs, is_word;
  if (ns_vocab_get(s, w, n, &docs, &is_word, err) != 0) return -1;
  return docs > rare;
}

/* other (n bytes), the word typed with the keyboard in the other mode,
 * into b as a layout correction when the vocabulary has it as a word.
 * Returns 1 when taken, 0 when not, -1 with *err. */
static int as_layout(ns_store *s, const char *other, size_t n, best *b,
                     const char **reason, ns_error *err) {
  long docs, is_word;
  if (ns_vocab_get(s, other, n, &docs, &is_word, err) != 0) return -1;
  if (!is_word || docs <= 0 || !take(b, other, (int)n, docs)) return 0;
  *reason = NS_FIX_LAYOUT;
  return 1;
}

/* The correction of one word into b, with its reason; NULL reason when the
 * word stays. Returns 0, or -1 with *err. */
static int fix_word(ns_store *s, const char *w, size_t n, long rare, best *b,
                    const char **reason, ns_error *err) {
  *reason = NULL;
  b->docs = 0;
  word_kind k = kind_of(w, n);
  if (k.other || n == 0) return 0; /* numbers, punctuation, operators */
  int is_known = known(s, w, n, rare, err);
  if (is_known != 0) return is_known < 0 ? -1 : 0;
  if (k.consonants >= 2 && k.syllables == 0 && k.latin == 0) {
    if (by_initials(s, w, n, b, err) < 0) return -1;
    if (b->docs > 0) *reason = NS_FIX_CHOSEONG;
    return 0;
  }
  char other[WORD_CAP];
  if (k.latin && !k.syllables && !k.consonants) { /* typed in Latin mode */
    int len = ns_keys_to_hangul(w, n, other, sizeof other);
    word_kind h = len > 0 ? kind_of(other, (size_t)len) : (word_kind){0};
    int whole =
        len > 0 && h.syllables > 0 && !h.consonants && !h.latin && !h.other;
    if (whole && as_layout(s, other, (size_t)len, b, reason, err) < 0)
      return -1;
    return 0;
  }
  if (k.latin) return 0; /* Latin and Hangul mixed, unknown: as typed */
  int len = ns_hangul_to_latin(w, n, other, sizeof other);
  if (len > 1) { /* jamo typed in Korean mode's place: ㅔㅊ for pc */
    int taken = as_layout(s, other, (size_t)len, b, reason, err);
    if (taken != 0) return taken < 0 ? -1 : 0;
  }
  if (k.syllables < 2) return 0;
  unsigned char keys[NS_KEYS_MAX];
  int nk = ns_word_keys(w, n, keys);
  if (nk <= 0) return 0;
  if (one_key_away(s, keys, nk, b, err) != 0) return -1;
  if (b->docs == 0 && k.syllables >= TWO_KEYS_SYLLABLES &&
      two_keys_away(s, w, n, keys, nk, b, err) != 0)
    return -1;
  if (b->docs > 0) *reason = NS_FIX_TYPO;
  return 0;
}

/* True for a word the query language reads as an operator or a phrase,
 * which is never corrected. */
static int is_operator(const char *w, size_t n) {
  return (n == 2 && memcmp(w, "OR", 2) == 0) || w[0] == '-' ||
         memchr(w, '"', n) != NULL || memchr(w, ':', n) != NULL ||
         memchr(w, '*', n) != NULL;
}

int ns_correct_query(ns_store *s, const char *text, size_t n, long rare,
                     char **to, const char **reason, ns_error *err) {
  *to = NULL;
  *reason = NULL;
  if (memchr(text, '"', n) != NULL) return 0; /* phrases are meant exactly */
  ns_strbuf out = {0};
  int changed = 0;
  for (size_t i = 0; i < n;) {
    int sp = ns_space_len(text + i, n - i);
    if (sp > 0) {
      ns_strbuf_put(&out, text + i, (size_t)sp);
      i += (size_t)sp;
      continue;
    }
    size_t end = i;
    while (end < n && ns_space_len(text + end, n - end) == 0)
      end++;
    best b;
    const char *why = NULL;
    if (!is_operator(text + i, end - i) &&
        fix_word(s, text + i, end - i, rare, &b, &why, err) != 0) {
      free(ns_strbuf_finish(&out));
      return -1;
    }
    if (why != NULL) {
      ns_strbuf_puts(&out, b.word);
      if (*reason == NULL) *reason = why;
      changed = 1;
    } else {
      ns_strbuf_put(&out, text + i, end - i);
    }
    i = end;
  }
  char *result = ns_strbuf_finish(&out);
  if (result == NULL) {
    ns_error_set(err, NS_ERR_NOMEM, "[correct] out of memory");
    return -1;
  }
  if (!changed) {
    free(result);
    *reason = NULL;
    return 0;
  }
  *to = result;
  return 1;
}
