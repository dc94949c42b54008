/*
 * server_cache.h: the search answers the server gave, kept for the next
 * request with the same parameters. News searches come in bursts on the
 * same few words; a repeated query is answered without touching SQLite.
 *
 * Every entry belongs to one generation of the database. The workers bump
 * the generation when they see the database change (a commit by another
 * connection, the file replaced or written behind SQLite's back), which
 * makes every older entry a miss, so an answer is never older than the
 * data it was computed from.
 */
#ifndef NS_SRC_SERVER_CACHE_H
#define NS_SRC_SERVER_CACHE_H

#include <stddef.h>
#include <stdint.h>

typedef struct ns_cache ns_cache;

/* What `newssearch serve` keeps unless told otherwise (--cache MB). */
#define NS_DEFAULT_CACHE_MB 64

/* A cache of at most max_bytes of keys and answers. Returns NULL when
 * max_bytes is 0 (no cache) or memory runs out; every function below
 * accepts NULL and then keeps nothing. Free it with ns_cache_free(). */
ns_cache *ns_cache_new(size_t max_bytes);

/* Frees c and every entry; NULL is a no-op. */
void ns_cache_free(ns_cache *c);

/* The current generation. Take it before computing an answer, and give it
 * to ns_cache_put() with the answer. */
uint64_t ns_cache_generation(ns_cache *c);

/* Starts a new generation: every entry kept so far is dropped. */
void ns_cache_invalidate(ns_cache *c);

/* The answer kept for key (key_len bytes) in the current generation, as a
 * malloc'd copy (caller frees) of *len bytes plus a NUL, or NULL on a miss
 * or out of memory. */
char *ns_cache_get(ns_cache *c, const char *key, size_t key_len, size_t *len);

/* Keeps a copy of answer (len bytes) for key, unless the generation moved
 * on since `generation` was taken (the answer may then be stale) or the
 * entry alone is larger than a quarter of the cache. Evicts the least
 * recently used entries to stay within the size. */
void ns_cache_put(ns_cache *c, const char *key, size_t key_len,
                  const char *answer, size_t len, uint64_t generation);

/* Counts since start, for /metrics. */
typedef struct ns_cache_stats {
  uint64_t hits, misses, entries, bytes;
} ns_cache_stats;
void ns_cache_get_stats(ns_cache *c, ns_cache_stats *out);

#endif
