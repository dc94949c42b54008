/*
 * fuzz_http.c: the HTTP request, end to end. By its first byte, the input
 * becomes the query string of a request to one of four paths, or the
 * header lines of a request for /healthz (where the framing checks of
 * src/server/server_framing.c read it); the request is handed to the real
 * server code (src/server*.c on libmicrohttpd) over a socket pair; the answer
 * must be a well-formed HTTP response with one of the statuses the API
 * documents, and the server must keep answering. The answer cache is on,
 * so repeated query strings come back from it.
 */
#include "fuzz_check.h"

#include "newssearch/store.h"
#include "server.h"
#include "server_cache.h"
#include "store_fixture.h"

#include <microhttpd.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static ns_server_config cfg;
static struct MHD_Daemon *daemon_;

/* A small database the server reads: made once per process. */
static void setup(void) {
  static char path[] = "/tmp/fuzz_http_XXXXXX";
  static char db[64];
  if (mkdtemp(path) == NULL) abort();
  snprintf(db, sizeof db, "%s/f.db", path);
  static const char *const bodies[] = {"PC버전 카카오톡과 포털 장애",
                                       "데이터베이스 오류로 장애 <b>속보</b>",
                                       "고용 노동부 정보시스템 2025년"};
  ns_store *s = ns_fixture_store(db, bodies, 3);
  if (s == NULL) abort();
  ns_store_close(s);
  cfg.db_path = db;
  cfg.bind = "127.0.0.1";
  cfg.threads = 1;
  /* small, so that repeated queries are answered from it and others evict */
  cfg.cache = ns_cache_new(64 * 1024);
  if (cfg.cache == NULL) abort();
  daemon_ = ns_server_start(&cfg, 0);
  if (daemon_ == NULL) abort();
}

/* Sends one request and returns the response (malloc'd) or NULL. */
static char *exchange(const char *req, size_t len, size_t *out_len) {
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) return NULL;
  struct sockaddr_in peer = {.sin_family = AF_INET};
  peer.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (MHD_add_connection(daemon_, sv[0], (struct sockaddr *)&peer,
                         sizeof peer) != MHD_YES) {
    close(sv[0]);
    close(sv[1]);
    return NULL;
  }
  size_t sent = 0;
  while (sent < len) {
    ssize_t n = write(sv[1], req + sent, len - sent);
    if (n <= 0) break;
    sent += (size_t)n;
  }
  shutdown(sv[1], SHUT_WR);
  size_t cap = 65536, n = 0;
  char *buf = malloc(cap + 1);
  struct pollfd p = {sv[1], POLLIN, 0};
  while (buf && poll(&p, 1, 5000) > 0) {
    if (n == cap) {
      char *bigger = realloc(buf, cap * 2 + 1);
      if (bigger == NULL) break;
      buf = bigger;
      cap *= 2;
    }
    ssize_t r = read(sv[1], buf + n, cap - n);
    if (r <= 0) break;
    n += (size_t)r;
  }
  close(sv[1]);
  if (buf) buf[n] = '\0';
  *out_len = n;
  return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static int ready;
  if (!ready) {
    setup();
    ready = 1;
  }
  static const char *const paths[] = {"/api/search?", "/api/article?",
                                      "/api/search?q=장애&", "/?", NULL};
  const char *path = paths[size ? data[0] % 5 : 0];
  if (size) data++, size--;
  size_t len = (path ? strlen(path) : 0) + size + 64;
  char *req = malloc(len);
  if (req == NULL) return 0;
  int head = path ? snprintf(req, len, "GET %s", path)
                  : snprintf(req, len, "GET /healthz HTTP/1.1\r\nHost: x\r\n");
  memcpy(req + head, data, size);
  int tail = snprintf(req + head + size, len - head - size, "%s",
                      path ? " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                           : "\r\nConnection: close\r\n\r\n");
  size_t n = 0;
  char *resp = exchange(req, (size_t)head + size + (size_t)tail, &n);
  free(req);
  FUZZ_CHECK(resp != NULL, "no answer from the server");
  /* An empty answer is a connection the server closed on a request it
   * could not parse; anything else must be a known status. */
  if (n > 0) {
    FUZZ_CHECK(n >= 12 && memcmp(resp, "HTTP/1.", 7) == 0, "not HTTP");
    int status = atoi(resp + 9);
    FUZZ_CHECK(status == 200 || status == 400 || status == 404 ||
                   status == 405 || status == 413 || status == 414 ||
                   status == 431 || status == 503,
               "an undocumented status");
    FUZZ_CHECK(status != 503, "the database became unavailable");
  }
  free(resp);
  return 0;
}
