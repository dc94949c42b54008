/*
 * cmd_query.c: `newssearch query`: numbered results for people, one JSON
 * object with --json, or one JSON object per input line with --batch (one
 * database connection for all of them).
 */
#include "cli.h"
#include "options.h"

#include "newssearch/search.h"
#include "newssearch/synonyms.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct query_args {
  const char *db;
  const char *synonyms_file;
  int json, batch;
  ns_search_params p;
  char *text; /* the query words joined by spaces */
} query_args;

static int int_option(const char *name, const char *v, int lo, int hi,
                      int *out) {
  long n;
  if (ns_int_option("query", name, v, lo, hi, &n) != 0) return -1;
  *out = (int)n;
  return 0;
}

/* Handles one --name VALUE option; 1 taken, 0 not this kind, -1 bad. */
static int value_option(int argc, char **argv, int *i, query_args *a) {
  const char *v = NULL;
  int r;
  if ((r = ns_option_value(argc, argv, i, "db", &a->db)) != 0) return r;
  if ((r = ns_option_value(argc, argv, i, "synonyms", &a->synonyms_file)) != 0)
    return r;
  if ((r = ns_option_value(argc, argv, i, "since", &a->p.since)) != 0) return r;
  if ((r = ns_option_value(argc, argv, i, "until", &a->p.until)) != 0) return r;
  if ((r = ns_option_value(argc, argv, i, "category", &a->p.category)) != 0)
    return r;
  if ((r = ns_option_value(argc, argv, i, "limit", &v)) != 0)
    return r < 0 ? -1 : int_option("limit", v, 1, 100, &a->p.limit) ? -1 : 1;
  if ((r = ns_option_value(argc, argv, i, "offset", &v)) != 0)
    return r < 0                                             ? -1
           : int_option("offset", v, 0, 10000, &a->p.offset) ? -1
                                                             : 1;
  if ((r = ns_option_value(argc, argv, i, "budget", &v)) != 0) {
    int ms = 0;
    if (r < 0 || int_option("budget", v, 0, 3600000, &ms) != 0) return -1;
    a->p.budget_ms = ms;
    return 1;
  }
  if ((r = ns_option_value(argc, argv, i, "sort", &v)) != 0) {
    if (r < 0) return -1;
    if (ns_sort_parse(v, &a->p.sort) != 0) {
      fprintf(stderr,
              "newssearch query: --sort is relevance, date, recent or "
              "oldest, not '%s'\n",
              v);
      return -1;
    }
    return 1;
  }
  if ((r = ns_option_value(argc, argv, i, "half-life", &v)) != 0) {
    if (r < 0) return -1;
    if (ns_half_life_parse(v, &a->p.half_life_days) != 0) {
      fprintf(stderr,
              "newssearch query: --half-life is a number of days from 0.01 "
              "to 36500, not '%s'\n",
              v);
      return -1;
    }
    return 1;
  }
  return 0;
}

static int parse_args(int argc, char **argv, query_args *a) {
  size_t cap = 1;
  for (int i = 1; i < argc; i++)
    cap += strlen(argv[i]) + 1;
  a->text = calloc(cap, 1);
  if (a->text == NULL) return -1;
  int words = 0;
  for (int i = 1; i < argc; i++) {
    int r = value_option(argc, argv, &i, a);
    if (r < 0) return -1;
    if (r > 0) continue;
    if (!strcmp(argv[i], "--json"))
      a->json = 1;
    else if (!strcmp(argv[i], "--batch"))
      a->batch = 1;
    else if (!strcmp(argv[i], "--no-correct"))
      a->p.correct = 0;
    else if (!strcmp(argv[i], "--no-synonyms"))
      a->p.as_typed = 1;
    else if (!strcmp(argv[i], "--no-collapse"))
      a->p.keep_copies = 1;
    else if (!strcmp(argv[i], "--")) {
      while (++i < argc) {
        if (words++) strcat(a->text, " ");
        strcat(a->text, argv[i]);
      }
    } else if (argv[i][0] == '-' && argv[i][1] == '-') {
      fprintf(stderr,
              "newssearch query: unknown option '%s' (a word that "
              "starts with -- goes after --)\n",
              argv[i]);
      return -1;
    } else {
      if (words++) strcat(a->text, " ");
      strcat(a->text, argv[i]); /* -word (exclude) is part of the query */
    }
  }
  if (!a->batch && words == 0) {
    fprintf(stderr, "usage: newssearch query [--db FILE] [--limit N] [--offset "
                    "N] [--sort relevance|date|recent|oldest] [--half-life "
                    "DAYS] [--since DATE] [--until DATE] [--category NAME] "
                    "[--budget MS] [--no-correct] [--no-collapse] "
                    "[--synonyms FILE] [--no-synonyms] [--json] [--batch] "
                    "QUERY...\n");
    return -1;
  }
  return 0;
}

