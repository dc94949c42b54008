/*
 * ingest.c: reads each input file, decides whether it changed (by content
 * hash), parses it into articles and writes them in batched transactions.
 * A bad input is recorded and skipped; only a failing database stops a run.
 */
#include "ingest_int.h"

#include "newssearch/parse.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xxhash.h>


static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A size for people: "840 KB", "20.5 MB". */
const char *ns_human_size(double bytes, char buf[32]) {
  if (bytes < 1048576.0)
    snprintf(buf, 32, "%.0f KB", bytes / 1024.0);
  else
    snprintf(buf, 32, "%.1f MB", bytes / 1048576.0);
  return buf;
}

void ns_hash_hex(const void *data, size_t len, char out[17]) {
  snprintf(out, 17, "%016llx", (unsigned long long)XXH3_64bits(data, len));
}

/* Records a message about path in sum, without counting it. */
static int add_failure(ns_ingest_summary *sum, const char *path, int line,
                       const char *fmt, va_list ap) {
  if (sum->n_failures == sum->cap_failures) {
    int cap = sum->cap_failures ? sum->cap_failures * 2 : 16;
    ns_ingest_failure *f = realloc(sum->failures, (size_t)cap * sizeof *f);
    if (f == NULL) return -1;
    sum->failures = f;
    sum->cap_failures = cap;
  }
  char message[1024];
  vsnprintf(message, sizeof message, fmt, ap);
  ns_ingest_failure *f = &sum->failures[sum->n_failures];
  f->path = strdup(path);
  f->message = strdup(message);
  f->line = line;
  if (f->path == NULL || f->message == NULL) {
    free(f->path), free(f->message);
    return -1;
  }
  sum->n_failures++;
  return 0;
}

int ns_summary_fail(ns_ingest_summary *sum, const char *path, int line,
                    const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int rc = add_failure(sum, path, line, fmt, ap);
  va_end(ap);
  if (rc == 0) sum->failed++;
  return rc;
}

/* Records a message about an input, counting the input as failed only when
 * counted is set: an input that already failed gets more messages, not more
 * failures. */
