/*
 * test_suggest_corpus.c: suggestions and corrections on the shared news
 * (../shared/corpus/news_*.jsonl, 2,650 articles). The 50 most frequent
 * words of three or more syllables (written bare in at least 10 articles)
 * as suggestions show them (not forms with a particle) are typed key by
 * key as the 2-set input method shows them (libhangul): from the second
 * syllable's vowel on, every prefix, cut inside syllables too (대토,
 * 대통, 대통ㄹ, 대통려), must suggest the word within the first 8. Each
 * word with one key changed (a vowel of its last syllable: 50 one-key typos)
 * must be corrected back to it, and so must those of four syllables or
 * more with two (the first syllable's vowel too), and its 2-set spelling
 * in Latin letters must turn back into it. usage: test_suggest_corpus
 * SHARED_CORPUS WORKDIR
 */
#include "../support/corpus.h"
#include "check.h"

#include "newssearch/correct.h"
#include "newssearch/ingest.h"
#include "newssearch/keys.h"
#include "newssearch/suggest.h"
#include "newssearch/words.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define N_WORDS 50

static int suggested(ns_store *s, const char *typed, const char *word) {
  ns_suggest_result r;
  ns_error err = {0};
  if (ns_suggest(s, typed, strlen(typed), 8, &r, &err) != 0) return 0;
  int found = 0;
  for (int i = 0; i < r.n; i++)
    found |= strcmp(r.items[i].text, word) == 0;
  ns_suggest_result_clear(&r);
  return found;
}

/* True when word is in the vocabulary of the database at path. */
static int in_vocabulary(const char *path, const char *word) {
  sqlite3 *db = NULL;
  sqlite3_stmt *st = NULL;
  int found = 0;
  if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2(db, "SELECT 1 FROM vocab WHERE word = ?1", -1, &st,
                         NULL) == SQLITE_OK) {
    sqlite3_bind_text(st, 1, word, -1, SQLITE_STATIC);
    found = sqlite3_step(st) == SQLITE_ROW;
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return found;
}

/* The Latin keys of keys (high bit set for Hangul), case kept for Shift. */
static void latin_of(const unsigned char *keys, int n, char *out) {
  for (int i = 0; i < n; i++)
    out[i] = (char)(keys[i] & 0x7F);
  out[n] = '\0';
}

/* The vowel at keys[at] changed to one that makes no word of the articles
 * at db (있으므 of 있으므로 is one: the reader would find it as typed), the
 * keys then written as Hangul into typed. */
static void change_vowel(const char *db, unsigned char *keys, int nk, int at,
                         char *typed) {
  char latin[NS_KEYS_MAX + 1];
  unsigned char was = keys[at];
  for (const char *v = "mnhjklu"; *v; v++) {
    if (*v == (char)(was & 0x7F)) continue;
    keys[at] = (unsigned char)(*v | 0x80);
    latin_of(keys, nk, latin);
    ns_keys_to_hangul(latin, strlen(latin), typed, 4 * NS_KEYS_MAX);
    if (!in_vocabulary(db, typed)) break;
  }
}

/* True when typed is corrected to word. */
static int corrected(ns_store *s, const char *typed, const char *word) {
  char *to = NULL;
  const char *why = NULL;
  ns_error err = {0};
  int r = ns_correct_query(s, typed, strlen(typed), 0, &to, &why, &err);
  int ok = r == 1 && strcmp(to, word) == 0;
  CHECK(ok, "typo %s of %s: corrected to %s", typed, word,
        r == 1 ? to : "(nothing)");
  free(to);
  return ok;
}

