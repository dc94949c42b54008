/*
 * rank.c: ns_bm25(), the BM25 score of FTS5's bm25() (k1 1.2, b 0.75, the
 * same IDF and its floor, per-column weights as arguments) with each
 * document's length kept in memory by the connection.
 *
 * bm25() asks FTS5 for the length of every matching document, which is a
 * search of the %_docsize table per match: in perf, a third of the time
 * of a query that matches thousands of articles. Lengths change only when
 * the database does, so the connection keeps those it has read, indexed by
 * rowid, and forgets them all when the pager's data version moves (a
 * commit by this or any other connection). Scores are bm25()'s exactly;
 * tests/index/search/test_rank.c compares them over whole queries.
 *
 * BM25's IDF needs the number of rows each phrase matches, which bm25()
 * counts with a pass over the phrase's matches before the first score. A
 * search has often just counted them (a one-word query, no filter): it
 * passes that count as an argument after the weights and the pass is
 * skipped.
 *
 * At the relaxed level (a question), the rank groups name each phrase's
 * query word, and query words found near each other add a proximity score
 * (proximity_score()); other levels score as bm25().
 */
#include "store_int.h"

#include "newssearch/tokenizer.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define NS_BM25_K1 1.2
#define NS_BM25_B 0.75
/* Rowids past this are scored without the cache: 64 MB of lengths. */
#define NS_RANK_MAX_ROWID (1 << 24)

typedef struct rank_cache {
  sqlite3 *db;
  ns_rank_rows rows;
  unsigned data_version;
  int32_t *len; /* len[rowid]: tokens in all columns; -1 while unknown */
  size_t cap;
} rank_cache;

/* An equivalent spelling's matches count this much of the typed one's. */
#define NS_EQUIV_WEIGHT 0.8

/* Query words proximity tells apart: a query has at most 32 terms
 * (NS_QUERY_MAX_TERMS); a phrase of a later word has no proximity. */
#define NS_PROX_WORDS 32

/* One instance of a phrase in the current row. */
typedef struct prox_inst {
  int column, offset, phrase;
} prox_inst;

/* The current row's proximity of each pair of query words (lower word
 * first: lo * NS_PROX_WORDS + hi), and which pairs it touched, so that
 * only those are read and cleared. */
typedef struct prox_pairs {
  double acc[NS_PROX_WORDS * NS_PROX_WORDS];
  double idf[NS_PROX_WORDS * NS_PROX_WORDS];
  int touched[NS_PROX_WORDS * NS_PROX_WORDS];
} prox_pairs;

/* What one query needs, computed at its first row. */
typedef struct query_stats {
  int n_phrases;
  double avg_len;
  double *idf;  /* per phrase; with groups, the group's */
  double *freq; /* per phrase, for the current row */
  /* With groups (the spellings of one query word ranked as one term):
   * each phrase's group, dense from 0, and its share (1, or
   * NS_EQUIV_WEIGHT for an equivalent spelling); NULL without. */
  int *group;
  int *leads;    /* 1 for the first phrase of its group */
  int proximity; /* some phrase names its query word */
  double *share;
  double *group_freq; /* per group, for the current row */
  /* At the relaxed level, each phrase's query word (-1: none), the
   * instances of the current row and its pairs, for proximity; NULL
   * without (malloc'd apart, freed by query_stats_free). */
  int *word;
  prox_inst *inst;
  int n_inst, inst_cap;
  prox_pairs *pairs;
} query_stats;

/* Group numbers below this name the group of one query word; larger ones
 * a phrase that is a group of its own (ns_query_rank_groups). */
#define NS_SHARED_GROUPS 64

/* Reads the groups of ns_query_rank_groups ("0,0e,1001") into q, whose
 * arrays are sized for its phrases. A spec that does not name every
 * phrase leaves q without groups (each phrase its own). */
