/*
 * cli.h: what the subcommands of the newssearch program share: exit codes
 * and the entry point of each command.
 */
#ifndef NS_SRC_CLI_H
#define NS_SRC_CLI_H

/* Exit statuses, as documented in the README. */
#define NS_EXIT_OK 0      /* everything done */
#define NS_EXIT_FATAL 1   /* nothing or not everything could be done */
#define NS_EXIT_USAGE 2   /* the command line is wrong */
#define NS_EXIT_PARTIAL 3 /* some inputs failed, the rest were done */

/* Each command takes its own arguments (argv[0] is the command name) and
 * returns an exit status. */
int ns_cmd_tokenize(int argc, char **argv);
int ns_cmd_ingest(int argc, char **argv);
int ns_cmd_reindex(int argc, char **argv);
int ns_cmd_stats(int argc, char **argv);
int ns_cmd_query(int argc, char **argv);
int ns_cmd_serve(int argc, char **argv);
int ns_cmd_suggest(int argc, char **argv);

#endif
