/*
 * store_stats.c: what is in the database, for `newssearch stats`.
 */
#include "store_int.h"

#include <jansson.h>
#include <stdlib.h>
#include <sys/stat.h>

/* Size of the database with its WAL: what it occupies on disk. */
static json_int_t bytes_on_disk(const char *path) {
  struct stat st;
  json_int_t total = 0;
  if (stat(path, &st) == 0) total += st.st_size;
  char *wal = sqlite3_mprintf("%s-wal", path);
  if (wal != NULL && stat(wal, &st) == 0) total += st.st_size;
  sqlite3_free(wal);
  return total;
}

static json_t *text_or_null(sqlite3_stmt *st, int col) {
  const char *v = (const char *)sqlite3_column_text(st, col);
  return v ? json_string(v) : json_null();
}

/* Adds the one-row summary to o. */
static int add_summary(ns_store *s, json_t *o, ns_error *err) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(
          s->db,
          "SELECT count(*), min(published), max(published),"
          " (SELECT value FROM meta WHERE key = 'last_reindex') FROM articles",
          -1, &st, NULL) != SQLITE_OK)
    return ns_store_fail(s, "reading statistics", err);
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    json_object_set_new(o, "articles",
                        json_integer(sqlite3_column_int64(st, 0)));
    json_object_set_new(o, "bytes", json_integer(bytes_on_disk(s->path)));
    json_object_set_new(o, "first_date", text_or_null(st, 1));
    json_object_set_new(o, "last_date", text_or_null(st, 2));
    json_object_set_new(o, "last_reindex", text_or_null(st, 3));
  }
  sqlite3_finalize(st);
  return rc == SQLITE_ROW ? 0 : ns_store_fail(s, "reading statistics", err);
}

/* Articles per category; an article with two categories counts in both. */
static int add_categories(ns_store *s, json_t *o, ns_error *err) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(s->db,
                         "SELECT c.value, count(*) FROM articles a,"
                         " json_each(a.categories) c GROUP BY c.value"
                         " ORDER BY count(*) DESC, c.value",
                         -1, &st, NULL) != SQLITE_OK)
    return ns_store_fail(s, "reading categories", err);
  json_t *cats = json_object();
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW)
    json_object_set_new(cats, (const char *)sqlite3_column_text(st, 0),
                        json_integer(sqlite3_column_int64(st, 1)));
  sqlite3_finalize(st);
  json_object_set_new(o, "categories", cats);
  return rc == SQLITE_DONE ? 0 : ns_store_fail(s, "reading categories", err);
}

char *ns_store_stats_json(ns_store *s, ns_error *err) {
  json_t *o = json_object();
  if (o == NULL) {
    ns_error_set(err, NS_ERR_NOMEM, "[store] out of memory");
    return NULL;
  }
  char *text = NULL;
  if (add_summary(s, o, err) == 0 && add_categories(s, o, err) == 0) {
    /* the documented key order puts last_reindex last */
    json_t *last = json_incref(json_object_get(o, "last_reindex"));
    json_object_del(o, "last_reindex");
    json_object_set_new(o, "last_reindex", last);
    text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    if (text == NULL) ns_error_set(err, NS_ERR_NOMEM, "[store] out of memory");
  }
  json_decref(o);
  return text;
}

static int query_int64(sqlite3 *db, const char *sql, sqlite3_int64 *out) {
  sqlite3_stmt *st = NULL;
  int rc = -1;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW) {
    *out = sqlite3_column_int64(st, 0);
    rc = 0;
  }
  sqlite3_finalize(st);
  return rc;
}

int ns_store_data_version(ns_store *s, sqlite3_int64 *version, ns_error *err) {
  if (ns_store_stmt(s, &s->data_version, "PRAGMA data_version", err) != 0)
    return -1;
  int rc = sqlite3_step(s->data_version);
  if (rc == SQLITE_ROW) *version = sqlite3_column_int64(s->data_version, 0);
  sqlite3_reset(s->data_version);
  return rc == SQLITE_ROW ? 0
                          : ns_store_fail(s, "reading the data version", err);
}

/* Counting rows reads the whole table; health checks ask often, so the
 * count is kept until another connection changes the database. */
int ns_store_article_count(ns_store *s, long *n, ns_error *err) {
  sqlite3_int64 version = 0, count = 0;
  if (ns_store_data_version(s, &version, err) != 0) return -1;
  if (version != 0 && version == s->cached_version) {
    *n = s->cached_count;
    return 0;
  }
  if (query_int64(s->db, "SELECT count(*) FROM articles", &count) != 0)
    return ns_store_fail(s, "counting articles", err);
  s->cached_count = *n = (long)count;
  s->cached_version = version;
  return 0;
}

/* A JSON array text column as a JSON value (an empty array if unreadable). */
static json_t *array_column(sqlite3_stmt *st, int col) {
  const char *v = (const char *)sqlite3_column_text(st, col);
  json_t *a = v ? json_loads(v, 0, NULL) : NULL;
  return a ? a : json_array();
}

int ns_store_article_json(ns_store *s, const char *key, char **json,
                          ns_error *err) {
  sqlite3_stmt *st = NULL;
  *json = NULL;
  if (sqlite3_prepare_v2(s->db,
                         "SELECT key, title, body, excerpt, published, url,"
                         " categories, tags FROM articles WHERE key = ?1",
                         -1, &st, NULL) != SQLITE_OK)
    return ns_store_fail(s, "reading an article", err);
  sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    json_t *o = json_object();
    static const char *const names[] = {"id",      "title", "text",
                                        "excerpt", "date",  "url"};
    for (int i = 0; o && i < 6; i++)
      json_object_set_new(o, names[i], text_or_null(st, i));
    if (o) json_object_set_new(o, "categories", array_column(st, 6));
    if (o) json_object_set_new(o, "tags", array_column(st, 7));
    *json = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(o);
    rc = *json ? 1 : -1;
    if (rc < 0) ns_error_set(err, NS_ERR_NOMEM, "[store] out of memory");
  } else if (rc == SQLITE_DONE) {
    rc = 0;
  } else {
    rc = ns_store_fail(s, "reading an article", err);
  }
  sqlite3_finalize(st);
  return rc;
}
