/*
 * store_swap.c: a rebuilt database beside the live one: how it differs from
 * it, and swapping it in.
 *
 * Why the swap copies instead of renaming: the live database is in WAL mode,
 * and its readers keep "DB-wal" and "DB-shm" open by name. A new file
 * renamed over DB would be opened by new readers together with the old
 * file's WAL and shared-memory index, which SQLite documents as a way to
 * corrupt a database. So the verified new database is copied over the live
 * one with SQLite's backup API as a single write transaction: readers keep
 * their snapshot of the old content until it commits, then see the new one;
 * a crash before the commit leaves the old database as it was.
 */
#include "store_int.h"

static long count_of(sqlite3 *db, const char *sql) {
  sqlite3_stmt *st = NULL;
  long n = 0;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW)
    n = (long)sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return n;
}

void ns_store_diff_live(ns_store *fresh, long *added, long *updated,
                        long *unchanged, long *deleted) {
  sqlite3 *db = ns_store_db(fresh);
  *added = count_of(db, "SELECT count(*) FROM main.articles n WHERE NOT "
                        "EXISTS (SELECT 1 FROM live.articles o WHERE "
                        "o.key = n.key)");
  *deleted = count_of(db, "SELECT count(*) FROM live.articles o WHERE NOT "
                          "EXISTS (SELECT 1 FROM main.articles n WHERE "
                          "n.key = o.key)");
  /* one pass over the articles in both: those whose hash changed, and the
   * rest */
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db,
                         "SELECT count(*), total(o.content_hash <> "
                         "n.content_hash) FROM main.articles n JOIN "
                         "live.articles o ON o.key = n.key",
                         -1, &st, NULL) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW) {
    *updated = (long)sqlite3_column_int64(st, 1);
    *unchanged = (long)sqlite3_column_int64(st, 0) - *updated;
  }
  sqlite3_finalize(st);
}

int ns_store_swap_in(const char *tmp, const char *live_path, ns_error *err) {
  ns_store *live = NULL;
  sqlite3 *src = NULL;
  int rc = -1;
  if (ns_store_open(live_path, NS_STORE_WRITE_LOCKED, &live, err) != 0)
    return -1;
  if (sqlite3_open_v2(tmp, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
    ns_error_set(err, NS_ERR_STORE,
                 "[reindex] %s: cannot reopen the new database: %s", tmp,
                 sqlite3_errmsg(src));
  } else {
    sqlite3_backup *b =
        sqlite3_backup_init(ns_store_db(live), "main", src, "main");
    if (b != NULL) {
      int step = sqlite3_backup_step(b, -1);
      int fin = sqlite3_backup_finish(b);
      rc = (step == SQLITE_DONE && fin == SQLITE_OK) ? 0 : -1;
    }
    if (rc != 0)
      ns_store_fail(live,
                    "swapping in the new database (the old one is "
                    "unchanged)",
                    err);
  }
  sqlite3_close(src);
  ns_store_close(live); /* which also empties the WAL where it can */
  return rc;
}
