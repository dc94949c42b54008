/*
 * hanja_readings.c: the words of a text that hold Hanja, read in Hangul,
 * for the readings columns of the index (newssearch/hanja.h).
 *
 * A run of Hanja is read by its longest words in libhangul's dictionary
 * (北美 → 북미, 與野 → 여야), character by character where no word fits
 * (脫 → 탈); a run of one headline Hanja reads as its word (美 → 미국). The
 * rest of the word stays as written, so 北美정상회담 reads 북미정상회담 and a
 * query for the whole word finds it as one phrase. The headline words of
 * the headline Hanja inside longer runs follow the word (韓美 → 한미 한국
 * 미국): a reader searching 미국 means the 美 of 韓美 too.
 */
#include "newssearch/hanja.h"

#include "hanja_table.h"
#include "newssearch/utf8.h"
#include "script.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Distinct headline words kept after one word; more are dropped. */
#define MAX_EXTRAS 16

typedef struct out_buf {
  char *s;
  size_t len, cap;
  int oom;
} out_buf;

static void put(out_buf *o, const char *s, size_t n) {
  if (o->oom) return;
  if (o->len + n + 1 > o->cap) {
    size_t cap = o->cap ? o->cap * 2 : 256;
    while (cap < o->len + n + 1)
      cap *= 2;
    char *grown = realloc(o->s, cap);
    if (grown == NULL) {
      o->oom = 1;
      return;
    }
    o->s = grown;
    o->cap = cap;
  }
  memcpy(o->s + o->len, s, n);
  o->len += n;
  o->s[o->len] = '\0';
}

static void put_cp(out_buf *o, uint32_t cp) {
  char u[4];
  put(o, u, (size_t)ns_utf8_encode(cp, u));
}

/* A compatibility ideograph (金 U+F90A) as the unified one NFKC makes of
 * it, which is what the dictionary and the headline table list. */
static uint32_t unified(uint32_t cp) {
  if (cp < 0xF900 || cp > 0xFAFF) return cp;
  utf8proc_int32_t out[4];
  int last = 0;
  utf8proc_ssize_t n =
      utf8proc_decompose_char((utf8proc_int32_t)cp, out, 4,
                              UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT, &last);
  return n == 1 ? (uint32_t)out[0] : cp;
}

static int is_hanja(uint32_t cp) { return ns_class_of(cp) == NS_CLASS_HAN; }

int ns_has_hanja(const char *text, size_t n) {
  const unsigned char *z = (const unsigned char *)text;
  for (size_t i = 0; i < n; i++) {
    uint32_t cp;
    /* Hanja start with E3..E9 (U+3005.., U+3400..U+9FFF), EF (U+F900..)
     * or F0 (the supplementary planes); anything else is skipped fast. */
    if (z[i] < 0xE3 || z[i] > 0xF0) continue;
    int l = ns_utf8_decode(z + i, (int)(n - i), &cp);
    if (l > 0 && is_hanja(cp)) return 1;
  }
  return 0;
}

typedef struct word_reader {
  out_buf *o;
  const char *extras[MAX_EXTRAS];
  int n_extras;
} word_reader;

static void add_extra(word_reader *w, const char *word) {
  for (int i = 0; i < w->n_extras; i++)
    if (w->extras[i] == word) return;
  if (w->n_extras < MAX_EXTRAS) w->extras[w->n_extras++] = word;
}

/* Reads the run of Hanja han[0..m) into w->o. */
static void read_run(word_reader *w, const uint32_t *han, int m) {
  char key[4 * NS_HANJA_WORD_MAX];
  int key_len[NS_HANJA_WORD_MAX + 1];
  if (m == 1) {
    int l = ns_utf8_encode(han[0], key);
    const char *word = ns_hanja_headline_word(key, (size_t)l);
    if (word) {
      put(w->o, word, strlen(word));
      return;
    }
  }
  for (int i = 0; i < m;) {
    int longest = m - i < NS_HANJA_WORD_MAX ? m - i : NS_HANJA_WORD_MAX;
    key_len[0] = 0;
    for (int k = 0; k < longest; k++)
      key_len[k + 1] =
          key_len[k] + ns_utf8_encode(han[i + k], key + key_len[k]);
    int taken = 0;
    for (int l = longest; l >= 2 && !taken; l--) {
      size_t n = 0;
      const char *reading = ns_hanja_table_word(key, (size_t)key_len[l], &n);
      if (reading) {
        put(w->o, reading, n);
        taken = l;
      }
    }
    if (!taken) {
      uint32_t syllable = ns_hanja_table_char(han[i]);
      put_cp(w->o, syllable ? syllable : han[i]);
      taken = 1;
    }
    if (m > 1)
      for (int k = 0; k < taken; k++) {
        const char *word = ns_hanja_headline_word(
            key + key_len[k], (size_t)(key_len[k + 1] - key_len[k]));
        if (word) add_extra(w, word);
      }
    i += taken;
  }
}

/* For each byte written, the span of the text it came from. */
typedef struct byte_map {
  size_t cap;
  int **from, **to;
} byte_map;

/* Gives the bytes [lo, hi) written the span [start, end) of the text,
 * growing the maps as needed. Returns 0, or -1 when they cannot grow. */
