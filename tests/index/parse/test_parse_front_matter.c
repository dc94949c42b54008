/*
 * test_parse_front_matter.c: ns_parse_article_file() on every format: the
 * demo articles (titles, UTC dates, categories and tags by value), the 20
 * real posts of the shared corpus, front matter edge cases and refusals
 * with their file lines, HTML pages, Markdown and text files, the article
 * and string-list helpers, and out-of-memory at every allocation.
 * usage: parse_front_matter DEMO_ARTICLES_DIR SHARED_CORPUS_DIR
 *
 * This program is linked with -Wl,--wrap=malloc,--wrap=realloc (see
 * parse.cmake) so that the fault-injection test can fail any allocation
 * ns_parse makes.
 */
#include "check.h"

#include "corpus.h"
#include "fail_alloc.h"
#include "newssearch/parse.h"

#include <dirent.h>
#include <stdlib.h>

/* ---- helpers ------------------------------------------------------------- */

/* Joins a list with "|" into buf, for comparing lists by value. */
static const char *joined(const ns_strlist *l, char *buf, size_t size) {
  size_t o = 0;
  buf[0] = '\0';
  for (int i = 0; i < l->n && o < size; i++)
    o += (size_t)snprintf(buf + o, size - o, "%s%s", i ? "|" : "", l->items[i]);
  return buf;
}

/* Parses one file as ns_ingest would: detect, then parse with the file's
 * path below the root as key. */
static int parse_file(const char *dir, const char *name, ns_article *a,
                      ns_parse_error *err) {
  char path[1024];
  size_t len = 0;
  snprintf(path, sizeof path, "%s/%s", dir, name);
  memset(a, 0, sizeof *a);
  memset(err, 0, sizeof *err);
  char *data = ns_read_file(path, &len);
  if (data == NULL) {
    snprintf(err->message, sizeof err->message, "cannot read %.400s", path);
    return -1;
  }
  ns_format fmt = ns_detect_format(name, data, len);
  int rc = ns_parse_article_file(fmt, name, name, data, len, a, err);
  free(data);
  return rc;
}

static int by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in dir ending in suffix, sorted; *n receives their count. */
static char **list_dir(const char *dir, const char *suffix, int *n) {
  char **names = NULL;
  *n = 0;
  DIR *d = opendir(dir);
  if (d == NULL) return NULL;
  for (struct dirent *e; (e = readdir(d)) != NULL;) {
    size_t k = strlen(e->d_name), s = strlen(suffix);
    if (k <= s || strcmp(e->d_name + k - s, suffix) != 0) continue;
    char **grown = realloc(names, (size_t)(*n + 1) * sizeof *names);
    char *copy = malloc(k + 1);
    if (grown == NULL || copy == NULL) {
      free(copy);
      names = grown ? grown : names;
      break;
    }
    memcpy(copy, e->d_name, k + 1);
    names = grown;
    names[(*n)++] = copy;
  }
  closedir(d);
  if (*n > 0) qsort(names, (size_t)*n, sizeof *names, by_name);
  return names;
}

static void free_names(char **names, int n) {
  for (int i = 0; i < n; i++)
    free(names[i]);
  free(names);
}

/* ---- the demo articles ----------------------------------------------------
 */

typedef struct demo_case {
  const char *file;
  const char *title, *date, *categories, *tags;
  const char *in_body; /* a passage the body must hold */
} demo_case;

