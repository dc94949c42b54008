/*
 * main.c: the newssearch program. Checks that SQLite has FTS5, then hands
 * the command line to one subcommand.
 */
#include "cli.h"

#include "newssearch/store.h"
#include "newssearch/tokenizer.h"

#include <signal.h>
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
    "                                     directories and - (JSON Lines on "
    "stdin)\n"
    "  reindex [--db FILE] [--json] [--full] [--max-size N] ROOT...\n"
    "                                     bring the index in line with the "
    "trees\n"
    "  stats [--db FILE] [--json]         what the database holds\n"
    "  query [--db FILE] [--limit N] [--offset N]\n"
    "        [--sort relevance|date|recent|oldest] [--half-life DAYS]\n"
    "        [--since DATE] [--until DATE] [--category NAME] [--budget MS]\n"
    "        [--no-correct] [--no-collapse] [--synonyms FILE] [--no-synonyms]\n"
    "        [--json] [--batch] QUERY...  search (see: newssearch help query)\n"
    "  suggest [--db FILE] [--limit N] [--json] TEXT\n"
    "                                     complete the last word of TEXT\n"
    "                                     (up to 20, default 8)\n"
    "  serve [--db FILE] [--bind ADDR] [--port N] [--threads N] [--cache MB]\n"
    "        [--budget MS] [--per-address N] [--synonyms FILE]\n"
    "                                     the search page and HTTP API\n"
    "                                     (default http://127.0.0.1:8080/;\n"
    "                                     answer cache 64 MB, 0 for none;\n"
    "                                     search budget 300 ms, 0 for none;\n"
    "                                     256 connections per address)\n"
    "  tokenize [--query] [--json] TEXT   show the tokens of TEXT (- reads "
    "stdin)\n"
    "  version                            print the version\n"
    "  help                               this text\n"
    "\n"
    "\n"
    "database: --db FILE, else $NEWSSEARCH_DB, else ./newssearch.db\n"
    "exit status: 0 done, 1 fatal error, 2 bad command line, 3 some inputs "
    "failed\n";

static const char query_help[] =
    "The query language of newssearch query (and of the search box)\n"
    "\n"
    "  장애 복구          both words (AND); a word matches inside longer "
    "words,\n"
    "                     so 카카오톡 finds 카카오톡과 and 카카오톡에서\n"
    "  \"카카오톡과 포털\"  the exact phrase, spaces included\n"
    "  금리 -동결         금리 but not 동결\n"
    "  환율 OR 금리       either word\n"
    "  title:반도체       반도체 in the title only (also title:\"a phrase\")\n"
    "  톡                 a one-syllable word matches at the start of any\n"
    "                     two-syllable piece, so 톡 finds 카카오톡\n"
    "  고용노동부         also finds 고용 노동부 (one space, at least two\n"
    "                     syllables each side; ranked below exact spellings)\n"
    "  PC 5g              Latin words and numbers match whole, in any case;\n"
    "                     the last one also as a prefix (kakao finds "
    "kakaotalk)\n"
    "  미국 / 美          Hanja and their Hangul reading find each other\n"
    "                     (북미 finds 北美, 탈원전 finds 脫원전, 美 finds "
    "미국)\n"
    "  카톡               synonyms apply both ways (카톡 finds 카카오톡);\n"
    "                     --synonyms FILE adds groups of your own (one group\n"
    "                     per line, words separated by commas, # comments);\n"
    "                     the spelling typed ranks above its equivalents\n"
    "  --no-synonyms      search exactly what was typed: no synonyms, no\n"
    "                     Hanja equivalents or readings (HTTP: synonyms=0)\n"
    "\n"
    "Everything else is text: quotes, *, ^, :, (, NEAR, AND, unbalanced "
    "anything.\n"
    "When every word together finds less than a page, the page is filled with\n"
    "articles that match part of the query (a whole word of it, or half its\n"
    "bigrams), ranked by how well they match all of it (\"relaxed\": true,\n"
    "and \"partial\": true on each such hit, in JSON), so a whole question\n"
    "finds its article; its question words (무엇, 언제, 몇...) count for "
    "nothing:\n"
    "  서울과 부산 구간 양자암호통신 월 요금은?\n"
    "\n"
    "Each story is shown once, its best-ranked copy, with the other copies\n"
    "that match (\"similar\", \"similar_ids\"); --no-collapse lists them all.\n"
    "--sort recent ranks by relevance halved every --half-life days of age\n"
    "(default 7); --sort date and oldest by date, undated last.\n"
    "\n"
    "Queries keep their first 32 words and the first 32 pieces of each word.\n"
    "With a --budget (serve's default: 300 ms), one-syllable words whose\n"
    "expansion would not fit it match as whole words only, and a search that\n"
    "reaches it stops with what it found: \"partial_results\": true in JSON.\n"
    "A query found in more than 10,000 articles is ranked over its 2,000 most\n"
    "recently added matches (sorted by relevance, without filters).\n";

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
    fputs(argc > 2 && !strcmp(argv[2], "query") ? query_help : usage, stdout);
    return NS_EXIT_OK;
  }
  if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) {
    printf("newssearch %s (SQLite %s)\n", NS_VERSION, sqlite3_libversion());
    return NS_EXIT_OK;
  }
  ns_sqlite_setup();
  /* Over a file-size limit (ulimit -f, systemd's LimitFSIZE) a write must
   * fail, so that the command reports it and exits 1, rather than the
   * signal killing the process without a word. */
  signal(SIGXFSZ, SIG_IGN);
  if (!check_sqlite_has_fts5()) return NS_EXIT_FATAL;
  static const struct {
    const char *name;
    int (*run)(int, char **);
  } commands[] = {{"tokenize", ns_cmd_tokenize}, {"ingest", ns_cmd_ingest},
                  {"reindex", ns_cmd_reindex},   {"stats", ns_cmd_stats},
                  {"query", ns_cmd_query},       {"serve", ns_cmd_serve},
                  {"suggest", ns_cmd_suggest}};
  for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
    if (!strcmp(cmd, commands[i].name))
      return commands[i].run(argc - 1, argv + 1);
  fprintf(stderr, "newssearch: unknown command '%s' (see: newssearch help)\n",
          cmd);
  return NS_EXIT_USAGE;
}
