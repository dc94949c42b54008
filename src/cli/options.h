/*
 * options.h: command-line options several commands share.
 */
#ifndef NS_SRC_OPTIONS_H
#define NS_SRC_OPTIONS_H

#include <stddef.h>

/* The database path: --db FILE, else $NEWSSEARCH_DB, else ./newssearch.db.
 * The result points into argv, the environment or a literal. */
const char *ns_db_path(const char *from_option);

/* If argv[*i] is "--NAME VALUE" or "--NAME=VALUE" for the given name, stores
 * VALUE in *value, advances *i past it and returns 1; returns 0 when it is
 * another argument, -1 (with a message on stderr) when VALUE is missing. */
int ns_option_value(int argc, char **argv, int *i, const char *name,
                    const char **value);

/* Parses v as a whole number from lo to hi into *out. Returns 0, or -1
 * after saying on stderr "newssearch CMD: --NAME must be ...". */
int ns_int_option(const char *cmd, const char *name, const char *v, long lo,
                  long hi, long *out);

/* Parses a size such as 16777216, 16M, 512K, 1G. Returns 0, or -1. */
int ns_parse_size(const char *s, size_t *out);

#endif
