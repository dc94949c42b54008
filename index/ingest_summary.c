/*
 * ingest_summary.c: the summary of a run as JSON, and freeing it.
 */
#include "newssearch/ingest.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

char *ns_ingest_summary_json(const ns_ingest_summary *sum) {
  json_t *errors = json_array();
  for (int i = 0; errors != NULL && i < sum->n_failures; i++) {
    const ns_ingest_failure *f = &sum->failures[i];
    json_array_append_new(errors, json_pack("{s:s,s:i,s:s}", "path", f->path,
                                            "line", f->line, "message",
                                            f->message));
  }
  json_t *o = json_pack("{s:I,s:I,s:I,s:I,s:I,s:f,s:o}", "added",
                        (json_int_t)sum->added, "updated",
                        (json_int_t)sum->updated, "unchanged",
                        (json_int_t)sum->unchanged, "deleted",
                        (json_int_t)sum->deleted, "failed",
                        (json_int_t)sum->failed, "seconds",
                        (double)(long long)(sum->seconds * 1000) / 1000.0,
                        "errors", errors);
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
