/*
 * hangul_keys.c: the 2-set keyboard, learned once from libhangul's own
 * input method by typing every key and every pair that composes a vowel
 * or a final, so that no layout table is kept here.
 */
#include "newssearch/keys.h"
#include "newssearch/utf8.h"

#include <hangul.h>
#include <pthread.h>
#include <string.h>

#define SYLLABLE_FIRST 0xAC00
#define N_CHO NS_INITIAL_CONSONANTS
#define N_JUNG 21
#define N_JONG 28
#define CJAMO_FIRST 0x3131          /* ㄱ */
#define CJAMO_LAST 0x3163           /* ㅣ */
#define CJAMO_LAST_CONSONANT 0x314E /* ㅎ */
#define HIGH 0x80

/* The keys of the 2-set layout: 26 letters and the 7 that Shift changes. */
static const char kKeys[] = "qwertyuiopasdfghjklzxcvbnmQWERTOP";

typedef struct keyseq {
  char k[2];
  int n; /* 0 (no final), 1 or 2 */
} keyseq;

static struct {
  keyseq cho[N_CHO], jung[N_JUNG], jong[N_JONG];
  keyseq cjamo[CJAMO_LAST - CJAMO_FIRST + 1]; /* a compatibility jamo */
  int ok;
} L;

static pthread_once_t once = PTHREAD_ONCE_INIT;

/* What libhangul's 2-set input method makes of keys: the one character it
 * commits and flushes, or 0 when that is not exactly one. */
static ucschar typed(HangulInputContext *ic, const char *keys, int n) {
  ucschar out[8];
  int len = 0;
  hangul_ic_reset(ic);
  for (int i = 0; i < n; i++) {
    hangul_ic_process(ic, keys[i]);
    for (const ucschar *c = hangul_ic_get_commit_string(ic); *c && len < 8;)
      out[len++] = *c++;
  }
  for (const ucschar *c = hangul_ic_flush(ic); *c && len < 8;)
    out[len++] = *c++;
  return len == 1 ? out[0] : 0;
}

static int cjamo_index(ucschar c) {
  if (c >= 0x1100) c = hangul_jamo_to_cjamo(c);
  return c >= CJAMO_FIRST && c <= CJAMO_LAST ? (int)(c - CJAMO_FIRST) : -1;
}

static void learn(void) {
  hangul_init();
  HangulInputContext *ic = hangul_ic_new("2");
  if (ic == NULL) return;
  int n_keys = (int)strlen(kKeys);
  for (int i = 0; i < n_keys; i++) { /* one key: one jamo */
    int j = cjamo_index(typed(ic, &kKeys[i], 1));
    if (j >= 0 && L.cjamo[j].n == 0) L.cjamo[j] = (keyseq){{kKeys[i]}, 1};
  }
  for (int a = 0; a < n_keys; a++) /* two keys: a compound vowel or final */
    for (int b = 0; b < n_keys; b++) {
      char vowel[3] = {'r', kKeys[a], kKeys[b]};    /* ㄱ + two vowels */
      char fin[4] = {'r', 'k', kKeys[a], kKeys[b]}; /* 가 + two finals */
      ucschar v = typed(ic, vowel, 3), f = typed(ic, fin, 4);
      keyseq two = {{kKeys[a], kKeys[b]}, 2};
      if (v >= SYLLABLE_FIRST && v < SYLLABLE_FIRST + 11172 &&
          (v - SYLLABLE_FIRST) % N_JONG == 0) {
        int jung = (int)((v - SYLLABLE_FIRST) / N_JONG) % N_JUNG;
        if (L.jung[jung].n == 0) L.jung[jung] = two;
      }
      if (f > SYLLABLE_FIRST && f < SYLLABLE_FIRST + N_JONG) {
        int jong = (int)(f - SYLLABLE_FIRST);
        if (L.jong[jong].n == 0) L.jong[jong] = two;
      }
    }
  int missing = 0;
  for (int i = 0; i < N_CHO; i++) {
    int j = cjamo_index(0x1100 + i);
    L.cho[i] = j >= 0 ? L.cjamo[j] : (keyseq){{0}, 0};
    missing += L.cho[i].n == 0;
  }
  for (int i = 0; i < N_JUNG; i++) {
    int j = cjamo_index(0x1161 + i);
    if (L.jung[i].n == 0 && j >= 0) L.jung[i] = L.cjamo[j];
    missing += L.jung[i].n == 0;
  }
  for (int i = 1; i < N_JONG; i++) {
    int j = cjamo_index(0x11A7 + i);
    if (j >= 0 && L.cjamo[j].n == 1) L.jong[i] = L.cjamo[j];
    missing += L.jong[i].n == 0;
    /* a compound final's compatibility jamo (ㄺ) types as the final does */
    if (j >= 0 && L.cjamo[j].n == 0) L.cjamo[j] = L.jong[i];
  }
  for (int i = 0; i < N_JUNG; i++) { /* and a compound vowel's (ㅘ) */
    int j = cjamo_index(0x1161 + i);
    if (j >= 0 && L.cjamo[j].n == 0) L.cjamo[j] = L.jung[i];
  }
  hangul_ic_delete(ic);
  L.ok = missing == 0;
}

