/*
 * test_snippet.c: ns_match_spans() and ns_snippet_build(): what gets marked
 * (the characters of the query words, not whole bigrams), normalized text
 * (NFD, fullwidth, upper case), phrases and spacing variants, HTML escaping,
 * whitespace, invalid UTF-8, the choice and the cuts of a window, and a
 * 10 MB text.
 */
#include "check.h"

#include "newssearch/snippet.h"

#include <stdint.h>
#include <stdlib.h>
#include <time.h>

/* 카카오톡 in conjoining jamo (NFD), 27 bytes. */
#define NFD_KAKAOTALK                                                          \
  "\xe1\x84\x8f\xe1\x85\xa1\xe1\x84\x8f\xe1\x85\xa1\xe1\x84\x8b\xe1\x85\xa9"   \
  "\xe1\x84\x90\xe1\x85\xa9\xe1\x86\xa8"
#define FFFD "\xEF\xBF\xBD"
#define PC_TEXT "PC버전 카카오톡과 포털"

static const ns_snippet_style kHtml = {0, "<mark>", "</mark>", 1};

/* Strict UTF-8 check (RFC 3629), independent of the code under test. */
static int valid_utf8(const char *s) {
  const unsigned char *z = (const unsigned char *)s;
  while (*z) {
    unsigned c = *z;
    int need = c < 0x80                ? 0
               : c >= 0xC2 && c < 0xE0 ? 1
               : c >= 0xE0 && c < 0xF0 ? 2
               : c >= 0xF0 && c < 0xF5 ? 3
                                       : -1;
    if (need < 0) return 0;
    unsigned lo = 0x80, hi = 0xBF;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
    z++;
    for (int i = 0; i < need; i++, z++) {
      if (*z < lo || *z > hi) return 0;
      lo = 0x80, hi = 0xBF;
    }
  }
  return 1;
}

static char *build(const char *text, const char *const *words, int prefix,
                   const ns_snippet_style *style) {
  ns_mark_term terms[4];
  int n = 0;
  for (; n < 4 && words[n] != NULL; n++)
    terms[n] = (ns_mark_term){words[n], strlen(words[n]), prefix, 0};
  return ns_snippet_build(text, strlen(text), terms, n, style);
}

/* ---- marks over the whole text (window 0) -------------------------------- */

typedef struct mark_case {
  const char *text;
  const char *terms[4];
  int prefix;
  const char *want;
} mark_case;

