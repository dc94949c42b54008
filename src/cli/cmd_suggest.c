/*
 * cmd_suggest.c: `newssearch suggest [--db FILE] [--limit N] [--json] TEXT`,
 * the completions the search box offers for TEXT.
 */
#include "cli.h"
#include "options.h"

#include "newssearch/suggest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: newssearch suggest [--db FILE] [--limit N] [--json] TEXT\n";

int ns_cmd_suggest(int argc, char **argv) {
  const char *db_opt = NULL, *limit_v = NULL, *text = NULL;
  int as_json = 0;
  long limit = NS_SUGGEST_DEFAULT;
  for (int i = 1; i < argc; i++) {
    int r = ns_option_value(argc, argv, &i, "db", &db_opt);
    if (r == 0) r = ns_option_value(argc, argv, &i, "limit", &limit_v);
    if (r < 0) return NS_EXIT_USAGE;
    if (r > 0) continue;
    if (!strcmp(argv[i], "--json")) {
      as_json = 1;
    } else if (!strcmp(argv[i], "--") && i + 1 < argc && text == NULL) {
      text = argv[++i];
    } else if (argv[i][0] == '-' && argv[i][1] == '-') {
      fprintf(stderr, "newssearch suggest: unknown option '%s'\n%s", argv[i],
              usage);
      return NS_EXIT_USAGE;
    } else if (text == NULL) {
      text = argv[i];
    } else {
      fprintf(stderr, "newssearch suggest: one TEXT only (quote it)\n%s",
              usage);
      return NS_EXIT_USAGE;
    }
  }
  if (limit_v && ns_int_option("suggest", "limit", limit_v, 1, NS_SUGGEST_MAX,
                               &limit) != 0)
    return NS_EXIT_USAGE;
  if (text == NULL) {
    fputs(usage, stderr);
    return NS_EXIT_USAGE;
  }
  ns_store *s = NULL;
  ns_error err = {0};
  if (ns_store_open(ns_db_path(db_opt), NS_STORE_READONLY, &s, &err) != 0) {
    fprintf(stderr, "newssearch suggest: %s\n", err.message);
    return NS_EXIT_FATAL;
  }
  ns_suggest_result r;
  int rc = ns_suggest(s, text, strlen(text), (int)limit, &r, &err);
  ns_store_close(s);
  if (rc != 0) {
    fprintf(stderr, "newssearch suggest: %s\n", err.message);
    return ns_error_is_users(&err) ? NS_EXIT_USAGE : NS_EXIT_FATAL;
  }
  if (as_json) {
    char *json = ns_suggest_json(text, strlen(text), &r);
    if (json == NULL) {
      ns_suggest_result_clear(&r);
      fprintf(stderr, "newssearch suggest: out of memory\n");
      return NS_EXIT_FATAL;
    }
    puts(json);
    free(json);
  } else {
    for (int i = 0; i < r.n; i++)
      printf("%s\t%ld\n", r.items[i].text, r.items[i].count);
  }
  ns_suggest_result_clear(&r);
  return NS_EXIT_OK;
}
