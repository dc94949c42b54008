/*
 * store_vocab.c: the vocabulary, every word of the titles and bodies with
 * the number of articles it occurs in, kept in step with the articles by
 * triggers (every insert, update and delete, whoever makes it).
 *
 * The triggers call ns_vocab_note(), which adds the article's words to a
 * count of changes held in memory; the commit of the transaction writes
 * them into the vocab table first, so that the table and the articles are
 * committed together (a killed ingest loses both or neither). Counting in
 * memory first turns the hundreds of words of each article into one write
 * per distinct word of the whole transaction.
 *
 * A word that ends in a particle (카카오톡과) also counts for the word
 * without it, noted as a stem: `bare` counts the articles where a word
 * occurs as written, `docs` those where it occurs at all, and `particles`
 * which particles followed it. A word is one a reader would type when it
 * occurs as written or with two different particles (한국은행은,
 * 한국은행이: news rarely writes a noun bare); a stem seen with one only
 * (고속도 of 고속도로) is not one.
 */
#define _GNU_SOURCE /* qsort_r */
#include "store_vocab.h"
#include "store_int.h"

#include "newssearch/keys.h"
#include "newssearch/words.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* SQL: ns_vocab_note(title, body, sign), called by the articles' triggers. */
static void vocab_note_sql(sqlite3_context *ctx, int argc, sqlite3_value **v) {
  (void)argc;
  ns_vocab_delta *d = sqlite3_user_data(ctx);
  const char *title = (const char *)sqlite3_value_text(v[0]);
  const char *body = (const char *)sqlite3_value_text(v[1]);
  if (ns_vocab_note_text(
          d, title ? title : "", title ? (size_t)sqlite3_value_bytes(v[0]) : 0,
          body ? body : "", body ? (size_t)sqlite3_value_bytes(v[1]) : 0,
          sqlite3_value_int(v[2])) != 0)
    sqlite3_result_error_nomem(ctx);
}

int ns_vocab_register(sqlite3 *db, ns_vocab_delta *d) {
  return sqlite3_create_function(db, "ns_vocab_note", 3, SQLITE_UTF8, d,
                                 vocab_note_sql, NULL, NULL);
}

/* One change to write, with its keys: the changes are written in the
 * order of their keys, the table's, so that each page of the table is
 * read and written once per flush instead of once per word. */
typedef struct keyed {
  ns_vocab_change c;
  uint32_t keys; /* offset in the keys buffer */
  uint8_t n_keys;
} keyed;

typedef struct ordering {
  keyed *order;
  uint32_t n;
  unsigned char *buf;
  size_t used, cap;
} ordering;

static int add_keyed(void *ctx, const ns_vocab_change *c) {
  ordering *o = ctx;
  unsigned char keys[NS_KEYS_MAX];
  int nk = ns_word_keys(c->word, (size_t)c->len, keys);
  if (nk <= 0 || nk > 255) return 0; /* not a word the keyboard types */
  if (o->used + (size_t)nk > o->cap) return 1; /* cannot happen: see cap */
  memcpy(o->buf + o->used, keys, (size_t)nk);
  o->order[o->n++] = (keyed){*c, (uint32_t)o->used, (uint8_t)nk};
  o->used += (size_t)nk;
  return 0;
}

static int by_keys(const void *a, const void *b, void *buf) {
  const keyed *x = a, *y = b;
  const unsigned char *k = buf;
  int n = x->n_keys < y->n_keys ? x->n_keys : y->n_keys;
  int c = memcmp(k + x->keys, k + y->keys, (size_t)n);
  return c ? c : (int)x->n_keys - (int)y->n_keys;
}

/* Out of memory doing (counting, writing) the vocabulary. */
static int oom(ns_store *s, const char *doing, ns_error *err) {
  ns_error_set(err, NS_ERR_NOMEM, "[store] %s: out of memory %s the vocabulary",
               s->path, doing);
  return -1;
}

/* Changes written by one statement: a statement per row cost half the
 * write (444,000 words on the 100,000-article set). */
#define ROWS_PER_PUT 64
#define PUT_COLUMNS 6

/* The upsert of rows rows (sqlite3_free it), or NULL when out of memory. */
static char *put_sql(int rows) {
  char *sql = sqlite3_mprintf("INSERT INTO vocab(keys, word, docs, bare, "
                              "particles, initials) VALUES");
  for (int i = 0; sql && i < rows; i++)
    sql = sqlite3_mprintf("%z%s(?,?,?,?,?,?)", sql, i ? "," : "");
  return sql ? sqlite3_mprintf("%z ON CONFLICT(keys) DO UPDATE "
                               "SET docs = docs + excluded.docs, "
                               "bare = bare + excluded.bare, "
                               "particles = particles | excluded.particles",
                               sql)
             : NULL;
}

