/*
 * print_match.c: the FTS5 MATCH expressions newssearch builds for one query
 * (standard input, one query), one line per level, for the golden tests of
 * the query language (run_match_golden.sh). The spacing level is printed
 * only when it differs from the strict one, as the search runs it.
 * usage: print_match < QUERY
 */
#include "newssearch/query.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int print_level(const ns_query *q, const char *name,
                       ns_match_level level) {
  char *e = ns_query_match_expr(q, level);
  if (e == NULL) return -1;
  printf("%s: %s\n", name, e);
  free(e);
  return 0;
}

int main(void) {
  static char text[65536];
  size_t len = fread(text, 1, sizeof text - 1, stdin);
  /* A query is one line: the file's last newline is not part of it. */
  if (len > 0 && text[len - 1] == '\n') len--;
  ns_query q = {0};
  ns_error err = {0};
  if (ns_query_parse(text, len, &q, &err) != 0) {
    printf("error (%s): %s\n", err.kind == NS_ERR_QUERY ? "query" : "other",
           err.message);
    return 0;
  }
  int rc = print_level(&q, "strict", NS_MATCH_STRICT);
  if (rc == 0 && ns_query_has_spacing_variants(&q))
    rc = print_level(&q, "spaced", NS_MATCH_SPACED);
  if (rc == 0) rc = print_level(&q, "relaxed", NS_MATCH_RELAXED);
  if (rc == 0) rc = print_level(&q, "whole tokens", NS_MATCH_WHOLE_TOKENS);
  ns_query_clear(&q);
  return rc == 0 ? 0 : 1;
}
