/*
 * store_vocab_delta.h: the vocabulary's changes made by one transaction,
 * counted in memory while the articles' triggers fire
 * (store_vocab_delta.c). Private to index/store/.
 */
#ifndef NS_INDEX_STORE_VOCAB_DELTA_H
#define NS_INDEX_STORE_VOCAB_DELTA_H

#include <stddef.h>
#include <stdint.h>

typedef struct ns_vocab_delta ns_vocab_delta;

/* One word's change: docs and bare are added to the table's counts,
 * particles is or-ed into its own. word is owned by the delta. */
typedef struct ns_vocab_change {
  const char *word;
  int len;
  int32_t docs, bare;
  uint32_t particles;
} ns_vocab_change;

/* A new, empty delta (free with ns_vocab_delta_free), or NULL when out of
 * memory. */
ns_vocab_delta *ns_vocab_delta_new(void);

/* Forgets the changes (written, or a rolled back transaction). */
void ns_vocab_delta_reset(ns_vocab_delta *d);

void ns_vocab_delta_free(ns_vocab_delta *d);

/* Adds (sign 1) or removes (sign -1) one article's words. Returns 0, or -1
 * when out of memory (then ns_vocab_delta_oom says so until a reset). */
int ns_vocab_note_text(ns_vocab_delta *d, const char *title, size_t title_len,
                       const char *body, size_t body_len, int sign);

/* Adds a change read back from a stash to word's (len bytes). Returns 0,
 * or -1 when out of memory. */
int ns_vocab_delta_add(ns_vocab_delta *d, const ns_vocab_change *c);

/* Seconds spent noting articles since the delta was made (resets keep
 * them). */
double ns_vocab_delta_seconds(const ns_vocab_delta *d);

/* 1 when a note or an add ran out of memory since the last reset. */
int ns_vocab_delta_oom(const ns_vocab_delta *d);

/* The words held (an upper bound on the changes) and their bytes. */
uint32_t ns_vocab_delta_words(const ns_vocab_delta *d);
size_t ns_vocab_delta_bytes(const ns_vocab_delta *d);

/* Calls fn for each change that changes something, in no order; non-zero
 * from fn stops and is returned. */
typedef int (*ns_vocab_change_fn)(void *ctx, const ns_vocab_change *c);
int ns_vocab_delta_each(const ns_vocab_delta *d, ns_vocab_change_fn fn,
                        void *ctx);

#endif
