/*
 * test_query_oom.c: out-of-memory at every allocation of the query path, in
 * turn: parsing, the MATCH expressions, snippets and a whole search against
 * a real database. Each failure must give an error (never a crash, a wrong
 * answer passed off as right, or, under the sanitizers, a leak), and the
 * run with no failure must give the full answer.
 * usage: query_oom WORKDIR
 */
#include "check.h"

#include "fail_alloc.h"
#include "newssearch/query.h"
#include "newssearch/search.h"
#include "newssearch/snippet.h"
#include "store_fixture.h"

#include <stdlib.h>
#include <unistd.h>

static const char *const queries[] = {"카카오톡",
                                      "톡",
                                      "고용노동부 -장애",
                                      "\"카카오톡과 포털\"",
                                      "a OR b 속보",
                                      "title:장애 pc",
                                      "서울과 부산 구간 요금은?"};

/* Parses and builds every expression; returns 0 on success, -1 on a
 * reported failure. */
static int parse_and_build(const char *q) {
  ns_query parsed;
  ns_error err = {0};
  if (ns_query_parse(q, strlen(q), &parsed, &err) != 0) {
    /* Out of memory is said as such, never as a bad query (a 400). */
    CHECK(err.kind == NS_ERR_NOMEM, "%s: kind %d for: %s", q, (int)err.kind,
          err.message);
    return -1;
  }
  int rc = 0;
  for (int level = 0; level < 3; level++) {
    char *e = ns_query_match_expr(&parsed, (ns_match_level)level);
    if (e == NULL) rc = -1;
    free(e);
  }
  ns_query_clear(&parsed);
  return rc;
}

static int snippet(void) {
  static const char text[] = "PC버전 카카오톡과 포털 서비스가 한때 멈췄다. "
                             "고용 노동부 정보시스템도 장애로 멈췄다.";
  ns_mark_term terms[] = {{"카카오톡", strlen("카카오톡"), 0, 0},
                          {"고용노동부", strlen("고용노동부"), 0, 0},
                          {"톡", strlen("톡"), 0, 0}};
  ns_snippet_style style = {30, "<mark>", "</mark>", 1};
  char *s = ns_snippet_build(text, strlen(text), terms, 3, &style);
  int rc = s ? 0 : -1;
  free(s);
  return rc;
}

static int search(ns_store *store, const char *q) {
  ns_search_params p = {0};
  p.query = q;
  p.query_len = strlen(q);
  p.limit = 5;
  p.mark_open = "<mark>";
  p.mark_close = "</mark>";
  p.escape_html = 1;
  ns_search_result r;
  ns_error err = {0};
  if (ns_search(store, &p, &r, &err) != 0) {
    CHECK(err.kind == NS_ERR_NOMEM, "%s: kind %d for: %s", q, (int)err.kind,
          err.message);
    return -1;
  }
  char *json = ns_search_result_json(&p, &r);
  int rc = json ? 0 : -1;
  free(json);
  ns_search_result_clear(&r);
  return rc;
}

/* Runs step with the k-th allocation failing, k = 0, 1, ... until a run
 * sees no failure; that run must succeed. Returns the number of runs. */
static int every_allocation(const char *what, int (*step)(void *), void *ctx) {
  for (long k = 0;; k++) {
    ns_fail_alloc_after(k);
    int rc = step(ctx);
    ns_fail_alloc_after(-1);
    if (!ns_fail_alloc_hit()) {
      CHECK(rc == 0, "%s: failed with no allocation failing", what);
      return (int)k + 1;
    }
    if (k > 100000) {
      CHECK(0, "%s: does not end", what);
      return (int)k;
    }
  }
}

static int step_parse(void *q) { return parse_and_build(q); }
static int step_snippet(void *unused) {
  (void)unused;
  return snippet();
}

typedef struct search_ctx {
  ns_store *store;
  const char *q;
} search_ctx;
static int step_search(void *p) {
  search_ctx *c = p;
  return search(c->store, c->q);
}

static ns_store *make_store(const char *path) {
  static const char *const bodies[] = {
      "PC버전 카카오톡과 포털 서비스가 한때 멈췄다.",
      "고용 노동부 정보시스템이 새로 바뀐다.",
      "서울과 부산을 잇는 양자암호통신 회선 요금이 정해졌다.",
      "데이터베이스 오류로 장애가 났다. 속보로 전해졌다."};
  return ns_fixture_store(path, bodies, 4);
}

int main(int argc, char **argv) {
  char path[4096];
  snprintf(path, sizeof path, "%s/query_oom.db", argc > 1 ? argv[1] : ".");
  int runs = 0;
  for (size_t i = 0; i < sizeof queries / sizeof *queries; i++)
    runs += every_allocation(queries[i], step_parse, (void *)queries[i]);
  runs += every_allocation("snippet", step_snippet, NULL);
  ns_store *store = make_store(path);
  CHECK(store != NULL, "cannot make the test database");
  for (size_t i = 0; store && i < sizeof queries / sizeof *queries; i++) {
    search_ctx c = {store, queries[i]};
    runs += every_allocation(queries[i], step_search, &c);
  }
  ns_store_close(store);
  unlink(path);
  printf("query_oom: %d runs with one allocation failing\n", runs);
  return ns_check_done("query_oom");
}