static const demo_case kDemo[] = {
    {"2024-01-15-cold-wave-snow.md",
     "전국 한파특보 확대…서울 영하 15도, 출근길 눈 소식까지",
     "2024-01-15T00:00:00Z", "사회", "날씨|한파|대설",
     "기상청 관계자는 \"밤사이 내린 눈이"},
    {"2024-02-20-bank-app-outage.md",
     "시중은행 모바일 앱 3시간 먹통…이체·조회 중단에 고객 불만",
     "2024-02-20T05:10:00Z", "경제|IT/과학", "장애|은행|모바일뱅킹",
     "\"일시적인 오류가 발생했습니다\"라는 안내만"},
    {"2024-03-21-us-fed-rate-hold.md",
     "美 금리 동결…연내 인하 신호에 원·달러 환율 하락", "2024-03-21T05:30:00Z",
     "세계|경제", "",
     "사실상 인하 신호로 받아들였다.\n국내 금융시장 영향\n발표 직후"},
    {"2024-10-25-north-korea-missile.md",
     "北, 동해상으로 탄도미사일 발사…합참 '추가 도발 대비 태세 강화'",
     "2024-10-24T22:40:00Z", "정치", "북한|미사일|국방", "미국·일본과"},
    {"2025-01-24-lunar-new-year-travel.md",
     "설 연휴 귀성길, 언제 떠나야 덜 막힐까", "2025-01-23T23:00:00Z",
     "생활/문화", "설연휴|교통|날씨",
     "귀성길: 설 전날 오전 8시~11시 출발 차량이 가장 많다.\n"}, /* a list */
    {"2025-03-14-employment-system-outage.md",
     "실업급여 신청 시스템 반나절 마비…민원인 1,200명 발길 돌려",
     "2025-03-14T09:30:00Z", "사회", "장애|정보시스템|실업급여",
     "약 1,200명에 이른다."},
    {"2025-04-07-script-tag-controversy.md",
     "태그 <script>alert(1)</script> 표기 논란", "2025-04-07T00:00:00Z",
     "IT/과학", "보안|웹|개인정보", "굵게 만드는 <b> 태그를 넣어 봤는데"},
    {"2025-05-19-ai-chip-investment.md",
     "정부, AI반도체 개발에 5천억원 투입…2026년 국산 칩 데이터센터 실증",
     "2025-05-19T00:30:00Z", "IT/과학|경제", "AI반도체|GPU|데이터센터",
     "설계 전문기업(팹리스) 시제품 제작 지원 확대\n"},
    {"2025-10-02-exchange-rate-weekly.md",
     "원·달러 환율 1,400원 턱밑…한 주 새 30원 급등", "2025-10-02T08:00:00Z",
     "경제", "환율|외환시장",
     "최근 5거래일 환율 흐름\n날짜\t종가(원)\t전일 대비\n9월 "
     "26일\t1,368.4\t+2.1\n"},
    {"2026-03-03-goyong24-portal.md",
     "고용24 새 단장…실업급여 신청부터 직업훈련까지 한 번에",
     "2026-03-03T00:30:00Z", "경제|사회", "", "\"고용24\"를 전면 개편해"},
    {"2026-11-12-college-exam-guide.md", "내일 수능…수험생이 꼭 챙겨야 할 것들",
     "2026-11-12T00:00:00Z", "사회", "수능|교육",
     "수험표와 신분증 (주민등록증, 여권, 학생증 등)\n"},
    {"pages/press-release.html",
     "보도자료 | 한빛시, 공공 와이파이 전 지역 확대…2026년 말까지 5G 기반 전환",
     "", "", "",
     "\"디지털 접근성은 이제 수도나 전기와 같은 기본 생활 인프라\""},
};

static void check_demo_case(const char *dir, const demo_case *c) {
  ns_article a;
  ns_parse_error err;
  char cats[512], tags[512];
  int rc = parse_file(dir, c->file, &a, &err);
  CHECK(rc == 0, "%s: %s", c->file, err.message);
  if (rc != 0) return;
  CHECK(strcmp(a.title, c->title) == 0, "%s: title \"%s\", want \"%s\"",
        c->file, a.title, c->title);
  CHECK(strcmp(a.date, c->date) == 0, "%s: date \"%s\", want \"%s\"", c->file,
        a.date, c->date);
  joined(&a.categories, cats, sizeof cats);
  joined(&a.tags, tags, sizeof tags);
  CHECK(strcmp(cats, c->categories) == 0, "%s: categories \"%s\", want \"%s\"",
        c->file, cats, c->categories);
  CHECK(strcmp(tags, c->tags) == 0, "%s: tags \"%s\", want \"%s\"", c->file,
        tags, c->tags);
  CHECK(strcmp(a.key, c->file) == 0, "%s: key \"%s\"", c->file, a.key);
  CHECK(strstr(a.body, c->in_body) != NULL, "%s: body lacks \"%s\"", c->file,
        c->in_body);
  ns_article_clear(&a);
}

/* The two Markdown posts: no title in the front matter, so the first
 * heading is the title; the body holds words, not Markdown. */
