/*
 * parse_front_matter.c: article files into ns_article values. Most of the
 * work is the Jekyll post: a YAML block between "---" lines (title, date,
 * categories, tags, ...) and then an HTML or Markdown body. Plain HTML
 * pages, Markdown and text files are read here too, so that every file
 * format meets the same rules for title, date and empty articles, in
 * ns_parse_article_file() at the end.
 *
 * Errors carry the line in the file, not in the YAML block, because that
 * is where the author has to look.
 */
#include "newssearch/parse.h"
#include "parse_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* The YAML block starts on the file's second line. */
#define NS_YAML_FIRST_LINE 2

#define fail ns_parse_fail

static int out_of_memory(ns_parse_error *err) { return ns_parse_oom(err); }

/* Replaces *dst with a copy of the n bytes at s. Returns 0, or -1 when out
 * of memory (*dst is then unchanged). */
static int set_text(char **dst, const char *s, size_t n) {
  char *p = n < (size_t)-1 ? malloc(n + 1) : NULL;
  if (p == NULL) return -1;
  if (n > 0) memcpy(p, s, n);
  p[n] = '\0';
  free(*dst);
  *dst = p;
  return 0;
}

static int is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f';
}

/* Narrows [*s, *s + *n) to its part without surrounding whitespace. */
static void trim(const char **s, size_t *n) {
  while (*n > 0 && is_blank(**s)) {
    (*s)++;
    (*n)--;
  }
  while (*n > 0 && is_blank((*s)[*n - 1]))
    (*n)--;
}

/* ---- splitting the file -------------------------------------------------- */

typedef struct ns_post {
  const char *yaml, *body;
  size_t yaml_len, body_len;
} ns_post;

/* Whether the line [s, e) is marker followed only by blanks (and a CR). */
static int is_marker_line(const char *s, const char *e, const char *marker) {
  size_t k = strlen(marker);
  if ((size_t)(e - s) < k || memcmp(s, marker, k) != 0) return 0;
  for (s += k; s < e; s++)
    if (*s != ' ' && *s != '\t' && *s != '\r') return 0;
  return 1;
}

/* Splits data (BOM already skipped) at the "---" lines. The block may also
 * end with "...", YAML's own end-of-document marker, as Jekyll allows. */
static int split_post(const char *data, size_t len, ns_post *post,
                      ns_parse_error *err) {
  const char *end = data + len;
  const char *nl = memchr(data, '\n', len);
  if (!is_marker_line(data, nl ? nl : end, "---"))
    return fail(err, 1, "front matter must start with a \"---\" line");
  for (const char *line = nl ? nl + 1 : end; line < end;) {
    const char *e = memchr(line, '\n', (size_t)(end - line));
    if (e == NULL) e = end;
    if (is_marker_line(line, e, "---") || is_marker_line(line, e, "...")) {
      post->yaml = nl + 1;
      post->yaml_len = (size_t)(line - post->yaml);
      post->body = e < end ? e + 1 : end;
      post->body_len = (size_t)(end - post->body);
      return 0;
    }
    line = e + 1;
  }
  return fail(err, 1,
              "front matter has no closing \"---\" line (it runs to the end "
              "of the file)");
}

/* ---- the YAML block ------------------------------------------------------ */

/* The file line of a node. */
static int node_line(const yaml_node_t *node) {
  return (int)node->start_mark.line + NS_YAML_FIRST_LINE;
}

