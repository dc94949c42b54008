/*
 * fts5_hangul.c: registers ns_tokenize() with FTS5 as the tokenizer
 * "hangul". Compiled twice: into the program, and with NS_SQLITE_EXTENSION
 * into newssearch_fts5.so.
 */
#include "sqlite_api.h"

#include "newssearch/tokenizer.h"

#include <string.h>

/* The tokenizer has no state and takes no options; FTS5 still wants a
 * distinct non-NULL object per table. */
typedef struct ns_fts5_tokenizer {
  int unused;
} ns_fts5_tokenizer;

static int hangul_create(void *user, const char **argv, int argc,
                         Fts5Tokenizer **out) {
  (void)user;
  (void)argv;
  *out = NULL;
  if (argc > 0) return SQLITE_ERROR; /* "hangul" takes no options */
  ns_fts5_tokenizer *t = sqlite3_malloc(sizeof *t);
  if (t == NULL) return SQLITE_NOMEM;
  *out = (Fts5Tokenizer *)t;
  return SQLITE_OK;
}

static void hangul_delete(Fts5Tokenizer *t) { sqlite3_free(t); }

/* FTS5's xToken has the same shape as ns_token_fn. */
static int hangul_tokenize(Fts5Tokenizer *t, void *ctx, int flags,
                           const char *text, int n_text,
                           int (*x_token)(void *, int, const char *, int, int,
                                          int)) {
  (void)t;
  /* FTS5_TOKENIZE_AUX (highlight, snippet) must see the document's tokens
   * and positions, so only a MATCH expression is tokenized as a query. */
  int mode =
      (flags & FTS5_TOKENIZE_QUERY) ? NS_TOKENIZE_QUERY : NS_TOKENIZE_DOCUMENT;
  return ns_tokenize(text, n_text, mode, x_token, ctx);
}

fts5_api *ns_fts5_api(sqlite3 *db) {
  fts5_api *api = NULL;
  sqlite3_stmt *stmt = NULL;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_pointer(stmt, 1, (void *)&api, "fts5_api_ptr", NULL);
  sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  return api;
}

int ns_fts5_register(sqlite3 *db, char **errmsg) {
  static fts5_tokenizer hangul = {hangul_create, hangul_delete,
                                  hangul_tokenize};
  fts5_api *api = ns_fts5_api(db);
  if (api == NULL) {
    if (errmsg)
      *errmsg = sqlite3_mprintf(
          "[tokenizer] the SQLite library in use (%s) was built without FTS5; "
          "install a SQLite with FTS5 (Debian: libsqlite3-0)",
          sqlite3_libversion());
    return SQLITE_ERROR;
  }
  return api->xCreateTokenizer(api, "hangul", NULL, &hangul, NULL);
}
