/*
 * error.h: what a failed call leaves for its caller: a kind to branch on,
 * and a message for the person at the keyboard.
 */
#ifndef NEWSSEARCH_ERROR_H
#define NEWSSEARCH_ERROR_H

/* What went wrong, for callers to decide what to do (an HTTP status, an
 * exit code, whether to go on); the message is never read for that. */
typedef enum ns_error_kind {
  NS_ERR_NONE = 0,  /* no error */
  NS_ERR_USAGE,     /* an argument or option the user can correct */
  NS_ERR_QUERY,     /* a query the query language cannot answer */
  NS_ERR_NOMEM,     /* out of memory */
  NS_ERR_NOT_FOUND, /* no such database, or no articles in it */
  NS_ERR_BUSY,      /* another process holds what this needs; try again */
  NS_ERR_IO,        /* a file could not be read, written, locked or moved */
  NS_ERR_STORE,     /* the database refused, or is damaged or too new */
} ns_error_kind;

/* A kind and a message tagged by component, naming the file (and line)
 * and what to do: "[store] news.db: database or disk is full (...)". */
typedef struct ns_error {
  ns_error_kind kind;
  char message[1024];
} ns_error;

/* Sets e's kind and formats its message (printf-style); a NULL e is
 * ignored. */
void ns_error_set(ns_error *e, ns_error_kind kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Leaves e as no error (kind NS_ERR_NONE, empty message). */
void ns_error_clear(ns_error *e);

/* True when e is the caller's to fix (NS_ERR_QUERY, NS_ERR_USAGE): a 400
 * over HTTP, exit status 2 on the command line. */
int ns_error_is_users(const ns_error *e);

/* e's message without its leading "[component] " tag, for an answer that
 * names no component (a JSON error); points into e. */
const char *ns_error_reason(const ns_error *e);

#endif
