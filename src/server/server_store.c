/*
 * server_store.c: the server's read-only database connections, one per
 * thread that reads (search workers, libmicrohttpd's threads), and what
 * happens when the file under them changes.
 *
 * `reindex --full` swaps new content in place, through SQLite, and every
 * open connection sees it at its next read. A file replaced by hand is
 * another matter. Renamed over the path (a new inode) or copied over it
 * (the same inode, new bytes), it shares DB-wal and DB-shm with the file
 * it replaced: a connection that stays open keeps the old file's page
 * count in the shared index and stale pages in its cache, and a new one
 * opened beside an old one loses its locks when the old one closes (POSIX
 * locks on DB-shm belong to the process, not to the connection). So on any
 * sign of a replacement (another inode, a new change time, a database
 * error) the server closes every connection it has, with no request
 * reading, and only then opens new ones; writers leave the WAL empty when
 * they close (ns_store_close), so nothing stale is laid over the new file.
 *
 * A file copied over the one SQLite maps into memory is cut short while the
 * copy runs, and reading a mapped page past its end raises SIGBUS. The
 * handler lays a page of zeros over the one that faulted and returns, so
 * the read goes on and SQLite finds a page it cannot use (a malformed
 * database) or, at worst, reads zeros; either way the search is treated as
 * failed (503) and the connection is closed with the others before the next
 * request. Nothing is jumped out of: a read abandoned by a longjmp left
 * SQLite's statements, and what the search had allocated, unfreed, and
 * the sanitizer build failed on the leak.
 */
#include "server_int.h"

#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

typedef struct thread_store {
  struct thread_store *next; /* every thread's, for closing them all */
  ns_store *store;
  unsigned long generation;   /* of the connections it was opened in */
  sqlite3_int64 data_version; /* as this connection last saw it */
} thread_store;

/* This thread is reading through its connection; a read of it faulted. */
static __thread volatile sig_atomic_t armed, faulted;
static uintptr_t page_size;

/* The file as the server last saw it. */
typedef struct file_seen {
  dev_t dev;
  ino_t ino;
  off_t size;
  struct timespec mtime, ctime;
} file_seen;

/* Held shared by every thread while it uses its connection, exclusively
 * while all of them are closed; writers first, so that a reopen is not
 * starved by a stream of requests. */
static pthread_rwlock_t gate;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static pthread_key_t key;
static pthread_mutex_t seen_lock = PTHREAD_MUTEX_INITIALIZER;
static thread_store *all_stores; /* changed under gate, exclusively */
static unsigned long generation = 1;
static file_seen seen;
static int reopen_wanted; /* a database error asked for a reopen */
static time_t opened_at;  /* the last time every connection was closed */

/* BUS_ADRERR is the fault of a mapped file read past its end; any other
 * SIGBUS, or one outside a read of ours, is the usual crash. */
