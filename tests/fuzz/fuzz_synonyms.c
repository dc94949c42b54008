/*
 * fuzz_synonyms.c: a synonyms file of any bytes, parsed alone and on top
 * of the shipped list. A parse either fails with a message that names the
 * file and a line, or gives a list whose lookups hold: every word of the
 * first line has at most NS_SYNONYMS_MAX_WORDS synonyms, none empty, none
 * longer than a word may be, and the lookup of any bytes never fails.
 */
#include "fuzz_check.h"

#include "newssearch/synonyms.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int check_word(void *ctx, const char *w) {
  (void)ctx;
  size_t n = strlen(w);
  FUZZ_CHECK(n > 0 && n <= NS_SYNONYM_MAX_BYTES, "synonym length");
  FUZZ_CHECK(fuzz_utf8_valid(w, n), "synonym not UTF-8");
  FUZZ_CHECK(strchr(w, '"') == NULL, "synonym with a quote");
  return 0;
}

static void look_up(const ns_synonyms *s, const char *w, size_t n) {
  int k = ns_synonyms_of(s, w, n, check_word, NULL);
  FUZZ_CHECK(k >= 0 && k <= NS_SYNONYMS_MAX_WORDS, "synonym count");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *text = (const char *)data;
  for (int on_shipped = 0; on_shipped < 2; on_shipped++) {
    ns_synonyms *s = NULL;
    ns_error err;
    ns_error_clear(&err);
    const ns_synonyms *base = on_shipped ? ns_synonyms_shipped() : NULL;
    if (ns_synonyms_parse("f.txt", text, size, base, &s, &err) != 0) {
      FUZZ_CHECK(s == NULL &&
                     strncmp(err.message, "[synonyms] f.txt:", 17) == 0,
                 "a refusal names the file and line");
      continue;
    }
    FUZZ_CHECK(ns_synonyms_groups(s) >= ns_synonyms_groups(base), "groups");
    /* the words of the first line, and the whole input */
    const char *nl = memchr(text, '\n', size);
    size_t line = nl ? (size_t)(nl - text) : size;
    for (size_t at = 0; at <= line;) {
      const char *comma = memchr(text + at, ',', line - at);
      size_t end = comma ? (size_t)(comma - text) : line;
      look_up(s, text + at, end - at);
      at = end + 1;
    }
    look_up(s, text, size);
    ns_synonyms_free(s);
  }
  return 0;
}
