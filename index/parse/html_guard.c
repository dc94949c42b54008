/*
 * html_guard.c: what gumbo is given. gumbo builds the tree as a browser
 * does, and some of what a browser does costs time that grows faster than
 * the page: every block start tag looks down the stack of open elements
 * for a <p> to close, so 100,000 nested <div>s take 25 s; formatting
 * elements (<b>, <font>, <a>...) left open are cloned into every block
 * that follows, so 87 KB of them take 6 s and 1.9 GB; and the tree's
 * destructor recurses, so 262,000 levels overflow the stack.
 *
 * One pass over the page, linear in its length, before gumbo sees it:
 *   - formatting tags are left out. They change no word of the text
 *     newssearch extracts (they are inline, not blocks, not hidden), and
 *     without them gumbo never reconstructs or clones anything;
 *   - the nesting gumbo will build is measured, from above: an element is
 *     counted open from its start tag until an end tag (or a start tag)
 *     that HTML's rules say closes it, and counted on when in doubt. A
 *     page deeper than NS_HTML_MAX_DEPTH is refused before gumbo starts.
 *
 * The pass reads tags as HTML's tokenizer does: comments, doctypes, quoted
 * attribute values and the raw text of <script>, <style>, <textarea>,
 * <title> and the like hold no tags. Measured on this machine (tests and
 * docs/RELIABILITY.md): one chain 512 deep costs gumbo 2.4 ms, real
 * articles nest at most 6 deep.
 */
#include "parse_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- element kinds ------------------------------------------------------ */

static int is_one_of(const char *name, const char *const *list) {
  for (int i = 0; list[i]; i++)
    if (strcasecmp(name, list[i]) == 0) return 1;
  return 0;
}

/* HTML's formatting elements: the ones it reconstructs and clones. */
static int is_formatting(const char *name) {
  static const char *const list[] = {
      "a", "b",     "big",    "code",   "em", "font", "i", "nobr",
      "s", "small", "strike", "strong", "tt", "u",    NULL};
  return is_one_of(name, list);
}

/* Elements without content: never open. */
static int is_void(const char *name) {
  static const char *const list[] = {
      "area",  "base",  "basefont", "bgsound", "br",    "col",    "embed",
      "frame", "hr",    "img",      "image",   "input", "keygen", "link",
      "meta",  "param", "source",   "track",   "wbr",   NULL};
  return is_one_of(name, list);
}

/* Elements whose content is text up to their own end tag. */
static int is_raw_text(const char *name) {
  static const char *const list[] = {"script",   "style",   "xmp",
                                     "iframe",   "noembed", "noframes",
                                     "textarea", "title",   NULL};
  return is_one_of(name, list);
}

/* HTML's "special" elements: an end tag for an ordinary element does not
 * pass them, and a new <li> or <dd> does not look past them for the one to
 * close. */
static int is_special(const char *name) {
  static const char *const list[] = {
      "address",    "applet",   "area",       "article",  "aside",  "base",
      "basefont",   "bgsound",  "blockquote", "body",     "br",     "button",
      "caption",    "center",   "col",        "colgroup", "dd",     "details",
      "dir",        "div",      "dl",         "dt",       "embed",  "fieldset",
      "figcaption", "figure",   "footer",     "form",     "frame",  "frameset",
      "h1",         "h2",       "h3",         "h4",       "h5",     "h6",
      "head",       "header",   "hgroup",     "hr",       "html",   "iframe",
      "img",        "input",    "keygen",     "li",       "link",   "listing",
      "main",       "marquee",  "menu",       "meta",     "nav",    "noembed",
      "noframes",   "noscript", "object",     "ol",       "p",      "param",
      "plaintext",  "pre",      "script",     "section",  "select", "source",
      "style",      "summary",  "table",      "tbody",    "td",     "template",
      "textarea",   "tfoot",    "th",         "thead",    "title",  "tr",
      "track",      "ul",       "wbr",        "xmp",      "svg",    "math",
      NULL};
  return is_one_of(name, list);
}

static int is_heading(const char *name) {
  return (name[0] | 0x20) == 'h' && name[1] >= '1' && name[1] <= '6' &&
         name[2] == '\0';
}

