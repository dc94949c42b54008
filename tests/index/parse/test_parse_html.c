/*
 * test_parse_html.c: ns_html_to_text() and ns_markdown_to_text(): entities,
 * block and inline elements, tables, <br>, <pre>, hidden elements, titles,
 * malformed and deeply nested markup, and the demo press release.
 * usage: parse_html DEMO_ARTICLES_DIR
 */
#include "check.h"
#include "corpus.h"

#include "newssearch/parse.h"

#include <stdlib.h>

typedef struct html_case {
  const char *html;
  const char *text;
  const char *title; /* NULL: no title */
} html_case;

static const html_case kHtml[] = {
    {"", "", NULL},
    {"<p>a</p><p>b</p>", "a\nb", NULL},
    {"<p>a</p>\n\n\n<p>b</p>\n", "a\nb", NULL},
    /* entities */
    {"<p>&amp; &lt;b&gt; &quot;x&quot; &middot; &#54620;&#xAE00; &copy;</p>",
     "& <b> \"x\" · 한글 ©", NULL},
    {"<p>a&nbsp;&nbsp;b</p>", "a b", NULL},
    /* references past U+10FFFF decode to U+FFFD and lose no text (libgumbo
     * 0.10.1 overflowed on them: found by fuzz_article_file) */
    {"<p>가&#xDBBBBBBB;나 &#x80000000;이 &#99999999999;끝 &#65;</p>",
     "가\xef\xbf\xbd나 \xef\xbf\xbd이 \xef\xbf\xbd끝 A", NULL},
    /* whitespace collapses; inline tags add neither breaks nor spaces */
    {"<p>  lots   of\n\t space  </p>", "lots of space", NULL},
    {"<p>a <b>bold <i>and italic</i></b> text<span>!</span></p>",
     "a bold and italic text!", NULL},
    {"<p>카카오<b>톡</b>과 <a href=\"/x\">링크</a></p>", "카카오톡과 링크",
     NULL},
    {"<p>a<!-- hidden -->b</p>", "ab", NULL},
    /* line breaks: one per block, <br> adds, at most one blank line */
    {"<p>a<br>b<br/><br>c</p>", "a\nb\n\nc", NULL},
    {"a<br><br><br><br>b", "a\n\nb", NULL},
    {"<div><p></p><p> </p></div><p>x</p><div></div>", "x", NULL},
    {"<ul><li>one</li><li>two <em>2</em></li></ul><ol><li>three</li></ol>",
     "one\ntwo 2\nthree", NULL},
    {"<blockquote>q</blockquote>t<hr>u<section>v</section>", "q\nt\nu\nv",
     NULL},
    {"<dl><dt>term</dt><dd>meaning</dd></dl><figure>img<figcaption>cap"
     "</figcaption></figure>",
     "term\nmeaning\nimg\ncap", NULL},
    /* tables: a row per line, cells separated by a tab */
    {"<table><tr><th>날짜</th><th>종가</th></tr><tr><td>9월 26일</td>"
     "<td>1,368.4</td></tr></table><p>끝</p>",
     "날짜\t종가\n9월 26일\t1,368.4\n끝", NULL},
    {"<table><tr><td>a</td><td></td><td>c</td></tr></table>", "a\tc", NULL},
    /* <pre> keeps its lines and spaces */
    {"<pre>line 1\n  indented\n\n\n\nlast</pre>", "line 1\n  indented\n\nlast",
     NULL},
    /* what a reader does not see */
    {"<p>a</p><script>var x = 1;</script><style>p{}</style><noscript>n"
     "</noscript><template><p>t</p></template><p>b</p>",
     "a\nb", NULL},
    {"<p>a<iframe src=x>frame</iframe><select><option>opt</option></select>"
     "<textarea>ta</textarea>b</p>",
     "ab", NULL},
    /* titles: <title>, else the first visible <h1> */
    {"<html><head><title>T</title><meta name=x content=y></head><body>b"
     "</body></html>",
     "b", "T"},
    {"<title> A  &amp;\n B </title><h1>C</h1>", "C", "A & B"},
    {"<title> </title><h1>C <em>D</em><br>E</h1>", "C D\nE", "C D E"},
    {"<h1>T</h1><p>x</p>", "T\nx", "T"},
    {"<h2>only h2</h2>", "only h2", NULL},
    {"<p>a</p><noscript><h1>X</h1></noscript><h1>Y</h1>", "a\nY", "Y"},
    {"<svg><title>icon</title></svg><h1>H</h1>", "H", "H"},
    /* malformed markup is read the way a browser reads it */
    {"<p>a<p>b<div>c", "a\nb\nc", NULL},
    {"<b>bold <i>both</b> italic</i>", "bold both italic", NULL},
    {"a < b && c > d", "a < b && c > d", NULL},
    {"<p>태그 &lt;script&gt;alert(1)&lt;/script&gt; 표기</p>",
     "태그 <script>alert(1)</script> 표기", NULL},
};

