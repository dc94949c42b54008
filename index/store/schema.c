/*
 * schema.c: the database schema, its version (PRAGMA user_version) and the
 * migrations from every older version to the current one.
 */
#include "store_int.h"
#include "store_story.h"

#include <stdio.h>

/* Version 1. The FTS5 index is an external-content table over articles
 * (docs/STORE.md says why): the text is stored once, highlight() and
 * snippet() read it from articles, and triggers keep the index in step with
 * every write, whoever makes it. */
/* The tables before the index, then the index (whose options are the
 * FTS5 options NS_FTS_OPTIONS), then its triggers. */
static const char schema_v1_tables[] =
    /* Small columns first, the body last: reading published or categories
     * for every match (ranking ties, filters) then never walks the body's
     * overflow pages. */
    "CREATE TABLE articles("
    "  id INTEGER PRIMARY KEY,"
    "  key TEXT NOT NULL UNIQUE,"
    "  published TEXT,"                        /* YYYY-MM-DDTHH:MM:SSZ, UTC */
    "  categories TEXT NOT NULL DEFAULT '[]'," /* JSON array */
    "  tags TEXT NOT NULL DEFAULT '[]',"       /* JSON array */
    "  content_hash TEXT NOT NULL,"
    "  ingested_at TEXT NOT NULL,"
    "  source_path TEXT,"
    "  url TEXT,"
    "  title TEXT NOT NULL DEFAULT '',"
    "  excerpt TEXT,"
    "  body TEXT NOT NULL DEFAULT '');"
    "CREATE INDEX articles_published ON articles(published);"
    "CREATE INDEX articles_source ON articles(source_path);"
    "CREATE TABLE sources("
    "  path TEXT PRIMARY KEY,"
    "  root TEXT NOT NULL,"
    "  hash TEXT NOT NULL,"
    "  articles INTEGER NOT NULL,"
    "  seen_at TEXT NOT NULL);"
    "CREATE INDEX sources_root ON sources(root);"
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);";

static const char schema_v1_fts[] =
    "CREATE VIRTUAL TABLE articles_fts USING fts5("
    "  title, body, content='articles', content_rowid='id', %s);";

static const char schema_v1_triggers[] =
    "CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN"
    "  INSERT INTO articles_fts(rowid, title, body)"
    "  VALUES(new.id, new.title, new.body);"
    "END;"
    "CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN"
    "  INSERT INTO articles_fts(articles_fts, rowid, title, body)"
    "  VALUES('delete', old.id, old.title, old.body);"
    "END;"
    "CREATE TRIGGER articles_au AFTER UPDATE OF title, body ON articles BEGIN"
    "  INSERT INTO articles_fts(articles_fts, rowid, title, body)"
    "  VALUES('delete', old.id, old.title, old.body);"
    "  INSERT INTO articles_fts(rowid, title, body)"
    "  VALUES(new.id, new.title, new.body);"
    "END;";

static char *schema_v1_sql(const char *fts_options) {
  return sqlite3_mprintf("%s%z%s", schema_v1_tables,
                         sqlite3_mprintf(schema_v1_fts, fts_options),
                         schema_v1_triggers);
}

/* Version 1, with the FTS5 settings it is created with. */
static char *migration_v1(void) {
  char *sql = schema_v1_sql(NS_FTS_OPTIONS);
  return sql ? sqlite3_mprintf("%z%s", sql, NS_FTS_SETTINGS) : NULL;
}

/* Version 2: the vocabulary (store_vocab.c), every word of the titles and
 * bodies keyed by its 2-set keystrokes (newssearch/keys.h), with the
 * articles it occurs in at all (docs) and as written (bare), the particles
 * seen after it (a bit each, newssearch/words.h), and the keys
 * of its initials for queries of initial consonants. The triggers count
 * each article's words as it comes and goes; the last statement counts the
 * articles already there. */
