/*
 * parse_html.c: HTML to the plain text that gets indexed and shown in
 * snippets. gumbo parses the page the way a browser does (entities, unclosed
 * tags, misnested markup); this file walks the tree and writes what a reader
 * would see: one line per block element, table cells separated by a tab,
 * whitespace collapsed as a browser collapses it, scripts and styles left
 * out. Offsets the tokenizer reports point into this text, so it must not
 * hold markup or invisible words.
 */
#include "newssearch/parse.h"
#include "parse_int.h"
#include "strbuf.h"

#include <gumbo.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- the text being written -------------------------------------------- */

/* Separators are owed, not written: a break or a space is only written
 * before the next visible character, so text never starts or ends with one
 * and a run of empty blocks leaves no run of empty lines. */
typedef struct ns_text {
  ns_strbuf out;   /* the text so far */
  int breaks;      /* newlines owed: 1 between blocks, 2 after <br><br> */
  int space;       /* a space owed */
  int tab;         /* a cell separator owed */
  int single_line; /* for titles: breaks and cells become spaces */
  int hidden;      /* depth inside elements whose text is not shown */
  int pre;         /* depth inside <pre>, where whitespace is kept */
  int cells;       /* cells seen in the current table row */
  GumboNode *title_node, *h1_node; /* the first of each, for the title */
} ns_text;

static void text_put(ns_text *t, const char *s, size_t n) {
  if (n > 0) ns_strbuf_put(&t->out, s, n);
}

/* Writes the separator owed before a visible character: a break wins over a
 * cell separator, which wins over a space. Nothing is owed at the start. */
static void text_settle(ns_text *t) {
  if (t->out.n > 0) {
    if (t->breaks > 0)
      text_put(t, "\n\n", (size_t)t->breaks);
    else if (t->tab)
      text_put(t, "\t", 1);
    else if (t->space)
      text_put(t, " ", 1);
  }
  t->breaks = t->tab = t->space = 0;
}

/* A block boundary (hard = 0) owes one newline; each <br> (hard = 1) owes
 * one more, up to one blank line. */
static void text_break(ns_text *t, int hard) {
  if (t->single_line) {
    t->space = 1;
  } else if (hard) {
    t->breaks = t->breaks < 2 ? t->breaks + 1 : 2;
  } else if (t->breaks == 0) {
    t->breaks = 1;
  }
}

/* Length of the whitespace character at s (n bytes left), or 0. U+00A0
 * (&nbsp;) counts: Korean pages put it between words, and the index must
 * see a word boundary there. */
static size_t space_len(const char *s, size_t n) {
  if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\f')
    return 1;
  return n >= 2 && s[0] == '\xC2' && s[1] == '\xA0' ? 2 : 0;
}

/* Text outside <pre>: every run of whitespace becomes one owed space. */
static void text_inline(ns_text *t, const char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    size_t w = space_len(s + i, n - i);
    if (w > 0) {
      t->space = 1;
      i += w;
      continue;
    }
    size_t j = i;
    while (j < n && space_len(s + j, n - j) == 0)
      j++;
    text_settle(t);
    text_put(t, s + i, j - i);
    i = j;
  }
}

/* Text inside <pre>: lines are kept, spaces are written as they are. */
static void text_pre(ns_text *t, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '\n') {
      text_break(t, 1);
    } else if (s[i] != '\r') {
      text_settle(t);
      text_put(t, s + i, 1);
    }
  }
}

/* Ends the text: a malloc'd, NUL-terminated string with the leading and
 * trailing whitespace that <pre> may have left removed, or NULL. */
static char *text_finish(ns_text *t) {
  ns_strbuf_put(&t->out, "", 0); /* an empty text is "", not NULL */
  char *p = ns_strbuf_finish(&t->out);
  if (p == NULL) return NULL;
  size_t a = 0, b = strlen(p);
  while (a < b && (p[a] == ' ' || p[a] == '\t' || p[a] == '\n'))
    a++;
  while (b > a && (p[b - 1] == ' ' || p[b - 1] == '\t' || p[b - 1] == '\n'))
    b--;
  memmove(p, p + a, b - a);
  p[b - a] = '\0';
  return p;
}

