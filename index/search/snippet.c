/*
 * snippet.c: the excerpt shown under a search result (ns_snippet_build):
 * the window of the text that holds the most query terms, with every match
 * marked, whitespace collapsed, HTML escaped on request, and always valid
 * UTF-8 whatever bytes the text holds.
 *
 * Windows are measured in characters (code points; an invalid byte counts
 * as one, as it is shown as one U+FFFD), because that is what a reader sees
 * and what a result list lays out. The search is a sliding window over the
 * matches, so a 10 MB text costs a few linear passes.
 */
#include "newssearch/snippet.h"
#include "newssearch/utf8.h"
#include "strbuf.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Characters of context shown before the first match of a window. */
#define NS_CONTEXT_CHARS 20
/* How far a cut may move to land on whitespace instead of inside a word. */
#define NS_SNAP_CHARS 10

static const char kEllipsis[] = "\xE2\x80\xA6";    /* U+2026 */
static const char kReplacement[] = "\xEF\xBF\xBD"; /* U+FFFD */

/* ---- UTF-8 --------------------------------------------------------------- */

/* Where the character at pos ends; an invalid byte is a character of its
 * own. */
static size_t char_end(const char *text, size_t len, size_t pos) {
  uint32_t cp;
  int l = ns_utf8_decode_n(text + pos, len - pos, &cp);
  return pos + (l ? (size_t)l : 1);
}

/* Whether the character at pos is whitespace. */
static int space_at(const char *text, size_t len, size_t pos) {
  uint32_t cp;
  int l = ns_utf8_decode_n(text + pos, len - pos, &cp);
  return l && ns_is_space(cp);
}

/* A place in the text: byte offset and character number. */
typedef struct ns_cursor {
  size_t off, ch;
} ns_cursor;

/* Moves c to character number ch, or to the end of the text. */
static void seek(const char *text, size_t len, ns_cursor *c, size_t ch) {
  if (ch < c->ch) c->off = c->ch = 0;
  while (c->ch < ch && c->off < len) {
    c->off = char_end(text, len, c->off);
    c->ch++;
  }
}

/* ---- output -------------------------------------------------------------- */

static void put_char(ns_strbuf *b, const char *z, int l, uint32_t cp,
                     int escape) {
  if (l == 0 || cp == 0) {
    ns_strbuf_put(b, kReplacement, 3);
    return;
  }
  if (escape) {
    switch (cp) {
    case '&':
      ns_strbuf_puts(b, "&amp;");
      return;
    case '<':
      ns_strbuf_puts(b, "&lt;");
      return;
    case '>':
      ns_strbuf_puts(b, "&gt;");
      return;
    case '"':
      ns_strbuf_puts(b, "&quot;");
      return;
    case '\'':
      ns_strbuf_puts(b, "&#39;");
      return;
    default:
      break;
    }
  }
  ns_strbuf_put(b, z, (size_t)l);
}

/* What render() writes around the text. */
typedef struct ns_frame {
  size_t len;    /* of the whole text */
  size_t ws, we; /* the window, byte offsets */
  const ns_span *marks;
  int n_marks;
  const ns_snippet_style *style;
} ns_frame;

/* Writes text[ws..we) with whitespace runs collapsed and trimmed, and
 * marks clipped to the window. A mark opens just before its first visible
 * character, so a mark never opens on a collapsed space or ends up empty. */
static void render(ns_strbuf *b, const char *text, const ns_frame *f) {
  const ns_span *m = f->marks;
  int mi = 0, open = 0, pending = 0, any = 0;
  while (mi < f->n_marks && (size_t)m[mi].end <= f->ws)
    mi++;
  if (f->ws > 0) ns_strbuf_put(b, kEllipsis, 3);
  for (size_t pos = f->ws; pos < f->we;) {
    while (mi < f->n_marks && (size_t)m[mi].end <= pos) {
      if (open) ns_strbuf_puts(b, f->style->mark_close);
      open = 0;
      mi++;
    }
    uint32_t cp = 0;
    const char *z = text + pos;
    int l = ns_utf8_decode_n(text + pos, f->we - pos, &cp);
    pos += l ? (size_t)l : 1;
    if (l && ns_is_space(cp)) {
      pending = any;
      continue;
    }
    if (pending) ns_strbuf_put(b, " ", 1);
    pending = 0;
    if (!open && mi < f->n_marks && (size_t)m[mi].start < pos) {
      ns_strbuf_puts(b, f->style->mark_open);
      open = 1;
    }
    put_char(b, z, l, cp, f->style->escape_html);
    any = 1;
  }
  if (open) ns_strbuf_puts(b, f->style->mark_close);
  if (f->we < f->len) ns_strbuf_put(b, kEllipsis, 3);
}

/* ---- spans with their terms ---------------------------------------------- */