static const char schema_v2_tables[] =
    "CREATE TABLE vocab("
    "  keys BLOB PRIMARY KEY,"
    "  word TEXT NOT NULL,"
    "  docs INTEGER NOT NULL,"
    "  bare INTEGER NOT NULL,"
    "  particles INTEGER NOT NULL,"
    "  initials BLOB) WITHOUT ROWID;"
    "CREATE TABLE vocab_top("
    "  prefix BLOB PRIMARY KEY,"
    "  words TEXT NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE vocab_pending("
    "  id INTEGER PRIMARY KEY,"
    "  changes BLOB NOT NULL);"
    "CREATE INDEX vocab_initials ON vocab(initials)"
    "  WHERE initials IS NOT NULL;";

static const char schema_v2_triggers[] =
    "CREATE TRIGGER articles_vocab_ai AFTER INSERT ON articles BEGIN"
    "  SELECT ns_vocab_note(new.title, new.body, 1);"
    "END;"
    "CREATE TRIGGER articles_vocab_ad AFTER DELETE ON articles BEGIN"
    "  SELECT ns_vocab_note(old.title, old.body, -1);"
    "END;"
    "CREATE TRIGGER articles_vocab_au AFTER UPDATE OF title, body ON articles"
    " BEGIN"
    "  SELECT ns_vocab_note(old.title, old.body, -1);"
    "  SELECT ns_vocab_note(new.title, new.body, 1);"
    "END;";

static char *schema_v2_sql(int with_triggers) {
  return sqlite3_mprintf("%s%s", schema_v2_tables,
                         with_triggers ? schema_v2_triggers : "");
}

static char *migration_v2(void) {
  return sqlite3_mprintf(
      "%z SELECT count(ns_vocab_note(title, body, 1)) FROM articles;",
      schema_v2_sql(1));
}

/* Version 3: the readings columns. title_r and body_r hold the words of
 * the title and body that have Hanja, read in Hangul (newssearch/hanja.h,
 * through the SQL function ns_readings), NULL when there are none; the
 * index gets them as two more columns, so that 미국 finds 美 and 북미 finds
 * 北美, and a search as typed (synonyms off) leaves them out with a column
 * filter. They are stored, not computed by the triggers: removing an
 * article from the index must give FTS5 the very text it was indexed
 * with, whatever dictionary the program has by then. The columns come
 * after the body (ALTER TABLE adds them there); only writing and removing
 * an article reads them. */
static const char schema_v3_columns[] =
    "ALTER TABLE articles ADD COLUMN title_r TEXT;"
    "ALTER TABLE articles ADD COLUMN body_r TEXT;";

static const char schema_v3_fts[] =
    "CREATE VIRTUAL TABLE articles_fts USING fts5("
    "  title, body, title_r, body_r, content='articles', content_rowid='id',"
    "  %s);";

static const char schema_v3_triggers[] =
    "CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN"
    "  INSERT INTO articles_fts(rowid, title, body, title_r, body_r)"
    "  VALUES(new.id, new.title, new.body, new.title_r, new.body_r);"
    "END;"
    "CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN"
    "  INSERT INTO articles_fts(articles_fts, rowid, title, body, title_r,"
    "  body_r) VALUES('delete', old.id, old.title, old.body, old.title_r,"
    "  old.body_r);"
    "END;"
    "CREATE TRIGGER articles_au AFTER UPDATE OF title, body, title_r, body_r"
    "  ON articles BEGIN"
    "  INSERT INTO articles_fts(articles_fts, rowid, title, body, title_r,"
    "  body_r) VALUES('delete', old.id, old.title, old.body, old.title_r,"
    "  old.body_r);"
    "  INSERT INTO articles_fts(rowid, title, body, title_r, body_r)"
    "  VALUES(new.id, new.title, new.body, new.title_r, new.body_r);"
    "END;";

/* The articles already there are read (only those with Hanja are
 * rewritten) and the index is rebuilt with the new columns, in the
 * migration's one transaction: readers see the old index until it
 * commits. */
