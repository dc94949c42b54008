/*
 * store_story.h: grouping the copies of one story (store_story.c). Private
 * to index/.
 */
#ifndef NS_INDEX_STORE_STORY_H
#define NS_INDEX_STORE_STORY_H

#include "fingerprint.h"

#include "newssearch/store.h"

/* Two articles are copies of one story when the Jaccard similarity of
 * their bigram sets is at least this (docs/STORIES.md: on the shared news,
 * every pair above it is one story told twice; below it are different
 * stories written from one template, such as two days' market closes). */
#define NS_STORY_MIN_JACCARD 0.7

/* What an article is written with: its fingerprint (none for a text
 * without one bigram) and the story it joins (0: one of its own). */
typedef struct ns_story {
  unsigned char fingerprint[NS_FP_BYTES];
  int has_fingerprint;
  sqlite3_int64 story;
} ns_story;

/* Registers ns_fingerprint(title, body) and ns_fp_bands(fingerprint) with
 * db. Returns an SQLite result code. */
int ns_story_register(sqlite3 *db);

/* The fingerprint of the article title/body and the story of its nearest
 * copy in s, leaving out the article self (0: none) and, when below is not
 * 0, every article from id below on. Returns 0 with *out, or -1 with
 * *err. */
int ns_story_assign(ns_store *s, const char *title, const char *body,
                    sqlite3_int64 self, sqlite3_int64 below, ns_story *out,
                    ns_error *err);

/* Gives every article of s its fingerprint and story, in the order they
 * were added (the migration to schema version 4, inside its transaction).
 * Returns 0, or -1 with *err. */
int ns_story_backfill(ns_store *s, ns_error *err);

#endif
