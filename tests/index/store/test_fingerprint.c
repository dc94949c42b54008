/*
 * test_fingerprint.c: the bigram sets and banded MinHash of
 * index/store/fingerprint.c. Jaccard similarity is exact (spaces left out,
 * repeats counted once, invalid UTF-8 byte by byte); the same text gives
 * the same fingerprint whatever its spacing; a copy with a changed byline
 * shares most bands, another text on the same subject shares none; a text
 * of one bigram, an empty one and one of spaces only are handled.
 */
#include "check.h"
#include "fingerprint.h"

#include <stdlib.h>
#include <string.h>

static double jaccard(const char *a, const char *b) {
  ns_shingles x, y;
  CHECK(ns_shingles_make(a, strlen(a), &x) == 0, "%s", a);
  CHECK(ns_shingles_make(b, strlen(b), &y) == 0, "%s", b);
  double j = ns_shingles_jaccard(&x, &y);
  ns_shingles_clear(&x);
  ns_shingles_clear(&y);
  return j;
}

static void fingerprint(const char *text, unsigned char fp[NS_FP_BYTES]) {
  ns_shingles sh;
  CHECK(ns_shingles_make(text, strlen(text), &sh) == 0, "%s", text);
  ns_fingerprint_make(&sh, fp);
  ns_shingles_clear(&sh);
}

static int shared_bands(const char *a, const char *b) {
  unsigned char x[NS_FP_BYTES], y[NS_FP_BYTES];
  fingerprint(a, x);
  fingerprint(b, y);
  int n = 0;
  for (int k = 0; k < NS_FP_BANDS; k++)
    n += ns_fingerprint_band(x, k) == ns_fingerprint_band(y, k);
  return n;
}

static const char story[] =
    "시내버스 노선 개편안이 확정됐다. 시는 다음 달 1일부터 간선 노선 열두 개를 "
    "줄이고 지선 노선 여덟 개를 새로 만든다고 밝혔다. 출퇴근 시간대 배차 "
    "간격은 평균 4분 줄어든다. 시민 설명회는 이번 주 금요일 시청 대강당에서 "
    "열린다. 교통국장은 환승 할인을 유지해 요금 부담은 늘지 않는다고 말했다.";

int main(void) {
  /* 가나다 has 가나 나다; 가나라 has 가나 나라: one of three */
  CHECK(jaccard("가나다", "가나라") > 0.333 &&
            jaccard("가나다", "가나라") < 0.334,
        "%f", jaccard("가나다", "가나라"));
  CHECK(jaccard("가나 다", "가나다") == 1.0, "spaces are taken out");
  CHECK(jaccard("가나가나가나", "가나가") == 1.0, "repeats count once");
  CHECK(jaccard("", "") == 0.0, "two empty texts");
  CHECK(jaccard("a\xff"
                "b",
                "a\xff"
                "b") == 1.0,
        "invalid UTF-8");
  CHECK(jaccard("a\xff"
                "b",
                "ab") == 0.0,
        "a stray byte is a character");

  char spaced[sizeof story * 2];
  size_t n = 0;
  for (const char *p = story; *p; p++) {
    spaced[n++] = *p;
    if (*p == ' ') spaced[n++] = ' ';
  }
  spaced[n] = '\0';
  CHECK(shared_bands(story, spaced) == NS_FP_BANDS, "spacing changes nothing");

  char byline[sizeof story + 64];
  snprintf(byline, sizeof byline, "(한빛통신) 이도현 기자 = %s", story);
  double j = jaccard(story, byline);
  CHECK(j > 0.85, "a byline added: %f", j);
  CHECK(shared_bands(story, byline) >= 4, "a byline added: %d bands",
        shared_bands(story, byline));
  const char *other = "광역철도 노선이 두 정거장 늘어난다. 공사는 내년 봄 "
                      "시작되며 개통은 2028년으로 잡혔다.";
  CHECK(jaccard(story, other) < 0.2, "%f", jaccard(story, other));
  CHECK(shared_bands(story, other) == 0, "another story: %d bands",
        shared_bands(story, other));

  /* one bigram: every bin borrows from the one that is full */
  unsigned char a[NS_FP_BYTES], b[NS_FP_BYTES];
  fingerprint("가나", a);
  fingerprint("가나", b);
  CHECK(memcmp(a, b, NS_FP_BYTES) == 0, "one bigram, the same fingerprint");
  ns_shingles spaces;
  CHECK(ns_shingles_make("  \t ", 4, &spaces) == 0 && spaces.n == 0 &&
            spaces.v == NULL,
        "spaces only: no bigram and nothing held");
  ns_shingles none;
  CHECK(ns_shingles_make("", 0, &none) == 0 && none.n == 0, "empty text");
  ns_fingerprint_make(&none, a); /* no bigram: zeros, no endless search */
  CHECK(ns_fingerprint_band(a, 0) == 0, "no bigram");
  ns_shingles_clear(&none);
  return ns_check_done("fingerprint");
}
