/*
 * parse_json_line.c: one record of a JSON Lines feed (wire services, the
 * shared corpus) into an ns_article. Feeds disagree on field names and
 * types, so the common variants are accepted (url or permalink, excerpt or
 * summary, category or categories, a numeric id), and a value of the wrong
 * shape is refused with a message naming the field rather than guessed at.
 */
#include "newssearch/parse.h"
#include "parse_int.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The caller sets the line (a JSON line's number in its file). */
#define fail(err, ...) ns_parse_fail(err, 0, __VA_ARGS__)

static int out_of_memory(ns_parse_error *err) { return ns_parse_oom(err); }

static char *copy_n(const char *s, size_t n) {
  char *p = n < (size_t)-1 ? malloc(n + 1) : NULL;
  if (p == NULL) return NULL;
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

static const char *type_name(const json_t *v) {
  switch (json_typeof(v)) {
  case JSON_OBJECT:
    return "an object";
  case JSON_ARRAY:
    return "an array";
  case JSON_TRUE:
    return "true";
  case JSON_FALSE:
    return "false";
  default:
    return "a value of another kind";
  }
}

/* ---- values to text ------------------------------------------------------ */

/* A number written as text: integers exactly, reals with the fewest digits
 * that read back to the same value. */
static void number_text(const json_t *v, char buf[32]) {
  if (json_is_integer(v)) {
    snprintf(buf, 32, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    return;
  }
  double d = json_real_value(v);
  snprintf(buf, 32, "%.15g", d);
  if (strtod(buf, NULL) != d) snprintf(buf, 32, "%.17g", d);
}

/* Reads v, a string or a number, as a malloc'd string into *out. Returns 0,
 * 1 when v has another type (nothing allocated), or -1 when out of memory. */
static int value_text(const json_t *v, char **out) {
  char num[32];
  const char *s = num;
  size_t n;
  if (json_is_string(v)) {
    s = json_string_value(v);
    n = json_string_length(v);
  } else if (json_is_number(v)) {
    number_text(v, num);
    n = strlen(num);
  } else {
    return 1;
  }
  *out = copy_n(s, n);
  return *out ? 0 : -1;
}

/* Reads the field key of obj into *out: NULL when it is absent or null, else
 * its text. Returns 0, or -1 with *err for an object, array or boolean. */
static int field_text(const json_t *obj, const char *key, char **out,
                      ns_parse_error *err) {
  const json_t *v = json_object_get(obj, key);
  *out = NULL;
  if (v == NULL || json_is_null(v)) return 0;
  int rc = value_text(v, out);
  if (rc < 0) return out_of_memory(err);
  if (rc > 0)
    return fail(err, "\"%s\" must be a string or a number, not %s", key,
                type_name(v));
  return 0;
}

/* Fills *out from the first of two alternative field names that is set. */
static int field_either(const json_t *obj, const char *key, const char *alt,
                        char **out, ns_parse_error *err) {
  if (field_text(obj, key, out, err) != 0) return -1;
  return *out ? 0 : field_text(obj, alt, out, err);
}

/* Appends the field key (a string, or an array of strings and numbers) to
 * l, leaving out empty strings. A single string stays one item, even with
 * commas in it: splitting would break names such as "IT/과학, 인터넷". */
static int field_list(const json_t *obj, const char *key, ns_strlist *l,
                      ns_parse_error *err) {
  const json_t *v = json_object_get(obj, key);
  if (v == NULL || json_is_null(v)) return 0;
  size_t n = json_is_array(v) ? json_array_size(v) : 1;
  for (size_t i = 0; i < n; i++) {
    const json_t *item = json_is_array(v) ? json_array_get(v, i) : v;
    char *s = NULL;
    if (json_is_null(item)) continue;
    int rc = value_text(item, &s);
    if (rc > 0 && json_is_array(v))
      return fail(err, "\"%s\" must hold strings, not %s", key,
                  type_name(item));
    if (rc > 0)
      return fail(err, "\"%s\" must be a string or an array of strings, not %s",
                  key, type_name(v));
    if (rc < 0 || (s[0] != '\0' && ns_strlist_add(l, s, strlen(s)) != 0)) {
      free(s);
      return out_of_memory(err);
    }
    free(s);
  }
  return 0;
}

/* ---- the record ---------------------------------------------------------- */

/* Whether a feed's body is HTML: it holds a tag of the kinds articles are
 * written with. Text bodies often hold "<앵커>" or "<기자>" (broadcast
 * transcripts) or "a < b", which must stay as they are. */
static int looks_like_html(const char *s) {
  static const char *const tags[] = {
      "p",  "br", "div",   "span", "a",  "b",   "i",          "strong",
      "em", "h1", "h2",    "h3",   "h4", "h5",  "h6",         "ul",
      "ol", "li", "table", "tr",   "td", "img", "blockquote", NULL};
  return ns_html_has_tag(s, strlen(s), tags);
}

/* The id as text: a string as it is, an integer in decimal. */
static int read_id(const json_t *obj, ns_article *out, ns_parse_error *err) {
  const json_t *v = json_object_get(obj, "id");
  if (v == NULL || json_is_null(v)) return fail(err, "missing \"id\"");
  if (!json_is_string(v) && !json_is_integer(v))
    return fail(err, "\"id\" must be a string or an integer, not %s",
                json_is_real(v) ? "a fractional number" : type_name(v));
  if (value_text(v, &out->key) != 0) return out_of_memory(err);
  if (out->key[0] == '\0') return fail(err, "\"id\" is empty");
  return 0;
}

static int read_body(const json_t *obj, ns_article *out, ns_parse_error *err) {
  char *body;
  if (field_text(obj, "body", &body, err) != 0) return -1;
  if (body == NULL) return fail(err, "missing \"body\"");
  if (looks_like_html(body)) {
    char *text = NULL;
    int rc = ns_html_to_text(body, strlen(body), &text, NULL, err);
    free(body);
    if (rc != 0 && err->no_memory) return out_of_memory(err);
    if (rc != 0) {
      char why[sizeof err->message];
      memcpy(why, err->message, sizeof why);
      return fail(err, "\"body\": %.400s", why);
    }
    body = text;
  }
  out->body = body;
  return 0;
}

static int read_fields(const json_t *obj, ns_article *out,
                       ns_parse_error *err) {
  char *date = NULL;
  if (read_id(obj, out, err) != 0 || read_body(obj, out, err) != 0 ||
      field_text(obj, "title", &out->title, err) != 0 ||
      field_either(obj, "url", "permalink", &out->url, err) != 0 ||
      field_either(obj, "excerpt", "summary", &out->excerpt, err) != 0 ||
      field_list(obj, "category", &out->categories, err) != 0 ||
      field_list(obj, "categories", &out->categories, err) != 0 ||
      field_list(obj, "tags", &out->tags, err) != 0 ||
      field_text(obj, "date", &date, err) != 0)
    return -1;
  if (date != NULL && ns_date_normalize(date, out->date) != 0) {
    out->date_unread = date; /* for the caller to report; the date is "" */
    date = NULL;
  }
  free(date);
  if (out->title == NULL && (out->title = copy_n("", 0)) == NULL)
    return out_of_memory(err);
  if (out->title[0] == '\0' && out->body[0] == '\0')
    return fail(err, "no title and no text");
  return 0;
}

int ns_parse_json_line(const char *line, size_t len, ns_article *out,
                       ns_parse_error *err) {
  err->line = 0;
  err->message[0] = '\0';
  json_error_t jerr;
  json_t *obj = json_loadb(line ? line : "", line ? len : 0, 0, &jerr);
  if (obj == NULL && json_error_code(&jerr) == json_error_out_of_memory)
    return out_of_memory(err);
  if (obj == NULL) return fail(err, "not a JSON object: %s", jerr.text);
  int rc;
  if (!json_is_object(obj))
    rc = fail(err, "not a JSON object: the line holds %s", type_name(obj));
  else
    rc = read_fields(obj, out, err);
  json_decref(obj);
  if (rc != 0) ns_article_clear(out);
  return rc;
}