/* ---- the tree walk ------------------------------------------------------- */

/* Elements whose content a reader does not see as article text. <head> is
 * walked only for its <title>, which is read separately. */
static int is_hidden(GumboTag tag) {
  switch (tag) {
  case GUMBO_TAG_HEAD:
  case GUMBO_TAG_SCRIPT:
  case GUMBO_TAG_STYLE:
  case GUMBO_TAG_NOSCRIPT:
  case GUMBO_TAG_TEMPLATE:
  case GUMBO_TAG_IFRAME:
  case GUMBO_TAG_OBJECT:
  case GUMBO_TAG_EMBED:
  case GUMBO_TAG_CANVAS:
  case GUMBO_TAG_SVG:
  case GUMBO_TAG_TEXTAREA:
  case GUMBO_TAG_SELECT:
  case GUMBO_TAG_NOFRAMES:
  case GUMBO_TAG_NOEMBED:
    return 1;
  default:
    return 0;
  }
}

/* Elements a browser lays out as blocks: each starts and ends a line. */
static int is_block(GumboTag tag) {
  switch (tag) {
  case GUMBO_TAG_ADDRESS:
  case GUMBO_TAG_ARTICLE:
  case GUMBO_TAG_ASIDE:
  case GUMBO_TAG_BLOCKQUOTE:
  case GUMBO_TAG_BODY:
  case GUMBO_TAG_CAPTION:
  case GUMBO_TAG_CENTER:
  case GUMBO_TAG_DD:
  case GUMBO_TAG_DETAILS:
  case GUMBO_TAG_DIR:
  case GUMBO_TAG_DIV:
  case GUMBO_TAG_DL:
  case GUMBO_TAG_DT:
  case GUMBO_TAG_FIELDSET:
  case GUMBO_TAG_FIGCAPTION:
  case GUMBO_TAG_FIGURE:
  case GUMBO_TAG_FOOTER:
  case GUMBO_TAG_FORM:
  case GUMBO_TAG_H1:
  case GUMBO_TAG_H2:
  case GUMBO_TAG_H3:
  case GUMBO_TAG_H4:
  case GUMBO_TAG_H5:
  case GUMBO_TAG_H6:
  case GUMBO_TAG_HEADER:
  case GUMBO_TAG_HGROUP:
  case GUMBO_TAG_HR:
  case GUMBO_TAG_HTML:
  case GUMBO_TAG_LEGEND:
  case GUMBO_TAG_LI:
  case GUMBO_TAG_MAIN:
  case GUMBO_TAG_MENU:
  case GUMBO_TAG_NAV:
  case GUMBO_TAG_OL:
  case GUMBO_TAG_P:
  case GUMBO_TAG_PRE:
  case GUMBO_TAG_SECTION:
  case GUMBO_TAG_SUMMARY:
  case GUMBO_TAG_TABLE:
  case GUMBO_TAG_TBODY:
  case GUMBO_TAG_TFOOT:
  case GUMBO_TAG_THEAD:
  case GUMBO_TAG_TR:
  case GUMBO_TAG_LISTING:
  case GUMBO_TAG_XMP:
  case GUMBO_TAG_PLAINTEXT:
    return 1;
  default:
    return 0;
  }
}

static void enter_element(ns_text *t, GumboNode *node) {
  GumboTag tag = node->v.element.tag;
  if (tag == GUMBO_TAG_TITLE && t->title_node == NULL &&
      node->v.element.tag_namespace == GUMBO_NAMESPACE_HTML)
    t->title_node = node;
  if (tag == GUMBO_TAG_H1 && t->h1_node == NULL && t->hidden == 0)
    t->h1_node = node;
  if (is_hidden(tag)) t->hidden++;
  if (tag == GUMBO_TAG_PRE || tag == GUMBO_TAG_LISTING) t->pre++;
  if (tag == GUMBO_TAG_BR) text_break(t, 1);
  if (is_block(tag)) text_break(t, 0);
  if (tag == GUMBO_TAG_TR) t->cells = 0;
  if ((tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH) && t->cells++ > 0) {
    if (t->single_line)
      t->space = 1;
    else
      t->tab = 1;
  }
}

