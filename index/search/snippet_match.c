/*
 * snippet_match.c: where the terms of a query occur in a text, for
 * highlighting (ns_match_spans).
 *
 * The text is tokenized once, in document mode, exactly as the index saw it,
 * and every term is matched as a phrase of its query-mode tokens. So the
 * marks agree with what FTS5 found: NFD, fullwidth and upper-case text match,
 * and 카카오톡 matches inside 카카오톡과. The text is streamed, never stored
 * as tokens: each term keeps only its partial matches in progress, so a
 * 10 MB text costs memory for its matches alone.
 *
 * What is marked is the characters of the query, not whole tokens: a
 * one-character query matched as the prefix of a bigram marks that bigram's
 * first character (톡 in 톡과), and a typed Latin prefix marks what was typed
 * (kakao in KakaoTalk).
 */
#define _GNU_SOURCE /* memmem */
#include "newssearch/hanja.h"
#include "newssearch/snippet.h"
#include "newssearch/tokenizer.h"
#include "newssearch/utf8.h"
#include "spacing.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Spacing variants (고용노동부 for "고용 노동부") are tried for words of up
 * to this many syllables: compounds are short, and every syllable adds one
 * more phrase to match against the whole text. */
#define NS_VARIANT_MAX_SYLLABLES 16

/* Tokens sharing one position. The tokenizer colocates at most one token
 * (a run's trailing character) with another; the spare room costs nothing. */
#define NS_GROUP_MAX 4

/* ---- query side: a term as a phrase of normalized tokens ----------------- */

/* A query token: bytes[off..off+len) of its matcher, and where it came from
 * in the term's text (to tell one word from two). */
typedef struct ns_qtoken {
  int off, len, start, end;
} ns_qtoken;

/* One phrase to find: a term, or one spacing variant of it. Tokens at
 * relative position j are toks[pos_begin[j] .. pos_begin[j + 1]). The
 * partial matches in progress are (st_start[i], st_j[i]): a match that began
 * at byte st_start[i] and has matched positions 0..st_j[i]-1. */
typedef struct ns_matcher {
  int term, variant, prefix_last;
  char *bytes;
  int n_bytes;
  ns_qtoken *toks;
  int n_toks;
  int *pos_begin;
  int n_pos;
  int *st_start, *st_j;
  int n_st;
} ns_matcher;

/* Frees what m holds and zeroes it; safe on a zeroed or half-built m. */
static void matcher_clear(ns_matcher *m) {
  free(m->bytes);
  free(m->toks);
  free(m->pos_begin);
  free(m->st_start);
  free(m->st_j);
  memset(m, 0, sizeof *m);
}

/* Sizes of a term's tokens, counted before anything is allocated. */
typedef struct ns_qcount {
  long long n_toks, n_bytes, n_pos;
} ns_qcount;

/* First pass over a term: sizes only, so the second pass (store_query_token)
 * fills arrays allocated once, at their exact size. */
static int count_query_token(void *ctx, int flags, const char *tok, int n,
                             int start, int end) {
  ns_qcount *c = ctx;
  (void)tok, (void)start, (void)end;
  if (c->n_toks == 0 || !(flags & NS_TOKEN_COLOCATED)) c->n_pos++;
  c->n_toks++;
  c->n_bytes += n;
  return 0;
}

static int store_query_token(void *ctx, int flags, const char *tok, int n,
                             int start, int end) {
  ns_matcher *m = ctx;
  if (m->n_toks == 0 || !(flags & NS_TOKEN_COLOCATED))
    m->pos_begin[m->n_pos++] = m->n_toks;
  ns_qtoken *q = &m->toks[m->n_toks++];
  q->off = m->n_bytes;
  q->len = n;
  q->start = start;
  q->end = end;
  memcpy(m->bytes + m->n_bytes, tok, (size_t)n);
  m->n_bytes += n;
  return 0;
}

/* Tokenizes text[0..len) in query mode into m. Returns 0, 1 when the text
 * has no token (or is absurdly long: a phrase nobody types), -1 when out of
 * memory. */
