/*
 * server.c: the libmicrohttpd daemon: start, route, answer, stop. Each
 * worker thread has its own read-only database connection; the handlers
 * live in server_api.c.
 */
#include "server_int.h"
#include "web_assets.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

/* Bounds that keep slow, idle or greedy clients from tying the server up.
 * The cap of 1,000 is the guard's (server_guard.c): over it a new
 * connection takes the place of the slowest one. libmicrohttpd's own limit,
 * which refuses, is set higher, as far as the descriptors allow. */
#define NS_CONNECTION_LIMIT 1000
#define NS_LIBRARY_CONNECTION_LIMIT 4000
#define NS_CONNECTION_TIMEOUT_S 10
#define NS_CONNECTION_MEMORY 32768 /* request line and headers at most */

static const char *type_of(const char *path) {
  const char *dot = strrchr(path, '.');
  if (dot && !strcmp(dot, ".js")) return "text/javascript; charset=utf-8";
  if (dot && !strcmp(dot, ".css")) return "text/css; charset=utf-8";
  return "text/html; charset=utf-8";
}

/* The page and its assets, from the copy built into the program. */
static enum MHD_Result page(struct MHD_Connection *c, ns_request *r,
                            const char *url) {
  const char *path = strcmp(url, "/") == 0 ? "/index.html" : url;
  for (const ns_web_asset *a = ns_web_assets; a->path; a++)
    if (strcmp(a->path, path) == 0) {
      r->route = "page";
      return ns_respond(c, r, MHD_HTTP_OK, type_of(path), a->data, a->size);
    }
  return ns_respond_error(c, r, MHD_HTTP_NOT_FOUND,
                          "no such page; the API is at /api/search");
}

/* True for a GET or HEAD that announces no body: its answer can wait for
 * the end of the request, which keeps the connection open. */
static int bodiless_read(struct MHD_Connection *c, const char *method) {
  if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) return 0;
  const char *len = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                MHD_HTTP_HEADER_CONTENT_LENGTH);
  return (len == NULL || strcmp(len, "0") == 0) &&
         MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                     MHD_HTTP_HEADER_TRANSFER_ENCODING) == NULL;
}

static enum MHD_Result route(void *cls, struct MHD_Connection *c,
                             const char *url, const char *method,
                             const char *version, const char *upload,
                             size_t *upload_size, void **con_cls) {
  (void)upload;
  const ns_server_config *cfg = cls;
  ns_request *r = *con_cls;
  if (r == NULL) return MHD_NO; /* the URI callback could not allocate */
  if (!r->headers_seen) {
    if (!ns_guard_request_begins(c)) return MHD_NO; /* cut as too slow */
    const char *bad = ns_framing_error(c, r, url, method, version);
    if (bad != NULL) {
      r->headers_seen = 1;
      r->close = 1;
      return ns_respond_error(c, r, MHD_HTTP_BAD_REQUEST, bad);
    }
  }
  /* libmicrohttpd closes the connection after an answer queued on the first
   * call, before it knows the request is complete: a plain GET is answered
   * on the second call instead, so that clients keep their connection
   * (a new one per request cost the server an accept and a close each).
   * Anything else is answered at once, without reading a body it has no
   * use for, and the connection closes. */
  if (!r->headers_seen) {
    r->headers_seen = 1;
    if (bodiless_read(c, method)) return MHD_YES;
  } else if (*upload_size != 0) {
    *upload_size = 0; /* not expected: a body nobody announced */
    return MHD_YES;
  }
  r->route = "other";
  if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
    return ns_respond_error(c, r, MHD_HTTP_METHOD_NOT_ALLOWED,
                            "only GET and HEAD are allowed");
  if (r->bad_escape)
    return ns_respond_error(c, r, MHD_HTTP_BAD_REQUEST,
                            "the query string has invalid percent-encoding "
                            "or a NUL byte (%00)");
  if (!strcmp(url, "/api/search")) return ns_api_search(c, r, cfg);
  if (!strcmp(url, "/api/article")) return ns_api_article(c, r, cfg);
  if (!strcmp(url, "/api/suggest")) return ns_api_suggest(c, r, cfg);
  if (!strcmp(url, "/healthz")) return ns_api_healthz(c, r, cfg);
  if (!strcmp(url, "/metrics")) {
    r->route = "/metrics";
    return ns_respond_owned(c, r, "text/plain; version=0.0.4",
                            ns_metrics_text(cfg));
  }
  return page(c, r, url);
}

static int hex(int ch) {
  return (ch >= '0' && ch <= '9') || ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'f');
}

/* Sees the raw URI before it is decoded: every '%' must start a two-digit
 * escape, and %00 is refused (a NUL would cut a parameter short). The
 * request's bookkeeping is allocated here and becomes *con_cls. */
static void *check_uri(void *cls, const char *uri, struct MHD_Connection *c) {
  (void)c;
  const int *layout_known = cls;
  ns_request *r = calloc(1, sizeof *r);
  if (r == NULL) return NULL;
  r->t0 = ns_now_s();
  r->route = "other";
  if (*layout_known) {
    r->raw_uri = uri;
    r->raw_uri_len = strlen(uri);
  }
  for (const char *p = uri; *p; p++)
    if (*p == '%' && (!hex(p[1]) || !hex(p[2]) || (p[1] == '0' && p[2] == '0')))
      r->bad_escape = 1;
  return r;
}

static void finished(void *cls, struct MHD_Connection *c, void **con_cls,
                     enum MHD_RequestTerminationCode code) {
  (void)cls, (void)code;
  ns_guard_request_ends(c);
  ns_request *r = *con_cls;
  if (r == NULL) return;
  ns_metrics_record(r->route, r->status, ns_now_s() - r->t0);
  if (r->queued) ns_work_finished();
  free(r->answer);
  free(r);
  *con_cls = NULL;
}

