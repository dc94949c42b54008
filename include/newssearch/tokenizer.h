/*
 * tokenizer.h: the Hangul n-gram tokenizer, usable on its own and as the
 * FTS5 tokenizer named "hangul".
 *
 * Text is normalized (NFKC + case folding, through utf8proc) and split into
 * runs by script. A run of Hangul, Han or Kana characters becomes overlapping
 * bigrams; in document mode the run's last character is also emitted alone,
 * colocated with the last bigram, so that a one-character query has a token
 * to match as a prefix without breaking phrases that cross the run's end.
 * A run of other letters and digits becomes one lower-cased word. Everything
 * else, invalid UTF-8 included, separates.
 *
 * Start and end offsets of every token are byte offsets into the text the
 * caller passed in, never into the normalized copy.
 */
#ifndef NEWSSEARCH_TOKENIZER_H
#define NEWSSEARCH_TOKENIZER_H

#include <sqlite3.h>

/* Document mode: bigrams plus each run's trailing character. Used when
 * indexing and when FTS5 re-tokenizes for highlight() and snippet(). */
#define NS_TOKENIZE_DOCUMENT 0
/* Query mode: a run of two or more characters gives its bigrams only; a
 * one-character run gives that character, for the query layer to match as a
 * prefix ("톡"*). */
#define NS_TOKENIZE_QUERY 1

/* Token flag: the token takes the position of the token before it. Same
 * value as FTS5_TOKEN_COLOCATED. */
#define NS_TOKEN_COLOCATED 0x0001

/* Longest word token in bytes; longer runs of letters are cut (at a
 * character boundary) identically at index and query time. */
#define NS_TOKEN_MAX_BYTES 128

/* Called once per token. token is not NUL-terminated and is valid only during
 * the call. Return 0 to go on; any other value stops tokenizing and is
 * returned by ns_tokenize(). */
typedef int (*ns_token_fn)(void *ctx, int flags, const char *token, int n_token,
                           int start, int end);

/* Tokenizes text[0..n_text) in mode NS_TOKENIZE_DOCUMENT or _QUERY, calling
 * fn for every token. Never allocates. Returns 0, or the first non-zero value
 * fn returned. text may hold any bytes, invalid UTF-8 included. */
int ns_tokenize(const char *text, int n_text, int mode, ns_token_fn fn,
                void *ctx);

/* True when token (n bytes, as ns_tokenize() emitted it) comes from a run
 * of Hangul, Han or Kana rather than from a word of letters and digits. */
int ns_token_is_ideographic(const char *token, int n);

/* True when token is exactly one Hangul, Han or Kana character: the token
 * of a one-character query word, which the query layer matches as a token
 * prefix ("톡"*). */
int ns_token_is_single_ideograph(const char *token, int n);

/* Registers the FTS5 tokenizer "hangul" with db. Returns SQLITE_OK, or
 * SQLITE_ERROR when the SQLite in use has no FTS5 (a message goes to
 * *errmsg, to be freed with sqlite3_free()). */
int ns_fts5_register(sqlite3 *db, char **errmsg);

/* db's FTS5 API (owned by SQLite), or NULL when this SQLite has no FTS5. */
fts5_api *ns_fts5_api(sqlite3 *db);

#endif