static int matcher_init(ns_matcher *m, const char *text, int len, int term,
                        int variant, int prefix) {
  ns_qcount c = {0, 0, 0};
  memset(m, 0, sizeof *m);
  ns_tokenize(text, len, NS_TOKENIZE_QUERY, count_query_token, &c);
  if (c.n_toks == 0 || c.n_bytes > INT_MAX / 2 || c.n_toks > INT_MAX / 2)
    return 1;
  m->bytes = malloc((size_t)c.n_bytes);
  m->toks = malloc((size_t)c.n_toks * sizeof *m->toks);
  m->pos_begin = malloc((size_t)(c.n_pos + 1) * sizeof *m->pos_begin);
  m->st_start = malloc((size_t)c.n_pos * sizeof *m->st_start);
  m->st_j = malloc((size_t)c.n_pos * sizeof *m->st_j);
  if (!m->bytes || !m->toks || !m->pos_begin || !m->st_start || !m->st_j) {
    matcher_clear(m);
    return -1;
  }
  ns_tokenize(text, len, NS_TOKENIZE_QUERY, store_query_token, m);
  m->pos_begin[m->n_pos] = m->n_toks;
  m->term = term;
  m->variant = variant;
  /* A one-character word has no bigram: the index finds it as a token
   * prefix ("톡"*), and so must we, whatever the caller said. */
  m->prefix_last = prefix || (m->n_toks == 1 && ns_token_is_single_ideograph(
                                                    m->bytes, m->toks[0].len));
  return 0;
}

/* ---- spacing variants ---------------------------------------------------- */

/* When m is one Hangul word of 3 or more syllables, writes its normalized
 * syllables (3 bytes each) to out and returns how many; otherwise 0. The word
 * is rebuilt from its bigrams, which chain (카카 카오 오톡) and overlap in the
 * term's text; two words whose bigrams happen to chain ("가나 나다") do not
 * overlap. */
static int hangul_word(const ns_matcher *m, char *out) {
  int k = m->n_toks;
  if (k < 2 || k + 1 > NS_VARIANT_MAX_SYLLABLES || m->n_pos != k) return 0;
  for (int j = 0; j < k; j++) {
    const ns_qtoken *q = &m->toks[j];
    const unsigned char *z = (const unsigned char *)m->bytes + q->off;
    if (q->len != 6 || ns_hangul_syllable_len((const char *)z, 3) != 3 ||
        ns_hangul_syllable_len((const char *)z + 3, 3) != 3)
      return 0;
    if (j > 0) {
      const ns_qtoken *p = &m->toks[j - 1];
      if (q->start >= p->end || memcmp(m->bytes + p->off + 3, z, 3) != 0)
        return 0;
    }
  }
  memcpy(out, m->bytes, 6);
  for (int j = 1; j < k; j++)
    memcpy(out + 3 * (j + 1), m->bytes + m->toks[j].off + 3, 3);
  return k + 1;
}

/* Adds to ms[*n] onward the phrases "left right" for every split of a long
 * Hangul word (the base matcher ms[base]) that the search matches as a
 * spacing variant (spacing.h). Returns 0 or -1. */
static int add_variants(ns_matcher *ms, int *n, int base, int prefix) {
  char word[3 * NS_VARIANT_MAX_SYLLABLES];
  char split[3 * NS_VARIANT_MAX_SYLLABLES + 1];
  int m = hangul_word(&ms[base], word);
  for (int i = 1; i < m; i++) {
    if (!ns_spacing_split(i, m)) continue;
    memcpy(split, word, (size_t)(3 * i));
    split[3 * i] = ' ';
    memcpy(split + 3 * i + 1, word + 3 * i, (size_t)(3 * (m - i)));
    int rc = matcher_init(&ms[*n], split, 3 * m + 1, ms[base].term, 1, prefix);
    if (rc < 0) return -1;
    if (rc == 0) ++*n;
  }
  return 0;
}

/* Frees the matchers of build_matchers(); every slot is either filled or
 * zeroed, so the whole array is freed whatever went wrong. */
static void free_matchers(ns_matcher *ms, int n_terms) {
  if (ms == NULL) return;
  for (size_t i = 0; i < (size_t)n_terms * NS_VARIANT_MAX_SYLLABLES; i++)
    matcher_clear(&ms[i]);
  free(ms);
}

/* Builds the matchers of every term, each followed by its spacing variants
 * (a word of m >= 4 syllables has m - 3 of them), into *out (n_terms *
 * NS_VARIANT_MAX_SYLLABLES slots, freed with free_matchers). Returns how many
 * are in use, or -1 when out of memory. */
