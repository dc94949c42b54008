/*
 * server_cache.c: a size-bounded LRU map from request keys to answers,
 * shared by the worker threads under one mutex (a hit holds it for a hash
 * lookup and a copy, microseconds against the milliseconds of a search).
 */
#include "server_cache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

typedef struct entry {
  struct entry *next_in_bucket;
  struct entry *newer, *older; /* the LRU list */
  uint64_t hash;
  size_t key_len, len;
  char *key;    /* key_len bytes */
  char *answer; /* len bytes and a NUL */
} entry;

struct ns_cache {
  pthread_mutex_t lock;
  size_t max_bytes, bytes;
  entry **buckets;
  size_t n_buckets, n_entries; /* n_buckets is a power of two */
  entry *newest, *oldest;
  uint64_t generation;
  uint64_t hits, misses;
};

/* What an entry costs against max_bytes: its bytes and its bookkeeping. */
static size_t cost(size_t key_len, size_t len) {
  return key_len + len + 1 + sizeof(entry);
}

ns_cache *ns_cache_new(size_t max_bytes) {
  if (max_bytes == 0) return NULL;
  ns_cache *c = calloc(1, sizeof *c);
  if (c == NULL) return NULL;
  c->n_buckets = 1024;
  c->buckets = calloc(c->n_buckets, sizeof *c->buckets);
  if (c->buckets == NULL || pthread_mutex_init(&c->lock, NULL) != 0) {
    free(c->buckets);
    free(c);
    return NULL;
  }
  c->max_bytes = max_bytes;
  return c;
}

static void lru_unlink(ns_cache *c, entry *e) {
  if (e->newer)
    e->newer->older = e->older;
  else
    c->newest = e->older;
  if (e->older)
    e->older->newer = e->newer;
  else
    c->oldest = e->newer;
  e->newer = e->older = NULL;
}

static void lru_push_newest(ns_cache *c, entry *e) {
  e->older = c->newest;
  e->newer = NULL;
  if (c->newest) c->newest->newer = e;
  c->newest = e;
  if (c->oldest == NULL) c->oldest = e;
}

static entry **slot_of(ns_cache *c, uint64_t hash, const char *key,
                       size_t key_len) {
  entry **p = &c->buckets[hash & (c->n_buckets - 1)];
  while (*p && ((*p)->hash != hash || (*p)->key_len != key_len ||
                memcmp((*p)->key, key, key_len) != 0))
    p = &(*p)->next_in_bucket;
  return p;
}

static void drop(ns_cache *c, entry *e) {
  entry **p = slot_of(c, e->hash, e->key, e->key_len);
  *p = e->next_in_bucket;
  lru_unlink(c, e);
  c->bytes -= cost(e->key_len, e->len);
  c->n_entries--;
  free(e->key);
  free(e->answer);
  free(e);
}

static void drop_all(ns_cache *c) {
  while (c->oldest)
    drop(c, c->oldest);
}

void ns_cache_free(ns_cache *c) {
  if (c == NULL) return;
  drop_all(c);
  free(c->buckets);
  pthread_mutex_destroy(&c->lock);
  free(c);
}

uint64_t ns_cache_generation(ns_cache *c) {
  if (c == NULL) return 0;
  pthread_mutex_lock(&c->lock);
  uint64_t g = c->generation;
  pthread_mutex_unlock(&c->lock);
  return g;
}

void ns_cache_invalidate(ns_cache *c) {
  if (c == NULL) return;
  pthread_mutex_lock(&c->lock);
  c->generation++;
  drop_all(c);
  pthread_mutex_unlock(&c->lock);
}

char *ns_cache_get(ns_cache *c, const char *key, size_t key_len, size_t *len) {
  if (c == NULL) return NULL;
  uint64_t hash = XXH3_64bits(key, key_len);
  char *copy = NULL;
  pthread_mutex_lock(&c->lock);
  entry *e = *slot_of(c, hash, key, key_len);
  if (e != NULL && (copy = malloc(e->len + 1)) != NULL) {
    memcpy(copy, e->answer, e->len + 1);
    *len = e->len;
    lru_unlink(c, e);
    lru_push_newest(c, e);
  }
  if (copy)
    c->hits++;
  else
    c->misses++;
  pthread_mutex_unlock(&c->lock);
  return copy;
}

/* Doubles the bucket array when entries outnumber buckets; a failed
 * allocation keeps the old array (longer chains, still correct). */
static void grow(ns_cache *c) {
  if (c->n_entries < c->n_buckets) return;
  size_t n = c->n_buckets * 2;
  entry **b = calloc(n, sizeof *b);
  if (b == NULL) return;
  for (size_t i = 0; i < c->n_buckets; i++)
    for (entry *e = c->buckets[i], *next; e; e = next) {
      next = e->next_in_bucket;
      e->next_in_bucket = b[e->hash & (n - 1)];
      b[e->hash & (n - 1)] = e;
    }
  free(c->buckets);
  c->buckets = b;
  c->n_buckets = n;
}

void ns_cache_put(ns_cache *c, const char *key, size_t key_len,
                  const char *answer, size_t len, uint64_t generation) {
  if (c == NULL || cost(key_len, len) > c->max_bytes / 4) return;
  entry *e = calloc(1, sizeof *e);
  if (e == NULL || (e->key = malloc(key_len ? key_len : 1)) == NULL ||
      (e->answer = malloc(len + 1)) == NULL) {
    if (e) free(e->key);
    free(e);
    return;
  }
  memcpy(e->key, key, key_len);
  memcpy(e->answer, answer, len);
  e->answer[len] = '\0';
  e->key_len = key_len;
  e->len = len;
  e->hash = XXH3_64bits(key, key_len);
  pthread_mutex_lock(&c->lock);
  if (generation != c->generation || *slot_of(c, e->hash, key, key_len)) {
    /* stale, or another worker kept the same answer first */
    pthread_mutex_unlock(&c->lock);
    free(e->key);
    free(e->answer);
    free(e);
    return;
  }
  while (c->oldest && c->bytes + cost(key_len, len) > c->max_bytes)
    drop(c, c->oldest);
  grow(c);
  entry **slot = &c->buckets[e->hash & (c->n_buckets - 1)];
  e->next_in_bucket = *slot;
  *slot = e;
  lru_push_newest(c, e);
  c->bytes += cost(key_len, len);
  c->n_entries++;
  pthread_mutex_unlock(&c->lock);
}

void ns_cache_get_stats(ns_cache *c, ns_cache_stats *out) {
  memset(out, 0, sizeof *out);
  if (c == NULL) return;
  pthread_mutex_lock(&c->lock);
  out->hits = c->hits;
  out->misses = c->misses;
  out->entries = c->n_entries;
  out->bytes = c->bytes;
  pthread_mutex_unlock(&c->lock);
}
