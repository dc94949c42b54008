/*
 * search_json.c: the search answer as JSON, the same for `newssearch query
 * --json`, `--batch` and the HTTP API.
 */
#include "newssearch/search.h"

#include "newssearch/parse.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* s as a JSON string. Everything newssearch stores is valid UTF-8, but a
 * database written by an older version may hold a key made from a file
 * name in other bytes: jansson refuses it, and the hit would lose its id,
 * so such bytes are written as \xHH instead. */
static json_t *text(const char *s) {
  json_t *v = json_string(s);
  if (v == NULL) {
    char *escaped = ns_utf8_escape(s);
    v = escaped ? json_string(escaped) : NULL;
    free(escaped);
  }
  return v;
}

static json_t *string_or_null(const char *s) {
  return s ? text(s) : json_null();
}

static json_t *hit_json(const ns_hit *h) {
  json_t *o = json_object();
  if (o == NULL) return NULL;
  json_object_set_new(o, "id", text(h->id));
  json_object_set_new(o, "title", text(h->title));
  json_object_set_new(o, "title_highlighted", text(h->title_highlighted));
  json_object_set_new(o, "url", string_or_null(h->url));
  json_object_set_new(o, "date", string_or_null(h->date));
  json_object_set_new(o, "category", string_or_null(h->category));
  json_object_set_new(o, "score", json_real(round(h->score * 1000) / 1000));
  json_object_set_new(o, "snippet", text(h->snippet));
  if (h->partial) json_object_set_new(o, "partial", json_true());
  if (h->similar >= 0) {
    json_t *ids = json_array();
    for (int i = 0; ids && i < h->n_similar_ids; i++)
      json_array_append_new(ids, text(h->similar_ids[i]));
    json_object_set_new(o, "similar", json_integer(h->similar));
    json_object_set_new(o, "similar_ids", ids ? ids : json_array());
  }
  return o;
}

/* [{"word": "카톡", "with": ["카카오톡"]}, ...] */
static json_t *expanded_json(const ns_search_result *r) {
  json_t *a = json_array();
  for (int i = 0; a && i < r->n_expanded; i++) {
    json_t *with = json_array();
    for (int k = 0; with && k < r->expanded[i].n_with; k++)
      json_array_append_new(with, text(r->expanded[i].with[k]));
    json_array_append_new(a, json_pack("{s:o,s:o}", "word",
                                       text(r->expanded[i].word), "with",
                                       with ? with : json_array()));
  }
  return a;
}

char *ns_search_result_json(const ns_search_params *p,
                            const ns_search_result *r) {
  json_t *hits = json_array();
  for (int i = 0; hits && i < r->n; i++)
    json_array_append_new(hits, hit_json(&r->hits[i]));
  json_t *o = json_object();
  if (o == NULL || hits == NULL) {
    json_decref(o);
    json_decref(hits);
    return NULL;
  }
  /* The query as typed may hold invalid UTF-8; jansson then refuses it, and
   * the answer carries null rather than failing. */
  json_t *query = json_stringn(p->query, p->query_len);
  json_object_set_new(o, "query", query ? query : json_null());
  json_object_set_new(o, "total", json_integer(r->total));
  if (r->total_is_lower_bound)
    json_object_set_new(o, "total_is_lower_bound", json_true());
  json_object_set_new(o, "total_partial", json_integer(r->total_partial));
  if (r->total_partial_is_lower_bound)
    json_object_set_new(o, "total_partial_is_lower_bound", json_true());
  json_object_set_new(o, "took_ms", json_real(round(r->took_ms * 100) / 100));
  json_object_set_new(o, "relaxed", json_boolean(r->relaxed));
  if (r->partial) json_object_set_new(o, "partial_results", json_true());
  if (r->corrected_to)
    json_object_set_new(
        o, "corrected",
        json_pack("{s:o,s:o,s:s}", "from", text(r->corrected_from), "to",
                  text(r->corrected_to), "reason", r->corrected_reason));
  if (r->did_you_mean)
    json_object_set_new(o, "did_you_mean", text(r->did_you_mean));
  if (r->n_expanded > 0) json_object_set_new(o, "expanded", expanded_json(r));
  json_object_set_new(o, "hits", hits);
  char *text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER |
                                 JSON_REAL_PRECISION(6));
  json_decref(o);
  return text;
}

int ns_sort_parse(const char *name, ns_sort *out) {
  static const char *const names[] = {"relevance", "date", "recent", "oldest"};
  for (int i = 0; i < 4; i++)
    if (strcmp(name, names[i]) == 0) {
      *out = (ns_sort)i;
      return 0;
    }
  return -1;
}

int ns_half_life_parse(const char *text, double *days) {
  char *end = NULL;
  double v = strtod(text, &end);
  if (end == text || *end != '\0' || !(v >= 0.01 && v <= 36500)) return -1;
  *days = v;
  return 0;
}

char *ns_search_error_json(const char *query, const char *message) {
  json_t *q = json_string(query);
  json_t *o =
      json_pack("{s:o,s:s}", "query", q ? q : json_null(), "error", message);
  char *text = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
  json_decref(o);
  return text;
}