/* The upsert of rows rows (1 or ROWS_PER_PUT) into *st, prepared once.
 * Returns 0, or -1 with *err. */
static int put_stmt(ns_store *s, sqlite3_stmt **st, int rows, ns_error *err) {
  if (*st != NULL) return ns_store_stmt(s, st, NULL, err);
  char *sql = put_sql(rows);
  if (sql == NULL) return oom(s, "writing", err);
  int rc = ns_store_stmt(s, st, sql, err);
  sqlite3_free(sql);
  return rc;
}

/* Binds change k as row `row` of st. */
static void bind_change(sqlite3_stmt *st, int row, const keyed *k,
                        const unsigned char *keys) {
  const ns_vocab_change *c = &k->c;
  unsigned char initials[NS_KEYS_MAX];
  int ni = ns_word_initials(c->word, (size_t)c->len, initials);
  int at = row * PUT_COLUMNS;
  sqlite3_bind_blob(st, at + 1, keys + k->keys, k->n_keys, SQLITE_STATIC);
  sqlite3_bind_text(st, at + 2, c->word, c->len, SQLITE_STATIC);
  sqlite3_bind_int(st, at + 3, c->docs);
  sqlite3_bind_int(st, at + 4, c->bare);
  sqlite3_bind_int64(st, at + 5, c->particles);
  if (ni > 0)
    sqlite3_bind_blob(st, at + 6, initials, ni, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null(st, at + 6);
}

/* Writes the n changes at k (keys in keys), one statement for all of them
 * (n is 1 or ROWS_PER_PUT). Returns 0, or -1 with *err. */
static int write_rows(ns_store *s, const keyed *k, int n,
                      const unsigned char *keys, ns_error *err) {
  sqlite3_stmt **st = n == 1 ? &s->vocab_put : &s->vocab_put_many;
  if (put_stmt(s, st, n, err) != 0) return -1;
  for (int i = 0; i < n; i++)
    bind_change(*st, i, &k[i], keys);
  if (sqlite3_step(*st) != SQLITE_DONE)
    return ns_store_fail(s, "writing the vocabulary", err);
  sqlite3_reset(*st);
  for (int i = 0; i < n; i++) {
    if (k[i].c.docs >= 0) continue;
    /* the word may have left with its last article */
    if (ns_store_stmt(s, &s->vocab_drop,
                      "DELETE FROM vocab WHERE keys = ?1 AND docs <= 0",
                      err) != 0)
      return -1;
    sqlite3_bind_blob(s->vocab_drop, 1, keys + k[i].keys, k[i].n_keys,
                      SQLITE_STATIC);
    if (sqlite3_step(s->vocab_drop) != SQLITE_DONE)
      return ns_store_fail(s, "writing the vocabulary", err);
  }
  return 0;
}

/* Writes the changes of d into the vocab table, in the order of their
 * keys. Returns 0, or -1 with *err. */
static int write_changes(ns_store *s, ns_vocab_delta *d, ns_error *err) {
  /* a syllable's 3 bytes give at most 5 keys (괅: ㄱ ㅗ ㅏ ㄹ ㄱ) */
  ordering o = {malloc((ns_vocab_delta_words(d) + 1) * sizeof *o.order), 0,
                NULL, 0, ns_vocab_delta_bytes(d) * 2};
  o.buf = malloc(o.cap + 1);
  int rc = o.order && o.buf ? ns_vocab_delta_each(d, add_keyed, &o) : -1;
  if (rc != 0) {
    rc = oom(s, "writing", err);
  } else {
    qsort_r(o.order, o.n, sizeof *o.order, by_keys, o.buf);
    for (uint32_t i = 0; rc == 0 && i < o.n;) {
      int rows = o.n - i >= ROWS_PER_PUT ? ROWS_PER_PUT : 1;
      rc = write_rows(s, &o.order[i], rows, o.buf, err);
      i += (uint32_t)rows;
    }
  }
  free(o.order);
  free(o.buf);
  return rc;
}

/* The stash's record of one change: the word's length (1 byte), the word,
 * then docs, bare and particles (4 bytes each, little-endian). */
static void put32(unsigned char *p, uint32_t v) {
  p[0] = (unsigned char)v, p[1] = (unsigned char)(v >> 8);
  p[2] = (unsigned char)(v >> 16), p[3] = (unsigned char)(v >> 24);
}

static uint32_t get32(const unsigned char *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
         (uint32_t)p[3] << 24;
}

typedef struct stash_buf {
  unsigned char *p;
  size_t len;
} stash_buf;

static int add_record(void *ctx, const ns_vocab_change *c) {
  stash_buf *b = ctx;
  b->p[b->len++] = (unsigned char)c->len;
  memcpy(b->p + b->len, c->word, (size_t)c->len);
  b->len += (size_t)c->len;
  put32(b->p + b->len, (uint32_t)c->docs);
  put32(b->p + b->len + 4, (uint32_t)c->bare);
  put32(b->p + b->len + 8, c->particles);
  b->len += 12;
  return 0;
}

int ns_vocab_stash(ns_store *s, ns_error *err) {
  ns_vocab_delta *d = s->vocab;
  if (d == NULL) return 0;
  if (ns_vocab_delta_oom(d)) return oom(s, "counting", err);
  if (ns_vocab_delta_words(d) == 0) return 0;
  stash_buf b = {
      malloc(ns_vocab_delta_bytes(d) + (size_t)ns_vocab_delta_words(d) * 13),
      0};
  if (b.p == NULL) return oom(s, "counting", err);
  ns_vocab_delta_each(d, add_record, &b);
  int rc = 0;
  if (b.len > 0 &&
      (ns_store_stmt(s, &s->vocab_stash,
                     "INSERT INTO vocab_pending(changes) VALUES(?1)",
                     err) != 0 ||
       (sqlite3_bind_blob(s->vocab_stash, 1, b.p, (int)b.len, SQLITE_STATIC),
        sqlite3_step(s->vocab_stash)) != SQLITE_DONE))
    rc = err->kind ? -1 : ns_store_fail(s, "stashing the vocabulary", err);
  if (s->vocab_stash) sqlite3_reset(s->vocab_stash);
  free(b.p);
  if (rc == 0) ns_vocab_delta_reset(d);
  return rc;
}

/* Adds one stash's changes to d. Returns 0, or -1 when out of memory. */
static int add_stash(ns_vocab_delta *d, const unsigned char *p, size_t n) {
  for (size_t i = 0; i < n;) {
    size_t len = p[i];
    if (i + 1 + len + 12 > n) break; /* cannot happen: written above */
    const unsigned char *c = p + i + 1 + len;
    ns_vocab_change change = {(const char *)p + i + 1, (int)len,
                              (int32_t)get32(c), (int32_t)get32(c + 4),
                              get32(c + 8)};
    if (ns_vocab_delta_add(d, &change) != 0) return -1;
    i += 1 + len + 12;
  }
  return 0;
}

int ns_vocab_unstash(ns_store *s, ns_error *err) {
  sqlite3_stmt *st = NULL;
  int rc = sqlite3_prepare_v2(s->db, "SELECT changes FROM vocab_pending", -1,
                              &st, NULL) == SQLITE_OK
               ? 0
               : ns_store_fail(s, "merging the vocabulary", err);
  int step = SQLITE_DONE;
  while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW)
    if (add_stash(s->vocab, sqlite3_column_blob(st, 0),
                  (size_t)sqlite3_column_bytes(st, 0)) != 0)
      rc = oom(s, "counting", err);
  if (rc == 0 && step != SQLITE_DONE)
    rc = ns_store_fail(s, "merging the vocabulary", err);
  sqlite3_finalize(st);
  return rc == 0 ? ns_store_exec(s, "DELETE FROM vocab_pending", err) : -1;
}