static void check_markdown_bodies(const char *dir) {
  ns_article a;
  ns_parse_error err;
  if (parse_file(dir, "2025-01-24-lunar-new-year-travel.md", &a, &err) == 0) {
    CHECK(strstr(a.body, "임시공휴일이 더해지면서 엿새로 길어졌다.") != NULL,
          "bold markers left in \"%.120s\"", a.body);
    CHECK(strstr(a.body, "교통 정보 안내 페이지에서 확인할 수 있다.") != NULL,
          "link not reduced to its text");
    CHECK(strstr(a.body, "**") == NULL && strstr(a.body, "](") == NULL &&
              strstr(a.body, "## ") == NULL,
          "Markdown syntax left in the body");
    CHECK(
        strncmp(
            a.body, "설 연휴 귀성길, 언제 떠나야 덜 막힐까\n올해 설 연휴는",
            strlen("설 연휴 귀성길, 언제 떠나야 덜 막힐까\n올해 설 연휴는")) ==
            0,
        "body starts \"%.80s\"", a.body);
    CHECK_STR(a.excerpt,
              "엿새간의 설 연휴 동안 귀성·귀경길 혼잡 시간과 날씨를 정리했다.");
    ns_article_clear(&a);
  } else {
    CHECK(0, "lunar-new-year-travel: %s", err.message);
  }
}

static void test_demo(const char *dir) {
  int n = 0, ok = 0;
  char **names = list_dir(dir, ".md", &n);
  CHECK_INT(n, 27);
  for (int i = 0; i < n; i++) {
    ns_article a;
    ns_parse_error err;
    int rc = parse_file(dir, names[i], &a, &err);
    CHECK(rc == 0, "%s: %s", names[i], err.message);
    if (rc == 0 && a.title[0] && a.body[0] && a.date[0] && a.categories.n > 0 &&
        a.excerpt && a.excerpt[0])
      ok++;
    else if (rc == 0)
      CHECK(0, "%s: empty title, body, date, category or excerpt", names[i]);
    ns_article_clear(&a);
  }
  CHECK_INT(ok, 27);
  free_names(names, n);
  for (size_t i = 0; i < sizeof kDemo / sizeof kDemo[0]; i++)
    check_demo_case(dir, &kDemo[i]);
  check_markdown_bodies(dir);
}

/* ---- the shared corpus's posts --------------------------------------------
 */

static void test_sample_md(const char *corpus) {
  char dir[1024];
  snprintf(dir, sizeof dir, "%s/sample-md", corpus);
  int n = 0, ok = 0;
  char **names = list_dir(dir, ".md", &n);
  CHECK_INT(n, 20);
  for (int i = 0; i < n; i++) {
    ns_article a;
    ns_parse_error err;
    char from_name[NS_DATE_LEN];
    ns_date_from_file_name(names[i], from_name);
    if (parse_file(dir, names[i], &a, &err) != 0) {
      CHECK(0, "%s: line %d: %s", names[i], err.line, err.message);
      continue;
    }
    int good = a.title[0] && strlen(a.body) > 20 && a.date[0] &&
               strcmp(a.date, from_name) == 0 && a.categories.n == 1 &&
               strchr(a.body, '<') == NULL && strstr(a.body, "&quot;") == NULL;
    CHECK(good, "%s: title \"%s\", date \"%s\", %d categories", names[i],
          a.title, a.date, a.categories.n);
    ok += good;
    ns_article_clear(&a);
  }
  CHECK_INT(ok, 20);
  free_names(names, n);
}

/* ---- front matter cases ---------------------------------------------------
 */

typedef struct post_case {
  const char *name; /* the file name (extension and date prefix matter) */
  const char *data;
  const char *key, *title, *date, *url, *categories, *tags, *body;
} post_case;

