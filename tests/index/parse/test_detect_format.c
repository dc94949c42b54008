/*
 * test_detect_format.c: ns_detect_format(): content decides for article
 * extensions (front matter, a whole HTML page in a .md or .txt), the
 * extension decides otherwise, and files that are not articles (.yml, .png,
 * no extension) are UNKNOWN whatever they hold.
 */
#include "check.h"

#include "newssearch/parse.h"

typedef struct format_case {
  const char *path;
  const char *data;
  ns_format want;
} format_case;

static const format_case kCases[] = {
    /* front matter, by content */
    {"2024-01-15-x.md", "---\ntitle: a\n---\n<p>b</p>", NS_FORMAT_FRONT_MATTER},
    {"post.markdown", "---\r\ntitle: a\r\n---\r\n", NS_FORMAT_FRONT_MATTER},
    {"post.md", "\xEF\xBB\xBF---\ntitle: a\n---\n", NS_FORMAT_FRONT_MATTER},
    {"post.md", "---  \ntitle: a\n---\n", NS_FORMAT_FRONT_MATTER},
    {"post.html", "---\ntitle: a\n---\n<p>b</p>", NS_FORMAT_FRONT_MATTER},
    {"notes.txt", "---\ntitle: a\n---\nb", NS_FORMAT_FRONT_MATTER},
    {"POST.MD", "---\n", NS_FORMAT_FRONT_MATTER},
    /* "---" that is not a front matter line */
    {"post.md", "----\ntext", NS_FORMAT_MARKDOWN},
    {"post.md", "--- not yaml\n", NS_FORMAT_MARKDOWN},
    {"post.md", " ---\ntitle: a\n---\n", NS_FORMAT_MARKDOWN},
    /* HTML pages, by content */
    {"page.md", "<!DOCTYPE html>\n<html><body>x</body></html>", NS_FORMAT_HTML},
    {"page.txt", "\n  <!doctype HTML><title>x</title>", NS_FORMAT_HTML},
    {"page.md", "<HTML lang=\"ko\">", NS_FORMAT_HTML},
    {"page.md", "\xEF\xBB\xBF<html>", NS_FORMAT_HTML},
    {"page.md", "<htmlx>", NS_FORMAT_MARKDOWN},
    {"page.md", "<p>x</p>", NS_FORMAT_MARKDOWN},
    /* otherwise the extension */
    {"pages/press-release.html", "<p>x</p>", NS_FORMAT_HTML},
    {"a/b.HTM", "", NS_FORMAT_HTML},
    {"readme.md", "# Title\n\ntext", NS_FORMAT_MARKDOWN},
    {"x.markdown", "text", NS_FORMAT_MARKDOWN},
    {"x.txt", "title\n\ntext", NS_FORMAT_TEXT},
    {"x.txt", "", NS_FORMAT_TEXT},
    /* feeds: always JSON Lines */
    {"feeds/wire-2025.jsonl", "{\"id\":1}", NS_FORMAT_JSONL},
    {"x.ndjson", "---\n", NS_FORMAT_JSONL},
    {"X.JSONL", "<html>", NS_FORMAT_JSONL},
    /* not articles, whatever they hold */
    {"_config.yml", "---\ntitle: a\n---\n", NS_FORMAT_UNKNOWN},
    {"image.png", "---\n", NS_FORMAT_UNKNOWN},
    {"index.php", "<!doctype html>", NS_FORMAT_UNKNOWN},
    {"README", "---\ntitle: a\n---\n", NS_FORMAT_UNKNOWN},
    {"dir.md/file", "---\n", NS_FORMAT_UNKNOWN},
    {"x.md.bak", "---\n", NS_FORMAT_UNKNOWN},
    {".md", "# x", NS_FORMAT_MARKDOWN},
    {"", "---\n", NS_FORMAT_UNKNOWN},
};

int main(void) {
  for (size_t i = 0; i < sizeof kCases / sizeof kCases[0]; i++) {
    const format_case *c = &kCases[i];
    ns_format got = ns_detect_format(c->path, c->data, strlen(c->data));
    CHECK(got == c->want, "case %zu (%s): got %d, want %d", i, c->path,
          (int)got, (int)c->want);
  }
  /* Only len bytes count: "---" cut to "--" is not front matter. */
  CHECK_INT(ns_detect_format("x.md", "---\n", 2), NS_FORMAT_MARKDOWN);
  CHECK_INT(ns_detect_format("x.md", NULL, 0), NS_FORMAT_MARKDOWN);
  CHECK_INT(ns_detect_format(NULL, "---\n", 4), NS_FORMAT_UNKNOWN);
  return ns_check_done("parse_detect_format");
}
