/*
 * store_txn.c: a writer's transactions. The vocabulary's changes, counted
 * in memory while the articles' triggers fire, are stashed in the same
 * transaction as their articles, and forgotten with a rollback.
 */
#include "store_int.h"
#include "store_vocab.h"

#include "newssearch/clock.h"

int ns_store_begin(ns_store *s, ns_error *err) {
  s->cached_version =
      0; /* data_version does not see this connection's writes */
  if (ns_store_exec(s, "BEGIN IMMEDIATE", err) != 0) return -1;
  s->in_txn = 1;
  return 0;
}

int ns_store_commit(ns_store *s, ns_error *err) {
  /* the vocabulary's changes go in the same transaction as their articles */
  double t0 = ns_now_s();
  int stashed = ns_vocab_stash(s, err);
  s->vocab_seconds += ns_now_s() - t0;
  if (stashed != 0 || ns_store_exec(s, "COMMIT", err) != 0) {
    ns_store_rollback(s);
    return -1;
  }
  s->in_txn = 0;
  return 0;
}

void ns_store_rollback(ns_store *s) {
  if (s->in_txn) sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
  s->in_txn = 0;
  ns_vocab_delta_reset(s->vocab);
}

static int merge(ns_store *s, ns_error *err) {
  if (ns_store_begin(s, err) != 0) return -1;
  int rc = ns_vocab_unstash(s, err);
  if (rc == 0) rc = ns_vocab_write(s, err);
  if (rc == 0) rc = ns_vocab_rebuild_tops(s, err);
  ns_vocab_delta_reset(s->vocab); /* written, or to be read again */
  if (rc == 0) return ns_store_commit(s, err);
  ns_store_rollback(s);
  return -1;
}

int ns_store_vocab_merge(ns_store *s, ns_error *err) {
  if (s->vocab == NULL || s->in_txn) return 0;
  double t0 = ns_now_s();
  int rc = merge(s, err);
  s->vocab_seconds += ns_now_s() - t0;
  return rc;
}

double ns_store_vocab_seconds(const ns_store *s) {
  return s->vocab_seconds + (s->vocab ? ns_vocab_delta_seconds(s->vocab) : 0.0);
}