static int build_matchers(const ns_mark_term *terms, int n_terms,
                          ns_matcher **out) {
  ns_matcher *ms =
      calloc((size_t)n_terms, NS_VARIANT_MAX_SYLLABLES * sizeof *ms);
  int n = 0;
  *out = ms;
  if (ms == NULL) return -1;
  for (int t = 0; t < n_terms; t++) {
    const ns_mark_term *term = &terms[t];
    if (term->text == NULL || term->len == 0) continue;
    int len = term->len > INT_MAX ? INT_MAX : (int)term->len;
    int rc = matcher_init(&ms[n], term->text, len, t, 0, term->prefix);
    if (rc < 0) return -1;
    if (rc > 0) continue;
    int base = n++;
    if (add_variants(ms, &n, base, term->prefix) < 0) return -1;
  }
  return n;
}

/* ---- document side: streaming the text's tokens position by position ----- */

/* A document token with a copy of its normalized bytes (the tokenizer's
 * buffer lives only during the callback) and the start of the token after
 * it, which is where a bigram's first character ends. */
typedef struct ns_dtoken {
  char bytes[NS_TOKEN_MAX_BYTES];
  int len, start, end, next_start;
} ns_dtoken;

/* A match found, before variants are sorted out and spans merged. */
typedef struct ns_raw_span {
  int start, end, term, variant;
} ns_raw_span;

typedef struct ns_scan {
  const char *text;
  ns_matcher *ms;
  int n_ms;
  ns_dtoken group[NS_GROUP_MAX]; /* the tokens of the current position */
  int n_group;
  ns_raw_span *spans;
  size_t n_spans, cap;
  int oom;
} ns_scan;

/* Records a match; out of memory is remembered and stops the scan. */
static void add_span(ns_scan *s, const ns_matcher *m, int start, int end) {
  if (end <= start) return; /* nothing visible to mark */
  if (s->n_spans == s->cap) {
    size_t cap = s->cap ? 2 * s->cap : 64;
    ns_raw_span *p =
        cap > SIZE_MAX / sizeof *p ? NULL : realloc(s->spans, cap * sizeof *p);
    if (p == NULL) {
      s->oom = 1;
      return;
    }
    s->spans = p;
    s->cap = cap;
  }
  ns_raw_span *r = &s->spans[s->n_spans++];
  r->start = start;
  r->end = end;
  r->term = m->term;
  r->variant = m->variant;
}

static int is_ascii(const char *z, int n) {
  for (int i = 0; i < n; i++)
    if ((unsigned char)z[i] >= 0x80) return 0;
  return 1;
}

/* Where the characters a query token of qn bytes matched in d end in the
 * original text. A query token shorter than d matched as a prefix and covers
 * part of d only. In a bigram that part is its first character, which ends
 * where the next token (the next bigram, or the run's trailing character)
 * starts. In a word whose original bytes are its normalized bytes (plain
 * ASCII: KakaoTalk) it is the typed prefix; in any other word (Straße, ＰＣ)
 * normalized and original bytes do not line up, so the whole word is
 * marked. */
static int matched_end(const ns_scan *s, const ns_dtoken *d, int qn) {
  if (qn >= d->len) return d->end;
  if (d->next_start > d->start && d->next_start < d->end) return d->next_start;
  if (d->end - d->start == d->len && is_ascii(s->text + d->start, d->len))
    return d->start + qn;
  return d->end;
}

/* Whether the current position holds every query token of relative
 * position j of m; if so, [*start, *end) is what they matched. */
static int position_matches(const ns_scan *s, const ns_matcher *m, int j,
                            int *start, int *end) {
  int prefix = m->prefix_last && j == m->n_pos - 1;
  *start = INT_MAX;
  *end = -1;
  for (int t = m->pos_begin[j]; t < m->pos_begin[j + 1]; t++) {
    const char *q = m->bytes + m->toks[t].off;
    int qn = m->toks[t].len, found = 0;
    for (int g = 0; g < s->n_group; g++) {
      const ns_dtoken *d = &s->group[g];
      if (d->len < qn || (d->len > qn && !prefix) ||
          memcmp(d->bytes, q, (size_t)qn) != 0)
        continue;
      found = 1;
      if (d->start < *start) *start = d->start;
      int e = matched_end(s, d, qn);
      if (e > *end) *end = e;
    }
    if (!found) return 0;
  }
  return 1;
}

/* Moves m's partial matches on by the current position, reporting the ones
 * that complete and starting a new one if its first position matches. All
 * partial matches have distinct lengths, so there are fewer than n_pos. */
