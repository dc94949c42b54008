/*
 * floor_tokenizers.c: lower bounds for the ingest benchmark. An n-gram index
 * that answers two-syllable queries must hold every bigram ("floor_bigrams");
 * every index pays for storing the article and its row in FTS5
 * ("floor_empty"). Loading the same articles through them, beside hangul,
 * unicode61 and trigram, says how much of a goal is reachable at all.
 */
#include "floor_tokenizers.h"

#include "newssearch/tokenizer.h"

#include <sqlite3.h>
#include <string.h>

typedef struct floor_tokenizer {
  int keep_bigrams; /* 0: emit nothing */
} floor_tokenizer;

typedef struct floor_call {
  void *fts5_ctx;
  int (*x_token)(void *, int, const char *, int, int, int);
} floor_call;

static floor_tokenizer bigrams_only = {1};
static floor_tokenizer nothing = {0};

static int floor_create(void *user, const char **argv, int argc,
                        Fts5Tokenizer **out) {
  (void)argv;
  *out = NULL;
  if (argc > 0) return SQLITE_ERROR;
  *out = (Fts5Tokenizer *)user; /* no per-table state */
  return SQLITE_OK;
}

static void floor_delete(Fts5Tokenizer *t) { (void)t; }

/* Passes on every token but the colocated word-end character. */
static int drop_colocated(void *ctx, int flags, const char *token, int n,
                          int start, int end) {
  floor_call *c = ctx;
  if (flags & NS_TOKEN_COLOCATED) return 0;
  return c->x_token(c->fts5_ctx, flags, token, n, start, end);
}

static int floor_tokenize(Fts5Tokenizer *t, void *ctx, int flags,
                          const char *text, int n_text,
                          int (*x_token)(void *, int, const char *, int, int,
                                         int)) {
  const floor_tokenizer *ft = (const floor_tokenizer *)t;
  if (!ft->keep_bigrams) return SQLITE_OK;
  floor_call c = {ctx, x_token};
  int mode =
      (flags & FTS5_TOKENIZE_QUERY) ? NS_TOKENIZE_QUERY : NS_TOKENIZE_DOCUMENT;
  return ns_tokenize(text, n_text, mode, drop_colocated, &c);
}

static int register_floor(sqlite3 *db, char **errmsg,
                          const struct sqlite3_api_routines *api_routines) {
  (void)errmsg;
  (void)api_routines;
  static fts5_tokenizer methods = {floor_create, floor_delete, floor_tokenize};
  fts5_api *api = ns_fts5_api(db);
  if (api == NULL) return SQLITE_ERROR;
  int rc = api->xCreateTokenizer(api, "floor_bigrams", &bigrams_only, &methods,
                                 NULL);
  if (rc == SQLITE_OK)
    rc = api->xCreateTokenizer(api, "floor_empty", &nothing, &methods, NULL);
  return rc;
}

int ns_bench_floor_tokenizers_auto(void) {
  return sqlite3_auto_extension((void (*)(void))register_floor);
}
