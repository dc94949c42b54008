/*
 * store_put.c: writing articles and keeping track of the files they came
 * from, so that a reindex can tell added, changed, unchanged and deleted.
 */
#include "store_int.h"
#include "store_story.h"

#include "newssearch/parse.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* l as a JSON array text (malloc'd), or NULL when out of memory. */
static char *strlist_json(const ns_strlist *l) {
  json_t *arr = json_array();
  for (int i = 0; arr != NULL && i < l->n; i++)
    if (json_array_append_new(arr, json_string(l->items[i])) != 0) {
      json_decref(arr);
      arr = NULL;
    }
  char *text = arr ? json_dumps(arr, JSON_COMPACT) : NULL;
  json_decref(arr);
  return text;
}

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *v) {
  if (v != NULL && v[0] != '\0')
    sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null(st, i);
}

/* Binds the article's columns as ?1..?11 in the order of the INSERT (the
 * UPDATE binds the row's id as ?12 beside them). */
static int bind_article(sqlite3_stmt *st, const ns_article *a,
                        const char *source_path, const char *hash, char **cats,
                        char **tags) {
  char now[NS_DATE_LEN];
  *cats = strlist_json(&a->categories);
  *tags = strlist_json(&a->tags);
  if (*cats == NULL || *tags == NULL) return -1;
  ns_date_now(now);
  sqlite3_bind_text(st, 1, a->key, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, a->title ? a->title : "", -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, a->body ? a->body : "", -1, SQLITE_STATIC);
  bind_text_or_null(st, 4, a->excerpt);
  bind_text_or_null(st, 5, a->url);
  sqlite3_bind_text(st, 6, *cats, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 7, *tags, -1, SQLITE_STATIC);
  bind_text_or_null(st, 8, a->date);
  sqlite3_bind_text(st, 9, source_path, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 10, hash, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 11, now, -1, SQLITE_TRANSIENT);
  return 0;
}

/* Looks up key: 1 with *id, hash and s->owner (the article's source)
 * when present, 0 when not, -1 on error. */
static int find_key(ns_store *s, const char *key, sqlite3_int64 *id,
                    char hash[17], ns_error *err) {
  if (ns_store_stmt(s, &s->find_key,
                    "SELECT id, content_hash, source_path FROM articles "
                    "WHERE key = ?1",
                    err) != 0)
    return -1;
  sqlite3_bind_text(s->find_key, 1, key, -1, SQLITE_STATIC);
  int rc = sqlite3_step(s->find_key);
  if (rc == SQLITE_DONE) return 0;
  if (rc != SQLITE_ROW) return ns_store_fail(s, "looking up an article", err);
  *id = sqlite3_column_int64(s->find_key, 0);
  const char *h = (const char *)sqlite3_column_text(s->find_key, 1);
  snprintf(hash, 17, "%s", h ? h : "");
  const char *owner = (const char *)sqlite3_column_text(s->find_key, 2);
  free(s->owner);
  s->owner = strdup(owner ? owner : "");
  sqlite3_reset(s->find_key); /* holds no read transaction open */
  if (s->owner == NULL) {
    ns_error_set(err, NS_ERR_NOMEM, "[store] %s: out of memory", s->path);
    return -1;
  }
  return 1;
}

/* Whether the source file of an article still gives it: it is standard
 * input (which cannot be looked at again) or a file that is still there
 * (or that cannot be looked at: it is not known to be gone). */
static int source_remains(const char *path) {
  struct stat st;
  if (strcmp(path, "-") == 0) return 1;
  return stat(path, &st) == 0 || (errno != ENOENT && errno != ENOTDIR);
}

/* In a rebuild, whether source held key in the live database. */
static int held_in_live(ns_store *s, const char *key, const char *source,
                        ns_error *err) {
  if (ns_store_stmt(s, &s->live_owner,
                    "SELECT source_path FROM live.articles WHERE key = ?1",
                    err) != 0)
    return -1;
  sqlite3_bind_text(s->live_owner, 1, key, -1, SQLITE_STATIC);
  int rc = sqlite3_step(s->live_owner);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return ns_store_fail(s, "looking up an article", err);
  const char *owner = rc == SQLITE_ROW
                          ? (const char *)sqlite3_column_text(s->live_owner, 0)
                          : NULL;
  int held = owner != NULL && strcmp(owner, source) == 0;
  sqlite3_reset(s->live_owner); /* the live database stays unlocked */
  return held;
}

/* Who keeps a key that source gives and s->owner holds: the holder
 * (NS_CLAIMED), source because the holder is gone (a moved file: NS_ADDED
 * here, the caller goes on), or source because it held the key before the
 * rebuild began (NS_TOOK_OVER). -1 on error. */
