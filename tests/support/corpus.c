/*
 * corpus.c: JSON Lines reader for the shared corpus (tests and benches only).
 */
#include "corpus.h"

#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char *dup_field(json_t *rec, const char *key) {
  const char *s = json_string_value(json_object_get(rec, key));
  return strdup(s ? s : "");
}

int ns_corpus_load(ns_corpus *c, const char *path) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) {
    perror(path);
    return -1;
  }
  char *line = NULL;
  size_t cap = 0;
  ssize_t len;
  long lineno = 0;
  int rc = 0;
  while ((len = getline(&line, &cap, f)) > 0) {
    lineno++;
    json_error_t err;
    json_t *rec = json_loadb(line, (size_t)len, 0, &err);
    if (rec == NULL) {
      fprintf(stderr, "%s:%ld: not JSON: %s\n", path, lineno, err.text);
      rc = -1;
      break;
    }
    if (c->n == c->cap) {
      c->cap = c->cap ? c->cap * 2 : 1024;
      c->docs = realloc(c->docs, c->cap * sizeof *c->docs);
      if (c->docs == NULL) abort(); /* test support: no recovery needed */
    }
    ns_corpus_doc *d = &c->docs[c->n++];
    d->id = dup_field(rec, "id");
    d->title = dup_field(rec, "title");
    d->body = dup_field(rec, "body");
    c->body_bytes += strlen(d->body);
    json_decref(rec);
  }
  free(line);
  fclose(f);
  return rc;
}

static int is_news_file(const char *name) {
  size_t n = strlen(name);
  return strncmp(name, "news_", 5) == 0 && n > 6 &&
         strcmp(name + n - 6, ".jsonl") == 0;
}

static int by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int ns_corpus_load_news(ns_corpus *c, const char *dir) {
  DIR *d = opendir(dir);
  if (d == NULL) {
    perror(dir);
    return -1;
  }
  char *names[64];
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL && n < 64)
    if (is_news_file(e->d_name)) names[n++] = strdup(e->d_name);
  closedir(d);
  qsort(names, (size_t)n, sizeof *names, by_name);
  int rc = n > 0 ? n : -1;
  if (n == 0) fprintf(stderr, "%s: no news_*.jsonl files\n", dir);
  for (int i = 0; i < n; i++) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    if (ns_corpus_load(c, path) != 0) rc = -1;
    free(names[i]);
  }
  return rc;
}

void ns_corpus_free(ns_corpus *c) {
  for (size_t i = 0; i < c->n; i++) {
    free(c->docs[i].id);
    free(c->docs[i].title);
    free(c->docs[i].body);
  }
  free(c->docs);
  memset(c, 0, sizeof *c);
}

const char *ns_corpus_dir_or_fail(int argc, char **argv, const char *test) {
  struct stat st;
  if (argc < 2 || stat(argv[1], &st) != 0 || !S_ISDIR(st.st_mode)) {
    fprintf(stderr,
            "%s: FAIL: needs the shared corpus (../shared/corpus beside the "
            "project), not found at %s\n",
            test, argc < 2 ? "(no path given)" : argv[1]);
    return NULL;
  }
  return argv[1];
}

char *ns_read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) return NULL;
  char *data = NULL;
  if (fseek(f, 0, SEEK_END) == 0) {
    long n = ftell(f);
    if (n >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (data = malloc((size_t)n + 1)) != NULL) {
      *len = fread(data, 1, (size_t)n, f);
      data[*len] = '\0';
    }
  }
  fclose(f);
  return data;
}
