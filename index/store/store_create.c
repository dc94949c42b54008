/*
 * store_create.c: a new database comes into being whole.
 *
 * Made in place, a database exists by name from SQLite's first write on:
 * a process killed before the schema commits leaves a file with no tables
 * that every later command reads as "not a newssearch database" or "empty",
 * and two processes creating it at once race to create the same tables
 * (one fails). Instead the file is built under DB.creating, closed (which
 * empties its WAL), flushed, and renamed to DB, under an exclusive lock on
 * the folder so creators take turns: the second finds DB there and opens
 * it. The path never holds a half-made database.
 */
#include "store_int.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

static void unlink_with(const char *path, const char *suffix) {
  char p[4096];
  if (snprintf(p, sizeof p, "%s%s", path, suffix) < (int)sizeof p) unlink(p);
}

void ns_store_forget_wal(const char *path) {
  unlink_with(path, "-wal");
  unlink_with(path, "-shm");
}

void ns_store_remove_files(const char *path) {
  static const char *const suffixes[] = {"", "-journal", "-wal", "-shm"};
  for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++)
    unlink_with(path, suffixes[i]);
}

/* An exclusive lock on the folder holding path, or -1 when the folder
 * cannot be opened (then creating the file fails with its own reason). */
static int lock_folder(const char *path) {
  char copy[4096];
  snprintf(copy, sizeof copy, "%s", path);
  int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0 && flock(fd, LOCK_EX) != 0) {
    close(fd);
    fd = -1;
  }
  return fd;
}

static int flush(const char *path, int is_dir) {
  int fd = open(path, (is_dir ? O_DIRECTORY : 0) | O_RDONLY | O_CLOEXEC);
  int rc = fd >= 0 && fsync(fd) == 0 ? 0 : -1;
  if (fd >= 0) close(fd);
  return rc;
}

/* Builds the schema in tmp and closes it. */
static int build(const char *tmp, ns_error *err) {
  ns_store *s = NULL;
  if (ns_store_open_new(tmp, &s, err) != 0) return -1;
  ns_store_close(s);
  if (flush(tmp, 0) != 0) {
    ns_error_set(err, NS_ERR_IO, "[store] %s: cannot flush to disk: %s", tmp,
                 strerror(errno));
    return -1;
  }
  return 0;
}

int ns_store_create_if_missing(const char *path, ns_error *err) {
  struct stat st;
  if (stat(path, &st) == 0 || errno != ENOENT) return 0;
  char tmp[4096];
  if (snprintf(tmp, sizeof tmp, "%s.creating", path) >= (int)sizeof tmp) {
    ns_error_set(err, NS_ERR_USAGE, "[store] %.200s...: the path is too long",
                 path);
    return -1;
  }
  char folder[4096];
  snprintf(folder, sizeof folder, "%s", path);
  if (access(dirname(folder), W_OK | X_OK) != 0) {
    ns_error_set(err, NS_ERR_IO,
                 "[store] %s: cannot create the database: %s (the "
                 "folder must exist and be writable)",
                 path, strerror(errno));
    return -1;
  }
  int dir = lock_folder(path);
  int rc = 0;
  if (stat(path, &st) != 0 && errno == ENOENT) {
    ns_store_remove_files(tmp); /* left by a creator that was killed */
    rc = build(tmp, err);
    if (rc == 0) ns_store_forget_wal(path);
    if (rc == 0 && rename(tmp, path) != 0) {
      ns_error_set(err, NS_ERR_IO, "[store] %s: cannot create the database: %s",
                   path, strerror(errno));
      rc = -1;
    }
    if (rc != 0) ns_store_remove_files(tmp);
    char copy[4096];
    snprintf(copy, sizeof copy, "%s", path);
    if (rc == 0) flush(dirname(copy), 1);
  }
  if (dir >= 0) close(dir);
  return rc;
}
