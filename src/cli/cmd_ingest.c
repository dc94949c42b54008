/*
 * cmd_ingest.c: `newssearch ingest` and `newssearch reindex`: the same
 * options and the same report, with reindex also deleting what vanished
 * (or, with --full, rebuilding the database and swapping it in).
 */
#include "cli.h"
#include "options.h"
#include "progress.h"

#include "newssearch/ingest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct ingest_args {
  const char *db;
  int json, full, quiet;
  ns_ingest_options opt;
  char **paths;
  int n_paths;
} ingest_args;

static int parse_args(int argc, char **argv, int is_reindex, ingest_args *a) {
  a->paths = calloc((size_t)argc, sizeof *a->paths);
  if (a->paths == NULL) return -1;
  for (int i = 1; i < argc; i++) {
    const char *v = NULL;
    int r;
    if ((r = ns_option_value(argc, argv, &i, "db", &a->db)) != 0) {
      if (r < 0) return -1;
    } else if ((r = ns_option_value(argc, argv, &i, "max-size", &v)) != 0) {
      if (r < 0 || ns_parse_size(v, &a->opt.max_file_bytes) != 0) {
        fprintf(stderr,
                "newssearch %s: --max-size takes a size such as 16M, "
                "not '%s'\n",
                argv[0], v ? v : "");
        return -1;
      }
    } else if (!strcmp(argv[i], "--json")) {
      a->json = 1;
    } else if (!strcmp(argv[i], "--quiet") || !strcmp(argv[i], "-q")) {
      a->quiet = 1;
    } else if (is_reindex && !strcmp(argv[i], "--full")) {
      a->full = 1;
    } else if (!strcmp(argv[i], "--")) {
      while (++i < argc)
        a->paths[a->n_paths++] = argv[i];
    } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
      fprintf(stderr, "newssearch %s: unknown option '%s'\n", argv[0], argv[i]);
      return -1;
    } else {
      a->paths[a->n_paths++] = argv[i];
    }
  }
  if (a->n_paths == 0) {
    fprintf(stderr,
            "usage: newssearch %s [--db FILE] [--json] [--max-size N]%s "
            "%s...\n",
            argv[0], is_reindex ? " [--full]" : "",
            is_reindex ? "ROOT" : "PATH");
    return -1;
  }
  return 0;
}

static void print_summary(const ingest_args *a, const ns_ingest_summary *s) {
  if (a->json) {
    char *text = ns_ingest_summary_json(s);
    if (text) puts(text);
    free(text);
    return;
  }
  for (int i = 0; i < s->n_failures; i++) {
    const ns_ingest_failure *f = &s->failures[i];
    if (f->line > 0)
      fprintf(stderr, "[ingest] %s:%d: %s\n", f->path, f->line, f->message);
    else
      fprintf(stderr, "[ingest] %s: %s\n", f->path, f->message);
  }
  fprintf(stderr,
          "%ld added, %ld updated, %ld unchanged, %ld deleted, %ld failed in "
          "%.2f s\n",
          s->added, s->updated, s->unchanged, s->deleted, s->failed,
          s->seconds);
}

static int run(ingest_args *a, int is_reindex, ns_ingest_summary *sum,
               ns_error *err) {
  const char *db = ns_db_path(a->db);
  if (a->full)
    return ns_reindex_full(db, a->paths, a->n_paths, &a->opt, sum, err);
  ns_store *s = NULL;
  if (!a->quiet && ns_store_full_reindex_running(db))
    fprintf(stderr,
            "newssearch %s: %s: a 'reindex --full' is rebuilding "
            "this database; waiting for it to finish, then writing\n",
            is_reindex ? "reindex" : "ingest", db);
  if (ns_store_open(db, NS_STORE_WRITE, &s, err) != 0) return -1;
  a->opt.delete_missing = is_reindex;
  int rc = ns_ingest(s, a->paths, a->n_paths, &a->opt, sum, err);
  if (rc == 0 && is_reindex) rc = ns_store_mark_reindexed(s, err);
  ns_store_close(s);
  return rc;
}

static int ingest_or_reindex(int argc, char **argv, int is_reindex) {
  ingest_args a = {0};
  if (parse_args(argc, argv, is_reindex, &a) != 0) {
    free(a.paths);
    return NS_EXIT_USAGE;
  }
  ns_progress progress = {isatty(STDERR_FILENO), a.quiet, 0};
  a.opt.progress = ns_progress_report;
  a.opt.progress_ctx = &progress;
  ns_ingest_summary sum = {0};
  ns_error err = {0};
  int rc = run(&a, is_reindex, &sum, &err);
  ns_progress_finish(&progress);
  print_summary(&a, &sum);
  if (rc != 0) fprintf(stderr, "newssearch %s: %s\n", argv[0], err.message);
  int status = rc != 0          ? NS_EXIT_FATAL
               : sum.failed > 0 ? NS_EXIT_PARTIAL
                                : NS_EXIT_OK;
  ns_ingest_summary_clear(&sum);
  free(a.paths);
  return status;
}

int ns_cmd_ingest(int argc, char **argv) {
  return ingest_or_reindex(argc, argv, 0);
}

int ns_cmd_reindex(int argc, char **argv) {
  return ingest_or_reindex(argc, argv, 1);
}
