/*
 * cmd_stats.c: `newssearch stats [--db FILE] [--json]`.
 */
#include "cli.h"
#include "options.h"

#include "newssearch/store.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void print_human(const char *db, const char *text) {
  json_t *o = json_loads(text, 0, NULL);
  if (o == NULL) return;
  const char *first = json_string_value(json_object_get(o, "first_date"));
  const char *last = json_string_value(json_object_get(o, "last_date"));
  const char *re = json_string_value(json_object_get(o, "last_reindex"));
  printf("database:      %s\n", db);
  printf("articles:      %lld\n",
         (long long)json_integer_value(json_object_get(o, "articles")));
  printf("size on disk:  %.1f MB\n",
         (double)json_integer_value(json_object_get(o, "bytes")) / 1e6);
  printf("dates:         %s .. %s\n", first ? first : "-", last ? last : "-");
  printf("last reindex:  %s\n", re ? re : "never");
  printf("categories:\n");
  const char *name;
  json_t *count;
  json_object_foreach(json_object_get(o, "categories"), name, count)
      printf("  %-12s %lld\n", name, (long long)json_integer_value(count));
  json_decref(o);
}

int ns_cmd_stats(int argc, char **argv) {
  const char *db_opt = NULL;
  int as_json = 0;
  for (int i = 1; i < argc; i++) {
    int r = ns_option_value(argc, argv, &i, "db", &db_opt);
    if (r < 0) return NS_EXIT_USAGE;
    if (r > 0) continue;
    if (!strcmp(argv[i], "--json")) {
      as_json = 1;
    } else {
      fprintf(stderr, "usage: newssearch stats [--db FILE] [--json]\n");
      return NS_EXIT_USAGE;
    }
  }
  const char *db = ns_db_path(db_opt);
  ns_store *s = NULL;
  ns_error err = {0};
  if (ns_store_open(db, NS_STORE_READONLY, &s, &err) != 0) {
    fprintf(stderr, "newssearch stats: %s\n", err.message);
    return NS_EXIT_FATAL;
  }
  char *text = ns_store_stats_json(s, &err);
  ns_store_close(s);
  if (text == NULL) {
    fprintf(stderr, "newssearch stats: %s\n", err.message);
    return NS_EXIT_FATAL;
  }
  if (as_json)
    puts(text);
  else
    print_human(db, text);
  free(text);
  return NS_EXIT_OK;
}