/* One case a line reads better than the formatter's one field a line. */
/* clang-format off */
static const mark_case kMarkCases[] = {
    {PC_TEXT, {"카카오톡"}, 0, "PC버전 <mark>카카오톡</mark>과 포털"},
    /* one syllable: a prefix of the bigram 톡과, of which only 톡 is marked */
    {PC_TEXT, {"톡"}, 0, "PC버전 카카오<mark>톡</mark>과 포털"},
    {PC_TEXT, {"과"}, 0, "PC버전 카카오톡<mark>과</mark> 포털"},
    {"톡톡 튀는", {"톡"}, 0, "<mark>톡톡</mark> 튀는"},
    {PC_TEXT, {"pc"}, 0, "<mark>PC</mark>버전 카카오톡과 포털"},
    {"ＰＣ버전 카카오톡", {"pc"}, 0, "<mark>ＰＣ</mark>버전 카카오톡"},
    {PC_TEXT, {"ＰＣ버전"}, 0, "<mark>PC버전</mark> 카카오톡과 포털"},
    {NFD_KAKAOTALK "과 포털", {"카카오톡"}, 0,
     "<mark>" NFD_KAKAOTALK "</mark>과 포털"},
    {PC_TEXT, {NFD_KAKAOTALK}, 0, "PC버전 <mark>카카오톡</mark>과 포털"},
    /* phrases */
    {PC_TEXT, {"카카오톡과 포털"}, 0, "PC버전 <mark>카카오톡과 포털</mark>"},
    {"카카오톡과\n\n 포털", {"카카오톡과 포털"}, 0,
     "<mark>카카오톡과 포털</mark>"},
    {PC_TEXT, {"포털 카카오"}, 0, PC_TEXT},
    {PC_TEXT, {"카카오뱅크"}, 0, PC_TEXT},
    /* spacing variants, only when the word as typed does not occur */
    {PC_TEXT, {"톡과포털"}, 0, "PC버전 카카오<mark>톡과 포털</mark>"},
    {"고용 노동부 정보시스템", {"고용노동부"}, 0,
     "<mark>고용 노동부</mark> 정보시스템"},
    {"고용/노동부", {"고용노동부"}, 0, "<mark>고용/노동부</mark>"},
    {"고용노동부 정보시스템, 고용 노동부", {"고용노동부"}, 0,
     "<mark>고용노동부</mark> 정보시스템, 고용 노동부"},
    {"고용노동부 정보시스템", {"고용", "노동부"}, 0,
     "<mark>고용노동부</mark> 정보시스템"},
    {"고용노동부 정보시스템", {"고용 노동부"}, 0, "고용노동부 정보시스템"},
    /* two syllables or more on each side: 이 사회 is not 이사회 */
    {"그 사람이 사회에 나갔다", {"이사회"}, 0, "그 사람이 사회에 나갔다"},
    {"대한 민국 선수단", {"대한민국"}, 0, "<mark>대한 민국</mark> 선수단"},
    {"대 한민국 선수단", {"대한민국"}, 0, "대 한민국 선수단"},
    /* escaping: marks raw, everything else escaped */
    {"<b>속보</b> 장애", {"장애"}, 0,
     "&lt;b&gt;속보&lt;/b&gt; <mark>장애</mark>"},
    {"\"A&B\" 'C'", {"c"}, 0, "&quot;A&amp;B&quot; &#39;<mark>C</mark>&#39;"},
    /* search as you type: an ASCII word marks what was typed */
    {"KakaoTalk 출시", {"kakao"}, 1, "<mark>Kakao</mark>Talk 출시"},
    {"KakaoTalk 출시", {"kakao"}, 0, "KakaoTalk 출시"},
    {"Straße 거리", {"stra"}, 1, "<mark>Straße</mark> 거리"},
    {"카카오 톡과", {"카카오 톡"}, 1, "<mark>카카오 톡</mark>과"},
    {"카카오톡", {"카카오"}, 1, "<mark>카카오</mark>톡"},
    /* a lone Latin letter is a word, not a prefix; a lone Hanja is */
    {"a apple", {"a"}, 0, "<mark>a</mark> apple"},
    {"美 대통령, 美中 무역", {"美"}, 0,
     "<mark>美</mark> 대통령, <mark>美</mark>中 무역"},
    /* terms that overlap or touch make one mark */
    {"카카오톡과", {"카카오", "오톡"}, 0, "<mark>카카오톡</mark>과"},
    {"카카오톡과", {"카카오", "톡과"}, 0, "<mark>카카오톡과</mark>"},
    {"장애 복구, 장애", {"장애", "복구"}, 0,
     "<mark>장애</mark> <mark>복구</mark>, <mark>장애</mark>"},
    /* whitespace collapsed and trimmed */
    {"  속보:\n\n 서버\t장애  ", {"장애"}, 0, "속보: 서버 <mark>장애</mark>"},
    {"서버\xe3\x80\x80장애", {"장애"}, 0, "서버 <mark>장애</mark>"},
    /* invalid UTF-8 in the text or the terms */
    {"장애\xff 복구\xe2\x82", {"복구"}, 0,
     "장애" FFFD " <mark>복구</mark>" FFFD FFFD},
    {"서버 복구", {"\xff복구\xc0"}, 0, "서버 <mark>복구</mark>"},
    {"서버 복구", {"\xff\xfe\xc0\x80"}, 0, "서버 복구"},
    {"서버 복구", {"!!"}, 0, "서버 복구"},
    {"", {"장애"}, 0, ""},
    {PC_TEXT, {NULL}, 0, PC_TEXT},
};
/* clang-format on */