/* Fills addr from cfg->bind (IPv4 or IPv6). Returns its length, or 0. */
static socklen_t bind_address(const ns_server_config *cfg,
                              struct sockaddr_storage *addr) {
  memset(addr, 0, sizeof *addr);
  struct sockaddr_in *v4 = (struct sockaddr_in *)addr;
  struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)addr;
  if (inet_pton(AF_INET, cfg->bind, &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(cfg->port);
    return sizeof *v4;
  }
  if (inet_pton(AF_INET6, cfg->bind, &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(cfg->port);
    return sizeof *v6;
  }
  return 0;
}

static uint16_t bound_port(struct MHD_Daemon *d) {
  const union MHD_DaemonInfo *info =
      MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
  return info ? info->port : 0;
}

/* libmicrohttpd's own connection limit: NS_LIBRARY_CONNECTION_LIMIT, or
 * what the descriptors left allow (one per connection, and some for the
 * databases, the threads and the listening socket). */
static unsigned library_connection_limit(void) {
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
    return NS_LIBRARY_CONNECTION_LIMIT;
  rlim_t spare = rl.rlim_cur > 256 ? rl.rlim_cur - 128 : rl.rlim_cur / 2;
  return spare < NS_LIBRARY_CONNECTION_LIMIT ? (unsigned)spare
                                             : NS_LIBRARY_CONNECTION_LIMIT;
}

/* Raises the soft limit on open descriptors to the hard one: systemd and
 * shells start programs with 1,024, fewer than the connections a server
 * under a crowd holds. */
static void raise_descriptor_limit(void) {
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
  }
}

struct MHD_Daemon *ns_server_start(const ns_server_config *cfg, int listen) {
  struct sockaddr_storage addr;
  if (listen && bind_address(cfg, &addr) == 0) {
    fprintf(stderr,
            "newssearch serve: --bind %s is not an IPv4 or IPv6 "
            "address\n",
            cfg->bind);
    return NULL;
  }
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
                   MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME;
  if (!listen)
    flags |= MHD_USE_NO_LISTEN_SOCKET | MHD_USE_ITC;
  else if (addr.ss_family == AF_INET6)
    flags |= MHD_USE_IPv6;
  static int layout_known;
  layout_known = ns_framing_layout_known();
  ns_log_open();
  if (ns_work_start(cfg->threads) != 0) return NULL;
  if (ns_guard_start(cfg->per_address, NS_CONNECTION_LIMIT) != 0) {
    ns_work_stop();
    return NULL;
  }
  struct MHD_Daemon *d = MHD_start_daemon(
      flags, listen ? cfg->port : 0, NULL, NULL, route, (void *)cfg,
      MHD_OPTION_EXTERNAL_LOGGER, ns_log_mhd,
      NULL, /* first: see server_log.c */
      MHD_OPTION_SOCK_ADDR, listen ? (struct sockaddr *)&addr : NULL,
      MHD_OPTION_THREAD_POOL_SIZE, listen ? cfg->threads : 0u,
      MHD_OPTION_CONNECTION_LIMIT, library_connection_limit(),
      MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)NS_CONNECTION_TIMEOUT_S,
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)NS_CONNECTION_MEMORY,
      MHD_OPTION_STRICT_FOR_CLIENT, (int)1, MHD_OPTION_URI_LOG_CALLBACK,
      check_uri, &layout_known, MHD_OPTION_NOTIFY_CONNECTION, ns_guard_notify,
      NULL, MHD_OPTION_NOTIFY_COMPLETED, finished, NULL, MHD_OPTION_END);
  if (d == NULL) {
    ns_guard_stop();
    ns_work_stop();
  }
  return d;
}

void ns_server_stop(struct MHD_Daemon *d) {
  MHD_quiesce_daemon(d); /* no new connections */
  ns_work_stop();        /* every queued search answered */
  MHD_stop_daemon(d);
  ns_guard_stop();
  ns_server_stores_close();
  ns_log_close();
}

int ns_server_run(const ns_server_config *cfg) {
  /* Signals are taken by sigwait below, not by the worker threads. */
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  sigaddset(&stop, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &stop, NULL);
  signal(SIGPIPE, SIG_IGN);
  raise_descriptor_limit();
  ns_error err = {0};
  if (ns_server_synonyms_load(cfg->synonyms, cfg->cache, &err) != 0) {
    fprintf(stderr, "newssearch serve: %s\n", err.message);
    return ns_error_is_users(&err) ? 2 : 1;
  }
  struct MHD_Daemon *d = ns_server_start(cfg, 1);
  if (d == NULL) {
    fprintf(stderr,
            "newssearch serve: cannot listen on %s:%u (in use, or "
            "not an address of this machine)\n",
            cfg->bind, cfg->port);
    ns_server_synonyms_close();
    return 1;
  }
  int v6 = strchr(cfg->bind, ':') != NULL;
  printf("newssearch: serving %s on http://%s%s%s:%u/ with %u threads "
         "(Ctrl-C stops)\n",
         cfg->db_path, v6 ? "[" : "", cfg->bind, v6 ? "]" : "", bound_port(d),
         cfg->threads);
  fflush(stdout);
  int sig = 0;
  while (sigwait(&stop, &sig) == 0 && sig == SIGHUP)
    ns_server_synonyms_reload(cfg->synonyms, cfg->cache);
  ns_log("newssearch: %s, finishing requests in flight",
         sig == SIGINT ? "interrupted" : "terminated");
  ns_server_stop(d);
  ns_server_synonyms_close();
  return 0;
}
