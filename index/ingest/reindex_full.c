/*
 * reindex_full.c: `reindex --full`. Builds a new database next to the live
 * one, checks it, and only then swaps it in.
 *
 * The new file is copied over the live one by the store (store_swap.c says
 * why it is not renamed); when there is no live database yet, it is simply
 * renamed into place. The summary is the difference from the live database.
 */
#include "ingest_int.h"

#include "store_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int ns_bulk_load(ns_store *s, char *const *paths, int n_paths,
                 const ns_ingest_options *opt, ns_ingest_summary *sum,
                 ns_error *err) {
  /* Larger transactions than a live ingest's: each commit writes the FTS5
   * pending terms out as a new segment, and nobody waits to see progress. */
  ns_ingest_options o = *opt;
  o.delete_missing = 0; /* nothing to delete in a new database */
  if (o.batch_articles <= 0) o.batch_articles = NS_BULK_BATCH_ARTICLES;
  if (o.batch_seconds <= 0) o.batch_seconds = NS_BULK_BATCH_SECONDS;
  if (ns_ingest(s, paths, n_paths, &o, sum, err) != 0) return -1;
  /* What could not be read is carried over from the live database, when
   * one is attached: a rebuild drops only what is gone. */
  if (ns_store_carry_over(s, err) != 0) return -1;
  return ns_store_finish_bulk(s, err);
}

/* Flushes path to the disk: the bulk build writes without syncs, and the
 * file must be whole on disk before it replaces anything. */
static int sync_file(const char *path, ns_error *err) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0 || fsync(fd) != 0) {
    ns_error_set(err, NS_ERR_IO, "[reindex] %s: cannot flush to disk: %s", path,
                 strerror(errno));
    if (fd >= 0) close(fd);
    return -1;
  }
  close(fd);
  return 0;
}

/* Builds and checks the new database at tmp; *changes receives the
 * difference from the live database. */
static int build(const char *tmp, const char *live_path, int live_exists,
                 char *const *roots, int n_roots, const ns_ingest_options *opt,
                 ns_ingest_summary *sum, ns_ingest_summary *changes,
                 ns_error *err) {
  ns_store *fresh = NULL;
  if (ns_store_open(tmp, NS_STORE_BULK, &fresh, err) != 0) return -1;
  int rc = live_exists ? ns_store_attach_live(fresh, live_path, err) : 0;
  if (rc == 0) rc = ns_bulk_load(fresh, roots, n_roots, opt, sum, err);
  if (rc == 0) rc = ns_store_mark_reindexed(fresh, err);
  if (rc == 0) rc = ns_store_check(fresh, err);
  if (rc == 0 && live_exists)
    ns_store_diff_live(fresh, &changes->added, &changes->updated,
                       &changes->unchanged, &changes->deleted);
  else if (rc == 0)
    *changes = (ns_ingest_summary){.added = sum->added};
  /* Closing checkpoints and removes the WAL: one self-contained file. */
  ns_store_close(fresh);
  if (rc == 0) rc = sync_file(tmp, err);
  return rc;
}

int ns_reindex_full(const char *db_path, char *const *roots, int n_roots,
                    const ns_ingest_options *opt, ns_ingest_summary *sum,
                    ns_error *err) {
  /* No other writer from here to the swap: what one committed meanwhile
   * would be overwritten by it (store_lock.c). */
  int lock;
  if (ns_lock_full_reindex(db_path, &lock, err) != 0) return -1;
  char tmp[4096];
  snprintf(tmp, sizeof tmp, "%s.full-reindex", db_path);
  ns_store_remove_files(tmp); /* left by a run that was killed */
  int live_exists = access(db_path, F_OK) == 0;
  ns_ingest_summary changes = {0};
  int rc =
      build(tmp, db_path, live_exists, roots, n_roots, opt, sum, &changes, err);
  if (rc == 0 && !live_exists) ns_store_forget_wal(db_path);
  if (rc == 0 && !live_exists && rename(tmp, db_path) != 0) {
    ns_error_set(err, NS_ERR_IO, "[reindex] cannot move %s to %s: %s", tmp,
                 db_path, strerror(errno));
    rc = -1;
  } else if (rc == 0 && live_exists) {
    rc = ns_store_swap_in(tmp, db_path, err);
  }
  /* The summary says what the live database now holds: the changes once
   * swapped in, none when the rebuild failed. */
  sum->added = rc == 0 ? changes.added : 0;
  sum->updated = rc == 0 ? changes.updated : 0;
  sum->unchanged = rc == 0 ? changes.unchanged : 0;
  sum->deleted = rc == 0 ? changes.deleted : 0;
  ns_store_remove_files(tmp);
  ns_lock_release(lock);
  return rc;
}
