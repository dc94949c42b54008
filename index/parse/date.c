/*
 * date.c: reading the dates news sources write ("2025-03-14",
 * "2025-03-14 09:30:00 +0900", "2025-03-14T00:30:00Z", "2025.03.14",
 * "2025년 3월 14일 오후 3:20", "Fri, 14 Mar 2025 09:30:00 KST", seconds since
 * 1970, ...) into one UTC form, "YYYY-MM-DDTHH:MM:SSZ", so that dates from
 * front matter, JSON feeds and file names sort and compare as plain strings.
 *
 * The zone arithmetic is done here on day numbers rather than with
 * mktime(), which reads the process's TZ (and a library must not change
 * it), or timegm(), which is neither ISO C nor POSIX.
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

static int is_ascii_letter(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* Skips the bytes of word at *p; returns 1 when they were there. */
static int skip_word(const char **p, const char *word) {
  size_t n = strlen(word);
  if (strncmp(*p, word, n) != 0) return 0;
  *p += n;
  return 1;
}

/* "YYYY-MM-DD", with "/" or "." instead of "-" (one kind per date); month
 * and day may have one digit, as YAML timestamps allow. Also "YYYYMMDD". */
static int read_iso_day(const char **p, ns_date_parts *t) {
  const char *s = *p;
  int ymd;
  if (read_digits(&s, 8, 8, &ymd) == 0) {
    t->year = ymd / 10000;
    t->month = ymd / 100 % 100;
    t->day = ymd % 100;
    *p = s;
    return 0;
  }
  if (read_digits(&s, 4, 4, &t->year) != 0) return -1;
  char sep = *s;
  if (sep != '-' && sep != '/' && sep != '.') return -1;
  s++;
  if (read_digits(&s, 1, 2, &t->month) != 0 || *s != sep) return -1;
  s++;
  if (read_digits(&s, 1, 2, &t->day) != 0) return -1;
  *p = s;
  return 0;
}

/* "2025년 3월 14일", as Korean pages print dates, with an optional weekday
 * in brackets after it ("(금)"). */
static int read_korean_day(const char **p, ns_date_parts *t) {
  const char *s = *p;
  if (read_digits(&s, 4, 4, &t->year) != 0 || !skip_word(&s, "년")) return -1;
  s = skip_blanks(s);
  if (read_digits(&s, 1, 2, &t->month) != 0 || !skip_word(&s, "월")) return -1;
  s = skip_blanks(s);
  if (read_digits(&s, 1, 2, &t->day) != 0 || !skip_word(&s, "일")) return -1;
  const char *w = skip_blanks(s);
  if (*w == '(') {
    const char *close = strchr(w, ')');
    if (close == NULL || close - w > 16) return -1;
    s = close + 1;
  }
  *p = s;
  return 0;
}

