/*
 * ingest_jsonl.c: JSON Lines exports, read as a stream. A first pass hashes
 * the file (an unchanged export costs a read and a hash); the second parses
 * it line by line, so memory stays flat however large the export, and the
 * size limit applies to each line.
 */
#include "ingest_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <xxhash.h>

int ns_is_jsonl_input(const ns_input_file *f) {
  if (strcmp(f->path, "-") == 0) return 1;
  const char *dot = strrchr(f->key, '.');
  return dot != NULL &&
         (strcasecmp(dot, ".jsonl") == 0 || strcasecmp(dot, ".ndjson") == 0);
}

/* Hashes the rest of fp; 0, or -1 on a read error (errno set). */
static int hash_stream(FILE *fp, char out[17]) {
  XXH3_state_t *st = XXH3_createState();
  if (st == NULL) return -1;
  XXH3_64bits_reset(st);
  char buf[1 << 16];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, fp)) > 0) XXH3_64bits_update(st, buf, n);
  int rc = ferror(fp) ? -1 : 0;
  snprintf(out, 17, "%016llx", (unsigned long long)XXH3_64bits_digest(st));
  XXH3_freeState(st);
  return rc;
}

static int is_blank(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r') return 0;
  return 1;
}

/* Checks one line and hands it on. Returns as ns_ingest_json_line(). */
static int one_line(ns_ingest_run *r, const ns_input_file *f, char *line,
                    size_t n, int lineno, size_t limit) {
  char a[32], b[32];
  if (n > limit)
    return ns_summary_fail(r->sum, f->path, lineno,
                           "line is %s, over the %s limit (raise it with "
                           "--max-size)",
                           ns_human_size((double)n, a),
                           ns_human_size((double)limit, b))
               ? ns_ingest_oom(r)
               : 0;
  if (memchr(line, '\0', n) != NULL)
    return ns_summary_fail(r->sum, f->path, lineno,
                           "binary data (a NUL byte) in the line, not JSON")
               ? ns_ingest_oom(r)
               : 0;
  if (n > 0 && line[n - 1] == '\r') n--;
  return ns_ingest_json_line(r, f, line, n, lineno);
}

/* The parse pass. Returns the number of articles stored, or -1 fatal. */
static long parse_lines(ns_ingest_run *r, const ns_input_file *f, FILE *fp) {
  size_t limit = r->opt->max_file_bytes ? r->opt->max_file_bytes
                                        : NS_DEFAULT_MAX_FILE_BYTES;
  char *line = NULL;
  size_t cap = 0;
  ssize_t len;
  long stored = 0;
  int lineno = 0;
  while ((len = getline(&line, &cap, fp)) > 0) {
    lineno++;
    r->sum->bytes_done += len;
    size_t n = (size_t)len;
    if (line[n - 1] == '\n') n--;
    if (is_blank(line, n)) continue;
    int rc = one_line(r, f, line, n, lineno, limit);
    if (rc < 0) {
      free(line);
      return -1;
    }
    stored += rc;
  }
  free(line);
  if (ferror(fp) &&
      ns_summary_fail(r->sum, f->path, lineno + 1, "read error: %s",
                      strerror(errno)))
    return ns_ingest_oom(r);
  return stored;
}

int ns_ingest_jsonl_file(ns_ingest_run *r, const ns_input_file *f) {
  int is_stdin = strcmp(f->path, "-") == 0;
  FILE *fp = is_stdin ? stdin : fopen(f->path, "rb");
  if (fp == NULL)
    return ns_summary_fail(r->sum, f->path, 0, "cannot open: %s",
                           strerror(errno))
               ? ns_ingest_oom(r)
               : ns_store_file_seen(r->store, f->path, r->err);
  char hash[17] = "";
  int rc = 0;
  if (!is_stdin) {
    if (hash_stream(fp, hash) != 0) {
      rc = ns_summary_fail(r->sum, f->path, 0, "read error: %s",
                           strerror(errno)) ? ns_ingest_oom(r) : 1;
    } else {
      rc = ns_ingest_if_unchanged(r, f, hash);
      rewind(fp);
    }
  }
  if (rc == 0) {
    long failed_before = r->sum->failed;
    long stored = ns_store_file_begin(r->store, r->opt->delete_missing,
                                          r->err) == 0
                      ? parse_lines(r, f, fp)
                      : -1;
    rc = stored < 0 ? -1
                    : ns_ingest_file_end(r, f, hash, stored, failed_before);
  } else if (rc > 0) {
    rc = ns_store_file_seen(r->store, f->path, r->err);
  }
  if (!is_stdin) fclose(fp);
  return rc;
}
