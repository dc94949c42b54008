/*
 * store.c: opening the database (after the writers' lock, creating it whole
 * when missing) and the checks and upkeep of a whole file.
 */
#include "store_int.h"

#include <string.h>

int ns_store_open(const char *path, int mode, ns_store **out, ns_error *err) {
  *out = NULL;
  ns_store *s = ns_store_alloc(path, mode, err);
  if (s == NULL) return -1;
  /* A writer waits while `reindex --full` builds (store_lock.c), so that
   * nothing it commits is overwritten by the swap. */
  int rc = mode == NS_STORE_WRITE ? ns_lock_writer(path, &s->lock_fd, err) : 0;
  /* A live database comes into being whole (store_create.c): never a file
   * without its schema for a reader, a second writer or a killed run. */
  if (rc == 0 && (mode == NS_STORE_WRITE || mode == NS_STORE_WRITE_LOCKED))
    rc = ns_store_create_if_missing(path, err);
  if (rc == 0) rc = ns_store_connect(s, mode == NS_STORE_BULK, err);
  if (rc != 0) {
    ns_store_close(s);
    return -1;
  }
  *out = s;
  return 0;
}

/* Runs PRAGMA integrity_check; its first row is "ok" when all is well. */
static int check_pages(ns_store *s, ns_error *err) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(s->db, "PRAGMA integrity_check(1)", -1, &st, NULL) !=
      SQLITE_OK)
    return ns_store_fail(s, "integrity_check", err);
  int rc = sqlite3_step(st);
  const char *row =
      rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
  int ok = row != NULL && strcmp(row, "ok") == 0;
  if (!ok && row != NULL)
    ns_error_set(err, NS_ERR_STORE, "[store] %s: integrity_check failed: %s",
                 s->path, row);
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
    ns_error_set(err, NS_ERR_STORE,
                 "[store] %s: the database file is damaged (its header "
                 "is not SQLite's); rebuild it with 'newssearch reindex "
                 "--full'",
                 s->path);
    return -1;
  }
  return 0;
}
