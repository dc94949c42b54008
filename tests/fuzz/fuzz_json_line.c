/*
 * fuzz_json_line.c: one line of a JSON Lines feed, as
 * index/ingest/ingest_jsonl.c hands it over: a line with a NUL byte is refused
 * as binary, a trailing CR is dropped, and the bytes are repaired to valid
 * UTF-8 before ns_parse_json_line() sees them. The parsed article must keep
 * article.h's promises; a refused line must say why.
 */
#include "fuzz_check.h"

#include "newssearch/parse.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *line = (const char *)data;
  if (memchr(line, '\0', size) != NULL) return 0;
  if (size > 0 && line[size - 1] == '\r') size--;

  size_t len = 0, n_invalid = 0;
  int bad_line = 0;
  char *text = ns_utf8_repair(line, size, &len, &n_invalid, &bad_line);
  FUZZ_CHECK(text != NULL, "ns_utf8_repair() returned NULL");

  ns_article a = {0};
  ns_parse_error err = {0};
  if (ns_parse_json_line(text, len, &a, &err) == 0) {
    fuzz_check_article(&a);
    FUZZ_CHECK(a.key != NULL && a.key[0] != '\0', "article without a key");
  } else {
    FUZZ_CHECK(err.message[0] != '\0', "parse failed without a message");
  }
  ns_article_clear(&a);
  free(text);
  return 0;
}
