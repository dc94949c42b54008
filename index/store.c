/*
 * store.c: opening and closing the database, transactions, integrity checks
 * and the meta table.
 */
#include "store_int.h"

#include "newssearch/parse.h"
#include "newssearch/tokenizer.h"

#include <stdlib.h>
#include <string.h>

/* What a person can do about each kind of SQLite failure. */
static const char *hint_for(int rc) {
  switch (rc & 0xFF) {
  case SQLITE_FULL:
    return "the disk or the database's size limit is full; free space and run "
           "the command again";
  case SQLITE_READONLY:
    return "the database file is read-only; check its permissions";
  case SQLITE_CANTOPEN:
    return "check that the path exists and is writable";
  case SQLITE_CORRUPT:
  case SQLITE_NOTADB:
    return "the file is damaged or not a newssearch database; rebuild it with "
           "'newssearch reindex --full'";
  case SQLITE_BUSY:
  case SQLITE_LOCKED:
    return "another process is writing the database; try again";
  case SQLITE_IOERR:
    return "an I/O error: the disk may be full, over a size limit or "
           "failing; free space and run the command again";
  case SQLITE_NOMEM:
    return "out of memory";
  default:
    return NULL;
  }
}

/* The length of s cut to at most max bytes at a character boundary. */
static int clipped(const char *s, int max) {
  int n = (int)strlen(s);
  if (n <= max) return n;
  while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80) max--;
  return max;
}

int ns_store_fail(ns_store *s, const char *what, ns_error *err) {
  int rc = sqlite3_extended_errcode(s->db);
  const char *hint = hint_for(rc);
  /* The path and what was being done are cut short if they must be, so
   * that SQLite's reason and the hint always fit in the message. */
  int path_len = clipped(s->path, 400), what_len = clipped(what, 100);
  ns_error_set(err, "[store] %.*s%s: %.*s%s: %s%s%s%s", path_len, s->path,
               s->path[path_len] ? "..." : "", what_len, what,
               what[what_len] ? "..." : "", sqlite3_errmsg(s->db),
               hint ? " (" : "", hint ? hint : "", hint ? ")" : "");
  return -1;
}

int ns_store_stmt(ns_store *s, sqlite3_stmt **stmt, const char *sql,
                  ns_error *err) {
  if (*stmt != NULL) {
    sqlite3_reset(*stmt);
    sqlite3_clear_bindings(*stmt);
    return 0;
  }
  if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, stmt,
                         NULL) != SQLITE_OK)
    return ns_store_fail(s, "preparing a statement", err);
  return 0;
}

int ns_store_exec(ns_store *s, const char *sql, ns_error *err) {
  if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return ns_store_fail(s, sql, err);
  return 0;
}

