/*
 * parse.h: turning outside input (article files, JSON lines, dates) into
 * ns_article values. Nothing here touches the database.
 */
#ifndef NEWSSEARCH_PARSE_H
#define NEWSSEARCH_PARSE_H

#include "newssearch/article.h"

#include <stddef.h>

/* What went wrong with one input: the 1-based line it was found at (0 when
 * no line applies) and a message a person can act on, without the file name
 * (the caller adds it). */
typedef struct ns_parse_error {
  int line;
  int no_memory; /* the parser ran out of memory: not the input's fault */
  char message[512];
} ns_parse_error;

/* Formats of an article file, as detected by ns_detect_format(). */
typedef enum ns_format {
  NS_FORMAT_UNKNOWN = 0,
  NS_FORMAT_FRONT_MATTER, /* "---" YAML block, then an HTML or Markdown body */
  NS_FORMAT_HTML,         /* a plain HTML page */
  NS_FORMAT_MARKDOWN,     /* Markdown without front matter */
  NS_FORMAT_TEXT,         /* plain text */
  NS_FORMAT_JSONL         /* one JSON article per line */
} ns_format;

/* Detects the format of data (len bytes) by content first, then by the
 * extension of path (.md .markdown .html .htm .txt .jsonl .ndjson). Returns
 * NS_FORMAT_UNKNOWN for files that are not articles (other extensions). */
ns_format ns_detect_format(const char *path, const char *data, size_t len);

/* Parses one article file of format fmt (not JSONL) from data (len bytes,
 * valid UTF-8, NUL-terminated at data[len]). key becomes out->key. File name
 * gives the Jekyll date prefix (YYYY-MM-DD-) when the file has no date.
 * Fills *out (zeroed by the caller; the caller frees it with
 * ns_article_clear) and returns 0, or returns -1 and fills *err. */
int ns_parse_article_file(ns_format fmt, const char *key, const char *file_name,
                          const char *data, size_t len, ns_article *out,
                          ns_parse_error *err);

/* Parses one JSON Lines record (line, len bytes, no newline needed): id,
 * title, body (text or HTML), and optional date, url, category or
 * categories, excerpt, tags. Fills *out as above and returns 0, or -1 with
 * *err (err->line is left 0 for the caller to set). */
int ns_parse_json_line(const char *line, size_t len, ns_article *out,
                       ns_parse_error *err);

/* Converts HTML (len bytes) to plain text: entities decoded, script and
 * style dropped, block elements become line breaks, table cells separated.
 * Sets *text to a malloc'd string (caller frees). If title is not NULL it
 * receives a malloc'd copy of the page's <title>, else of its first <h1>,
 * or NULL when it has neither. Returns 0, or -1 with *err (and *text NULL)
 * when out of memory or when the page nests deeper than any article
 * (NS_HTML_MAX_DEPTH levels: refused before parsing, since such a page
 * costs the HTML parser time that grows with the square of its depth). */
int ns_html_to_text(const char *html, size_t len, char **text, char **title,
                    ns_parse_error *err);

/* Renders Markdown (len bytes) and converts the result to plain text as
 * ns_html_to_text() does; title receives the first top-level heading (of
 * level 1 if there is one), or NULL. Returns as ns_html_to_text(); Markdown
 * nested too deep, or rendering to far more HTML than its size, is
 * refused as well. */
int ns_markdown_to_text(const char *md, size_t len, char **text, char **title,
                        ns_parse_error *err);

/* Normalizes a date in its common forms ("2025-03-14", "2025-03-14 09:30",
 * "2025-03-14 09:30:00 +0900", "2025-03-14T09:30:00Z", "...+09:00", "KST",
 * "2025/03/14", "2025.03.14", "20250314", "2025년 3월 14일 오후 3:20",
 * "Fri, 14 Mar 2025 09:30:00 +0900", seconds or milliseconds since 1970)
 * to "YYYY-MM-DDTHH:MM:SSZ" (UTC) in out. A date without a zone is taken as
 * UTC. Returns 0, or -1 when s is not a date (out is then ""). */
int ns_date_normalize(const char *s, char out[NS_DATE_LEN]);

/* Reads a Jekyll "YYYY-MM-DD-" prefix from a file's base name into out as
 * midnight UTC. Returns 0, or -1 when there is none. */
int ns_date_from_file_name(const char *file_name, char out[NS_DATE_LEN]);

/* Writes the current time, normalized as above, into out. */
void ns_date_now(char out[NS_DATE_LEN]);

/* Returns a malloc'd copy of data (len bytes) in which every invalid UTF-8
 * sequence is replaced by U+FFFD, NUL-terminated, its length in *out_len.
 * *n_invalid receives the number of replacements and *first_bad_line the
 * 1-based line of the first one (0 when none). NULL when out of memory. */
char *ns_utf8_repair(const char *data, size_t len, size_t *out_len,
                     size_t *n_invalid, int *first_bad_line);

/* s (NUL-terminated) with each byte that is not part of valid UTF-8
 * written as the four characters \xHH, so that a file name in any bytes
 * becomes a key and a message that JSON can carry, and names that differ
 * stay different. Malloc'd (caller frees); NULL when out of memory. */
char *ns_utf8_escape(const char *s);

#endif