typedef int (*converter)(const char *, size_t, char **, char **,
                         ns_parse_error *);

/* The text convert makes of src (NULL when refused or out of memory, with
 * *why). */
static char *converted(converter convert, const char *src, size_t len,
                       char **title, ns_parse_error *why) {
  char *text = NULL;
  ns_parse_error ignored;
  convert(src, len, &text, title, why ? why : &ignored);
  return text;
}

static char *html_text(const char *html, size_t len, char **title,
                       ns_parse_error *why) {
  return converted(ns_html_to_text, html, len, title, why);
}

static char *md_text(const char *md, size_t len, char **title,
                     ns_parse_error *why) {
  return converted(ns_markdown_to_text, md, len, title, why);
}

static void test_html(void) {
  for (size_t i = 0; i < sizeof kHtml / sizeof kHtml[0]; i++) {
    const html_case *c = &kHtml[i];
    char *title = (char *)"junk";
    char *text = html_text(c->html, strlen(c->html), &title, NULL);
    CHECK(text != NULL && strcmp(text, c->text) == 0,
          "case %zu: text \"%s\", want \"%s\"", i, text ? text : "(null)",
          c->text);
    if (c->title)
      CHECK(title != NULL && strcmp(title, c->title) == 0,
            "case %zu: title \"%s\", want \"%s\"", i, title ? title : "(null)",
            c->title);
    else
      CHECK(title == NULL, "case %zu: title \"%s\", want none", i, title);
    free(text);
    free(title);
  }
  /* Only len bytes are read, and title may be NULL. */
  char *text = html_text("<p>ab</p><p>cd</p>", 9, NULL, NULL);
  CHECK_STR(text, "ab");
  free(text);
}

/* n copies of open, then text, then n copies of close (malloc'd). */
static char *nest(const char *open, const char *text, const char *close, int n,
                  size_t *len) {
  size_t a = strlen(open), b = strlen(text), c = strlen(close);
  char *s = malloc((size_t)n * (a + c) + b + 1);
  if (s == NULL) return NULL;
  size_t o = 0;
  for (int i = 0; i < n; i++, o += a)
    memcpy(s + o, open, a);
  memcpy(s + o, text, b);
  o += b;
  for (int i = 0; i < n; i++, o += c)
    memcpy(s + o, close, c);
  s[o] = '\0';
  *len = o;
  return s;
}

/* Nesting: 500 levels are read (on the heap, not the C stack); past 512
 * the page is refused before gumbo parses it, whatever the element, and
 * elements HTML closes by itself (<p>, <li>, <td> without end tags) or that
 * a page may repeat by the thousand (formatting tags, which are left out)
 * are not counted as nesting. */
