/*
 * ingest.h: loading article files and JSON Lines into the store, and the
 * batch reindex that keeps the store in step with a tree of files.
 */
#ifndef NEWSSEARCH_INGEST_H
#define NEWSSEARCH_INGEST_H

#include "newssearch/error.h"
#include "newssearch/store.h"

#include <stddef.h>

/* Default limit on one input file. */
#define NS_DEFAULT_MAX_FILE_BYTES (16u << 20)

/* One input that failed: path ("-" for standard input), 1-based line (0 when
 * none applies) and the reason. Strings owned by the summary. */
typedef struct ns_ingest_failure {
  char *path;
  int line;
  char *message;
} ns_ingest_failure;

/* Counts of one ingest or reindex, filled as it goes. */
typedef struct ns_ingest_summary {
  long added, updated, unchanged, deleted, failed;
  long files_done, files_total;
  long long bytes_done, bytes_total;
  double seconds;
  ns_ingest_failure *failures;
  int n_failures, cap_failures;
} ns_ingest_summary;

/* Called after every file with the counts so far. */
typedef void (*ns_progress_fn)(void *ctx, const ns_ingest_summary *so_far);

typedef struct ns_ingest_options {
  size_t max_file_bytes; /* 0: NS_DEFAULT_MAX_FILE_BYTES */
  int delete_missing;    /* reindex: delete articles whose files are gone */
  int batch_articles;    /* articles per transaction at most; 0: 2000 */
  double batch_seconds;  /* seconds per transaction at most; 0: 1 */
  ns_progress_fn progress;
  void *progress_ctx;
} ns_ingest_options;

/* Adds or updates the articles of paths (files, directories walked
 * recursively, or "-" for JSON Lines on standard input). Bad inputs are
 * recorded in *sum and skipped. Returns 0 when the batch ran to the end
 * (sum->failed tells whether some inputs failed), or -1 with *err on a fatal
 * error (the database cannot be written); batches committed before it stay.
 * *sum starts zeroed; free it with ns_ingest_summary_clear(). */
int ns_ingest(ns_store *s, char *const *paths, int n_paths,
              const ns_ingest_options *opt, ns_ingest_summary *sum,
              ns_error *err);

/* Loads paths into s, a new store opened NS_STORE_BULK, as `reindex --full`
 * builds its database: transactions of NS_BULK_BATCH_ARTICLES articles or
 * NS_BULK_BATCH_SECONDS (unless opt sets them), then ns_store_finish_bulk().
 * Returns as ns_ingest(). */
#define NS_BULK_BATCH_ARTICLES 20000
#define NS_BULK_BATCH_SECONDS 10.0
int ns_bulk_load(ns_store *s, char *const *paths, int n_paths,
                 const ns_ingest_options *opt, ns_ingest_summary *sum,
                 ns_error *err);

/* Rebuilds the database at db_path from roots: builds a new database next to
 * it, checks its integrity, then swaps it in as one transaction, so readers
 * never see an error or a half-built index and a crash leaves the old
 * database as it was. Returns as ns_ingest(). */
int ns_reindex_full(const char *db_path, char *const *roots, int n_roots,
                    const ns_ingest_options *opt, ns_ingest_summary *sum,
                    ns_error *err);

/* The summary as one JSON object text (malloc'd, caller frees): added,
 * updated, unchanged, deleted, failed, seconds, errors: [{path,line,message}].
 * NULL when out of memory. */
char *ns_ingest_summary_json(const ns_ingest_summary *sum);

/* Frees what sum holds and zeroes it. */
void ns_ingest_summary_clear(ns_ingest_summary *sum);

#endif
