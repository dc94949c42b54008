/*
 * fuzz_article_file.c: an article file as the ingester reads it. The first
 * input byte picks the file name (so the extension and the Jekyll date
 * prefix vary), the rest is the file. As in index/ingest/ingest.c, the format
 * is detected on the raw bytes, a file with a NUL byte is refused as binary,
 * and the bytes are repaired to valid UTF-8 before ns_parse_article_file()
 * sees them. ns_html_to_text() and ns_markdown_to_text() also get the
 * repaired bytes directly, NULs included, since they take a length.
 */
#include "fuzz_check.h"

#include "newssearch/parse.h"

#include <stdint.h>

static const char *const kNames[] = {"a.md", "a.html", "a.txt",
                                     "2025-01-02-a.markdown"};

/* What a converter returns: a string of valid UTF-8, and a title that is
 * NULL or valid UTF-8. */
static void check_converted(char *text, char *title, const char *what) {
  FUZZ_CHECK(text != NULL, what);
  fuzz_check_string(text, "converted text is not valid UTF-8");
  fuzz_check_string(title, "converted title is not valid UTF-8");
  free(text);
  free(title);
}

/* Parses the file as the ingester does; a parse failure must say why. */
static void parse_file(const char *name, ns_format fmt, const char *text,
                       size_t len) {
  ns_article a = {0};
  ns_parse_error err = {0};
  if (ns_parse_article_file(fmt, name, name, text, len, &a, &err) == 0) {
    fuzz_check_article(&a);
    /* The key is the name the caller gave, or the front matter's id. */
    FUZZ_CHECK(a.key != NULL && a.key[0] != '\0', "article without a key");
    FUZZ_CHECK(strcmp(a.key, name) == 0 || strstr(text, "id") != NULL,
               "key changed without an id in the front matter");
  } else {
    FUZZ_CHECK(err.message[0] != '\0', "parse failed without a message");
  }
  ns_article_clear(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  const char *name = kNames[data[0] % (sizeof kNames / sizeof kNames[0])];
  const char *raw = (const char *)data + 1;
  size_t raw_len = size - 1;

  size_t len = 0, n_invalid = 0;
  int bad_line = 0;
  char *text = ns_utf8_repair(raw, raw_len, &len, &n_invalid, &bad_line);
  FUZZ_CHECK(text != NULL && text[len] == '\0', "ns_utf8_repair()");
  FUZZ_CHECK(fuzz_utf8_valid(text, len), "repaired text is not valid UTF-8");
  FUZZ_CHECK((n_invalid == 0) == (bad_line == 0), "repair counts disagree");

  ns_format fmt = ns_detect_format(name, raw, raw_len);
  FUZZ_CHECK(fmt != NS_FORMAT_UNKNOWN && fmt != NS_FORMAT_JSONL,
             "an article file name detected as no article");
  if (memchr(raw, '\0', raw_len) == NULL) parse_file(name, fmt, text, len);

  char *title = NULL, *plain = NULL;
  ns_parse_error why = {0};
  if (ns_html_to_text(text, len, &plain, &title, &why) != 0)
    FUZZ_CHECK(plain == NULL && title == NULL && why.message[0] != '\0',
               "ns_html_to_text() failed without a message");
  else
    check_converted(plain, title, "ns_html_to_text() returned NULL");
  title = plain = NULL;
  if (ns_markdown_to_text(text, len, &plain, &title, &why) != 0)
    FUZZ_CHECK(plain == NULL && title == NULL && why.message[0] != '\0',
               "ns_markdown_to_text() failed without a message");
  else
    check_converted(plain, title, "ns_markdown_to_text() returned NULL");
  plain = NULL;
  if (ns_html_to_text(text, len, &plain, NULL, &why) == 0)
    check_converted(plain, NULL, "ns_html_to_text() without title");
  free(text);
  return 0;
}
