/*
 * article.h: one news article as newssearch stores it, whatever file format
 * it came from.
 */
#ifndef NEWSSEARCH_ARTICLE_H
#define NEWSSEARCH_ARTICLE_H

#include <stddef.h>

/* Normalized dates are "YYYY-MM-DDTHH:MM:SSZ" (UTC): 20 bytes and a NUL. */
#define NS_DATE_LEN 21

/* A list of strings (categories, tags). */
typedef struct ns_strlist {
  char **items;
  int n;
} ns_strlist;

/* Every string is malloc'd, NUL-terminated, valid UTF-8, and owned by the
 * article; NULL means absent. ns_article_clear() frees them all. */
typedef struct ns_article {
  char *key;   /* stable key: the JSON id, or the file's path below its root */
  char *title; /* "" when the source has none */
  char *body;  /* plain text, paragraphs separated by "\n" */
  char *excerpt;
  char *url;
  ns_strlist categories;
  ns_strlist tags;
  char date[NS_DATE_LEN]; /* normalized UTC date, or "" when unknown */
  /* The date as the source wrote it when it could not be read (date is then
   * the file name's, or ""), else NULL; and its line in the file, 0 when the
   * source has no lines of its own (a JSON line). */
  char *date_unread;
  int date_line;
} ns_article;

/* Frees everything a holds and zeroes it; safe on a zeroed article. */
void ns_article_clear(ns_article *a);

/* Appends a copy of s (n bytes) to l. Returns 0, or -1 when out of memory. */
int ns_strlist_add(ns_strlist *l, const char *s, size_t n);

/* Frees l's strings and zeroes it. */
void ns_strlist_clear(ns_strlist *l);

#endif
