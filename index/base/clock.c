/*
 * clock.c: the monotonic clock, read in one place.
 */
#include "newssearch/clock.h"

#include <time.h>

double ns_now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
