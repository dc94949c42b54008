/*
 * store_story.c: which story an article belongs to. Each article written
 * gets the fingerprint of its text (fingerprint.h) and, when an article
 * already there shares a band with it and is a near copy (the Jaccard
 * similarity of their bigram sets at least NS_STORY_MIN_JACCARD), that
 * article's story; otherwise it starts a story of its own (story NULL: the
 * story is its id). A search then shows one hit per story. The bands live
 * in story_bands, kept in step with the fingerprints by triggers.
 */
#include "store_story.h"
#include "store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A body with fewer bigrams than this (a headline-only article, a photo
 * caption of one line) is too short for its similarity to say "the same
 * story": it is compared by its title and body together, and grouped only
 * with an exact copy. */
#define NS_STORY_MIN_BIGRAMS 30
/* Candidates checked per article, those sharing the most bands first. */
#define NS_STORY_CANDIDATES 8
/* Bands a candidate must share to be checked. Two texts of similarity J
 * share each band with probability J^4: a copy (J 0.8) shares 6.6 of 16
 * on average and two or more with probability 0.9993 (0.925 at J 0.7),
 * while unrelated articles meet in one band by chance, more often the
 * larger the archive (2.1 others per article among 10,000 synthetic ones,
 * of which 0.07% in two bands): each such meeting would cost an exact
 * comparison, read from the database. */
#define NS_STORY_MIN_BANDS 2

/* SQL: ns_fp_bands(fingerprint), the band keys as a JSON array for the
 * triggers of story_bands; [] for NULL or a blob of another size. */
static void fp_bands_sql(sqlite3_context *ctx, int argc, sqlite3_value **v) {
  (void)argc;
  const unsigned char *fp = sqlite3_value_blob(v[0]);
  if (fp == NULL || sqlite3_value_bytes(v[0]) != NS_FP_BYTES) {
    sqlite3_result_text(ctx, "[]", 2, SQLITE_STATIC);
    return;
  }
  char json[NS_FP_BANDS * 11 + 3];
  size_t n = 0;
  json[n++] = '[';
  for (int b = 0; b < NS_FP_BANDS; b++)
    n += (size_t)snprintf(json + n, sizeof json - n, "%s%u", b ? "," : "",
                          ns_fingerprint_band(fp, b));
  json[n++] = ']';
  sqlite3_result_text(ctx, json, (int)n, SQLITE_TRANSIENT);
}

/* The text compared: the body, or the title and body when the body is too
 * short (*exact_only: then only an exact copy counts). */
static int story_text(const char *title, const char *body, ns_shingles *sh,
                      int *exact_only) {
  *exact_only = 0;
  if (ns_shingles_make(body, strlen(body), sh) != 0) return -1;
  if (sh->n >= NS_STORY_MIN_BIGRAMS) return 0;
  ns_shingles_clear(sh);
  *exact_only = 1;
  size_t tl = strlen(title), bl = strlen(body);
  char *both = malloc(tl + bl + 2);
  if (both == NULL) return -1;
  memcpy(both, title, tl);
  both[tl] = '\n';
  memcpy(both + tl + 1, body, bl + 1);
  int rc = ns_shingles_make(both, tl + bl + 1, sh);
  free(both);
  return rc;
}

static void fp_sql(sqlite3_context *ctx, int argc, sqlite3_value **v) {
  (void)argc;
  const char *title = (const char *)sqlite3_value_text(v[0]);
  const char *body = (const char *)sqlite3_value_text(v[1]);
  ns_shingles sh;
  int exact_only;
  if (story_text(title ? title : "", body ? body : "", &sh, &exact_only) != 0) {
    sqlite3_result_error_nomem(ctx);
    return;
  }
  if (sh.n > 0) {
    unsigned char fp[NS_FP_BYTES];
    ns_fingerprint_make(&sh, fp);
    sqlite3_result_blob(ctx, fp, NS_FP_BYTES, SQLITE_TRANSIENT);
  }
  ns_shingles_clear(&sh);
}