int main(int argc, char **argv) {
  const char *dir = ns_corpus_dir_or_fail(argc, argv, "test_suggest_corpus");
  if (dir == NULL || argc < 3) return 1;
  char db[4096], files[3][4096];
  snprintf(db, sizeof db, "%s/suggest_corpus.db", argv[2]);
  const char *names[] = {"news_naver_sum_1k.jsonl", "news_kncls_1600.jsonl",
                         "news_scinews_50.jsonl"};
  char *paths[3];
  for (int i = 0; i < 3; i++) {
    snprintf(files[i], sizeof files[i], "%s/%s", dir, names[i]);
    paths[i] = files[i];
  }
  unlink(db);
  ns_store *w = NULL;
  ns_error err = {0};
  ns_ingest_options opt = {.max_file_bytes = 1u << 30};
  ns_ingest_summary sum = {0};
  CHECK(ns_store_open(db, NS_STORE_WRITE, &w, &err) == 0, "%s", err.message);
  CHECK(w && ns_ingest(w, paths, 3, &opt, &sum, &err) == 0, "%s", err.message);
  ns_store_close(w);

  /* the 50 words, read from the vocabulary the ingest built */
  sqlite3 *raw = NULL;
  sqlite3_stmt *st = NULL;
  char words[N_WORDS][64];
  int n = 0;
  CHECK(sqlite3_open_v2(db, &raw, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK,
        "open");
  CHECK(sqlite3_prepare_v2(raw,
                           "SELECT word FROM vocab WHERE bare >= 10 AND "
                           "length(word) >= 3 AND word GLOB '[가-힣]*' AND "
                           "word NOT GLOB '*[^가-힣]*' ORDER BY docs DESC, "
                           "keys LIMIT 400",
                           -1, &st, NULL) == SQLITE_OK,
        "%s", sqlite3_errmsg(raw));
  /* as suggestions show them: not a form with a particle */
  while (st && sqlite3_step(st) == SQLITE_ROW && n < N_WORDS) {
    const char *word = (const char *)sqlite3_column_text(st, 0);
    if (ns_word_stem_len(word, strlen(word), NULL) == 0)
      snprintf(words[n++], sizeof words[0], "%s", word);
  }
  sqlite3_finalize(st);
  sqlite3_close(raw);
  CHECK(n == N_WORDS, "only %d words of three syllables or more", n);

  ns_store *s = NULL;
  CHECK(ns_store_open(db, NS_STORE_READONLY, &s, &err) == 0, "%s", err.message);
  int prefixes = 0, prefixes_ok = 0, typos_ok = 0, layouts_ok = 0;
  int two_keys = 0, two_keys_ok = 0;
  for (int i = 0; s && i < n; i++) {
    unsigned char keys[NS_KEYS_MAX];
    char latin[NS_KEYS_MAX + 1], typed[4 * NS_KEYS_MAX];
    int nk = ns_word_keys(words[i], strlen(words[i]), keys);
    CHECK(nk > 0, "keys of %s", words[i]);
    /* from the second syllable's vowel on: a syllable alone (대, 이), or
     * with the next consonant shown as its final (안 of 아니다), begins
     * thousands of words, more than eight can hold (the test of the page's
     * articles checks 댙 and 대ㅌ) */
    unsigned char first_keys[NS_KEYS_MAX];
    int first = ns_word_keys(words[i], 3, first_keys); /* one syllable */
    for (int len = first + 2; len <= nk; len++) {
      latin_of(keys, len, latin);
      if (ns_keys_to_hangul(latin, strlen(latin), typed, sizeof typed) < 0)
        continue;
      prefixes++;
      int ok = suggested(s, typed, words[i]);
      prefixes_ok += ok;
      CHECK(ok, "%s typed as far as %s: not in the first 8", words[i], typed);
    }
    /* a typo: the vowel of the last syllable one key off */
    int first_vowel = -1, last_vowel = -1;
    for (int k = 0; k < nk; k++)
      if (strchr("hjklyuiopbnmOP", keys[k] & 0x7F)) {
        if (first_vowel < 0) first_vowel = k;
        last_vowel = k;
      }
    CHECK(last_vowel >= 0, "no vowel in the keys of %s", words[i]);
    if (last_vowel < 0) continue;
    unsigned char bad[NS_KEYS_MAX];
    memcpy(bad, keys, (size_t)nk);
    change_vowel(db, bad, nk, last_vowel, typed);
    typos_ok += corrected(s, typed, words[i]);
    /* four syllables or more: the first syllable's vowel off too */
    if (strlen(words[i]) >= 4 * 3) {
      change_vowel(db, bad, nk, first_vowel, typed);
      two_keys++;
      two_keys_ok += corrected(s, typed, words[i]);
    }
    /* the word typed with the keyboard in Latin mode */
    latin_of(keys, nk, latin);
    char *to = NULL;
    const char *why = NULL;
    int r = ns_correct_query(s, latin, strlen(latin), 0, &to, &why, &err);
    int layout_ok =
        r == 1 && strcmp(to, words[i]) == 0 && !strcmp(why, "layout");
    layouts_ok += layout_ok;
    CHECK(layout_ok, "%s (2-set %s): turned into %s", words[i], latin,
          r == 1 ? to : "(nothing)");
    free(to);
  }
  CHECK(two_keys >= 10, "only %d words of four syllables or more", two_keys);
  printf("suggest_corpus: %d of %d prefixes, %d of %d typos, %d of %d "
         "two-key typos, %d of %d layouts\n",
         prefixes_ok, prefixes, typos_ok, n, two_keys_ok, two_keys, layouts_ok,
         n);
  ns_store_close(s);
  return ns_check_done("suggest_corpus");
}