static void test_nesting(void) {
  static const struct {
    const char *open, *close;
    int n;
    int refused;
  } cases[] = {
      {"<span>", "</span>", 500, 0},
      {"<div>", "</div>", 500, 0},
      {"<span>", "</span>", 100000, 1},
      {"<div>", "</div>", 100000, 1},
      {"<div>", "", 100000, 1},        /* never closed */
      {"<div></span>", "", 100000, 1}, /* end tags that close nothing */
      {"<blockquote>", "</blockquote>", 100000, 1},
      {"<ul><li>", "</li></ul>", 100000, 1},
      {"<table><tr><td>", "</td></tr></table>", 100000, 1},
      {"<svg><g>", "</g></svg>", 100000, 1},
      {"<b>", "</b>", 100000, 0}, /* formatting: left out */
      {"<font size=3><i>", "</i></font>", 100000, 0},
      {"<p>x", "", 100000, 0}, /* each <p> ends the last */
      {"<li>x", "", 100000, 0},
      {"<tr><td>x", "", 100000, 0},
      {"<p><span>x", "", 100000, 0}, /* a new <p> ends them both */
      {"<br>", "", 100000, 0},
      {"<path d='>'/>", "", 100000, 1}, /* not foreign here: nests */
      {"<div title='</div>'>", "</div>", 100000, 1},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    size_t len;
    char *html = nest(cases[i].open, "끝", cases[i].close, cases[i].n, &len);
    ns_parse_error why = {0};
    char *text = html ? html_text(html, len, NULL, &why) : NULL;
    if (cases[i].refused)
      CHECK(text == NULL && strstr(why.message, "nested more than 512") &&
                why.line > 0,
            "nesting case %zu: not refused (%s)", i, why.message);
    else
      CHECK(text != NULL && strstr(text, "끝") != NULL,
            "nesting case %zu: refused or lost (%s)", i, why.message);
    free(text);
    free(html);
  }
  /* Inside <svg>, "/>" closes: an icon of 100,000 paths is not nesting. */
  size_t len;
  char *paths = nest("<path d='M0 0'/>", "", "", 100000, &len);
  char *svg = paths ? malloc(len + 32) : NULL;
  if (svg != NULL) {
    snprintf(svg, len + 32, "<p>앞<svg>%s</svg>뒤</p>", paths);
    char *text = html_text(svg, strlen(svg), NULL, NULL);
    CHECK_STR(text, "앞뒤");
    free(text);
  }
  free(svg);
  free(paths);
  /* Formatting tags left out change no word: gumbo would clone 500 open
   * <b>s into every paragraph that follows (seconds and gigabytes). */
  size_t a, b;
  char *bolds = nest("<b class=c>", "", "", 500, &a);
  char *paras = nest("<p>가</p>", "", "", 10000, &b);
  char *page = bolds && paras ? malloc(a + b + 16) : NULL;
  if (page != NULL) {
    snprintf(page, a + b + 16, "<p>%s나</p>%s", bolds, paras);
    char *text = html_text(page, strlen(page), NULL, NULL);
    CHECK(text != NULL && strncmp(text, "나\n가\n가", 11) == 0,
          "formatting: \"%.20s\"", text ? text : "(null)");
    free(text);
  }
  free(page);
  free(bolds);
  free(paras);
}

/* Markdown: nesting past 128 levels is refused before rendering, and so is
 * Markdown that renders to more than eight times its size in HTML. */
static void test_markdown_limits(void) {
  static const struct {
    const char *open;
    int n;
    const char *why;
  } cases[] = {
      {"> ", 100000, "nested more than 128"},
      {">", 100000, "nested more than 128"},
      {"- ", 100000, "nested more than 128"},
      {"> - ", 50000, "nested more than 128"},
      {"*a ", 100000, NULL}, /* emphasis that never closes: plain text */
      {"[", 100000, NULL},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    size_t len;
    char *md = nest(cases[i].open, "끝", "", cases[i].n, &len);
    ns_parse_error why = {0};
    char *text = md ? md_text(md, len, NULL, &why) : NULL;
    if (cases[i].why)
      CHECK(text == NULL && strstr(why.message, cases[i].why),
            "markdown case %zu: not refused (%s)", i, why.message);
    else
      CHECK(text != NULL, "markdown case %zu: refused (%s)", i, why.message);
    free(text);
    free(md);
  }
  size_t len;
  char *rules = nest("-\n", "", "", 200000, &len);
  ns_parse_error why = {0};
  char *text = rules ? md_text(rules, len, NULL, &why) : NULL;
  CHECK(text == NULL && strstr(why.message, "times its size"),
        "markdown growth not refused (%s)", why.message);
  free(text);
  free(rules);
  char *deep = nest("> ", "인용", "", 100, &len);
  text = deep ? md_text(deep, len, NULL, NULL) : NULL;
  CHECK_STR(text, "인용");
  free(text);
  free(deep);
}

typedef struct md_case {
  const char *md;
  const char *text;
  const char *title;
} md_case;