int ns_story_register(sqlite3 *db) {
  int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC;
  int rc = sqlite3_create_function(db, "ns_fp_bands", 1, flags, NULL,
                                   fp_bands_sql, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function(db, "ns_fingerprint", 2, flags, NULL, fp_sql,
                                 NULL, NULL);
  return rc;
}

static int oom(ns_store *s, ns_error *err) {
  ns_error_set(err, NS_ERR_NOMEM, "[store] %s: out of memory", s->path);
  return -1;
}

/* The similarity of sh to the stored article id, read from the database,
 * or -1 when it is gone; *story becomes its story. */
static double similarity_to(ns_store *s, sqlite3_int64 id, ns_shingles *sh,
                            int exact_only, sqlite3_int64 *story, int *failed) {
  sqlite3_stmt *st = s->story_text;
  sqlite3_bind_int64(st, 1, id);
  double j = -1;
  if (sqlite3_step(st) == SQLITE_ROW) {
    const char *title = (const char *)sqlite3_column_text(st, 0);
    const char *body = (const char *)sqlite3_column_text(st, 1);
    *story = sqlite3_column_int64(st, 2);
    ns_shingles other;
    int other_exact;
    if (story_text(title ? title : "", body ? body : "", &other,
                   &other_exact) != 0)
      *failed = 1;
    else
      j = ns_shingles_jaccard(sh, &other);
    /* a short text is a copy only of the same short text */
    if ((exact_only || other_exact) && j < 1.0) j = 0;
    ns_shingles_clear(&other);
  }
  sqlite3_reset(st);
  return j;
}

/* Moves every article of story from into story into. */
static int merge_story(ns_store *s, sqlite3_int64 from, sqlite3_int64 into,
                       ns_error *err) {
  if (ns_store_stmt(
          s, &s->story_merge,
          "UPDATE articles SET story = ?2 WHERE story = ?1 OR id = ?1",
          err) != 0)
    return -1;
  sqlite3_bind_int64(s->story_merge, 1, from);
  sqlite3_bind_int64(s->story_merge, 2, into);
  int step = sqlite3_step(s->story_merge);
  sqlite3_reset(s->story_merge);
  return step == SQLITE_DONE ? 0 : ns_store_fail(s, "joining two stories", err);
}

/* Ids read per band, the newest first: a template that thousands of
 * articles share (a market close, a weather line) fills one band's list
 * with them, and reading it all for every new article would make a load
 * quadratic. Its newest copies are where a new copy's story is. */
#define BAND_READ "16"
#define BAND_READ_N 16

typedef struct candidate {
  sqlite3_int64 id;
  int bands;
} candidate;

static int by_bands(const void *a, const void *b) {
  const candidate *x = a, *y = b;
  if (x->bands != y->bands) return y->bands - x->bands;
  return (y->id > x->id) - (y->id < x->id); /* newest first */
}

/* The articles sharing the most bands with fp (at most
 * NS_STORY_CANDIDATES, into ids), leaving out self and, when below is not
 * 0, every article from id below on. Returns 0, or -1 with *err. */
static int candidates(ns_store *s, const unsigned char fp[NS_FP_BYTES],
                      sqlite3_int64 self, sqlite3_int64 below,
                      sqlite3_int64 *ids, int *n_ids, ns_error *err) {
  candidate seen[NS_FP_BANDS * BAND_READ_N];
  int n = 0;
  sqlite3_stmt *st = s->story_candidates;
  for (int b = 0; b < NS_FP_BANDS; b++) {
    sqlite3_bind_int64(st, 1, ns_fingerprint_band(fp, b));
    sqlite3_bind_int64(st, 2, self);
    sqlite3_bind_int64(st, 3, below);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
      sqlite3_int64 id = sqlite3_column_int64(st, 0);
      int k = 0;
      while (k < n && seen[k].id != id)
        k++;
      if (k == n) seen[n++] = (candidate){id, 0};
      seen[k].bands++;
    }
    sqlite3_reset(st);
    if (step != SQLITE_DONE)
      return ns_store_fail(s, "finding copies of an article", err);
  }
  qsort(seen, (size_t)n, sizeof *seen, by_bands);
  *n_ids = 0;
  for (int k = 0; k < n && *n_ids < NS_STORY_CANDIDATES; k++)
    if (seen[k].bands >= NS_STORY_MIN_BANDS) ids[(*n_ids)++] = seen[k].id;
  return 0;
}

