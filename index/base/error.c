/*
 * error.c: filling an ns_error.
 */
#include "newssearch/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void ns_error_set(ns_error *e, ns_error_kind kind, const char *fmt, ...) {
  if (e == NULL) return;
  e->kind = kind;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(e->message, sizeof e->message, fmt, ap);
  va_end(ap);
}

void ns_error_clear(ns_error *e) {
  e->kind = NS_ERR_NONE;
  e->message[0] = '\0';
}

int ns_error_is_users(const ns_error *e) {
  return e->kind == NS_ERR_QUERY || e->kind == NS_ERR_USAGE;
}

const char *ns_error_reason(const ns_error *e) {
  const char *m = e->message;
  const char *end = m[0] == '[' ? strstr(m, "] ") : NULL;
  return end != NULL ? end + 2 : m;
}
