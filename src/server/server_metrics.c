/*
 * server_metrics.c: counters for GET /metrics in the Prometheus text
 * format: requests by route and status, a latency histogram, the articles
 * in the index and when a connection last (re)opened the database.
 */
#include "server_int.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define N_ROUTES 8
#define N_STATUSES 8
static const double buckets[] = {0.001, 0.005, 0.01, 0.025, 0.05,
                                 0.1,   0.25,  0.5,  1,     2.5};
#define N_BUCKETS (sizeof buckets / sizeof *buckets)

static const char *const routes[N_ROUTES] = {
    "/api/search", "/api/article", "/api/suggest", "/healthz",
    "/metrics",    "page",         "other"};
static const unsigned statuses[N_STATUSES] = {200, 400, 404, 405,
                                              413, 500, 503, 0};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned long long requests[N_ROUTES][N_STATUSES];
static unsigned long long bucket_counts[N_BUCKETS];
static unsigned long long duration_count;
static double duration_sum;

static int route_index(const char *route) {
  for (int i = 0; i < N_ROUTES && routes[i]; i++)
    if (strcmp(routes[i], route) == 0) return i;
  return 5; /* other */
}

static int status_index(unsigned status) {
  for (int i = 0; i < N_STATUSES - 1; i++)
    if (statuses[i] == status) return i;
  return N_STATUSES - 1; /* any other status */
}

void ns_metrics_record(const char *route, unsigned status, double seconds) {
  pthread_mutex_lock(&lock);
  requests[route_index(route)][status_index(status)]++;
  for (size_t b = 0; b < N_BUCKETS; b++)
    if (seconds <= buckets[b]) bucket_counts[b]++;
  duration_count++;
  duration_sum += seconds;
  pthread_mutex_unlock(&lock);
}

/* Appends printf-style text to a growing buffer; stays NULL once failed. */
static void add(char **buf, size_t *len, size_t *cap, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void add(char **buf, size_t *len, size_t *cap, const char *fmt, ...) {
  if (*buf == NULL) return;
  va_list ap;
  for (;;) {
    va_start(ap, fmt);
    int n = vsnprintf(*buf + *len, *cap - *len, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n < *cap - *len) {
      *len += (size_t)n;
      return;
    }
    char *bigger = realloc(*buf, *cap * 2 + (size_t)n);
    if (bigger == NULL) {
      free(*buf);
      *buf = NULL;
      return;
    }
    *buf = bigger;
    *cap = *cap * 2 + (size_t)n;
  }
}

/* ns_store_use_fn: the article count into *(long *)ctx. */
static int count_articles(ns_store *s, void *ctx, ns_error *err) {
  return ns_store_article_count(s, ctx, err);
}

char *ns_metrics_text(const ns_server_config *cfg) {
  ns_error err;
  long articles = -1;
  if (ns_server_with_store(cfg, 1, count_articles, &articles, &err) != 0)
    articles = -1;
  size_t len = 0, cap = 4096;
  char *b = malloc(cap);
  if (b) b[0] = '\0';
  pthread_mutex_lock(&lock);
  add(&b, &len, &cap,
      "# HELP newssearch_requests_total HTTP requests by "
      "route and status.\n# TYPE newssearch_requests_total "
      "counter\n");
  for (int r = 0; r < N_ROUTES && routes[r]; r++)
    for (int st = 0; st < N_STATUSES; st++) {
      char label[16] = "other";
      if (statuses[st]) snprintf(label, sizeof label, "%u", statuses[st]);
      if (requests[r][st])
        add(&b, &len, &cap,
            "newssearch_requests_total{route=\"%s\",status=\"%s\"} %llu\n",
            routes[r], label, requests[r][st]);
    }
  add(&b, &len, &cap,
      "# HELP newssearch_request_duration_seconds Time to "
      "answer a request.\n# TYPE "
      "newssearch_request_duration_seconds histogram\n");
  for (size_t i = 0; i < N_BUCKETS; i++)
    add(&b, &len, &cap,
        "newssearch_request_duration_seconds_bucket{le=\"%g\"} %llu\n",
        buckets[i], bucket_counts[i]);
  add(&b, &len, &cap,
      "newssearch_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n"
      "newssearch_request_duration_seconds_sum %.6f\n"
      "newssearch_request_duration_seconds_count %llu\n",
      duration_count, duration_sum, duration_count);
  add(&b, &len, &cap,
      "# HELP newssearch_articles Articles in the index (-1 "
      "when it cannot be read).\n# TYPE newssearch_articles "
      "gauge\nnewssearch_articles %ld\n",
      articles);
  add(&b, &len, &cap,
      "# HELP newssearch_index_reload_timestamp_seconds When "
      "a worker last opened the database.\n# TYPE "
      "newssearch_index_reload_timestamp_seconds gauge\n"
      "newssearch_index_reload_timestamp_seconds %lld\n",
      (long long)ns_server_stores_opened_at());
  pthread_mutex_unlock(&lock);
  ns_cache_stats cs;
  ns_cache_get_stats(cfg->cache, &cs);
  add(&b, &len, &cap,
      "# HELP newssearch_cache_lookups_total Searches looked up in the answer "
      "cache, by result.\n# TYPE newssearch_cache_lookups_total counter\n"
      "newssearch_cache_lookups_total{result=\"hit\"} %llu\n"
      "newssearch_cache_lookups_total{result=\"miss\"} %llu\n"
      "# HELP newssearch_cache_entries Answers kept in the cache.\n"
      "# TYPE newssearch_cache_entries gauge\nnewssearch_cache_entries %llu\n"
      "# HELP newssearch_cache_bytes Bytes the kept answers use.\n"
      "# TYPE newssearch_cache_bytes gauge\nnewssearch_cache_bytes %llu\n",
      (unsigned long long)cs.hits, (unsigned long long)cs.misses,
      (unsigned long long)cs.entries, (unsigned long long)cs.bytes);
  unsigned open;
  unsigned long slow, crowded;
  ns_guard_counts(&open, &slow, &crowded);
  add(&b, &len, &cap,
      "# HELP newssearch_connections Connections open.\n"
      "# TYPE newssearch_connections gauge\nnewssearch_connections %u\n"
      "# HELP newssearch_connections_cut_total Connections the server cut: "
      "a request not whole 10 s after it began (slow), or the slowest "
      "waiting one, to make room over a cap (crowded).\n"
      "# TYPE newssearch_connections_cut_total counter\n"
      "newssearch_connections_cut_total{reason=\"slow\"} %lu\n"
      "newssearch_connections_cut_total{reason=\"crowded\"} %lu\n"
      "# HELP newssearch_searches_partial_total Searches cut short by their "
      "budget (answered with partial_results).\n"
      "# TYPE newssearch_searches_partial_total counter\n"
      "newssearch_searches_partial_total %lu\n"
      "# HELP newssearch_log_lines_left_out_total Messages the server did "
      "not write: over 20 a minute, or standard error not taking more.\n"
      "# TYPE newssearch_log_lines_left_out_total counter\n"
      "newssearch_log_lines_left_out_total %lu\n",
      open, slow, crowded, ns_metrics_partial_count(), ns_log_left_out());
  return b;
}

static unsigned long partial_searches;

void ns_metrics_partial(void) {
  pthread_mutex_lock(&lock);
  partial_searches++;
  pthread_mutex_unlock(&lock);
}

unsigned long ns_metrics_partial_count(void) {
  pthread_mutex_lock(&lock);
  unsigned long n = partial_searches;
  pthread_mutex_unlock(&lock);
  return n;
}