static const post_case kPosts[] = {
    /* id replaces the key; permalink is the url; unknown keys of any shape
     * are ignored; aliases work; a bad date falls back to the file name */
    {"2024-05-01-x.md",
     "---\nid: custom-id\ndate: 어제\npermalink: /p/1\nauthor:\n  name: x\n"
     "  links: [a, {b: c}]\ncats: &c [a, b]\ncategories: *c\ncategory: 정치\n"
     "tags: a b\ntitle: t\n---\n<p>본문</p>\n",
     "custom-id", "t", "2024-05-01T00:00:00Z", "/p/1", "a|b|정치", "a b",
     "본문"},
    {"x.md", "---\ntitle: t\nurl: https://u\npermalink: /p\n---\nb\n", "k", "t",
     "", "https://u", "", "", "b"},
    {"x.md", "---\ntitle: t\npermalink: /p\nurl: https://u\n---\nb\n", "k", "t",
     "", "https://u", "", "", "b"},
    /* the date's own zone wins over the file name */
    {"2024-05-01-x.md",
     "---\ntitle: t\ndate: \"2024-05-01 01:00:00 +0900\"\n---\nb\n", "k", "t",
     "2024-04-30T16:00:00Z", NULL, "", "", "b"},
    {"2024-05-01-x.md", "---\ntitle: t\ndate: ~\n---\nb\n", "k", "t",
     "2024-05-01T00:00:00Z", NULL, "", "", "b"},
    /* no title: the body's heading (h1 first, else any level) */
    {"x.md", "---\ntitle: ~\n---\n<h2>둘</h2><h1>하나</h1><p>p</p>", "k",
     "하나", "", NULL, "", "", "둘\n하나\np"},
    {"x.md",
     "---\nlayout: post\n---\n<div><h3>소제목 "
     "<b>굵게</b></h3><p>본문</p></div>",
     "k", "소제목 굵게", "", NULL, "", "", "소제목 굵게\n본문"},
    {"x.md", "---\ntitle: \"\"\n---\n# 머리\n\n본문\n", "k", "머리", "", NULL,
     "", "", "머리\n본문"},
    {"x.md", "---\n---\n<p>제목 없는 본문</p>", "k", "", "", NULL, "", "",
     "제목 없는 본문"},
    /* a .html post's body is HTML even without tags */
    {"x.html", "---\ntitle: t\n---\n본문 **x**\n", "k", "t", "", NULL, "", "",
     "본문 **x**"},
    {"x.md", "---\ntitle: t\n---\n본문 **x**\n", "k", "t", "", NULL, "", "",
     "본문 x"},
    /* CRLF, a BOM, "..." as the end marker, quoted and padded values */
    {"x.md",
     "\xEF\xBB\xBF---\r\ntitle: 제목\r\ndate: 2024-01-01\r\ntags: [a, b]\r\n"
     "---\r\n<p>본문</p>\r\n",
     "k", "제목", "2024-01-01T00:00:00Z", NULL, "", "a|b", "본문"},
    {"x.md", "---\ntitle: \"  spaced  \"\n...\n본문\n", "k", "spaced", "", NULL,
     "", "", "본문"},
    {"x.md", "---\ntitle: t\ncategories: []\ntags:\n  - \"\"\n  - x\n---\n",
     "k", "t", "", NULL, "", "x", ""},
    {"x.md", "---\ntitle: 2024\ncategories: 12\n---\nb", "k", "2024", "", NULL,
     "12", "", "b"},
};

static void check_field(size_t i, const char *what, const char *got,
                        const char *want) {
  if (want == NULL)
    CHECK(got == NULL, "post %zu: %s \"%s\", want none", i, what, got);
  else
    CHECK(got && strcmp(got, want) == 0, "post %zu: %s \"%s\", want \"%s\"", i,
          what, got ? got : "(null)", want);
}

static void test_posts(void) {
  for (size_t i = 0; i < sizeof kPosts / sizeof kPosts[0]; i++) {
    const post_case *c = &kPosts[i];
    ns_article a = {0};
    ns_parse_error err = {0};
    char cats[256], tags[256];
    ns_format fmt = ns_detect_format(c->name, c->data, strlen(c->data));
    CHECK_INT(fmt, NS_FORMAT_FRONT_MATTER);
    int rc = ns_parse_article_file(fmt, "k", c->name, c->data, strlen(c->data),
                                   &a, &err);
    CHECK(rc == 0, "post %zu: %s", i, err.message);
    if (rc != 0) continue;
    check_field(i, "key", a.key, c->key);
    check_field(i, "title", a.title, c->title);
    check_field(i, "date", a.date, c->date);
    check_field(i, "url", a.url, c->url);
    check_field(i, "categories", joined(&a.categories, cats, sizeof cats),
                c->categories);
    check_field(i, "tags", joined(&a.tags, tags, sizeof tags), c->tags);
    check_field(i, "body", a.body, c->body);
    ns_article_clear(&a);
  }
}

typedef struct refusal_case {
  ns_format fmt;
  const char *data;
  int line;
  const char *message;
} refusal_case;

