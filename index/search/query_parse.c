/*
 * query_parse.c: from what a reader typed to a list of terms. Every input
 * string parses: operators are recognized only where they make sense, and
 * everything else is text that the tokenizer will see.
 */
#include "newssearch/query.h"

#include "newssearch/tokenizer.h"
#include "newssearch/utf8.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct token_stats {
  int n, ideographic_single, last_end;
  int max_tokens;
} token_stats;

static int count_token(void *ctx, int flags, const char *tok, int n, int start,
                       int end) {
  (void)flags, (void)start;
  token_stats *t = ctx;
  if (t->n == t->max_tokens) return 1; /* stop: the term is cut here */
  t->n++;
  t->last_end = end;
  /* a lone ideograph (one character, one token) is matched as a prefix */
  t->ideographic_single = t->n == 1 && ns_token_is_single_ideograph(tok, n);
  return 0;
}

/* The bytes of the word separator at text[p], or 0: a space (utf8.h's,
 * so an ideographic or no-break space pasted from a page separates words
 * as a plain one does), or any ASCII control, a NUL included. */
static size_t separator_len(const char *text, size_t len, size_t p) {
  if ((unsigned char)text[p] <= ' ') return 1;
  return (size_t)ns_space_len(text + p, len - p);
}

/* Adds a term for text[0..n): quotes and NULs become spaces, the text is
 * cut after NS_QUERY_MAX_TERM_TOKENS tokens, and a term without tokens is
 * dropped. Returns 1 added, 0 dropped, -1 out of memory. */
static int add_term(ns_query *q, const char *text, size_t n,
                    const ns_query_term *flags) {
  if (q->n == NS_QUERY_MAX_TERMS) return 0;
  char *t = malloc(n + 1);
  if (t == NULL) return -1;
  for (size_t i = 0; i < n; i++)
    t[i] = (text[i] == '"' || text[i] == '\0') ? ' ' : text[i];
  t[n] = '\0';
  token_stats st = {0, 0, 0, NS_QUERY_MAX_TERM_TOKENS};
  int cut = ns_tokenize(t, (int)n, NS_TOKENIZE_QUERY, count_token, &st);
  if (st.n == 0) {
    free(t);
    return 0;
  }
  if (cut) t[st.last_end] = '\0';
  ns_query_term *term = &q->terms[q->n++];
  *term = *flags;
  term->text = t;
  term->n_tokens = st.n;
  term->prefix = st.ideographic_single;
  return 1;
}

/* Reads one term starting at text[*i]: [-][title:]("phrase"|word). */
static int read_term(ns_query *q, const char *text, size_t len, size_t *i,
                     int *or_pending, int *groups) {
  ns_query_term flags = {0};
  size_t p = *i;
  if (text[p] == '-' && p + 1 < len && !separator_len(text, len, p + 1)) {
    flags.negated = 1;
    p++;
  }
  if (len - p > 6 && strncasecmp(text + p, "title:", 6) == 0 &&
      !separator_len(text, len, p + 6)) {
    flags.title_only = 1;
    p += 6;
  }
  size_t start, end;
  if (text[p] == '"') {
    flags.phrase = 1;
    start = ++p;
    while (p < len && text[p] != '"')
      p++;
    end = p;
    if (p < len) p++; /* the closing quote; an unclosed one runs to the end */
  } else {
    start = p;
    while (p < len && !separator_len(text, len, p))
      p++;
    end = p;
  }
  *i = p;
  int plain = !flags.phrase && !flags.negated && !flags.title_only;
  if (plain && end - start == 2 && memcmp(text + start, "OR", 2) == 0 &&
      q->n > 0 && !q->terms[q->n - 1].negated) {
    *or_pending = 1; /* joins the terms before and after it */
    return 0;
  }
  int rc = add_term(q, text + start, end - start, &flags);
  if (rc == 1 && *or_pending && !flags.negated) {
    ns_query_term *prev = &q->terms[q->n - 2];
    if (prev->or_group == 0) prev->or_group = ++*groups;
    q->terms[q->n - 1].or_group = prev->or_group;
  }
  if (rc == 1) *or_pending = 0;
  return rc < 0 ? -1 : 0;
}

/* The last Latin word typed is matched as a prefix too, so results follow
 * the reader as they type (search as you type). */
static void mark_last_word_prefix(ns_query *q) {
  for (int i = q->n - 1; i >= 0; i--) {
    ns_query_term *t = &q->terms[i];
    if (t->negated) continue;
    if (!t->phrase && t->n_tokens == 1 && !t->prefix &&
        !ns_token_is_ideographic(t->text, (int)strlen(t->text)))
      t->prefix = 1;
    return;
  }
}

int ns_query_parse(const char *text, size_t len, ns_query *out, ns_error *err) {
  memset(out, 0, sizeof *out);
  out->terms = calloc(NS_QUERY_MAX_TERMS, sizeof *out->terms);
  if (out->terms == NULL) {
    ns_error_set(err, NS_ERR_NOMEM, "[query] out of memory");
    return -1;
  }
  int or_pending = 0, groups = 0;
  for (size_t i = 0; i < len;) {
    size_t gap = separator_len(text, len, i);
    if (gap > 0) {
      i += gap;
      continue;
    }
    if (read_term(out, text, len, &i, &or_pending, &groups) != 0) {
      ns_query_clear(out);
      ns_error_set(err, NS_ERR_NOMEM, "[query] out of memory");
      return -1;
    }
  }
  int positive = 0;
  for (int k = 0; k < out->n; k++)
    positive += !out->terms[k].negated;
  if (positive == 0) {
    ns_error_set(err, NS_ERR_QUERY,
                 out->n ? "[query] empty query: every word is excluded "
                          "with '-'; add a word to look for"
                        : "[query] empty query: type at least one "
                          "letter or number");
    ns_query_clear(out);
    return -1;
  }
  mark_last_word_prefix(out);
  return 0;
}

void ns_query_clear(ns_query *q) {
  for (int i = 0; i < q->n; i++) {
    free(q->terms[i].text);
    for (int k = 0; k < q->terms[i].n_alts; k++)
      free(q->terms[i].alts[k]);
    free(q->terms[i].alts);
  }
  free(q->terms);
  memset(q, 0, sizeof *q);
}
