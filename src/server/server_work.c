/*
 * server_work.c: the searches that miss the answer cache run on a pool of
 * worker threads fed from one queue.
 *
 * libmicrohttpd gives each connection to one of its threads for as long as
 * the connection lives. With connections kept alive, a thread that got
 * more of them, or a run of slow searches, kept its requests waiting while
 * the other thread had less to do. Through the shared queue a request waits
 * only for the searches ahead of it, whichever connection they came on.
 * Its connection is suspended meanwhile and resumed with the answer ready.
 *
 * Costly searches (ns_search_is_costly, or a query that used up its budget
 * before) wait in a lane of their own, and at most all workers but one run
 * them at a time: a client sending nothing but costly queries keeps its
 * own searches waiting, not everyone's.
 */
#include "server_int.h"

#include <pthread.h>
#include <stdlib.h>
#include <time.h>

typedef struct ns_job {
  struct ns_job *next;
  struct MHD_Connection *c;
  ns_request *r;
  ns_work_fn fn;
  void *arg;
  int costly;
} ns_job;

typedef struct job_queue {
  ns_job *head, *tail;
} job_queue;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;    /* a job, or stop */
static pthread_cond_t drained = PTHREAD_COND_INITIALIZER; /* unsent fell */
static job_queue plain, costly;
static unsigned costly_running, costly_max;
static int stopping;
static pthread_t *workers;
static unsigned n_workers;
static unsigned unsent; /* answers queued whose request has not finished */

static void push(job_queue *q, ns_job *j) {
  if (q->tail)
    q->tail->next = j;
  else
    q->head = j;
  q->tail = j;
}

static ns_job *pop(job_queue *q) {
  ns_job *j = q->head;
  if (j != NULL && (q->head = j->next) == NULL) q->tail = NULL;
  return j;
}

/* The next job a worker may take (the lock held): plain ones first, a
 * costly one while fewer than costly_max run; NULL when none may run. */
static ns_job *next_job(void) {
  if (plain.head != NULL) return pop(&plain);
  if (costly.head != NULL && (costly_running < costly_max || stopping))
    return pop(&costly);
  return NULL;
}

static void *work(void *unused) {
  (void)unused;
  for (;;) {
    pthread_mutex_lock(&lock);
    ns_job *j;
    while ((j = next_job()) == NULL && !stopping)
      pthread_cond_wait(&wake, &lock);
    if (j != NULL && j->costly) costly_running++;
    pthread_mutex_unlock(&lock);
    if (j == NULL) return NULL; /* stopping, and nothing left to do */
    j->fn(j->arg, j->r);
    j->r->answered = 1;
    if (j->costly) {
      pthread_mutex_lock(&lock);
      costly_running--;
      pthread_cond_broadcast(&wake); /* a costly job waiting may run now */
      pthread_mutex_unlock(&lock);
    }
    /* From here on the connection (and r) belong to libmicrohttpd again:
     * it calls the handler, which sends the answer. */
    MHD_resume_connection(j->c);
    free(j);
  }
}

int ns_work_start(unsigned n) {
  workers = calloc(n, sizeof *workers);
  if (workers == NULL) return -1;
  stopping = 0;
  costly_max = n > 1 ? n - 1 : 1;
  for (n_workers = 0; n_workers < n; n_workers++)
    if (pthread_create(&workers[n_workers], NULL, work, NULL) != 0) {
      ns_work_stop();
      return -1;
    }
  return 0;
}

int ns_work_submit(struct MHD_Connection *c, ns_request *r, ns_work_fn fn,
                   void *arg, int is_costly) {
  ns_job *j = malloc(sizeof *j);
  if (j == NULL) return -1;
  *j = (ns_job){NULL, c, r, fn, arg, is_costly};
  r->queued = 1;
  /* Suspended outside the lock, so that this lock is never held while
   * libmicrohttpd's own are taken. */
  MHD_suspend_connection(c);
  pthread_mutex_lock(&lock);
  unsent++;
  int refused = stopping; /* the workers may be gone: nobody would run it */
  if (!refused) {
    push(is_costly ? &costly : &plain, j);
    pthread_cond_broadcast(&wake);
  }
  pthread_mutex_unlock(&lock);
  if (refused) {
    r->answer_status = MHD_HTTP_SERVICE_UNAVAILABLE;
    r->answer = ns_error_json("the server is stopping; try again");
    r->answered = 1;
    MHD_resume_connection(c);
    j->fn(j->arg, NULL); /* frees arg */
    free(j);
  }
  return 0;
}

void ns_work_finished(void) {
  pthread_mutex_lock(&lock);
  unsent--;
  pthread_cond_broadcast(&drained);
  pthread_mutex_unlock(&lock);
}

void ns_work_stop(void) {
  pthread_mutex_lock(&lock);
  stopping = 1;
  pthread_cond_broadcast(&wake);
  pthread_mutex_unlock(&lock);
  for (unsigned i = 0; i < n_workers; i++)
    pthread_join(workers[i], NULL);
  free(workers);
  workers = NULL;
  n_workers = 0;
  /* The answers are on their way out through libmicrohttpd's threads; a
   * client that stopped reading is not waited for past a few seconds. */
  struct timespec until;
  clock_gettime(CLOCK_REALTIME, &until);
  until.tv_sec += 5;
  pthread_mutex_lock(&lock);
  while (unsent > 0 && pthread_cond_timedwait(&drained, &lock, &until) == 0) {
  }
  pthread_mutex_unlock(&lock);
}