static int configure(ns_store *s, ns_error *err) {
  sqlite3_busy_timeout(s->db, 10000);
  char *msg = NULL;
  if (ns_fts5_register(s->db, &msg) != SQLITE_OK ||
      ns_rank_register_counting(s->db, &s->rank_rows, &msg) != SQLITE_OK) {
    ns_error_set(err, "[store] %s: %s", s->path, msg ? msg : "no FTS5");
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
      s->bulk ? "PRAGMA main.locking_mode=EXCLUSIVE; PRAGMA journal_mode=MEMORY;"
                "PRAGMA synchronous=OFF; PRAGMA temp_store=MEMORY;"
                "PRAGMA cache_size=-262144;"
              : "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                "PRAGMA temp_store=MEMORY;";
  if (ns_store_exec(s, pragmas, err) != 0) return -1;
  return ns_schema_migrate(s, err);
}

int ns_sqlite_setup(void) {
  return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK ? 0 : -1;
}

/* Opens the SQLite file at path for s (create: the file may be made) and
 * sets it up. Returns 0, or -1 with *err. */
static int connect(ns_store *s, int create, ns_error *err) {
  int flags = !s->writable ? SQLITE_OPEN_READONLY
              : create     ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
                           : SQLITE_OPEN_READWRITE;
  int rc = sqlite3_open_v2(s->path, &s->db, flags | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK) {
    if (s->db == NULL)
      ns_error_set(err, "[store] %s: out of memory", s->path);
    else
      ns_store_fail(s, s->writable ? "cannot open or create the database"
                                   : "cannot open the database",
                    err);
    return -1;
  }
  sqlite3_extended_result_codes(s->db, 1);
  return configure(s, err);
}

static ns_store *store_new(const char *path, int mode, ns_error *err) {
  ns_store *s = calloc(1, sizeof *s);
  if (s == NULL || (s->path = strdup(path)) == NULL) {
    free(s);
    ns_error_set(err, "[store] %s: out of memory", path);
    return NULL;
  }
  s->writable = mode != NS_STORE_READONLY;
  s->bulk = mode == NS_STORE_BULK;
  s->lock_fd = -1;
  return s;
}

int ns_store_open(const char *path, int mode, ns_store **out, ns_error *err) {
  *out = NULL;
  ns_store *s = store_new(path, mode, err);
  if (s == NULL) return -1;
  /* A writer waits while `reindex --full` builds (store_lock.c), so that
   * nothing it commits is overwritten by the swap. */
  int rc = mode == NS_STORE_WRITE ? ns_lock_writer(path, &s->lock_fd, err) : 0;
  /* A live database comes into being whole (store_create.c): never a file
   * without its schema for a reader, a second writer or a killed run. */
  if (rc == 0 && (mode == NS_STORE_WRITE || mode == NS_STORE_WRITE_LOCKED))
    rc = ns_store_create_if_missing(path, err);
  if (rc == 0) rc = connect(s, mode == NS_STORE_BULK, err);
  if (rc != 0) {
    ns_store_close(s);
    return -1;
  }
  *out = s;
  return 0;
}

int ns_store_open_new(const char *path, ns_store **out, ns_error *err) {
  *out = NULL;
  ns_store *s = store_new(path, NS_STORE_WRITE_LOCKED, err);
  if (s == NULL) return -1;
  if (connect(s, 1, err) != 0) {
    ns_store_close(s);
    return -1;
  }
  *out = s;
  return 0;
}

void ns_store_close(ns_store *s) {
  if (s == NULL) return;
  sqlite3_stmt *stmts[] = {s->find_key,   s->insert,      s->update,
                           s->move,       s->note_key,    s->source_get,
                           s->source_put, s->source_seen, s->data_version,
                           s->live_owner};
  for (size_t i = 0; i < sizeof stmts / sizeof *stmts; i++)
    sqlite3_finalize(stmts[i]);
  if (s->in_txn) sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
  /* A writer leaves the WAL empty: frames left in DB-wal would be laid
   * over whatever file is at DB next, should someone replace it by hand
   * while a server keeps the WAL from being deleted. Best effort, briefly:
   * readers in the middle of a search hold the WAL for milliseconds. */
  if (s->db != NULL && s->writable && !s->bulk) {
    sqlite3_busy_timeout(s->db, 2000);
    sqlite3_exec(s->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
  }
  /* _v2: a statement left unfinalized (a search abandoned when its read
   * faulted, see src/server_store.c) delays the close instead of failing
   * it. */
  sqlite3_close_v2(s->db);
  ns_lock_release(s->lock_fd);
  free(s->owner);
  free(s->path);
  free(s);
}

sqlite3 *ns_store_db(ns_store *s) { return s->db; }

const char *ns_store_path(const ns_store *s) { return s->path; }

int ns_store_begin(ns_store *s, ns_error *err) {
  s->cached_version = 0; /* data_version does not see this connection's writes */
  if (ns_store_exec(s, "BEGIN IMMEDIATE", err) != 0) return -1;
  s->in_txn = 1;
  return 0;
}

int ns_store_commit(ns_store *s, ns_error *err) {
  if (ns_store_exec(s, "COMMIT", err) != 0) {
    ns_store_rollback(s);
    return -1;
  }
  s->in_txn = 0;
  return 0;
}

void ns_store_rollback(ns_store *s) {
  if (s->in_txn) sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
  s->in_txn = 0;
}

int ns_store_meta_set(ns_store *s, const char *key, const char *value,
                      ns_error *err) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(s->db,
                         "INSERT INTO meta(key, value) VALUES(?1, ?2) "
                         "ON CONFLICT(key) DO UPDATE SET value = ?2",
                         -1, &st, NULL) != SQLITE_OK)
    return ns_store_fail(s, "writing meta", err);
  sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
  int rc = sqlite3_step(st);
  sqlite3_finalize(st);
  return rc == SQLITE_DONE ? 0 : ns_store_fail(s, "writing meta", err);
}

int ns_store_mark_reindexed(ns_store *s, ns_error *err) {
  char now[NS_DATE_LEN];
  ns_date_now(now);
  return ns_store_meta_set(s, "last_reindex", now, err);
}

/* Runs PRAGMA integrity_check; its first row is "ok" when all is well. */
static int check_pages(ns_store *s, ns_error *err) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(s->db, "PRAGMA integrity_check(1)", -1, &st, NULL) !=
      SQLITE_OK)
    return ns_store_fail(s, "integrity_check", err);
  int rc = sqlite3_step(st);
  const char *row = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0)
                                     : NULL;
  int ok = row != NULL && strcmp(row, "ok") == 0;
  if (!ok && row != NULL)
    ns_error_set(err, "[store] %s: integrity_check failed: %s", s->path, row);
  else if (!ok)
    ns_store_fail(s, "integrity_check", err);
  sqlite3_finalize(st);
  return ok ? 0 : -1;
}

int ns_store_check(ns_store *s, ns_error *err) {
  if (check_pages(s, err) != 0) return -1;
  if (sqlite3_exec(s->db,
                   "INSERT INTO articles_fts(articles_fts, rank) "
                   "VALUES('integrity-check', 1)",
                   NULL, NULL, NULL) != SQLITE_OK)
    return ns_store_fail(s, "the full-text index does not match the articles",
                         err);
  return 0;
}

int ns_store_optimize(ns_store *s, ns_error *err) {
  return ns_store_exec(
      s,
      "INSERT INTO articles_fts(articles_fts) VALUES('optimize');"
      "PRAGMA incremental_vacuum;",
      err);
}

int ns_store_finish_bulk(ns_store *s, ns_error *err) {
  if (ns_store_optimize(s, err) != 0) return -1;
  return ns_store_exec(s, "PRAGMA journal_mode=WAL;", err);
}

int ns_store_header_check(ns_store *s, ns_error *err) {
  sqlite3_file *file = NULL;
  char magic[16];
  if (sqlite3_file_control(s->db, "main", SQLITE_FCNTL_FILE_POINTER, &file) !=
          SQLITE_OK ||
      file == NULL || file->pMethods == NULL ||
      file->pMethods->xRead(file, magic, sizeof magic, 0) != SQLITE_OK ||
      memcmp(magic, "SQLite format 3", sizeof magic) != 0) {
    ns_error_set(err, "[store] %s: the database file is damaged (its header "
                      "is not SQLite's); rebuild it with 'newssearch reindex "
                      "--full'", s->path);
    return -1;
  }
  return 0;
}