int ns_vocab_write(ns_store *s, ns_error *err) {
  return ns_vocab_delta_oom(s->vocab) ? oom(s, "counting", err)
                                      : write_changes(s, s->vocab, err);
}

/* A reader of a version 1 database, which has no vocabulary yet. */
static int no_vocabulary(const ns_store *s) {
  return s->schema_version > 0 && s->schema_version < 2;
}

/* Passes each row (word, docs) of st, bound, to fn until it stops them.
 * Returns 0, or -1 with *err. */
static int each_word(ns_store *s, sqlite3_stmt *st, ns_vocab_fn fn, void *ctx,
                     ns_error *err) {
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW)
    if (fn(ctx, (const char *)sqlite3_column_text(st, 0),
           sqlite3_column_bytes(st, 0),
           (long)sqlite3_column_int64(st, 1)) != 0) {
      rc = SQLITE_DONE;
      break;
    }
  sqlite3_reset(st);
  return rc == SQLITE_DONE ? 0
                           : ns_store_fail(s, "reading the vocabulary", err);
}

int ns_vocab_prefix(ns_store *s, int by_initials, const unsigned char *prefix,
                    int n, int limit, ns_vocab_fn fn, void *ctx,
                    ns_error *err) {
  /* keys and initials are bytes of at most 0xFA: the prefix's range ends
   * where its last byte is one higher */
  unsigned char end[NS_KEYS_MAX];
  if (n <= 0 || n > NS_KEYS_MAX || no_vocabulary(s)) return 0;
  if (n <= 2 && limit <= NS_VOCAB_TOP_KEEP) /* tens of thousands of words */
    return ns_vocab_top(s, by_initials, prefix, n, limit, fn, ctx, err);
  memcpy(end, prefix, (size_t)n);
  end[n - 1]++;
  sqlite3_stmt **st = by_initials ? &s->vocab_initials : &s->vocab_prefix;
  if (ns_store_stmt(s, st,
                    by_initials
                        ? "SELECT word, docs FROM vocab WHERE initials >= ?1 "
                          "AND initials < ?2 AND " NS_VOCAB_IS_WORD
                          " ORDER BY docs DESC, keys LIMIT ?3"
                        : "SELECT word, docs FROM vocab WHERE keys >= ?1 AND "
                          "keys < ?2 AND " NS_VOCAB_IS_WORD
                          " ORDER BY docs DESC, keys LIMIT ?3",
                    err) != 0)
    return -1;
  sqlite3_bind_blob(*st, 1, prefix, n, SQLITE_STATIC);
  sqlite3_bind_blob(*st, 2, end, n, SQLITE_STATIC);
  sqlite3_bind_int(*st, 3, limit);
  return each_word(s, *st, fn, ctx, err);
}

