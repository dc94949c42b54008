/*
 * test_parse_date.c: ns_date_normalize() and ns_date_from_file_name(): every
 * date form the sources use, zones moved to UTC across day, month, year and
 * leap-day boundaries, and the inputs that are not dates.
 */
#include "check.h"

#include "newssearch/parse.h"

#include <stdio.h>

typedef struct date_case {
  const char *in;
  const char *want; /* NULL: not a date */
} date_case;

static const date_case kCases[] = {
    /* the forms */
    {"2025-03-14", "2025-03-14T00:00:00Z"},
    {"2025-03-14 09:30", "2025-03-14T09:30:00Z"},
    {"2025-03-14 09:30:00", "2025-03-14T09:30:00Z"},
    {"2025-03-14 09:30:00 +0900", "2025-03-14T00:30:00Z"},
    {"2025-03-14T09:30:00Z", "2025-03-14T09:30:00Z"},
    {"2025-03-14t09:30:00z", "2025-03-14T09:30:00Z"},
    {"2025-03-14T09:30:00+09:00", "2025-03-14T00:30:00Z"},
    {"2025-03-14T09:30:00.123456+09:00", "2025-03-14T00:30:00Z"},
    {"2025-03-14T09:30+09:00", "2025-03-14T00:30:00Z"},
    {"2025-03-14 09:30:00 +09", "2025-03-14T00:30:00Z"},
    {"2025-03-14 09:30:00+0530", "2025-03-14T04:00:00Z"},
    {"2025-03-14 09:30:00 UTC", "2025-03-14T09:30:00Z"},
    {"2025-03-14 09:30:00 GMT", "2025-03-14T09:30:00Z"},
    {"2025-03-14T02:00:00-05:00", "2025-03-14T07:00:00Z"},
    {"2025/03/14", "2025-03-14T00:00:00Z"},
    {"2025.03.14", "2025-03-14T00:00:00Z"},
    {"2025.03.14 18:30", "2025-03-14T18:30:00Z"},
    {"2022.6.29", "2022-06-29T00:00:00Z"},
    {"2025-3-4 9:05", "2025-03-04T09:05:00Z"},
    {"  2025-03-14 \t", "2025-03-14T00:00:00Z"},
    /* zone names: Korea's, and UTC with an offset */
    {"2025-03-14 09:30:00 KST", "2025-03-14T00:30:00Z"},
    {"2025-03-14 09:30 (KST)", "2025-03-14T00:30:00Z"},
    {"2025-03-14T09:30:00KST", "2025-03-14T00:30:00Z"},
    {"2025-03-14 09:30 UTC+9", "2025-03-14T00:30:00Z"},
    {"2025-03-14 09:30 GMT+09:00", "2025-03-14T00:30:00Z"},
    {"2025-03-14 09:30 UT", "2025-03-14T09:30:00Z"},
    /* the Korean form, with a weekday, a.m. and p.m., 시 and 분 */
    {"2025년 3월 14일", "2025-03-14T00:00:00Z"},
    {"2025년 03월 14일 (금)", "2025-03-14T00:00:00Z"},
    {"2025년3월14일 09:30", "2025-03-14T09:30:00Z"},
    {"2025년 3월 14일 오후 3:20", "2025-03-14T15:20:00Z"},
    {"2025년 3월 14일 (금) 오후 3:20 KST", "2025-03-14T06:20:00Z"},
    {"2025년 3월 14일 오전 12:05", "2025-03-14T00:05:00Z"},
    {"2025년 3월 14일 오후 12:05", "2025-03-14T12:05:00Z"},
    {"2025년 3월 14일 9시 30분", "2025-03-14T09:30:00Z"},
    {"2025년 3월 14일 오후 9시", "2025-03-14T21:00:00Z"},
    {"2025년 3월 14일 21시 5분 7초", "2025-03-14T21:05:07Z"},
    {"2025년 3월 14일 9시 30분 (KST)", "2025-03-14T00:30:00Z"},
    {"2025.03.14 오후 6:30", "2025-03-14T18:30:00Z"},
    /* RSS and e-mail (RFC 2822) */
    {"Fri, 14 Mar 2025 09:30:00 +0900", "2025-03-14T00:30:00Z"},
    {"Fri, 14 Mar 2025 09:30:00 GMT", "2025-03-14T09:30:00Z"},
    {"14 Mar 2025 09:30 +0900", "2025-03-14T00:30:00Z"},
    {"friday, 4 march 2025", "2025-03-04T00:00:00Z"},
    {"Sat, 01 Mar 2025 08:00:00 KST", "2025-02-28T23:00:00Z"},
    /* seconds and milliseconds since 1970 */
    {"1741912200", "2025-03-14T00:30:00Z"},
    {"1741912200999", "2025-03-14T00:30:00Z"},
    {"0000000000", "1970-01-01T00:00:00Z"},
    {"174191220", NULL},
    {"17419122001", NULL},
    /* compact */
    {"20250314", "2025-03-14T00:00:00Z"},
    {"20250314 09:30 +0900", "2025-03-14T00:30:00Z"},
    /* what the demo articles hold */
    {"2024-02-20 14:10:00 +0900", "2024-02-20T05:10:00Z"},
    {"2025-03-14 18:30:00 +0900", "2025-03-14T09:30:00Z"},
    {"2025-06-02T08:00:00+09:00", "2025-06-01T23:00:00Z"},
    {"2024-01-15", "2024-01-15T00:00:00Z"},
    /* zones move the day, the month, the year */
    {"2025-01-01 08:00:00 +0900", "2024-12-31T23:00:00Z"},
    {"2024-12-31T20:00:00-05:00", "2025-01-01T01:00:00Z"},
    {"2024-03-01T05:00:00+09:00", "2024-02-29T20:00:00Z"},
    {"2023-03-01T05:00:00+09:00", "2023-02-28T20:00:00Z"},
    {"2100-03-01 00:00 +0100", "2100-02-28T23:00:00Z"},
    {"2000-03-01 00:00 +0100", "2000-02-29T23:00:00Z"},
    {"2024-04-30T23:30:00-01:00", "2024-05-01T00:30:00Z"},
    {"2024-06-30T23:59:60Z", "2024-07-01T00:00:00Z"}, /* leap second */
    /* valid and invalid days */
    {"2024-02-29", "2024-02-29T00:00:00Z"},
    {"2000-02-29", "2000-02-29T00:00:00Z"},
    {"2023-02-29", NULL},
    {"2100-02-29", NULL},
    {"2025-04-31", NULL},
    {"2025-13-01", NULL},
    {"2025-00-10", NULL},
    {"2025-01-00", NULL},
    {"2025-03-14 24:00", NULL},
    {"2025-03-14 12:60", NULL},
    {"2025-03-14 12:00:61", NULL},
    {"2025-03-14 09:30:00 +2400", NULL},
    {"2025-03-14 09:30:00 +09:60", NULL},
    /* not dates, or dates with something after them */
    {"", NULL},
    {"yesterday", NULL},
    {"2025", NULL},
    {"25-03-14", NULL},
    {"2025-03/14", NULL},
    {"2025-03-14x", NULL},
    {"2025-03-14T", NULL},
    {"2025-03-14 +0900", NULL},
    {"2025-03-14 09:30 tomorrow", NULL},
    {"2025-03-14 09", NULL},
    {"2025-03-14 09:3", NULL},
    {"2025-03-14 09:30:00.", NULL},
    {"2025-03-14 09:30:00 +09:0", NULL},
    {"2025-03-14 09:30:00 +9", NULL},
    {"2025-03-14 09:30:00 KTS", NULL},
    {"2025-03-14 09:30:00 (KST", NULL},
    {"2025-03-14 KST", NULL},
    {"2025-03-14 09:30 UTC+24", NULL},
    {"2025년 3월", NULL},
    {"2025년 3월 14", NULL},
    {"2025년 3월 14일 오후 13:00", NULL},
    {"2025년 3월 14일 오전 0:30", NULL},
    {"2025년 3월 14일 9시 30", NULL},
    {"2025년 3월 14일 (금", NULL},
    {"14 Mars 2025", NULL},
    {"14 Max 2025", NULL},
    {"Fri 14 Mar 2025", NULL},
    {"14 Mar 25", NULL},
    {"2025031", NULL},
    {"202503141", NULL},
    {"20251314", NULL},
    /* the zone would leave the years 0000-9999 */
    {"0000-01-01T00:00:00+01:00", NULL},
    {"9999-12-31T23:00:00-02:00", NULL},
    {"0000-01-01T01:00:00+01:00", "0000-01-01T00:00:00Z"},
};