static void advance(ns_scan *s, ns_matcher *m) {
  int start, end, kept = 0;
  for (int i = 0; i < m->n_st; i++) {
    int j = m->st_j[i];
    if (!position_matches(s, m, j, &start, &end)) continue;
    if (j + 1 == m->n_pos) {
      add_span(s, m, m->st_start[i], end);
    } else {
      m->st_start[kept] = m->st_start[i];
      m->st_j[kept++] = j + 1;
    }
  }
  if (position_matches(s, m, 0, &start, &end)) {
    if (m->n_pos == 1) {
      add_span(s, m, start, end);
    } else {
      m->st_start[kept] = start;
      m->st_j[kept++] = 1;
    }
  }
  m->n_st = kept;
}

/* The current position is complete: match it, then start an empty one. */
static void close_position(ns_scan *s) {
  for (int i = 0; i < s->n_ms && !s->oom; i++)
    advance(s, &s->ms[i]);
  s->n_group = 0;
}

/* A position is complete when a token arrives that is not colocated with
 * it (its trailing character comes after its bigram), or at the end. */
static int on_doc_token(void *ctx, int flags, const char *tok, int n, int start,
                        int end) {
  ns_scan *s = ctx;
  if (s->n_group > 0) {
    s->group[s->n_group - 1].next_start = start;
    if (!(flags & NS_TOKEN_COLOCATED)) close_position(s);
  }
  if (s->oom) return 1;
  if (s->n_group < NS_GROUP_MAX) {
    ns_dtoken *d = &s->group[s->n_group++];
    d->len = n < NS_TOKEN_MAX_BYTES ? n : NS_TOKEN_MAX_BYTES;
    memcpy(d->bytes, tok, (size_t)d->len);
    d->start = start;
    d->end = end;
    d->next_start = -1;
  }
  return 0;
}

/* ---- results ------------------------------------------------------------- */

static int span_cmp(const void *a, const void *b) {
  const ns_span *x = a, *y = b;
  if (x->start != y->start) return x->start < y->start ? -1 : 1;
  if (x->term != y->term) return x->term < y->term ? -1 : 1;
  return (x->end > y->end) - (x->end < y->end);
}

static int span_term_cmp(const void *a, const void *b) {
  const ns_span *x = a, *y = b;
  if (x->term != y->term) return x->term < y->term ? -1 : 1;
  return span_cmp(a, b);
}

/* Keeps the spans of spacing variants only for terms with no exact match
 * (a spelling the text really has beats a guess at its spacing), sorts and
 * merges (per_term: only spans of one term, sorted by term first). Returns
 * the count and fills *out, or -1 when out of memory. */
/* Sorts v[0..n) and merges what overlaps or touches (per_term: only spans
 * of one term, sorted by term first) into *out; takes v. Returns the
 * count. */
static int sort_merge(ns_span *v, size_t n, int per_term, ns_span **out) {
  if (n > 1) qsort(v, n, sizeof *v, per_term ? span_term_cmp : span_cmp);
  size_t m = 0;
  for (size_t i = 0; i < n; i++) {
    if (m > 0 && v[i].start <= v[m - 1].end &&
        (!per_term || v[i].term == v[m - 1].term)) {
      if (v[i].end > v[m - 1].end) v[m - 1].end = v[i].end;
    } else {
      v[m++] = v[i];
    }
  }
  if (m == 0) {
    free(v);
    v = NULL;
  }
  *out = v;
  return (int)m;
}

static int match_spans(const char *text, int len, const ns_mark_term *terms,
                       int n_terms, int per_term, ns_span **spans);

/* Where the text's Hanja read as a term (美 as 미국, 北美 as 북미), when a
 * term asks for it: the terms are matched again on the text with its
 * Hanja read (ns_hanja_read_text), and each span found there marks the
 * Hanja it was read from. Adds those spans to the n in *spans; returns the
 * new count, or -1 when out of memory. */
/* True when some term asking for readings has a syllable that the words
 * of text with Hanja read as (ns_hanja_readings): only then can a match on
 * the text read add a mark, and most texts with Hanja (北 in a body) have
 * nothing of a query word (장애) in their readings. -1: out of memory. */