int ns_vocab_same_initials(ns_store *s, const unsigned char *initials, int n,
                           int limit, ns_vocab_fn fn, void *ctx,
                           ns_error *err) {
  if (n <= 0 || no_vocabulary(s)) return 0;
  if (ns_store_stmt(s, &s->vocab_same_initials,
                    "SELECT word, docs FROM vocab WHERE initials = ?1 "
                    "AND " NS_VOCAB_IS_WORD
                    " ORDER BY docs DESC, keys LIMIT ?2",
                    err) != 0)
    return -1;
  sqlite3_bind_blob(s->vocab_same_initials, 1, initials, n, SQLITE_STATIC);
  sqlite3_bind_int(s->vocab_same_initials, 2, limit);
  return each_word(s, s->vocab_same_initials, fn, ctx, err);
}

/* The row of keys (n bytes): its word into word (cap bytes; NULL: not
 * wanted), its articles into *docs and whether it is a word a reader would
 * type into *is_word. Returns 1 when there is one, 0 when not (or its word
 * does not fit), -1 with *err. */
static int row_of(ns_store *s, const unsigned char *keys, int n, char *word,
                  size_t cap, long *docs, long *is_word, ns_error *err) {
  *docs = *is_word = 0;
  if (n <= 0 || no_vocabulary(s)) return 0;
  if (ns_store_stmt(s, &s->vocab_get,
                    "SELECT word, docs, " NS_VOCAB_IS_WORD
                    " FROM vocab WHERE keys = ?1",
                    err) != 0)
    return -1;
  sqlite3_stmt *st = s->vocab_get;
  sqlite3_bind_blob(st, 1, keys, n, SQLITE_STATIC);
  int rc = sqlite3_step(st), found = 0;
  if (rc == SQLITE_ROW) {
    const char *w = (const char *)sqlite3_column_text(st, 0);
    size_t len = (size_t)sqlite3_column_bytes(st, 0);
    found = word == NULL || (w && len < cap);
    if (found && word) memcpy(word, w, len + 1);
    if (found) {
      *docs = (long)sqlite3_column_int64(st, 1);
      *is_word = (long)sqlite3_column_int64(st, 2);
    }
  }
  sqlite3_reset(st);
  return rc == SQLITE_ROW || rc == SQLITE_DONE
             ? found
             : ns_store_fail(s, "reading the vocabulary", err);
}

int ns_vocab_get(ns_store *s, const char *word, size_t n, long *docs,
                 long *is_word, ns_error *err) {
  unsigned char keys[NS_KEYS_MAX];
  int nk = ns_word_keys(word, n, keys);
  *docs = *is_word = 0;
  return nk > 0 && row_of(s, keys, nk, NULL, 0, docs, is_word, err) < 0 ? -1
                                                                        : 0;
}

int ns_vocab_find_keys(ns_store *s, const unsigned char *keys, int n,
                       char *word, size_t cap, long *docs, ns_error *err) {
  long is_word;
  int found = row_of(s, keys, n, word, cap, docs, &is_word, err);
  if (found < 0) return -1;
  if (!is_word) *docs = 0;
  return found && is_word;
}
