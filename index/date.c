/*
 * date.c: reading the dates news sources write ("2025-03-14",
 * "2025-03-14 09:30:00 +0900", "2025-03-14T00:30:00Z", "2025.03.14", ...)
 * into one UTC form, "YYYY-MM-DDTHH:MM:SSZ", so that dates from front
 * matter, JSON feeds and file names sort and compare as plain strings.
 *
 * The zone arithmetic is done here on day numbers rather than with
 * timegm()/mktime(): those depend on the process's TZ and locale, and a
 * library must not change either.
 */
#include "newssearch/parse.h"

#include <string.h>
#include <time.h>

/* ---- calendar arithmetic ------------------------------------------------ */

/* Years are shifted by this many so that every year the parser can produce
 * (and the one before it, for January and February) is positive, and C's
 * truncating division is floor division. 400 years is one full cycle of the
 * Gregorian calendar, so the shift changes no weekday or leap year. */
#define NS_YEAR_SHIFT 400

static int is_leap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m) {
  static const unsigned char days[12] = {31, 28, 31, 30, 31, 30,
                                         31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Days from 1 March of shifted year 0 to 1 March of shifted year y. Counting
 * years from March puts the leap day at the end of the year, so the months
 * before it never depend on whether the year is a leap year. */
static long long march_years_to_days(long long y) {
  return y * 365 + y / 4 - y / 100 + y / 400;
}

/* Days before month index mi (0 = March ... 11 = February) in a year that
 * starts in March: 0, 31, 61, 92, ... The month lengths from March repeat
 * 31,30,31,30,31 in a five-month pattern of 153 days, hence 153/5. */
static int days_before_month(int mi) { return (153 * mi + 2) / 5; }

/* Day number of y-m-d (a valid date with 0 <= y <= 9999). */
static long long days_from_civil(int y, int m, int d) {
  long long yy = (long long)y + NS_YEAR_SHIFT - (m <= 2);
  int mi = m <= 2 ? m + 9 : m - 3;
  return march_years_to_days(yy) + days_before_month(mi) + d - 1;
}

/* The inverse of days_from_civil(). The year estimate from the mean year
 * length is off by at most one, which the two loops correct. */
static void civil_from_days(long long days, int *y, int *m, int *d) {
  long long yy = days * 400 / 146097;
  while (march_years_to_days(yy + 1) <= days)
    yy++;
  while (march_years_to_days(yy) > days)
    yy--;
  int doy = (int)(days - march_years_to_days(yy));
  int mi = (5 * doy + 2) / 153;
  *d = doy - days_before_month(mi) + 1;
  *m = mi < 10 ? mi + 3 : mi - 9;
  *y = (int)(yy - NS_YEAR_SHIFT + (*m <= 2));
}

/* ---- reading the text ---------------------------------------------------- */

typedef struct ns_date_parts {
  int year, month, day, hour, minute, second;
  int offset_minutes; /* east of UTC */
} ns_date_parts;

/* Reads between min and max ASCII digits at *p into *value. */
static int read_digits(const char **p, int min, int max, int *value) {
  int n = 0, v = 0;
  while (n < max && (*p)[n] >= '0' && (*p)[n] <= '9')
    v = v * 10 + ((*p)[n++] - '0');
  if (n < min) return -1;
  *p += n;
  *value = v;
  return 0;
}

static const char *skip_blanks(const char *p) {
  while (*p == ' ' || *p == '\t')
    p++;
  return p;
}

/* "YYYY-MM-DD", with "/" or "." instead of "-" (one kind per date); month
 * and day may have one digit, as YAML timestamps allow. */
static int read_day(const char **p, ns_date_parts *t) {
  if (read_digits(p, 4, 4, &t->year) != 0) return -1;
  char sep = **p;
  if (sep != '-' && sep != '/' && sep != '.') return -1;
  (*p)++;
  if (read_digits(p, 1, 2, &t->month) != 0 || **p != sep) return -1;
  (*p)++;
  return read_digits(p, 1, 2, &t->day);
}

/* "HH:MM" or "HH:MM:SS" with an optional fraction, which is dropped: the
 * index keeps whole seconds. */
static int read_time(const char **p, ns_date_parts *t) {
  if (read_digits(p, 1, 2, &t->hour) != 0 || **p != ':') return -1;
  (*p)++;
  if (read_digits(p, 2, 2, &t->minute) != 0) return -1;
  if (**p != ':') return 0;
  (*p)++;
  if (read_digits(p, 2, 2, &t->second) != 0) return -1;
  if (**p == '.' || **p == ',') {
    (*p)++;
    if (**p < '0' || **p > '9') return -1;
    while (**p >= '0' && **p <= '9')
      (*p)++;
  }
  return 0;
}

/* "Z", "UTC", "GMT", or a sign and "HH", "HHMM" or "HH:MM". */
static int read_zone(const char **p, ns_date_parts *t) {
  const char *s = *p;
  if (*s == 'Z' || *s == 'z') {
    *p = s + 1;
    return 0;
  }
  if (strncmp(s, "UTC", 3) == 0 || strncmp(s, "GMT", 3) == 0) {
    *p = s + 3;
    return 0;
  }
  if (*s != '+' && *s != '-') return -1;
  int sign = *s++ == '-' ? -1 : 1, hh, mm = 0;
  if (read_digits(&s, 2, 2, &hh) != 0) return -1;
  if (*s == ':') {
    s++;
    if (read_digits(&s, 2, 2, &mm) != 0) return -1;
  } else if (*s >= '0' && *s <= '9') {
    if (read_digits(&s, 2, 2, &mm) != 0) return -1;
  }
  if (hh > 23 || mm > 59) return -1;
  t->offset_minutes = sign * (hh * 60 + mm);
  *p = s;
  return 0;
}

static int parts_valid(const ns_date_parts *t) {
  return t->month >= 1 && t->month <= 12 && t->day >= 1 &&
         t->day <= days_in_month(t->year, t->month) && t->hour < 24 &&
         t->minute < 60 && t->second <= 60;
}

/* Reads the whole of s (blanks around it allowed) into *t. */
static int read_date(const char *s, ns_date_parts *t) {
  memset(t, 0, sizeof *t);
  const char *p = skip_blanks(s);
  if (read_day(&p, t) != 0) return -1;
  int has_t = *p == 'T' || *p == 't';
  if (has_t || *p == ' ' || *p == '\t') {
    const char *after = skip_blanks(has_t ? p + 1 : p);
    if (has_t || *after != '\0') {
      p = after;
      if (read_time(&p, t) != 0) return -1;
      const char *zone = skip_blanks(p);
      if (*zone != '\0') {
        p = zone;
        if (read_zone(&p, t) != 0) return -1;
      }
    }
  }
  p = skip_blanks(p);
  return *p == '\0' && parts_valid(t) ? 0 : -1;
}

/* Writes v (0 <= v < 10^n) as n decimal digits. */
static void put_digits(char *p, int v, int n) {
  for (int i = n - 1; i >= 0; i--, v /= 10)
    p[i] = (char)('0' + v % 10);
}

/* Writes *t moved to UTC. A leap second (:60) becomes the first second of
 * the next minute, which keeps the output a valid time. Fails when the move
 * leaves the years 0000-9999. */
static int format_utc(const ns_date_parts *t, char out[NS_DATE_LEN]) {
  long long secs = days_from_civil(t->year, t->month, t->day) * 86400 +
                   t->hour * 3600 + t->minute * 60 + t->second -
                   t->offset_minutes * 60LL;
  int y, m, d;
  civil_from_days(secs / 86400, &y, &m, &d);
  if (y < 0 || y > 9999) return -1;
  int s = (int)(secs % 86400);
  memcpy(out, "0000-00-00T00:00:00Z", NS_DATE_LEN);
  put_digits(out, y, 4);
  put_digits(out + 5, m, 2);
  put_digits(out + 8, d, 2);
  put_digits(out + 11, s / 3600, 2);
  put_digits(out + 14, s / 60 % 60, 2);
  put_digits(out + 17, s % 60, 2);
  return 0;
}

/* ---- public -------------------------------------------------------------- */

int ns_date_normalize(const char *s, char out[NS_DATE_LEN]) {
  ns_date_parts t;
  out[0] = '\0';
  if (s == NULL || read_date(s, &t) != 0 || format_utc(&t, out) != 0) {
    out[0] = '\0';
    return -1;
  }
  return 0;
}

/* Jekyll names posts "YYYY-MM-DD-title.md"; only that exact prefix (two
 * digits for month and day, a "-" after) counts, so "2024-report.md" or
 * "20240115.md" give no date. */
int ns_date_from_file_name(const char *file_name, char out[NS_DATE_LEN]) {
  out[0] = '\0';
  if (file_name == NULL) return -1;
  const char *base = file_name;
  for (const char *p = file_name; *p; p++)
    if (*p == '/' || *p == '\\') base = p + 1;
  ns_date_parts t = {0};
  const char *p = base;
  if (read_digits(&p, 4, 4, &t.year) != 0 || *p++ != '-' ||
      read_digits(&p, 2, 2, &t.month) != 0 || *p++ != '-' ||
      read_digits(&p, 2, 2, &t.day) != 0 || *p != '-' || !parts_valid(&t))
    return -1;
  return format_utc(&t, out);
}

void ns_date_now(char out[NS_DATE_LEN]) {
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(out, NS_DATE_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
