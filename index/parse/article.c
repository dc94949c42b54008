/*
 * article.c: the ns_article value and its string lists. Every parser fills
 * an ns_article; this file is the one place that knows how to free one.
 */
#include "newssearch/article.h"

#include <stdlib.h>
#include <string.h>

/* Frees every string of a and zeroes it, so the article can be filled again
 * and clearing twice is harmless. */
void ns_article_clear(ns_article *a) {
  if (a == NULL) return;
  free(a->key);
  free(a->title);
  free(a->body);
  free(a->excerpt);
  free(a->url);
  free(a->date_unread);
  ns_strlist_clear(&a->categories);
  ns_strlist_clear(&a->tags);
  memset(a, 0, sizeof *a);
}

/* Appends a NUL-terminated copy of the n bytes at s. The items array grows
 * one slot at a time: lists hold a handful of categories or tags, so the
 * simplicity is worth more than amortized growth. On failure l is left as
 * it was. */
int ns_strlist_add(ns_strlist *l, const char *s, size_t n) {
  if (n == (size_t)-1) return -1;
  char *copy = malloc(n + 1);
  if (copy == NULL) return -1;
  if (n > 0) memcpy(copy, s, n);
  copy[n] = '\0';
  char **items = realloc(l->items, ((size_t)l->n + 1) * sizeof *items);
  if (items == NULL) {
    free(copy);
    return -1;
  }
  items[l->n++] = copy;
  l->items = items;
  return 0;
}

/* Frees the strings and the array of l and zeroes it. */
void ns_strlist_clear(ns_strlist *l) {
  if (l == NULL) return;
  for (int i = 0; i < l->n; i++)
    free(l->items[i]);
  free(l->items);
  l->items = NULL;
  l->n = 0;
}