/* Block starts that end an open <p> (HTML: "close a p element"). */
static int closes_p(const char *name) {
  static const char *const list[] = {
      "address", "article", "aside",  "blockquote", "center",   "details",
      "dialog",  "dir",     "div",    "dl",         "fieldset", "figcaption",
      "figure",  "footer",  "header", "hgroup",     "main",     "menu",
      "nav",     "ol",      "p",      "section",    "summary",  "ul",
      "h1",      "h2",      "h3",     "h4",         "h5",       "h6",
      "pre",     "listing", "form",   "hr",         "xmp",      NULL};
  return is_one_of(name, list);
}

/* Whether a search for an element to close stops at the open element open
 * (HTML's scopes, simplified only where that keeps more elements open):
 *   'x' any special element but address, div and p (a new <li>, <dd>);
 *   'o' any special element at all (an ordinary end tag);
 *   'd' the default scope's edges; 'b' those and <button> (a <p>);
 *   'l' those and <ul>, <ol> (</li>); 't' a table's edges;
 *   'r' a row's (a new cell); 'g' a row group's (a new row);
 *   's' a select's; 'y' ruby's. */
static int stops_at(const char *open, char stop) {
  static const char *const def[] = {"applet",   "caption", "html",    "table",
                                    "td",       "th",      "marquee", "object",
                                    "template", "svg",     "math",    NULL};
  static const char *const table[] = {"html", "table", "template", NULL};
  static const char *const row[] = {"tr", "html", "table", "template", NULL};
  static const char *const group[] = {"tbody", "thead",    "tfoot", "html",
                                      "table", "template", NULL};
  static const char *const sel[] = {"select", "datalist", NULL};
  switch (stop) {
  case 'x':
    return is_special(open) && strcasecmp(open, "address") != 0 &&
           strcasecmp(open, "div") != 0 && strcasecmp(open, "p") != 0;
  case 'o':
    return is_special(open);
  case 't':
    return is_one_of(open, table);
  case 'r':
    return is_one_of(open, row);
  case 'g':
    return is_one_of(open, group);
  case 's':
    return is_one_of(open, sel) || is_one_of(open, def);
  case 'y':
    return strcasecmp(open, "ruby") == 0 || is_one_of(open, def);
  case 'b':
    return strcasecmp(open, "button") == 0 || is_one_of(open, def);
  case 'l':
    return strcasecmp(open, "ul") == 0 || strcasecmp(open, "ol") == 0 ||
           is_one_of(open, def);
  default:
    return is_one_of(open, def);
  }
}

/* What a start tag closes first, as HTML does: the names it looks for and
 * where the search stops. A <li> ends the open <li>; a cell the open cell;
 * a row the open row (and the cell in it). */
typedef struct closer {
  const char *tag;
  const char *closes[5];
  char stop;
} closer;

static const closer kClosers[] = {
    {"li", {"li"}, 'x'},
    {"dt", {"dt", "dd"}, 'x'},
    {"dd", {"dt", "dd"}, 'x'},
    {"td", {"td", "th"}, 'r'},
    {"th", {"td", "th"}, 'r'},
    {"tr", {"tr"}, 'g'},
    {"thead", {"thead", "tbody", "tfoot"}, 't'},
    {"tbody", {"thead", "tbody", "tfoot"}, 't'},
    {"tfoot", {"thead", "tbody", "tfoot"}, 't'},
    {"option", {"option"}, 's'},
    {"optgroup", {"option", "optgroup"}, 's'},
    {"rb", {"rb", "rt", "rtc", "rp"}, 'y'},
    {"rt", {"rb", "rt", "rp"}, 'y'},
    {"rtc", {"rb", "rt", "rtc", "rp"}, 'y'},
    {"rp", {"rb", "rt", "rp"}, 'y'},
};

static const closer *closer_of(const char *name) {
  for (size_t i = 0; i < sizeof kClosers / sizeof *kClosers; i++)
    if (strcasecmp(name, kClosers[i].tag) == 0) return &kClosers[i];
  return NULL;
}

/* How many levels an open element adds: a <table> gets an implied <tbody>
 * and a cell an implied <tr>, which the page need not write. */
static int levels(const char *name) {
  return strcasecmp(name, "table") == 0 || strcasecmp(name, "td") == 0 ||
                 strcasecmp(name, "th") == 0
             ? 2
             : 1;
}

/* ---- the stack of open elements ---------------------------------------- */

#define NAME_MAX_LEN 24 /* longer names are cut: only equality matters */
/* How far down the stack a closing tag looks for its element; past it,
 * the element is counted open (more depth, never less). */
#define LOOK_DOWN 64