static const refusal_case kRefusals[] = {
    {NS_FORMAT_FRONT_MATTER, "---\ntitle: a: b\n---\nbody\n", 2,
     "front matter is not valid YAML (mapping values are not allowed in this "
     "context)"},
    {NS_FORMAT_FRONT_MATTER, "---\nlayout: post\ntitle: x\n- item\n---\nbody\n",
     4, "front matter is not valid YAML (did not find expected key)"},
    {NS_FORMAT_FRONT_MATTER,
     "---\nlayout: post\ntags: [a, b\nexcerpt: x\n---\n", 4,
     "front matter is not valid YAML (did not find expected ',' or ']')"},
    {NS_FORMAT_FRONT_MATTER, "---\nlayout: post\ntitle: a\n\tdate: 2024\n---\n",
     4,
     "front matter is not valid YAML (found a tab character that violates "
     "indentation)"},
    {NS_FORMAT_FRONT_MATTER,
     "---\r\nlayout: post\r\ntitle: \"open\r\ndate: 2024-01-01\r\n---\r\nb\r\n",
     5, "front matter is not valid YAML (found unexpected end of stream)"},
    {NS_FORMAT_FRONT_MATTER, "---\n- a\n- b\n---\nbody\n", 2,
     "front matter must be YAML keys and values (\"title: ...\")"},
    {NS_FORMAT_FRONT_MATTER, "---\njust text\n---\nbody\n", 2,
     "front matter must be YAML keys and values (\"title: ...\")"},
    {NS_FORMAT_FRONT_MATTER, "---\nlayout: post\ntitle: [a, b]\n---\nbody\n", 3,
     "\"title\" in the front matter must be a single value, not a list or "
     "mapping"},
    {NS_FORMAT_FRONT_MATTER, "---\ntags:\n  - a\n  - {b: c}\n---\nbody\n", 4,
     "\"tags\" in the front matter must be a single value, not a list or "
     "mapping"},
    {NS_FORMAT_FRONT_MATTER, "---\ntitle: a\n<p>body</p>\n", 1,
     "front matter has no closing \"---\" line (it runs to the end of the "
     "file)"},
    {NS_FORMAT_FRONT_MATTER, "---", 1,
     "front matter has no closing \"---\" line (it runs to the end of the "
     "file)"},
    {NS_FORMAT_FRONT_MATTER, "title: a\n---\n", 1,
     "front matter must start with a \"---\" line"},
    {NS_FORMAT_FRONT_MATTER, "---\n---\n", 0, "no title and no text"},
    {NS_FORMAT_FRONT_MATTER,
     "---\nlayout: post\n---\n<p> </p><script>x</script>", 0,
     "no title and no text"},
    {NS_FORMAT_HTML, "<html><head><title> </title></head><body></body></html>",
     0, "no title and no text"},
    {NS_FORMAT_MARKDOWN, "\n\n", 0, "no title and no text"},
    {NS_FORMAT_TEXT, " \r\n\t\n", 0, "no title and no text"},
    {NS_FORMAT_JSONL, "{}", 0, "not an article file format"},
    {NS_FORMAT_UNKNOWN, "x", 0, "not an article file format"},
};

static void test_refusals(void) {
  for (size_t i = 0; i < sizeof kRefusals / sizeof kRefusals[0]; i++) {
    const refusal_case *c = &kRefusals[i];
    ns_article a = {0};
    ns_parse_error err = {0};
    int rc = ns_parse_article_file(c->fmt, "k", "x.md", c->data,
                                   strlen(c->data), &a, &err);
    CHECK(rc == -1, "refusal %zu was accepted", i);
    CHECK(err.line == c->line, "refusal %zu: line %d, want %d", i, err.line,
          c->line);
    CHECK(strcmp(err.message, c->message) == 0,
          "refusal %zu: message \"%s\", want \"%s\"", i, err.message,
          c->message);
    CHECK(a.key == NULL && a.title == NULL && a.body == NULL &&
              a.categories.n == 0 && a.date[0] == '\0',
          "refusal %zu: article not cleared", i);
  }
}

/* ---- shapes that would cost the parsers more than the file is worth --- */

