/*
 * server_api.c: GET /api/search, /api/article and /healthz. Parameters are
 * checked (valid UTF-8, within bounds) and a bad one is named in a 400
 * answer; a database that cannot be read gives 503 with the reason.
 */
#include "server_int.h"

#include "newssearch/parse.h"
#include "newssearch/search.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#define JSON_TYPE "application/json; charset=utf-8"

/* Fills p from the request; returns 0, or -1 with a message naming the
 * parameter. */
static int search_params(struct MHD_Connection *c, ns_search_params *p,
                         char *msg, size_t msg_len) {
  if ((p->query = ns_query_arg(c, "/api/search", 0, &p->query_len, msg,
                               msg_len)) == NULL)
    return -1;
  static const char *const text_args[] = {"since", "until", "category", "sort"};
  for (int i = 0; i < 4; i++) {
    size_t n = 0;
    const char *v = ns_arg(c, text_args[i], &n);
    if (v && (n > 200 || !ns_valid_utf8(v, n))) {
      snprintf(msg, msg_len, "%s: not valid UTF-8 or too long", text_args[i]);
      return -1;
    }
  }
  const char *sort = ns_arg(c, "sort", NULL);
  if (sort && *sort && ns_sort_parse(sort, &p->sort) != 0) {
    snprintf(msg, msg_len, "sort: must be relevance, date, recent or oldest");
    return -1;
  }
  const char *half_life = ns_arg(c, "half_life", NULL);
  if (half_life && ns_half_life_parse(half_life, &p->half_life_days) != 0) {
    snprintf(msg, msg_len,
             "half_life: must be a number of days from 0.01 to 36500");
    return -1;
  }
  /* collapse=0 lists every copy of a story */
  const char *collapse = ns_arg(c, "collapse", NULL);
  if (collapse && strcmp(collapse, "0") && strcmp(collapse, "1")) {
    snprintf(msg, msg_len, "collapse: must be 0 or 1");
    return -1;
  }
  p->keep_copies = collapse && !strcmp(collapse, "0");
  p->since = ns_arg(c, "since", NULL);
  p->until = ns_arg(c, "until", NULL);
  p->category = ns_arg(c, "category", NULL);
  p->limit = 10;
  /* correct=0 searches exactly what was typed */
  const char *correct = ns_arg(c, "correct", NULL);
  if (correct && strcmp(correct, "0") && strcmp(correct, "1")) {
    snprintf(msg, msg_len, "correct: must be 0 or 1");
    return -1;
  }
  p->correct = !(correct && !strcmp(correct, "0"));
  /* synonyms=0 searches what was typed: no synonyms, no Hanja equivalents */
  const char *synonyms = ns_arg(c, "synonyms", NULL);
  if (synonyms && strcmp(synonyms, "0") && strcmp(synonyms, "1")) {
    snprintf(msg, msg_len, "synonyms: must be 0 or 1");
    return -1;
  }
  p->as_typed = synonyms && !strcmp(synonyms, "0");
  return ns_int_arg(c, "limit", 1, NS_MAX_LIMIT, &p->limit, msg, msg_len) ||
                 ns_int_arg(c, "offset", 0, NS_MAX_OFFSET, &p->offset, msg,
                            msg_len)
             ? -1
             : 0;
}

/* 503 for a database that cannot answer; the message says why. */
static enum MHD_Result unavailable(struct MHD_Connection *c, ns_request *r,
                                   const ns_error *err) {
  return ns_respond_error(c, r, MHD_HTTP_SERVICE_UNAVAILABLE, err->message);
}

/* The cache key of a search: every parameter that shapes the answer, each
 * as its length and its bytes, so that no two different requests share a
 * key. malloc'd; NULL when out of memory. */
static char *search_key(const ns_search_params *p, size_t *len) {
  const char *texts[] = {p->since, p->until, p->category};
  size_t cap = p->query_len + 96;
  for (int i = 0; i < 3; i++)
    cap += texts[i] ? strlen(texts[i]) + 24 : 4;
  char *key = malloc(cap);
  if (key == NULL) return NULL;
  size_t n =
      (size_t)snprintf(key, cap, "%d %d %d %.17g %d %d %d %zu:", p->limit,
                       p->offset, (int)p->sort, p->half_life_days, p->correct,
                       p->as_typed, p->keep_copies, p->query_len);
  memcpy(key + n, p->query, p->query_len);
  n += p->query_len;
  for (int i = 0; i < 3; i++)
    n += texts[i] ? (size_t)snprintf(key + n, cap - n, "%zu:%s",
                                     strlen(texts[i]), texts[i])
                  : (size_t)snprintf(key + n, cap - n, "-");
  *len = n;
  return key;
}

/* A kept answer with its "took_ms" set to this request's time. The answer
 * is jansson's output of a search result: its first "took_ms": is the key
 * (a quote inside a string value is always escaped), followed by a number. */