typedef struct open_element {
  char name[NAME_MAX_LEN + 1];
  int levels;
  int foreign; /* inside <svg> or <math>, where "/>" closes */
} open_element;

typedef struct guard {
  open_element *stack;
  int n, cap;
  int depth; /* levels open, counting html, head and body */
  int max_depth;
  int line, worst_line;
} guard;

static int push(guard *g, const char *name, int foreign) {
  if (g->n == g->cap) {
    int cap = g->cap ? g->cap * 2 : 64;
    open_element *s = realloc(g->stack, (size_t)cap * sizeof *s);
    if (s == NULL) return -1;
    g->stack = s;
    g->cap = cap;
  }
  open_element *e = &g->stack[g->n++];
  strncpy(e->name, name, NAME_MAX_LEN);
  e->name[NAME_MAX_LEN] = '\0';
  e->levels = levels(name);
  e->foreign = foreign;
  g->depth += e->levels;
  if (g->depth > g->max_depth) {
    g->max_depth = g->depth;
    g->worst_line = g->line;
  }
  return 0;
}

/* Pops down to (and including) the element at index i. */
static void pop_to(guard *g, int i) {
  while (g->n > i)
    g->depth -= g->stack[--g->n].levels;
}

/* The index of the nearest open element named in names (NULL-terminated),
 * searching down from the top no further than an element where stop says
 * to (see stops_at), or than LOOK_DOWN elements; -1 when there is none. */
static int find_open(const guard *g, const char *const *names, char stop) {
  for (int i = g->n - 1, k = 0; i >= 0 && k < LOOK_DOWN; i--, k++) {
    const char *open = g->stack[i].name;
    if (is_one_of(open, names)) return i;
    if (stops_at(open, stop)) return -1;
  }
  return -1;
}

static int start_tag(guard *g, const char *name, int self_closing) {
  int foreign = g->n > 0 && g->stack[g->n - 1].foreign;
  if (!foreign) {
    static const char *const p[] = {"p", NULL};
    const closer *c = closer_of(name);
    int i = c ? find_open(g, c->closes, c->stop) : -1;
    if (i < 0 && closes_p(name)) i = find_open(g, p, 'b');
    if (i >= 0) pop_to(g, i);
    /* a heading inside a heading ends it */
    if (is_heading(name) && g->n > 0 && is_heading(g->stack[g->n - 1].name))
      pop_to(g, g->n - 1);
  }
  if (is_void(name) || (self_closing && foreign)) return 0;
  int enters_foreign =
      strcasecmp(name, "svg") == 0 || strcasecmp(name, "math") == 0;
  return push(g, name, foreign || enters_foreign);
}

/* An end tag closes its element where HTML looks for it: an ordinary
 * element above the nearest special one, a special element within its
 * scope. Otherwise it is ignored. */
static void end_tag(guard *g, const char *name) {
  const char *names[] = {name, NULL};
  const closer *c = closer_of(name);
  char stop = !is_special(name)             ? 'o'
              : strcasecmp(name, "p") == 0  ? 'b'
              : strcasecmp(name, "li") == 0 ? 'l'
              : c && c->stop != 'x'         ? 't'
                                            : 'd';
  int i = find_open(g, names, stop);
  if (i >= 0) pop_to(g, i);
}

/* ---- reading tags ------------------------------------------------------- */

