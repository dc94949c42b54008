/*
 * test_fts5_match.c: the worked examples of KOREAN.md that need no query
 * layer, as MATCH queries on a real FTS5 table (an SQLite file) using the
 * "hangul" tokenizer; highlight() byte for byte over NFD and fullwidth text;
 * and, for contrast, the failures of SQLite's own tokenizers that motivate it.
 */
#include "check.h"

#include "newssearch/tokenizer.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* 카카오톡 spelled with conjoining jamo (NFD), as macOS file names give it. */
#define NFD_KAKAOTALK                                                          \
  "\xe1\x84\x8f\xe1\x85\xa1\xe1\x84\x8f\xe1\x85\xa1\xe1\x84\x8b\xe1\x85\xa9"   \
  "\xe1\x84\x90\xe1\x85\xa9\xe1\x86\xa8"

static sqlite3 *db;

static void exec(const char *sql) {
  char *err = NULL;
  int rc = sqlite3_exec(db, sql, NULL, NULL, &err);
  CHECK(rc == SQLITE_OK, "%s: %s", sql, err ? err : "?");
  sqlite3_free(err);
}

/* Number of rows of table `table` whose text column matches expr, or -1 on an
 * SQL error (the error is reported as a failed check). */
static int count_matches(const char *table, const char *expr) {
  char *sql = sqlite3_mprintf("SELECT count(*) FROM %s WHERE %s MATCH ?1",
                              table, table);
  sqlite3_stmt *stmt = NULL;
  int n = -1;
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) == SQLITE_OK) {
    sqlite3_bind_text(stmt, 1, expr, -1, SQLITE_STATIC);
    if (sqlite3_step(stmt) == SQLITE_ROW) n = sqlite3_column_int(stmt, 0);
  }
  CHECK(n >= 0, "MATCH %s on %s: %s", expr, table, sqlite3_errmsg(db));
  sqlite3_finalize(stmt);
  sqlite3_free(sql);
  return n;
}

/* highlight() of the one row of table `table` whose rowid is rowid. */
static char *highlight(const char *table, long rowid, const char *expr) {
  char *sql = sqlite3_mprintf("SELECT highlight(%s, 0, '[', ']') FROM %s "
                              "WHERE %s MATCH ?1 AND rowid = ?2",
                              table, table, table);
  sqlite3_stmt *stmt = NULL;
  char *out = NULL;
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) == SQLITE_OK) {
    sqlite3_bind_text(stmt, 1, expr, -1, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 2, rowid);
    if (sqlite3_step(stmt) == SQLITE_ROW)
      out = strdup((const char *)sqlite3_column_text(stmt, 0));
  }
  sqlite3_finalize(stmt);
  sqlite3_free(sql);
  return out;
}

struct example {
  const char *document;
  const char *match; /* FTS5 expression as the query layer would write it */
  int should_match;
  const char *why;
};

/* KOREAN.md's worked examples, less those that need the query layer
 * (spacing variants are the query issue's). */
static const struct example examples[] = {
    {"PC버전 카카오톡과 포털", "\"카카오톡\"", 1, "particle 과 attached"},
    {"PC버전 카카오톡과 포털", "\"톡\"*", 1, "one syllable inside a word"},
    {"PC버전 카카오톡과 포털", "\"과\"*", 1, "one syllable at a run's end"},
    {"PC버전 카카오톡과 포털", "pc", 1, "mixed-script word, case folded"},
    {"PC버전 카카오톡과 포털", "\"ＰＣ버전\"", 1,
     "fullwidth folded, runs split"},
    {"PC버전 카카오톡과 포털", "\"" NFD_KAKAOTALK "\"", 1, "NFD query"},
    {"PC버전 카카오톡과 포털", "\"카카오톡과 포털\"", 1,
     "phrase across a space"},
    {"PC버전 카카오톡과 포털", "\"톡과 포털\"", 1, "phrase from mid-word"},
    {"PC버전 카카오톡과 포털", "\"pc버전 카카오\"", 1, "phrase across scripts"},
    {"PC버전 카카오톡과 포털", "\"카카오뱅크\"", 0, "뱅크 does not occur"},
    {"PC버전 카카오톡과 포털", "\"포털 카카오\"", 0, "phrase in wrong order"},
    {"고용노동부 정보시스템", "\"고용\" \"노동부\"", 1,
     "two words, both substrings"},
    {"고용노동부 정보시스템", "\"정보시스템\"", 1, "compound"},
    {"데이터베이스 오류로 장애", "\"장애\"", 1, "two-syllable query"},
    {"데이터베이스 오류로 장애", "\"오류로 장애\"", 1,
     "phrase ending in a run"},
    {"데이터베이스 오류로 장애", "\"애\"*", 1, "last syllable of the text"},
    {"고용24 누리집 개편", "\"고용24\"", 1, "phrase across a script change"},
    {"고용24 누리집 개편", "\"용24 누리\"", 1, "mid-word across scripts"},
    {"고용24 누리집 개편", "\"고용 24\"", 1, "same tokens with a space"},
    {"고용24 누리집 개편", "\"고용25\"", 0, "different number"},
    {"빚 문제 심각", "\"빚 문제\"", 1, "one-syllable run in a phrase"},
    {"美 금리 동결", "\"美\"", 1, "Hanja abbreviation"},
    {NFD_KAKAOTALK "과 포털", "\"카카오톡과\"", 1, "NFD document"},
    {"ＡＩ반도체 수출", "\"ai반도체\"", 1, "fullwidth document"},
};