static void test_normalize(void) {
  for (size_t i = 0; i < sizeof kCases / sizeof kCases[0]; i++) {
    char out[NS_DATE_LEN] = "junk";
    int rc = ns_date_normalize(kCases[i].in, out);
    if (kCases[i].want) {
      CHECK(rc == 0, "\"%s\" should be a date", kCases[i].in);
      CHECK(strcmp(out, kCases[i].want) == 0, "\"%s\": got \"%s\", want \"%s\"",
            kCases[i].in, out, kCases[i].want);
    } else {
      CHECK(rc == -1, "\"%s\" should not be a date (got \"%s\")", kCases[i].in,
            out);
      CHECK(out[0] == '\0', "\"%s\": out should be \"\", is \"%s\"",
            kCases[i].in, out);
    }
  }
  char out[NS_DATE_LEN] = "junk";
  const char *got = out;
  CHECK_INT(ns_date_normalize(NULL, out), -1);
  CHECK_STR(got, "");
}

static int is_leap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Every day from 1899 to 2101 at 00:30 in UTC+1 must come out as 23:30 of
 * the day before, which this test works out by stepping back one day: an
 * independent check of the day arithmetic across every month end. */
static void test_every_day(void) {
  int bad = 0, n = 0;
  int py = 1898, pm = 12, pd = 31;
  for (int y = 1899; y <= 2101; y++) {
    for (int m = 1; m <= 12; m++) {
      for (int d = 1; d <= month_days(y, m); d++) {
        char in[64], want[64], out[NS_DATE_LEN];
        snprintf(in, sizeof in, "%04d-%02d-%02dT00:30:00+01:00", y, m, d);
        snprintf(want, sizeof want, "%04d-%02d-%02dT23:30:00Z", py, pm, pd);
        if (ns_date_normalize(in, out) != 0 || strcmp(out, want) != 0) {
          if (bad++ < 5)
            fprintf(stderr, "%s: got %s, want %s\n", in, out, want);
        }
        n++;
        py = y, pm = m, pd = d;
      }
    }
  }
  CHECK(bad == 0, "%d of %d days wrong", bad, n);
  CHECK_INT(n, 74144); /* 203 years, 49 of them leap years */
}