/* An empty value, "~" or "null" written plainly: YAML's null. */
static int is_null(const yaml_node_t *node) {
  if (node->type != YAML_SCALAR_NODE ||
      node->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
    return 0;
  const char *s = (const char *)node->data.scalar.value;
  return s[0] == '\0' || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 ||
         strcmp(s, "Null") == 0 || strcmp(s, "NULL") == 0;
}

/* Sets *dst to the scalar value of node, trimmed; null leaves *dst alone. */
static int read_scalar(const yaml_node_t *node, const char *key, char **dst,
                       ns_parse_error *err) {
  if (is_null(node)) return 0;
  if (node->type != YAML_SCALAR_NODE)
    return fail(err, node_line(node),
                "\"%s\" in the front matter must be a single value, not a "
                "list or mapping",
                key);
  const char *s = (const char *)node->data.scalar.value;
  size_t n = node->data.scalar.length;
  trim(&s, &n);
  return set_text(dst, s, n) == 0 ? 0 : out_of_memory(err);
}

static int add_item(const yaml_node_t *node, const char *key, ns_strlist *l,
                    ns_parse_error *err) {
  char *s = NULL;
  if (read_scalar(node, key, &s, err) != 0) return -1;
  int rc = s && s[0] && ns_strlist_add(l, s, strlen(s)) != 0;
  free(s);
  return rc ? out_of_memory(err) : 0;
}

/* A list field: a sequence of values, or one value taken whole (so
 * "categories: IT/과학" is one category, not split at spaces as Jekyll
 * would split it, since Korean category names hold spaces). */
static int read_list(yaml_document_t *doc, yaml_node_t *node, const char *key,
                     ns_strlist *l, ns_parse_error *err) {
  if (node->type != YAML_SEQUENCE_NODE) return add_item(node, key, l, err);
  for (yaml_node_item_t *it = node->data.sequence.items.start;
       it < node->data.sequence.items.top; it++) {
    if (add_item(yaml_document_get_node(doc, *it), key, l, err) != 0) return -1;
  }
  return 0;
}

/* An id, when not empty, replaces the key the caller gave: it keeps the
 * article's identity when the file is renamed or moved. */
static int read_id(const yaml_node_t *node, ns_article *out,
                   ns_parse_error *err) {
  char *id = NULL;
  if (read_scalar(node, "id", &id, err) != 0) return -1;
  if (id && id[0]) {
    free(out->key);
    out->key = id;
  } else {
    free(id);
  }
  return 0;
}

/* One key of the block. Keys newssearch does not use (layout, author, ...)
 * are ignored whatever their value. A date that cannot be read does not stop
 * the article: it is kept in date_unread for the caller to report, and the
 * file name's date, or none, is used instead. */
static int read_pair(yaml_document_t *doc, const char *key, yaml_node_t *value,
                     ns_article *out, ns_parse_error *err) {
  char *date = NULL;
  int rc = 0;
  if (strcmp(key, "title") == 0)
    rc = read_scalar(value, key, &out->title, err);
  else if (strcmp(key, "excerpt") == 0)
    rc = read_scalar(value, key, &out->excerpt, err);
  else if (strcmp(key, "url") == 0)
    rc = read_scalar(value, key, &out->url, err);
  else if (strcmp(key, "permalink") == 0 && out->url == NULL)
    rc = read_scalar(value, key, &out->url, err);
  else if (strcmp(key, "id") == 0)
    rc = read_id(value, out, err);
  else if (strcmp(key, "categories") == 0 || strcmp(key, "category") == 0)
    rc = read_list(doc, value, key, &out->categories, err);
  else if (strcmp(key, "tags") == 0)
    rc = read_list(doc, value, key, &out->tags, err);
  else if (strcmp(key, "date") == 0) {
    rc = read_scalar(value, key, &date, err);
    if (rc == 0 && date && ns_date_normalize(date, out->date) != 0) {
      free(out->date_unread);
      out->date_unread = date;
      out->date_line = node_line(value);
      date = NULL;
    }
    free(date);
  }
  return rc;
}

static int yaml_failure(const yaml_parser_t *parser, ns_parse_error *err) {
  if (parser->error == YAML_MEMORY_ERROR) return out_of_memory(err);
  return fail(err, (int)parser->problem_mark.line + NS_YAML_FIRST_LINE,
              "front matter is not valid YAML (%s)",
              parser->problem ? parser->problem : "unreadable");
}

static int read_mapping(yaml_document_t *doc, ns_article *out,
                        ns_parse_error *err) {
  yaml_node_t *root = yaml_document_get_root_node(doc);
  if (root == NULL || is_null(root)) return 0; /* an empty block */
  if (root->type != YAML_MAPPING_NODE)
    return fail(err, node_line(root),
                "front matter must be YAML keys and values (\"title: ...\")");
  for (yaml_node_pair_t *pair = root->data.mapping.pairs.start;
       pair < root->data.mapping.pairs.top; pair++) {
    yaml_node_t *key = yaml_document_get_node(doc, pair->key);
    yaml_node_t *value = yaml_document_get_node(doc, pair->value);
    if (key->type != YAML_SCALAR_NODE) continue;
    if (read_pair(doc, (const char *)key->data.scalar.value, value, out, err))
      return -1;
  }
  return 0;
}

/* libyaml's scanner checks every open flow collection ("[", "{") at every
 * token, so a block nested 10,000 deep takes it half a second and 100,000
 * deep half a minute; its loader looks every alias up among all anchors.
 * Real front matter nests two levels and has no aliases. The events are
 * read first, which stops at the first level past the limit, and the
 * document is loaded only when its shape is within bounds. */
#define NS_YAML_MAX_DEPTH 32
#define NS_YAML_MAX_ALIASES 64
#define NS_YAML_MAX_BYTES (1 << 20) /* the loaded document takes 100 times */

/* Checks the block's nesting and aliases. Returns 0 (also when the YAML is
 * broken: loading it reports that), or -1 with *err. */
static int check_shape(const char *yaml, size_t n, ns_parse_error *err) {
  yaml_parser_t parser;
  if (!yaml_parser_initialize(&parser)) return out_of_memory(err);
  yaml_parser_set_input_string(&parser, (const unsigned char *)yaml, n);
  int depth = 0, aliases = 0, rc = 0, done = 0;
  while (!done && rc == 0) {
    yaml_event_t ev;
    if (!yaml_parser_parse(&parser, &ev)) break;
    int line = (int)ev.start_mark.line + NS_YAML_FIRST_LINE;
    if (ev.type == YAML_SEQUENCE_START_EVENT ||
        ev.type == YAML_MAPPING_START_EVENT) {
      if (++depth > NS_YAML_MAX_DEPTH)
        rc = fail(err, line,
                  "front matter nested more than %d levels deep; "
                  "not read",
                  NS_YAML_MAX_DEPTH);
    } else if (ev.type == YAML_SEQUENCE_END_EVENT ||
               ev.type == YAML_MAPPING_END_EVENT) {
      depth--;
    } else if (ev.type == YAML_ALIAS_EVENT && ++aliases > NS_YAML_MAX_ALIASES) {
      rc = fail(err, line,
                "front matter has more than %d aliases (*name); "
                "not read",
                NS_YAML_MAX_ALIASES);
    }
    done = ev.type == YAML_STREAM_END_EVENT;
    yaml_event_delete(&ev);
  }
  yaml_parser_delete(&parser);
  return rc;
}

/* Reads the YAML block into out (title, date, lists, ...). */
static int read_yaml(const char *yaml, size_t n, ns_article *out,
                     ns_parse_error *err) {
  if (n > NS_YAML_MAX_BYTES)
    return fail(err, NS_YAML_FIRST_LINE,
                "front matter is %zu KB, over the %d KB it may hold; not read",
                n >> 10, NS_YAML_MAX_BYTES >> 10);
  if (check_shape(yaml, n, err) != 0) return -1;
  yaml_parser_t parser;
  yaml_document_t doc;
  if (!yaml_parser_initialize(&parser)) return out_of_memory(err);
  yaml_parser_set_input_string(&parser, (const unsigned char *)yaml, n);
  int rc;
  if (!yaml_parser_load(&parser, &doc)) {
    rc = yaml_failure(&parser, err);
  } else {
    rc = read_mapping(&doc, out, err);
    yaml_document_delete(&doc);
  }
  yaml_parser_delete(&parser);
  return rc;
}

/* ---- bodies ---------------------------------------------------------------
 */

/* Jekyll bodies are HTML or Markdown with nothing to say which: a body
 * holding a block-level tag is HTML. Reading HTML as Markdown would be the
 * worse mistake (CommonMark drops whole raw HTML blocks), while Markdown
 * read as HTML still keeps every word. */
static int looks_like_html(const char *s, size_t n) {
  static const char *const tags[] = {
      "p",     "div",        "br",  "h1",      "h2",      "h3",
      "h4",    "h5",         "h6",  "ul",      "ol",      "li",
      "table", "blockquote", "pre", "section", "article", NULL};
  return ns_html_has_tag(s, n, tags);
}

/* The text of the first <h1>..<h6> of an HTML body, for posts whose only
 * headings are below <h1>: the element's source is cut out and converted on
 * its own. A level whose end tag is missing is not looked for again (each
 * search would run to the end of the body). Returns 0 with *title (NULL
 * when there is none), or -1 with *err. */
static int first_heading_html(const char *s, size_t n, char **title,
                              ns_parse_error *err) {
  const char *end = s + n;
  int unclosed[7] = {0};
  *title = NULL;
  for (const char *p = s; p + 3 < end; p++) {
    if (p[0] != '<' || (p[1] | 0x20) != 'h' || p[2] < '1' || p[2] > '6' ||
        unclosed[p[2] - '0'])
      continue;
    const char name[3] = {'h', p[2], '\0'};
    if (!ns_html_opens_tag(p + 1, (size_t)(end - p - 1), name)) continue;
    const char *q = p + 3;
    for (; q + 4 <= end; q++)
      if (q[0] == '<' && q[1] == '/' && (q[2] | 0x20) == 'h' && q[3] == p[2])
        break;
    if (q + 4 > end) {
      unclosed[p[2] - '0'] = 1;
      continue;
    }
    char *text = NULL;
    if (ns_html_to_text(p, (size_t)(q - p), &text, NULL, err) != 0) return -1;
    for (char *c = text; *c; c++)
      if (*c == '\n' || *c == '\t') *c = ' '; /* a title is one line */
    if (text[0] != '\0') {
      *title = text;
      return 0;
    }
    free(text);
  }
  return 0;
}

/* Converts a body to out->body; *heading receives the title the body
 * offers (NULL for none). html says which converter to use; first_line is
 * the body's first line in the file, for the lines of errors. */
static int read_body(const char *s, size_t n, int html, int first_line,
                     ns_article *out, char **heading, ns_parse_error *err) {
  *heading = NULL;
  int rc = html ? ns_html_to_text(s, n, &out->body, heading, err)
                : ns_markdown_to_text(s, n, &out->body, heading, err);
  if (rc != 0 && err->line > 0) err->line += first_line - 1;
  return rc;
}

/* ---- the formats ------------------------------------------------------------
 */

static int has_html_extension(const char *name) {
  const char *dot = name ? strrchr(name, '.') : NULL;
  if (dot == NULL) return 0;
  char ext[6] = {0};
  for (int i = 0; i < 5 && dot[i + 1]; i++)
    ext[i] = (char)(dot[i + 1] | 0x20);
  return strcmp(ext, "html") == 0 || strcmp(ext, "htm") == 0;
}

static int parse_post(const char *file_name, const char *data, size_t len,
                      ns_article *out, char **heading, ns_parse_error *err) {
  ns_post post = {0};
  if (split_post(data, len, &post, err) != 0 ||
      read_yaml(post.yaml, post.yaml_len, out, err) != 0)
    return -1;
  int html = has_html_extension(file_name) ||
             looks_like_html(post.body, post.body_len);
  int body_line = 1;
  for (const char *c = data; c < post.body; c++)
    body_line += *c == '\n';
  if (read_body(post.body, post.body_len, html, body_line, out, heading, err) !=
      0)
    return -1;
  if (html && *heading == NULL && (out->title == NULL || !out->title[0]))
    return first_heading_html(post.body, post.body_len, heading, err);
  return 0;
}

/* Plain text: the first non-empty line is the title, the rest the body,
 * with CRLF line ends made LF. */
static int parse_text(const char *data, size_t len, ns_article *out,
                      ns_parse_error *err) {
  const char *s = data, *end = data + len;
  while (s < end && is_blank(*s))
    s++;
  const char *nl = memchr(s, '\n', (size_t)(end - s));
  const char *title = s, *rest = nl ? nl + 1 : end;
  size_t title_len = (size_t)((nl ? nl : end) - s);
  size_t rest_len = (size_t)(end - rest);
  trim(&title, &title_len);
  trim(&rest, &rest_len);
  if (set_text(&out->title, title, title_len) != 0 ||
      set_text(&out->body, rest, rest_len) != 0)
    return out_of_memory(err);
  size_t o = 0;
  for (size_t i = 0; i < rest_len; i++)
    if (!(rest[i] == '\r' && i + 1 < rest_len && rest[i + 1] == '\n'))
      out->body[o++] = rest[i];
  out->body[o] = '\0';
  return 0;
}

/* What every format ends with: a title ("" when none was found), the date
 * from the file name when the file gave none, and no empty articles. Takes
 * heading, the title the body offered (or NULL). */
static int finish(const char *file_name, char *heading, ns_article *out,
                  ns_parse_error *err) {
  if (out->title == NULL || out->title[0] == '\0') {
    if (heading) {
      free(out->title);
      out->title = heading;
      heading = NULL;
    } else if (out->title == NULL && set_text(&out->title, "", 0) != 0) {
      return out_of_memory(err);
    }
  }
  free(heading);
  if (out->date[0] == '\0') ns_date_from_file_name(file_name, out->date);
  if (out->title[0] == '\0' && (out->body == NULL || out->body[0] == '\0'))
    return fail(err, 0, "no title and no text");
  return 0;
}

int ns_parse_article_file(ns_format fmt, const char *key, const char *file_name,
                          const char *data, size_t len, ns_article *out,
                          ns_parse_error *err) {
  char *heading = NULL;
  int rc = 0;
  err->line = 0;
  err->message[0] = '\0';
  if (data == NULL) {
    data = "";
    len = 0;
  }
  if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) { /* a BOM */
    data += 3;
    len -= 3;
  }
  if (set_text(&out->key, key ? key : "", key ? strlen(key) : 0) != 0)
    return out_of_memory(err);
  switch (fmt) {
  case NS_FORMAT_FRONT_MATTER:
    rc = parse_post(file_name, data, len, out, &heading, err);
    break;
  case NS_FORMAT_HTML:
  case NS_FORMAT_MARKDOWN:
    rc = read_body(data, len, fmt == NS_FORMAT_HTML, 1, out, &heading, err);
    break;
  case NS_FORMAT_TEXT:
    rc = parse_text(data, len, out, err);
    break;
  default:
    rc = fail(err, 0, "not an article file format");
  }
  if (rc == 0)
    rc = finish(file_name, heading, out, err);
  else
    free(heading);
  if (rc != 0) ns_article_clear(out);
  return rc;
}
