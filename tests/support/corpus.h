/*
 * corpus.h: reads the JSON Lines article files of ../shared/corpus for tests
 * and benchmarks. Not part of newssearch itself.
 */
#ifndef NS_TESTS_SUPPORT_CORPUS_H
#define NS_TESTS_SUPPORT_CORPUS_H

#include <stddef.h>

typedef struct ns_corpus_doc {
  char *id, *title, *body;
} ns_corpus_doc;

typedef struct ns_corpus {
  ns_corpus_doc *docs;
  size_t n, cap;
  size_t body_bytes; /* sum of the bodies' lengths */
} ns_corpus;

/* Appends every record of the JSON Lines file at path to c (which starts
 * zeroed). Returns 0, or -1 with a message on stderr naming the file (and
 * line) when it cannot be read, so that a test needing ../shared fails
 * loudly. The strings belong to c; free them with ns_corpus_free(). */
int ns_corpus_load(ns_corpus *c, const char *path);

/* Loads every news_*.jsonl under dir. Returns the number of files loaded, or
 * -1 with a message on stderr. */
int ns_corpus_load_news(ns_corpus *c, const char *dir);

/* Frees what c holds; c can be reused after. */
void ns_corpus_free(ns_corpus *c);

/* The whole file at path in a malloc'd buffer, NUL-terminated, its length
 * in *len; NULL when it cannot be read. */
char *ns_read_file(const char *path, size_t *len);

/* Directory of the shared corpus given on the command line, or a message
 * on stderr and NULL when it is missing: tests need ../shared beside the
 * project and must fail when it is not there. */
const char *ns_corpus_dir_or_fail(int argc, char **argv, const char *test);

#endif
