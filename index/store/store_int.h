/*
 * store_int.h: the ns_store object, shared by the store_*.c files. Private
 * to index/.
 */
#ifndef NS_INDEX_STORE_INT_H
#define NS_INDEX_STORE_INT_H

#include "newssearch/store.h"

/* The rows ns_bm25 scored on a connection since the search last zeroed
 * scored; past max (0: no limit) it fails the statement instead of scoring
 * more, so that a search can rank without counting first. */
typedef struct ns_rank_rows {
  sqlite3_int64 scored, max;
} ns_rank_rows;

/* As ns_rank_register(); *rows (owned by the connection) then counts the
 * rows ns_bm25 scores there. */
int ns_rank_register_counting(sqlite3 *db, ns_rank_rows **rows, char **errmsg);

/* Registers the FTS5 function ns_partial (rank_partial.c) with db. Returns
 * an SQLite result code. */
int ns_partial_register(sqlite3 *db);

/* A writable store whose caller already holds the writers' lock
 * (`reindex --full` swapping its new database in). */
#define NS_STORE_WRITE_LOCKED 3

struct ns_store {
  sqlite3 *db;
  char *path;
  int lock_fd; /* the writers' lock (store_lock.c), or -1 */
  int writable;
  int bulk; /* opened NS_STORE_BULK */
  int in_txn;
  int track_keys; /* note put keys in temp.file_keys (reindex) */
  /* prepared on first use, finalized by ns_store_close() */
  sqlite3_stmt *find_key, *insert, *update, *move, *note_key;
  sqlite3_stmt *source_get, *source_put, *source_seen;
  sqlite3_stmt *data_version; /* asked on every request the server answers */
  sqlite3_stmt *live_owner;   /* a bulk build: a key's source in the live db */
  int live_attached;          /* a bulk build: the live database is "live" */
  char *owner;                /* the other claimant of the last NS_CLAIMED */
  ns_rank_rows *rank_rows;    /* ns_bm25's row counter on db */
  int schema_version;         /* a reader's, as ns_schema_check read it */
  struct ns_vocab_delta *vocab; /* a writer's vocabulary changes */
  double vocab_seconds;         /* spent stashing and merging them */
  sqlite3_stmt *vocab_put, *vocab_put_many, *vocab_drop, *vocab_prefix;
  sqlite3_stmt *vocab_initials;
  sqlite3_stmt *vocab_get, *vocab_stash, *vocab_top, *vocab_same_initials;
  /* finding a new article's story (store_story.c) */
  sqlite3_stmt *story_candidates, *story_text, *story_merge;
  int no_stories; /* ns_store_without_stories */
  /* a hit's copies, one per combination of filters (store_search.c) */
  sqlite3_stmt *story_copies[8];
  double deadline_ms; /* of the reads (store_deadline.c) */
  int deadline_spent; /* a read was stopped at the deadline */
  /* the article count, valid while PRAGMA data_version is unchanged */
  long cached_count;
  sqlite3_int64 cached_version;
};

/* Takes the shared writers' lock of the database at db_path (waiting while
 * a `reindex --full` builds) into *fd (-1 when no lock file can be made,
 * which also keeps any full reindex away). Returns 0, or -1 with *err. */
int ns_lock_writer(const char *db_path, int *fd, ns_error *err);

/* Takes the full reindex's locks: refuses at once when another full
 * reindex runs, then waits for the writers in progress. Returns 0 with *fd,
 * or -1 with *err. */
int ns_lock_full_reindex(const char *db_path, int *fd, ns_error *err);

/* Releases a lock taken above; -1 is a no-op. */
void ns_lock_release(int fd);

/* Makes the database at path when there is none: built whole under another
 * name, then renamed into place, so the path never holds a file without
 * the schema. Returns 0 (made, or already there), or -1 with *err. */
int ns_store_create_if_missing(const char *path, ns_error *err);

/* Removes the -wal and -shm beside path, where no database is: they belong
 * to one that was deleted (a server may still hold it open), and SQLite
 * would lay their pages over a new file put at path. Call it only where no
 * other writer can be creating path. */
void ns_store_forget_wal(const char *path);

/* Removes a database file and what SQLite keeps beside it (-journal, -wal,
 * -shm). */
void ns_store_remove_files(const char *path);

/* Opens a new store at path, created when missing, taking no lock and
 * running the migrations (the file being made by
 * ns_store_create_if_missing). Returns 0 with *out, or -1 with *err. */
int ns_store_open_new(const char *path, ns_store **out, ns_error *err);

/* A store for path opened in mode, not yet connected (store_connect.c):
 * malloc'd, close with ns_store_close; NULL with *err when out of memory. */
ns_store *ns_store_alloc(const char *path, int mode, ns_error *err);

/* Opens the SQLite file at s's path (create: the file may be made) and sets
 * it up for s's mode. Returns 0, or -1 with *err. */
int ns_store_connect(ns_store *s, int create, ns_error *err);

/* Fills *err with "[store] PATH: what: SQLite's message (what to do)" from
 * the connection's last error, and returns -1. */
int ns_store_fail(ns_store *s, const char *what, ns_error *err);

/* Prepares *stmt from sql once; later calls reset it and clear bindings.
 * Returns 0, or -1 with *err. */
int ns_store_stmt(ns_store *s, sqlite3_stmt **stmt, const char *sql,
                  ns_error *err);

/* Runs sql (no results). Returns 0, or -1 with *err. */
int ns_store_exec(ns_store *s, const char *sql, ns_error *err);

/* FTS5 options of the index and the settings it is created with; the
 * ingest benchmark (bench/ingest_bench.c) measured the choice, docs/STORE.md
 * gives the figures. */
#define NS_FTS_OPTIONS "tokenize='hangul'"
#define NS_FTS_SET(name, value)                                                \
  "INSERT INTO articles_fts(articles_fts, rank) "                              \
  "VALUES('" name "', " value ");"
#define NS_FTS_SETTINGS NS_FTS_SET("automerge", "16")
/* Before the first table: lets 'optimize' give the space of the merged
 * segments back to the file system (incremental_vacuum) without a VACUUM. */
#define NS_PRAGMAS "PRAGMA auto_vacuum=INCREMENTAL;"

/* The SQL of the current schema (sqlite3_free it) with the given FTS5
 * options, with or without the triggers that keep the vocabulary and the
 * readings columns in the index (the benchmark's baselines have neither),
 * or NULL when out of memory. The articles table has the readings columns
 * either way. */
char *ns_schema_sql_with(const char *fts_options, int vocab_triggers,
                         int readings);

/* Registers ns_readings(text) and ns_has_hanja(text) (store_readings.c)
 * with db, for the writes that fill the readings columns. Returns an
 * SQLite result code. */
int ns_readings_register(sqlite3 *db);

/* The articles s writes from now on get neither fingerprint nor story:
 * for the ingest benchmark's baselines (bench/ingest_bench.c), which
 * measure FTS5's own tokenizers without newssearch's extras. */
void ns_store_without_stories(ns_store *s);

/* Creates or upgrades the schema of a writable store to NS_SCHEMA_VERSION,
 * and refuses newer ones. Returns 0, or -1 with *err. */
int ns_schema_migrate(ns_store *s, ns_error *err);

/* Checks that a read-only store has the current schema. */
int ns_schema_check(ns_store *s, ns_error *err);

#endif