static void leave_element(ns_text *t, GumboNode *node) {
  GumboTag tag = node->v.element.tag;
  if (is_hidden(tag)) t->hidden--;
  if (tag == GUMBO_TAG_PRE || tag == GUMBO_TAG_LISTING) t->pre--;
  if (is_block(tag)) text_break(t, 0);
}

static void visit_text(ns_text *t, GumboNode *node) {
  if (t->hidden > 0) return;
  const char *s = node->v.text.text;
  if (t->pre > 0 && !t->single_line)
    text_pre(t, s, strlen(s));
  else
    text_inline(t, s, strlen(s));
}

static const GumboVector *children_of(GumboNode *node) {
  if (node->type == GUMBO_NODE_DOCUMENT) return &node->v.document.children;
  if (node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE)
    return &node->v.element.children;
  return NULL;
}

typedef struct ns_walk_frame {
  GumboNode *node;
  unsigned int next; /* index of the next child to visit */
} ns_walk_frame;

/* Depth-first walk of root's subtree with an explicit stack, so a page of
 * 100,000 nested <div>s costs heap, not the C stack. */
static void walk(ns_text *t, GumboNode *root) {
  size_t n = 0, cap = 64;
  ns_walk_frame *stack = malloc(cap * sizeof *stack);
  if (stack == NULL) {
    t->out.oom = 1;
    return;
  }
  stack[n++] = (ns_walk_frame){root, 0};
  if (root->type != GUMBO_NODE_DOCUMENT) enter_element(t, root);
  while (n > 0 && !t->out.oom) {
    ns_walk_frame *top = &stack[n - 1];
    const GumboVector *kids = children_of(top->node);
    if (top->next >= kids->length) {
      if (top->node->type != GUMBO_NODE_DOCUMENT) leave_element(t, top->node);
      n--;
      continue;
    }
    GumboNode *child = kids->data[top->next++];
    if (child->type == GUMBO_NODE_TEXT || child->type == GUMBO_NODE_CDATA ||
        child->type == GUMBO_NODE_WHITESPACE) {
      visit_text(t, child);
    } else if (children_of(child) != NULL) {
      if (n == cap) {
        ns_walk_frame *grown = realloc(stack, 2 * cap * sizeof *stack);
        if (grown == NULL) {
          t->out.oom = 1;
          break;
        }
        stack = grown;
        cap *= 2;
      }
      enter_element(t, child);
      stack[n++] = (ns_walk_frame){child, 0};
    }
  }
  free(stack);
}

/* ---- public -------------------------------------------------------------- */

/* The text of one element on one line, or NULL when it is empty (then
 * *oom says whether that was for lack of memory). */
static char *element_line(GumboNode *node, int *oom) {
  ns_text t = {0};
  t.single_line = 1;
  walk(&t, node);
  char *s = text_finish(&t);
  if (s == NULL) *oom = 1;
  if (s != NULL && s[0] == '\0') {
    free(s);
    s = NULL;
  }
  return s;
}

/* gumbo reports no allocation failure of its own (its default allocator is
 * malloc, unchecked), so out of memory here means ours; error messages are
 * not collected (max_errors = 0), which keeps broken pages cheap. */
/* ---- numeric character references ---------------------------------------
 * libgumbo 0.10.1 reads &#x...; into a signed int: past 2^31 it overflows,
 * skips its own range check, and puts a stray byte or a NUL in the text
 * (google/gumbo-parser#356), which breaks UTF-8 and cuts the text short.
 * References too large to be a code point are rewritten to U+FFFD first,
 * as HTML says they decode. */

