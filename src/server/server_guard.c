/*
 * server_guard.c: connections that cannot tie the server up.
 *
 * libmicrohttpd's timeout is an idle one: every byte a client sends starts
 * it again, so a client trickling one byte a second keeps its connection
 * for hours, and a crowd of them fills every slot. Here each connection has
 * a record from its first moment to its last: its client's address, its
 * socket, and when its current request began (the connection's start, or
 * the end of the previous answer on a kept-alive connection). A watchdog
 * cuts every connection whose request is not whole NS_REQUEST_DEADLINE_S
 * after it began, whatever it trickled meanwhile.
 *
 * Connections are capped per client address and in all, and a new
 * connection over a cap is not refused: it takes the place of the oldest
 * connection that is still waiting for its request (the slowest client),
 * so that a fresh request such as /healthz is answered however many slow
 * ones hold connections. A connection whose request is being answered is
 * never cut.
 *
 * Cutting is shutdown(2) on the socket: libmicrohttpd then sees the end of
 * the connection on its own thread and closes it as a client's hang-up.
 * libmicrohttpd closes the descriptor only after it told us the connection
 * ended (MHD_CONNECTION_NOTIFY_CLOSED, which takes the same lock), so a
 * descriptor is never shut down after it was reused.
 */
#include "server_int.h"

#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

typedef struct guard_conn {
  struct guard_conn *prev, *next;
  int fd;
  unsigned char addr[16]; /* the client's address, IPv4 mapped into IPv6 */
  double since;           /* when its current request began */
  int answering;          /* the handler has the request */
  int cut;                /* shut down: on its way out */
  int listed;             /* in the list (its socket was known) */
} guard_conn;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t tick = PTHREAD_COND_INITIALIZER;
static guard_conn *head;
static unsigned n_conns;
static unsigned per_address_cap, total_cap;
static pthread_t watchdog;
static int running, stopping;
static unsigned long cut_slow, cut_crowded; /* for the metrics */

static void address_key(const struct sockaddr *sa, unsigned char key[16]) {
  memset(key, 0, 16);
  if (sa != NULL && sa->sa_family == AF_INET6) {
    memcpy(key, &((const struct sockaddr_in6 *)sa)->sin6_addr, 16);
  } else if (sa != NULL && sa->sa_family == AF_INET) {
    key[10] = key[11] = 0xFF;
    memcpy(key + 12, &((const struct sockaddr_in *)sa)->sin_addr, 4);
  }
}

/* Cuts g (the lock held). */
static void cut(guard_conn *g) {
  shutdown(g->fd, SHUT_RDWR);
  g->cut = 1;
}

/* The oldest connection still waiting for its request, among those of
 * address addr (or all, with addr NULL), other than except; NULL when every
 * one is being answered. The lock is held. */
static guard_conn *slowest(const unsigned char *addr,
                           const guard_conn *except) {
  guard_conn *best = NULL;
  for (guard_conn *g = head; g != NULL; g = g->next)
    if (g != except && !g->answering && !g->cut &&
        (addr == NULL || memcmp(g->addr, addr, 16) == 0) &&
        (best == NULL || g->since < best->since))
      best = g;
  return best;
}

/* Connections from addr that are not on their way out. */
static unsigned count_from(const unsigned char *addr) {
  unsigned n = 0;
  for (guard_conn *g = head; g != NULL; g = g->next)
    n += !g->cut && memcmp(g->addr, addr, 16) == 0;
  return n;
}

/* A new connection g is in: over a cap, the slowest waiting one goes. */
static void make_room(guard_conn *g) {
  guard_conn *victim = NULL;
  if (per_address_cap > 0 && count_from(g->addr) > per_address_cap)
    victim = slowest(g->addr, g);
  else if (total_cap > 0 && n_conns > total_cap)
    victim = slowest(NULL, g);
  if (victim != NULL) {
    cut(victim);
    cut_crowded++;
  }
}

static guard_conn *record_of(struct MHD_Connection *c) {
  const union MHD_ConnectionInfo *info =
      MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
  return info ? info->socket_context : NULL;
}

void ns_guard_notify(void *cls, struct MHD_Connection *c, void **socket_ctx,
                     enum MHD_ConnectionNotificationCode what) {
  (void)cls;
  if (what == MHD_CONNECTION_NOTIFY_STARTED) {
    const union MHD_ConnectionInfo *fd =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
    const union MHD_ConnectionInfo *addr =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    guard_conn *g = calloc(1, sizeof *g);
    *socket_ctx = g;
    if (g == NULL || fd == NULL)
      return; /* unguarded: libmicrohttpd's own
                 timeout still applies */
    g->fd = fd->connect_fd;
    address_key(addr ? addr->client_addr : NULL, g->addr);
    g->since = ns_now_s();
    g->listed = 1;
    pthread_mutex_lock(&lock);
    g->next = head;
    if (head) head->prev = g;
    head = g;
    n_conns++;
    make_room(g);
    pthread_mutex_unlock(&lock);
  } else if (what == MHD_CONNECTION_NOTIFY_CLOSED) {
    guard_conn *g = *socket_ctx;
    *socket_ctx = NULL;
    if (g == NULL) return;
    pthread_mutex_lock(&lock);
    if (g->listed) {
      if (g->prev)
        g->prev->next = g->next;
      else if (head == g)
        head = g->next;
      if (g->next) g->next->prev = g->prev;
      n_conns--;
    }
    pthread_mutex_unlock(&lock);
    free(g);
  }
}

int ns_guard_request_begins(struct MHD_Connection *c) {
  guard_conn *g = record_of(c);
  if (g == NULL) return 1;
  pthread_mutex_lock(&lock);
  int alive = !g->cut;
  g->answering = alive;
  pthread_mutex_unlock(&lock);
  return alive;
}

void ns_guard_request_ends(struct MHD_Connection *c) {
  guard_conn *g = record_of(c);
  if (g == NULL) return;
  pthread_mutex_lock(&lock);
  g->answering = 0;
  g->since = ns_now_s(); /* the next request's time starts now */
  pthread_mutex_unlock(&lock);
}

static void *watch(void *unused) {
  (void)unused;
  pthread_mutex_lock(&lock);
  while (!stopping) {
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_nsec += 200 * 1000000L; /* five rounds a second */
    if (until.tv_nsec >= 1000000000L) {
      until.tv_sec++;
      until.tv_nsec -= 1000000000L;
    }
    pthread_cond_timedwait(&tick, &lock, &until);
    double late = ns_now_s() - NS_REQUEST_DEADLINE_S;
    for (guard_conn *g = head; g != NULL; g = g->next)
      if (!g->answering && !g->cut && g->since < late) {
        cut(g);
        cut_slow++;
      }
  }
  pthread_mutex_unlock(&lock);
  return NULL;
}

int ns_guard_start(unsigned per_address, unsigned total) {
  per_address_cap = per_address;
  total_cap = total;
  stopping = 0;
  running = pthread_create(&watchdog, NULL, watch, NULL) == 0;
  return running ? 0 : -1;
}

void ns_guard_stop(void) {
  if (!running) return;
  pthread_mutex_lock(&lock);
  stopping = 1;
  pthread_cond_signal(&tick);
  pthread_mutex_unlock(&lock);
  pthread_join(watchdog, NULL);
  running = 0;
}

void ns_guard_counts(unsigned *open, unsigned long *slow,
                     unsigned long *crowded) {
  pthread_mutex_lock(&lock);
  *open = n_conns;
  *slow = cut_slow;
  *crowded = cut_crowded;
  pthread_mutex_unlock(&lock);
}
