/*
 * store_lock.c: keeping writers out of the way of `reindex --full`.
 *
 * `reindex --full` builds a new database from the trees and copies it over
 * the live one: anything committed to the live database during the build
 * would be overwritten by the copy. So the live database has a lock file
 * beside it, DB.full-reindex.lock, with two one-byte locks on it:
 *   byte 0: held exclusively by a `reindex --full` for its whole run, so
 *           that two never build over each other;
 *   byte 1: held shared by every other writer (ingest, reindex) for as long
 *           as its store is open, and exclusively by `reindex --full` from
 *           before its build starts until its swap is done.
 * An ingest that starts during a full reindex therefore waits for the swap
 * and writes into the new content; a full reindex waits for the writers
 * that are running to finish before it starts reading the trees.
 *
 * The locks are open-file-description locks (F_OFD_SETLK): unlike POSIX
 * record locks they are not dropped when the process closes some other
 * descriptor of the same file, and unlike flock() they have byte ranges.
 */
#define _GNU_SOURCE
#include "store_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

enum { BYTE_FULL = 0, BYTE_WRITERS = 1 };

static void lock_file_name(const char *db_path, char *out, size_t size) {
  snprintf(out, size, "%s.full-reindex.lock", db_path);
}

/* The one-byte lock of type on byte. */
static struct flock one_byte(short type, off_t byte) {
  struct flock fl;
  memset(&fl, 0, sizeof fl);
  fl.l_type = type;
  fl.l_whence = SEEK_SET;
  fl.l_start = byte;
  fl.l_len = 1;
  return fl;
}

static int take(int fd, short type, off_t byte, int wait) {
  struct flock fl = one_byte(type, byte);
  int rc;
  while ((rc = fcntl(fd, wait ? F_OFD_SETLKW : F_OFD_SETLK, &fl)) != 0 &&
         errno == EINTR) {
  }
  return rc;
}

int ns_lock_writer(const char *db_path, int *fd_out, ns_error *err) {
  char path[4096];
  lock_file_name(db_path, path, sizeof path);
  *fd_out = -1;
  int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) fd = open(path, O_RDONLY | O_CLOEXEC); /* another user's file */
  if (fd < 0) {
    /* Where the lock file cannot be made, no `reindex --full` can build
     * its new database either (it goes in the same folder): nothing to
     * wait for, and opening the database says what is wrong. */
    return 0;
  }
  if (take(fd, F_RDLCK, BYTE_WRITERS, 1) != 0) {
    ns_error_set(err, NS_ERR_IO, "[store] %s: cannot lock: %s", path,
                 strerror(errno));
    close(fd);
    return -1;
  }
  *fd_out = fd;
  return 0;
}

int ns_lock_full_reindex(const char *db_path, int *fd_out, ns_error *err) {
  char path[4096];
  lock_file_name(db_path, path, sizeof path);
  *fd_out = -1;
  int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    ns_error_set(err, NS_ERR_IO, "[reindex] %s: cannot create: %s", path,
                 strerror(errno));
    return -1;
  }
  if (take(fd, F_WRLCK, BYTE_FULL, 0) != 0) {
    ns_error_set(err, NS_ERR_BUSY,
                 "[reindex] %s: another 'reindex --full' is running on this "
                 "database; wait for it to finish",
                 db_path);
    close(fd);
    return -1;
  }
  if (take(fd, F_WRLCK, BYTE_WRITERS, 1) != 0) {
    ns_error_set(err, NS_ERR_IO, "[reindex] %s: cannot lock: %s", path,
                 strerror(errno));
    close(fd);
    return -1;
  }
  *fd_out = fd;
  return 0;
}

void ns_lock_release(int fd) {
  if (fd >= 0) close(fd); /* closing the description drops its locks */
}

int ns_store_full_reindex_running(const char *db_path) {
  char path[4096];
  lock_file_name(db_path, path, sizeof path);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  struct flock fl = one_byte(F_RDLCK, BYTE_WRITERS);
  int busy = fcntl(fd, F_OFD_GETLK, &fl) == 0 && fl.l_type != F_UNLCK;
  close(fd);
  return busy;
}
