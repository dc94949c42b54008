/*
 * query_expand.c: the other spellings of a query's words, added to its
 * terms before the search (ns_query_expand, newssearch/query.h).
 *
 * - Synonyms: a word (or quoted phrase) of a group matches the group's
 *   other words too; a word with a particle (카톡으로) finds the group of
 *   its stem (카톡). Consecutive words that together are a multi-word
 *   synonym become that phrase, so 뉴욕 타임스 with the group "뉴욕 타임스,
 *   NYT" matches the phrase or NYT, never 뉴욕 and 타임스 apart.
 * - Words typed in Hanja also match their Hangul reading (美 → 미국, 北美 →
 *   북미), which ordinary text writes.
 * - A Hangul word that a headline Hanja stands for (미국: 美) needs nothing
 *   at query time, the readings columns hold 미국 for 美; the term keeps
 *   the Hanja for highlighting and for the answer's "expanded".
 */
#include "newssearch/hanja.h"
#include "newssearch/query.h"
#include "newssearch/synonyms.h"
#include "newssearch/tokenizer.h"
#include "newssearch/words.h"

#include <stdlib.h>
#include <string.h>

/* Longest run of words tried as one multi-word synonym. */
#define NS_SYNONYM_MAX_RUN 4

/* Where the alternatives of a term go, and the particle its synonyms
 * take (카카오톡으로 → 카톡으로): "" for the word as typed. */
typedef struct alt_sink {
  ns_query_term *t;
  const char *particle;
} alt_sink;

static int add_alt_text(ns_query_term *t, const char *word) {
  if (t->n_alts == NS_SYNONYMS_MAX_WORDS || strcmp(word, t->text) == 0)
    return 0;
  for (int k = 0; k < t->n_alts; k++)
    if (strcmp(t->alts[k], word) == 0) return 0;
  if (t->alts == NULL &&
      (t->alts = calloc(NS_SYNONYMS_MAX_WORDS, sizeof *t->alts)) == NULL)
    return -1;
  char *copy = strdup(word);
  if (copy == NULL) return -1;
  t->alts[t->n_alts++] = copy;
  return 0;
}

static int add_alt(void *ctx, const char *word) {
  alt_sink *a = ctx;
  if (a->particle[0] == '\0') return add_alt_text(a->t, word);
  size_t n = strlen(word), p = strlen(a->particle);
  char *with = malloc(n + p + 1);
  if (with == NULL) return -1;
  memcpy(with, word, n);
  memcpy(with + n, a->particle, p + 1);
  int rc = add_alt_text(a->t, with);
  free(with);
  return rc;
}

static int count_tokens(void *ctx, int flags, const char *tok, int n, int start,
                        int end) {
  (void)flags, (void)tok, (void)n, (void)start, (void)end;
  ++*(int *)ctx;
  return 0;
}

/* A plain word: not excluded, not quoted, not title-only, not in an OR. */
static int plain(const ns_query_term *t) {
  return !t->negated && !t->phrase && !t->title_only && !t->or_group;
}

/* ns_synonyms_of's callback when only whether there is one matters. */
static int found_one(void *ctx, const char *synonym) {
  (void)ctx, (void)synonym;
  return 1; /* stop at the first */
}

/* Has the text of terms[i..i+n) joined by spaces a synonym? 1 with the
 * text in *joined (malloc'd), 0, or -1 when out of memory. */
static int run_has_synonyms(const ns_synonyms *syn, const ns_query *q, int i,
                            int n, char **joined) {
  size_t len = 0;
  for (int k = 0; k < n; k++)
    len += strlen(q->terms[i + k].text) + 1;
  char *s = malloc(len);
  if (s == NULL) return -1;
  s[0] = '\0';
  for (int k = 0; k < n; k++) {
    if (k) strcat(s, " ");
    strcat(s, q->terms[i + k].text);
  }
  int found = ns_synonyms_of(syn, s, strlen(s), found_one, NULL) > 0;
  if (found)
    *joined = s;
  else
    free(s);
  return found;
}

/* Replaces terms[i..i+n) by one phrase term of their text joined. */
static void merge_run(ns_query *q, int i, int n, char *joined) {
  for (int k = 0; k < n; k++)
    free(q->terms[i + k].text);
  ns_query_term *t = &q->terms[i];
  int tokens = 0;
  ns_tokenize(joined, (int)strlen(joined), NS_TOKENIZE_QUERY, count_tokens,
              &tokens);
  *t = (ns_query_term){0};
  t->text = joined;
  t->phrase = 1;
  t->n_tokens = tokens;
  memmove(&q->terms[i + 1], &q->terms[i + n],
          (size_t)(q->n - i - n) * sizeof *q->terms);
  q->n -= n - 1;
}

/* Merges the longest runs of plain words that are one multi-word synonym. */
static int merge_multiword(ns_query *q, const ns_synonyms *syn) {
  for (int i = 0; i < q->n; i++) {
    for (int n = NS_SYNONYM_MAX_RUN; n >= 2; n--) {
      if (i + n > q->n) continue;
      int all_plain = 1;
      for (int k = 0; k < n; k++)
        all_plain &= plain(&q->terms[i + k]);
      if (!all_plain) continue;
      char *joined = NULL;
      int rc = run_has_synonyms(syn, q, i, n, &joined);
      if (rc < 0) return -1;
      if (rc > 0) {
        merge_run(q, i, n, joined);
        break;
      }
    }
  }
  return 0;
}

static int expand_term(ns_query *q, ns_query_term *t, const ns_synonyms *syn) {
  size_t n = strlen(t->text);
  if (syn) {
    alt_sink whole = {t, ""};
    int rc = ns_synonyms_of(syn, t->text, n, add_alt, &whole);
    if (rc < 0) return -1;
    int particle;
    size_t stem =
        t->phrase ? 0 : (size_t)ns_word_stem_len(t->text, n, &particle);
    /* a word with a particle: the stem's synonyms, with the particle */
    alt_sink stemmed = {t, t->text + stem};
    if (rc == 0 && stem > 0 &&
        ns_synonyms_of(syn, t->text, stem, add_alt, &stemmed) < 0)
      return -1;
  }
  if (ns_has_hanja(t->text, n)) {
    int oom = 0;
    char *reading = ns_hanja_read_text(t->text, n, NULL, NULL, &oom);
    if (oom) return -1;
    int rc = reading ? add_alt_text(t, reading) : 0;
    free(reading);
    if (rc != 0) return -1;
  } else if (q->columns == NS_COLUMNS_READINGS) {
    t->hanja = ns_hanja_headline_hanja(t->text, n);
  }
  return 0;
}

int ns_query_expand(ns_query *q, const ns_synonyms *syn) {
  if (q->columns == NS_COLUMNS_AS_TYPED) return 0;
  if (syn && merge_multiword(q, syn) != 0) return -1;
  for (int i = 0; i < q->n; i++)
    if (expand_term(q, &q->terms[i], syn) != 0) return -1;
  return 0;
}
