/*
 * ingest.c: the run over every input: each file read whole (JSON Lines
 * streamed, ingest_jsonl.c), skipped when its hash is unchanged, otherwise
 * parsed and stored (ingest_put.c); the inputs that gave a key another
 * source held read once more at the end; what vanished swept.
 * A bad input is recorded and skipped; only a failing database stops a run.
 */
#include "ingest_int.h"

#include "newssearch/clock.h"
#include "newssearch/parse.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

/* Reads a whole file into a NUL-terminated malloc'd buffer, refusing files
 * over the limit before reading them (and one that grew past it since).
 * Returns 1 with *data, 0 when the file failed (recorded, kept), -1 fatal. */
static int read_input(ns_ingest_run *r, const ns_input_file *f, char **data,
                      size_t *len) {
  size_t limit = r->opt->max_file_bytes ? r->opt->max_file_bytes
                                        : NS_DEFAULT_MAX_FILE_BYTES;
  FILE *fp;
  long long size;
  int rc = ns_input_open(r, f, &fp, &size);
  if (rc <= 0) return rc;
  int is_stdin = fp == stdin;
  char size_buf[32], limit_buf[32];
  ns_human_size((double)limit, limit_buf);
  if (!is_stdin && (unsigned long long)size > limit) {
    if (!is_stdin) fclose(fp);
    if (ns_summary_fail(r->sum, f->path, 0,
                        "file is %s, over the %s limit (raise it with "
                        "--max-size)",
                        ns_human_size((double)size, size_buf), limit_buf))
      return ns_ingest_oom(r);
    return ns_ingest_keep(r, f) == 0 ? 0 : -1;
  }
  /* One byte past the limit tells a file that grew over it. */
  size_t cap = is_stdin ? 1 << 16 : (size_t)size + 1, n = 0;
  char *buf = NULL;
  rc = 1;
  for (;;) {
    char *bigger = realloc(buf, cap + 1);
    if (bigger == NULL) {
      rc = -1;
      break;
    }
    buf = bigger;
    n += fread(buf + n, 1, cap - n, fp);
    if (n < cap || n > limit) break;
    cap = cap * 2 > limit + 1 ? limit + 1 : cap * 2;
  }
  int read_errno = ferror(fp) ? errno : 0;
  if (!is_stdin) fclose(fp);
  if (rc == 1 && read_errno != 0)
    rc = ns_input_failed(r, f, "read error", read_errno) ? -1 : 0;
  else if (rc == 1 && n > limit)
    rc = ns_summary_fail(r->sum, f->path, 0,
                         "input over the %s limit (raise it with "
                         "--max-size)",
                         limit_buf)
             ? ns_ingest_oom(r)
         : ns_ingest_keep(r, f) == 0 ? 0
                                     : -1;
  else if (rc < 0)
    ns_ingest_oom(r);
  if (rc != 1) {
    free(buf);
    return rc;
  }
  buf[n] = '\0';
  *data = buf;
  *len = n;
  return 1;
}

/* A NUL byte means an image, an archive or another binary file, not text.
 * Returns 1 for text, 0 when the file failed (recorded, kept), -1 fatal. */
static int check_text(ns_ingest_run *r, const ns_input_file *f,
                      const char *data, size_t len, ns_format fmt) {
  const char *nul = memchr(data, '\0', len);
  int rc = 0;
  if (nul != NULL)
    rc = ns_summary_fail(r->sum, f->path, 0,
                         "binary file (NUL byte at offset %zu), not an "
                         "article",
                         (size_t)(nul - data));
  else if (fmt == NS_FORMAT_UNKNOWN)
    rc = ns_summary_fail(r->sum, f->path, 0,
                         "not an article file: expected front matter, "
                         "HTML, Markdown, text or JSON Lines (.md .markdown "
                         ".html .htm .txt .jsonl .ndjson)");
  else
    return 1;
  if (rc != 0) return ns_ingest_oom(r);
  return ns_ingest_keep(r, f) == 0 ? 0 : -1;
}

