/*
 * server_log.c: what the server has to say, said without ever waiting.
 *
 * libmicrohttpd writes a line for every client that hangs up or is cut in
 * the middle of a request, so a crowd of slow clients is also a crowd of
 * log lines. Written with fprintf, they stop the server the moment nobody
 * reads its standard error: a pipe holds 64 KB, the next write blocks, and
 * with it the thread that serves every connection (seen in CI, where a
 * test's pipe filled under 1,100 cut connections). Here a line is written
 * only when it can be written at once, and libmicrohttpd's at most
 * NS_LOG_LINES_PER_MINUTE a minute; the rest are counted, said in one line
 * when the minute is over, and shown in /metrics.
 *
 * Writing at once: a pipe or FIFO is opened a second time through
 * /proc/self/fd/2 with O_NONBLOCK (a file description of our own, so the
 * flag does not reach the terminal or pipe of whoever shares it); a socket
 * (journald's stream) is sent to with MSG_DONTWAIT; a file or terminal is
 * written as it is.
 */
#include "server_int.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#define NS_LOG_LINES_PER_MINUTE 20

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static enum { PLAIN, PIPE_FD, SOCKET_FD } kind;
static int out_fd = STDERR_FILENO;
static double window_start;
static unsigned in_window;
static unsigned long held_back; /* in this minute, past the rate */
static unsigned long left_out;  /* in all: past the rate or not writable */

void ns_log_open(void) {
  struct stat st;
  pthread_mutex_lock(&lock);
  if (kind == PIPE_FD) close(out_fd);
  kind = PLAIN;
  out_fd = STDERR_FILENO;
  if (fstat(STDERR_FILENO, &st) == 0) {
    if (S_ISFIFO(st.st_mode)) {
      int fd = open("/proc/self/fd/2", O_WRONLY | O_NONBLOCK | O_CLOEXEC);
      if (fd >= 0) {
        kind = PIPE_FD;
        out_fd = fd;
      }
    } else if (S_ISSOCK(st.st_mode)) {
      kind = SOCKET_FD;
    }
  }
  window_start = ns_now_s();
  in_window = 0;
  held_back = 0;
  pthread_mutex_unlock(&lock);
}

static void count_left_out(void) {
  __atomic_add_fetch(&left_out, 1, __ATOMIC_RELAXED);
}

/* Writes s whole or not at all when that would wait; 1 when written. The
 * lock is held. */
static int put(const char *s, size_t n) {
  ssize_t w;
  do {
    w = kind == SOCKET_FD ? send(out_fd, s, n, MSG_DONTWAIT | MSG_NOSIGNAL)
                          : write(out_fd, s, n);
  } while (w < 0 && errno == EINTR);
  return w == (ssize_t)n;
}

/* Says how many lines the last minute held back (the lock is held). */
static void say_held_back(void) {
  if (held_back == 0) return;
  char line[160];
  int n = snprintf(line, sizeof line,
                   "newssearch: %lu more messages left out in the last "
                   "minute (clients that hung up or were cut; see "
                   "/metrics)\n",
                   held_back);
  held_back = 0;
  if (!put(line, (size_t)n)) count_left_out();
}

/* One line; rated lines (libmicrohttpd's) count against the rate. */
static void log_line(int rated, const char *fmt, va_list ap) {
  char line[512];
  int n = vsnprintf(line, sizeof line - 1, fmt, ap);
  if (n < 0) return;
  size_t len = (size_t)n < sizeof line - 1 ? (size_t)n : sizeof line - 2;
  if (len == 0 || line[len - 1] != '\n') line[len++] = '\n';
  pthread_mutex_lock(&lock);
  double now = ns_now_s();
  if (now - window_start >= 60.0) {
    say_held_back();
    window_start = now;
    in_window = 0;
  }
  if (rated && in_window >= NS_LOG_LINES_PER_MINUTE) {
    held_back++;
    count_left_out();
  } else {
    in_window += rated;
    if (!put(line, len)) count_left_out();
  }
  pthread_mutex_unlock(&lock);
}

void ns_log(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  log_line(0, fmt, ap);
  va_end(ap);
}

void ns_log_mhd(void *cls, const char *fmt, va_list ap) {
  (void)cls;
  log_line(1, fmt, ap);
}

void ns_log_close(void) {
  pthread_mutex_lock(&lock);
  say_held_back();
  if (kind == PIPE_FD) close(out_fd);
  kind = PLAIN;
  out_fd = STDERR_FILENO;
  pthread_mutex_unlock(&lock);
}

unsigned long ns_log_left_out(void) {
  return __atomic_load_n(&left_out, __ATOMIC_RELAXED);
}
