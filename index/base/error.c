/*
 * error.c: filling an ns_error.
 */
#include "newssearch/error.h"

#include <stdarg.h>
#include <stdio.h>

void ns_error_set(ns_error *e, const char *fmt, ...) {
  if (e == NULL) return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(e->message, sizeof e->message, fmt, ap);
  va_end(ap);
}