/* "---\n" + prefix + n copies of unit + suffix + "\n---\n" + body. */
static char *post_of(const char *prefix, const char *unit, int n,
                     const char *suffix, const char *body, size_t *len) {
  size_t a = strlen(prefix), u = strlen(unit), z = strlen(suffix),
         b = strlen(body);
  char *s = malloc(4 + a + (size_t)n * u + z + 5 + b + 1);
  if (s == NULL) return NULL;
  size_t o = 0;
  memcpy(s, "---\n", 4), o += 4;
  memcpy(s + o, prefix, a), o += a;
  for (int i = 0; i < n; i++, o += u)
    memcpy(s + o, unit, u);
  memcpy(s + o, suffix, z), o += z;
  memcpy(s + o, "\n---\n", 5), o += 5;
  memcpy(s + o, body, b), o += b;
  s[o] = '\0';
  *len = o;
  return s;
}

/* Every 100,000-deep file is refused with its line, quickly (libyaml alone
 * takes 32 s over the first); what real posts do still reads. */
static void test_bounded_shapes(void) {
  static const struct {
    const char *prefix, *unit, *suffix, *body;
    int n;
    const char *message; /* NULL: read */
    int line;
  } cases[] = {
      {"title: t\nx: ", "[", "", "b", 100000,
       "front matter nested more than 32 levels deep; not read", 3},
      {"title: t\nx: ", "{a: ", "", "b", 100000,
       "front matter nested more than 32 levels deep; not read", 3},
      {"title: t\nx:\n", "- ", "v", "b", 100000,
       "front matter nested more than 32 levels deep; not read", 4},
      {"title: t\nx: ", "[", "", "b", 30, NULL, 0}, /* broken, but shallow */
      {"title: t\na: &a [x]\n", "b: *a\n", "", "b", 100,
       "front matter has more than 64 aliases (*name); not read", 0},
      {"title: t\ne: \"", "가", "\"", "b", 400000,
       "front matter is 1171 KB, over the 1024 KB it may hold; not read", 2},
      {"title: t\n", "", "", "<div>", 100000,
       "HTML nested more than 512 elements deep; not read (real articles "
       "nest a few levels)",
       5},
      {"title: t\n", "", "", "> ", 100000,
       "Markdown nested more than 128 levels deep; not read (real articles "
       "nest a few levels)",
       5},
      {"title: t\n", "", "", "<h2>a ", 100000, NULL, 0}, /* never closed */
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    size_t len;
    char *data = NULL;
    if (strcmp(cases[i].unit, "") == 0) {
      /* the body is the repeated part */
      size_t b = strlen(cases[i].body);
      char *body = malloc(b * (size_t)cases[i].n + 1);
      if (body != NULL) {
        for (int k = 0; k < cases[i].n; k++)
          memcpy(body + b * (size_t)k, cases[i].body, b);
        body[b * (size_t)cases[i].n] = '\0';
        data = post_of(cases[i].prefix, "", 0, "", body, &len);
      }
      free(body);
    } else {
      data = post_of(cases[i].prefix, cases[i].unit, cases[i].n,
                     cases[i].suffix, cases[i].body, &len);
    }
    CHECK(data != NULL, "out of memory");
    if (data == NULL) continue;
    ns_article a = {0};
    ns_parse_error err = {0};
    int rc = ns_parse_article_file(NS_FORMAT_FRONT_MATTER, "k", "x.md", data,
                                   len, &a, &err);
    if (cases[i].message) {
      CHECK(rc == -1 && strcmp(err.message, cases[i].message) == 0,
            "shape %zu: \"%s\", want \"%s\"", i, err.message, cases[i].message);
      if (cases[i].line)
        CHECK(err.line == cases[i].line, "shape %zu: line %d, want %d", i,
              err.line, cases[i].line);
    } else if (i == 3) {
      CHECK(rc == -1 && strstr(err.message, "not valid YAML"),
            "shape %zu: \"%s\"", i, err.message);
    } else {
      CHECK(rc == 0, "shape %zu refused: %s", i, err.message);
    }
    ns_article_clear(&a);
    free(data);
  }
}

/* ---- the other formats ----------------------------------------------------
 */

typedef struct file_case {
  const char *name;
  ns_format fmt;
  const char *data;
  const char *title, *date, *body;
} file_case;

