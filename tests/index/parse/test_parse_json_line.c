/*
 * test_parse_json_line.c: ns_parse_json_line(): a full record, the field
 * variants feeds use, HTML and text bodies, every refusal and its message,
 * the demo wire feed by value, and every record of the shared corpus's news
 * and headline files.
 * usage: parse_json_line DEMO_ARTICLES_DIR SHARED_CORPUS_DIR
 */
#include "check.h"

#include "corpus.h"
#include "newssearch/parse.h"

#include <stdlib.h>

static int parse(const char *line, ns_article *a, ns_parse_error *err) {
  memset(a, 0, sizeof *a);
  memset(err, 0, sizeof *err);
  return ns_parse_json_line(line, strlen(line), a, err);
}

static void test_full_record(void) {
  ns_article a;
  ns_parse_error err;
  const char *line =
      "{\"id\":\"w-1\",\"title\":\"제목\",\"body\":\"본문 <앵커>\\n\\n둘째\","
      "\"date\":\"2025-06-02T08:00:00+09:00\",\"url\":\"https://x.kr/1\","
      "\"category\":\"경제\",\"categories\":[\"IT/과학\",\"\",null,7],"
      "\"tags\":[\"a\",\"b c\"],\"excerpt\":\"요약\",\"source\":{\"x\":1}}";
  CHECK_INT(parse(line, &a, &err), 0);
  CHECK_STR(a.key, "w-1");
  CHECK_STR(a.title, "제목");
  CHECK_STR(a.body, "본문 <앵커>\n\n둘째"); /* text bodies stay as they are */
  CHECK_STR(a.date, "2025-06-01T23:00:00Z");
  CHECK_STR(a.url, "https://x.kr/1");
  CHECK_STR(a.excerpt, "요약");
  CHECK_INT(a.categories.n, 3);
  if (a.categories.n == 3) {
    CHECK_STR(a.categories.items[0], "경제");
    CHECK_STR(a.categories.items[1], "IT/과학");
    CHECK_STR(a.categories.items[2], "7");
  }
  CHECK_INT(a.tags.n, 2);
  if (a.tags.n == 2) CHECK_STR(a.tags.items[1], "b c");
  ns_article_clear(&a);
}

/* Field variants: each line and what one field of it must read as. */
typedef struct variant_case {
  const char *line;
  const char *field; /* key title body date url excerpt cat0 tag0 ncat ntag */
  const char *want;
} variant_case;