static void print_human(const ns_search_result *r) {
  if (r->corrected_to)
    printf("%s (으)로 검색한 결과입니다 (%s; --no-correct searches %s)\n\n",
           r->corrected_to, r->corrected_reason, r->corrected_from);
  if (r->did_you_mean) printf("이것을 찾으셨나요? %s\n\n", r->did_you_mean);
  for (int i = 0; i < r->n_expanded; i++) {
    printf("%s: ", r->expanded[i].word);
    for (int k = 0; k < r->expanded[i].n_with; k++)
      printf("%s%s", k ? ", " : "", r->expanded[i].with[k]);
    printf(" 포함%s", i + 1 < r->n_expanded ? " · " : "\n\n");
  }
  for (int i = 0; i < r->n; i++) {
    const ns_hit *h = &r->hits[i];
    printf("%2d. [%.10s] %s%s%s\n", r->n > 0 ? i + 1 : 0,
           h->date ? h->date : "----------", h->category ? h->category : "",
           h->category ? " | " : "", h->title_highlighted);
    printf("    %s\n", h->snippet);
    if (h->url) printf("    %s\n", h->url);
    printf("    id: %s%s\n", h->id, h->partial ? " (일부 단어만 일치)" : "");
    if (h->similar > 0) {
      printf("    관련 기사 %ld건:", h->similar);
      for (int k = 0; k < h->n_similar_ids; k++)
        printf(" %s", h->similar_ids[k]);
      printf("%s\n", h->similar > h->n_similar_ids ? " ..." : "");
    }
    printf("\n");
  }
  printf("%s%ld hit%s", r->total_is_lower_bound ? "over " : "", r->total,
         r->total == 1 ? "" : "s");
  if (r->total_partial > 0)
    printf(" matching every word, %s%ld more in part",
           r->total_partial_is_lower_bound ? "over " : "", r->total_partial);
  printf("%s%s in %.1f ms\n",
         r->relaxed ? " (not every word matched: showing partial matches)" : "",
         r->partial ? " (the search stopped at its --budget: results are "
                      "partial)"
                    : "",
         r->took_ms);
}

/* Runs one query and prints it. Returns an exit status. */
static int one_query(ns_store *s, query_args *a, const char *text) {
  ns_search_result r;
  ns_error err = {0};
  a->p.query = text;
  a->p.query_len = strlen(text);
  if (ns_search_forgiving(s, &a->p, &r, &err) != 0) {
    int user_error = ns_error_is_users(&err);
    if (a->json || a->batch) {
      char *q = ns_search_error_json(text, err.message);
      if (q) puts(q);
      free(q);
    }
    if (!a->batch || !user_error)
      fprintf(stderr, "newssearch query: %s\n", err.message);
    return user_error ? NS_EXIT_USAGE : NS_EXIT_FATAL;
  }
  if (a->json || a->batch) {
    char *text_json = ns_search_result_json(&a->p, &r);
    if (text_json) puts(text_json);
    free(text_json);
  } else {
    print_human(&r);
  }
  ns_search_result_clear(&r);
  return NS_EXIT_OK;
}

/* One query per line of standard input; a bad query answers with its
 * error and the batch goes on. */
static int batch(ns_store *s, query_args *a) {
  char *line = NULL;
  size_t cap = 0;
  ssize_t n;
  int status = NS_EXIT_OK;
  while ((n = getline(&line, &cap, stdin)) > 0) {
    if (line[n - 1] == '\n') line[--n] = '\0';
    int rc = one_query(s, a, line);
    if (rc == NS_EXIT_FATAL) status = rc;
    fflush(stdout);
  }
  free(line);
  return status;
}

int ns_cmd_query(int argc, char **argv) {
  query_args a = {0};
  a.p.limit = 10;
  a.p.correct = 1;
  int tty = isatty(STDOUT_FILENO);
  if (parse_args(argc, argv, &a) != 0) {
    free(a.text);
    return NS_EXIT_USAGE;
  }
  if (a.json || a.batch) {
    a.p.mark_open = "<mark>";
    a.p.mark_close = "</mark>";
    a.p.escape_html = 1;
  } else {
    a.p.mark_open = tty ? "\033[1m" : "";
    a.p.mark_close = tty ? "\033[0m" : "";
  }
  ns_store *s = NULL;
  ns_error err = {0};
  ns_synonyms *syn = NULL;
  int status;
  if (a.synonyms_file &&
      ns_synonyms_load(a.synonyms_file, ns_synonyms_shipped(), &syn, &err) !=
          0) {
    fprintf(stderr, "newssearch query: %s\n", err.message);
    free(a.text);
    return ns_error_is_users(&err) ? NS_EXIT_USAGE : NS_EXIT_FATAL;
  }
  a.p.synonyms = syn;
  if (ns_store_open(ns_db_path(a.db), NS_STORE_READONLY, &s, &err) != 0) {
    fprintf(stderr, "newssearch query: %s\n", err.message);
    status = NS_EXIT_FATAL;
  } else {
    status = a.batch ? batch(s, &a) : one_query(s, &a, a.text);
  }
  ns_store_close(s);
  ns_synonyms_free(syn);
  free(a.text);
  return status;
}
