/*
 * server_args.c: reading the query string's arguments, each checked (valid
 * UTF-8, within bounds) so that a bad one is named in a 400 answer.
 */
#include "server_int.h"

#include "newssearch/parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A query-string argument: its value and length, NULL when absent. */
const char *ns_arg(struct MHD_Connection *c, const char *name, size_t *len) {
  const char *v = NULL;
  size_t n = 0;
  if (MHD_lookup_connection_value_n(c, MHD_GET_ARGUMENT_KIND, name,
                                    strlen(name), &v, &n) != MHD_YES)
    return NULL;
  if (len) *len = n;
  return v ? v : "";
}

/* Valid UTF-8 without NUL bytes (a raw NUL in the request line reaches
 * here inside a value). */
int ns_valid_utf8(const char *s, size_t n) {
  if (memchr(s, '\0', n) != NULL) return 0;
  size_t out_len = 0, bad = 0;
  int line = 0;
  char *copy = ns_utf8_repair(s, n, &out_len, &bad, &line);
  free(copy);
  return copy != NULL && bad == 0;
}

/* Reads an integer parameter within [lo, hi] into *out (default kept when
 * absent). Returns 0, or -1 with a message in msg. */
int ns_int_arg(struct MHD_Connection *c, const char *name, int lo, int hi,
               int *out, char *msg, size_t msg_len) {
  const char *v = ns_arg(c, name, NULL);
  if (v == NULL) return 0;
  char *end;
  long n = strtol(v, &end, 10);
  if (*v == '\0' || *end != '\0' || n < lo || n > hi) {
    snprintf(msg, msg_len, "%s: must be a whole number from %d to %d", name, lo,
             hi);
    return -1;
  }
  *out = (int)n;
  return 0;
}

const char *ns_query_arg(struct MHD_Connection *c, const char *route,
                         int empty_is_bad, size_t *len, char *msg,
                         size_t msg_len) {
  size_t n = 0;
  const char *q = ns_arg(c, "q", &n);
  *len = n;
  if (q == NULL || (empty_is_bad && n == 0)) {
    snprintf(msg, msg_len, "q: %s; ask %s?q=WORDS", q ? "empty" : "missing",
             route);
    return NULL;
  }
  if (n > NS_MAX_QUERY_BYTES) {
    snprintf(msg, msg_len, "q: longer than %d bytes", NS_MAX_QUERY_BYTES);
    return NULL;
  }
  if (!ns_valid_utf8(q, n)) {
    snprintf(msg, msg_len, "q: not valid UTF-8, or holds a NUL byte");
    return NULL;
  }
  return q;
}
