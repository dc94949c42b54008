/*
 * ingest_jsonl.c: JSON Lines exports, read as a stream. A first pass hashes
 * the file (an unchanged export costs a read and a hash); the second parses
 * it line by line, so memory stays flat however large the export, and the
 * size limit applies to each line: a longer line is not kept in memory but
 * skipped to its end, and reported with its length.
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
  while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
    XXH3_64bits_update(st, buf, n);
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

/* A line reader whose memory stays within the limit, whatever the line. */
typedef struct line_reader {
  FILE *fp;
  char chunk[1 << 16];
  size_t pos, end;
  int eof;
} line_reader;

/* Refills the chunk; 0 at the end of the input or on a read error. */
static int refill(line_reader *lr) {
  if (lr->eof) return 0;
  lr->pos = 0;
  lr->end = fread(lr->chunk, 1, sizeof lr->chunk, lr->fp);
  if (lr->end == 0) lr->eof = 1;
  return lr->end > 0;
}

/* Reads the next line (without its newline) into *line (at most limit + 1
 * bytes kept). Returns 1 with *len its full length in bytes (past the limit
 * when it was too long: then only its length counts), 0 at the end, -1
 * when out of memory. */
static int next_line(line_reader *lr, char **line, size_t *cap, size_t limit,
                     size_t *len) {
  size_t n = 0;
  int any = 0;
  for (;;) {
    if (lr->pos == lr->end && !refill(lr)) break;
    any = 1;
    char *nl = memchr(lr->chunk + lr->pos, '\n', lr->end - lr->pos);
    size_t take = (nl ? (size_t)(nl - lr->chunk) : lr->end) - lr->pos;
    size_t keep = n > limit ? 0 : take > limit + 1 - n ? limit + 1 - n : take;
    if (keep > 0 && n + keep + 1 > *cap) {
      size_t want = n + keep + 1 > 2 * *cap ? n + keep + 1 : 2 * *cap;
      char *bigger = realloc(*line, want);
      if (bigger == NULL) return -1;
      *line = bigger;
      *cap = want;
    }
    if (keep > 0) memcpy(*line + n, lr->chunk + lr->pos, keep);
    n += take; /* counted in full, kept only up to the limit */
    lr->pos += take + (nl != NULL);
    if (nl != NULL) break;
  }
  if (!any) return 0;
  *len = n;
  if (*line) (*line)[n > limit ? limit + 1 : n] = '\0';
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
  line_reader *lr = malloc(sizeof *lr);
  if (lr == NULL) return ns_ingest_oom(r);
  *lr = (line_reader){.fp = fp};
  char *line = NULL;
  size_t cap = 0, len;
  long stored = 0;
  int lineno = 0, got;
  while ((got = next_line(lr, &line, &cap, limit, &len)) > 0) {
    lineno++;
    if (!r->last_reading) r->sum->bytes_done += (long long)len + 1;
    if (len <= limit && is_blank(line, len)) continue;
    int rc = one_line(r, f, line ? line : "", len, lineno, limit);
    if (rc < 0) break;
    stored += rc;
  }
  free(line);
  free(lr);
  if (got < 0) return ns_ingest_oom(r);
  if (got > 0) return -1; /* a fatal error from one_line */
  if (ferror(fp) && ns_summary_fail(r->sum, f->path, lineno + 1,
                                    "read error: %s", strerror(errno)))
    return ns_ingest_oom(r);
  return stored;
}

int ns_ingest_jsonl_file(ns_ingest_run *r, const ns_input_file *f) {
  FILE *fp;
  long long size;
  int rc = ns_input_open(r, f, &fp, &size);
  if (rc <= 0) return rc; /* failed and kept, or fatal */
  int is_stdin = fp == stdin;
  char hash[17] = "";
  rc = 0;
  if (!is_stdin) {
    if (hash_stream(fp, hash) != 0) {
      rc =
          ns_summary_fail(r->sum, f->path, 0, "read error: %s", strerror(errno))
              ? ns_ingest_oom(r)
          : ns_ingest_keep(r, f) == 0 ? 1
                                      : -1;
    } else {
      rc = ns_ingest_if_unchanged(r, f, hash);
      rewind(fp);
    }
  }
  if (rc == 0) {
    long failed_before = r->sum->failed;
    long stored =
        ns_store_file_begin(r->store, r->opt->delete_missing, r->err) == 0
            ? parse_lines(r, f, fp)
            : -1;
    rc =
        stored < 0 ? -1 : ns_ingest_file_end(r, f, hash, stored, failed_before);
  } else if (rc > 0) {
    rc = 0;
  }
  if (!is_stdin) fclose(fp);
  return rc;
}
