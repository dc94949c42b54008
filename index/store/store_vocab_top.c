/*
 * store_vocab_top.c: the most frequent words of each prefix of one or two
 * keys (ㄷ, 대, and the initials ㄷ, ㄷㅌ), kept in vocab_top. Such a prefix
 * begins tens of thousands of words; ranking them on every keystroke took
 * 13.7 ms at the 99th percentile on 100,000 articles. The lists are made
 * again whenever the vocabulary is written (ns_store_vocab_merge), in the
 * same transaction, from one pass over the table in the order of its keys,
 * so that ties keep the order the ranking query gives them (docs, then
 * keys).
 */
#include "store_int.h"
#include "store_vocab.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TOP_KEEP NS_VOCAB_TOP_KEEP
#define WORD_BYTES 64

typedef struct top_word {
  long docs;
  char word[WORD_BYTES];
} top_word;

typedef struct top_list {
  int n;
  top_word w[TOP_KEEP];
} top_list;

/* A slot for each prefix of one or two bytes, of keys (0) or initials (1). */
#define SLOTS_PER_KIND (256 + 256 * 256)

static int slot(int kind, const unsigned char *p, int n) {
  return kind * SLOTS_PER_KIND + (n == 1 ? p[0] : 256 + p[0] * 256 + p[1]);
}

static void offer(top_list **lists, int at, const char *word, int len,
                  long docs) {
  if (len >= WORD_BYTES) return;
  top_list *l = lists[at];
  if (l == NULL && (l = lists[at] = calloc(1, sizeof *l)) == NULL) return;
  if (l->n == TOP_KEEP && docs <= l->w[TOP_KEEP - 1].docs) return;
  int i = l->n < TOP_KEEP ? l->n++ : TOP_KEEP - 1;
  while (i > 0 && l->w[i - 1].docs < docs) { /* ties stay in keys order */
    l->w[i] = l->w[i - 1];
    i--;
  }
  l->w[i].docs = docs;
  memcpy(l->w[i].word, word, (size_t)len);
  l->w[i].word[len] = '\0';
}

/* "word\tdocs\n" per word, most first (sqlite3_free it). */
static char *encode(const top_list *l) {
  char *out = sqlite3_mprintf("%s", "");
  for (int i = 0; out && i < l->n; i++)
    out = sqlite3_mprintf("%z%s\t%ld\n", out, l->w[i].word, l->w[i].docs);
  return out;
}

static int write_lists(ns_store *s, top_list **lists, ns_error *err) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(s->db,
                         "INSERT INTO vocab_top(prefix, words) VALUES(?1, ?2)",
                         -1, &st, NULL) != SQLITE_OK)
    return ns_store_fail(s, "writing the vocabulary's top words", err);
  int rc = 0;
  for (int at = 0; rc == 0 && at < 2 * SLOTS_PER_KIND; at++) {
    if (lists[at] == NULL) continue;
    int kind = at / SLOTS_PER_KIND, i = at % SLOTS_PER_KIND;
    unsigned char key[3] = {kind ? 'I' : 'K', 0, 0};
    int n = i < 256 ? 1 : 2;
    if (n == 1)
      key[1] = (unsigned char)i;
    else
      key[1] = (unsigned char)((i - 256) / 256),
      key[2] = (unsigned char)((i - 256) % 256);
    char *words = encode(lists[at]);
    if (words == NULL) {
      ns_error_set(err, NS_ERR_NOMEM, "[store] %s: out of memory", s->path);
      rc = -1;
      break;
    }
    sqlite3_reset(st);
    sqlite3_bind_blob(st, 1, key, n + 1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, words, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
      rc = ns_store_fail(s, "writing the vocabulary's top words", err);
    sqlite3_free(words);
  }
  sqlite3_finalize(st);
  return rc;
}

int ns_vocab_rebuild_tops(ns_store *s, ns_error *err) {
  top_list **lists = calloc(2 * SLOTS_PER_KIND, sizeof *lists);
  if (lists == NULL) {
    ns_error_set(err, NS_ERR_NOMEM, "[store] %s: out of memory", s->path);
    return -1;
  }
  sqlite3_stmt *st = NULL;
  int rc = ns_store_exec(s, "DELETE FROM vocab_top", err);
  if (rc == 0 &&
      sqlite3_prepare_v2(s->db,
                         "SELECT keys, word, docs, initials FROM vocab "
                         "WHERE " NS_VOCAB_IS_WORD " ORDER BY keys",
                         -1, &st, NULL) != SQLITE_OK)
    rc = ns_store_fail(s, "reading the vocabulary", err);
  int step = SQLITE_DONE;
  while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
    const unsigned char *keys = sqlite3_column_blob(st, 0);
    int nk = sqlite3_column_bytes(st, 0);
    const char *word = (const char *)sqlite3_column_text(st, 1);
    int len = sqlite3_column_bytes(st, 1);
    long docs = (long)sqlite3_column_int64(st, 2);
    const unsigned char *ini = sqlite3_column_blob(st, 3);
    int ni = sqlite3_column_bytes(st, 3);
    for (int n = 1; n <= 2; n++) {
      if (nk >= n) offer(lists, slot(0, keys, n), word, len, docs);
      if (ini && ni >= n) offer(lists, slot(1, ini, n), word, len, docs);
    }
  }
  if (rc == 0 && step != SQLITE_DONE)
    rc = ns_store_fail(s, "reading the vocabulary", err);
  sqlite3_finalize(st);
  if (rc == 0) rc = write_lists(s, lists, err);
  for (int i = 0; i < 2 * SLOTS_PER_KIND; i++)
    free(lists[i]);
  free(lists);
  return rc;
}

int ns_vocab_top(ns_store *s, int by_initials, const unsigned char *prefix,
                 int n, int limit, ns_vocab_fn fn, void *ctx, ns_error *err) {
  unsigned char key[3] = {by_initials ? 'I' : 'K', prefix[0],
                          n > 1 ? prefix[1] : 0};
  if (ns_store_stmt(s, &s->vocab_top,
                    "SELECT words FROM vocab_top WHERE prefix = ?1", err) != 0)
    return -1;
  sqlite3_bind_blob(s->vocab_top, 1, key, n + 1, SQLITE_STATIC);
  int rc = sqlite3_step(s->vocab_top);
  if (rc == SQLITE_ROW) {
    const char *p = (const char *)sqlite3_column_text(s->vocab_top, 0);
    for (int given = 0; p && *p && given < limit; given++) {
      const char *tab = strchr(p, '\t'), *nl = tab ? strchr(tab, '\n') : NULL;
      if (nl == NULL) break;
      if (fn(ctx, p, (int)(tab - p), strtol(tab + 1, NULL, 10)) != 0) break;
      p = nl + 1;
    }
  }
  sqlite3_reset(s->vocab_top);
  return rc == SQLITE_ROW || rc == SQLITE_DONE
             ? 0
             : ns_store_fail(s, "reading the vocabulary", err);
}
