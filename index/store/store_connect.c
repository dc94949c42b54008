/*
 * store_connect.c: a connection to the database file set up for its use
 * (readers, writers, the bulk build), and closing one.
 */
#include "store_int.h"
#include "store_story.h"
#include "store_vocab.h"

#include "newssearch/tokenizer.h"

#include <stdlib.h>
#include <string.h>

static int configure(ns_store *s, ns_error *err) {
  sqlite3_busy_timeout(s->db, 10000);
  char *msg = NULL;
  if (ns_fts5_register(s->db, &msg) != SQLITE_OK ||
      ns_rank_register_counting(s->db, &s->rank_rows, &msg) != SQLITE_OK ||
      ns_partial_register(s->db) != SQLITE_OK) {
    ns_error_set(err, NS_ERR_STORE, "[store] %s: %s", s->path,
                 msg ? msg : "no FTS5");
    sqlite3_free(msg);
    return -1;
  }
  if (!s->writable) {
    /* Readers (the server's workers) map the file instead of copying pages
     * into a private cache each: one copy of a hot index for all of them. */
    if (ns_store_exec(s, "PRAGMA mmap_size=1073741824;", err) != 0) return -1;
    return ns_schema_check(s, err);
  }
  /* WAL lets readers go on while a batch writes; synchronous=NORMAL keeps
   * every committed batch across a killed process (only a power loss can
   * drop the last commits, never corrupt). A bulk build has no readers and
   * is thrown away when it fails: every page is written once, to the file,
   * and the journal (kept for ROLLBACK) stays in memory. */
  const char *pragmas =
      s->bulk
          ? "PRAGMA main.locking_mode=EXCLUSIVE; PRAGMA journal_mode=MEMORY;"
            "PRAGMA synchronous=OFF; PRAGMA temp_store=MEMORY;"
            "PRAGMA cache_size=-262144;"
          : "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
            "PRAGMA temp_store=MEMORY;";
  if (ns_store_exec(s, pragmas, err) != 0) return -1;
  /* The articles' triggers count their words for the vocabulary. */
  if ((s->vocab = ns_vocab_delta_new()) == NULL) {
    ns_error_set(err, NS_ERR_NOMEM, "[store] %s: out of memory", s->path);
    return -1;
  }
  if (ns_vocab_register(s->db, s->vocab) != SQLITE_OK ||
      ns_readings_register(s->db) != SQLITE_OK ||
      ns_story_register(s->db) != SQLITE_OK)
    return ns_store_fail(s, "registering the writers' functions", err);
  return ns_schema_migrate(s, err);
}

int ns_sqlite_setup(void) {
  return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK ? 0 : -1;
}

int ns_store_connect(ns_store *s, int create, ns_error *err) {
  int flags = !s->writable ? SQLITE_OPEN_READONLY
              : create     ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
                           : SQLITE_OPEN_READWRITE;
  int rc = sqlite3_open_v2(s->path, &s->db, flags | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK) {
    if (s->db == NULL)
      ns_error_set(err, NS_ERR_NOMEM, "[store] %s: out of memory", s->path);
    else
      ns_store_fail(s,
                    s->writable ? "cannot open or create the database"
                                : "cannot open the database",
                    err);
    return -1;
  }
  sqlite3_extended_result_codes(s->db, 1);
  return configure(s, err);
}

ns_store *ns_store_alloc(const char *path, int mode, ns_error *err) {
  ns_store *s = calloc(1, sizeof *s);
  if (s == NULL || (s->path = strdup(path)) == NULL) {
    free(s);
    ns_error_set(err, NS_ERR_NOMEM, "[store] %s: out of memory", path);
    return NULL;
  }
  s->writable = mode != NS_STORE_READONLY;
  s->bulk = mode == NS_STORE_BULK;
  s->lock_fd = -1;
  return s;
}

int ns_store_open_new(const char *path, ns_store **out, ns_error *err) {
  *out = NULL;
  ns_store *s = ns_store_alloc(path, NS_STORE_WRITE_LOCKED, err);
  if (s == NULL) return -1;
  if (ns_store_connect(s, 1, err) != 0) {
    ns_store_close(s);
    return -1;
  }
  *out = s;
  return 0;
}

void ns_store_close(ns_store *s) {
  if (s == NULL) return;
  sqlite3_stmt *stmts[] = {
      s->find_key,       s->insert,           s->update,
      s->move,           s->note_key,         s->source_get,
      s->source_put,     s->source_seen,      s->data_version,
      s->live_owner,     s->vocab_put,        s->vocab_drop,
      s->vocab_prefix,   s->vocab_initials,   s->vocab_get,
      s->vocab_stash,    s->vocab_top,        s->vocab_same_initials,
      s->vocab_put_many, s->story_candidates, s->story_text,
      s->story_merge};
  for (size_t i = 0; i < sizeof stmts / sizeof *stmts; i++)
    sqlite3_finalize(stmts[i]);
  for (size_t i = 0; i < sizeof s->story_copies / sizeof *s->story_copies; i++)
    sqlite3_finalize(s->story_copies[i]);
  if (s->in_txn) sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
  /* A writer leaves the WAL empty: frames left in DB-wal would be laid
   * over whatever file is at DB next, should someone replace it by hand
   * while a server keeps the WAL from being deleted. Best effort, briefly:
   * readers in the middle of a search hold the WAL for milliseconds. */
  if (s->db != NULL && s->writable && !s->bulk) {
    sqlite3_busy_timeout(s->db, 2000);
    sqlite3_exec(s->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
  }
  /* _v2: a statement a caller left unfinalized delays the close instead of
   * failing it. */
  sqlite3_close_v2(s->db);
  ns_lock_release(s->lock_fd);
  ns_vocab_delta_free(s->vocab);
  free(s->owner);
  free(s->path);
  free(s);
}