static void test_marks(void) {
  for (size_t i = 0; i < sizeof kMarkCases / sizeof kMarkCases[0]; i++) {
    const mark_case *c = &kMarkCases[i];
    char *got = build(c->text, c->terms, c->prefix, &kHtml);
    CHECK(got != NULL && strcmp(got, c->want) == 0,
          "case %zu (%s): got \"%s\", want \"%s\"", i,
          c->terms[0] ? c->terms[0] : "-", got ? got : "(null)", c->want);
    CHECK(got != NULL && valid_utf8(got), "case %zu: invalid UTF-8", i);
    free(got);
  }
}

static void test_styles(void) {
  const char *words[] = {"장애", NULL};
  ns_snippet_style ansi = {0, "\033[1m", "\033[0m", 0};
  char *got = build("<b>장애</b>", words, 0, &ansi);
  CHECK_STR(got, "<b>\033[1m장애\033[0m</b>");
  free(got);
  got = build("<b>장애</b>", words, 0, NULL);
  CHECK_STR(got, "<b>장애</b>");
  free(got);
  ns_snippet_style bare = {0, NULL, NULL, 1};
  got = build("a<장애", words, 0, &bare);
  CHECK_STR(got, "a&lt;장애");
  free(got);
  /* an embedded NUL must not end the string early */
  ns_mark_term t = {"장애", strlen("장애"), 0, 0};
  got = ns_snippet_build("a\0장애", 8, &t, 1, &kHtml);
  CHECK_STR(got, "a" FFFD "<mark>장애</mark>");
  free(got);
  got = ns_snippet_build(NULL, 0, &t, 1, &kHtml);
  CHECK_STR(got, "");
  free(got);
}

/* ---- spans --------------------------------------------------------------- */

static void test_spans(void) {
  ns_span *s = NULL;
  ns_mark_term t[2] = {{"카카오톡", strlen("카카오톡"), 0, 0},
                       {"포털", strlen("포털"), 0, 0}};
  int n =
      ns_match_spans("포털 카카오톡", (int)strlen("포털 카카오톡"), t, 2, &s);
  CHECK_INT(n, 2);
  if (n == 2) {
    CHECK(s[0].start == 0 && s[0].end == 6 && s[0].term == 1, "first span");
    CHECK(s[1].start == 7 && s[1].end == 19 && s[1].term == 0, "second span");
  }
  free(s);

  ns_mark_term tok = {"톡", strlen("톡"), 0, 0};
  n = ns_match_spans("톡톡", 6, &tok, 1, &s);
  CHECK_INT(n, 1);
  if (n == 1) CHECK(s[0].start == 0 && s[0].end == 6, "톡톡 is one span");
  free(s);

  ns_mark_term two[2] = {{"카카오", strlen("카카오"), 0, 0},
                         {"오톡", strlen("오톡"), 0, 0}};
  n = ns_match_spans("카카오톡과", 15, two, 2, &s);
  CHECK_INT(n, 1);
  if (n == 1)
    CHECK(s[0].start == 0 && s[0].end == 12 && s[0].term == 0, "merged");
  free(s);

  s = (ns_span *)&n; /* must be reset */
  CHECK_INT(ns_match_spans("장애", 6, t, 0, &s), 0);
  CHECK(s == NULL, "no terms gives no spans");
  CHECK_INT(ns_match_spans("", 0, t, 2, &s), 0);
  CHECK_INT(ns_match_spans(NULL, 0, t, 2, &s), 0);
  ns_mark_term empty = {"", 0, 1, 0};
  CHECK_INT(ns_match_spans("장애", 6, &empty, 1, &s), 0);
}

/* ---- windows ------------------------------------------------------------- */

typedef struct window_case {
  const char *text;
  const char *terms[4];
  int window;
  const char *want;
} window_case;

/* 50 characters without any term, in words. */
#define FILLER50                                                                                            \
  "오늘 아침 시장은 조용했고 투자자들은 관망세를 보였다 환율은 소폭 올랐고 " \
  "거래량은 줄었다 "

