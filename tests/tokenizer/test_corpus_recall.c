/*
 * test_corpus_recall.c: every article of the shared news_kncls_1600.jsonl
 * into an FTS5 table (an SQLite file) with the "hangul" tokenizer; FTS5's
 * integrity-check must pass; and 300 substrings of 2 to 6 Hangul syllables,
 * drawn from the bodies with a fixed seed, must each find their article.
 * Needs ../shared/corpus: fails when it is missing.
 */
#include "../support/corpus.h"
#include "check.h"

#include "newssearch/tokenizer.h"

#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#define SAMPLES 300

static uint32_t rng_state = 20261130;
static uint32_t rng(void) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 17;
  rng_state ^= rng_state << 5;
  return rng_state;
}

static int is_syllable_at(const unsigned char *z) {
  /* U+AC00..U+D7A3 are EA B0 80 .. ED 9E A3 */
  if (z[0] < 0xEA || z[0] > 0xED) return 0;
  uint32_t cp = ((z[0] & 0x0Fu) << 12) | ((z[1] & 0x3Fu) << 6) | (z[2] & 0x3Fu);
  return cp >= 0xAC00 && cp <= 0xD7A3;
}

/* Finds, at or after byte `from` of body, a run of at least len syllables
 * and copies len of them into out. Returns 1 on success. */
static int pick_substring(const char *body, size_t from, int len, char *out) {
  const unsigned char *z = (const unsigned char *)body;
  size_t n = strlen(body);
  while (from < n && (z[from] & 0xC0) == 0x80)
    from++; /* char boundary */
  for (size_t i = from; i + 3 <= n;) {
    int run = 0;
    while (i + 3 * (size_t)(run + 1) <= n && is_syllable_at(z + i + 3 * run))
      run++;
    if (run >= len) {
      size_t start = i + 3 * (rng() % (uint32_t)(run - len + 1));
      memcpy(out, body + start, (size_t)len * 3);
      out[len * 3] = '\0';
      return 1;
    }
    i += run ? 3 * (size_t)run : 1;
  }
  return 0;
}

int main(int argc, char **argv) {
  const char *dir = ns_corpus_dir_or_fail(argc, argv, "test_corpus_recall");
  if (dir == NULL) return 1;
  char path[4096];
  snprintf(path, sizeof path, "%s/news_kncls_1600.jsonl", dir);
  ns_corpus c = {0};
  if (ns_corpus_load(&c, path) != 0) return 1;
  CHECK_INT(c.n, 1600);

  const char *dbpath = argc > 2 ? argv[2] : "test_corpus_recall.db";
  unlink(dbpath);
  sqlite3 *db = NULL;
  char *err = NULL;
  if (sqlite3_open(dbpath, &db) != SQLITE_OK ||
      ns_fts5_register(db, &err) != SQLITE_OK) {
    fprintf(stderr, "cannot set up %s: %s\n", dbpath, err ? err : "?");
    return 1;
  }
  sqlite3_exec(db,
               "CREATE VIRTUAL TABLE news USING fts5(title, body, "
               "tokenize='hangul');BEGIN",
               NULL, NULL, NULL);
  sqlite3_stmt *ins = NULL;
  sqlite3_prepare_v2(db, "INSERT INTO news(rowid, title, body) VALUES(?,?,?)",
                     -1, &ins, NULL);
  for (size_t i = 0; i < c.n; i++) {
    sqlite3_bind_int64(ins, 1, (sqlite3_int64)i + 1);
    sqlite3_bind_text(ins, 2, c.docs[i].title, -1, SQLITE_STATIC);
    sqlite3_bind_text(ins, 3, c.docs[i].body, -1, SQLITE_STATIC);
    CHECK(sqlite3_step(ins) == SQLITE_DONE, "insert %s: %s", c.docs[i].id,
          sqlite3_errmsg(db));
    sqlite3_reset(ins);
  }
  sqlite3_finalize(ins);
  CHECK(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK, "commit");
  int rc = sqlite3_exec(db, "INSERT INTO news(news) VALUES('integrity-check')",
                        NULL, NULL, &err);
  CHECK(rc == SQLITE_OK, "integrity-check: %s", err ? err : "?");

  sqlite3_stmt *q = NULL;
  sqlite3_prepare_v2(db, "SELECT rowid FROM news WHERE news MATCH ?", -1, &q,
                     NULL);
  int found = 0, drawn = 0;
  while (drawn < SAMPLES) {
    size_t doc = rng() % c.n;
    const char *body = c.docs[doc].body;
    size_t n = strlen(body);
    char sub[6 * 3 + 1], expr[64];
    int len = 2 + (int)(rng() % 5);
    if (n == 0 || !pick_substring(body, rng() % n, len, sub)) continue;
    drawn++;
    snprintf(expr, sizeof expr, "\"%s\"", sub);
    sqlite3_bind_text(q, 1, expr, -1, SQLITE_STATIC);
    int hit = 0;
    while (sqlite3_step(q) == SQLITE_ROW)
      if (sqlite3_column_int64(q, 0) == (sqlite3_int64)doc + 1) hit = 1;
    sqlite3_reset(q);
    CHECK(hit, "%s (from %s) did not find its article", sub, c.docs[doc].id);
    found += hit;
  }
  sqlite3_finalize(q);
  printf("recall: %d of %d substrings found their article\n", found, drawn);
  sqlite3_free(err);
  sqlite3_close(db);
  unlink(dbpath);
  ns_corpus_free(&c);
  return ns_check_done("test_corpus_recall");
}
