/*
 * store_keep.c: what a run keeps although it could not read it. An input
 * that failed, a folder that cannot be read, a file that lost a key it gave:
 * their articles are not what went away, so the sweep of an incremental
 * reindex must not delete them, and a rebuild (`reindex --full`) must carry
 * them over from the live database instead of dropping them by omission.
 */
#include "store_int.h"

#include <stdlib.h>

/* Runs sql with ?1 = path and ?2 = tree. */
static int exec_path(ns_store *s, const char *sql, const char *path, int tree,
                     const char *what, ns_error *err) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
    return ns_store_fail(s, what, err);
  sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
  if (sqlite3_bind_parameter_count(st) >= 2) sqlite3_bind_int(st, 2, tree);
  int rc = sqlite3_step(st);
  sqlite3_finalize(st);
  return rc == SQLITE_DONE ? 0 : ns_store_fail(s, what, err);
}

/* The condition "source path P is the kept path k.path, or under it when
 * k is a folder", with P given as the SQL expression p. A folder's sources
 * are the paths from k.path + "/" up to k.path + "0" ('0' follows '/'):
 * one range of the index, no LIKE and its escapes. */
#define KEPT_HOLDS(p)                                                          \
  "(" p " = k.path OR (k.tree AND " p " > k.path || '/' AND " p                \
  " < k.path || '0'))"

int ns_store_keep(ns_store *s, const char *path, int tree, ns_error *err) {
  if (exec_path(s,
                "INSERT INTO temp.kept(path, tree) VALUES(?1, ?2) "
                "ON CONFLICT(path) DO UPDATE SET tree = max(tree, ?2)",
                path, tree, "keeping a source", err) != 0)
    return -1;
  return exec_path(s,
                   "INSERT OR IGNORE INTO temp.seen_sources(path) "
                   "SELECT path FROM sources WHERE path = ?1 OR (?2 AND "
                   "path > ?1 || '/' AND path < ?1 || '0')",
                   path, tree, "keeping a source", err);
}

int ns_store_source_failed(ns_store *s, const char *path, ns_error *err) {
  if (exec_path(s, "UPDATE sources SET hash = '' WHERE path = ?1", path, 0,
                "recording a source file", err) != 0)
    return -1;
  return ns_store_keep(s, path, 0, err);
}

int ns_store_attach_live(ns_store *s, const char *live_path, ns_error *err) {
  if (exec_path(s, "ATTACH ?1 AS live", live_path, 0,
                "attaching the live database", err) != 0)
    return -1;
  s->live_attached = 1;
  return 0;
}

int ns_store_carry_over(ns_store *s, ns_error *err) {
  sqlite3_stmt *st = NULL;
  int any = 0;
  if (sqlite3_prepare_v2(s->db, "SELECT EXISTS (SELECT 1 FROM temp.kept)", -1,
                         &st, NULL) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW)
    any = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  if (!any || !s->live_attached) return 0;
  return ns_store_exec(
      s,
      "INSERT INTO main.articles(key, published, categories, tags,"
      " content_hash, ingested_at, source_path, url, title, excerpt, body,"
      " title_r, body_r, fingerprint)"
      " SELECT o.key, o.published, o.categories, o.tags, o.content_hash,"
      " o.ingested_at, o.source_path, o.url, o.title, o.excerpt, o.body,"
      " ns_readings(o.title), ns_readings(o.body),"
      " ns_fingerprint(o.title, o.body)"
      " FROM live.articles o WHERE EXISTS (SELECT 1 FROM temp.kept k "
      "WHERE " KEPT_HOLDS(
          "o.source_path") ") AND NOT EXISTS (SELECT 1 FROM"
                           " main.articles n WHERE n.key = o.key);"
                           /* read again next time: recorded without a hash */
                           "INSERT OR IGNORE INTO main.sources(path, root, "
                           "hash, articles,"
                           " seen_at) SELECT o.path, o.root, '', o.articles, "
                           "o.seen_at FROM"
                           " live.sources o WHERE EXISTS (SELECT 1 FROM "
                           "temp.kept k WHERE " KEPT_HOLDS("o.path") ");",
      err);
}
