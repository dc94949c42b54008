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
  va_start(ap, fmt);
  vsnprintf(err->message, sizeof err->message, fmt, ap);
  va_end(ap);
  return -1;
}
