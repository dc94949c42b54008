/*
 * clock.h: the one clock every timing in newssearch reads.
 */
#ifndef NEWSSEARCH_CLOCK_H
#define NEWSSEARCH_CLOCK_H

/* Seconds on the monotonic clock (CLOCK_MONOTONIC): for durations and
 * deadlines only, never a date. */
double ns_now_s(void);

#endif
