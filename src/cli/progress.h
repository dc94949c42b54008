/*
 * progress.h: how ingest and reindex show progress: a bar on a terminal, a
 * line every few seconds otherwise.
 */
#ifndef NS_SRC_PROGRESS_H
#define NS_SRC_PROGRESS_H

#include "newssearch/ingest.h"

typedef struct ns_progress {
  int tty;           /* standard error is a terminal */
  int quiet;         /* print nothing while running */
  double last_print; /* seconds into the run of the last line */
} ns_progress;

/* An ns_progress_fn: ctx is an ns_progress. */
void ns_progress_report(void *ctx, const ns_ingest_summary *so_far);

/* Ends the bar's line, if one is drawn. */
void ns_progress_finish(ns_progress *p);

#endif
