/*
 * server_reply.c: every answer the server sends, with the headers all of
 * them carry; below the routes, the handlers and the workers.
 */
#include "server_int.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

enum MHD_Result ns_respond(struct MHD_Connection *c, ns_request *r,
                           unsigned status, const char *content_type,
                           const void *body, size_t len) {
  struct MHD_Response *resp =
      MHD_create_response_from_buffer(len, (void *)body, MHD_RESPMEM_MUST_COPY);
  if (resp == NULL) return MHD_NO;
  MHD_add_response_header(resp, "Content-Type", content_type);
  MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
  MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
  MHD_add_response_header(resp, "Content-Security-Policy",
                          "default-src 'self'; frame-ancestors 'none'");
  if (r->cache != NULL) MHD_add_response_header(resp, "X-Cache", r->cache);
  if (r->close) MHD_add_response_header(resp, "Connection", "close");
  if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
    MHD_add_response_header(resp, "Allow", "GET, HEAD");
  if (strncmp(content_type, "application/json", 16) == 0)
    MHD_add_response_header(resp, "Cache-Control", "no-store");
  enum MHD_Result rc = MHD_queue_response(c, status, resp);
  MHD_destroy_response(resp);
  r->status = status;
  return rc;
}

char *ns_error_json(const char *message) {
  json_t *o = json_pack("{s:s}", "error", message);
  char *body = o ? json_dumps(o, JSON_COMPACT) : NULL;
  json_decref(o);
  return body;
}

enum MHD_Result ns_respond_error(struct MHD_Connection *c, ns_request *r,
                                 unsigned status, const char *message) {
  static const char no_memory[] = "{\"error\":\"out of memory\"}";
  char *body = ns_error_json(message);
  enum MHD_Result rc = ns_respond(
      c, r, status, "application/json; charset=utf-8", body ? body : no_memory,
      body ? strlen(body) : sizeof no_memory - 1);
  free(body);
  return rc;
}

enum MHD_Result ns_respond_owned(struct MHD_Connection *c, ns_request *r,
                                 const char *content_type, char *body) {
  if (body == NULL)
    return ns_respond_error(c, r, MHD_HTTP_INTERNAL_SERVER_ERROR,
                            "out of memory");
  enum MHD_Result rc =
      ns_respond(c, r, MHD_HTTP_OK, content_type, body, strlen(body));
  free(body);
  return rc;
}
