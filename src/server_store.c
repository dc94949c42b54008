/*
 * server_store.c: one read-only database connection per worker thread. A
 * connection is reopened when the file at the database path is a different
 * file than the one it opened (replaced by a rename), so the server moves to
 * a new database without a restart; a swap done in place by `reindex
 * --full` is seen by the open connection at its next read. Every change a
 * worker notices drops the server's cached answers (server_cache.h).
 */
#include "server_int.h"

#include <pthread.h>
#include <stdlib.h>
#include <sys/stat.h>

typedef struct thread_store {
  ns_store *store;
  dev_t dev;
  ino_t ino;
  sqlite3_int64 data_version; /* as this connection last saw it */
} thread_store;

/* The database file as a worker last saw it on disk. A change that no
 * connection's data_version shows (the file replaced, or written behind
 * SQLite's back) still changes its size, time or inode. */
typedef struct file_seen {
  dev_t dev;
  ino_t ino;
  off_t size;
  struct timespec mtime;
} file_seen;

static pthread_mutex_t seen_lock = PTHREAD_MUTEX_INITIALIZER;
static file_seen last_seen;

/* Whether st differs from the file the workers last saw (and records it). */
static int file_changed(const struct stat *st) {
  file_seen now = {st->st_dev, st->st_ino, st->st_size, st->st_mtim};
  pthread_mutex_lock(&seen_lock);
  int changed = now.dev != last_seen.dev || now.ino != last_seen.ino ||
                now.size != last_seen.size ||
                now.mtime.tv_sec != last_seen.mtime.tv_sec ||
                now.mtime.tv_nsec != last_seen.mtime.tv_nsec;
  last_seen = now;
  pthread_mutex_unlock(&seen_lock);
  return changed;
}

/* Drops the cached answers when this worker sees that the database may
 * have changed since they were computed. */
static void notice_changes(const ns_server_config *cfg, thread_store *t,
                           const struct stat *st, int reopened) {
  if (cfg->cache == NULL) return; /* --cache 0: nothing to keep fresh */
  sqlite3_int64 version = 0;
  ns_error ignored = {{0}};
  int changed = file_changed(st) | reopened;
  if (ns_store_data_version(t->store, &version, &ignored) != 0 ||
      version != t->data_version)
    changed = 1;
  t->data_version = version;
  if (changed) ns_cache_invalidate(cfg->cache);
}

static pthread_key_t key;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;

/* Closes a worker's connection when its thread ends. */
static void close_thread_store(void *p) {
  thread_store *t = p;
  ns_store_close(t->store);
  free(t);
}

static void make_key(void) { pthread_key_create(&key, close_thread_store); }

/* watch: drop the cached answers when this thread sees the database
 * changed (the threads that look answers up must; a search worker's fresh
 * connection would only drop them for nothing). */
static ns_store *thread_store_of(const ns_server_config *cfg, int watch,
                                 ns_error *err) {
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
  int reopened = t->store == NULL;
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
  if (watch) notice_changes(cfg, t, &st, reopened);
  return t->store;
}

ns_store *ns_server_store(const ns_server_config *cfg, ns_error *err) {
  return thread_store_of(cfg, 1, err);
}

ns_store *ns_server_search_store(const ns_server_config *cfg, ns_error *err) {
  return thread_store_of(cfg, 0, err);
}

void ns_server_store_drop(void) {
  pthread_once(&key_once, make_key);
  thread_store *t = pthread_getspecific(key);
  if (t != NULL) {
    ns_store_close(t->store);
    t->store = NULL;
  }
}
