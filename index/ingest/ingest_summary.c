/*
 * ingest_summary.c: what a run tells its user: the messages about inputs
 * (escaped so JSON can carry any file name), the summary as JSON, sizes for
 * people.
 */
#include "ingest_int.h"

#include "newssearch/parse.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A size for people: "840 KB", "20.5 MB". */
const char *ns_human_size(double bytes, char buf[32]) {
  if (bytes < 1048576.0)
    snprintf(buf, 32, "%.0f KB", bytes / 1024.0);
  else
    snprintf(buf, 32, "%.1f MB", bytes / 1048576.0);
  return buf;
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

int ns_summary_add(ns_ingest_summary *sum, int counted, const char *path,
                   int line, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int rc = add_failure(sum, path, line, fmt, ap);
  va_end(ap);
  if (rc == 0 && counted) sum->failed++;
  return rc;
}

char *ns_ingest_summary_json(const ns_ingest_summary *sum) {
  json_t *errors = json_array();
  for (int i = 0; errors != NULL && i < sum->n_failures; i++) {
    const ns_ingest_failure *f = &sum->failures[i];
    json_array_append_new(errors,
                          json_pack("{s:s,s:i,s:s}", "path", f->path, "line",
                                    f->line, "message", f->message));
  }
  json_t *o = json_pack(
      "{s:I,s:I,s:I,s:I,s:I,s:f,s:o}", "added", (json_int_t)sum->added,
      "updated", (json_int_t)sum->updated, "unchanged",
      (json_int_t)sum->unchanged, "deleted", (json_int_t)sum->deleted, "failed",
      (json_int_t)sum->failed, "seconds",
      (double)(long long)(sum->seconds * 1000) / 1000.0, "errors", errors);
  char *text = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
  json_decref(o);
  return text;
}

void ns_ingest_summary_clear(ns_ingest_summary *sum) {
  for (int i = 0; i < sum->n_failures; i++) {
    free(sum->failures[i].path);
    free(sum->failures[i].message);
  }
  free(sum->failures);
  memset(sum, 0, sizeof *sum);
}
