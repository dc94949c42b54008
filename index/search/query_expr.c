/*
 * query_expr.c: FTS5 MATCH expressions from parsed terms. User text reaches
 * FTS5 only inside double-quoted strings (quotes were removed by the
 * parser), so stray operators, '*', '^', ':' or parentheses are just text.
 */
#include "newssearch/query.h"

#include "newssearch/tokenizer.h"
#include "newssearch/utf8.h"
#include "question.h"
#include "spacing.h"
#include "strbuf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An expression being written, and the rank groups of its phrases
 * (ns_query_rank_groups): FTS5 numbers phrases in the order they appear,
 * so each quoted string written adds one entry. */
typedef struct expr_out {
  ns_strbuf b;
  ns_strbuf groups;
  int group;  /* the group of the next phrase; -1: a group of its own */
  int equiv;  /* the next phrase is an equivalent spelling */
  int phrase; /* phrases written so far */
  int word;   /* the query word of the next phrase at the relaxed level,
                 whose rank groups name it (for proximity); -1: none */
  /* The relaxed level's partial-match spec (ns_query_partial_spec): the
   * place of the next phrase's token in its word, or -1 for a phrase that
   * is the word whole (its phrase, or one of its other spellings). */
  ns_strbuf spec;
  int token;
} expr_out;

#define EXPR_OUT_INIT                                                          \
  { {0}, {0}, -1, 0, 0, -1, {0}, -1 }

/* An FTS5 string: the parser removed every '"', so none needs doubling
 * (synonyms with one are refused when their file is read). */
static void quoted(expr_out *o, const char *s, size_t n, int prefix) {
  ns_strbuf *b = &o->b;
  ns_strbuf_puts(b, "\"");
  ns_strbuf_put(b, s, n);
  ns_strbuf_puts(b, prefix ? "\"*" : "\"");
  char g[24];
  snprintf(g, sizeof g, "%s%d%s", o->phrase ? "," : "",
           o->group >= 0 ? o->group : 1000 + o->phrase, o->equiv ? "e" : "");
  ns_strbuf_puts(&o->groups, g);
  if (o->word >= 0) snprintf(g, sizeof g, "w%d", o->word);
  if (o->word >= 0) ns_strbuf_puts(&o->groups, g);
  if (o->word < 0)
    snprintf(g, sizeof g, "%sx", o->phrase ? "," : "");
  else if (o->token < 0)
    snprintf(g, sizeof g, "%s%da", o->phrase ? "," : "", o->word);
  else
    snprintf(g, sizeof g, "%s%d:%d", o->phrase ? "," : "", o->word, o->token++);
  ns_strbuf_puts(&o->spec, g);
  o->phrase++;
}

/* An other spelling of a term; one Hangul, Han or Kana character (靑 for
 * 청와대) is a token prefix, as when typed, so that it matches inside a
 * run (靑瓦臺), unless the term matches whole tokens only (whole: the
 * level, or the budget, says so). */