int ns_story_assign(ns_store *s, const char *title, const char *body,
                    sqlite3_int64 self, sqlite3_int64 below, ns_story *out,
                    ns_error *err) {
  memset(out, 0, sizeof *out);
  if (s->no_stories) return 0;
  ns_shingles sh;
  int exact_only;
  if (story_text(title ? title : "", body ? body : "", &sh, &exact_only) != 0)
    return oom(s, err);
  if (sh.n == 0) return 0; /* nothing to compare: a story of its own */
  ns_fingerprint_make(&sh, out->fingerprint);
  out->has_fingerprint = 1;
  int rc = 0;
  if (ns_store_stmt(
          s, &s->story_candidates,
          "SELECT id FROM story_bands WHERE band = ?1 AND id != ?2"
          " AND (?3 = 0 OR id < ?3) ORDER BY id DESC LIMIT " BAND_READ,
          err) != 0 ||
      ns_store_stmt(s, &s->story_text,
                    "SELECT title, body, coalesce(story, id) FROM articles"
                    " WHERE id = ?1",
                    err) != 0) {
    ns_shingles_clear(&sh);
    return -1;
  }
  sqlite3_int64 ids[NS_STORY_CANDIDATES];
  int n_ids = 0;
  rc = candidates(s, out->fingerprint, self, below, ids, &n_ids, err);
  double best = NS_STORY_MIN_JACCARD;
  sqlite3_int64 stories[NS_STORY_CANDIDATES];
  int n_stories = 0;
  for (int i = 0; rc == 0 && i < n_ids; i++) {
    sqlite3_int64 story = 0;
    int failed = 0;
    double j = similarity_to(s, ids[i], &sh, exact_only, &story, &failed);
    if (failed) rc = oom(s, err);
    if (j < NS_STORY_MIN_JACCARD) continue;
    stories[n_stories++] = story;
    if (j >= best) {
      best = j;
      out->story = story;
    }
  }
  ns_shingles_clear(&sh);
  /* A copy of articles in two stories joins them: the stories are the
   * groups of articles linked by copies, whichever came first. */
  for (int i = 0; rc == 0 && i < n_stories; i++)
    if (stories[i] != out->story)
      rc = merge_story(s, stories[i], out->story, err);
  return rc;
}

int ns_store_has_stories(const ns_store *s) { return s->schema_version >= 4; }

void ns_store_without_stories(ns_store *s) { s->no_stories = 1; }

int ns_story_backfill(ns_store *s, ns_error *err) {
  sqlite3_stmt *all = NULL, *set = NULL;
  int rc = -1;
  if (sqlite3_prepare_v2(s->db,
                         "SELECT id, title, body FROM articles ORDER BY id", -1,
                         &all, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2(s->db,
                         "UPDATE articles SET fingerprint = ?1, story = ?2"
                         " WHERE id = ?3",
                         -1, &set, NULL) != SQLITE_OK) {
    rc = ns_store_fail(s, "grouping the articles into stories", err);
    goto done;
  }
  int step;
  while ((step = sqlite3_step(all)) == SQLITE_ROW) {
    sqlite3_int64 id = sqlite3_column_int64(all, 0);
    ns_story story;
    /* each article joins the story of an earlier one, as when they came */
    if (ns_story_assign(s, (const char *)sqlite3_column_text(all, 1),
                        (const char *)sqlite3_column_text(all, 2), id, id,
                        &story, err) != 0)
      goto done;
    if (story.has_fingerprint)
      sqlite3_bind_blob(set, 1, story.fingerprint, NS_FP_BYTES,
                        SQLITE_TRANSIENT);
    else
      sqlite3_bind_null(set, 1);
    if (story.story)
      sqlite3_bind_int64(set, 2, story.story);
    else
      sqlite3_bind_null(set, 2);
    sqlite3_bind_int64(set, 3, id);
    if (sqlite3_step(set) != SQLITE_DONE) {
      rc = ns_store_fail(s, "grouping the articles into stories", err);
      goto done;
    }
    sqlite3_reset(set);
  }
  rc = step == SQLITE_DONE
           ? 0
           : ns_store_fail(s, "grouping the articles into stories", err);
done:
  sqlite3_finalize(all);
  sqlite3_finalize(set);
  return rc;
}