static void read_groups(query_stats *q, const char *spec) {
  int dense_of[NS_SHARED_GROUPS], n_dense = 0;
  for (int k = 0; k < NS_SHARED_GROUPS; k++)
    dense_of[k] = -1;
  const char *p = spec;
  for (int i = 0; i < q->n_phrases; i++) {
    char *end = NULL;
    long g = strtol(p, &end, 10);
    if (end == p || g < 0) {
      q->group = NULL;
      q->word = NULL;
      q->proximity = 0;
      return;
    }
    int shared = g < NS_SHARED_GROUPS;
    q->leads[i] = !shared || dense_of[g] < 0;
    if (q->leads[i]) {
      if (shared) dense_of[g] = n_dense;
      q->group[i] = n_dense++;
    } else {
      q->group[i] = dense_of[g];
    }
    q->share[i] = *end == 'e' ? NS_EQUIV_WEIGHT : 1.0;
    p = end + (*end == 'e');
    q->word[i] = -1;
    if (*p == 'w') {
      long w = strtol(p + 1, &end, 10);
      q->word[i] = w >= 0 && w < NS_PROX_WORDS ? (int)w : -1;
      q->proximity |= q->word[i] >= 0;
      p = end;
    }
    if (*p == ',') p++;
  }
}

/* With groups, every phrase of a group takes the group's IDF: that of its
 * most frequent spelling, so that an equivalent written rarely (美) does
 * not outrank the word typed (미국). group_freq is free until the first
 * row's score. */
static void share_group_idf(query_stats *q) {
  double *least = q->group_freq;
  for (int i = 0; i < q->n_phrases; i++)
    if (q->leads[i]) least[q->group[i]] = q->idf[i];
  for (int i = 0; i < q->n_phrases; i++)
    if (q->idf[i] < least[q->group[i]]) least[q->group[i]] = q->idf[i];
  for (int i = 0; i < q->n_phrases; i++)
    q->idf[i] = least[q->group[i]];
}

/* Counts rows for xQueryPhrase, stopping it once the count reaches stop_at:
 * a phrase in more than half of all rows has the floor IDF whatever its
 * exact count. */
typedef struct row_counter {
  sqlite3_int64 n, stop_at;
} row_counter;

static int count_row_until(const Fts5ExtensionApi *api, Fts5Context *fts,
                           void *ctx) {
  (void)api;
  (void)fts;
  row_counter *r = ctx;
  return ++r->n >= r->stop_at ? SQLITE_DONE : SQLITE_OK;
}

/* A count that reaches this many of rows rows is past half of them. */
static sqlite3_int64 past_half(sqlite3_int64 rows) { return rows / 2 + 1; }

/* Forgets every length when the database changed since they were read. */
static void check_version(rank_cache *c) {
  unsigned v = 0;
  if (sqlite3_file_control(c->db, "main", SQLITE_FCNTL_DATA_VERSION, &v) !=
          SQLITE_OK ||
      v != c->data_version) {
    free(c->len);
    c->len = NULL;
    c->cap = 0;
    c->data_version = v;
  }
}

static void query_stats_free(void *p) {
  query_stats *q = p;
  if (q) free(q->inst), free(q->pairs);
  sqlite3_free(q);
}

/* known_hits: the rows the query's only phrase matches, when the caller
 * counted them, else -1; groups: the rank groups of its phrases, or NULL. */
