/*
 * server_synonyms.c: the synonyms a server searches with, and their
 * reload on SIGHUP.
 *
 * The list in use is held with a count of the searches using it. A reload
 * reads the file into a new list first; a file that cannot be read or
 * parsed leaves the old list in place. The new list then takes the old
 * one's place under the lock, and the old one is freed by the last search
 * still using it, so no search ever sees a list half read or freed.
 */
#include "server_cache.h"
#include "server_int.h"

#include "newssearch/synonyms.h"

#include <pthread.h>
#include <stdlib.h>

typedef struct held_list {
  ns_synonyms *list; /* NULL: the shipped list alone */
  int users;         /* searches using it, plus one while it is current */
} held_list;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static held_list *current;

static void put_back(held_list *h) {
  pthread_mutex_lock(&lock);
  int last = --h->users == 0;
  pthread_mutex_unlock(&lock);
  if (last) {
    ns_synonyms_free(h->list);
    free(h);
  }
}

/* Reads path (NULL: the shipped list alone) into a held list. */
static held_list *read_list(const char *path, ns_error *err) {
  held_list *h = calloc(1, sizeof *h);
  if (h == NULL) {
    ns_error_set(err, NS_ERR_NOMEM, "[synonyms] out of memory");
    return NULL;
  }
  h->users = 1;
  if (path &&
      ns_synonyms_load(path, ns_synonyms_shipped(), &h->list, err) != 0) {
    free(h);
    return NULL;
  }
  return h;
}

static const ns_synonyms *list_of(const held_list *h) {
  return h->list ? h->list : ns_synonyms_shipped();
}

int ns_server_synonyms_load(const char *path, ns_cache *cache, ns_error *err) {
  held_list *h = read_list(path, err);
  if (h == NULL) return -1;
  pthread_mutex_lock(&lock);
  held_list *old = current;
  current = h;
  pthread_mutex_unlock(&lock);
  if (old) put_back(old);
  /* answers kept under the old list may differ under the new one */
  if (cache) ns_cache_invalidate(cache);
  const ns_synonyms *s = list_of(h);
  ns_log("newssearch: synonyms: %zu groups, %zu words (%s%s)",
         ns_synonyms_groups(s), ns_synonyms_words(s),
         path ? path : "the shipped list", path ? " and the shipped list" : "");
  return 0;
}

void ns_server_synonyms_reload(const char *path, ns_cache *cache) {
  ns_error err = {0};
  if (ns_server_synonyms_load(path, cache, &err) != 0)
    ns_log("newssearch: synonyms: kept the list in use: %s", err.message);
}

const ns_synonyms *ns_server_synonyms_take(void **token) {
  pthread_mutex_lock(&lock);
  held_list *h = current;
  if (h) h->users++;
  pthread_mutex_unlock(&lock);
  *token = h;
  return h ? list_of(h) : ns_synonyms_shipped();
}

void ns_server_synonyms_give_back(void *token) {
  if (token) put_back(token);
}

void ns_server_synonyms_close(void) {
  pthread_mutex_lock(&lock);
  held_list *h = current;
  current = NULL;
  pthread_mutex_unlock(&lock);
  if (h) put_back(h);
}
