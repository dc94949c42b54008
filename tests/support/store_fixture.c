/*
 * store_fixture.c: the small database of store_fixture.h.
 */
#include "store_fixture.h"

#include <stdio.h>
#include <unistd.h>

ns_store *ns_fixture_store(const char *path, const char *const *bodies, int n) {
  ns_store *s = NULL;
  ns_error err;
  unlink(path);
  if (ns_store_open(path, NS_STORE_WRITE, &s, &err) != 0) {
    fprintf(stderr, "%s\n", err.message);
    return NULL;
  }
  for (int i = 0; i < n; i++) {
    char key[16], hash[17];
    snprintf(key, sizeof key, "k%d", i);
    snprintf(hash, sizeof hash, "%016d", i);
    ns_article a = {0};
    a.key = key;
    a.title = (char *)"장애 소식";
    a.body = (char *)bodies[i];
    ns_change change;
    if (ns_store_put(s, &a, "fixture", hash, &change, &err) != 0) {
      fprintf(stderr, "%s\n", err.message);
      ns_store_close(s);
      return NULL;
    }
  }
  if (ns_store_vocab_merge(s, &err) != 0) {
    fprintf(stderr, "%s\n", err.message);
    ns_store_close(s);
    return NULL;
  }
  return s;
}