static char *migration_v3(void) {
  return sqlite3_mprintf(
      "%s"
      "UPDATE articles SET title_r = ns_readings(title),"
      "  body_r = ns_readings(body)"
      "  WHERE ns_has_hanja(title) OR ns_has_hanja(body);"
      "DROP TRIGGER articles_ai; DROP TRIGGER articles_ad;"
      "DROP TRIGGER articles_au; DROP TABLE articles_fts;"
      "%z%s%s"
      "INSERT INTO articles_fts(articles_fts) VALUES('rebuild');",
      schema_v3_columns, sqlite3_mprintf(schema_v3_fts, NS_FTS_OPTIONS),
      NS_FTS_SETTINGS, schema_v3_triggers);
}

/* Version 4: the copies of one story (store_story.c). fingerprint holds
 * the band keys of the article's text (NULL for a text without one
 * bigram), story the id of the story's first article (NULL: the article's
 * own). story_bands finds, for a new article, those that share a band;
 * its triggers keep it in step with the fingerprints. The migration's
 * stories are made by ns_story_backfill, after this SQL. */
static const char schema_v4_tables[] =
    "ALTER TABLE articles ADD COLUMN fingerprint BLOB;"
    "ALTER TABLE articles ADD COLUMN story INTEGER;"
    "CREATE INDEX articles_story ON articles(story) WHERE story IS NOT NULL;"
    "CREATE TABLE story_bands("
    "  band INTEGER NOT NULL,"
    "  id INTEGER NOT NULL,"
    "  PRIMARY KEY(band, id)) WITHOUT ROWID;";

#define STORY_BANDS_ADD(row)                                                   \
  "  INSERT OR IGNORE INTO story_bands(band, id) SELECT value, " row ".id"     \
  "  FROM json_each(ns_fp_bands(" row ".fingerprint));"
#define STORY_BANDS_DROP(row)                                                  \
  "  DELETE FROM story_bands WHERE id = " row ".id AND band IN"                \
  "  (SELECT value FROM json_each(ns_fp_bands(" row ".fingerprint)));"

static const char schema_v4_triggers[] =
    "CREATE TRIGGER articles_story_ai AFTER INSERT ON articles"
    "  WHEN new.fingerprint IS NOT NULL BEGIN" STORY_BANDS_ADD(
        "new") "END;"
               "CREATE TRIGGER articles_story_ad AFTER DELETE ON articles"
               "  WHEN old.fingerprint IS NOT NULL BEGIN" STORY_BANDS_DROP(
                   "old") "END;"
                          "CREATE TRIGGER articles_story_au AFTER UPDATE OF "
                          "fingerprint ON articles"
                          "  BEGIN" STORY_BANDS_DROP("old")
                              STORY_BANDS_ADD("new") "END;";

static char *migration_v4(void) {
  return sqlite3_mprintf("%s%s", schema_v4_tables, schema_v4_triggers);
}

char *ns_schema_sql_with(const char *fts_options, int vocab_triggers,
                         int readings) {
  return sqlite3_mprintf(
      "%s%s%z%s%z%s%s", schema_v1_tables, schema_v3_columns,
      sqlite3_mprintf(readings ? schema_v3_fts : schema_v1_fts, fts_options),
      readings ? schema_v3_triggers : schema_v1_triggers,
      schema_v2_sql(vocab_triggers), schema_v4_tables, schema_v4_triggers);
}

/* migrations[v] returns the SQL (sqlite3_free it) that brings a database
 * from version v to v + 1. */
static char *(*const migrations[NS_SCHEMA_VERSION])(void) = {
    migration_v1, migration_v2, migration_v3, migration_v4};

/* Temporary tables for one connection's reindex bookkeeping. */
static const char temp_tables[] =
    "CREATE TEMP TABLE IF NOT EXISTS file_keys(key TEXT PRIMARY KEY);"
    "CREATE TEMP TABLE IF NOT EXISTS seen_sources(path TEXT PRIMARY KEY);"
    "CREATE TEMP TABLE IF NOT EXISTS kept(path TEXT PRIMARY KEY,"
    " tree INTEGER NOT NULL);";