/* clang-format off */
static const window_case kWindowCases[] = {
    /* cut at both ends, on whitespace, about 20 characters before the match */
    {FILLER50 FILLER50 "서버 장애로 카카오톡 접속이 한때 지연됐다 " FILLER50,
     {"장애"}, 30, "…환율은 소폭 올랐고 거래량은 줄었다 서버 <mark>장애</mark>로…"},
    /* the window with two distinct terms beats an earlier one with one */
    {"장애 " FILLER50 FILLER50 "서버 장애 복구는 끝났다 " FILLER50, {"장애", "복구"}, 30,
     "…환율은 소폭 올랐고 거래량은 줄었다 서버 <mark>장애</mark> "
     "<mark>복구</mark>는…"},
    /* same number of terms: the window with more matches */
    {"장애 " FILLER50 FILLER50 "장애 또 장애 " FILLER50, {"장애"}, 30,
     "…환율은 소폭 올랐고 거래량은 줄었다 <mark>장애</mark> 또 <mark>장애</mark> "
     "오늘…"},
    /* a tie: the earliest */
    {FILLER50 "장애 하나 " FILLER50 "장애 둘 " FILLER50, {"장애"}, 30,
     "…환율은 소폭 올랐고 거래량은 줄었다 <mark>장애</mark> 하나 오늘…"},
    /* nothing matches: the start of the text */
    {FILLER50 FILLER50, {"장애"}, 30, "오늘 아침 시장은 조용했고 투자자들은 관망세를 보였다…"},
    /* a match near the end gets its context before it */
    {FILLER50 FILLER50 "장애", {"장애"}, 30,
     "…관망세를 보였다 환율은 소폭 올랐고 거래량은 줄었다 <mark>장애</mark>"},
    /* a short text is shown whole */
    {"서버 장애", {"장애"}, 30, "서버 <mark>장애</mark>"},
};
/* clang-format on */

static void test_windows(void) {
  ns_snippet_style st = kHtml;
  for (size_t i = 0; i < sizeof kWindowCases / sizeof kWindowCases[0]; i++) {
    const window_case *c = &kWindowCases[i];
    st.window_chars = c->window;
    char *got = build(c->text, c->terms, 0, &st);
    CHECK(got != NULL && strcmp(got, c->want) == 0,
          "window case %zu: got \"%s\", want \"%s\"", i, got ? got : "(null)",
          c->want);
    free(got);
  }
}

/* Every window size and every place of the match, over text full of
 * multi-byte characters, invalid bytes and no whitespace to snap to: the
 * result is valid UTF-8 and shows the match. */
static void test_window_cuts(void) {
  char text[2048];
  const char *piece = "가😀\xe1\x84\x8f\xe1\x85\xa1é\xff";
  const ns_mark_term t = {"장애", strlen("장애"), 0, 0};
  int bad = 0, unmarked = 0, runs = 0;
  for (int at = 0; at < 40; at += 3) {
    size_t n = 0;
    for (int k = 0; k < 40; k++) {
      if (k == at) n += (size_t)sprintf(text + n, "장애");
      n += (size_t)sprintf(text + n, "%s", piece);
    }
    for (int w = 2; w < 80; w++) { /* from the length of the match */
      ns_snippet_style st = {w, "<mark>", "</mark>", 1};
      char *got = ns_snippet_build(text, n, &t, 1, &st);
      runs++;
      if (got == NULL || !valid_utf8(got)) bad++;
      if (got == NULL || strstr(got, "<mark>장애</mark>") == NULL) unmarked++;
      free(got);
    }
  }
  CHECK(runs > 0 && bad == 0, "%d of %d windows not valid UTF-8", bad, runs);
  CHECK(unmarked == 0, "%d of %d windows miss the match", unmarked, runs);
}

/* ---- random input -------------------------------------------------------- */

static uint32_t rng_state = 12345;

static uint32_t rng(void) {
  rng_state = rng_state * 1103515245u + 12345u;
  return rng_state >> 16;
}

/* Appends up to k random pieces (syllables, NFD jamo, fullwidth, Hanja,
 * letters, spaces, markup and invalid bytes) to buf. Returns the length. */
static size_t random_text(char *buf, int k) {
  /* clang-format off */
  static const char *const pieces[] = {
      "가", "나", "가나", "톡", "과", " ", "\n", "\xe1\x84\x8f", "\xe1\x85\xa1",
      "\xe1\x86\xa8", "Ｐ", "c", "K", "美", "中", "<", "&", "\xff", "\xe2\x82",
      "\xc0", "\xed\xa0\x80", "\xcc\x81", "😀", "ß"};
  /* clang-format on */
  size_t n = 0;
  for (int i = 0; i < k; i++) {
    const char *p = pieces[rng() % (sizeof pieces / sizeof pieces[0])];
    memcpy(buf + n, p, strlen(p));
    n += strlen(p);
  }
  return n;
}

