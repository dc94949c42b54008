/*
 * server.h: the HTTP server behind `newssearch serve`: the search API, the
 * article API, health and metrics, and the search page, on libmicrohttpd.
 */
#ifndef NS_SRC_SERVER_H
#define NS_SRC_SERVER_H

#include <stdint.h>

/* Connections one client address may hold before its slowest one makes
 * room for a new one (`serve --per-address`; behind a proxy, where every
 * client has the proxy's address, 0 turns the cap off). */
#define NS_DEFAULT_PER_ADDRESS 256

/* Each search's work budget (`serve --budget`): past it a search answers
 * with what it has, marked "partial_results" (ns_search_params). */
#define NS_DEFAULT_BUDGET_MS 300

typedef struct ns_server_config {
  const char *db_path;
  const char *bind;       /* IPv4 or IPv6 address; default 127.0.0.1 */
  uint16_t port;          /* 0 picks a free port (printed on start) */
  unsigned threads;       /* worker threads, each with its own connection */
  struct ns_cache *cache; /* answers kept for repeated searches; NULL: none */
  unsigned per_address;   /* connections per client address; 0: no cap */
  double budget_ms;       /* each search's work budget; 0: none */
  const char *synonyms;   /* a synonyms file, reread on SIGHUP; NULL: the
                             shipped list alone */
} ns_server_config;

struct MHD_Daemon;

/* Starts the daemon: listening on cfg's address and port with cfg's
 * threads, or (listen == 0) with no socket of its own and one thread, for
 * connections handed over with MHD_add_connection() (the HTTP fuzz
 * target); and cfg's threads of search workers. Returns NULL when it
 * cannot start; stop it with ns_server_stop(). cfg must outlive the
 * daemon. */
struct MHD_Daemon *ns_server_start(const ns_server_config *cfg, int listen);

/* Stops taking connections, answers every search already queued, and stops
 * d (from ns_server_start) and its worker threads. */
void ns_server_stop(struct MHD_Daemon *d);

/* Serves until SIGINT or SIGTERM, then finishes the requests in flight and
 * returns an exit status (1 when the server cannot start, 2 when its
 * synonyms file is refused). SIGHUP rereads the synonyms file. */
int ns_server_run(const ns_server_config *cfg);

#endif