static int query_stats_of(const Fts5ExtensionApi *api, Fts5Context *fts,
                          rank_cache *c, sqlite3_int64 known_hits,
                          const char *groups, query_stats **out) {
  query_stats *q = api->xGetAuxdata(fts, 0);
  if (q != NULL) {
    *out = q;
    return SQLITE_OK;
  }
  check_version(c);
  int n = api->xPhraseCount(fts);
  q = sqlite3_malloc64(sizeof *q + 4 * (size_t)n * sizeof(double) +
                       3 * (size_t)n * sizeof(int));
  if (q == NULL) return SQLITE_NOMEM;
  q->n_phrases = n;
  q->idf = (double *)(q + 1);
  q->freq = q->idf + n;
  q->share = q->freq + n;
  q->group_freq = q->share + n;
  q->group = groups ? (int *)(q->group_freq + n) : NULL;
  q->leads = q->group ? q->group + n : NULL;
  q->word = q->group ? q->leads + n : NULL;
  q->proximity = 0;
  q->inst = NULL;
  q->n_inst = q->inst_cap = 0;
  q->pairs = NULL;
  if (groups) read_groups(q, groups);
  if (q->proximity && (q->pairs = calloc(1, sizeof *q->pairs)) == NULL) {
    sqlite3_free(q);
    return SQLITE_NOMEM;
  }
  sqlite3_int64 rows = 0, tokens = 0;
  int rc = api->xRowCount(fts, &rows);
  if (rc == SQLITE_OK) rc = api->xColumnTotalSize(fts, -1, &tokens);
  q->avg_len = rows > 0 ? (double)tokens / (double)rows : 1.0;
  for (int i = 0; rc == SQLITE_OK && i < n; i++) {
    row_counter r = {0, past_half(rows)};
    if (n == 1 && known_hits >= 0)
      r.n = known_hits;
    else
      rc = api->xQueryPhrase(fts, i, &r, count_row_until);
    sqlite3_int64 hits = r.n;
    /* A phrase in more than half the rows would get a negative IDF; it
     * gets a tiny positive one instead, as in bm25(). */
    double idf =
        log(((double)rows - (double)hits + 0.5) / ((double)hits + 0.5));
    q->idf[i] = idf > 0.0 ? idf : 1e-6;
  }
  if (rc == SQLITE_OK && q->group) share_group_idf(q);
  if (rc == SQLITE_OK)
    rc = api->xSetAuxdata(fts, q, query_stats_free);
  else
    query_stats_free(q);
  *out = rc == SQLITE_OK ? q : NULL;
  return rc;
}

/* The current row's length in tokens, from the cache when known. */
static int row_length(const Fts5ExtensionApi *api, Fts5Context *fts,
                      rank_cache *c, int *len) {
  sqlite3_int64 rowid = api->xRowid(fts);
  int cacheable = rowid >= 0 && rowid < NS_RANK_MAX_ROWID;
  if (cacheable && (size_t)rowid < c->cap && c->len[rowid] >= 0) {
    *len = c->len[rowid];
    return SQLITE_OK;
  }
  int rc = api->xColumnSize(fts, -1, len);
  if (rc != SQLITE_OK || !cacheable) return rc;
  if ((size_t)rowid >= c->cap) {
    size_t cap = c->cap ? c->cap : 4096;
    while (cap <= (size_t)rowid)
      cap *= 2;
    int32_t *grown = realloc(c->len, cap * sizeof *grown);
    if (grown == NULL) return SQLITE_OK; /* scored all the same, not kept */
    memset(grown + c->cap, 0xff, (cap - c->cap) * sizeof *grown); /* -1 */
    c->len = grown;
    c->cap = cap;
  }
  c->len[rowid] = *len;
  return SQLITE_OK;
}

/* Keeps an instance of phrase in the current row; one that does not fit
 * in memory is left out of the proximity score. */
static void add_instance(query_stats *q, int column, int offset, int phrase) {
  if (q->n_inst == q->inst_cap) {
    int cap = q->inst_cap ? 2 * q->inst_cap : 256;
    prox_inst *grown = realloc(q->inst, (size_t)cap * sizeof *grown);
    if (grown == NULL) return;
    q->inst = grown;
    q->inst_cap = cap;
  }
  q->inst[q->n_inst++] = (prox_inst){column, offset, phrase};
}

static int instance_order(const void *a, const void *b) {
  const prox_inst *x = a, *y = b;
  if (x->column != y->column) return x->column < y->column ? -1 : 1;
  if (x->offset != y->offset) return x->offset < y->offset ? -1 : 1;
  return (x->phrase > y->phrase) - (x->phrase < y->phrase);
}