typedef struct name_case {
  const char *name;
  const char *want;
} name_case;

static const name_case kNames[] = {
    {"2024-01-15-cold-wave-snow.md", "2024-01-15T00:00:00Z"},
    {"demo/articles/2025-04-07-script-tag-controversy.md",
     "2025-04-07T00:00:00Z"},
    {"2024-02-29-leap.md", "2024-02-29T00:00:00Z"},
    {"2023-02-29-no-such-day.md", NULL},
    {"2024-13-01-x.md", NULL},
    {"2024-1-15-x.md", NULL},
    {"20240115-x.md", NULL},
    {"2024-01-15.md", NULL},
    {"notes/2024/readme.md", NULL},
    {"2024-01-15-dir/page.md", NULL},
    {"press-release.html", NULL},
    {"", NULL},
};

static void test_file_names(void) {
  for (size_t i = 0; i < sizeof kNames / sizeof kNames[0]; i++) {
    char out[NS_DATE_LEN] = "junk";
    const char *got = out;
    int rc = ns_date_from_file_name(kNames[i].name, out);
    CHECK_INT(rc, kNames[i].want ? 0 : -1);
    CHECK_STR(got, kNames[i].want ? kNames[i].want : "");
  }
  char out[NS_DATE_LEN] = "junk";
  const char *got = out;
  CHECK_INT(ns_date_from_file_name(NULL, out), -1);
  CHECK_STR(got, "");
}

int main(void) {
  test_normalize();
  test_every_day();
  test_file_names();
  return ns_check_done("parse_date");
}
