/*
 * fail_alloc.h: out-of-memory injection for tests, as SQLite's own fault
 * tests do: a test program linked with -Wl,--wrap=malloc,--wrap=realloc
 * (ns_fault_test() in tests/CMakeLists.txt) makes the Nth allocation fail.
 */
#ifndef NS_TESTS_SUPPORT_FAIL_ALLOC_H
#define NS_TESTS_SUPPORT_FAIL_ALLOC_H

/* After n more allocations succeed, the next one fails (once), and the hit
 * flag is cleared; -1 turns failures off and keeps the flag. */
void ns_fail_alloc_after(long n);

/* True when a failure was injected since the last ns_fail_alloc_after(). */
int ns_fail_alloc_hit(void);

#endif
