/*
 * check.h: the assertions every C test uses. A failed check prints where and
 * why and makes the test exit 1 at ns_check_done(); tests never stop at the
 * first failure, so one run shows every broken case.
 */
#ifndef NS_TESTS_CHECK_H
#define NS_TESTS_CHECK_H

#include <stdio.h>
#include <string.h>

static int ns_check_failures;
static int ns_check_count;

#define CHECK(cond, ...)                                                       \
  do {                                                                         \
    ns_check_count++;                                                          \
    if (!(cond)) {                                                             \
      ns_check_failures++;                                                     \
      fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond); \
      fprintf(stderr, __VA_ARGS__);                                            \
      fputc('\n', stderr);                                                     \
    }                                                                          \
  } while (0)

#define CHECK_STR(got, want)                                                   \
  CHECK((got) != NULL && strcmp((got), (want)) == 0,                           \
        "got \"%s\", want \"%s\"", (got) ? (got) : "(null)", (want))

#define CHECK_INT(got, want)                                                   \
  CHECK((long long)(got) == (long long)(want), "got %lld, want %lld",          \
        (long long)(got), (long long)(want))

/* Ends a test: prints the tally and returns the process exit status. A test
 * that checked nothing fails, so a test cannot pass by doing nothing. */
static inline int ns_check_done(const char *name) {
  if (ns_check_count == 0) {
    fprintf(stderr, "%s: no checks ran\n", name);
    return 1;
  }
  printf("%s: %d checks, %d failed\n", name, ns_check_count, ns_check_failures);
  return ns_check_failures ? 1 : 0;
}

#endif
