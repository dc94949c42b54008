/*
 * suggest.c: completions of the last word from the vocabulary. Its keys
 * (2-set keystrokes) are a prefix of the keys of every word it may become,
 * wherever the typing stopped; a word of initial consonants is also looked
 * up by the initials of the vocabulary's words. A word written with its
 * particle (카카오톡과) is not offered when the word without it is one a
 * reader would type: it counts for that word already.
 */
#include "newssearch/suggest.h"
#include "newssearch/keys.h"
#include "newssearch/utf8.h"
#include "newssearch/words.h"
#include "store_vocab.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

typedef struct found {
  char word[NS_KEYS_MAX + 64];
  long docs;
} found;

typedef struct collect {
  ns_store *s;
  found *f;
  int n, cap;
  int failed;
  ns_error *err;
} collect;

/* True when word is written with a particle and the word without it occurs
 * as written. */
static int stem_is_a_word(collect *c, const char *w, int n) {
  int stem = ns_word_stem_len(w, (size_t)n, NULL);
  long docs, is_word;
  if (stem == 0) return 0;
  if (ns_vocab_get(c->s, w, (size_t)stem, &docs, &is_word, c->err) != 0) {
    c->failed = 1;
    return 0;
  }
  return is_word > 0;
}

static int add(void *ctx, const char *w, int n, long docs) {
  collect *c = ctx;
  if (n <= 0 || (size_t)n >= sizeof c->f[0].word) return 0;
  for (int i = 0; i < c->n; i++)
    if ((int)strlen(c->f[i].word) == n && memcmp(c->f[i].word, w, n) == 0)
      return 0; /* found by its keys and by its initials */
  if (stem_is_a_word(c, w, n)) return c->failed;
  if (c->n == c->cap) return 0;
  memcpy(c->f[c->n].word, w, (size_t)n);
  c->f[c->n].word[n] = '\0';
  c->f[c->n++].docs = docs;
  return 0;
}

static int by_docs(const void *a, const void *b) {
  const found *x = a, *y = b;
  if (x->docs != y->docs) return x->docs > y->docs ? -1 : 1;
  return strcmp(x->word, y->word);
}

/* Where the last word of text starts: after its last space. */
static size_t last_word(const char *text, size_t n) {
  size_t start = 0;
  for (size_t i = 0; i < n;) {
    int sp = ns_space_len(text + i, n - i);
    uint32_t cp;
    int w = sp ? sp : ns_utf8_decode_n(text + i, n - i, &cp);
    i += (size_t)(w > 0 ? w : 1);
    if (sp) start = i;
  }
  return start;
}

int ns_suggest(ns_store *s, const char *text, size_t n, int limit,
               ns_suggest_result *out, ns_error *err) {
  memset(out, 0, sizeof *out);
  if (limit < 1 || limit > NS_SUGGEST_MAX) {
    ns_error_set(err, NS_ERR_QUERY, "[query] limit must be from 1 to %d",
                 NS_SUGGEST_MAX);
    return -1;
  }
  for (size_t i = 0; i < n;) {
    uint32_t cp;
    int w = ns_utf8_decode_n(text + i, n - i, &cp);
    if (w <= 0 || cp == 0) {
      ns_error_set(err, NS_ERR_QUERY,
                   "[query] not valid UTF-8, or holds a NUL byte");
      return -1;
    }
    i += (size_t)w;
  }
  size_t start = last_word(text, n);
  unsigned char keys[NS_KEYS_MAX];
  int nk = start < n ? ns_word_keys(text + start, n - start, keys) : -1;
  if (nk <= 0) return 0;
  /* More than asked, for the ones left out with their particle. */
  int want = limit * 3 + 8;
  found *f = calloc((size_t)want, sizeof *f);
  if (f == NULL) {
    ns_error_set(err, NS_ERR_NOMEM, "[suggest] out of memory");
    return -1;
  }
  collect c = {s, f, 0, want, 0, err};
  int rc = ns_vocab_prefix(s, 0, keys, nk, want, add, &c, err);
  if (rc == 0 && !c.failed && ns_is_choseong_query(text + start, n - start))
    rc = ns_vocab_prefix(s, 1, keys, nk, want, add, &c, err);
  if (rc != 0 || c.failed) {
    free(f);
    return -1;
  }
  qsort(f, (size_t)c.n, sizeof *f, by_docs);
  int take = c.n < limit ? c.n : limit;
  out->items = calloc((size_t)(take ? take : 1), sizeof *out->items);
  for (int i = 0; out->items && i < take; i++) {
    size_t wl = strlen(f[i].word);
    char *t = malloc(start + wl + 1);
    if (t == NULL) break;
    memcpy(t, text, start);
    memcpy(t + start, f[i].word, wl + 1);
    out->items[out->n].text = t;
    out->items[out->n++].count = f[i].docs;
  }
  free(f);
  if (out->items == NULL || out->n < take) {
    ns_suggest_result_clear(out);
    ns_error_set(err, NS_ERR_NOMEM, "[suggest] out of memory");
    return -1;
  }
  return 0;
}

char *ns_suggest_json(const char *text, size_t n, const ns_suggest_result *r) {
  json_t *list = json_array();
  json_t *o = json_object();
  int bad = list == NULL || o == NULL ||
            json_object_set_new(o, "query", json_stringn(text, n)) != 0;
  for (int i = 0; !bad && i < r->n; i++) {
    json_t *item = json_pack("{s:s,s:I}", "text", r->items[i].text, "count",
                             (json_int_t)r->items[i].count);
    bad = item == NULL || json_array_append_new(list, item) != 0;
  }
  char *out = NULL;
  if (!bad && json_object_set(o, "suggestions", list) == 0)
    out = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
  json_decref(list);
  json_decref(o);
  return out;
}

void ns_suggest_result_clear(ns_suggest_result *r) {
  for (int i = 0; i < r->n; i++)
    free(r->items[i].text);
  free(r->items);
  memset(r, 0, sizeof *r);
}