/* A match of one term, with its place in characters for window sizing. */
typedef struct ns_wspan {
  int start, end, term;
  size_t cs, ce;
} ns_wspan;

static int wspan_cmp(const void *a, const void *b) {
  const ns_wspan *x = a, *y = b;
  if (x->start != y->start) return x->start < y->start ? -1 : 1;
  return (x->term > y->term) - (x->term < y->term);
}

/* Matches every term in one pass, each span keeping its one term (merged
 * spans would hide which terms a window holds); sorts by start and adds
 * character positions. Returns 0 or -1 (out of memory). */
static int collect(const char *text, size_t len, const ns_mark_term *terms,
                   int n_terms, ns_wspan **all, size_t *n) {
  int mlen = len > INT_MAX ? INT_MAX : (int)len;
  ns_span *s = NULL;
  *all = NULL;
  *n = 0;
  int k = ns_match_spans_per_term(text, mlen, terms, n_terms, &s);
  if (k < 0) return -1;
  if (k == 0) return 0;
  ns_wspan *p = malloc((size_t)k * sizeof *p);
  if (p == NULL) {
    free(s);
    return -1;
  }
  for (int i = 0; i < k; i++)
    p[i] = (ns_wspan){s[i].start, s[i].end, s[i].term, 0, 0};
  free(s);
  *all = p;
  *n = (size_t)k;
  if (*n > 1) qsort(*all, *n, sizeof **all, wspan_cmp);
  ns_cursor c = {0, 0};
  for (size_t i = 0; i < *n; i++) {
    ns_wspan *w = &(*all)[i];
    while (c.off < (size_t)w->start) {
      c.off = char_end(text, len, c.off);
      c.ch++;
    }
    ns_cursor e = c;
    while (e.off < (size_t)w->end) {
      e.off = char_end(text, len, e.off);
      e.ch++;
    }
    w->cs = c.ch;
    w->ce = e.ch;
  }
  return 0;
}

/* Merges spans that overlap or touch into marks (malloc'd into *out).
 * Returns the count, or -1 when out of memory. */
static int merge_marks(const ns_wspan *w, size_t n, ns_span **out) {
  *out = NULL;
  if (n == 0) return 0;
  ns_span *m = malloc(n * sizeof *m);
  if (m == NULL) return -1;
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    if (k > 0 && w[i].start <= m[k - 1].end) {
      if (w[i].end > m[k - 1].end) m[k - 1].end = w[i].end;
    } else {
      m[k++] = (ns_span){w[i].start, w[i].end, w[i].term};
    }
  }
  *out = m;
  return (int)k;
}

/* ---- choosing the window ------------------------------------------------- */

/* The run of spans w[*first..*last) that fits in window characters and
 * holds the most distinct terms, then the most spans, then comes first.
 * Each span enters and leaves the window once: O(n). Returns 0 or -1. */
static int best_run(const ns_wspan *w, size_t n, int n_terms, size_t window,
                    size_t *first, size_t *last) {
  if (n == 0) return 0;
  int *count = calloc((size_t)n_terms, sizeof *count);
  if (count == NULL) return -1;
  size_t r = 0, best_d = 0, best_m = 0, distinct = 0;
  for (size_t i = 0; i < n; i++) {
    /* A span longer than the window still gets a window of its own. */
    while (r < n && (r == i || w[r].ce <= w[i].cs + window)) {
      if (count[w[r].term]++ == 0) distinct++;
      r++;
    }
    if (distinct > best_d || (distinct == best_d && r - i > best_m)) {
      best_d = distinct;
      best_m = r - i;
      *first = i;
      *last = r;
    }
    if (--count[w[i].term] == 0) distinct--;
  }
  free(count);
  return 0;
}

/* Where a window wanted at character s_c starts: just after whitespace
 * within NS_SNAP_CHARS before it, else within NS_SNAP_CHARS after it (but
 * not past byte limit, the first match), else at s_c itself. */
static ns_cursor snap_start(const char *text, size_t len, size_t s_c,
                            size_t limit) {
  ns_cursor c = {0, 0}, found = {0, 0};
  int have = 0;
  if (s_c <= NS_SNAP_CHARS) return c;
  seek(text, len, &c, s_c - NS_SNAP_CHARS - 1);
  while (c.ch < s_c && c.off < len) {
    int sp = space_at(text, len, c.off);
    seek(text, len, &c, c.ch + 1);
    if (sp) {
      found = c;
      have = 1;
    }
  }
  if (have) return found;
  ns_cursor target = c;
  while (c.ch < s_c + NS_SNAP_CHARS && c.off < limit) {
    int sp = space_at(text, len, c.off);
    seek(text, len, &c, c.ch + 1);
    if (sp && c.off <= limit) return c;
  }
  return target;
}

/* Where a window wanted up to character e_c ends (byte offset): at the end
 * of the text if that is within NS_SNAP_CHARS, else on whitespace within
 * NS_SNAP_CHARS before e_c (but not before byte min_end, the end of the last
 * match), else on whitespace within NS_SNAP_CHARS after it, else at e_c. */