static char *with_took_ms(char *json, size_t len, double ms) {
  const char *at = strstr(json, "\"took_ms\":");
  if (at == NULL) return json;
  size_t head = (size_t)(at - json) + 10, tail = head;
  while (tail < len && strchr("0123456789.eE+-", json[tail]) != NULL)
    tail++;
  char num[32];
  int k = snprintf(num, sizeof num, "%.2f", ms);
  char *out = malloc(len - (tail - head) + (size_t)k + 1);
  if (out == NULL) return json;
  memcpy(out, json, head);
  memcpy(out + head, num, (size_t)k);
  memcpy(out + head + k, json + tail, len - tail + 1);
  free(json);
  return out;
}

/* A search for a worker thread, with copies of everything it reads from
 * the request (the connection's memory is not the worker's to touch). */
typedef struct search_job {
  const ns_server_config *cfg;
  ns_search_params p;
  char *strings; /* the query and the text parameters, back to back */
  char *key;     /* the cache key, or NULL */
  size_t key_len;
  uint64_t generation;
} search_job;

static void search_job_free(search_job *j) {
  free(j->strings);
  free(j->key);
  free(j);
}

/* Copies s into *at (advanced past it); NULL stays NULL. */
static const char *copy_into(char **at, const char *s, size_t n) {
  if (s == NULL) return NULL;
  memcpy(*at, s, n);
  (*at)[n] = '\0';
  const char *copy = *at;
  *at += n + 1;
  return copy;
}

static search_job *search_job_new(const ns_server_config *cfg,
                                  const ns_search_params *p, char *key,
                                  size_t key_len) {
  const char *texts[] = {p->since, p->until, p->category};
  size_t size = p->query_len + 1;
  for (int i = 0; i < 3; i++)
    size += texts[i] ? strlen(texts[i]) + 1 : 0;
  search_job *j = calloc(1, sizeof *j);
  char *at = j ? malloc(size) : NULL;
  if (at == NULL) {
    free(j);
    return NULL;
  }
  *j = (search_job){cfg, *p, at, key, key_len, ns_cache_generation(cfg->cache)};
  j->p.query = copy_into(&at, p->query, p->query_len);
  j->p.since = copy_into(&at, p->since, p->since ? strlen(p->since) : 0);
  j->p.until = copy_into(&at, p->until, p->until ? strlen(p->until) : 0);
  j->p.category =
      copy_into(&at, p->category, p->category ? strlen(p->category) : 0);
  return j;
}

/* ---- queries known to be costly ------------------------------------ */

/* Queries whose search used up its budget lately, by hash: sent again, they
 * go to the costly lane at once (server_work.c) instead of holding up the
 * plain one. A fixed table: a newer query takes an older one's slot. */
#define NS_COSTLY_SLOTS 1024
static pthread_mutex_t costly_lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t costly_seen[NS_COSTLY_SLOTS];

static uint64_t query_hash(const ns_search_params *p) {
  uint64_t h = XXH3_64bits(p->query, p->query_len);
  return h ? h : 1; /* 0 marks an empty slot */
}

static void remember_costly(const ns_search_params *p) {
  uint64_t h = query_hash(p);
  pthread_mutex_lock(&costly_lock);
  costly_seen[h % NS_COSTLY_SLOTS] = h;
  pthread_mutex_unlock(&costly_lock);
}

static int known_costly(const ns_search_params *p) {
  uint64_t h = query_hash(p);
  pthread_mutex_lock(&costly_lock);
  int known = costly_seen[h % NS_COSTLY_SLOTS] == h;
  pthread_mutex_unlock(&costly_lock);
  return known;
}

/* ns_store_use_fn: the search of a job into its result. */
typedef struct search_run {
  search_job *job;
  ns_search_result res;
} search_run;

static int search_with(ns_store *s, void *ctx, ns_error *err) {
  search_run *run = ctx;
  void *held = NULL;
  run->job->p.synonyms = ns_server_synonyms_take(&held);
  int rc = ns_search_forgiving(s, &run->job->p, &run->res, err) == 0 ? 0 : -1;
  run->job->p.synonyms = NULL;
  ns_server_synonyms_give_back(held);
  return rc;
}

/* On a worker thread: the search, its JSON and its place in the cache. */
static void run_search(void *arg, ns_request *r) {
  search_job *j = arg;
  if (r == NULL) {
    search_job_free(j);
    return;
  }
  ns_error err = {0};
  search_run run = {j, {0}};
  int rc = ns_server_with_store(j->cfg, 0, search_with, &run, &err);
  if (rc != 0) {
    /* The reader's query is theirs to fix (400, said without the tag);
     * anything else is the server's, for now (503). */
    int bad_query = ns_error_is_users(&err);
    r->answer_status =
        bad_query ? MHD_HTTP_BAD_REQUEST : MHD_HTTP_SERVICE_UNAVAILABLE;
    r->answer = ns_error_json(bad_query ? ns_error_reason(&err) : err.message);
  } else {
    if (run.res.partial) {
      remember_costly(&j->p);
      ns_metrics_partial();
    }
    r->answer_status = MHD_HTTP_OK;
    r->answer = ns_search_result_json(&j->p, &run.res);
    ns_search_result_clear(&run.res);
    if (j->key != NULL && r->answer != NULL) {
      r->cache = "miss";
      ns_cache_put(j->cfg->cache, j->key, j->key_len, r->answer,
                   strlen(r->answer), j->generation);
    }
  }
  search_job_free(j);
}

