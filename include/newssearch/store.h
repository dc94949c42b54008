/*
 * store.h: the newssearch database: one SQLite file in WAL mode holding the
 * articles table, its FTS5 index (tokenizer "hangul") and the record of which
 * files the articles came from. All SQL lives under index/.
 */
#ifndef NEWSSEARCH_STORE_H
#define NEWSSEARCH_STORE_H

#include "newssearch/article.h"
#include "newssearch/error.h"

#include <sqlite3.h>

/* Schema version written to PRAGMA user_version. */
#define NS_SCHEMA_VERSION 4

typedef struct ns_store ns_store;

/* How ns_store_open() opens the file. */
#define NS_STORE_READONLY 0 /* the file must exist; no writes */
#define NS_STORE_WRITE 1    /* created when missing, migrated when older */
/* A new file that no one else opens until it is finished (the build of
 * `reindex --full`): locked for this connection alone, the journal in
 * memory, no syncs, a 256 MB page cache; ns_store_finish_bulk() ends it.
 * A crash leaves a file to throw away, never a damaged live database. */
#define NS_STORE_BULK 2

/* What ns_store_put() did with an article. A key belongs to the first
 * source that stored it for as long as that source is there: another
 * source giving the same key gets NS_CLAIMED and its article is not
 * written; in a rebuild (ns_store_attach_live) a source that held the key
 * in the live database takes it back from one that gave it earlier in the
 * rebuild: NS_TOOK_OVER. ns_store_owner() names the other source. */
typedef enum ns_change {
  NS_UNCHANGED = 0,
  NS_ADDED,
  NS_UPDATED,
  NS_CLAIMED,
  NS_TOOK_OVER
} ns_change;

/* Sets up SQLite for this process; call it once, first, before any other
 * SQLite call (later it does nothing). Turns off SQLite's global memory
 * statistics, which take one process-wide mutex on every allocation: the
 * server's worker threads queued on it. Returns 0, or -1 when SQLite was
 * already initialized. */
int ns_sqlite_setup(void);

/* Registers the FTS5 ranking function ns_bm25(articles_fts, w_title,
 * w_body[, hits]) with db: bm25()'s score, with document lengths kept in
 * memory by the connection (freed with it); hits, for a query of one
 * phrase, is the number of rows it matches when the caller has counted
 * them (saves bm25()'s own count), as ns_phrase_rows(articles_fts,
 * at_least) counts them: exactly up to at_least or half of all rows,
 * whichever is more. ns_store_open() registers it on every
 * store. Returns SQLITE_OK, or an error code with *errmsg (sqlite3_free it). */
int ns_rank_register(sqlite3 *db, char **errmsg);

/* Opens the database at path. Returns 0 and sets *out (free it with
 * ns_store_close), or -1 with *err: missing file (read-only), not a
 * newssearch database, a newer schema, or an SQLite failure. */
int ns_store_open(const char *path, int mode, ns_store **out, ns_error *err);

/* NS_STORE_WRITE also takes the shared writers' lock beside the file and,
 * while a `reindex --full` of the same database builds, waits for its swap
 * (so nothing it writes is lost to the swap); a missing file is made whole
 * under another name and renamed into place. */

/* True while a `reindex --full` of the database at db_path holds its
 * writers' lock (a writer opening it now waits for the swap). */
int ns_store_full_reindex_running(const char *db_path);

/* Closes s and frees it; NULL is a no-op. A writer's close empties the WAL
 * (checkpoint and truncate) where no reader keeps it. */
void ns_store_close(ns_store *s);

/* The SQLite connection of s, owned by s. */
sqlite3 *ns_store_db(ns_store *s);

/* The path s was opened with, owned by s. */
const char *ns_store_path(const ns_store *s);

/* Transactions for batched writes. Return 0, or -1 with *err. */
int ns_store_begin(ns_store *s, ns_error *err);
int ns_store_commit(ns_store *s, ns_error *err);
/* Rolls back an open transaction; safe when none is open. */
void ns_store_rollback(ns_store *s);

/* Writes the vocabulary changes the committed batches stashed (the words
 * of the articles they added, changed or removed) into the vocabulary that
 * suggestions read, in one transaction of its own. Returns 0, or -1 with
 * *err (the stash is kept for the next writer then). */
int ns_store_vocab_merge(ns_store *s, ns_error *err);

/* Seconds s has spent keeping the vocabulary (counting the words of the
 * articles written, stashing and merging the counts) since it opened: what
 * the vocabulary costs an ingest. */
double ns_store_vocab_seconds(const ns_store *s);

/* Inserts or updates article a (by key) from source file source_path with
 * content hash hash, unless an article with that key and hash is there.
 * Sets *change and notes the key as seen in the current file. Returns 0, or
 * -1 with *err (fatal for the batch: disk full, I/O error, read-only). */
int ns_store_put(ns_store *s, const ns_article *a, const char *source_path,
                 const char *hash, ns_change *change, ns_error *err);

/* After NS_CLAIMED: the source that keeps the key; after NS_TOOK_OVER:
 * the source that lost it. Owned by s, valid until the next put. */
const char *ns_store_owner(const ns_store *s);