static int is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int is_alpha(char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

/* Counts the newlines in [s, e) into g's line. */
static void count_lines(guard *g, const char *s, const char *e) {
  for (const char *p = memchr(s, '\n', (size_t)(e - s)); p;
       p = memchr(p + 1, '\n', (size_t)(e - p - 1)))
    g->line++;
}

/* From just past a tag's name to just past its '>', skipping attributes as
 * HTML's tokenizer does (a '>' inside a quoted value does not end the tag).
 * *self_closing says whether it ended "/>". */
static const char *tag_end(const char *p, const char *end, int *self_closing) {
  *self_closing = 0;
  while (p < end) {
    char c = *p;
    if (c == '>') return p + 1;
    if (c == '/') {
      *self_closing = p + 1 < end && p[1] == '>';
      p++;
      continue;
    }
    if (is_space(c)) {
      p++;
      continue;
    }
    /* an attribute name, then maybe "=" and a value */
    while (p < end && !is_space(*p) && *p != '/' && *p != '>' && *p != '=')
      p++;
    while (p < end && is_space(*p))
      p++;
    if (p < end && *p == '=') {
      p++;
      while (p < end && is_space(*p))
        p++;
      if (p < end && (*p == '"' || *p == '\'')) {
        const char *q = memchr(p + 1, *p, (size_t)(end - p - 1));
        p = q ? q + 1 : end;
      } else {
        while (p < end && !is_space(*p) && *p != '>')
          p++;
      }
    }
  }
  return end;
}

/* Past the raw text of element name (p just past its start tag): up to its
 * end tag "</name", which is left to be read as a tag. */
static const char *raw_text_end(const char *p, const char *end,
                                const char *name) {
  size_t k = strlen(name);
  for (const char *q = p; (q = memchr(q, '<', (size_t)(end - q))) != NULL; q++)
    if (q + 2 + k <= end && q[1] == '/' && strncasecmp(q + 2, name, k) == 0 &&
        (q + 2 + k == end || is_space(q[2 + k]) || q[2 + k] == '>' ||
         q[2 + k] == '/'))
      return q;
  return end;
}

/* Where the markup construct starting with '<' at p ends, p if it is text. */
static const char *skip_markup_decl(const char *p, const char *end) {
  if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
    for (const char *q = p + 4; q + 3 <= end; q++)
      if (q[0] == '-' && q[1] == '-' &&
          (q[2] == '>' || (q + 4 <= end && q[2] == '!' && q[3] == '>')))
        return q + (q[2] == '>' ? 3 : 4);
    return end;
  }
  if (end - p >= 2 && (p[1] == '!' || p[1] == '?')) {
    const char *q = memchr(p, '>', (size_t)(end - p));
    return q ? q + 1 : end;
  }
  return p;
}

int ns_html_guard(const char *html, size_t len, int max_depth, char **out,
                  size_t *out_len, int *depth, int *line) {
  guard g = {NULL, 0, 0, 3, 3, 1, 1}; /* html, head or body, implied */
  char *o = malloc(len + 1);
  if (o == NULL) return -1;
  size_t n = 0;
  const char *p = html, *end = html + len;
  int rc = 0;
  while (p < end && rc == 0) {
    const char *lt = memchr(p, '<', (size_t)(end - p));
    const char *text_end = lt ? lt : end;
    memcpy(o + n, p, (size_t)(text_end - p));
    n += (size_t)(text_end - p);
    count_lines(&g, p, text_end);
    p = text_end;
    if (p == end) break;
    const char *decl = skip_markup_decl(p, end);
    int closing = p + 1 < end && p[1] == '/';
    const char *name = p + 1 + closing;
    if (decl == p && !(name < end && is_alpha(*name))) { /* "a < b": text */
      o[n++] = *p++;
      continue;
    }
    const char *name_end = name;
    if (decl == p)
      while (name_end < end && !is_space(*name_end) && *name_end != '/' &&
             *name_end != '>')
        name_end++;
    int self_closing = 0;
    const char *after =
        decl != p ? decl : tag_end(name_end, end, &self_closing);
    char tag[NAME_MAX_LEN + 1];
    size_t k = (size_t)(name_end - name);
    if (k > NAME_MAX_LEN) k = NAME_MAX_LEN;
    memcpy(tag, name, k);
    tag[k] = '\0';
    if (decl != p || !is_formatting(tag)) {
      memcpy(o + n, p, (size_t)(after - p)); /* kept as written */
      n += (size_t)(after - p);
    }
    count_lines(&g, p, after);
    if (decl == p && closing) {
      end_tag(&g, tag);
    } else if (decl == p && !is_formatting(tag)) {
      rc = start_tag(&g, tag, self_closing);
      if (rc == 0 && is_raw_text(tag) && !self_closing) {
        const char *raw_end = raw_text_end(after, end, tag);
        memcpy(o + n, after, (size_t)(raw_end - after));
        n += (size_t)(raw_end - after);
        count_lines(&g, after, raw_end);
        after = raw_end;
      } else if (rc == 0 && strcasecmp(tag, "plaintext") == 0) {
        memcpy(o + n, after, (size_t)(end - after)); /* text to the end */
        n += (size_t)(end - after);
        after = end;
      }
    }
    p = after;
    if (g.max_depth > max_depth) break; /* refused: no need to read on */
  }
  free(g.stack);
  if (rc != 0) {
    free(o);
    return -1;
  }
  o[n] = '\0';
  *out = o;
  *out_len = n;
  *depth = g.max_depth;
  *line = g.worst_line;
  return 0;
}