/* Proximity (relaxed level): how far apart, in tokens, two query words'
 * instances may be and still count as near, and the weight of the
 * proximity score beside BM25's. Chosen on the dev sets with
 * bench/relevance_eval.py (docs/RANKING.md has the figures). */
#define NS_PROX_WINDOW 20
#define NS_PROX_WEIGHT 2.0

/* BM25TP-style term proximity: each pair of instances of two different
 * query words within NS_PROX_WINDOW tokens of each other in one column
 * adds 1/d^2 to the pair's accumulator, which saturates like a term
 * frequency and is weighted by the smaller IDF of the phrases seen. A
 * question's words near each other are what its article says, while the
 * same bigrams scattered over a long article are often chance. */
static double proximity_score(query_stats *q, double norm) {
  int n_touched = 0;
  if (q->n_inst < 2) return 0.0; /* no pair (and no array, out of memory) */
  qsort(q->inst, (size_t)q->n_inst, sizeof *q->inst, instance_order);
  for (int a = 0; a < q->n_inst; a++) {
    const prox_inst *x = &q->inst[a];
    for (int b = a + 1; b < q->n_inst; b++) {
      const prox_inst *y = &q->inst[b];
      int d = y->offset - x->offset;
      if (y->column != x->column || d > NS_PROX_WINDOW) break;
      int wx = q->word[x->phrase], wy = q->word[y->phrase];
      if (d == 0 || wx == wy) continue; /* one word, or one token twice */
      int k = wx < wy ? wx * NS_PROX_WORDS + wy : wy * NS_PROX_WORDS + wx;
      double w = q->idf[x->phrase] < q->idf[y->phrase] ? q->idf[x->phrase]
                                                       : q->idf[y->phrase];
      if (q->pairs->acc[k] == 0.0) {
        q->pairs->touched[n_touched++] = k;
        q->pairs->idf[k] = 0.0;
      }
      q->pairs->acc[k] += 1.0 / ((double)d * d);
      if (w > q->pairs->idf[k]) q->pairs->idf[k] = w;
    }
  }
  double score = 0.0;
  for (int t = 0; t < n_touched; t++) {
    int k = q->pairs->touched[t];
    double acc = q->pairs->acc[k];
    score += q->pairs->idf[k] * (acc * (NS_BM25_K1 + 1.0)) / (acc + norm);
    q->pairs->acc[k] = 0.0;
  }
  return NS_PROX_WEIGHT * score;
}