static const variant_case kVariants[] = {
    {"{\"id\":42,\"body\":\"b\"}", "key", "42"},
    {"{\"id\":-12345678901234,\"body\":\"b\"}", "key", "-12345678901234"},
    {"{\"id\":42,\"body\":\"b\"}", "title", ""},
    {"{\"id\":\"a\",\"title\":2024,\"body\":\"b\"}", "title", "2024"},
    {"{\"id\":\"a\",\"title\":1.5,\"body\":\"b\"}", "title", "1.5"},
    {"{\"id\":\"a\",\"title\":null,\"body\":\"b\"}", "title", ""},
    {"{\"id\":\"a\",\"title\":\"태그 "
     "<script>alert(1)</script>\",\"body\":\"b\"}",
     "title", "태그 <script>alert(1)</script>"},
    {"{\"id\":\"a\",\"body\":\"<p>a &amp; b</p><p>c<br>d</p>\"}", "body",
     "a & b\nc\nd"},
    {"{\"id\":\"a\",\"body\":\"<P class=x>upper</P>\"}", "body", "upper"},
    {"{\"id\":\"a\",\"body\":\"a < b, <b>굵게</b>\"}", "body", "a < b, 굵게"},
    {"{\"id\":\"a\",\"body\":\"a < b and <bogus> tag\"}", "body",
     "a < b and <bogus> tag"},
    {"{\"id\":\"a\",\"body\":\"<기자>\\n본문\"}", "body", "<기자>\n본문"},
    {"{\"id\":\"a\",\"body\":12}", "body", "12"},
    {"{\"id\":\"a\",\"body\":\"b\",\"date\":\"2025-03-14 09:30:00 +0900\"}",
     "date", "2025-03-14T00:30:00Z"},
    {"{\"id\":\"a\",\"body\":\"b\",\"date\":\"어제\"}", "date", ""},
    {"{\"id\":\"a\",\"body\":\"b\",\"date\":20250314}", "date",
     "2025-03-14T00:00:00Z"},
    {"{\"id\":\"a\",\"body\":\"b\",\"date\":1741912200}", "date",
     "2025-03-14T00:30:00Z"},
    {"{\"id\":\"a\",\"body\":\"b\",\"date\":1741912200123}", "date",
     "2025-03-14T00:30:00Z"},
    {"{\"id\":\"a\",\"body\":\"b\",\"date\":2025}", "date", ""},
    {"{\"id\":\"a\",\"body\":\"b\",\"date\":null}", "date", ""},
    {"{\"id\":\"a\",\"body\":\"b\",\"permalink\":\"/p/1\"}", "url", "/p/1"},
    {"{\"id\":\"a\",\"body\":\"b\",\"permalink\":\"/p\",\"url\":\"https://u\"}",
     "url", "https://u"},
    {"{\"id\":\"a\",\"body\":\"b\",\"summary\":\"s\"}", "excerpt", "s"},
    {"{\"id\":\"a\",\"body\":\"b\",\"summary\":\"s\",\"excerpt\":\"e\"}",
     "excerpt", "e"},
    {"{\"id\":\"a\",\"body\":\"b\",\"categories\":\"IT/과학\"}", "cat0",
     "IT/과학"},
    {"{\"id\":\"a\",\"body\":\"b\",\"categories\":\"IT/과학\"}", "ncat", "1"},
    {"{\"id\":\"a\",\"body\":\"b\",\"category\":\"\"}", "ncat", "0"},
    {"{\"id\":\"a\",\"body\":\"b\",\"tags\":\"날씨, 한파\"}", "tag0",
     "날씨, 한파"},
    {"{\"id\":\"a\",\"body\":\"b\",\"tags\":[]}", "ntag", "0"},
    {"{\"id\":\"a\",\"body\":\"b\"}\r\n", "body", "b"},
    {" {\"id\":\"a\", \"body\":\"\", \"title\":\"t\"} ", "body", ""},
};

static const char *field_of(const ns_article *a, const char *f, char buf[16]) {
  if (strcmp(f, "key") == 0) return a->key;
  if (strcmp(f, "title") == 0) return a->title;
  if (strcmp(f, "body") == 0) return a->body;
  if (strcmp(f, "date") == 0) return a->date;
  if (strcmp(f, "url") == 0) return a->url;
  if (strcmp(f, "excerpt") == 0) return a->excerpt;
  if (strcmp(f, "cat0") == 0)
    return a->categories.n ? a->categories.items[0] : NULL;
  if (strcmp(f, "tag0") == 0) return a->tags.n ? a->tags.items[0] : NULL;
  snprintf(buf, 16, "%d", strcmp(f, "ncat") == 0 ? a->categories.n : a->tags.n);
  return buf;
}

static void test_variants(void) {
  for (size_t i = 0; i < sizeof kVariants / sizeof kVariants[0]; i++) {
    const variant_case *c = &kVariants[i];
    ns_article a;
    ns_parse_error err;
    char buf[16];
    int rc = parse(c->line, &a, &err);
    CHECK(rc == 0, "variant %zu: %s", i, err.message);
    const char *got = rc == 0 ? field_of(&a, c->field, buf) : NULL;
    CHECK(got != NULL && strcmp(got, c->want) == 0,
          "variant %zu: %s is \"%s\", want \"%s\"", i, c->field,
          got ? got : "(null)", c->want);
    ns_article_clear(&a);
  }
}

typedef struct refusal_case {
  const char *line;
  const char *message; /* the whole message, or its start when it ends in * */
} refusal_case;