static int readings_may_match(const char *text, int len,
                              const ns_mark_term *terms, int n_terms) {
  int oom = 0, may = 0;
  char *r = ns_hanja_readings(text, (size_t)len, &oom);
  if (oom) return -1;
  size_t rn = r ? strlen(r) : 0;
  for (int i = 0; i < n_terms && r && !may; i++) {
    if (!terms[i].readings) continue;
    for (size_t at = 0; at < terms[i].len && !may;) {
      int l = ns_hangul_syllable_len(terms[i].text + at, terms[i].len - at);
      if (l > 0) may = memmem(r, rn, terms[i].text + at, (size_t)l) != NULL;
      at += l > 0 ? (size_t)l : 1;
    }
  }
  free(r);
  return may;
}

static int add_reading_spans(const char *text, int len,
                             const ns_mark_term *terms, int n_terms,
                             int per_term, ns_span **spans, int n) {
  int wanted = 0;
  for (int i = 0; i < n_terms; i++)
    wanted |= terms[i].readings;
  if (!wanted || !ns_has_hanja(text, (size_t)len)) return n;
  int may = readings_may_match(text, len, terms, n_terms);
  if (may <= 0) return may < 0 ? -1 : n;
  int *from = NULL, *to = NULL, oom = 0;
  char *read = ns_hanja_read_text(text, (size_t)len, &from, &to, &oom);
  ns_mark_term *plain = malloc((size_t)n_terms * sizeof *plain);
  ns_span *found = NULL;
  int k = read && plain ? 0 : -1;
  if (k == 0) {
    for (int i = 0; i < n_terms; i++) {
      plain[i] = terms[i];
      plain[i].readings = 0;
    }
    size_t rlen = strlen(read);
    k = match_spans(read, rlen > INT_MAX ? INT_MAX : (int)rlen, plain, n_terms,
                    per_term, &found);
  }
  ns_span *all = k > 0 ? realloc(*spans, (size_t)(n + k) * sizeof *all) : NULL;
  if (all) {
    for (int i = 0; i < k; i++)
      all[n + i] =
          (ns_span){from[found[i].start], to[found[i].end - 1], found[i].term};
    n = sort_merge(all, (size_t)(n + k), per_term, spans);
  } else if (k != 0) {
    n = -1;
  }
  if (oom) n = -1;
  free(found), free(plain), free(read), free(from), free(to);
  return n;
}

static int finish_spans(const ns_scan *s, int n_terms, int per_term,
                        ns_span **out) {
  char *exact = calloc((size_t)n_terms, 1);
  ns_span *v = s->n_spans ? malloc(s->n_spans * sizeof *v) : NULL;
  if (exact == NULL || (s->n_spans && v == NULL)) {
    free(exact);
    free(v);
    return -1;
  }
  for (size_t i = 0; i < s->n_spans; i++)
    if (!s->spans[i].variant) exact[s->spans[i].term] = 1;
  size_t n = 0;
  for (size_t i = 0; i < s->n_spans; i++) {
    const ns_raw_span *r = &s->spans[i];
    if (r->variant && exact[r->term]) continue;
    v[n++] = (ns_span){r->start, r->end, r->term};
  }
  free(exact);
  return sort_merge(v, n, per_term, out);
}

static int match_spans(const char *text, int len, const ns_mark_term *terms,
                       int n_terms, int per_term, ns_span **spans) {
  ns_scan s;
  memset(&s, 0, sizeof s);
  *spans = NULL;
  if (text == NULL || len <= 0 || terms == NULL || n_terms <= 0) return 0;
  s.text = text;
  s.n_ms = build_matchers(terms, n_terms, &s.ms);
  if (s.n_ms > 0) {
    ns_tokenize(text, len, NS_TOKENIZE_DOCUMENT, on_doc_token, &s);
    if (s.n_group > 0 && !s.oom) close_position(&s);
  }
  int n = s.n_ms < 0 || s.oom ? -1 : finish_spans(&s, n_terms, per_term, spans);
  free_matchers(s.ms, n_terms);
  free(s.spans);
  if (n >= 0)
    n = add_reading_spans(text, len, terms, n_terms, per_term, spans, n);
  if (n < 0) { /* out of memory: nothing half-built escapes */
    free(*spans);
    *spans = NULL;
  }
  return n;
}

int ns_match_spans(const char *text, int len, const ns_mark_term *terms,
                   int n_terms, ns_span **spans) {
  return match_spans(text, len, terms, n_terms, 0, spans);
}

int ns_match_spans_per_term(const char *text, int len,
                            const ns_mark_term *terms, int n_terms,
                            ns_span **spans) {
  return match_spans(text, len, terms, n_terms, 1, spans);
}
