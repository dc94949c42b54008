/*
 * test_synonyms.c: the synonyms file format and lookups: groups both ways,
 * comments, blank lines, a BOM and CRLF, case and spacing folded, a word
 * in two groups, multi-word synonyms; every kind of bad file refused with
 * its name, line and reason; the shipped list; 10,000 groups.
 */
#include "check.h"
#include "newssearch/synonyms.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct collected {
  char words[512];
  int n;
} collected;

static int collect(void *ctx, const char *w) {
  collected *c = ctx;
  if (c->n++) strcat(c->words, "|");
  strcat(c->words, w);
  return 0;
}

/* The synonyms of word in s, joined by |. */
static const char *of(const ns_synonyms *s, const char *word) {
  static collected c;
  memset(&c, 0, sizeof c);
  ns_synonyms_of(s, word, strlen(word), collect, &c);
  return c.words;
}

static ns_synonyms *parse(const char *text, ns_error *err) {
  ns_synonyms *s = NULL;
  ns_error_clear(err);
  if (ns_synonyms_parse("test.txt", text, strlen(text), NULL, &s, err) != 0)
    return NULL;
  return s;
}

static void refused(const char *text, const char *want) {
  ns_error err;
  ns_synonyms *s = parse(text, &err);
  CHECK(s == NULL && err.kind == NS_ERR_USAGE &&
            strstr(err.message, want) != NULL,
        "%s: got \"%s\", want \"%s\"", text, s ? "(parsed)" : err.message,
        want);
  ns_synonyms_free(s);
}

int main(void) {
  ns_error err;
  ns_synonyms *s = parse("\xEF\xBB\xBF# ministries\r\n"
                         "고용부, 고용노동부\r\n"
                         "\n"
                         "   # indented comment\n"
                         "카톡 ,카카오톡 , KakaoTalk # trailing comment\n"
                         "뉴욕   타임스, NYT\n"
                         "카톡, 톡\n",
                         &err);
  CHECK(s != NULL, "%s", err.message);
  CHECK_INT(ns_synonyms_groups(s), 4);
  CHECK_INT(ns_synonyms_words(s), 8);
  /* both ways */
  CHECK_STR(of(s, "고용부"), "고용노동부");
  CHECK_STR(of(s, "고용노동부"), "고용부");
  /* a word in two groups has both; each word once */
  CHECK_STR(of(s, "카톡"), "카카오톡|KakaoTalk|톡");
  CHECK_STR(of(s, "톡"), "카톡");
  /* case, NFKC (fullwidth) and spacing are folded; words come back as
   * the file wrote them */
  CHECK_STR(of(s, "kakaotalk"), "카톡|카카오톡");
  CHECK_STR(of(s, "ＫＡＫＡＯＴＡＬＫ"), "카톡|카카오톡");
  CHECK_STR(of(s, "뉴욕 타임스"), "NYT");
  CHECK_STR(of(s, "  뉴욕\t타임스 "), "NYT");
  CHECK_STR(of(s, "nyt"), "뉴욕 타임스");
  /* not a group word, nor a part of one */
  CHECK_STR(of(s, "고용"), "");
  CHECK_STR(of(s, "뉴욕"), "");
  CHECK_STR(of(s, ""), "");

  /* a second file adds to the first, which stays as it was */
  ns_synonyms *more = NULL;
  const char *extra = "고용노동부, 노동부\n";
  CHECK(ns_synonyms_parse("extra.txt", extra, strlen(extra), s, &more, &err) ==
            0,
        "%s", err.message);
  CHECK_STR(of(more, "고용노동부"), "고용부|노동부");
  CHECK_STR(of(more, "카톡"), "카카오톡|KakaoTalk|톡");
  CHECK_STR(of(s, "고용노동부"), "고용부");
  ns_synonyms_free(more);
  ns_synonyms_free(s);

  /* bad files: the name, the line and the reason */
  refused("a, b\n카톡\n", "test.txt:2: a group needs two or more");
  refused("a, a\n", "test.txt:1: a group needs two or more different");
  refused("a,,b\n", "test.txt:1: an empty word");
  refused("a, b,\n", "test.txt:1: an empty word");
  refused("ok, fine\nx, \xff\n", "test.txt:2: not UTF-8 (byte 0xff");
  refused("x, y\xc3\n", "test.txt:1: not UTF-8");
  refused("a, \"quoted\"\n", "test.txt:1: a word with a double quote");
  refused("a, !!!\n", "test.txt:1: \"!!!\" has no letter");
  {
    char text[300];
    memset(text, 'x', 250);
    memcpy(text + 250, ", y\n", 5);
    refused(text, "test.txt:1: a word longer than 200 bytes");
  }
  {
    char text[400] = "";
    for (int i = 0; i < 33; i++)
      sprintf(text + strlen(text), "%sw%d", i ? "," : "", i);
    refused(text, "test.txt:1: more than 32 words");
  }
  {
    char nul[] = "a, b\0c\n";
    ns_synonyms *t = NULL;
    CHECK(ns_synonyms_parse("nul.txt", nul, sizeof nul - 1, NULL, &t, &err) !=
                  0 &&
              strstr(err.message, "nul.txt:1: not UTF-8 (byte 0x00"),
          "%s", err.message);
    ns_synonyms_free(t);
  }
  /* a file that is not there */
  ns_synonyms *none = NULL;
  CHECK(ns_synonyms_load("/nonexistent/syn.txt", NULL, &none, &err) != 0 &&
            err.kind == NS_ERR_USAGE &&
            strstr(err.message, "/nonexistent/syn.txt: cannot read it"),
        "%s", err.message);
  /* empty and comment-only files are lists of no groups */
  s = parse("# nothing yet\n\n", &err);
  CHECK(s != NULL && ns_synonyms_groups(s) == 0, "comments only");
  ns_synonyms_free(s);

  /* the shipped list parses and has the groups the issue names */
  const ns_synonyms *shipped = ns_synonyms_shipped();
  CHECK(shipped != NULL && ns_synonyms_groups(shipped) >= 40, "shipped");
  CHECK_STR(of(shipped, "카톡"), "카카오톡");
  CHECK_STR(of(shipped, "한국은행"), "한은");
  CHECK_STR(of(shipped, "과기정통부"), "과학기술정보통신부");
  CHECK_STR(of(shipped, "현차"), "현대차|현대자동차");
  CHECK_STR(of(shipped, "중기부"), "중소벤처기업부");

  /* 10,000 groups: every one found both ways */
  size_t cap = 10000 * 64;
  char *big = malloc(cap);
  size_t at = 0;
  for (int i = 0; i < 10000; i++)
    at += (size_t)snprintf(big + at, cap - at, "단어%d, 낱말%d, word%d\n", i, i,
                           i);
  s = NULL;
  CHECK(ns_synonyms_parse("big.txt", big, at, NULL, &s, &err) == 0, "%s",
        err.message);
  CHECK_INT(ns_synonyms_groups(s), 10000);
  CHECK_INT(ns_synonyms_words(s), 30000);
  CHECK_STR(of(s, "단어9999"), "낱말9999|word9999");
  CHECK_STR(of(s, "WORD0"), "단어0|낱말0");
  ns_synonyms_free(s);
  free(big);
  return ns_check_done("synonyms");
}
