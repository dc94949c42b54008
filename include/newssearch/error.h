/*
 * error.h: the message a failed call leaves for the person at the keyboard.
 */
#ifndef NEWSSEARCH_ERROR_H
#define NEWSSEARCH_ERROR_H

/* A message tagged by component, naming the file (and line) and what to do:
 * "[store] news.db: database or disk is full (free some disk space...)". */
typedef struct ns_error {
  char message[1024];
} ns_error;

/* Formats a message into e (printf-style); a NULL e is ignored. */
void ns_error_set(ns_error *e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
