/*
 * store_sql.c: what every statement of the store shares, below the rest of
 * it: running SQL, a failure turned into a message a person can act on,
 * prepared statements kept for reuse and the meta table.
 */
#include "store_int.h"

#include "newssearch/parse.h"

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

/* The kind of error a SQLite result code is, for the caller to act on. */
static ns_error_kind kind_for(int rc) {
  switch (rc & 0xFF) {
  case SQLITE_NOMEM:
    return NS_ERR_NOMEM;
  case SQLITE_BUSY:
  case SQLITE_LOCKED:
    return NS_ERR_BUSY;
  case SQLITE_FULL:
  case SQLITE_IOERR:
  case SQLITE_CANTOPEN:
  case SQLITE_READONLY:
    return NS_ERR_IO;
  default:
    return NS_ERR_STORE;
  }
}

/* The length of s cut to at most max bytes at a character boundary. */
static int clipped(const char *s, int max) {
  int n = (int)strlen(s);
  if (n <= max) return n;
  while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
    max--;
  return max;
}

int ns_store_fail(ns_store *s, const char *what, ns_error *err) {
  int rc = sqlite3_extended_errcode(s->db);
  const char *hint = hint_for(rc);
  /* The path and what was being done are cut short if they must be, so
   * that SQLite's reason and the hint always fit in the message. */
  int path_len = clipped(s->path, 400), what_len = clipped(what, 100);
  ns_error_set(err, kind_for(rc), "[store] %.*s%s: %.*s%s: %s%s%s%s", path_len,
               s->path, s->path[path_len] ? "..." : "", what_len, what,
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

sqlite3 *ns_store_db(ns_store *s) { return s->db; }

const char *ns_store_path(const ns_store *s) { return s->path; }

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
