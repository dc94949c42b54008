/*
 * ingest.c: reads each input file, decides whether it changed (by content
 * hash), parses it into articles and writes them in batched transactions.
 * A bad input is recorded and skipped; only a failing database stops a run.
 */
#include "ingest_int.h"

#include "newssearch/parse.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
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
  /* A file name need not be UTF-8, and a message may quote one (or be cut
   * inside a character): both are escaped so that JSON can carry them. */
  f->path = ns_utf8_escape(path);
  f->message = ns_utf8_escape(message);
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

int ns_summary_note(ns_ingest_summary *sum, const char *path, int line,
                    const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int rc = add_failure(sum, path, line, fmt, ap);
  va_end(ap);
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
 * loses at most one batch and readers see progress. The batch's changes
 * count in the summary from the commit on. */
static int maybe_commit(ns_ingest_run *r, int force) {
  double t = now_seconds();
  double max_age = r->opt->batch_seconds > 0 ? r->opt->batch_seconds : 1.0;
  if (!force && r->batch_left > 0 && t - r->last_commit < max_age) return 0;
  if (ns_store_commit(r->store, r->err) != 0) return -1;
  r->sum->added += r->pend_added;
  r->sum->updated += r->pend_updated;
  r->sum->deleted += r->pend_deleted;
  r->pend_added = r->pend_updated = r->pend_deleted = 0;
  if (!force && ns_store_begin(r->store, r->err) != 0) return -1;
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

/* The key of an article as a message quotes it: at most 100 bytes. */
static int key_len(const char *key) {
  int n = (int)strlen(key);
  if (n <= 100) return n;
  for (n = 100; n > 0 && ((unsigned char)key[n] & 0xC0) == 0x80; n--) {
  }
  return n;
}

/* Another source holds a's key and keeps it. Put off while files are still
 * to be read (the holder may give the key up); reported on the last
 * reading, and at once for standard input, which cannot be read again. */
static int claimed(ns_ingest_run *r, const ns_input_file *f, int line,
                   const ns_article *a, int counted) {
  if (!r->last_reading && strcmp(f->path, "-") != 0) {
    r->claims_put_off++;
    return 0;
  }
  const char *owner = ns_store_owner(r->store);
  return summary_add(r->sum, counted, f->path, line,
                     "id \"%.*s\" is already the key of the article from "
                     "%s, which keeps it; this article was not indexed (give "
                     "it another id, or remove the id from the other file)",
                     key_len(a->key), a->key, owner)
             ? ns_ingest_oom(r)
             : 0;
}

/* In a rebuild, f held a's key before it began and took it back from the
 * source that gave it first here: that source is the one reported. */
static int took_over(ns_ingest_run *r, const ns_input_file *f,
                     const ns_article *a) {
  const char *loser = ns_store_owner(r->store);
  if (summary_add(r->sum, 1, loser, 0,
                  "id \"%.*s\" is also the key of the article from %s, which "
                  "had it first and keeps it; the article from this file was "
                  "not indexed (give it another id)",
                  key_len(a->key), a->key, f->path) != 0)
    return ns_ingest_oom(r);
  return ns_store_source_failed(r->store, loser, r->err);
}

/* Stores one parsed article from f (line: where it starts, 0 for a whole
 * file); counts it unless its input was repaired (counted 0). Returns 1
 * when it was stored, 0 when another source keeps its key, -1 fatal. */
static int put(ns_ingest_run *r, const ns_article *a, const ns_input_file *f,
               int line, const char *hash, int counted) {
  ns_change change;
  if (ns_store_put(r->store, a, f->path, hash, &change, r->err) != 0) return -1;
  if (change == NS_CLAIMED) return claimed(r, f, line, a, counted) ? -1 : 0;
  if (change == NS_TOOK_OVER && took_over(r, f, a) != 0) return -1;
  if (counted) {
    if (change == NS_ADDED) r->pend_added++;
    else if (change == NS_UPDATED || change == NS_TOOK_OVER) r->pend_updated++;
    else if (!r->last_reading) r->sum->unchanged++;
  }
  r->batch_left--;
  return maybe_commit(r, 0) == 0 ? 1 : -1;
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
 * failed or another source keeps its key, -1 on a fatal error. */
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
    rc = put(r, &a, f, lineno, hash, !repaired && !a.date_unread);
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
    rc = put(r, &a, f, 0, hash, !repaired && !a.date_unread);
  ns_article_clear(&a);
  free(text);
  return rc;
}

int ns_ingest_keep(ns_ingest_run *r, const ns_input_file *f) {
  if (strcmp(f->path, "-") == 0) return 0;
  return ns_store_keep(r->store, f->path, 0, r->err);
}

/* Records that f failed (the message is fmt) and keeps its articles. */
static int input_failed(ns_ingest_run *r, const ns_input_file *f,
                        const char *what, int e) {
  if (ns_summary_fail(r->sum, f->path, 0, "%s%s%s", what, e ? ": " : "",
                      e ? strerror(e) : "") != 0)
    return ns_ingest_oom(r);
  return ns_ingest_keep(r, f) == 0 ? 0 : -1;
}

int ns_input_open(ns_ingest_run *r, const ns_input_file *f, FILE **fp,
                  long long *size) {
  *size = 0;
  if (strcmp(f->path, "-") == 0) {
    *fp = stdin;
    return 1;
  }
  /* O_NONBLOCK: opening a FIFO for reading would wait for a writer. */
  int fd = open(f->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return input_failed(r, f, "cannot open", errno);
  struct stat st;
  if (fstat(fd, &st) != 0) {
    int e = errno;
    close(fd);
    return input_failed(r, f, "cannot open", e);
  }
  if (!S_ISREG(st.st_mode)) {
    close(fd);
    char what[64];
    snprintf(what, sizeof what, "not a regular file (%s); skipped",
             ns_file_kind(st.st_mode));
    return input_failed(r, f, what, 0);
  }
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  if ((*fp = fdopen(fd, "rb")) == NULL) {
    close(fd);
    return ns_ingest_oom(r);
  }
  *size = (long long)st.st_size;
  return 1;
}

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
    rc = input_failed(r, f, "read error", read_errno) ? -1 : 0;
  else if (rc == 1 && n > limit)
    rc = ns_summary_fail(r->sum, f->path, 0,
                         "input over the %s limit (raise it with "
                         "--max-size)", limit_buf) ? ns_ingest_oom(r)
         : ns_ingest_keep(r, f) == 0 ? 0 : -1;
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
static int check_text(ns_ingest_run *r, const ns_input_file *f, const char *data,
                      size_t len, ns_format fmt) {
  const char *nul = memchr(data, '\0', len);
  int rc = 0;
  if (nul != NULL)
    rc = ns_summary_fail(r->sum, f->path, 0,
                         "binary file (NUL byte at offset %zu), not an "
                         "article", (size_t)(nul - data));
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
  int clean = r->sum->failed == failed_before && r->claims_put_off == 0;
  if (!clean && ns_ingest_keep(r, f) != 0) return -1;
  return ns_store_file_end(r->store, f->path, f->root, clean ? hash : "",
                           stored, clean && r->opt->delete_missing,
                           &r->pend_deleted, r->err);
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
  if (rc <= 0) return rc; /* a file that failed keeps its articles */
  if (!r->last_reading) r->sum->bytes_done += (long long)len;
  ns_format fmt = ns_detect_format(f->key, data, len);
  rc = check_text(r, f, data, len, fmt);
  if (rc > 0) {
    char hash[17];
    ns_hash_hex(data, len, hash);
    rc = ns_ingest_if_unchanged(r, f, hash);
    if (rc == 0) rc = ingest_changed(r, f, data, len, fmt, hash);
    else if (rc > 0) rc = 0;
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
      if (bigger == NULL) rc = ns_ingest_oom(r);
      else (again = bigger)[n_again++] = i;
    }
    r->sum->files_done++;
    r->sum->seconds = now_seconds() - r->t0;
    if (rc == 0 && r->opt->progress) r->opt->progress(r->opt->progress_ctx, r->sum);
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
  ns_ingest_run r = {.store = s, .opt = opt, .sum = sum, .err = err,
                     .t0 = now_seconds(), .last_commit = now_seconds()};
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
  if (rc == 0) rc = maybe_commit(&r, 1);
  else ns_store_rollback(s);
  sum->seconds = now_seconds() - r.t0;
  ns_inputs_free(&inputs);
  return rc;
}