/* ns_store_use_fn for a thread that only needs the database looked at
 * (its changes noticed, a missing or damaged file found out). */
static int look(ns_store *s, void *ctx, ns_error *err) {
  (void)s, (void)ctx, (void)err;
  return 0;
}

enum MHD_Result ns_api_search(struct MHD_Connection *c, ns_request *r,
                              const ns_server_config *cfg) {
  r->route = "/api/search";
  if (r->answered) {
    if (r->answer == NULL)
      return ns_respond_error(c, r, MHD_HTTP_INTERNAL_SERVER_ERROR,
                              "out of memory");
    return ns_respond(c, r, r->answer_status, JSON_TYPE, r->answer,
                      strlen(r->answer));
  }
  ns_search_params p = {0};
  char msg[256];
  if (search_params(c, &p, msg, sizeof msg) != 0)
    return ns_respond_error(c, r, MHD_HTTP_BAD_REQUEST, msg);
  p.mark_open = "<mark>";
  p.mark_close = "</mark>";
  p.escape_html = 1;
  p.budget_ms = cfg->budget_ms;
  size_t key_len = 0, len = 0;
  char *key = NULL;
  if (cfg->cache != NULL) {
    /* The store first: it notices a changed database (and drops stale
     * answers) and a missing or damaged file, which must answer 503. */
    ns_error err = {0};
    if (ns_server_with_store(cfg, 1, look, NULL, &err) != 0)
      return unavailable(c, r, &err);
    key = search_key(&p, &key_len);
    char *kept = key ? ns_cache_get(cfg->cache, key, key_len, &len) : NULL;
    if (kept != NULL) {
      free(key);
      r->cache = "hit";
      return ns_respond_owned(
          c, r, JSON_TYPE, with_took_ms(kept, len, (ns_now_s() - r->t0) * 1e3));
    }
  }
  search_job *j = search_job_new(cfg, &p, key, key_len);
  if (j == NULL) free(key);
  int costly = ns_search_is_costly(&p) || known_costly(&p);
  if (j == NULL || ns_work_submit(c, r, run_search, j, costly) != 0) {
    if (j) search_job_free(j);
    return ns_respond_error(c, r, MHD_HTTP_INTERNAL_SERVER_ERROR,
                            "out of memory");
  }
  return MHD_YES;
}

/* ns_store_use_fn: an article's JSON. */
typedef struct article_read {
  const char *id;
  char *json;
  int found;
} article_read;

static int read_article(ns_store *s, void *ctx, ns_error *err) {
  article_read *a = ctx;
  a->found = ns_store_article_json(s, a->id, &a->json, err);
  return a->found < 0 ? -1 : 0;
}

enum MHD_Result ns_api_article(struct MHD_Connection *c, ns_request *r,
                               const ns_server_config *cfg) {
  r->route = "/api/article";
  size_t n = 0;
  const char *id = ns_arg(c, "id", &n);
  if (id == NULL || n == 0 || n > 1000 || !ns_valid_utf8(id, n))
    return ns_respond_error(c, r, MHD_HTTP_BAD_REQUEST,
                            "id: missing, too long or not valid UTF-8");
  ns_error err = {0};
  article_read a = {id, NULL, 0};
  if (ns_server_with_store(cfg, 1, read_article, &a, &err) != 0)
    return unavailable(c, r, &err);
  if (a.found == 0)
    return ns_respond_error(c, r, MHD_HTTP_NOT_FOUND,
                            "no article with that id");
  return ns_respond_owned(c, r, JSON_TYPE, a.json);
}

/* ns_store_use_fn: the article count into *(long *)ctx. */
static int count(ns_store *s, void *ctx, ns_error *err) {
  return ns_store_article_count(s, ctx, err);
}

enum MHD_Result ns_api_healthz(struct MHD_Connection *c, ns_request *r,
                               const ns_server_config *cfg) {
  r->route = "/healthz";
  ns_error err = {0};
  long n = 0;
  if (ns_server_with_store(cfg, 1, count, &n, &err) != 0)
    return unavailable(c, r, &err);
  char body[64];
  int len =
      snprintf(body, sizeof body, "{\"status\":\"ok\",\"articles\":%ld}", n);
  return ns_respond(c, r, MHD_HTTP_OK, JSON_TYPE, body, (size_t)len);
}