static const md_case kMarkdown[] = {
    {"# 제목\n\n**굵게** 그리고 [링크](https://news.example.kr) 끝.\n",
     "제목\n굵게 그리고 링크 끝.", "제목"},
    {"## 부제\n\n본문", "부제\n본문", "부제"},
    {"## 부제\n\n# 제목\n", "부제\n제목", "제목"},     /* level 1 first */
    {"#\n\n## 실제 제목\n", "실제 제목", "실제 제목"}, /* empty heading */
    {"본문만 있다.\n둘째 줄.", "본문만 있다. 둘째 줄.", NULL},
    {"- a\n- *b*\n\n1. c\n", "a\nb\nc", NULL},
    {"A &amp; B, a < b, `x < y`", "A & B, a < b, x < y", NULL},
    {"> 인용\n\n---\n\n끝  \n줄", "인용\n끝\n줄", NULL},
    /* raw HTML is not rendered: the tags go, the words stay */
    {"a <b>b</b> <script>alert(1)</script> c", "a b alert(1) c", NULL},
    {"# 제목 with **bold** &amp; `code`", "제목 with bold & code",
     "제목 with bold & code"},
    {"", "", NULL},
};

static void test_markdown(void) {
  for (size_t i = 0; i < sizeof kMarkdown / sizeof kMarkdown[0]; i++) {
    const md_case *c = &kMarkdown[i];
    char *title = (char *)"junk";
    char *text = md_text(c->md, strlen(c->md), &title, NULL);
    CHECK(text != NULL && strcmp(text, c->text) == 0,
          "md case %zu: text \"%s\", want \"%s\"", i, text ? text : "(null)",
          c->text);
    if (c->title)
      CHECK(title != NULL && strcmp(title, c->title) == 0,
            "md case %zu: title \"%s\", want \"%s\"", i,
            title ? title : "(null)", c->title);
    else
      CHECK(title == NULL, "md case %zu: title \"%s\", want none", i, title);
    free(text);
    free(title);
  }
}

/* The demo press release: a whole page with a <style> and a <script> in
 * <head>, whose text must not reach the index. */
static void test_press_release(const char *demo_dir) {
  char path[1024];
  size_t len = 0;
  snprintf(path, sizeof path, "%s/pages/press-release.html", demo_dir);
  char *html = ns_read_file(path, &len);
  CHECK(html != NULL, "cannot read %s", path);
  if (html == NULL) return;
  char *title = NULL;
  char *text = html_text(html, len, &title, NULL);
  CHECK_STR(title,
            "보도자료 | 한빛시, 공공 와이파이 전 지역 확대…2026년 말까지 "
            "5G 기반 전환");
  CHECK(text != NULL, "NULL text");
  if (text != NULL) {
    const char *want_start =
        "한빛시 스마트도시과 | 배포일시 2026-10-27 10:00 | 보도 시점: 즉시\n"
        "한빛시, 공공 와이파이 전 지역 확대…2026년 말까지 5G 기반 전환\n"
        "한빛시는 버스 정류장과";
    CHECK(strncmp(text, want_start, strlen(want_start)) == 0,
          "text starts \"%.200s\"", text);
    const char *hidden[] = {"dataLayer", "font-family", "방문 통계",
                            "track(",    "viewport",    "보도자료 |",
                            "<",         "&quot;",      NULL};
    for (int i = 0; hidden[i]; i++)
      CHECK(strstr(text, hidden[i]) == NULL, "text holds \"%s\"", hidden[i]);
    CHECK(strstr(text, "\"디지털 접근성은") != NULL, "&quot; not decoded");
    const char *end = "가상의 자료입니다.)";
    size_t n = strlen(text), k = strlen(end);
    CHECK(n > k && strcmp(text + n - k, end) == 0, "text ends \"%s\"",
          n > 40 ? text + n - 40 : text);
  }
  free(text);
  free(title);
  free(html);
}

int main(int argc, char **argv) {
  test_html();
  test_nesting();
  test_markdown_limits();
  test_markdown();
  CHECK(argc >= 2, "usage: parse_html DEMO_ARTICLES_DIR");
  if (argc >= 2) test_press_release(argv[1]);
  return ns_check_done("parse_html");
}