/* Parses and stores one changed (or new) file and records it as a source. */
static int ingest_changed(ns_ingest_run *r, const ns_input_file *f,
                          const char *data, size_t len, ns_format fmt,
                          const char *hash) {
  long failed_before = r->sum->failed;
  long stored;
  if (ns_store_file_begin(r->store, r->opt->delete_missing, r->err) != 0)
    return -1;
  stored = ns_ingest_article(r, f, fmt, data, len, hash);
  if (stored < 0) return -1;
  return ns_ingest_file_end(r, f, hash, stored, failed_before);
}

/* One input file: unchanged files cost a read and a hash. */
static int ingest_file(ns_ingest_run *r, const ns_input_file *f) {
  /* JSON Lines exports run to hundreds of megabytes: they are streamed, and
   * the size limit applies to each line. */
  if (ns_is_jsonl_input(f)) return ns_ingest_jsonl_file(r, f);
  char *data = NULL;
  size_t len = 0;
  int rc = read_input(r, f, &data, &len);
  if (rc <= 0) return rc; /* a file that failed keeps its articles */
  if (!r->last_reading) r->sum->bytes_done += (long long)len;
  ns_format fmt = ns_detect_format(f->key, data, len);
  rc = check_text(r, f, data, len, fmt);
  if (rc > 0) {
    char hash[17];
    ns_hash_hex(data, len, hash);
    rc = ns_ingest_if_unchanged(r, f, hash);
    if (rc == 0)
      rc = ingest_changed(r, f, data, len, fmt, hash);
    else if (rc > 0)
      rc = 0;
  }
  free(data);
  return rc;
}

/* Reads every input once, then once more those that gave a key another
 * source held (see ns_ingest_run). */
static int ingest_all(ns_ingest_run *r, const ns_input_list *inputs) {
  size_t *again = NULL, n_again = 0;
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < inputs->n; i++) {
    r->claims_put_off = 0;
    rc = ingest_file(r, &inputs->files[i]);
    if (rc == 0 && r->claims_put_off > 0) {
      size_t *bigger = realloc(again, (n_again + 1) * sizeof *again);
      if (bigger == NULL)
        rc = ns_ingest_oom(r);
      else
        (again = bigger)[n_again++] = i;
    }
    r->sum->files_done++;
    r->sum->seconds = ns_now_s() - r->t0;
    if (rc == 0 && r->opt->progress)
      r->opt->progress(r->opt->progress_ctx, r->sum);
  }
  r->last_reading = 1;
  for (size_t i = 0; rc == 0 && i < n_again; i++) {
    r->claims_put_off = 0;
    rc = ingest_file(r, &inputs->files[again[i]]);
  }
  free(again);
  return rc;
}

int ns_ingest(ns_store *s, char *const *paths, int n_paths,
              const ns_ingest_options *opt, ns_ingest_summary *sum,
              ns_error *err) {
  ns_ingest_run r = {.store = s,
                     .opt = opt,
                     .sum = sum,
                     .err = err,
                     .t0 = ns_now_s(),
                     .last_commit = ns_now_s()};
  r.batch_left = opt->batch_articles > 0 ? opt->batch_articles : 2000;
  ns_input_list inputs = {0};
  int rc = ns_inputs_collect(paths, n_paths, &inputs, sum, err);
  sum->files_total = (long)inputs.n;
  for (size_t i = 0; i < inputs.n; i++)
    sum->bytes_total += inputs.files[i].size;
  if (rc == 0) rc = ns_store_begin(s, err);
  /* What the walk could not read is not gone: its articles stay. */
  for (size_t i = 0; rc == 0 && i < inputs.n_kept; i++)
    rc = ns_store_keep(s, inputs.kept[i], 1, err);
  if (rc == 0) rc = ingest_all(&r, &inputs);
  /* Deleting what vanished only makes sense for whole directory trees. */
  for (size_t i = 0; rc == 0 && opt->delete_missing && i < inputs.n_roots; i++)
    rc = ns_store_sweep(s, inputs.roots[i], &r.pend_deleted, err);
  if (rc == 0)
    rc = ns_ingest_commit(&r, 1);
  else
    ns_store_rollback(s);
  /* The run's vocabulary, stashed batch by batch, written once. Also after
   * a failure: the batches committed before it stand. */
  if (ns_store_vocab_merge(s, rc == 0 ? err : &(ns_error){0}) != 0 && rc == 0)
    rc = -1;
  sum->seconds = ns_now_s() - r.t0;
  ns_inputs_free(&inputs);
  return rc;
}