static int summary_add(ns_ingest_summary *sum, int counted, const char *path,
                       int line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static int summary_add(ns_ingest_summary *sum, int counted, const char *path,
                       int line, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int rc = add_failure(sum, path, line, fmt, ap);
  va_end(ap);
  if (rc == 0 && counted) sum->failed++;
  return rc;
}

/* Commits the batch when it is full or a second old, so that a killed run
 * loses at most one batch and readers see progress. */
static int maybe_commit(ns_ingest_run *r, int force) {
  double t = now_seconds();
  double max_age = r->opt->batch_seconds > 0 ? r->opt->batch_seconds : 1.0;
  if (!force && r->batch_left > 0 && t - r->last_commit < max_age) return 0;
  if (ns_store_commit(r->store, r->err) != 0 ||
      (!force && ns_store_begin(r->store, r->err) != 0))
    return -1;
  r->batch_left = r->opt->batch_articles > 0 ? r->opt->batch_articles : 2000;
  r->last_commit = t;
  return 0;
}

/* Reports a date that could not be read. The article is stored all the
 * same, but the input counts as failed, as a repaired one does: its date is
 * lost until the source is fixed. line_base: the input's line before the
 * article's first. Returns 0, or -1 when out of memory. */
static int report_unread_date(ns_ingest_run *r, const char *path,
                              int line_base, const ns_article *a,
                              int already_failed) {
  const char *fmt =
      "date \"%.*s\" is not a date newssearch reads (it reads "
      "2025-03-14, 2025-03-14 09:30:00 +0900, 2025-03-14T00:30:00Z, "
      "2025.03.14, 2025년 3월 14일 오후 3:20, Fri, 14 Mar 2025 09:30:00 "
      "+0900); the article was indexed %s";
  const char *how = a->date[0] ? "with the file name's date" : "without a date";
  int line = line_base + (a->date_line > 0 ? a->date_line : 1);
  /* At most 80 bytes of it, cut at a character boundary: the message must
   * stay valid UTF-8 for the JSON summary. */
  int n = (int)strlen(a->date_unread);
  if (n > 80) {
    n = 80;
    while (n > 0 && ((unsigned char)a->date_unread[n] & 0xC0) == 0x80)
      n--;
  }
  return summary_add(r->sum, !already_failed, path, line, fmt, n,
                     a->date_unread, how);
}

/* Stores one parsed article; counts it unless its input was repaired. */
static int put(ns_ingest_run *r, const ns_article *a, const char *source,
               const char *hash, int counted) {
  ns_change change;
  if (ns_store_put(r->store, a, source, hash, &change, r->err) != 0) return -1;
  if (counted) {
    if (change == NS_ADDED) r->sum->added++;
    else if (change == NS_UPDATED) r->sum->updated++;
    else r->sum->unchanged++;
  }
  r->batch_left--;
  return maybe_commit(r, 0);
}

/* Repairs invalid UTF-8 in data; records the failure. Returns the repaired
 * copy (caller frees) and sets *repaired, or NULL when out of memory. */
static char *repair(ns_ingest_run *r, const char *path, int line_base,
                    const char *data, size_t len, size_t *out_len,
                    int *repaired) {
  size_t n_invalid = 0;
  int bad_line = 0;
  char *text = ns_utf8_repair(data, len, out_len, &n_invalid, &bad_line);
  *repaired = n_invalid > 0;
  if (text != NULL && n_invalid > 0 &&
      ns_summary_fail(r->sum, path, line_base + bad_line,
                      "invalid UTF-8: %zu byte%s replaced with U+FFFD; the "
                      "article was indexed with the replacements",
                      n_invalid, n_invalid == 1 ? "" : "s") != 0) {
    free(text);
    return NULL;
  }
  return text;
}

int ns_ingest_oom(ns_ingest_run *r) {
  ns_error_set(r->err, "[ingest] out of memory");
  return -1;
}

/* One JSON line; returns 1 when it was stored (repaired or not), 0 when it
 * failed, -1 on a fatal error. */
int ns_ingest_json_line(ns_ingest_run *r, const ns_input_file *f,
                            const char *line, size_t len, int lineno) {
  size_t text_len;
  int repaired;
  char *text = repair(r, f->path, lineno - 1, line, len, &text_len, &repaired);
  if (text == NULL) return ns_ingest_oom(r);
  ns_article a = {0};
  ns_parse_error pe = {0};
  int rc = 0;
  if (ns_parse_json_line(text, text_len, &a, &pe) != 0) {
    rc = summary_add(r->sum, !repaired, f->path, lineno, "%s", pe.message)
             ? ns_ingest_oom(r)
             : 0;
  } else if (a.date_unread &&
             report_unread_date(r, f->path, lineno - 1, &a, repaired) != 0) {
    rc = ns_ingest_oom(r);
  } else {
    char hash[17];
    ns_hash_hex(line, len, hash);
    rc = put(r, &a, f->path, hash, !repaired && !a.date_unread) == 0 ? 1 : -1;
  }
  ns_article_clear(&a);
  free(text);
  return rc;
}

/* One article file. Returns as ingest_json_line(). */
static int ingest_article(ns_ingest_run *r, const ns_input_file *f,
                          ns_format fmt, const char *data, size_t len,
                          const char *hash) {
  size_t text_len;
  int repaired;
  char *text = repair(r, f->path, 0, data, len, &text_len, &repaired);
  if (text == NULL) return ns_ingest_oom(r);
  const char *base = strrchr(f->key, '/');
  ns_article a = {0};
  ns_parse_error pe = {0};
  int rc;
  if (ns_parse_article_file(fmt, f->key, base ? base + 1 : f->key, text,
                            text_len, &a, &pe) != 0)
    rc = summary_add(r->sum, !repaired, f->path, pe.line, "%s", pe.message)
             ? ns_ingest_oom(r)
             : 0;
  else if (a.date_unread && report_unread_date(r, f->path, 0, &a, repaired))
    rc = ns_ingest_oom(r);
  else
    rc = put(r, &a, f->path, hash, !repaired && !a.date_unread) == 0 ? 1 : -1;
  ns_article_clear(&a);
  free(text);
  return rc;
}

/* Reads a whole file into a NUL-terminated malloc'd buffer, refusing files
 * over the limit before reading them. Returns 1 with *data, 0 when the file
 * failed (recorded), -1 when out of memory. */
static int read_input(ns_ingest_run *r, const ns_input_file *f, char **data,
                      size_t *len) {
  size_t limit = r->opt->max_file_bytes ? r->opt->max_file_bytes
                                        : NS_DEFAULT_MAX_FILE_BYTES;
  int is_stdin = strcmp(f->path, "-") == 0;
  FILE *fp = is_stdin ? stdin : fopen(f->path, "rb");
  if (fp == NULL)
    return ns_summary_fail(r->sum, f->path, 0, "cannot open: %s",
                           strerror(errno)) ? -1 : 0;
  size_t cap = is_stdin ? 1 << 16 : (size_t)f->size + 1, n = 0;
  char *buf = NULL;
  int rc = 1;
  char size_buf[32], limit_buf[32];
  ns_human_size((double)limit, limit_buf);
  if (!is_stdin && (size_t)f->size > limit) {
    rc = ns_summary_fail(r->sum, f->path, 0,
                         "file is %s, over the %s limit (raise it with "
                         "--max-size)",
                         ns_human_size((double)f->size, size_buf),
                         limit_buf) ? -1 : 0;
  } else {
    for (;;) {
      char *bigger = realloc(buf, cap + 1);
      if (bigger == NULL) { rc = -1; break; }
      buf = bigger;
      n += fread(buf + n, 1, cap - n, fp);
      if (n < cap || is_stdin == 0) break;
      cap *= 2;
    }
    if (rc == 1 && ferror(fp))
      rc = ns_summary_fail(r->sum, f->path, 0, "read error: %s",
                           strerror(errno)) ? -1 : 0;
    else if (rc == 1 && n > limit)
      rc = ns_summary_fail(r->sum, f->path, 0,
                           "input over the %s limit (raise it with "
                           "--max-size)", limit_buf) ? -1 : 0;
  }
  if (!is_stdin) fclose(fp);
  if (rc != 1) {
    free(buf);
    return rc;
  }
  buf[n] = '\0';
  *data = buf;
  *len = n;
  return 1;
}

/* A NUL byte means an image, an archive or another binary file, not text. */
static int check_text(ns_ingest_run *r, const ns_input_file *f, const char *data,
                      size_t len, ns_format fmt) {
  const char *nul = memchr(data, '\0', len);
  if (nul != NULL)
    return ns_summary_fail(r->sum, f->path, 0,
                           "binary file (NUL byte at offset %zu), not an "
                           "article", (size_t)(nul - data)) ? -1 : 0;
  if (fmt == NS_FORMAT_UNKNOWN)
    return ns_summary_fail(r->sum, f->path, 0,
                           "not an article file: expected front matter, "
                           "HTML, Markdown, text or JSON Lines (.md .markdown "
                           ".html .htm .txt .jsonl .ndjson)") ? -1 : 0;
  return 1;
}

/* Parses and stores one changed (or new) file and records it as a source. */
static int ingest_changed(ns_ingest_run *r, const ns_input_file *f,
                          const char *data, size_t len, ns_format fmt,
                          const char *hash) {
  long failed_before = r->sum->failed;
  long stored;
  if (ns_store_file_begin(r->store, r->opt->delete_missing, r->err) != 0)
    return -1;
  stored = ingest_article(r, f, fmt, data, len, hash);
  if (stored < 0) return -1;
  return ns_ingest_file_end(r, f, hash, stored, failed_before);
}

int ns_ingest_file_end(ns_ingest_run *r, const ns_input_file *f,
                       const char *hash, long stored, long failed_before) {
  if (strcmp(f->path, "-") == 0) return 0;
  /* A file with failures is recorded without its hash, so the next run reads
   * it again, and loses none of its earlier articles: a broken line may be an
   * article that is still there. */
  int clean = r->sum->failed == failed_before;
  return ns_store_file_end(r->store, f->path, f->root, clean ? hash : "",
                           stored, clean && r->opt->delete_missing,
                           &r->sum->deleted, r->err);
}

int ns_ingest_if_unchanged(ns_ingest_run *r, const ns_input_file *f,
                           const char *hash) {
  char known[17];
  long n_known = 0;
  int found = ns_store_source_get(r->store, f->path, known, &n_known, r->err);
  if (found <= 0 || strcmp(known, hash) != 0) return found < 0 ? -1 : 0;
  r->sum->unchanged += n_known;
  return ns_store_file_seen(r->store, f->path, r->err) == 0 ? 1 : -1;
}

/* One input file: unchanged files cost a read and a hash. */
static int ingest_file(ns_ingest_run *r, const ns_input_file *f) {
  /* JSON Lines exports run to hundreds of megabytes: they are streamed, and
   * the size limit applies to each line. */
  if (ns_is_jsonl_input(f)) return ns_ingest_jsonl_file(r, f);
  char *data = NULL;
  size_t len = 0;
  int rc = read_input(r, f, &data, &len);
  if (rc <= 0) {
    /* keep the articles of a file that is there but failed */
    return rc < 0 ? ns_ingest_oom(r) : ns_store_file_seen(r->store, f->path, r->err);
  }
  r->sum->bytes_done += (long long)len;
  ns_format fmt = ns_detect_format(f->key, data, len);
  rc = check_text(r, f, data, len, fmt);
  if (rc <= 0) {
    free(data);
    return rc < 0 ? ns_ingest_oom(r) : ns_store_file_seen(r->store, f->path, r->err);
  }
  char hash[17];
  ns_hash_hex(data, len, hash);
  rc = ns_ingest_if_unchanged(r, f, hash);
  if (rc == 0) rc = ingest_changed(r, f, data, len, fmt, hash);
  else if (rc > 0) rc = 0;
  free(data);
  return rc;
}

int ns_ingest(ns_store *s, char *const *paths, int n_paths,
              const ns_ingest_options *opt, ns_ingest_summary *sum,
              ns_error *err) {
  ns_ingest_run r = {s, opt, sum, err, 0, now_seconds(), now_seconds()};
  r.batch_left = opt->batch_articles > 0 ? opt->batch_articles : 2000;
  ns_input_list inputs = {0};
  int rc = ns_inputs_collect(paths, n_paths, &inputs, sum, err);
  sum->files_total = (long)inputs.n;
  for (size_t i = 0; i < inputs.n; i++)
    sum->bytes_total += inputs.files[i].size;
  if (rc == 0) rc = ns_store_begin(s, err);
  for (size_t i = 0; rc == 0 && i < inputs.n; i++) {
    rc = ingest_file(&r, &inputs.files[i]);
    sum->files_done++;
    sum->seconds = now_seconds() - r.t0;
    if (rc == 0 && opt->progress) opt->progress(opt->progress_ctx, sum);
  }
  /* Deleting what vanished only makes sense for whole directory trees. */
  for (size_t i = 0; rc == 0 && opt->delete_missing && i < inputs.n_roots; i++)
    rc = ns_store_sweep(s, inputs.roots[i], &sum->deleted, err);
  if (rc == 0) rc = maybe_commit(&r, 1);
  else ns_store_rollback(s);
  sum->seconds = now_seconds() - r.t0;
  ns_inputs_free(&inputs);
  return rc;
}