static int query_int(ns_store *s, const char *sql, int *out, ns_error *err) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
    return ns_store_fail(s, "reading the schema", err);
  int rc = sqlite3_step(st);
  *out = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
  sqlite3_finalize(st);
  return rc == SQLITE_ROW ? 0 : ns_store_fail(s, "reading the schema", err);
}

/* Reads the version, telling apart an empty file (0), a newssearch database
 * (its version) and someone else's database (an error). */
static int read_version(ns_store *s, int *version, ns_error *err) {
  int tables = 0;
  if (query_int(s, "PRAGMA user_version", version, err) != 0 ||
      query_int(s, "SELECT count(*) FROM sqlite_schema", &tables, err) != 0)
    return -1;
  if (*version == 0 && tables > 0) {
    ns_error_set(err, NS_ERR_STORE,
                 "[store] %s: not a newssearch database (it has tables but no "
                 "newssearch schema version); give another --db path",
                 s->path);
    return -1;
  }
  if (*version > NS_SCHEMA_VERSION) {
    ns_error_set(err, NS_ERR_STORE,
                 "[store] %s: written by a newer newssearch (schema version "
                 "%d; this one reads up to %d); upgrade newssearch",
                 s->path, *version, NS_SCHEMA_VERSION);
    return -1;
  }
  return 0;
}

/* Runs the migrations from version v on, inside the caller's transaction. */
static int migrate_from(ns_store *s, int v, ns_error *err) {
  for (; v < NS_SCHEMA_VERSION; v++) {
    char *sql = migrations[v]();
    if (sql == NULL) {
      ns_error_set(err, NS_ERR_NOMEM, "[store] %s: out of memory", s->path);
      return -1;
    }
    char what[64], set_version[64];
    snprintf(what, sizeof what, "creating schema version %d", v + 1);
    snprintf(set_version, sizeof set_version, "PRAGMA user_version=%d", v + 1);
    int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
    sqlite3_free(sql);
    if (rc != SQLITE_OK) return ns_store_fail(s, what, err);
    /* version 4: the stories of the articles already there */
    if (v + 1 == 4 && ns_story_backfill(s, err) != 0) return -1;
    if (ns_store_exec(s, set_version, err) != 0) return -1;
  }
  return 0;
}

int ns_schema_migrate(ns_store *s, ns_error *err) {
  int version;
  if (read_version(s, &version, err) != 0) return -1;
  if (version < NS_SCHEMA_VERSION) {
    /* Before the first table, outside the transaction. */
    if (version == 0 && ns_store_exec(s, NS_PRAGMAS, err) != 0) return -1;
    /* Under the write lock, and read again there: another process may have
     * migrated the file meanwhile. One transaction for every step: a crash
     * leaves the old version whole. */
    if (ns_store_begin(s, err) != 0) return -1;
    int rc = read_version(s, &version, err);
    if (rc == 0) rc = migrate_from(s, version, err);
    if (rc != 0) {
      ns_store_rollback(s);
      return -1;
    }
    if (ns_store_commit(s, err) != 0) return -1;
    s->schema_version = NS_SCHEMA_VERSION;
    /* the vocabulary of the articles already there (version 2) */
    if (ns_store_vocab_merge(s, err) != 0) return -1;
  }
  s->schema_version = NS_SCHEMA_VERSION;
  return ns_store_exec(s, temp_tables, err);
}

int ns_schema_check(ns_store *s, ns_error *err) {
  int version;
  if (read_version(s, &version, err) != 0) return -1;
  if (version == 0) {
    ns_error_set(err, NS_ERR_NOT_FOUND,
                 "[store] %s: empty database; load articles first with "
                 "'newssearch ingest'",
                 s->path);
    return -1;
  }
  /* Version 1 lacks only the vocabulary: a server upgraded before its
   * database still searches (and suggests nothing) until a writer
   * migrates it. */
  s->schema_version = version;
  return 0;
}