static void ns_bm25(const Fts5ExtensionApi *api, Fts5Context *fts,
                    sqlite3_context *ctx, int n_weights,
                    sqlite3_value **weights) {
  rank_cache *c = api->xUserData(fts);
  if (++c->rows.scored > c->rows.max && c->rows.max > 0) {
    sqlite3_result_error_code(ctx, SQLITE_ABORT);
    return;
  }
  /* One weight per column; after them, an integer is the known row count
   * of a one-phrase query, a string the rank groups of its phrases. */
  int n_cols = api->xColumnCount(fts);
  sqlite3_int64 known_hits = -1;
  const char *groups = NULL;
  for (int i = n_cols; i < n_weights; i++) {
    if (sqlite3_value_type(weights[i]) == SQLITE_TEXT)
      groups = (const char *)sqlite3_value_text(weights[i]);
    else
      known_hits = sqlite3_value_int64(weights[i]);
  }
  if (n_weights > n_cols) n_weights = n_cols;
  query_stats *q = NULL;
  int rc = query_stats_of(api, fts, c, known_hits, groups, &q);
  int len = 0;
  if (rc == SQLITE_OK) q->n_inst = 0;
  /* Each phrase's instances in this row, in poslist order (the order
   * xInst() lists them in, so the sums are bm25()'s to the bit), without
   * the merged instance array that xInstCount() builds. */
  for (int i = 0; rc == SQLITE_OK && i < q->n_phrases; i++) {
    Fts5PhraseIter it;
    int column = 0, offset = 0;
    double freq = 0.0;
    rc = api->xPhraseFirst(fts, i, &it, &column, &offset);
    for (; rc == SQLITE_OK && column >= 0;
         api->xPhraseNext(fts, &it, &column, &offset)) {
      freq += column < n_weights ? sqlite3_value_double(weights[column]) : 1.0;
      if (q->proximity && q->word[i] >= 0) add_instance(q, column, offset, i);
    }
    q->freq[i] = freq;
  }
  if (rc == SQLITE_OK) rc = row_length(api, fts, c, &len);
  if (rc != SQLITE_OK) {
    sqlite3_result_error_code(ctx, rc);
    return;
  }
  double norm = NS_BM25_K1 * (1 - NS_BM25_B + NS_BM25_B * len / q->avg_len);
  double score = 0.0;
  if (q->group) {
    /* the spellings of one word saturate together, as one term */
    for (int i = 0; i < q->n_phrases; i++)
      q->group_freq[i] = 0.0;
    for (int i = 0; i < q->n_phrases; i++)
      q->group_freq[q->group[i]] += q->share[i] * q->freq[i];
    for (int i = 0; i < q->n_phrases; i++) {
      double f = q->group_freq[q->group[i]];
      if (q->leads[i])
        score += q->idf[i] * ((f * (NS_BM25_K1 + 1.0)) / (f + norm));
    }
  } else {
    for (int i = 0; i < q->n_phrases; i++)
      score +=
          q->idf[i] * ((q->freq[i] * (NS_BM25_K1 + 1.0)) / (q->freq[i] + norm));
  }
  if (q->proximity) score += proximity_score(q, norm);
  sqlite3_result_double(ctx, -score); /* smaller is better, as bm25() */
}

/* ns_phrase_rows(articles_fts, at_least): the rows the query's one phrase
 * matches, for a search that needs them as its total (exact up to
 * at_least) and as BM25's document frequency, which is exact up to half of
 * all rows: past that the IDF is its floor whatever the count. So the count
 * stops at whichever of the two is larger. */
static void ns_phrase_rows(const Fts5ExtensionApi *api, Fts5Context *fts,
                           sqlite3_context *ctx, int n_args,
                           sqlite3_value **args) {
  sqlite3_int64 rows = 0;
  int rc =
      api->xPhraseCount(fts) == 1 && n_args == 1 ? SQLITE_OK : SQLITE_MISUSE;
  if (rc == SQLITE_OK) rc = api->xRowCount(fts, &rows);
  row_counter r = {0, sqlite3_value_int64(args[0])};
  if (r.stop_at < past_half(rows)) r.stop_at = past_half(rows);
  if (rc == SQLITE_OK) rc = api->xQueryPhrase(fts, 0, &r, count_row_until);
  if (rc == SQLITE_OK || rc == SQLITE_DONE)
    sqlite3_result_int64(ctx, r.n);
  else
    sqlite3_result_error_code(ctx, rc);
}

static void rank_cache_free(void *p) {
  rank_cache *c = p;
  if (c) free(c->len);
  free(c);
}

int ns_rank_register(sqlite3 *db, char **errmsg) {
  return ns_rank_register_counting(db, NULL, errmsg);
}

int ns_rank_register_counting(sqlite3 *db, ns_rank_rows **rows, char **errmsg) {
  fts5_api *api = ns_fts5_api(db);
  rank_cache *c = calloc(1, sizeof *c);
  if (api == NULL || c == NULL) {
    free(c);
    if (errmsg)
      *errmsg = sqlite3_mprintf(api ? "out of memory" : "no FTS5 in SQLite");
    return api ? SQLITE_NOMEM : SQLITE_ERROR;
  }
  c->db = db;
  if (rows) *rows = &c->rows;
  int rc = api->xCreateFunction(api, "ns_bm25", c, ns_bm25, rank_cache_free);
  if (rc == SQLITE_OK)
    rc =
        api->xCreateFunction(api, "ns_phrase_rows", NULL, ns_phrase_rows, NULL);
  return rc;
}
