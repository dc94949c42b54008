/*
 * parse_markdown.c: Markdown to plain text. cmark renders CommonMark to
 * HTML, and the HTML goes through the same conversion as every other page,
 * so "**굵게**" and "[링크](url)" index as their words and both paths give
 * the same line structure.
 *
 * Raw HTML inside the Markdown is not rendered (CMARK_OPT_DEFAULT leaves
 * out CMARK_OPT_UNSAFE): a post cannot smuggle a <script> into the index.
 * cmark's own allocator aborts when memory runs out; that is cmark's policy
 * and cannot be changed from here.
 *
 * cmark itself is linear, but what it renders is not bounded by the input:
 * 100,000 nested "> " quotes become as many nested <blockquote>s, which the
 * HTML parser takes 28 s over, and a megabyte of "-" lines renders to five
 * of HTML in a tree of 290 MB. Such input is refused between parsing and
 * rendering: nesting past NS_MARKDOWN_MAX_DEPTH (real posts nest 5 deep),
 * more than NS_MARKDOWN_MAX_NODES elements, or HTML past
 * NS_MARKDOWN_MAX_GROWTH times the Markdown.
 */
#include "newssearch/parse.h"
#include "parse_int.h"

#include <cmark.h>
#include <stdlib.h>
#include <string.h>

#define NS_MARKDOWN_MAX_DEPTH 128
#define NS_MARKDOWN_MAX_GROWTH 4 /* prose renders to 1.1 times, lists 3 */
#define NS_MARKDOWN_GROWTH_SLACK (64 << 10) /* short posts may grow more */
#define NS_MARKDOWN_MAX_NODES 1000000       /* a long article has thousands */

/* Converts the HTML cmark renders for node to one line of text. Returns a
 * malloc'd string, or NULL with *err. */
static char *node_text(cmark_node *node, ns_parse_error *err) {
  cmark_mem *mem = cmark_get_default_mem_allocator();
  char *html = cmark_render_html(node, CMARK_OPT_DEFAULT);
  if (html == NULL) {
    ns_parse_oom(err);
    return NULL;
  }
  char *text = NULL;
  ns_html_to_text(html, strlen(html), &text, NULL, err);
  mem->free(html);
  /* A heading holds a line, but a hard break (two trailing spaces) inside
   * one would still give "\n"; a title is a single line. */
  for (char *p = text; p && *p; p++)
    if (*p == '\n') *p = ' ';
  return text;
}

/* The first heading of level 1, else the first heading of any level, that
 * has some text. Returns 0 with *title set (NULL when there is none), or -1
 * with *err. */
static int first_heading(cmark_node *doc, char **title, ns_parse_error *err) {
  *title = NULL;
  for (int want = 1; want >= 0; want--) {
    for (cmark_node *n = cmark_node_first_child(doc); n;
         n = cmark_node_next(n)) {
      if (cmark_node_get_type(n) != CMARK_NODE_HEADING) continue;
      if (want == 1 && cmark_node_get_heading_level(n) != 1) continue;
      char *text = node_text(n, err);
      if (text == NULL) return -1;
      if (text[0] != '\0') {
        *title = text;
        return 0;
      }
      free(text);
    }
  }
  return 0;
}

/* The deepest nesting of doc's nodes (blocks and inlines alike), the line
 * of the first node that deep, and the number of nodes in *nodes. */
static int deepest(cmark_node *doc, int *line, long *nodes) {
  cmark_iter *it = cmark_iter_new(doc);
  int depth = 0, worst = 0;
  *line = 0;
  *nodes = 0;
  if (it == NULL) return 0;
  for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
    cmark_node *n = cmark_iter_get_node(it);
    if (ev == CMARK_EVENT_ENTER) ++*nodes;
    if (ev == CMARK_EVENT_ENTER && cmark_node_first_child(n) != NULL) {
      if (++depth > worst) {
        worst = depth;
        *line = cmark_node_get_start_line(n);
      }
    } else if (ev == CMARK_EVENT_EXIT) {
      depth--;
    }
  }
  cmark_iter_free(it);
  return worst;
}

int ns_markdown_to_text(const char *md, size_t len, char **text, char **title,
                        ns_parse_error *err) {
  *text = NULL;
  if (title) *title = NULL;
  err->line = 0;
  err->message[0] = '\0';
  if (md == NULL) {
    md = "";
    len = 0;
  }
  cmark_node *doc = cmark_parse_document(md, len, CMARK_OPT_DEFAULT);
  if (doc == NULL) return ns_parse_oom(err);
  long nodes;
  int line, depth = deepest(doc, &line, &nodes), rc = 0;
  if (depth > NS_MARKDOWN_MAX_DEPTH)
    rc = ns_parse_fail(err, line,
                       "Markdown nested more than %d levels deep; not read "
                       "(real articles nest a few levels)",
                       NS_MARKDOWN_MAX_DEPTH);
  else if (nodes > NS_MARKDOWN_MAX_NODES)
    rc = ns_parse_fail(err, 0,
                       "Markdown of more than %d elements; not read (a long "
                       "article has a few thousand)",
                       NS_MARKDOWN_MAX_NODES);
  char *html = rc == 0 ? cmark_render_html(doc, CMARK_OPT_DEFAULT) : NULL;
  if (rc == 0 && html == NULL) rc = ns_parse_oom(err);
  size_t html_len = html ? strlen(html) : 0;
  if (rc == 0 &&
      html_len > NS_MARKDOWN_MAX_GROWTH * len + NS_MARKDOWN_GROWTH_SLACK)
    rc = ns_parse_fail(err, 0,
                       "Markdown renders to %zu KB of HTML, over %d times its "
                       "size; not read",
                       html_len >> 10, NS_MARKDOWN_MAX_GROWTH);
  if (rc == 0) rc = ns_html_to_text(html, html_len, text, NULL, err);
  if (html) cmark_get_default_mem_allocator()->free(html);
  if (rc == 0 && title != NULL && first_heading(doc, title, err) != 0) {
    free(*text);
    *text = NULL;
    rc = -1;
  }
  cmark_node_free(doc);
  return rc;
}
