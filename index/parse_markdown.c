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
 */
#include "newssearch/parse.h"

#include <cmark.h>
#include <stdlib.h>
#include <string.h>

/* Converts the HTML cmark renders for node to one line of text. Returns a
 * malloc'd string, or NULL when out of memory. */
static char *node_text(cmark_node *node) {
  cmark_mem *mem = cmark_get_default_mem_allocator();
  char *html = cmark_render_html(node, CMARK_OPT_DEFAULT);
  if (html == NULL) return NULL;
  char *text = ns_html_to_text(html, strlen(html), NULL);
  mem->free(html);
  if (text == NULL) return NULL;
  /* A heading holds a line, but a hard break (two trailing spaces) inside
   * one would still give "\n"; a title is a single line. */
  for (char *p = text; *p; p++)
    if (*p == '\n') *p = ' ';
  return text;
}

/* The first heading of level 1, else the first heading of any level, that
 * has some text. Returns 0 with *title set (NULL when there is none), or -1
 * when out of memory. */
static int first_heading(cmark_node *doc, char **title) {
  *title = NULL;
  for (int want = 1; want >= 0; want--) {
    for (cmark_node *n = cmark_node_first_child(doc); n;
         n = cmark_node_next(n)) {
      if (cmark_node_get_type(n) != CMARK_NODE_HEADING) continue;
      if (want == 1 && cmark_node_get_heading_level(n) != 1) continue;
      char *text = node_text(n);
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

char *ns_markdown_to_text(const char *md, size_t len, char **title) {
  if (title) *title = NULL;
  if (md == NULL) {
    md = "";
    len = 0;
  }
  cmark_node *doc = cmark_parse_document(md, len, CMARK_OPT_DEFAULT);
  if (doc == NULL) return NULL;
  char *text = NULL;
  char *html = cmark_render_html(doc, CMARK_OPT_DEFAULT);
  if (html != NULL) {
    text = ns_html_to_text(html, strlen(html), NULL);
    cmark_get_default_mem_allocator()->free(html);
  }
  if (text != NULL && title != NULL && first_heading(doc, title) != 0) {
    free(text);
    text = NULL;
  }
  cmark_node_free(doc);
  return text;
}