/* A month's English name or its first three letters, in any case. */
static int read_month_name(const char **p, int *month) {
  static const char *const names[12] = {
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  char low[10];
  int n = 0;
  const char *s = *p;
  while (n < (int)sizeof low && is_ascii_letter(s[n])) {
    low[n] = (char)(s[n] | 0x20);
    n++;
  }
  for (int m = 0; m < 12; m++)
    if ((n == 3 || n == (int)strlen(names[m])) &&
        memcmp(low, names[m], (size_t)n) == 0) {
      *p = s + n;
      *month = m + 1;
      return 0;
    }
  return -1;
}

/* "Fri, 14 Mar 2025" or "14 Mar 2025": the dates of RSS feeds and e-mail
 * (RFC 2822), which exports from them carry. */
static int read_rfc2822_day(const char **p, ns_date_parts *t) {
  const char *s = *p;
  const char *comma = s;
  while (is_ascii_letter(*comma))
    comma++;
  if (comma > s && *comma == ',') s = skip_blanks(comma + 1);
  if (read_digits(&s, 1, 2, &t->day) != 0 || (*s != ' ' && *s != '\t'))
    return -1;
  s = skip_blanks(s);
  if (read_month_name(&s, &t->month) != 0 || (*s != ' ' && *s != '\t'))
    return -1;
  s = skip_blanks(s);
  if (read_digits(&s, 4, 4, &t->year) != 0) return -1;
  *p = s;
  return 0;
}

/* "HH:MM" or "HH:MM:SS" with an optional fraction, which is dropped: the
 * index keeps whole seconds. Also Korean "9시", "9시 30분", "9시 30분 5초". */
static int read_time(const char **p, ns_date_parts *t) {
  if (read_digits(p, 1, 2, &t->hour) != 0) return -1;
  if (skip_word(p, "시")) {
    const char *s = skip_blanks(*p);
    if (read_digits(&s, 1, 2, &t->minute) != 0 || !skip_word(&s, "분"))
      return 0;
    *p = s;
    s = skip_blanks(s);
    int second;
    if (read_digits(&s, 1, 2, &second) == 0 && skip_word(&s, "초")) {
      t->second = second;
      *p = s;
    }
    return 0;
  }
  if (**p != ':') return -1;
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

/* A time after "오전" (a.m.) or "오후" (p.m.): 12-hour clock, 1 to 12. */
static int read_korean_half_day_time(const char **p, ns_date_parts *t) {
  int pm;
  if (skip_word(p, "오전"))
    pm = 0;
  else if (skip_word(p, "오후"))
    pm = 1;
  else
    return read_time(p, t);
  *p = skip_blanks(*p);
  if (read_time(p, t) != 0 || t->hour < 1 || t->hour > 12) return -1;
  t->hour = t->hour % 12 + (pm ? 12 : 0);
  return 0;
}

/* A sign and "HH", "HHMM" or "HH:MM"; after "UTC" or "GMT" the hours may
 * have one digit ("UTC+9"). */
static int read_offset(const char **p, int one_digit_hours, ns_date_parts *t) {
  const char *s = *p;
  if (*s != '+' && *s != '-') return -1;
  int sign = *s++ == '-' ? -1 : 1, hh, mm = 0;
  if (read_digits(&s, one_digit_hours ? 1 : 2, 2, &hh) != 0) return -1;
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

/* "Z"; "UTC", "GMT" or "UT", each with an optional offset; "KST" (Korea,
 * +09:00, no daylight saving time); or an offset alone. */
static int read_zone(const char **p, ns_date_parts *t) {
  const char *s = *p;
  if (*s == 'Z' || *s == 'z') {
    *p = s + 1;
    return 0;
  }
  if (skip_word(&s, "KST")) {
    t->offset_minutes = 9 * 60;
    *p = s;
    return 0;
  }
  if (skip_word(&s, "UTC") || skip_word(&s, "GMT") || skip_word(&s, "UT")) {
    *p = s;
    if (*s == '+' || *s == '-') return read_offset(p, 1, t);
    return 0;
  }
  return read_offset(p, 0, t);
}

static int parts_valid(const ns_date_parts *t) {
  return t->month >= 1 && t->month <= 12 && t->day >= 1 &&
         t->day <= days_in_month(t->year, t->month) && t->hour < 24 &&
         t->minute < 60 && t->second <= 60;
}

/* Seconds (10 digits) or milliseconds (13 digits) since 1970 in UTC, as
 * JSON exports write dates as numbers: 1741912200 is 2025-03-14 00:30 UTC. */
static int read_epoch(const char *p, ns_date_parts *t) {
  size_t n = strspn(p, "0123456789");
  if ((n != 10 && n != 13) || *skip_blanks(p + n) != '\0') return -1;
  long long v = 0;
  for (size_t i = 0; i < 10; i++)
    v = v * 10 + (p[i] - '0');
  civil_from_days(v / 86400 + days_from_civil(1970, 1, 1), &t->year, &t->month,
                  &t->day);
  t->hour = (int)(v % 86400 / 3600);
  t->minute = (int)(v % 3600 / 60);
  t->second = (int)(v % 60);
  return 0;
}

/* Reads the whole of s (blanks around it allowed) into *t: a day in one of
 * the forms above, then optionally a time ("T" or blanks before it; a zone
 * only after a time); or a count of seconds since 1970. */
static int read_date(const char *s, ns_date_parts *t) {
  memset(t, 0, sizeof *t);
  const char *p = skip_blanks(s);
  if (read_epoch(p, t) == 0) return 0;
  if (read_iso_day(&p, t) != 0 && read_korean_day(&p, t) != 0 &&
      read_rfc2822_day(&p, t) != 0)
    return -1;
  int has_t = *p == 'T' || *p == 't';
  if (has_t || *p == ' ' || *p == '\t') {
    const char *after = skip_blanks(has_t ? p + 1 : p);
    if (has_t || *after != '\0') {
      p = after;
      if (read_korean_half_day_time(&p, t) != 0) return -1;
      const char *zone = skip_blanks(p);
      int bracketed = *zone == '('; /* "09:30 (KST)" */
      zone += bracketed;
      if (*zone != '\0') {
        p = zone;
        if (read_zone(&p, t) != 0) return -1;
        if (bracketed && *p++ != ')') return -1;
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