static int decide_claim(ns_store *s, const char *key, const char *source,
                        ns_error *err) {
  if (!source_remains(s->owner)) return NS_ADDED;
  int was_ours = s->live_attached ? held_in_live(s, key, source, err) : 0;
  return was_ours < 0 ? -1 : was_ours ? NS_TOOK_OVER : NS_CLAIMED;
}

static int note_key(ns_store *s, const char *key, ns_error *err) {
  if (ns_store_stmt(s, &s->note_key,
                    "INSERT OR IGNORE INTO temp.file_keys(key) VALUES(?1)",
                    err) != 0)
    return -1;
  sqlite3_bind_text(s->note_key, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step(s->note_key) != SQLITE_DONE)
    return ns_store_fail(s, "noting an article key", err);
  return 0;
}

/* An unchanged article may still have moved to another file. */
static int keep(ns_store *s, sqlite3_int64 id, const char *source_path,
                ns_error *err) {
  if (ns_store_stmt(s, &s->move,
                    "UPDATE articles SET source_path = ?1 WHERE id = ?2 AND "
                    "source_path IS NOT ?1",
                    err) != 0)
    return -1;
  sqlite3_bind_text(s->move, 1, source_path, -1, SQLITE_STATIC);
  sqlite3_bind_int64(s->move, 2, id);
  if (sqlite3_step(s->move) != SQLITE_DONE)
    return ns_store_fail(s, "updating an article's source", err);
  return 0;
}

static int write_article(ns_store *s, const ns_article *a,
                         const char *source_path, const char *hash,
                         sqlite3_int64 id, ns_error *err) {
  sqlite3_stmt **st = id ? &s->update : &s->insert;
  const char *sql =
      id ? "UPDATE articles SET key=?1, title=?2, body=?3, excerpt=?4, url=?5,"
           " categories=?6, tags=?7, published=?8, source_path=?9,"
           " content_hash=?10, ingested_at=?11, title_r=ns_readings(?2),"
           " body_r=ns_readings(?3), fingerprint=?13, story=?14 WHERE id=?12"
         : "INSERT INTO articles(key, title, body, excerpt, url, categories,"
           " tags, published, source_path, content_hash, ingested_at,"
           " title_r, body_r, fingerprint, story)"
           " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
           " ns_readings(?2), ns_readings(?3), ?13, ?14)";
  if (ns_store_stmt(s, st, sql, err) != 0) return -1;
  ns_story story;
  if (ns_story_assign(s, a->title, a->body, id, 0, &story, err) != 0) return -1;
  char *cats = NULL, *tags = NULL;
  int rc = -1;
  if (bind_article(*st, a, source_path, hash, &cats, &tags) != 0) {
    ns_error_set(err, NS_ERR_NOMEM, "[store] %s: out of memory", s->path);
  } else {
    if (id) sqlite3_bind_int64(*st, 12, id);
    if (story.has_fingerprint)
      sqlite3_bind_blob(*st, 13, story.fingerprint, NS_FP_BYTES, SQLITE_STATIC);
    if (story.story) sqlite3_bind_int64(*st, 14, story.story);
    rc = sqlite3_step(*st) == SQLITE_DONE
             ? 0
             : ns_store_fail(
                   s, id ? "updating an article" : "adding an article", err);
    /* The bound strings are freed below: unbind them first. */
    sqlite3_reset(*st);
    sqlite3_clear_bindings(*st);
  }
  free(cats);
  free(tags);
  return rc;
}

static int put(ns_store *s, const ns_article *a, const char *source_path,
               const char *hash, ns_change *change, ns_error *err) {
  sqlite3_int64 id = 0;
  char old_hash[17];
  int found = find_key(s, a->key, &id, old_hash, err);
  if (found < 0) return -1;
  int claim = NS_ADDED;
  if (found && strcmp(s->owner, source_path) != 0 &&
      (claim = decide_claim(s, a->key, source_path, err)) < 0)
    return -1;
  if (claim == NS_CLAIMED) {
    *change = NS_CLAIMED; /* the holder's article stays as it is */
    return 0;
  }
  if (s->track_keys && note_key(s, a->key, err) != 0) return -1;
  if (found && strcmp(old_hash, hash) == 0) {
    *change = claim == NS_TOOK_OVER ? NS_TOOK_OVER : NS_UNCHANGED;
    return keep(s, id, source_path, err);
  }
  *change = claim == NS_TOOK_OVER ? NS_TOOK_OVER
            : found               ? NS_UPDATED
                                  : NS_ADDED;
  return write_article(s, a, source_path, hash, id, err);
}

const char *ns_store_owner(const ns_store *s) {
  return s->owner ? s->owner : "";
}

