/*
 * options.c: parsing the options several commands share.
 */
#include "options.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *ns_db_path(const char *from_option) {
  if (from_option != NULL) return from_option;
  const char *env = getenv("NEWSSEARCH_DB");
  return env != NULL && env[0] != '\0' ? env : "newssearch.db";
}

int ns_option_value(int argc, char **argv, int *i, const char *name,
                    const char **value) {
  const char *arg = argv[*i];
  size_t n = strlen(name);
  if (strncmp(arg, "--", 2) != 0 || strncmp(arg + 2, name, n) != 0) return 0;
  if (arg[2 + n] == '=') {
    *value = arg + 3 + n;
    return 1;
  }
  if (arg[2 + n] != '\0') return 0;
  if (*i + 1 >= argc) {
    fprintf(stderr, "newssearch: --%s needs a value\n", name);
    return -1;
  }
  *value = argv[++*i];
  return 1;
}

int ns_parse_size(const char *s, size_t *out) {
  char *end;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno != 0 || end == s || s[0] == '-') return -1;
  unsigned long long mult = 1;
  switch (*end) {
  case '\0':
    break;
  case 'k':
  case 'K':
    mult = 1ull << 10;
    end++;
    break;
  case 'm':
  case 'M':
    mult = 1ull << 20;
    end++;
    break;
  case 'g':
  case 'G':
    mult = 1ull << 30;
    end++;
    break;
  default:
    return -1;
  }
  if ((*end == 'b' || *end == 'B') && mult > 1) end++;
  if (*end != '\0' || v == 0 || v > (~0ull) / mult) return -1;
  *out = (size_t)(v * mult);
  return 0;
}

int ns_int_option(const char *cmd, const char *name, const char *v, long lo,
                  long hi, long *out) {
  char *end;
  errno = 0;
  long n = strtol(v, &end, 10);
  if (*v == '\0' || *end != '\0' || errno != 0 || n < lo || n > hi) {
    fprintf(stderr,
            "newssearch %s: --%s must be a number from %ld to %ld, "
            "not '%s'\n",
            cmd, name, lo, hi, v);
    return -1;
  }
  *out = n;
  return 0;
}
