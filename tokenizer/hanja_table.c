/*
 * hanja_table.c: libhangul's Hanja dictionary (libhangul-data's
 * hanja.txt, `reading:hanja:meaning` per line) indexed by the Hanja.
 *
 * The file is read whole into memory and stays there: the tables point
 * into it. Words (two or more characters) go into an open-addressing
 * table keyed by their bytes' hash; single characters get the reading
 * their words use most, counted over every word of the file, because the
 * dictionary lists a character under each of its readings (北 under 배 and
 * 북) in no useful order.
 */
#include "hanja_table.h"

#include "newssearch/utf8.h"
#include "script.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#ifndef NS_HANJA_TABLE_FILE
#define NS_HANJA_TABLE_FILE "/usr/share/libhangul/hanja/hanja.txt"
#endif

/* Slots of the words' table (a power of two): the file has about 275,000
 * words of Hanja only. Insertion stops at three quarters full. */
#define WORD_SLOTS (1u << 19)
/* Slots for single characters and for (character, reading) counts. */
#define CHAR_SLOTS (1u << 16)
#define PAIR_SLOTS (1u << 18)

typedef struct word_slot {
  uint64_t hash;         /* 0: empty */
  uint32_t key, reading; /* offsets into the file's text */
  uint8_t key_len, reading_len;
} word_slot;

typedef struct char_slot {
  uint32_t cp; /* 0: empty */
  uint32_t syllable, uses;
} char_slot;

typedef struct pair_slot {
  uint64_t key; /* cp << 32 | syllable; 0: empty */
  uint32_t uses;
} pair_slot;

static struct {
  char *text;
  word_slot *words;
  char_slot *chars;
  size_t n_words;
  const char *why; /* NULL once loaded */
} table = {NULL, NULL, NULL, 0, "the Hanja table is not loaded"};

static uint64_t hash_of(const char *s, size_t n) {
  uint64_t h = XXH3_64bits(s, n);
  return h ? h : 1;
}

/* Decodes s[0..n) into at most max code points of one kind: Hangul
 * syllables (hangul) or Han characters. Returns how many, or -1 when s
 * holds anything else or more than max. */
static int code_points(const char *s, size_t n, int hangul, uint32_t *out,
                       int max) {
  int k = 0;
  for (size_t i = 0; i < n;) {
    uint32_t cp;
    int l = ns_utf8_decode((const unsigned char *)s + i, (int)(n - i), &cp);
    if (l == 0 || k == max) return -1;
    if (hangul ? !ns_is_hangul_syllable(cp) : ns_class_of(cp) != NS_CLASS_HAN)
      return -1;
    out[k++] = cp;
    i += (size_t)l;
  }
  return k;
}

/* The slot of key, or an empty one taken for it (insert; NULL when the
 * table is three quarters full), or NULL. */
static pair_slot *pair_at(pair_slot *pairs, size_t *used, uint64_t key,
                          int insert) {
  for (uint64_t i = (key * 0x9E3779B97F4A7C15ull) >> 40;; i++) {
    pair_slot *p = &pairs[i & (PAIR_SLOTS - 1)];
    if (p->key == key) return p;
    if (p->key == 0) {
      if (!insert || *used >= PAIR_SLOTS / 4 * 3) return NULL;
      (*used)++;
      p->key = key;
      return p;
    }
  }
}

static char_slot *char_at(uint32_t cp, int insert) {
  for (uint32_t i = (cp * 2654435761u) >> 8;; i++) {
    char_slot *c = &table.chars[i & (CHAR_SLOTS - 1)];
    if (c->cp == cp) return c;
    if (c->cp == 0) {
      if (!insert) return NULL;
      c->cp = cp;
      return c;
    }
  }
}

static void add_word(const char *text, size_t key, size_t key_len,
                     size_t reading, size_t reading_len) {
  if (table.n_words >= WORD_SLOTS / 4 * 3) return;
  uint64_t h = hash_of(text + key, key_len);
  for (uint64_t i = h;; i++) {
    word_slot *w = &table.words[i & (WORD_SLOTS - 1)];
    if (w->hash == 0) {
      *w = (word_slot){h, (uint32_t)key, (uint32_t)reading, (uint8_t)key_len,
                       (uint8_t)reading_len};
      table.n_words++;
      return;
    }
    /* the first reading listed for a word is kept */
    if (w->hash == h && w->key_len == key_len &&
        memcmp(text + w->key, text + key, key_len) == 0)
      return;
  }
}

/* One line of the file: a word goes into the table and its characters'
 * readings are counted; a character alone is kept as a candidate. */