static const file_case kFiles[] = {
    {"2024-06-01-page.html", NS_FORMAT_HTML,
     "<html><head><style>p{}</style></head><body><h1>H</h1><p>p &amp; q</p>"
     "</body></html>",
     "H", "2024-06-01T00:00:00Z", "H\np & q"},
    {"page.htm", NS_FORMAT_HTML, "<p>본문만</p>", "", "", "본문만"},
    {"2024-06-01-note.md", NS_FORMAT_MARKDOWN, "# 제목\n\n본문 *기울임*\n",
     "제목", "2024-06-01T00:00:00Z", "제목\n본문 기울임"},
    {"note.md", NS_FORMAT_MARKDOWN, "제목 없는 글", "", "", "제목 없는 글"},
    {"note.txt", NS_FORMAT_TEXT, "\n\n  제목 줄  \r\n\r\n본문 1\r\n본문 2\r\n",
     "제목 줄", "", "본문 1\n본문 2"},
    {"2024-06-01-one.txt", NS_FORMAT_TEXT, "한 줄", "한 줄",
     "2024-06-01T00:00:00Z", ""},
    {"bom.txt", NS_FORMAT_TEXT, "\xEF\xBB\xBF제목\n본문", "제목", "", "본문"},
};

static void test_other_formats(void) {
  for (size_t i = 0; i < sizeof kFiles / sizeof kFiles[0]; i++) {
    const file_case *c = &kFiles[i];
    ns_article a = {0};
    ns_parse_error err = {0};
    CHECK_INT(ns_detect_format(c->name, c->data, strlen(c->data)), c->fmt);
    int rc = ns_parse_article_file(c->fmt, c->name, c->name, c->data,
                                   strlen(c->data), &a, &err);
    CHECK(rc == 0, "file %zu: %s", i, err.message);
    if (rc != 0) continue;
    check_field(i, "title", a.title, c->title);
    check_field(i, "date", a.date, c->date);
    check_field(i, "body", a.body, c->body);
    check_field(i, "key", a.key, c->name);
    ns_article_clear(&a);
  }
}

/* ---- the article helpers ---------------------------------------------------
 */

static void test_strlist(void) {
  ns_strlist l = {0};
  CHECK_INT(ns_strlist_add(&l, "abc", 2), 0);
  CHECK_INT(ns_strlist_add(&l, "", 0), 0);
  CHECK_INT(ns_strlist_add(&l, "가나\0다", 10), 0);
  CHECK_INT(l.n, 3);
  if (l.n == 3) {
    CHECK_STR(l.items[0], "ab");
    CHECK_STR(l.items[1], "");
    CHECK(memcmp(l.items[2], "가나\0다", 11) == 0, "bytes after NUL copied");
  }
  ns_strlist_clear(&l);
  CHECK(l.n == 0 && l.items == NULL, "list not zeroed");
  ns_strlist_clear(&l);
  ns_article a = {0};
  ns_article_clear(&a); /* a zeroed article */
  ns_article_clear(NULL);
  CHECK(a.key == NULL && a.date[0] == '\0', "zeroed article changed");
}

/* ---- out of memory ---------------------------------------------------------
 */

/* Runs parse with the k-th allocation failing, for k = 0, 1, ... until a run
 * makes no failing allocation. Each failed run must report "out of memory"
 * and leave the article empty; LeakSanitizer checks nothing was lost. */
static void fault_article(const char *what, ns_format fmt, const char *name,
                          const char *data) {
  int runs = 0, bad = 0;
  for (long k = 0;; k++) {
    ns_article a = {0};
    ns_parse_error err = {0};
    ns_fail_alloc_after(k);
    int rc =
        ns_parse_article_file(fmt, "key", name, data, strlen(data), &a, &err);
    ns_fail_alloc_after(-1);
    if (!ns_fail_alloc_hit()) {
      CHECK(rc == 0, "%s: %s", what, err.message);
      ns_article_clear(&a);
      break;
    }
    runs++;
    if (rc != -1 || strcmp(err.message, "out of memory") != 0 || a.key ||
        a.title || a.body) {
      if (bad++ < 3)
        fprintf(stderr, "%s: allocation %ld failed: rc %d, \"%s\"\n", what, k,
                rc, err.message);
    }
    ns_article_clear(&a);
  }
  CHECK(bad == 0, "%s: %d of %d failed allocations mishandled", what, bad,
        runs);
  CHECK(runs >= 3, "%s: only %d allocations", what, runs);
}