int ns_store_source_get(ns_store *s, const char *path, char hash[17],
                        long *n_articles, ns_error *err) {
  if (ns_store_stmt(s, &s->source_get,
                    "SELECT hash, articles FROM sources WHERE path = ?1",
                    err) != 0)
    return -1;
  sqlite3_bind_text(s->source_get, 1, path, -1, SQLITE_STATIC);
  int rc = sqlite3_step(s->source_get);
  if (rc == SQLITE_DONE) return 0;
  if (rc != SQLITE_ROW) return ns_store_fail(s, "reading sources", err);
  const char *h = (const char *)sqlite3_column_text(s->source_get, 0);
  snprintf(hash, 17, "%s", h ? h : "");
  *n_articles = (long)sqlite3_column_int64(s->source_get, 1);
  return 1;
}

int ns_store_file_begin(ns_store *s, int track_keys, ns_error *err) {
  s->track_keys = track_keys;
  return ns_store_exec(s, "DELETE FROM temp.file_keys", err);
}

int ns_store_file_seen(ns_store *s, const char *path, ns_error *err) {
  if (ns_store_stmt(s, &s->source_seen,
                    "INSERT OR IGNORE INTO temp.seen_sources(path) VALUES(?1)",
                    err) != 0)
    return -1;
  sqlite3_bind_text(s->source_seen, 1, path, -1, SQLITE_STATIC);
  if (sqlite3_step(s->source_seen) != SQLITE_DONE)
    return ns_store_fail(s, "noting a source file", err);
  return 0;
}

/* Runs a DELETE with path bound to ?1 (and ?2 when given); adds the number
 * of rows deleted to *deleted. */
static int delete_where(ns_store *s, const char *sql, const char *p1,
                        long *deleted, ns_error *err) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
    return ns_store_fail(s, "deleting articles", err);
  sqlite3_bind_text(st, 1, p1, -1, SQLITE_STATIC);
  int rc = sqlite3_step(st);
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) return ns_store_fail(s, "deleting articles", err);
  if (deleted) *deleted += sqlite3_changes(s->db);
  return 0;
}

int ns_store_file_end(ns_store *s, const char *path, const char *root,
                      const char *hash, long n_articles, int delete_missing,
                      long *deleted, ns_error *err) {
  if (delete_missing &&
      delete_where(s,
                   "DELETE FROM articles WHERE source_path = ?1 AND key NOT IN "
                   "(SELECT key FROM temp.file_keys)",
                   path, deleted, err) != 0)
    return -1;
  char now[NS_DATE_LEN];
  ns_date_now(now);
  if (ns_store_stmt(s, &s->source_put,
                    "INSERT INTO sources(path, root, hash, articles, seen_at) "
                    "VALUES(?1, ?2, ?3, ?4, ?5) ON CONFLICT(path) DO UPDATE "
                    "SET root=?2, hash=?3, articles=?4, seen_at=?5",
                    err) != 0)
    return -1;
  sqlite3_bind_text(s->source_put, 1, path, -1, SQLITE_STATIC);
  sqlite3_bind_text(s->source_put, 2, root, -1, SQLITE_STATIC);
  sqlite3_bind_text(s->source_put, 3, hash, -1, SQLITE_STATIC);
  sqlite3_bind_int64(s->source_put, 4, n_articles);
  sqlite3_bind_text(s->source_put, 5, now, -1, SQLITE_STATIC);
  if (sqlite3_step(s->source_put) != SQLITE_DONE)
    return ns_store_fail(s, "recording a source file", err);
  return ns_store_file_seen(s, path, err);
}

int ns_store_sweep(ns_store *s, const char *root, long *deleted,
                   ns_error *err) {
  static const char gone[] = "SELECT path FROM sources WHERE root = ?1 AND "
                             "path NOT IN (SELECT path FROM temp.seen_sources)";
  char *sql_articles =
      sqlite3_mprintf("DELETE FROM articles WHERE source_path IN (%s)", gone);
  char *sql_sources =
      sqlite3_mprintf("DELETE FROM sources WHERE path IN (%s)", gone);
  int rc = -1;
  if (sql_articles == NULL || sql_sources == NULL)
    ns_error_set(err, NS_ERR_NOMEM, "[store] %s: out of memory", s->path);
  else if (delete_where(s, sql_articles, root, deleted, err) == 0 &&
           delete_where(s, sql_sources, root, NULL, err) == 0)
    rc = 0;
  sqlite3_free(sql_articles);
  sqlite3_free(sql_sources);
  return rc;
}

int ns_store_put(ns_store *s, const ns_article *a, const char *source_path,
                 const char *hash, ns_change *change, ns_error *err) {
  if (s->in_txn) return put(s, a, source_path, hash, change, err);
  /* Alone, the article is its own transaction, so that the vocabulary's
   * changes its triggers counted are stashed with it (store_txn.c). */
  if (ns_store_begin(s, err) != 0) return -1;
  if (put(s, a, source_path, hash, change, err) != 0) {
    ns_store_rollback(s);
    return -1;
  }
  return ns_store_commit(s, err);
}