static const refusal_case kRefusals[] = {
    {"hello", "not a JSON object: '[' or '{' expected near 'hello'"},
    {"", "not a JSON object: '[' or '{' expected near end of file"},
    {"{\"id\":\"a\",\"body\":\"b\"", "not a JSON object: *"},
    {"{\"id\":\"a\",\"body\":\"b\"} x",
     "not a JSON object: end of file expected*"},
    {"{\"id\":\"a\",\"body\":\"\\u0000\"}", "not a JSON object: *"},
    {"[1,2]", "not a JSON object: the line holds an array"},
    {"{\"title\":\"t\",\"body\":\"b\"}", "missing \"id\""},
    {"{\"id\":null,\"body\":\"b\"}", "missing \"id\""},
    {"{\"id\":\"x\",\"title\":\"t\"}", "missing \"body\""},
    {"{\"id\":\"x\",\"body\":null}", "missing \"body\""},
    {"{\"id\":\"\",\"body\":\"b\"}", "\"id\" is empty"},
    {"{\"id\":1.5,\"body\":\"b\"}",
     "\"id\" must be a string or an integer, not a fractional number"},
    {"{\"id\":{\"n\":1},\"body\":\"b\"}",
     "\"id\" must be a string or an integer, not an object"},
    {"{\"id\":true,\"body\":\"b\"}",
     "\"id\" must be a string or an integer, not true"},
    {"{\"id\":\"a\",\"body\":[\"b\"]}",
     "\"body\" must be a string or a number, not an array"},
    {"{\"id\":\"a\",\"title\":[\"t\"],\"body\":\"b\"}",
     "\"title\" must be a string or a number, not an array"},
    {"{\"id\":\"a\",\"body\":\"b\",\"url\":false}",
     "\"url\" must be a string or a number, not false"},
    {"{\"id\":\"a\",\"body\":\"b\",\"date\":{}}",
     "\"date\" must be a string or a number, not an object"},
    {"{\"id\":\"a\",\"body\":\"b\",\"tags\":[\"x\",{\"y\":1}]}",
     "\"tags\" must hold strings, not an object"},
    {"{\"id\":\"a\",\"body\":\"b\",\"categories\":{\"c\":1}}",
     "\"categories\" must be a string or an array of strings, not an object"},
    {"{\"id\":\"a\",\"title\":\"\",\"body\":\"\"}", "no title and no text"},
    {"{\"id\":\"a\",\"body\":\"<p> </p>\"}", "no title and no text"},
};

static void test_refusals(void) {
  for (size_t i = 0; i < sizeof kRefusals / sizeof kRefusals[0]; i++) {
    const refusal_case *c = &kRefusals[i];
    ns_article a;
    ns_parse_error err;
    CHECK(parse(c->line, &a, &err) == -1, "refusal %zu was accepted", i);
    size_t n = strlen(c->message);
    int prefix = n > 0 && c->message[n - 1] == '*';
    CHECK(prefix ? strncmp(err.message, c->message, n - 1) == 0
                 : strcmp(err.message, c->message) == 0,
          "refusal %zu: message \"%s\", want \"%s\"", i, err.message,
          c->message);
    CHECK(err.line == 0, "refusal %zu: line %d, want 0", i, err.line);
    CHECK(a.key == NULL && a.title == NULL && a.body == NULL &&
              a.categories.n == 0 && a.tags.n == 0,
          "refusal %zu: article not cleared", i);
  }
}

/* Only len bytes are read: the rest of a buffer of many lines is not seen. */
static void test_length(void) {
  const char *two = "{\"id\":\"a\",\"body\":\"b\"}\n{\"id\":\"c\"}";
  ns_article a = {0};
  ns_parse_error err = {0};
  CHECK_INT(ns_parse_json_line(two, 21, &a, &err), 0);
  CHECK_STR(a.key, "a");
  ns_article_clear(&a);
  ns_article_clear(&a); /* clearing twice is harmless */
}

typedef struct feed_tally {
  int lines, ok, with_excerpt, with_category;
  ns_article first;
} feed_tally;

/* Parses every line of a JSON Lines file; failures are reported with their
 * line number. Returns -1 when the file cannot be read. */
