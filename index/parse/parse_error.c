/*
 * parse_error.c: filling an ns_parse_error.
 */
#include "newssearch/parse.h"
#include "parse_int.h"

#include <stdarg.h>
#include <stdio.h>

int ns_parse_fail(ns_parse_error *err, int line, const char *fmt, ...) {
  va_list ap;
  err->line = line;
  err->no_memory = 0;
  va_start(ap, fmt);
  vsnprintf(err->message, sizeof err->message, fmt, ap);
  va_end(ap);
  return -1;
}

int ns_parse_oom(ns_parse_error *err) {
  ns_parse_fail(err, 0, "out of memory");
  err->no_memory = 1;
  return -1;
}