static void test_worked_examples(void) {
  exec("CREATE VIRTUAL TABLE ex USING fts5(body, tokenize='hangul', "
       "prefix='1')");
  for (size_t i = 0; i < sizeof examples / sizeof *examples; i++) {
    const struct example *e = &examples[i];
    exec("DELETE FROM ex");
    char *sql = sqlite3_mprintf("INSERT INTO ex(body) VALUES(%Q)", e->document);
    exec(sql);
    sqlite3_free(sql);
    int n = count_matches("ex", e->match);
    CHECK(n == e->should_match, "'%s' MATCH %s (%s): %d rows, want %d",
          e->document, e->match, e->why, n, e->should_match);
  }
}

/* The same one-syllable prefix query without a prefix index: slower, same
 * answer, which is why prefix='1' is a speed choice, not a correctness one. */
static void test_prefix_without_prefix_index(void) {
  exec("CREATE VIRTUAL TABLE np USING fts5(body, tokenize='hangul')");
  exec("INSERT INTO np(body) VALUES('PC버전 카카오톡과 포털')");
  CHECK_INT(count_matches("np", "\"톡\"*"), 1);
  CHECK_INT(count_matches("np", "\"뱅\"*"), 0);
}

struct highlight_case {
  const char *document;
  const char *match;
  const char *want;
};

/* The marks must surround exactly the bytes the reader sees, even where
 * normalization changed the length (NFD jamo, fullwidth forms). */
static const struct highlight_case highlights[] = {
    {NFD_KAKAOTALK "과 포털", "\"카카오톡\"", "[" NFD_KAKAOTALK "]과 포털"},
    {NFD_KAKAOTALK "과 포털", "\"포털\"", NFD_KAKAOTALK "과 [포털]"},
    {NFD_KAKAOTALK "과 포털", "\"카카오톡과 포털\"",
     "[" NFD_KAKAOTALK "과 포털]"},
    {"ＰＣ버전 카카오톡", "pc", "[ＰＣ]버전 카카오톡"},
    {"ＰＣ버전 카카오톡", "\"버전\"", "ＰＣ[버전] 카카오톡"},
    {"ＰＣ버전 카카오톡", "\"오톡\"", "ＰＣ버전 카카[오톡]"},
    {"５Ｇ망과 ＬＴＥ망", "lte", "５Ｇ망과 [ＬＴＥ]망"},
    {"데이터베이스 오류로 장애", "\"장애\"", "데이터베이스 오류로 [장애]"},
    {"데이터베이스 오류로 장애", "\"이터\"", "데[이터]베이스 오류로 장애"},
};

static void test_highlight_offsets(void) {
  exec("CREATE VIRTUAL TABLE hl USING fts5(body, tokenize='hangul')");
  for (size_t i = 0; i < sizeof highlights / sizeof *highlights; i++) {
    const struct highlight_case *h = &highlights[i];
    exec("DELETE FROM hl");
    char *sql = sqlite3_mprintf("INSERT INTO hl(rowid, body) VALUES(1, %Q)",
                                h->document);
    exec(sql);
    sqlite3_free(sql);
    char *got = highlight("hl", 1, h->match);
    CHECK(got != NULL && strcmp(got, h->want) == 0,
          "highlight of %s: got \"%s\", want \"%s\"", h->match,
          got ? got : "(no row)", h->want);
    free(got);
  }
}

/* Why the tokenizer exists: SQLite's own tokenizers miss these. If a future
 * SQLite finds them, this test says so and the README's claims need a look. */
static void test_builtin_tokenizers_fail_korean(void) {
  exec("CREATE VIRTUAL TABLE u61 USING fts5(body, tokenize='unicode61')");
  exec("CREATE VIRTUAL TABLE tri USING fts5(body, tokenize='trigram')");
  exec("INSERT INTO u61(body) VALUES('PC버전 카카오톡과 포털')");
  exec("INSERT INTO tri(body) VALUES('데이터베이스 오류로 장애')");
  CHECK_INT(count_matches("u61", "\"카카오톡\""), 0);
  CHECK_INT(count_matches("tri", "\"장애\""), 0);
}

int main(int argc, char **argv) {
  const char *path = argc > 1 ? argv[1] : "test_fts5_match.db";
  unlink(path);
  char *err = NULL;
  if (sqlite3_open(path, &db) != SQLITE_OK ||
      ns_fts5_register(db, &err) != SQLITE_OK) {
    fprintf(stderr, "cannot set up %s: %s\n", path,
            err ? err : sqlite3_errmsg(db));
    return 1;
  }
  test_worked_examples();
  test_prefix_without_prefix_index();
  test_highlight_offsets();
  test_builtin_tokenizers_fail_korean();
  sqlite3_close(db);
  unlink(path);
  return ns_check_done("test_fts5_match");
}
