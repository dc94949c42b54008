/*
 * store_deadline.c: a deadline for the reads of one search, so that one
 * costly query cannot hold a connection for seconds while other readers
 * wait. SQLite's progress callback checks the clock while a statement
 * runs in its virtual machine and interrupts it once the deadline has
 * passed; the reads then answer NS_STORE_STOPPED, not an error.
 */
#include "store_int.h"
#include "store_search.h"

#include "newssearch/clock.h"

/* SQLite checks the deadline every this many virtual-machine steps: a few
 * microseconds apart on this machine. */
#define NS_DEADLINE_CHECK_OPS 500

/* SQLite's progress callback: a non-zero return interrupts the statement. */
static int past_deadline(void *arg) {
  ns_store *s = arg;
  if (ns_now_s() * 1e3 <= s->deadline_ms) return 0;
  s->deadline_spent = 1;
  return 1;
}

void ns_store_set_deadline(ns_store *s, double ms) {
  s->deadline_spent = 0;
  if (ms > 0) {
    s->deadline_ms = ns_now_s() * 1e3 + ms;
    sqlite3_progress_handler(s->db, NS_DEADLINE_CHECK_OPS, past_deadline, s);
  } else {
    sqlite3_progress_handler(s->db, 0, NULL, NULL);
  }
}

int ns_store_deadline_passed(const ns_store *s) { return s->deadline_spent; }