static void quoted_alt(expr_out *o, const char *alt, int whole) {
  size_t n = strlen(alt);
  quoted(o, alt, n, !whole && ns_token_is_single_ideograph(alt, (int)n));
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
static void spaced_term(expr_out *o, const ns_query_term *t) {
  int at[64];
  int n = split_points(t->text, at, 64);
  quoted(o, t->text, strlen(t->text), 0);
  for (int k = 0; k < n; k++) {
    char *variant = malloc(strlen(t->text) + 2);
    if (variant == NULL) {
      o->b.oom = 1;
      return;
    }
    memcpy(variant, t->text, (size_t)at[k]);
    variant[at[k]] = ' ';
    strcpy(variant + at[k] + 1, t->text + at[k]);
    ns_strbuf_puts(&o->b, " OR ");
    quoted(o, variant, strlen(variant), 0);
    free(variant);
  }
}

typedef struct relaxed_ctx {
  expr_out *o;
  int first, prefix_last, remaining, whole;
} relaxed_ctx;

static int relaxed_token(void *ctx, int flags, const char *tok, int n,
                         int start, int end) {
  (void)flags, (void)start, (void)end;
  relaxed_ctx *r = ctx;
  r->remaining--;
  int one_ideograph = ns_token_is_single_ideograph(tok, n);
  if (!r->first) ns_strbuf_puts(&r->o->b, " OR ");
  r->first = 0;
  quoted(r->o, tok, (size_t)n,
         !r->whole && (one_ideograph || (r->prefix_last && !r->remaining)));
  return 0;
}

static int count_token(void *ctx, int flags, const char *tok, int n, int start,
                       int end) {
  (void)flags, (void)tok, (void)n, (void)start, (void)end;
  ++*(int *)ctx;
  return 0;
}

/* Every token of the term's first n bytes on its own, ORed: a question's
 * words match even when its particles and endings differ from the
 * article's. Before them, the phrase of those tokens: an article with the
 * word whole (양자암호통신) ranks above one with its bigrams scattered
 * (양자, 암호, 통신). Its other spellings join whole. */
static void relaxed_term(expr_out *o, const ns_query_term *t, size_t n,
                         int *first) {
  relaxed_ctx r = {o, *first, t->prefix, t->n_tokens, t->whole_token};
  if (!t->prefix && t->n_tokens > 1) {
    int tokens = 0;
    ns_tokenize(t->text, (int)n, NS_TOKENIZE_QUERY, count_token, &tokens);
    if (tokens > 1) {
      if (!r.first) ns_strbuf_puts(&o->b, " OR ");
      r.first = 0;
      o->token = -1; /* the word whole */
      quoted(o, t->text, n, 0);
    }
  }
  o->token = 0;
  ns_tokenize(t->text, (int)n, NS_TOKENIZE_QUERY, relaxed_token, &r);
  o->token = -1;
  for (int k = 0; k < t->n_alts; k++) {
    if (!r.first) ns_strbuf_puts(&o->b, " OR ");
    r.first = 0;
    quoted_alt(o, t->alts[k], t->whole_token);
  }
  *first = r.first;
}

/* The bytes of t the relaxed level matches (question.h): a phrase or a
 * title-only word whole, a prefix word whole or not at all (its last
 * token is its prefix: 몇 goes, 손 stays), 0 for an excluded term. */
static size_t relaxed_len(const ns_query_term *t) {
  size_t n = strlen(t->text);
  if (t->negated) return 0;
  if (t->phrase || t->title_only) return n;
  size_t kept = ns_question_kept_len(t->text, n);
  return kept == 0 || !t->prefix ? kept : n;
}

/* The column filter of a title-only term. */
static const char *title_columns(const ns_query *q) {
  return q->columns == NS_COLUMNS_READINGS ? "{title title_r} : " : "title : ";
}

/* One term: the spelling typed (with its spacing variants at level
 * SPACED), or one of its other spellings; those phrases rank as one word
 * (group), the other spellings a little below the one typed. */
static void term_expr(expr_out *o, const ns_query *q, const ns_query_term *t,
                      ns_match_level lv, int group) {
  if (t->title_only) ns_strbuf_puts(&o->b, title_columns(q));
  int grouped = t->n_alts > 0;
  if (grouped) ns_strbuf_puts(&o->b, "(");
  o->group = grouped ? group : -1;
  o->equiv = 0;
  if (lv == NS_MATCH_SPACED && !t->phrase) {
    if (!grouped) ns_strbuf_puts(&o->b, "(");
    spaced_term(o, t);
    if (!grouped) ns_strbuf_puts(&o->b, ")");
  } else {
    quoted(o, t->text, strlen(t->text),
           t->prefix && lv != NS_MATCH_WHOLE_TOKENS);
  }
  o->equiv = 1;
  for (int k = 0; k < t->n_alts; k++) {
    ns_strbuf_puts(&o->b, " OR ");
    quoted_alt(o, t->alts[k], t->whole_token || lv == NS_MATCH_WHOLE_TOKENS);
  }
  o->equiv = 0;
  o->group = -1;
  if (grouped) ns_strbuf_puts(&o->b, ")");
}

/* Positive terms: OR groups in parentheses, joined by AND. */
static void strict_positives(expr_out *o, const ns_query *q,
                             ns_match_level lv) {
  int first = 1;
  for (int i = 0; i < q->n; i++) {
    const ns_query_term *t = &q->terms[i];
    if (t->negated) continue;
    int opens =
        t->or_group && (i == 0 || q->terms[i - 1].or_group != t->or_group);
    int in_group = t->or_group && !opens;
    ns_strbuf_puts(&o->b, first ? "" : in_group ? " OR " : " AND ");
    if (opens) ns_strbuf_puts(&o->b, "(");
    term_expr(o, q, t, lv, i);
    int closes = t->or_group &&
                 (i + 1 == q->n || q->terms[i + 1].or_group != t->or_group);
    if (closes) ns_strbuf_puts(&o->b, ")");
    first = 0;
  }
}

/* The relaxed level: every term's tokens, ORed, without the question
 * words and particles of a question (question.h), unless nothing else is
 * left. Each phrase names its query word in the rank groups: ns_bm25
 * scores words found near each other higher. */
static void relaxed_positives(expr_out *o, const ns_query *q) {
  size_t kept[NS_QUERY_MAX_TERMS];
  int any = 0;
  for (int i = 0; i < q->n; i++)
    any |= (kept[i] = relaxed_len(&q->terms[i])) > 0;
  int first = 1;
  for (int i = 0; i < q->n; i++) {
    const ns_query_term *t = &q->terms[i];
    size_t n = any ? kept[i] : strlen(t->text);
    if (t->negated || n == 0) continue;
    o->word = i;
    if (t->title_only) {
      if (!first) ns_strbuf_puts(&o->b, " OR ");
      ns_strbuf_puts(&o->b, title_columns(q));
      ns_strbuf_puts(&o->b, "(");
      int inner = 1;
      relaxed_term(o, t, n, &inner);
      ns_strbuf_puts(&o->b, ")");
      first = 0;
    } else {
      relaxed_term(o, t, n, &first);
    }
  }
  o->word = -1;
}

/* Writes the expression of q at level into o. A search of what was typed
 * reads the text columns only. */
static void write_expr(expr_out *o, const ns_query *q, ns_match_level level) {
  const char *scope =
      q->columns == NS_COLUMNS_AS_TYPED ? "{title body} : " : "";
  o->group = -1;
  ns_strbuf_puts(&o->b, scope);
  ns_strbuf_puts(&o->b, "(");
  if (level == NS_MATCH_RELAXED)
    relaxed_positives(o, q);
  else
    strict_positives(o, q, level);
  ns_strbuf_puts(&o->b, ")");
  int first_neg = 1;
  for (int i = 0; i < q->n; i++) {
    if (!q->terms[i].negated) continue;
    if (first_neg) {
      ns_strbuf_puts(&o->b, " NOT ");
      ns_strbuf_puts(&o->b, scope);
      ns_strbuf_puts(&o->b, "(");
    } else {
      ns_strbuf_puts(&o->b, " OR ");
    }
    term_expr(o, q, &q->terms[i], NS_MATCH_STRICT, i);
    first_neg = 0;
  }
  if (!first_neg) ns_strbuf_puts(&o->b, ")");
}

char *ns_query_match_expr(const ns_query *q, ns_match_level level) {
  expr_out o = EXPR_OUT_INIT;
  write_expr(&o, q, level);
  free(ns_strbuf_finish(&o.groups));
  free(ns_strbuf_finish(&o.spec));
  return ns_strbuf_finish(&o.b);
}

char *ns_query_partial_spec(const ns_query *q) {
  expr_out o = EXPR_OUT_INIT;
  write_expr(&o, q, NS_MATCH_RELAXED);
  free(ns_strbuf_finish(&o.groups));
  free(ns_strbuf_finish(&o.b));
  return ns_strbuf_finish(&o.spec);
}

char *ns_query_rank_groups(const ns_query *q, ns_match_level level, int *oom) {
  *oom = 0;
  int any = 0;
  for (int i = 0; i < q->n; i++)
    any |= q->terms[i].n_alts > 0;
  if (!any && level != NS_MATCH_RELAXED) return NULL;
  expr_out o = EXPR_OUT_INIT;
  write_expr(&o, q, level);
  free(ns_strbuf_finish(&o.b));
  free(ns_strbuf_finish(&o.spec));
  char *groups = ns_strbuf_finish(&o.groups);
  *oom = groups == NULL;
  return groups;
}