static size_t snap_end(const char *text, size_t len, size_t total, size_t e_c,
                       size_t min_end) {
  if (e_c + NS_SNAP_CHARS >= total) return len;
  ns_cursor c = {0, 0};
  size_t found = 0;
  int have = 0;
  seek(text, len, &c, e_c > NS_SNAP_CHARS ? e_c - NS_SNAP_CHARS : 0);
  for (; c.ch <= e_c && c.off < len; seek(text, len, &c, c.ch + 1)) {
    if (c.off >= min_end && space_at(text, len, c.off)) {
      found = c.off;
      have = 1;
    }
  }
  if (have) return found;
  for (; c.ch <= e_c + NS_SNAP_CHARS && c.off < len;
       seek(text, len, &c, c.ch + 1))
    if (space_at(text, len, c.off)) return c.off;
  seek(text, len, &c, e_c);
  return c.off;
}

/* Places a window of about window characters around w[first..last) (or at
 * the start of the text when n is 0): some context before the first match,
 * the cuts moved onto whitespace, and a match near the end of the text gets
 * more context before it rather than a short window. */
static void place(const char *text, size_t len, size_t window,
                  const ns_wspan *w, size_t n, size_t first, size_t last,
                  ns_frame *f) {
  size_t cs = 0, ce = 0, fs = 0, le = 0;
  for (size_t i = first; n > 0 && i < last; i++) {
    if (w[i].ce > ce) ce = w[i].ce;
    if ((size_t)w[i].end > le) le = (size_t)w[i].end;
  }
  if (n > 0) {
    cs = w[first].cs;
    fs = (size_t)w[first].start;
  }
  int fits = ce - cs <= window;
  size_t ctx = fits ? window - (ce - cs) : 0;
  if (ctx > NS_CONTEXT_CHARS) ctx = NS_CONTEXT_CHARS;
  size_t s_c = cs > ctx ? cs - ctx : 0;
  /* The text's length in characters matters only up to a little past the
   * window (every comparison below is with a point before that), so a long
   * text is not walked to its end. */
  size_t horizon =
      (s_c + window > ce ? s_c + window : ce) + 2 * NS_SNAP_CHARS + 1;
  ns_cursor c = {0, 0};
  seek(text, len, &c, horizon);
  size_t total = c.ch;
  if (total <= window) {
    f->ws = 0;
    f->we = len;
    return;
  }
  if (s_c + window > total) s_c = total - window;
  ns_cursor start = snap_start(text, len, s_c, fs);
  size_t e_c = start.ch + window;
  if (fits && e_c < ce) e_c = ce;
  f->ws = start.off;
  f->we = snap_end(text, len, total, e_c, fits ? le : start.off);
}

/* Chooses the window and its marks. Returns the number of marks (filled
 * into *marks) or -1 when out of memory. */
static int window_marks(const char *text, size_t len, const ns_mark_term *terms,
                        int n_terms, size_t window, ns_frame *f,
                        ns_span **marks) {
  ns_wspan *w = NULL;
  size_t n = 0, first = 0, last = 0;
  int k = -1;
  *marks = NULL;
  if (collect(text, len, terms, n_terms, &w, &n) == 0 &&
      best_run(w, n, n_terms, window, &first, &last) == 0) {
    place(text, len, window, w, n, first, last, f);
    k = merge_marks(w, n, marks);
  }
  free(w);
  return k;
}

/* ---- the snippet --------------------------------------------------------- */

char *ns_snippet_build(const char *text, size_t len, const ns_mark_term *terms,
                       int n_terms, const ns_snippet_style *style) {
  static const ns_snippet_style plain = {0, "", "", 0};
  const ns_snippet_style *st = style ? style : &plain;
  ns_frame f = {len, 0, len, NULL, 0, st};
  ns_span *marks = NULL;
  ns_strbuf b = {NULL, 0, 0, 0};
  if (text == NULL) f.len = f.we = len = 0;
  if (terms == NULL || n_terms < 0) n_terms = 0;
  if (st->window_chars > 0 && len > 0) {
    f.n_marks = window_marks(text, len, terms, n_terms,
                             (size_t)st->window_chars, &f, &marks);
  } else if (style != NULL && n_terms > 0) {
    f.n_marks = ns_match_spans(text, len > INT_MAX ? INT_MAX : (int)len, terms,
                               n_terms, &marks);
  }
  f.marks = marks;
  ns_strbuf_put(&b, "", 0); /* an empty snippet is "", not NULL */
  if (f.n_marks >= 0) render(&b, text, &f);
  free(marks);
  if (f.n_marks < 0) {
    free(ns_strbuf_finish(&b));
    return NULL;
  }
  return ns_strbuf_finish(&b);
}