/* Keeps the articles of path, an input that failed or could not be read
 * (with tree set, of every source under the folder path too): the sweep
 * does not take them for deleted, and a rebuild carries them over from the
 * live database (ns_store_carry_over). Returns 0, or -1 with *err. */
int ns_store_keep(ns_store *s, const char *path, int tree, ns_error *err);

/* Records that source path failed after all (it lost a key it gave): it
 * is read again next time, and its articles are kept. Returns 0, or -1
 * with *err. */
int ns_store_source_failed(ns_store *s, const char *path, ns_error *err);

/* Rebuilds (`reindex --full`): attaches the live database at live_path to
 * s, a store opened NS_STORE_BULK, as "live", so that the rebuild keeps
 * who held each key (see ns_change) and what could not be read. Returns 0,
 * or -1 with *err. */
int ns_store_attach_live(ns_store *s, const char *live_path, ns_error *err);

/* In a rebuild with the live database attached: copies from it the
 * articles (and source records, to be read again) of every input kept with
 * ns_store_keep() whose key the rebuild does not have. Returns 0, or -1
 * with *err. */
int ns_store_carry_over(ns_store *s, ns_error *err);

/* How the rebuild in s differs from the live database attached to it
 * (ns_store_attach_live), by key and content hash: articles added, updated,
 * unchanged and deleted. */
void ns_store_diff_live(ns_store *s, long *added, long *updated,
                        long *unchanged, long *deleted);

/* Copies the whole database at tmp over the one at live_path in one
 * transaction (readers see the old content, then the new). Returns 0, or
 * -1 with *err, the live database unchanged. The caller holds the
 * full-reindex lock. */
int ns_store_swap_in(const char *tmp, const char *live_path, ns_error *err);

/* The stored hash of source file path, copied into hash (17 bytes), and the
 * number of articles it gave in *n_articles. Returns 1 when the file is
 * known, 0 when not, -1 with *err on failure. */
int ns_store_source_get(ns_store *s, const char *path, char hash[17],
                        long *n_articles, ns_error *err);

/* Starts a source file: forgets the keys seen in the previous one, and
 * notes the keys put from now on only when track_keys is set (a reindex,
 * which deletes what a file no longer gives; a plain ingest skips the
 * bookkeeping). */
int ns_store_file_begin(ns_store *s, int track_keys, ns_error *err);

/* Ends source file path (under root, with content hash): records it with
 * n_articles articles and marks it seen. With delete_missing, deletes the
 * articles that came from path earlier but were not put since
 * ns_store_file_begin() (records a file lost), adding their number to
 * *deleted. Returns 0, or -1 with *err. */
int ns_store_file_end(ns_store *s, const char *path, const char *root,
                      const char *hash, long n_articles, int delete_missing,
                      long *deleted, ns_error *err);

/* Marks source file path seen without touching its articles (its hash did
 * not change). */
int ns_store_file_seen(ns_store *s, const char *path, ns_error *err);

/* Deletes the articles of every source file recorded under root that was
 * not marked seen since the store was opened (its file is gone), adding
 * their number to *deleted. Returns 0, or -1 with *err. */
int ns_store_sweep(ns_store *s, const char *root, long *deleted, ns_error *err);

/* Records now as the time of the last reindex (meta "last_reindex"). */
int ns_store_mark_reindexed(ns_store *s, ns_error *err);

/* Sets a value in the meta table (e.g. "last_reindex"). */
int ns_store_meta_set(ns_store *s, const char *key, const char *value,
                      ns_error *err);

/* Runs PRAGMA integrity_check and FTS5's integrity-check. Returns 0 when
 * both pass, -1 with *err naming the first problem. */
int ns_store_check(ns_store *s, ns_error *err);

/* Merges the FTS5 index into as few segments as possible (after a bulk
 * load). Returns 0, or -1 with *err. */
int ns_store_optimize(ns_store *s, ns_error *err);

/* Ends the load of a store opened NS_STORE_BULK: merges the FTS5 segments
 * ('optimize'), gives the freed pages back and switches the file to WAL, as
 * a live database is. Returns 0, or -1 with *err. */
int ns_store_finish_bulk(ns_store *s, ns_error *err);

/* Reads the database file's header through SQLite's own file handle (a
 * second descriptor on the file would drop SQLite's locks when closed).
 * Returns 0 when it is an SQLite header, -1 with *err when the file was
 * damaged under an open connection. */
int ns_store_header_check(ns_store *s, ns_error *err);

/* PRAGMA data_version into *version: it changes when another connection
 * commits to the database. Returns 0, or -1 with *err. */
int ns_store_data_version(ns_store *s, sqlite3_int64 *version, ns_error *err);

/* The number of articles into *n. Returns 0, or -1 with *err. */
int ns_store_article_count(ns_store *s, long *n, ns_error *err);

/* The whole article with key as a malloc'd JSON text (caller frees):
 * {"id","title","text","excerpt","date","url","categories","tags"}.
 * Returns 1 with *json, 0 when there is no such article, -1 with *err. */
int ns_store_article_json(ns_store *s, const char *key, char **json,
                          ns_error *err);

/* Returns statistics as a malloc'd JSON text (caller frees):
 * {"articles","bytes","first_date","last_date","categories":{},
 * "last_reindex"}; NULL with *err on failure. */
char *ns_store_stats_json(ns_store *s, ns_error *err);

#endif
