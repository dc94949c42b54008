/*
 * ingest_put.c: one input's articles into the batch: its key claims, its
 * dates, its text repaired, the batch committed when full or a second old;
 * an input that failed is kept with its articles.
 */
#include "ingest_int.h"

#include "newssearch/clock.h"
#include "newssearch/parse.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

void ns_hash_hex(const void *data, size_t len, char out[17]) {
  snprintf(out, 17, "%016llx", (unsigned long long)XXH3_64bits(data, len));
}

int ns_ingest_commit(ns_ingest_run *r, int force) {
  double t = ns_now_s();
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
static int report_unread_date(ns_ingest_run *r, const char *path, int line_base,
                              const ns_article *a, int already_failed) {
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
  return ns_summary_add(r->sum, !already_failed, path, line, fmt, n,
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
  return ns_summary_add(
             r->sum, counted, f->path, line,
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
  if (ns_summary_add(
          r->sum, 1, loser, 0,
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
    if (change == NS_ADDED)
      r->pend_added++;
    else if (change == NS_UPDATED || change == NS_TOOK_OVER)
      r->pend_updated++;
    else if (!r->last_reading)
      r->sum->unchanged++;
  }
  r->batch_left--;
  return ns_ingest_commit(r, 0) == 0 ? 1 : -1;
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
  ns_error_set(r->err, NS_ERR_NOMEM, "[ingest] out of memory");
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
    rc = ns_summary_add(r->sum, !repaired, f->path, lineno, "%s", pe.message)
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
int ns_ingest_article(ns_ingest_run *r, const ns_input_file *f, ns_format fmt,
                      const char *data, size_t len, const char *hash) {
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
    rc = ns_summary_add(r->sum, !repaired, f->path, pe.line, "%s", pe.message)
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

int ns_input_failed(ns_ingest_run *r, const ns_input_file *f, const char *what,
                    int e) {
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
  if (fd < 0) return ns_input_failed(r, f, "cannot open", errno);
  struct stat st;
  if (fstat(fd, &st) != 0) {
    int e = errno;
    close(fd);
    return ns_input_failed(r, f, "cannot open", e);
  }
  if (!S_ISREG(st.st_mode)) {
    close(fd);
    char what[64];
    snprintf(what, sizeof what, "not a regular file (%s); skipped",
             ns_file_kind(st.st_mode));
    return ns_input_failed(r, f, what, 0);
  }
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  if ((*fp = fdopen(fd, "rb")) == NULL) {
    close(fd);
    return ns_ingest_oom(r);
  }
  *size = (long long)st.st_size;
  return 1;
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
