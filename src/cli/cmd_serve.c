/*
 * cmd_serve.c: `newssearch serve [--db FILE] [--bind ADDR] [--port N]
 * [--threads N] [--cache MB] [--budget MS] [--per-address N]
 * [--synonyms FILE]`.
 */
#include "cli.h"
#include "options.h"
#include "server.h"
#include "server_cache.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int ns_cmd_serve(int argc, char **argv) {
  const char *db = NULL, *v = NULL;
  long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  /* One search worker (and one libmicrohttpd thread) per core. Four per
   * core measured worse on both counts under load: on 2 cores, 64
   * connections, no answer cache, 332 requests/s and a p99 of 709 ms with
   * 8 threads against 362 and 287 ms with 2; with the cache, 35,148
   * requests/s with 4 threads against 45,522 with 2 (the queries of
   * bench/http_bench.sh, before connections were kept alive). perf: the
   * kernel switching threads. */
  long threads = cpus > 0 ? cpus : 2;
  ns_server_config cfg = {NULL,
                          "127.0.0.1",
                          8080,
                          (unsigned)(threads > 32 ? 32 : threads),
                          NULL,
                          NS_DEFAULT_PER_ADDRESS,
                          NS_DEFAULT_BUDGET_MS,
                          NULL};
  long cache_mb = NS_DEFAULT_CACHE_MB;
  for (int i = 1; i < argc; i++) {
    int r;
    long n;
    if ((r = ns_option_value(argc, argv, &i, "db", &db)) != 0) {
      if (r < 0) return NS_EXIT_USAGE;
    } else if ((r = ns_option_value(argc, argv, &i, "synonyms",
                                    &cfg.synonyms)) != 0) {
      if (r < 0) return NS_EXIT_USAGE;
    } else if ((r = ns_option_value(argc, argv, &i, "bind", &cfg.bind)) != 0) {
      if (r < 0) return NS_EXIT_USAGE;
    } else if ((r = ns_option_value(argc, argv, &i, "port", &v)) != 0) {
      if (r < 0 || ns_int_option("serve", "port", v, 0, 65535, &n))
        return NS_EXIT_USAGE;
      cfg.port = (uint16_t)n;
    } else if ((r = ns_option_value(argc, argv, &i, "threads", &v)) != 0) {
      if (r < 0 || ns_int_option("serve", "threads", v, 1, 256, &n))
        return NS_EXIT_USAGE;
      cfg.threads = (unsigned)n;
    } else if ((r = ns_option_value(argc, argv, &i, "per-address", &v)) != 0) {
      if (r < 0 || ns_int_option("serve", "per-address", v, 0, 100000, &n))
        return NS_EXIT_USAGE;
      cfg.per_address = (unsigned)n;
    } else if ((r = ns_option_value(argc, argv, &i, "budget", &v)) != 0) {
      if (r < 0 || ns_int_option("serve", "budget", v, 0, 3600000, &n))
        return NS_EXIT_USAGE;
      cfg.budget_ms = (double)n;
    } else if ((r = ns_option_value(argc, argv, &i, "cache", &v)) != 0) {
      if (r < 0 || ns_int_option("serve", "cache", v, 0, 65536, &cache_mb))
        return NS_EXIT_USAGE;
    } else {
      fprintf(stderr, "usage: newssearch serve [--db FILE] [--bind ADDR] "
                      "[--port N] [--threads N] [--cache MB] "
                      "[--budget MS] [--per-address N] "
                      "[--synonyms FILE]\n");
      return NS_EXIT_USAGE;
    }
  }
  cfg.db_path = ns_db_path(db);
  cfg.cache = ns_cache_new((size_t)cache_mb << 20);
  if (cache_mb > 0 && cfg.cache == NULL) {
    fprintf(stderr, "newssearch serve: out of memory for a %ld MB cache\n",
            cache_mb);
    return NS_EXIT_FATAL;
  }
  int rc = ns_server_run(&cfg);
  ns_cache_free(cfg.cache);
  return rc;
}
