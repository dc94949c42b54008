/*
 * ingest_int.h: what the ingest_*.c files share. Private to index/.
 */
#ifndef NS_INDEX_INGEST_INT_H
#define NS_INDEX_INGEST_INT_H

#include "newssearch/ingest.h"

/* One file to ingest. */
typedef struct ns_input_file {
  char *path;     /* absolute, as stored in sources; "-" for standard input */
  char *root;     /* absolute root it was found under */
  char *key;      /* path relative to root: the article key */
  long long size; /* bytes, from stat */
} ns_input_file;

typedef struct ns_input_list {
  ns_input_file *files;
  size_t n, cap;
  char **roots; /* the distinct roots, for the reindex sweep */
  size_t n_roots;
} ns_input_list;

/* Expands paths (files, directories, "-") into the files to read, sorted by
 * path within each argument. A path that does not exist is recorded as a
 * failure in sum. Returns 0, or -1 with *err when out of memory. */
int ns_inputs_collect(char *const *paths, int n_paths, ns_input_list *out,
                      ns_ingest_summary *sum, ns_error *err);

void ns_inputs_free(ns_input_list *l);

/* Records a failed input in sum (counted in sum->failed). Returns 0, or -1
 * when out of memory. */
int ns_summary_fail(ns_ingest_summary *sum, const char *path, int line,
                    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#endif