static void fault_json_line(void) {
  const char *line =
      "{\"id\":7,\"title\":\"t\",\"body\":\"<p>a</p><p>b</p>\",\"url\":\"u\","
      "\"summary\":\"s\",\"categories\":[\"x\",\"y\"],\"tags\":\"z\"}";
  int runs = 0, bad = 0;
  for (long k = 0;; k++) {
    ns_article a = {0};
    ns_parse_error err = {0};
    ns_fail_alloc_after(k);
    int rc = ns_parse_json_line(line, strlen(line), &a, &err);
    ns_fail_alloc_after(-1);
    if (!ns_fail_alloc_hit()) {
      CHECK(rc == 0, "json line: %s", err.message);
      ns_article_clear(&a);
      break;
    }
    runs++;
    bad += rc != -1 || strcmp(err.message, "out of memory") != 0 || a.key;
    ns_article_clear(&a);
  }
  CHECK(bad == 0 && runs >= 8, "json line: %d of %d mishandled", bad, runs);
}

static void fault_converters(void) {
  int runs = 0, bad = 0;
  for (long k = 0;; k++) {
    char *title = NULL, *heading = NULL;
    size_t n, invalid;
    int line;
    ns_fail_alloc_after(k);
    char *text = NULL, *md = NULL;
    ns_parse_error why;
    ns_html_to_text("<title>t</title><p>a</p>", 24, &text, &title, &why);
    ns_markdown_to_text("# h\n\nx", 6, &md, &heading, &why);
    char *fixed = ns_utf8_repair("a\xFF", 2, &n, &invalid, &line);
    ns_fail_alloc_after(-1);
    if (!ns_fail_alloc_hit()) {
      CHECK(text && md && fixed && title && heading,
            "converters failed without a fault");
    } else {
      runs++;
      /* a title is only handed out with its text */
      bad += (text == NULL && title != NULL) || (md == NULL && heading != NULL);
    }
    free(text);
    free(md);
    free(fixed);
    free(title);
    free(heading);
    if (!ns_fail_alloc_hit()) break;
  }
  CHECK(bad == 0 && runs >= 3, "converters: %d of %d mishandled", bad, runs);
  ns_strlist l = {0};
  ns_fail_alloc_after(0);
  CHECK_INT(ns_strlist_add(&l, "x", 1), -1);
  ns_fail_alloc_after(1);
  CHECK_INT(ns_strlist_add(&l, "x", 1), -1);
  ns_fail_alloc_after(-1);
  CHECK(l.n == 0 && l.items == NULL, "failed add changed the list");
}

static void test_out_of_memory(const char *demo_dir) {
  size_t len = 0;
  char path[1024];
  snprintf(path, sizeof path, "%s/2025-10-02-exchange-rate-weekly.md",
           demo_dir);
  char *post = ns_read_file(path, &len);
  CHECK(post != NULL, "cannot read %s", path);
  if (post) fault_article("html post", NS_FORMAT_FRONT_MATTER, path, post);
  free(post);
  fault_article(
      "markdown post", NS_FORMAT_FRONT_MATTER, "x.md",
      "---\nid: i\ncategories: [a, b]\ntags: t\n---\n## 제목\n\n본문\n");
  fault_article("h3 title", NS_FORMAT_FRONT_MATTER, "x.md",
                "---\nlayout: post\n---\n<h3>소제목</h3><p>본문</p>");
  fault_article("html page", NS_FORMAT_HTML, "x.html",
                "<title>t</title><table><tr><td>a<td>b</table>");
  fault_article("text", NS_FORMAT_TEXT, "x.txt", "제목\r\n본문\r\n");
  fault_json_line();
  fault_converters();
}

int main(int argc, char **argv) {
  test_strlist();
  test_posts();
  test_refusals();
  test_bounded_shapes();
  test_other_formats();
  CHECK(argc >= 2, "usage: parse_front_matter DEMO_ARTICLES_DIR CORPUS_DIR");
  if (argc >= 2) {
    test_demo(argv[1]);
    test_out_of_memory(argv[1]);
  }
  const char *corpus =
      ns_corpus_dir_or_fail(argc - 1, argv + 1, "parse_front_matter");
  CHECK(corpus != NULL, "the shared corpus is missing");
  if (corpus) test_sample_md(corpus);
  return ns_check_done("parse_front_matter");
}
