/*
 * main.c: the newssearch program. Checks that SQLite has FTS5, then hands
 * the command line to one subcommand.
 */
#include "cli.h"

#include "newssearch/tokenizer.h"

#include <stdio.h>
#include <string.h>

#ifndef NS_VERSION
#define NS_VERSION "0.1.0"
#endif

static const char usage[] =
    "newssearch: full-text search for Korean news\n"
    "\n"
    "usage: newssearch COMMAND [OPTIONS] [ARGS]\n"
    "\n"
    "commands:\n"
    "  ingest [--db FILE] [--json] [--max-size N] PATH...\n"
    "                                     add or update articles from files,\n"
    "                                     directories and - (JSON Lines on stdin)\n"
    "  reindex [--db FILE] [--json] [--full] [--max-size N] ROOT...\n"
    "                                     bring the index in line with the trees\n"
    "  stats [--db FILE] [--json]         what the database holds\n"
    "  tokenize [--query] [--json] TEXT   show the tokens of TEXT (- reads stdin)\n"
    "  version                            print the version\n"
    "  help                               this text\n"
    "\n"
    "\n"
    "database: --db FILE, else $NEWSSEARCH_DB, else ./newssearch.db\n"
    "exit status: 0 done, 1 fatal error, 2 bad command line, 3 some inputs "
    "failed\n";

/* Fails plainly, before any command runs, when the SQLite this program was
 * loaded with cannot host the tokenizer. */
static int check_sqlite_has_fts5(void) {
  sqlite3 *db = NULL;
  char *err = NULL;
  int rc = sqlite3_open(":memory:", &db);
  if (rc == SQLITE_OK) rc = ns_fts5_register(db, &err);
  if (rc != SQLITE_OK)
    fprintf(stderr, "newssearch: %s\n",
            err ? err : "cannot open an in-memory SQLite database");
  sqlite3_free(err);
  sqlite3_close(db);
  return rc == SQLITE_OK;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fputs(usage, stderr);
    return NS_EXIT_USAGE;
  }
  const char *cmd = argv[1];
  if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
    fputs(usage, stdout);
    return NS_EXIT_OK;
  }
  if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) {
    printf("newssearch %s (SQLite %s)\n", NS_VERSION, sqlite3_libversion());
    return NS_EXIT_OK;
  }
  if (!check_sqlite_has_fts5()) return NS_EXIT_FATAL;
  static const struct {
    const char *name;
    int (*run)(int, char **);
  } commands[] = {{"tokenize", ns_cmd_tokenize},
                  {"ingest", ns_cmd_ingest},
                  {"reindex", ns_cmd_reindex},
                  {"stats", ns_cmd_stats}};
  for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
    if (!strcmp(cmd, commands[i].name)) return commands[i].run(argc - 1, argv + 1);
  fprintf(stderr, "newssearch: unknown command '%s' (see: newssearch help)\n",
          cmd);
  return NS_EXIT_USAGE;
}
