/*
 * rank_partial.c: ns_partial(articles_fts, spec), whether a row matched by
 * a query's relaxed expression (any token of any word) shares enough with
 * the query to be shown as a partial match: at least one whole word (its
 * tokens next to each other, in order, as a phrase would match them, or one
 * of its other spellings), or at least half of the query's tokens. One
 * token of one word is not a match: 삼성전자 실적 must not bring up 혼성전
 * (성전) or 전자기기 (전자). The relaxed level matches a question's words
 * without their particles and leaves its question words out
 * (query_question.c), so a question's 반기문이 is whole in an article's
 * 반기문은, and 무엇인가 counts for nothing. The spec
 * (ns_query_partial_spec) says which word and which token of it each
 * phrase of the expression is.
 */
#include "store_int.h"

#include "newssearch/tokenizer.h"

#include <stdlib.h>
#include <string.h>

/* Instances of a token read per row when looking for a whole word: a word
 * that is there is found among its first occurrences. */
#define NS_PARTIAL_MAX_INSTANCES 256

typedef struct partial_spec {
  int n;      /* phrases */
  int *word;  /* per phrase: its word, or -1 (an excluded word's) */
  int *token; /* per phrase: its token in the word, or -1 (the word whole) */
  int words;  /* 1 + the largest word */
} partial_spec;

static void spec_free(void *p) {
  partial_spec *s = p;
  if (s == NULL) return;
  free(s->word);
  free(s);
}

/* Parses "0:0,0:1,0a,x,1:0"; NULL when malformed or out of memory. */
static partial_spec *spec_parse(const char *text, int n_phrases) {
  partial_spec *s = calloc(1, sizeof *s);
  if (s == NULL) return NULL;
  size_t room = (size_t)(n_phrases > 0 ? n_phrases : 1);
  s->word = malloc(2 * room * sizeof(int));
  if (s->word == NULL) {
    free(s);
    return NULL;
  }
  s->token = s->word + room;
  const char *p = text;
  for (; *p && s->n < n_phrases; s->n++) {
    int w = -1, t = -1;
    if (*p == 'x') {
      p++;
    } else {
      char *end;
      w = (int)strtol(p, &end, 10);
      if (end == p || w < 0 || w > 1000) break;
      p = end;
      if (*p == ':') {
        t = (int)strtol(p + 1, &end, 10);
        if (end == p + 1 || t < 0) break;
        p = end;
      } else if (*p == 'a') {
        p++;
      } else {
        break;
      }
      if (w + 1 > s->words) s->words = w + 1;
    }
    s->word[s->n] = w;
    s->token[s->n] = t;
    if (*p == ',') p++;
  }
  if (*p != '\0' || s->n != n_phrases) {
    spec_free(s);
    return NULL;
  }
  return s;
}

/* Whether phrase p has an instance in column col at offset off. */
static int has_instance(const Fts5ExtensionApi *api, Fts5Context *fts, int p,
                        int col, int off) {
  Fts5PhraseIter it;
  int c, o;
  for (api->xPhraseFirst(fts, p, &it, &c, &o); c >= 0;
       api->xPhraseNext(fts, &it, &c, &o))
    if (c == col && o == off) return 1;
  return 0;
}

/* Whether the word whose tokens are the phrases first[0..k) occurs whole:
 * token j at the offset of token 0 plus j, in one column. */
static int word_whole(const Fts5ExtensionApi *api, Fts5Context *fts,
                      const int *first, int k) {
  Fts5PhraseIter it;
  int col, off, seen = 0;
  for (api->xPhraseFirst(fts, first[0], &it, &col, &off);
       col >= 0 && seen < NS_PARTIAL_MAX_INSTANCES;
       api->xPhraseNext(fts, &it, &col, &off), seen++) {
    int j = 1;
    while (j < k && has_instance(api, fts, first[j], col, off + j))
      j++;
    if (j == k) return 1;
  }
  return 0;
}

/* Whether phrase p matched the row at all. */
static int matched(const Fts5ExtensionApi *api, Fts5Context *fts, int p) {
  Fts5PhraseIter it;
  int col, off;
  api->xPhraseFirst(fts, p, &it, &col, &off);
  return col >= 0;
}

static int shares_enough(const Fts5ExtensionApi *api, Fts5Context *fts,
                         const partial_spec *s, int *ok) {
  int tokens = 0, found = 0;
  int *order = malloc((size_t)(s->n > 0 ? s->n : 1) * sizeof *order);
  if (order == NULL) return SQLITE_NOMEM;
  *ok = 0;
  for (int p = 0; p < s->n; p++)
    if (s->word[p] >= 0 && s->token[p] >= 0) {
      tokens++;
      found += matched(api, fts, p);
    }
  if (2 * found >= tokens && tokens > 0) *ok = 1;
  for (int w = 0; !*ok && w < s->words; w++) {
    int k = 0, spelled = 0;
    for (int p = 0; p < s->n; p++) {
      if (s->word[p] != w) continue;
      if (s->token[p] < 0)
        spelled |= matched(api, fts, p);
      else
        order[k++] = p; /* tokens come in order in the expression */
    }
    *ok = spelled || (k > 0 && word_whole(api, fts, order, k));
  }
  free(order);
  return SQLITE_OK;
}

static void ns_partial(const Fts5ExtensionApi *api, Fts5Context *fts,
                       sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  if (argc != 1) {
    sqlite3_result_error(ctx, "ns_partial: expects a spec", -1);
    return;
  }
  partial_spec *s = api->xGetAuxdata(fts, 0);
  if (s == NULL) {
    const char *text = (const char *)sqlite3_value_text(argv[0]);
    s = text ? spec_parse(text, api->xPhraseCount(fts)) : NULL;
    if (s == NULL) {
      /* a spec that does not describe this expression filters nothing */
      sqlite3_result_int(ctx, 1);
      return;
    }
    if (api->xSetAuxdata(fts, s, spec_free) != SQLITE_OK) {
      sqlite3_result_error_nomem(ctx);
      return;
    }
  }
  int ok = 0;
  if (shares_enough(api, fts, s, &ok) != SQLITE_OK)
    sqlite3_result_error_nomem(ctx);
  else
    sqlite3_result_int(ctx, ok);
}

int ns_partial_register(sqlite3 *db) {
  fts5_api *api = ns_fts5_api(db);
  if (api == NULL) return SQLITE_ERROR;
  return api->xCreateFunction(api, "ns_partial", NULL, ns_partial, NULL);
}