/* The length of an oversize reference "&#...;" at s (n bytes), or 0. */
static size_t oversize_ref(const char *s, size_t n) {
  if (n < 3 || s[0] != '&' || s[1] != '#') return 0;
  int hex = s[2] == 'x' || s[2] == 'X';
  size_t i = hex ? 3 : 2, digits = 0;
  unsigned long long v = 0;
  for (; i < n; i++, digits++) {
    int d = s[i] >= '0' && s[i] <= '9' ? s[i] - '0'
            : hex && (s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'f'
                ? (s[i] | 0x20) - 'a' + 10
                : -1;
    if (d < 0) break;
    if (v <= 0x10FFFF) v = v * (hex ? 16 : 10) + (unsigned)d;
  }
  if (digits == 0 || v <= 0x10FFFF) return 0;
  return i < n && s[i] == ';' ? i + 1 : i;
}

/* A copy of html with oversize references replaced, or NULL with *oom
 * unset when there are none. */
static char *fix_numeric_refs(const char *html, size_t len, size_t *out_len,
                              int *oom) {
  char *out = NULL;
  size_t o = 0;
  *oom = 0;
  for (size_t i = 0; i < len; i++) {
    size_t ref = html[i] == '&' ? oversize_ref(html + i, len - i) : 0;
    if (ref == 0 && out == NULL) continue;
    if (out == NULL) {
      /* "&#xFFFD;" (8 bytes) replaces at least "&#1114112" (9 bytes) */
      if ((out = malloc(len + 1)) == NULL) {
        *oom = 1;
        return NULL;
      }
      memcpy(out, html, i);
      o = i;
    }
    if (ref) {
      memcpy(out + o, "&#xFFFD;", 8);
      o += 8;
      i += ref - 1;
    } else {
      out[o++] = html[i];
    }
  }
  if (out) {
    out[o] = '\0';
    *out_len = o;
  }
  return out;
}

int ns_html_to_text(const char *html, size_t len, char **text, char **title,
                    ns_parse_error *err) {
  *text = NULL;
  if (title) *title = NULL;
  err->line = 0;
  err->message[0] = '\0';
  if (html == NULL) {
    html = "";
    len = 0;
  }
  if (len > UINT_MAX) /* gumbo's positions are 32-bit */
    return ns_parse_fail(err, 0, "HTML over 4 GB, not read");
  int no_memory;
  size_t fixed_len = 0;
  char *fixed = fix_numeric_refs(html, len, &fixed_len, &no_memory);
  if (no_memory) return ns_parse_oom(err);
  char *page = NULL;
  size_t page_len = 0;
  int depth = 0, line = 0;
  int rc = ns_html_guard(fixed ? fixed : html, fixed ? fixed_len : len,
                         NS_HTML_MAX_DEPTH, &page, &page_len, &depth, &line);
  free(fixed);
  if (rc != 0) return ns_parse_oom(err);
  if (depth > NS_HTML_MAX_DEPTH) {
    free(page);
    return ns_parse_fail(err, line,
                         "HTML nested more than %d elements deep; not read "
                         "(real articles nest a few levels)",
                         NS_HTML_MAX_DEPTH);
  }
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;
  GumboOutput *out = gumbo_parse_with_options(&options, page, page_len);
  if (out == NULL) {
    free(page);
    return ns_parse_oom(err);
  }
  ns_text t = {0};
  walk(&t, out->document);
  *text = text_finish(&t);
  if (*text != NULL && title != NULL) {
    int oom = 0;
    char *s = t.title_node ? element_line(t.title_node, &oom) : NULL;
    if (s == NULL && !oom && t.h1_node) s = element_line(t.h1_node, &oom);
    if (oom) {
      free(*text);
      *text = NULL;
    }
    *title = s;
  }
  gumbo_destroy_output(&options, out);
  free(page); /* gumbo's tree points into it until destroyed */
  return *text ? 0 : ns_parse_oom(err);
}

/* ---- deciding whether text is HTML --------------------------------------- */

int ns_html_opens_tag(const char *s, size_t n, const char *name) {
  size_t i = n > 0 && s[0] == '/' ? 1 : 0, k = strlen(name);
  if (n < i + k + 1) return 0;
  for (size_t j = 0; j < k; j++)
    if ((s[i + j] | 0x20) != name[j]) return 0;
  char c = s[i + k];
  return c == '>' || c == '/' || c == ' ' || c == '\t' || c == '\r' ||
         c == '\n';
}

int ns_html_has_tag(const char *s, size_t n, const char *const *tags) {
  for (const char *p = memchr(s, '<', n); p;
       p = memchr(p + 1, '<', n - (size_t)(p + 1 - s)))
    for (int i = 0; tags[i]; i++)
      if (ns_html_opens_tag(p + 1, n - (size_t)(p + 1 - s), tags[i])) return 1;
  return 0;
}
