/*
 * query_expr.c: FTS5 MATCH expressions from parsed terms. User text reaches
 * FTS5 only inside double-quoted strings (quotes were removed by the
 * parser), so stray operators, '*', '^', ':' or parentheses are just text.
 */
#include "newssearch/query.h"

#include "newssearch/tokenizer.h"
#include "newssearch/utf8.h"
#include "spacing.h"
#include "strbuf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An FTS5 string: the parser removed every '"', so none needs doubling. */
static void quoted(ns_strbuf *b, const char *s, size_t n, int prefix) {
  ns_strbuf_puts(b, "\"");
  ns_strbuf_put(b, s, n);
  ns_strbuf_puts(b, prefix ? "\"*" : "\"");
}

/* The offsets in s where a reader may have left out a space (spacing.h),
 * at most max of them. */
static int split_points(const char *s, int *at, int max) {
  int n = 0, len = (int)strlen(s);
  for (int i = 0; i < len;) {
    int start = i, run = 0, l;
    while (i < len && (l = ns_hangul_syllable_len(s + i, len - i)) > 0) {
      i += l;
      run++;
    }
    for (int k = 1; k < run && n < max; k++)
      if (ns_spacing_split(k, run)) at[n++] = start + 3 * k;
    if (run == 0) i++;
  }
  return n;
}

int ns_query_has_spacing_variants(const ns_query *q) {
  int at[1];
  for (int i = 0; i < q->n; i++)
    if (!q->terms[i].negated && !q->terms[i].phrase &&
        split_points(q->terms[i].text, at, 1) > 0)
      return 1;
  return 0;
}

/* "고용노동부" OR "고용 노동부" OR "고용노 동부": the word as typed, or
 * with one space at a syllable boundary. */
static void spaced_term(ns_strbuf *b, const ns_query_term *t) {
  int at[64];
  int n = split_points(t->text, at, 64);
  ns_strbuf_puts(b, "(");
  quoted(b, t->text, strlen(t->text), 0);
  for (int k = 0; k < n; k++) {
    ns_strbuf_puts(b, " OR \"");
    ns_strbuf_put(b, t->text, (size_t)at[k]);
    ns_strbuf_puts(b, " ");
    ns_strbuf_puts(b, t->text + at[k]);
    ns_strbuf_puts(b, "\"");
  }
  ns_strbuf_puts(b, ")");
}

typedef struct relaxed_ctx {
  ns_strbuf *b;
  int first, prefix_last, remaining, whole;
} relaxed_ctx;

static int relaxed_token(void *ctx, int flags, const char *tok, int n,
                         int start, int end) {
  (void)flags, (void)start, (void)end;
  relaxed_ctx *r = ctx;
  r->remaining--;
  int one_ideograph = ns_token_is_single_ideograph(tok, n);
  if (!r->first) ns_strbuf_puts(r->b, " OR ");
  r->first = 0;
  quoted(r->b, tok, (size_t)n,
         !r->whole && (one_ideograph || (r->prefix_last && !r->remaining)));
  return 0;
}

/* Every token of the term on its own, ORed: a question's words match even
 * when its particles and endings differ from the article's. */
static void relaxed_term(ns_strbuf *b, const ns_query_term *t, int *first) {
  relaxed_ctx r = {b, *first, t->prefix, t->n_tokens, t->whole_token};
  ns_tokenize(t->text, (int)strlen(t->text), NS_TOKENIZE_QUERY, relaxed_token,
              &r);
  *first = r.first;
}

static void term_expr(ns_strbuf *b, const ns_query_term *t, ns_match_level lv) {
  if (t->title_only) ns_strbuf_puts(b, "title : ");
  if (lv == NS_MATCH_SPACED && !t->phrase)
    spaced_term(b, t);
  else
    quoted(b, t->text, strlen(t->text),
           t->prefix && lv != NS_MATCH_WHOLE_TOKENS);
}

/* Positive terms: OR groups in parentheses, joined by AND. */
static void strict_positives(ns_strbuf *b, const ns_query *q,
                             ns_match_level lv) {
  int first = 1;
  for (int i = 0; i < q->n; i++) {
    const ns_query_term *t = &q->terms[i];
    if (t->negated) continue;
    int opens =
        t->or_group && (i == 0 || q->terms[i - 1].or_group != t->or_group);
    int in_group = t->or_group && !opens;
    ns_strbuf_puts(b, first ? "" : in_group ? " OR " : " AND ");
    if (opens) ns_strbuf_puts(b, "(");
    term_expr(b, t, lv);
    int closes = t->or_group &&
                 (i + 1 == q->n || q->terms[i + 1].or_group != t->or_group);
    if (closes) ns_strbuf_puts(b, ")");
    first = 0;
  }
}

static void relaxed_positives(ns_strbuf *b, const ns_query *q) {
  int first = 1;
  for (int i = 0; i < q->n; i++) {
    const ns_query_term *t = &q->terms[i];
    if (t->negated) continue;
    if (t->title_only) {
      if (!first) ns_strbuf_puts(b, " OR ");
      ns_strbuf_puts(b, "title : (");
      int inner = 1;
      relaxed_term(b, t, &inner);
      ns_strbuf_puts(b, ")");
      first = 0;
    } else {
      relaxed_term(b, t, &first);
    }
  }
}

char *ns_query_match_expr(const ns_query *q, ns_match_level level) {
  ns_strbuf b = {0};
  ns_strbuf_puts(&b, "(");
  if (level == NS_MATCH_RELAXED)
    relaxed_positives(&b, q);
  else
    strict_positives(&b, q, level);
  ns_strbuf_puts(&b, ")");
  int first_neg = 1;
  for (int i = 0; i < q->n; i++) {
    if (!q->terms[i].negated) continue;
    ns_strbuf_puts(&b, first_neg ? " NOT (" : " OR ");
    term_expr(&b, &q->terms[i], NS_MATCH_STRICT);
    first_neg = 0;
  }
  if (!first_neg) ns_strbuf_puts(&b, ")");
  return ns_strbuf_finish(&b);
}