static int parse_feed(const char *path, feed_tally *t) {
  size_t len = 0;
  char *data = ns_read_file(path, &len);
  if (data == NULL) return -1;
  for (char *line = data; line < data + len;) {
    char *nl = memchr(line, '\n', (size_t)(data + len - line));
    size_t n = (size_t)((nl ? nl : data + len) - line);
    ns_article a = {0};
    ns_parse_error err = {0};
    t->lines++;
    if (ns_parse_json_line(line, n, &a, &err) == 0 && a.key[0] &&
        (a.title[0] || a.body[0])) {
      t->ok++;
      t->with_excerpt += a.excerpt != NULL;
      t->with_category += a.categories.n == 1;
    } else {
      fprintf(stderr, "%s:%d: %s\n", path, t->lines, err.message);
    }
    if (t->lines == 1)
      t->first = a;
    else
      ns_article_clear(&a);
    line += n + 1;
  }
  free(data);
  return 0;
}

static void test_demo_feed(const char *demo_dir) {
  char path[1024];
  snprintf(path, sizeof path, "%s/feeds/wire-2025.jsonl", demo_dir);
  feed_tally t = {0};
  CHECK(parse_feed(path, &t) == 0, "cannot read %s", path);
  CHECK_INT(t.lines, 6);
  CHECK_INT(t.ok, 6);
  CHECK_INT(t.with_category, 6);
  ns_article *a = &t.first;
  CHECK_STR(a->key, "wire-2025-0001");
  CHECK_STR(a->title, "5월 소비자물가 1.9% 상승…과일·채소값은 여전히 고공행진");
  CHECK_STR(a->date, "2025-06-01T23:00:00Z");
  CHECK_STR(a->url, "https://news.example.kr/wire/0001");
  CHECK_STR(
      a->excerpt,
      "전체 물가 상승률은 2%를 밑돌았지만 장바구니 물가 부담은 계속되고 있다.");
  CHECK(a->categories.n == 1 && strcmp(a->categories.items[0], "경제") == 0,
        "category of wire-2025-0001");
  const char *start = "지난달 소비자물가가 1년 전보다 1.9% 오르며";
  CHECK(a->body && strncmp(a->body, start, strlen(start)) == 0,
        "body starts \"%.60s\"", a->body ? a->body : "(null)");
  ns_article_clear(a);
}

/* Every record of the real news files and the headline file. */
static void test_corpus(const char *dir) {
  static const struct {
    const char *file;
    int records, with_excerpt, with_category;
  } kFiles[] = {
      {"news_naver_sum_1k.jsonl", 1000, 1000, 0},
      {"news_kncls_1600.jsonl", 1600, 0, 1600},
      {"news_scinews_50.jsonl", 50, 0, 50},
      {"headlines_ynat_50k.jsonl", 50000, 0, 50000},
  };
  for (size_t i = 0; i < sizeof kFiles / sizeof kFiles[0]; i++) {
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, kFiles[i].file);
    feed_tally t = {0};
    CHECK(parse_feed(path, &t) == 0, "cannot read %s", path);
    ns_article_clear(&t.first);
    CHECK(t.lines == kFiles[i].records && t.ok == kFiles[i].records,
          "%s: %d of %d lines parsed, want %d", kFiles[i].file, t.ok, t.lines,
          kFiles[i].records);
    CHECK(t.with_excerpt == kFiles[i].with_excerpt, "%s: %d excerpts, want %d",
          kFiles[i].file, t.with_excerpt, kFiles[i].with_excerpt);
    CHECK(t.with_category == kFiles[i].with_category,
          "%s: %d with one category, want %d", kFiles[i].file, t.with_category,
          kFiles[i].with_category);
  }
}

int main(int argc, char **argv) {
  test_full_record();
  test_variants();
  test_refusals();
  test_length();
  CHECK(argc >= 2,
        "usage: parse_json_line DEMO_ARTICLES_DIR SHARED_CORPUS_DIR");
  if (argc >= 2) test_demo_feed(argv[1]);
  const char *corpus =
      ns_corpus_dir_or_fail(argc - 1, argv + 1, "parse_json_line");
  CHECK(corpus != NULL, "the shared corpus is missing");
  if (corpus) test_corpus(corpus);
  return ns_check_done("parse_json_line");
}
