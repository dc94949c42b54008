/*
 * store_vocab.h: the vocabulary table (store_vocab.c): how writes keep it
 * in step, and the reads suggestions and corrections make. Private to
 * index/.
 */
#ifndef NS_INDEX_STORE_VOCAB_H
#define NS_INDEX_STORE_VOCAB_H

#include "newssearch/error.h"
#include "newssearch/store.h"
#include "store_vocab_delta.h"

#include <stddef.h>

/* SQL: the row is a word a reader would type: written so, or with two
 * different particles (store_vocab.c). */
#define NS_VOCAB_IS_WORD "(bare > 0 OR (particles & (particles - 1)) != 0)"

/* The words kept for each prefix of one or two keys (store_vocab_top.c):
 * enough for NS_SUGGEST_MAX suggestions after particle forms are left
 * out. */
#define NS_VOCAB_TOP_KEEP 72

/* Registers the SQL function ns_vocab_note(title, body, sign) the
 * articles' triggers call, noting into d. Returns an SQLite code. */
int ns_vocab_register(sqlite3 *db, ns_vocab_delta *d);

/* Stashes s's noted changes in vocab_pending, one row for the open
 * transaction, and forgets them: the articles and the changes they make
 * are committed together, and writing the vocabulary itself waits for
 * ns_store_vocab_merge (newssearch/store.h). Returns 0, or -1 with *err. */
int ns_vocab_stash(ns_store *s, ns_error *err);

/* Reads every stashed change into s's delta and deletes the stash, inside
 * the open transaction. Returns 0, or -1 with *err. */
int ns_vocab_unstash(ns_store *s, ns_error *err);

/* Writes s's delta into the vocab table, in the order of the table's keys,
 * inside the open transaction (the delta is kept). Returns 0, or -1 with
 * *err. */
int ns_vocab_write(ns_store *s, ns_error *err);

/* The word a reader would type whose keys are exactly keys (n bytes): 1
 * with it in word (cap bytes, NUL-terminated) and its articles in *docs,
 * 0 when there is none, -1 with *err. */
int ns_vocab_find_keys(ns_store *s, const unsigned char *keys, int n,
                       char *word, size_t cap, long *docs, ns_error *err);

/* Makes vocab_top again from the vocab table, inside the open transaction.
 * Returns 0, or -1 with *err. */
int ns_vocab_rebuild_tops(ns_store *s, ns_error *err);

/* Called for each word found, most articles first; non-zero stops. */
typedef int (*ns_vocab_fn)(void *ctx, const char *word, int n, long docs);

/* The words a reader would type (see ns_vocab_get) whose keys (or, by_initials,
 * whose initials' keys) start with prefix, most articles first, at most limit,
 * each passed to fn. Returns 0, or -1 with *err. */
int ns_vocab_prefix(ns_store *s, int by_initials, const unsigned char *prefix,
                    int n, int limit, ns_vocab_fn fn, void *ctx, ns_error *err);

/* The words a reader would type whose initials' keys are exactly initials
 * (n bytes), most articles first, at most limit, each passed to fn.
 * Returns 0, or -1 with *err. */
int ns_vocab_same_initials(ns_store *s, const unsigned char *initials, int n,
                           int limit, ns_vocab_fn fn, void *ctx, ns_error *err);

/* As ns_vocab_prefix, for a prefix of one or two bytes and limit at most
 * NS_VOCAB_TOP_KEEP, from vocab_top. */
int ns_vocab_top(ns_store *s, int by_initials, const unsigned char *prefix,
                 int n, int limit, ns_vocab_fn fn, void *ctx, ns_error *err);

/* The articles word (n bytes) occurs in into *docs, and into *is_word
 * whether it is a word a reader would type (written so, or with two
 * different particles); both 0 when it is not in the vocabulary. Returns
 * 0, or -1 with *err. */
int ns_vocab_get(ns_store *s, const char *word, size_t n, long *docs,
                 long *is_word, ns_error *err);

#endif