/* Whatever the bytes, spans lie inside the text, sorted and apart, and the
 * snippet is valid UTF-8. */
static void test_random(void) {
  int bad_spans = 0, bad_utf8 = 0;
  for (int iter = 0; iter < 3000; iter++) {
    char text[400], words[3][40];
    size_t len = random_text(text, (int)(rng() % 80));
    ns_mark_term t[3];
    for (int k = 0; k < 3; k++) {
      size_t n = random_text(words[k], 1 + (int)(rng() % 6));
      t[k] = (ns_mark_term){words[k], n, (int)(rng() % 2), 0};
    }
    ns_span *s = NULL;
    int n = ns_match_spans(text, (int)len, t, 3, &s);
    for (int i = 0; i < n; i++)
      if (s[i].start < 0 || s[i].end > (int)len || s[i].start >= s[i].end ||
          (i > 0 && s[i].start <= s[i - 1].end) || s[i].term < 0 ||
          s[i].term > 2)
        bad_spans++;
    if (n < 0) bad_spans++;
    free(s);
    ns_snippet_style st = {(int)(rng() % 40), "[", "]", (int)(rng() % 2)};
    char *got = ns_snippet_build(text, len, t, 3, &st);
    if (got == NULL || !valid_utf8(got)) bad_utf8++;
    free(got);
  }
  CHECK(bad_spans == 0, "%d bad spans", bad_spans);
  CHECK(bad_utf8 == 0, "%d snippets not valid UTF-8", bad_utf8);
}

/* ---- a 10 MB text -------------------------------------------------------- */

static void test_huge(void) {
  const char *sentence = "서버 장애로 카카오톡과 포털 접속이 지연됐다. ";
  size_t sl = strlen(sentence), reps = 10u * 1024 * 1024 / sl + 1;
  char *text = malloc(reps * sl + 16);
  CHECK(text != NULL, "out of memory");
  if (text == NULL) return;
  for (size_t i = 0; i < reps; i++)
    memcpy(text + i * sl, sentence, sl);
  memcpy(text + reps * sl, "복구 완료", strlen("복구 완료"));
  size_t len = reps * sl + strlen("복구 완료");

  clock_t t0 = clock();
  ns_mark_term t[2] = {{"카카오톡", strlen("카카오톡"), 0, 0},
                       {"복구", strlen("복구"), 0, 0}};
  ns_span *s = NULL;
  int n = ns_match_spans(text, (int)len, t, 1, &s);
  CHECK_INT(n, reps);
  free(s);

  ns_snippet_style st = {60, "<mark>", "</mark>", 1};
  char *got = ns_snippet_build(text, len, t, 2, &st);
  CHECK(got != NULL && strstr(got, "<mark>복구</mark> 완료") != NULL &&
            strstr(got, "<mark>카카오톡</mark>") != NULL && strlen(got) < 1024,
        "10 MB window: %.200s", got ? got : "(null)");
  free(got);

  got = ns_snippet_build(text, len, t, 2, &kHtml);
  CHECK(got != NULL && strlen(got) > len, "10 MB whole text");
  free(got);

  /* one syllable repeated: every token matches, all marks merge into one */
  memset(text, 0, len);
  for (size_t i = 0; i + 3 <= len; i += 3)
    memcpy(text + i, "가", 3);
  ns_mark_term ga = {"가", 3, 0, 0};
  n = ns_match_spans(text, (int)(len / 3 * 3), &ga, 1, &s);
  CHECK_INT(n, 1);
  if (n == 1) CHECK_INT(s[0].end, len / 3 * 3);
  free(s);
  printf("10 MB tests: %.2f s\n", (double)(clock() - t0) / CLOCKS_PER_SEC);
  free(text);
}

int main(void) {
  test_marks();
  test_styles();
  test_spans();
  test_windows();
  test_window_cuts();
  test_random();
  test_huge();
  return ns_check_done("snippet");
}
