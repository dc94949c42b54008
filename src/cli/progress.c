/*
 * progress.c: progress of a long ingest on standard error.
 */
#include "progress.h"

#include <stdio.h>

/* Off a terminal (a log file, a CI job) a line every few seconds is enough;
 * on a terminal the bar is redrawn a few times a second. */
#define LOG_INTERVAL 5.0
#define TTY_INTERVAL 0.2

void ns_progress_report(void *ctx, const ns_ingest_summary *s) {
  ns_progress *p = ctx;
  int last = s->files_done == s->files_total;
  double interval = p->tty ? TTY_INTERVAL : LOG_INTERVAL;
  if (p->quiet || (!last && s->seconds - p->last_print < interval) ||
      (!p->tty && last))
    return;
  p->last_print = s->seconds;
  double secs = s->seconds > 0.001 ? s->seconds : 0.001;
  long articles = s->added + s->updated + s->unchanged;
  double mb_s = (double)s->bytes_done / 1e6 / secs;
  double left = s->bytes_done > 0
                    ? secs * (double)(s->bytes_total - s->bytes_done) /
                          (double)s->bytes_done
                    : 0;
  if (p->tty) {
    int width = 30;
    int filled =
        s->files_total ? (int)(width * s->files_done / s->files_total) : width;
    char bar[64];
    for (int i = 0; i < width; i++)
      bar[i] = i < filled ? '#' : '.';
    bar[width] = '\0';
    fprintf(stderr,
            "\r[%s] %ld/%ld files  %.0f articles/s  %.1f MB/s  %.0fs left ",
            bar, s->files_done, s->files_total, (double)articles / secs, mb_s,
            left);
  } else {
    fprintf(stderr,
            "progress: %ld/%ld files, %ld articles, %.0f articles/s, %.1f "
            "MB/s, %.0fs left\n",
            s->files_done, s->files_total, articles, (double)articles / secs,
            mb_s, left);
  }
  fflush(stderr);
}

void ns_progress_finish(ns_progress *p) {
  if (p->tty && !p->quiet && p->last_print > 0) fputc('\n', stderr);
}
