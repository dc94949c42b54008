/*
 * ingest_int.h: what the ingest_*.c files share. Private to index/.
 */
#ifndef NS_INDEX_INGEST_INT_H
#define NS_INDEX_INGEST_INT_H

#include "newssearch/ingest.h"
#include "newssearch/parse.h"

#include <stdio.h>
#include <sys/types.h>

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
  char **kept; /* folders and entries that could not be read (reported) */
  size_t n_kept;
} ns_input_list;

/* Expands paths (files, directories, "-") into the files to read, sorted by
 * path within each argument (see ingest_walk.c for symbolic links). A path
 * that does not exist, a folder or entry that cannot be read and a special
 * file are recorded as failures in sum (and the last two in out->kept).
 * Returns 0, or -1 with *err when out of memory. */
int ns_inputs_collect(char *const *paths, int n_paths, ns_input_list *out,
                      ns_ingest_summary *sum, ns_error *err);

void ns_inputs_free(ns_input_list *l);

/* Records a failed input in sum (counted in sum->failed). Returns 0, or -1
 * when out of memory. Paths and messages are stored with bytes that are not
 * UTF-8 escaped (ns_utf8_escape), so that JSON carries them. */
int ns_summary_fail(ns_ingest_summary *sum, const char *path, int line,
                    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Records a message about path in sum without counting a failure (a
 * symbolic link not followed). Returns 0, or -1 when out of memory. */
int ns_summary_note(ns_ingest_summary *sum, const char *path, int line,
                    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Records a message about an input, counting the input as failed only when
 * counted is set: an input that already failed gets more messages, not more
 * failures. Returns 0, or -1 when out of memory. */
int ns_summary_add(ns_ingest_summary *sum, int counted, const char *path,
                   int line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* One ingest or reindex in progress. */
typedef struct ns_ingest_run {
  ns_store *store;
  const ns_ingest_options *opt;
  ns_ingest_summary *sum;
  ns_error *err;
  int batch_left; /* articles until the next commit */
  double t0, last_commit;
  /* Changes in the open transaction: counted in sum once committed, so a
   * summary after a fatal error says what the database holds. */
  long pend_added, pend_updated, pend_deleted;
  /* A key claimed by another source is first put off: the file is read
   * again after the others, when the holder may have given the key up (an
   * id moved between files). On that last reading it is reported. */
  int claims_put_off; /* in the file being read */
  int last_reading;   /* claims are reported; unchanged ones not counted */
} ns_ingest_run;

/* XXH3-64 of data as 16 hex digits. */
void ns_hash_hex(const void *data, size_t len, char out[17]);

/* bytes for people ("840 KB", "20.5 MB") in buf; returns buf. */
const char *ns_human_size(double bytes, char buf[32]);

/* Sets "out of memory" in r->err and returns -1. */
int ns_ingest_oom(ns_ingest_run *r);

/* Commits the batch when it is full or a second old (force: now, and no
 * new batch begins), so that a killed run loses at most one batch and
 * readers see progress; the batch's changes count in the summary from the
 * commit on. Returns 0, or -1 fatal. */
int ns_ingest_commit(ns_ingest_run *r, int force);

/* One article file (its text data, in format fmt, with this hash): the
 * number of articles stored, or -1 fatal. */
int ns_ingest_article(ns_ingest_run *r, const ns_input_file *f, ns_format fmt,
                      const char *data, size_t len, const char *hash);

/* Records input f as failed (what, with errno e when not 0), its articles
 * kept. Returns 0, or -1 fatal. */
int ns_input_failed(ns_ingest_run *r, const ns_input_file *f, const char *what,
                    int e);

/* When source f is recorded with this hash, counts its articles unchanged
 * and returns 1; returns 0 when it must be read, -1 on a fatal error. */
int ns_ingest_if_unchanged(ns_ingest_run *r, const ns_input_file *f,
                           const char *hash);

/* One JSON line (line number lineno of f): 1 stored (repaired or not), 0
 * failed (recorded), -1 fatal. */
int ns_ingest_json_line(ns_ingest_run *r, const ns_input_file *f,
                        const char *line, size_t len, int lineno);

/* Records source f as read (see ns_store_file_end), clean when no failure
 * was recorded since failed_before and no claim was put off; a source that
 * is not clean keeps its articles (ns_store_keep). Returns 0, or -1 fatal. */
int ns_ingest_file_end(ns_ingest_run *r, const ns_input_file *f,
                       const char *hash, long stored, long failed_before);

/* True when f is read as JSON Lines: standard input, .jsonl, .ndjson. */
int ns_is_jsonl_input(const ns_input_file *f);

/* Streams a JSON Lines file or standard input. Returns 0, or -1 fatal. */
int ns_ingest_jsonl_file(ns_ingest_run *r, const ns_input_file *f);

/* Opens input f for reading without ever blocking on it: only regular files
 * (and standard input) are read; anything else (a FIFO, a device) is
 * recorded as failed. Returns 1 with *fp and, for a file, its size in
 * *size; 0 when the input failed (recorded, its articles kept); -1 fatal. */
int ns_input_open(ns_ingest_run *r, const ns_input_file *f, FILE **fp,
                  long long *size);

/* What a file that is not a regular one is, for a message: "a FIFO". */
const char *ns_file_kind(mode_t mode);

/* Records input f as failed but kept (see ns_store_keep). Returns 0, or -1
 * fatal. */
int ns_ingest_keep(ns_ingest_run *r, const ns_input_file *f);

#endif
