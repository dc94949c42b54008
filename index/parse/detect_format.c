/*
 * detect_format.c: deciding how to read an article file. The extension says
 * whether a file is an article at all (a directory of posts also holds
 * images, configs and feeds' .yml files); the content then says how to read
 * it, because a Jekyll post named .md carries front matter, and a .md or
 * .txt file saved from a browser can be a whole HTML page.
 */
#include "newssearch/parse.h"

#include <string.h>

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c; }

/* Whether the n bytes at s start with the ASCII word w, ignoring case. */
static int starts_with_nocase(const char *s, size_t n, const char *w) {
  size_t k = strlen(w);
  if (n < k) return 0;
  for (size_t i = 0; i < k; i++)
    if (lower((unsigned char)s[i]) != w[i]) return 0;
  return 1;
}

/* The extension of path's base name, lower-cased into ext ("" if none or
 * if it is too long to be one we know). */
static void file_extension(const char *path, char ext[16]) {
  ext[0] = '\0';
  if (path == NULL) return;
  const char *dot = NULL;
  for (const char *p = path; *p; p++) {
    if (*p == '/' || *p == '\\')
      dot = NULL;
    else if (*p == '.')
      dot = p;
  }
  if (dot == NULL || strlen(dot + 1) >= 16) return;
  size_t i = 0;
  for (const char *p = dot + 1; *p; p++)
    ext[i++] = (char)lower((unsigned char)*p);
  ext[i] = '\0';
}

/* A line holding only "---" (trailing blanks and CR allowed) opens front
 * matter, as Jekyll has it; "----" or "--- x" is Markdown. */
static int opens_front_matter(const char *s, size_t n) {
  if (n < 3 || memcmp(s, "---", 3) != 0) return 0;
  size_t i = 3;
  while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
    i++;
  return i == n || s[i] == '\n';
}

/* "<!doctype html" or "<html" (any case) after leading whitespace, followed
 * by something that ends the word, so "<htmlfoo>" is not a page. */
static int opens_html_page(const char *s, size_t n) {
  size_t i = 0;
  while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
    i++;
  size_t k;
  if (starts_with_nocase(s + i, n - i, "<!doctype html"))
    k = 14;
  else if (starts_with_nocase(s + i, n - i, "<html"))
    k = 5;
  else
    return 0;
  if (i + k == n) return 1;
  char c = s[i + k];
  return c == '>' || c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
         c == '/';
}

ns_format ns_detect_format(const char *path, const char *data, size_t len) {
  char ext[16];
  file_extension(path, ext);
  if (strcmp(ext, "jsonl") == 0 || strcmp(ext, "ndjson") == 0)
    return NS_FORMAT_JSONL;
  int html_ext = strcmp(ext, "html") == 0 || strcmp(ext, "htm") == 0;
  int md_ext = strcmp(ext, "md") == 0 || strcmp(ext, "markdown") == 0;
  int txt_ext = strcmp(ext, "txt") == 0;
  if (!html_ext && !md_ext && !txt_ext) return NS_FORMAT_UNKNOWN;

  if (data == NULL) {
    data = "";
    len = 0;
  }
  if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
    data += 3; /* a BOM, as Windows editors write */
    len -= 3;
  }
  if (opens_front_matter(data, len)) return NS_FORMAT_FRONT_MATTER;
  if (opens_html_page(data, len)) return NS_FORMAT_HTML;
  return html_ext ? NS_FORMAT_HTML
         : md_ext ? NS_FORMAT_MARKDOWN
                  : NS_FORMAT_TEXT;
}
