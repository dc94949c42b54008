/*
 * server_store.c: one read-only database connection per worker thread. A
 * connection is reopened when the file at the database path is a different
 * file than the one it opened (replaced by a rename), so the server moves to
 * a new database without a restart; a swap done in place by `reindex
 * --full` is seen by the open connection at its next read.
 */
#include "server_int.h"

#include <pthread.h>
#include <stdlib.h>
#include <sys/stat.h>

typedef struct thread_store {
  ns_store *store;
  dev_t dev;
  ino_t ino;
} thread_store;

static pthread_key_t key;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;

/* Closes a worker's connection when its thread ends. */
static void close_thread_store(void *p) {
  thread_store *t = p;
  ns_store_close(t->store);
  free(t);
}

static void make_key(void) { pthread_key_create(&key, close_thread_store); }

ns_store *ns_server_store(const ns_server_config *cfg, ns_error *err) {
  pthread_once(&key_once, make_key);
  thread_store *t = pthread_getspecific(key);
  if (t == NULL) {
    if ((t = calloc(1, sizeof *t)) == NULL) {
      ns_error_set(err, "[server] out of memory");
      return NULL;
    }
    pthread_setspecific(key, t);
  }
  struct stat st;
  if (stat(cfg->db_path, &st) != 0) {
    ns_server_store_drop(); /* let go of the deleted file */
    ns_error_set(err, "[server] %s: the database file is missing; run "
                      "'newssearch reindex' to build it", cfg->db_path);
    return NULL;
  }
  if (t->store != NULL && (st.st_dev != t->dev || st.st_ino != t->ino)) {
    ns_store_close(t->store); /* the file was replaced */
    t->store = NULL;
  }
  if (t->store == NULL) {
    if (ns_store_open(cfg->db_path, NS_STORE_READONLY, &t->store, err) != 0)
      return NULL;
    t->dev = st.st_dev;
    t->ino = st.st_ino;
    ns_metrics_reloaded();
  }
  /* An open connection answers from its page cache even after the file was
   * overwritten; its header, read through SQLite's own file handle, tells. */
  if (ns_store_header_check(t->store, err) != 0) {
    ns_server_store_drop();
    return NULL;
  }
  return t->store;
}

void ns_server_store_drop(void) {
  pthread_once(&key_once, make_key);
  thread_store *t = pthread_getspecific(key);
  if (t != NULL) {
    ns_store_close(t->store);
    t->store = NULL;
  }
}