const char *ns_keyboard_keys(void) { return kKeys; }

static int ready(void) {
  pthread_once(&once, learn);
  return L.ok;
}

static int put(unsigned char *out, int len, const keyseq *k, int high) {
  if (len + k->n > NS_KEYS_MAX) return -1;
  for (int i = 0; i < k->n; i++)
    out[len++] = (unsigned char)k->k[i] | (high ? HIGH : 0);
  return len;
}

int ns_word_keys(const char *word, size_t n, unsigned char *out) {
  if (!ready()) return -1;
  int len = 0;
  for (size_t i = 0; i < n && len >= 0;) {
    uint32_t c;
    int w = ns_utf8_decode_n(word + i, n - i, &c);
    if (w <= 0) return -1;
    i += (size_t)w;
    if (c < 0x80) {
      int lower = c >= 'A' && c <= 'Z' ? (int)c + 32 : (int)c;
      if (!((lower >= 'a' && lower <= 'z') || (c >= '0' && c <= '9')) ||
          len + 1 > NS_KEYS_MAX)
        return -1;
      out[len++] = (unsigned char)lower;
    } else if (ns_is_hangul_syllable(c)) {
      int s = (int)(c - SYLLABLE_FIRST);
      len = put(out, len, &L.cho[s / (N_JUNG * N_JONG)], 1);
      if (len >= 0) len = put(out, len, &L.jung[(s / N_JONG) % N_JUNG], 1);
      if (len >= 0) len = put(out, len, &L.jong[s % N_JONG], 1);
    } else {
      int j = cjamo_index(c);
      if (j < 0 || L.cjamo[j].n == 0) return -1;
      len = put(out, len, &L.cjamo[j], 1);
    }
  }
  return len;
}

int ns_is_choseong_query(const char *word, size_t n) {
  int count = 0;
  for (size_t i = 0; i < n;) {
    uint32_t c;
    int w = ns_utf8_decode_n(word + i, n - i, &c);
    if (w <= 0 || c < CJAMO_FIRST || c > CJAMO_LAST_CONSONANT) return 0;
    i += (size_t)w;
    count++;
  }
  return count >= 2;
}

int ns_word_initials(const char *word, size_t n, unsigned char *out) {
  if (!ready()) return 0;
  int len = 0, consonants = ns_is_choseong_query(word, n);
  for (size_t i = 0; i < n;) {
    uint32_t c;
    int w = ns_utf8_decode_n(word + i, n - i, &c);
    if (w <= 0) return 0;
    i += (size_t)w;
    const keyseq *k;
    if (consonants) {
      k = &L.cjamo[c - CJAMO_FIRST];
    } else if (ns_is_hangul_syllable(c)) {
      k = &L.cho[(c - SYLLABLE_FIRST) / (N_JUNG * N_JONG)];
    } else {
      return 0;
    }
    /* a compound consonant typed alone (ㄳ) has two keys; no initial does */
    if (k->n != 1 || (len = put(out, len, k, 1)) < 0) return 0;
  }
  return len;
}

int ns_initial_consonant_keys(unsigned char *out) {
  if (!ready()) return 0;
  for (int i = 0; i < N_CHO; i++)
    if (L.cho[i].n != 1 || put(out, i, &L.cho[i], 1) < 0) return 0;
  return N_CHO;
}

int ns_keys_to_hangul(const char *latin, size_t n, char *out, size_t cap) {
  if (!ready() || cap == 0) return -1;
  for (size_t i = 0; i < n; i++)
    if (!((latin[i] >= 'a' && latin[i] <= 'z') ||
          (latin[i] >= 'A' && latin[i] <= 'Z')))
      return -1;
  HangulInputContext *ic = hangul_ic_new("2");
  if (ic == NULL) return -1;
  size_t len = 0;
  int ok = 1;
  for (size_t i = 0; i <= n && ok; i++) {
    const ucschar *c;
    if (i < n) {
      hangul_ic_process(ic, latin[i]);
      c = hangul_ic_get_commit_string(ic);
    } else {
      c = hangul_ic_flush(ic);
    }
    for (; *c && ok; c++) {
      char buf[4];
      int w = ns_utf8_encode(*c, buf);
      ok = w > 0 && len + (size_t)w < cap;
      if (ok) memcpy(out + len, buf, (size_t)w), len += (size_t)w;
    }
  }
  hangul_ic_delete(ic);
  if (!ok) return -1;
  out[len] = '\0';
  return (int)len;
}

int ns_hangul_to_latin(const char *word, size_t n, char *out, size_t cap) {
  unsigned char keys[NS_KEYS_MAX];
  int len = ns_word_keys(word, n, keys);
  if (len < 0 || (size_t)len + 1 > cap) return -1;
  for (int i = 0; i < len; i++) {
    if (!(keys[i] & HIGH)) return -1; /* a Latin letter or digit */
    unsigned char k = keys[i] & 0x7F;
    out[i] = (char)(k >= 'A' && k <= 'Z' ? k + 32 : k);
  }
  out[len] = '\0';
  return len;
}