static int map_to(byte_map *m, size_t lo, size_t hi, int start, int end) {
  if (hi > m->cap) {
    size_t c = m->cap ? m->cap * 2 : 256;
    while (c < hi)
      c *= 2;
    int *f = realloc(*m->from, c * sizeof *f);
    if (f) *m->from = f;
    int *t = f ? realloc(*m->to, c * sizeof *t) : NULL;
    if (t) *m->to = t;
    if (!f || !t) return -1;
    m->cap = c;
  }
  for (size_t i = lo; i < hi; i++)
    (*m->from)[i] = start, (*m->to)[i] = end;
  return 0;
}

/* Maps the reading of one run, o->s[done..o->len), back to its Hanja,
 * whose byte spans are start[k]..end[k] for k < m: syllable by character
 * when there are as many, else all of it to the whole run. */
static int map_run(const out_buf *o, byte_map *map, size_t done,
                   const int *start, const int *end, int m) {
  int syllables = 0;
  for (size_t i = done; i < o->len; i++)
    syllables += ((unsigned char)o->s[i] & 0xC0) != 0x80;
  if (syllables != m) return map_to(map, done, o->len, start[0], end[m - 1]);
  size_t at = done;
  for (int k = 0; k < m; k++) {
    size_t next = at + 1;
    while (next < o->len && ((unsigned char)o->s[next] & 0xC0) == 0x80)
      next++;
    if (map_to(map, at, next, start[k], end[k]) != 0) return -1;
    at = next;
  }
  return 0;
}

/* Writes text[0..n) into w->o with each run of Hanja read (read_run), and
 * the byte map when map is not NULL; an invalid byte is copied as it is.
 * Returns 0, or -1 when the map could not grow. */
static int read_into(word_reader *w, const char *text, size_t n,
                     byte_map *map) {
  out_buf *o = w->o;
  uint32_t han[256];
  int start[256], end[256], m = 0;
  for (size_t i = 0; i <= n;) {
    uint32_t cp = 0;
    int l = i < n ? ns_utf8_decode((const unsigned char *)text + i,
                                   (int)(n - i), &cp)
                  : 0;
    int hanja = l > 0 && is_hanja(cp);
    /* a run ends at the text's end, at another script, or when full */
    if (m > 0 && (!hanja || m == (int)(sizeof han / sizeof han[0]))) {
      size_t done = o->len;
      read_run(w, han, m);
      if (map && map_run(o, map, done, start, end, m) != 0) return -1;
      m = 0;
    }
    if (i == n) break;
    size_t step = l > 0 ? (size_t)l : 1;
    if (hanja) {
      start[m] = (int)i, end[m] = (int)(i + step);
      han[m++] = unified(cp);
    } else {
      size_t done = o->len;
      put(o, text + i, step);
      if (map && map_to(map, done, o->len, (int)i, (int)(i + step)) != 0)
        return -1;
    }
    i += step;
  }
  return 0;
}

/* Reads the word text[0..n), which holds Hanja, into o: its Hanja read,
 * then the headline words of its longer runs. */
static void read_word(out_buf *o, const char *text, size_t n) {
  word_reader w = {o, {NULL}, 0};
  read_into(&w, text, n, NULL);
  for (int i = 0; i < w.n_extras; i++) {
    put(o, " ", 1);
    put(o, w.extras[i], strlen(w.extras[i]));
  }
}

char *ns_hanja_readings(const char *text, size_t n, int *oom) {
  if (oom) *oom = 0;
  if (text == NULL || !ns_has_hanja(text, n)) return NULL;
  ns_hanja_table_load(NULL); /* without it, the headline words still read */
  out_buf o = {NULL, 0, 0, 0};
  const unsigned char *z = (const unsigned char *)text;
  size_t start = 0;
  int word_has_hanja = 0;
  for (size_t i = 0; i <= n;) {
    uint32_t cp = 0;
    int l = i < n ? ns_utf8_decode(z + i, (int)(n - i), &cp) : 0;
    int separates = i == n || l == 0 || ns_class_of(cp) == NS_CLASS_SEP;
    if (separates) {
      if (word_has_hanja) {
        if (o.len) put(&o, " ", 1);
        read_word(&o, text + start, i - start);
      }
      word_has_hanja = 0;
      if (i == n) break;
      i += l ? (size_t)l : 1;
      start = i;
      continue;
    }
    if (is_hanja(cp)) word_has_hanja = 1;
    i += (size_t)l;
  }
  if (o.oom) {
    free(o.s);
    if (oom) *oom = 1;
    return NULL;
  }
  return o.s;
}

char *ns_hanja_read_text(const char *text, size_t n, int **from, int **to,
                         int *oom) {
  if (oom) *oom = 0;
  if (from) *from = NULL, *to = NULL;
  if (text == NULL || !ns_has_hanja(text, n)) return NULL;
  ns_hanja_table_load(NULL);
  out_buf o = {NULL, 0, 0, 0};
  word_reader w = {&o, {NULL}, 0};
  byte_map map = {0, from, to};
  int failed = read_into(&w, text, n, from ? &map : NULL) != 0;
  if (o.oom || failed) {
    free(o.s);
    if (from) free(*from), free(*to), *from = NULL, *to = NULL;
    if (oom) *oom = 1;
    return NULL;
  }
  return o.s;
}

int ns_hanja_init(const char **why) { return ns_hanja_table_load(why); }