static void on_sigbus(int sig, siginfo_t *info, void *uctx) {
  (void)uctx;
  if (armed && info != NULL && info->si_code == BUS_ADRERR) {
    uintptr_t page = (uintptr_t)info->si_addr & ~(page_size - 1);
    if (mmap((void *)page, page_size, PROT_READ,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != MAP_FAILED) {
      faulted = 1;
      return;
    }
  }
  signal(sig, SIG_DFL);
  raise(sig);
}

static void setup(void) {
  pthread_rwlockattr_t attr;
  pthread_rwlockattr_init(&attr);
  pthread_rwlockattr_setkind_np(&attr,
                                PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
  pthread_rwlock_init(&gate, &attr);
  pthread_rwlockattr_destroy(&attr);
  pthread_key_create(&key, NULL); /* closed by ns_server_stores_close */
  page_size = (uintptr_t)sysconf(_SC_PAGESIZE);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_sigbus;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGBUS, &sa, NULL);
}

static thread_store *self(void) {
  pthread_once(&once, setup);
  thread_store *t = pthread_getspecific(key);
  if (t != NULL) return t;
  if ((t = calloc(1, sizeof *t)) == NULL) return NULL;
  pthread_setspecific(key, t);
  pthread_rwlock_wrlock(&gate);
  t->next = all_stores;
  all_stores = t;
  pthread_rwlock_unlock(&gate);
  return t;
}

static int same_file(const file_seen *a, const struct stat *st) {
  return a->dev == st->st_dev && a->ino == st->st_ino &&
         a->size == st->st_size && a->mtime.tv_sec == st->st_mtim.tv_sec &&
         a->mtime.tv_nsec == st->st_mtim.tv_nsec &&
         a->ctime.tv_sec == st->st_ctim.tv_sec &&
         a->ctime.tv_nsec == st->st_ctim.tv_nsec;
}

/* fn(s, ctx, err), or -2 when a read of the mapped file faulted. */
static int run_guarded(ns_store *s, ns_store_use_fn fn, void *ctx,
                       ns_error *err) {
  faulted = 0;
  armed = 1;
  int rc = fn(s, ctx, err);
  armed = 0;
  return faulted ? -2 : rc;
}

/* Closing may read the file too (a fault there is laid over as well). */
static int close_store(ns_store *s, void *ctx, ns_error *err) {
  (void)ctx, (void)err;
  ns_store_close(s);
  return 0;
}

/* With no request reading: closes every connection the server has, and
 * remembers st as the file they will open next. */
static void close_all(const struct stat *st) {
  for (thread_store *t = all_stores; t != NULL; t = t->next)
    if (t->store != NULL) {
      run_guarded(t->store, close_store, NULL, NULL);
      t->store = NULL;
    }
  generation++;
  pthread_mutex_lock(&seen_lock);
  if (st != NULL)
    seen = (file_seen){st->st_dev, st->st_ino, st->st_size, st->st_mtim,
                       st->st_ctim};
  reopen_wanted = 0;
  opened_at = time(NULL);
  pthread_mutex_unlock(&seen_lock);
}

/* Whether the file (st) is not the one the connections opened, or a
 * reopen was asked for. */
static int changed(const struct stat *st) {
  pthread_mutex_lock(&seen_lock);
  int c = reopen_wanted || !same_file(&seen, st);
  pthread_mutex_unlock(&seen_lock);
  return c;
}

/* Drops the cached answers when this thread sees that the database may
 * have changed since they were computed. */
static void notice_changes(const ns_server_config *cfg, thread_store *t,
                           int reopened) {
  if (cfg->cache == NULL) return; /* --cache 0: nothing to keep fresh */
  sqlite3_int64 version = 0;
  ns_error ignored = {0};
  int change = reopened;
  if (ns_store_data_version(t->store, &version, &ignored) != 0 ||
      version != t->data_version)
    change = 1;
  t->data_version = version;
  if (change) ns_cache_invalidate(cfg->cache);
}

/* Takes the gate shared with an open, current connection in t->store.
 * Returns 0; or -1 with *err (the gate not held) when the file is missing
 * or cannot be opened. */
static int acquire(const ns_server_config *cfg, thread_store *t, int watch,
                   ns_error *err) {
  struct stat st;
  int have = stat(cfg->db_path, &st) == 0;
  if (have && changed(&st)) {
    pthread_rwlock_wrlock(&gate);
    if (changed(&st)) close_all(&st); /* unless another thread just did */
    pthread_rwlock_unlock(&gate);
  }
  pthread_rwlock_rdlock(&gate);
  if (!have) {
    pthread_rwlock_unlock(&gate);
    ns_server_stores_reset();
    ns_error_set(err, NS_ERR_NOT_FOUND,
                 "[server] %s: the database file is missing; run "
                 "'newssearch reindex' to build it",
                 cfg->db_path);
    return -1;
  }
  /* A connection from before the last reopen was closed by it. */
  if (t->generation != generation) t->store = NULL;
  int reopened = t->store == NULL;
  if (reopened) {
    if (ns_store_open(cfg->db_path, NS_STORE_READONLY, &t->store, err) != 0) {
      t->store = NULL;
      pthread_rwlock_unlock(&gate);
      return -1;
    }
    t->generation = generation;
  }
  if (watch) notice_changes(cfg, t, reopened);
  return 0;
}

int ns_server_with_store(const ns_server_config *cfg, int watch,
                         ns_store_use_fn fn, void *ctx, ns_error *err) {
  thread_store *t = self();
  if (t == NULL) {
    ns_error_set(err, NS_ERR_NOMEM, "[server] out of memory");
    return -1;
  }
  if (acquire(cfg, t, watch, err) != 0) return -1;
  int rc = run_guarded(t->store, fn, ctx, err);
  if (rc == -2) {
    rc = -1;
    ns_error_set(err, NS_ERR_STORE,
                 "[server] %s: the database file changed while it was "
                 "being read (replaced by hand?); try again",
                 cfg->db_path);
  }
  pthread_rwlock_unlock(&gate);
  /* A database error may be a file replaced under the connections: they
   * are all opened afresh. A reader's bad query or a lack of memory is
   * not the file's doing. */
  if (rc < 0 && (err->kind == NS_ERR_STORE || err->kind == NS_ERR_IO))
    ns_server_stores_reset();
  return rc;
}

void ns_server_stores_reset(void) {
  pthread_once(&once, setup);
  pthread_mutex_lock(&seen_lock);
  reopen_wanted = 1;
  pthread_mutex_unlock(&seen_lock);
}

void ns_server_stores_close(void) {
  pthread_once(&once, setup);
  pthread_rwlock_wrlock(&gate);
  close_all(NULL);
  while (all_stores != NULL) {
    thread_store *t = all_stores;
    all_stores = t->next;
    free(t);
  }
  pthread_setspecific(key, NULL);
  pthread_rwlock_unlock(&gate);
}

time_t ns_server_stores_opened_at(void) {
  pthread_mutex_lock(&seen_lock);
  time_t t = opened_at;
  pthread_mutex_unlock(&seen_lock);
  return t;
}
