/*
 * server_int.h: what the server_*.c files share.
 */
#ifndef NS_SRC_SERVER_INT_H
#define NS_SRC_SERVER_INT_H

#include "newssearch/clock.h"
#include "newssearch/error.h"
#include "newssearch/store.h"
#include "server.h"
#include "server_cache.h"

#include <microhttpd.h>
#include <stdarg.h>
#include <stddef.h>
#include <time.h>

/* Per request: what the URI check found, and what the metrics record. */
typedef struct ns_request {
  double t0;
  int bad_escape;    /* invalid percent-encoding, or %00, in the URI */
  const char *route; /* a fixed label: "/api/search", "other", ... */
  unsigned status;
  const char *cache; /* "hit" or "miss" for a cached route: X-Cache */
  int headers_seen;  /* the handler's first call is over (see route()) */
  int close;         /* answer with Connection: close */
  /* The request line's URI as libmicrohttpd first showed it, and its length
   * then (server_framing.c); NULL when the library's layout is unknown. */
  const char *raw_uri;
  size_t raw_uri_len;
  /* A search handed to the workers (server_work.c): its answer, sent when
   * libmicrohttpd calls the handler again after the connection resumes. */
  int queued, answered;
  unsigned answer_status;
  char *answer; /* malloc'd JSON; NULL when out of memory */
} ns_request;

/* ---- connection guard (server_guard.c) ---- */

/* A request must be whole this long after it began (the connection's
 * start, or the previous answer's end), however slowly it trickles in. */
#define NS_REQUEST_DEADLINE_S 10.0

/* Starts the watchdog that cuts requests past NS_REQUEST_DEADLINE_S, with
 * the caps a new connection makes room under (per client address and in
 * all; 0: none). Returns 0, or -1 when the thread cannot start. */
int ns_guard_start(unsigned per_address, unsigned total);

/* Stops the watchdog. */
void ns_guard_stop(void);

/* libmicrohttpd's MHD_OPTION_NOTIFY_CONNECTION callback: keeps a record of
 * each connection from its start to its end. */
void ns_guard_notify(void *cls, struct MHD_Connection *c, void **socket_ctx,
                     enum MHD_ConnectionNotificationCode what);

/* The request on c is whole and the handler has it: it is no longer cut
 * for slowness. Returns 0 when the connection was cut already (answer
 * MHD_NO), else 1. */
int ns_guard_request_begins(struct MHD_Connection *c);

/* The request on c was answered: the next one's time starts. */
void ns_guard_request_ends(struct MHD_Connection *c);

/* Connections open, and those cut for slowness and to make room. */
void ns_guard_counts(unsigned *open, unsigned long *slow,
                     unsigned long *crowded);

/* ---- the server's messages (server_log.c) ---- */

/* Sends the server's messages to standard error without ever waiting on
 * it; call before the server starts. */
void ns_log_open(void);

/* One message of the server's own (printf format; a newline is added when
 * missing): written at once, or counted as left out. */
void ns_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* libmicrohttpd's MHD_OPTION_EXTERNAL_LOGGER: its messages, at most 20 a
 * minute, the rest counted and said in one line a minute. */
void ns_log_mhd(void *cls, const char *fmt, va_list ap);

/* Says what the last minute held back, and closes what ns_log_open opened. */
void ns_log_close(void);

/* Messages left out so far (past the rate, or standard error full). */
unsigned long ns_log_left_out(void);

/* ---- framing (server_framing.c) ---- */

/* Whether this libmicrohttpd lays requests out as 0.9.7x does (the raw
 * URI checks need it). */
int ns_framing_layout_known(void);

/* NULL when the request on c (the handler's first call) is framed
 * unambiguously; else what is wrong, for a 400 answer that closes the
 * connection: a NUL byte in the request line or a header, a folded or
 * early-ended header block, duplicate or conflicting Content-Length and
 * Transfer-Encoding headers. */
const char *ns_framing_error(struct MHD_Connection *c, const ns_request *r,
                             const char *url, const char *method,
                             const char *version);

/* Limits on what a request may ask. */
#define NS_MAX_QUERY_BYTES 1000
#define NS_MAX_LIMIT 100
#define NS_MAX_OFFSET 10000

/* Queues a response of status with body (copied) and the headers every
 * answer carries; records the status for the metrics. */
enum MHD_Result ns_respond(struct MHD_Connection *c, ns_request *r,
                           unsigned status, const char *content_type,
                           const void *body, size_t len);

/* Queues body (malloc'd; freed here) as a 200 answer of content_type, or a
 * 500 "out of memory" answer when body is NULL. */
enum MHD_Result ns_respond_owned(struct MHD_Connection *c, ns_request *r,
                                 const char *content_type, char *body);

/* {"error": message} as JSON text (malloc'd), or NULL when out of memory. */
char *ns_error_json(const char *message);

/* Queues {"error": message} with status. */
enum MHD_Result ns_respond_error(struct MHD_Connection *c, ns_request *r,
                                 unsigned status, const char *message);

