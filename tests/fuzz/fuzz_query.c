/*
 * fuzz_query.c: the search box. Any text a reader types goes through
 * ns_query_parse() and ns_query_match_expr() at every match level, and
 * each expression is run as an FTS5 MATCH against a small in-memory table
 * using the "hangul" tokenizer. query.h promises that every input string
 * is a valid query, so an FTS5 error here (a syntax error, "unknown special
 * query", a column that does not exist) is a bug: user text broke out of
 * its quotes.
 */
#include "fuzz_check.h"

#include "newssearch/query.h"
#include "newssearch/tokenizer.h"

#include <sqlite3.h>
#include <stdint.h>

static const char *const kRows[][2] = {
    {"카카오톡 PC버전 먹통", "카카오톡과 포털이 오후 한때 접속 장애를 겪었다."},
    {"고용노동부, 청년 일자리 대책 발표",
     "고용 노동부는 14일 美 기업과 함께 AI 교육을 늘린다고 밝혔다."},
    {"서울 아파트값 상승", "Ｓｅｏｕｌ 부동산 시장: 전세 3.5% 올라"},
};

/* The table the expressions run against; built once, kept for the run. */
static sqlite3_stmt *match_stmt(void) {
  static sqlite3 *db;
  static sqlite3_stmt *stmt;
  if (stmt != NULL) return stmt;
  char *msg = NULL;
  FUZZ_CHECK(sqlite3_open(":memory:", &db) == SQLITE_OK, "sqlite3_open");
  FUZZ_CHECK(ns_fts5_register(db, &msg) == SQLITE_OK, "ns_fts5_register");
  FUZZ_CHECK(sqlite3_exec(db,
                          "CREATE VIRTUAL TABLE t USING fts5(title, body, "
                          "tokenize='hangul')",
                          NULL, NULL, &msg) == SQLITE_OK,
             "create table");
  sqlite3_stmt *ins = NULL;
  FUZZ_CHECK(sqlite3_prepare_v2(db, "INSERT INTO t VALUES (?, ?)", -1, &ins,
                                NULL) == SQLITE_OK,
             "prepare insert");
  for (size_t i = 0; i < sizeof kRows / sizeof kRows[0]; i++) {
    sqlite3_bind_text(ins, 1, kRows[i][0], -1, SQLITE_STATIC);
    sqlite3_bind_text(ins, 2, kRows[i][1], -1, SQLITE_STATIC);
    FUZZ_CHECK(sqlite3_step(ins) == SQLITE_DONE, "insert");
    sqlite3_reset(ins);
  }
  sqlite3_finalize(ins);
  FUZZ_CHECK(sqlite3_prepare_v2(db, "SELECT count(*) FROM t WHERE t MATCH ?",
                                -1, &stmt, NULL) == SQLITE_OK,
             "prepare select");
  return stmt;
}

/* Runs expr as a MATCH; any error from FTS5 aborts with the expression. */
static void run_match(const char *expr) {
  sqlite3_stmt *stmt = match_stmt();
  sqlite3_bind_text(stmt, 1, expr, -1, SQLITE_STATIC);
  int rc = sqlite3_step(stmt);
  if (rc != SQLITE_ROW) {
    fprintf(stderr, "MATCH failed (%s) for expression: %s\n",
            sqlite3_errmsg(sqlite3_db_handle(stmt)), expr);
    abort();
  }
  sqlite3_reset(stmt);
  sqlite3_clear_bindings(stmt);
}

/* What query.h says of the parsed terms. */
static void check_terms(const ns_query *q) {
  FUZZ_CHECK(q->n > 0 && q->n <= NS_QUERY_MAX_TERMS, "term count");
  for (int i = 0; i < q->n; i++) {
    const ns_query_term *t = &q->terms[i];
    FUZZ_CHECK(t->text != NULL && strchr(t->text, '"') == NULL,
               "a term's text keeps a quote");
    FUZZ_CHECK(t->n_tokens > 0 && t->n_tokens <= NS_QUERY_MAX_TERM_TOKENS,
               "a term's token count");
  }
}

/* The partial-match spec has one entry per phrase of the relaxed
 * expression (each phrase is one quoted string: the parser took every
 * quote out of the terms), or ns_partial would filter nothing. */
static void check_partial_spec(const ns_query *q, const char *relaxed) {
  char *spec = ns_query_partial_spec(q);
  FUZZ_CHECK(spec != NULL, "ns_query_partial_spec() returned NULL");
  size_t quotes = 0, entries = 1;
  for (const char *p = relaxed; *p; p++)
    quotes += *p == '"';
  for (const char *p = spec; *p; p++)
    entries += *p == ',';
  if (quotes != 2 * entries) {
    fprintf(stderr, "spec \"%s\" does not describe %s\n", spec, relaxed);
    abort();
  }
  free(spec);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  ns_query q = {0};
  ns_error err = {0};
  if (ns_query_parse((const char *)data, size, &q, &err) != 0) {
    FUZZ_CHECK(err.message[0] != '\0', "parse failed without a message");
    return 0;
  }
  check_terms(&q);
  static const ns_match_level levels[] = {NS_MATCH_STRICT, NS_MATCH_SPACED,
                                          NS_MATCH_RELAXED};
  for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++) {
    char *expr = ns_query_match_expr(&q, levels[i]);
    /* The sanitizers' allocator aborts rather than return NULL, so NULL
     * here is not "out of memory". */
    FUZZ_CHECK(expr != NULL, "ns_query_match_expr() returned NULL");
    run_match(expr);
    if (levels[i] == NS_MATCH_RELAXED) check_partial_spec(&q, expr);
    free(expr);
  }
  ns_query_clear(&q);
  return 0;
}
