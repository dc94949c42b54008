/*
 * test_store_fault.c: a database file cut short while the server reads it
 * through SQLite's memory map. The read faults (SIGBUS); the server must
 * answer that read with an error, stay up, free what the read had (the
 * sanitizer build checks for leaks), and read the file again once it is
 * whole. A file cut short between two reads is seen as changed and opened
 * afresh without a fault.
 * usage: test_store_fault WORKDIR
 */
#include "check.h"
#include "server_int.h"
#include "store_fixture.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ARTICLES 300

static const char *db_path;
static char saved_path[4096];

/* Sums every body's length (a read of every page of the articles). */
static int sum_bodies(ns_store *s, long long *sum) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(ns_store_db(s),
                         "SELECT sum(length(body)) FROM articles", -1, &st,
                         NULL) != SQLITE_OK)
    return -1;
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) *sum = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return rc == SQLITE_ROW ? 0 : -1;
}

static int read_all(ns_store *s, void *ctx, ns_error *err) {
  (void)err;
  return sum_bodies(s, ctx);
}

/* Reads the file in one transaction, cuts it to two pages, reads again. */
static int read_cut_read(ns_store *s, void *ctx, ns_error *err) {
  (void)err;
  long long *sum = ctx;
  sqlite3 *db = ns_store_db(s);
  if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) return -1;
  int rc = sum_bodies(s, &sum[0]);
  if (rc == 0 && truncate(db_path, 8192) != 0) rc = -1;
  if (rc == 0) rc = sum_bodies(s, &sum[1]);
  sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
  return rc;
}

static int copy_file(const char *from, const char *to) {
  FILE *in = fopen(from, "rb"), *out = fopen(to, "r+b");
  if (out == NULL) out = fopen(to, "wb");
  int ok = in != NULL && out != NULL;
  char buf[65536];
  size_t n;
  while (ok && (n = fread(buf, 1, sizeof buf, in)) > 0)
    ok = fwrite(buf, 1, n, out) == n;
  if (in) fclose(in);
  if (out) ok = fclose(out) == 0 && ok;
  return ok ? 0 : -1;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: test_store_fault WORKDIR\n");
    return 2;
  }
  static char path[4096];
  snprintf(path, sizeof path, "%s/store_fault.db", argv[1]);
  snprintf(saved_path, sizeof saved_path, "%s/store_fault.saved.db", argv[1]);
  db_path = path;
  unlink(path);

  /* Bodies of 3 KB each: the articles span several hundred pages. */
  static char text[3001];
  for (int i = 0; i < 1000; i++)
    memcpy(text + 3 * i, "가", 3);
  const char *bodies[ARTICLES];
  for (int i = 0; i < ARTICLES; i++)
    bodies[i] = text;
  ns_store *w = ns_fixture_store(path, bodies, ARTICLES);
  CHECK(w != NULL, "the fixture database");
  if (w == NULL) return ns_check_done("test_store_fault");
  ns_store_close(w); /* checkpoints: every page in the file itself */
  CHECK(copy_file(path, saved_path) == 0, "a copy of %s", path);

  ns_server_config cfg = {0};
  cfg.db_path = path;
  ns_error err = {0};
  long long whole = 0;
  CHECK_INT(ns_server_with_store(&cfg, 0, read_all, &whole, &err), 0);
  CHECK_INT(whole, (long long)ARTICLES * 1000);

  /* Cut short in the middle of a read: an error, not a crash. */
  long long sums[2] = {0, 0};
  memset(&err, 0, sizeof err);
  int rc = ns_server_with_store(&cfg, 0, read_cut_read, sums, &err);
  CHECK_INT(rc, -1);
  CHECK(strstr(err.message, "changed while it was being read") != NULL,
        "the reason: %s", err.message);
  CHECK_INT(sums[0], (long long)ARTICLES * 1000);

  /* Whole again (copied back over it): read as it is, from new connections. */
  CHECK(copy_file(saved_path, path) == 0, "copied back");
  whole = 0;
  memset(&err, 0, sizeof err);
  CHECK_INT(ns_server_with_store(&cfg, 0, read_all, &whole, &err), 0);
  CHECK_INT(whole, (long long)ARTICLES * 1000);

  /* Cut short between two reads: the change is seen, no fault. */
  CHECK(truncate(path, 8192) == 0, "cut");
  memset(&err, 0, sizeof err);
  rc = ns_server_with_store(&cfg, 0, read_all, &whole, &err);
  CHECK(rc == -1 && err.message[0] != '\0', "cut file: rc %d, %s", rc,
        err.message);
  CHECK(copy_file(saved_path, path) == 0, "copied back");
  memset(&err, 0, sizeof err);
  CHECK_INT(ns_server_with_store(&cfg, 0, read_all, &whole, &err), 0);

  ns_server_stores_close();
  unlink(path);
  unlink(saved_path);
  return ns_check_done("test_store_fault");
}