/* What a request does with the database on the calling thread's
 * connection: 0 done, 1 the request's own failure (a bad query: nothing
 * wrong with the database), -1 a database failure with *err. */
typedef int (*ns_store_use_fn)(ns_store *s, void *ctx, ns_error *err);

/* Runs fn on the calling thread's read-only connection, opened when the
 * thread has none and reopened, with every other, when the file at the
 * path was replaced (renamed or copied over) or a read failed
 * (server_store.c). watch: a thread that looks answers up in the cache
 * drops them when the database changed. Returns fn's result, or -1 with
 * *err when the database is missing or cannot be opened, or the file
 * changed while fn read it. */
int ns_server_with_store(const ns_server_config *cfg, int watch,
                         ns_store_use_fn fn, void *ctx, ns_error *err);

/* Asks for every connection to be closed and opened afresh before the
 * next request reads (after a database error). */
void ns_server_stores_reset(void);

/* Closes every thread's connection; for a server that stopped. */
void ns_server_stores_close(void);

/* ---- synonyms (server_synonyms.c) ---------------------------------- */

struct ns_synonyms;
struct ns_cache;

/* Makes the synonyms of path (NULL: the shipped list alone) the server's,
 * dropping the answers cache kept (cache may be NULL), and logs what it
 * loaded. Returns 0, or -1 with *err (the list in use stays). */
int ns_server_synonyms_load(const char *path, struct ns_cache *cache,
                            ns_error *err);

/* As ns_server_synonyms_load, for SIGHUP: a failure is logged, with the
 * reason the list in use was kept. */
void ns_server_synonyms_reload(const char *path, struct ns_cache *cache);

/* The list a search uses until it gives it back with *token. */
const struct ns_synonyms *ns_server_synonyms_take(void **token);
void ns_server_synonyms_give_back(void *token);

/* Lets go of the list in use, at the server's stop. */
void ns_server_synonyms_close(void);

/* When the connections were last (re)opened on the file: every one closed
 * so that the next requests open it afresh (0: never). */
time_t ns_server_stores_opened_at(void);

/* Work for a worker thread: fills r's answer; or, with r NULL (the job was
 * dropped: the server is stopping), does nothing. Frees arg either way. */
typedef void (*ns_work_fn)(void *arg, ns_request *r);

/* Starts n worker threads for ns_work_submit(). Returns 0, or -1 (none
 * left running). */
int ns_work_start(unsigned n);

/* Suspends c and queues fn(arg, r) for the next free worker (is_costly: in
 * the lane of costly searches, which leaves one worker to the others);
 * once it has run, c resumes and libmicrohttpd calls the handler again,
 * which sends r's answer (503 when the server is stopping). Returns 0, or
 * -1 when out of memory (nothing queued; arg is still the caller's). */
int ns_work_submit(struct MHD_Connection *c, ns_request *r, ns_work_fn fn,
                   void *arg, int is_costly);

/* A request whose answer a worker made has finished (sent, or its client
 * gone). */
void ns_work_finished(void);

/* Runs every queued job to its end, stops the workers, and waits (a few
 * seconds at most) until their answers are sent. */
void ns_work_stop(void);

/* Query-string arguments (server_args.c). ns_arg: a value and its length
 * (len may be NULL), NULL when absent. ns_valid_utf8: valid UTF-8 without
 * NUL bytes. ns_int_arg: an integer within [lo, hi] into *out (kept when
 * absent); 0, or -1 with a message in msg. ns_query_arg: q checked (present,
 * not empty when empty_is_bad, at most NS_MAX_QUERY_BYTES, valid UTF-8),
 * or NULL with a message in msg naming route. */
const char *ns_arg(struct MHD_Connection *c, const char *name, size_t *len);
int ns_valid_utf8(const char *s, size_t n);
int ns_int_arg(struct MHD_Connection *c, const char *name, int lo, int hi,
               int *out, char *msg, size_t msg_len);
const char *ns_query_arg(struct MHD_Connection *c, const char *route,
                         int empty_is_bad, size_t *len, char *msg,
                         size_t msg_len);

/* Route handlers. */
enum MHD_Result ns_api_search(struct MHD_Connection *c, ns_request *r,
                              const ns_server_config *cfg);
enum MHD_Result ns_api_article(struct MHD_Connection *c, ns_request *r,
                               const ns_server_config *cfg);
enum MHD_Result ns_api_healthz(struct MHD_Connection *c, ns_request *r,
                               const ns_server_config *cfg);
enum MHD_Result ns_api_suggest(struct MHD_Connection *c, ns_request *r,
                               const ns_server_config *cfg);

/* Metrics: one finished request; the Prometheus text (malloc'd, caller
 * frees). */
void ns_metrics_record(const char *route, unsigned status, double seconds);
/* A search answered with partial_results; how many so far. */
void ns_metrics_partial(void);
unsigned long ns_metrics_partial_count(void);
char *ns_metrics_text(const ns_server_config *cfg);

#endif