static void read_line(const char *text, size_t at, size_t end, pair_slot *pairs,
                      size_t *n_pairs, uint64_t *singles, size_t *n_singles,
                      size_t max_singles) {
  const char *line = text + at;
  const char *c1 = memchr(line, ':', end - at);
  if (c1 == NULL || line[0] == '#') return;
  const char *c2 = memchr(c1 + 1, ':', (size_t)(text + end - (c1 + 1)));
  if (c2 == NULL) c2 = text + end;
  uint32_t syl[NS_HANJA_WORD_MAX], han[NS_HANJA_WORD_MAX];
  int n_syl = code_points(line, (size_t)(c1 - line), 1, syl, NS_HANJA_WORD_MAX);
  int n_han =
      code_points(c1 + 1, (size_t)(c2 - c1 - 1), 0, han, NS_HANJA_WORD_MAX);
  if (n_syl <= 0 || n_syl != n_han) return;
  if (n_han == 1) {
    if (*n_singles < max_singles)
      singles[(*n_singles)++] = (uint64_t)han[0] << 32 | syl[0];
    return;
  }
  add_word(text, (size_t)(c1 + 1 - text), (size_t)(c2 - c1 - 1), at,
           (size_t)(c1 - line));
  for (int k = 0; k < n_han; k++) {
    pair_slot *p = pair_at(pairs, n_pairs, (uint64_t)han[k] << 32 | syl[k], 1);
    if (p) p->uses++;
  }
}

static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) return NULL;
  char *text = NULL;
  if (fseek(f, 0, SEEK_END) == 0) {
    long size = ftell(f);
    if (size > 0 && size < (1l << 30) && fseek(f, 0, SEEK_SET) == 0 &&
        (text = malloc((size_t)size + 1)) != NULL) {
      *len = fread(text, 1, (size_t)size, f);
      text[*len] = '\0';
    }
  }
  fclose(f);
  return text;
}

static void load_once(void) {
  size_t len = 0;
  char *text = read_file(NS_HANJA_TABLE_FILE, &len);
  if (text == NULL) {
    table.why = "cannot read libhangul's Hanja table " NS_HANJA_TABLE_FILE
                " (install the Debian package 'libhangul-data')";
    return;
  }
  size_t max_singles = len / 8;
  table.words = calloc(WORD_SLOTS, sizeof *table.words);
  table.chars = calloc(CHAR_SLOTS, sizeof *table.chars);
  pair_slot *pairs = calloc(PAIR_SLOTS, sizeof *pairs);
  uint64_t *singles = malloc(max_singles * sizeof *singles);
  if (!table.words || !table.chars || !pairs || !singles) {
    free(text), free(table.words), free(table.chars), free(pairs);
    free(singles);
    table.words = NULL, table.chars = NULL;
    table.why = "out of memory loading the Hanja table";
    return;
  }
  size_t n_singles = 0, n_pairs = 0;
  for (size_t at = 0; at < len;) {
    char *nl = memchr(text + at, '\n', len - at);
    size_t end = nl ? (size_t)(nl - text) : len;
    read_line(text, at, end, pairs, &n_pairs, singles, &n_singles, max_singles);
    at = end + 1;
  }
  /* Each character's reading: the one its words use most; among equals,
   * the one listed first. */
  for (size_t i = 0; i < n_singles && i < CHAR_SLOTS / 4 * 3; i++) {
    uint32_t cp = (uint32_t)(singles[i] >> 32), syl = (uint32_t)singles[i];
    pair_slot *p = pair_at(pairs, &n_pairs, singles[i], 0);
    uint32_t uses = p ? p->uses + 1 : 1;
    char_slot *c = char_at(cp, 1);
    if (uses > c->uses) {
      c->syllable = syl;
      c->uses = uses;
    }
  }
  free(pairs);
  free(singles);
  table.text = text;
  table.why = NULL;
}

int ns_hanja_table_load(const char **why) {
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  pthread_once(&once, load_once);
  if (why) *why = table.why;
  return table.why ? -1 : 0;
}

const char *ns_hanja_table_word(const char *w, size_t n, size_t *len) {
  if (table.words == NULL) return NULL;
  uint64_t h = hash_of(w, n);
  for (uint64_t i = h;; i++) {
    const word_slot *s = &table.words[i & (WORD_SLOTS - 1)];
    if (s->hash == 0) return NULL;
    if (s->hash == h && s->key_len == n &&
        memcmp(table.text + s->key, w, n) == 0) {
      *len = s->reading_len;
      return table.text + s->reading;
    }
  }
}

uint32_t ns_hanja_table_char(uint32_t cp) {
  if (table.chars == NULL) return 0;
  const char_slot *c = char_at(cp, 0);
  return c ? c->syllable : 0;
}
