/*
 * server_suggest.c: GET /api/suggest?q=TEXT&limit=N, the completions of
 * the last word of what the reader is typing. A few index seeks in the
 * vocabulary, answered on the connection's thread like /api/article.
 */
#include "server_int.h"

#include "newssearch/suggest.h"

#include <stdlib.h>
#include <string.h>

#define JSON_TYPE "application/json; charset=utf-8"

typedef struct suggest_run {
  const char *q;
  size_t n;
  int limit;
  ns_suggest_result res;
} suggest_run;

static int suggest_with(ns_store *s, void *ctx, ns_error *err) {
  suggest_run *run = ctx;
  return ns_suggest(s, run->q, run->n, run->limit, &run->res, err);
}

enum MHD_Result ns_api_suggest(struct MHD_Connection *c, ns_request *r,
                               const ns_server_config *cfg) {
  r->route = "/api/suggest";
  char msg[256];
  suggest_run run = {0};
  run.limit = NS_SUGGEST_DEFAULT;
  if ((run.q = ns_query_arg(c, "/api/suggest", 1, &run.n, msg, sizeof msg)) ==
          NULL ||
      ns_int_arg(c, "limit", 1, NS_SUGGEST_MAX, &run.limit, msg, sizeof msg))
    return ns_respond_error(c, r, MHD_HTTP_BAD_REQUEST, msg);
  ns_error err = {0};
  if (ns_server_with_store(cfg, 1, suggest_with, &run, &err) != 0) {
    int bad_query = ns_error_is_users(&err);
    return ns_respond_error(
        c, r, bad_query ? MHD_HTTP_BAD_REQUEST : MHD_HTTP_SERVICE_UNAVAILABLE,
        bad_query ? ns_error_reason(&err) : err.message);
  }
  char *json = ns_suggest_json(run.q, run.n, &run.res);
  ns_suggest_result_clear(&run.res);
  if (json == NULL)
    return ns_respond_error(c, r, MHD_HTTP_INTERNAL_SERVER_ERROR,
                            "out of memory");
  return ns_respond_owned(c, r, JSON_TYPE, json);
}
