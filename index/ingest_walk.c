/*
 * ingest_walk.c: from the paths on the command line to the list of files to
 * read, each with the root it was named under and its key below that root.
 */
#include "ingest_int.h"

#include <dirent.h>
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* Extensions of article files; a directory walk skips everything else
 * (images, feeds' assets), while a file named on the command line is tried
 * whatever its name. */
static int is_article_name(const char *name) {
  static const char *const exts[] = {".md",  ".markdown", ".html", ".htm",
                                     ".txt", ".jsonl",    ".ndjson"};
  const char *dot = strrchr(name, '.');
  if (dot == NULL) return 0;
  for (size_t i = 0; i < sizeof exts / sizeof *exts; i++)
    if (strcasecmp(dot, exts[i]) == 0) return 1;
  return 0;
}

static int add_file(ns_input_list *l, const char *path, const char *root,
                    const char *key, long long size) {
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 256;
    ns_input_file *f = realloc(l->files, cap * sizeof *f);
    if (f == NULL) return -1;
    l->files = f;
    l->cap = cap;
  }
  ns_input_file *f = &l->files[l->n];
  f->path = strdup(path);
  f->root = strdup(root);
  f->key = strdup(key);
  f->size = size;
  if (!f->path || !f->root || !f->key) {
    free(f->path), free(f->root), free(f->key);
    return -1;
  }
  l->n++;
  return 0;
}

static int add_root(ns_input_list *l, const char *root) {
  for (size_t i = 0; i < l->n_roots; i++)
    if (strcmp(l->roots[i], root) == 0) return 0;
  char **r = realloc(l->roots, (l->n_roots + 1) * sizeof *r);
  if (r == NULL) return -1;
  l->roots = r;
  if ((r[l->n_roots] = strdup(root)) == NULL) return -1;
  l->n_roots++;
  return 0;
}

static int by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Walks directory dir (absolute) whose path below root starts at
 * dir + root_len; hidden entries (.git, .cache) are skipped. */
static int walk(ns_input_list *l, const char *dir, const char *root,
                ns_ingest_summary *sum) {
  DIR *d = opendir(dir);
  if (d == NULL)
    return ns_summary_fail(sum, dir, 0, "cannot read directory: %s",
                           strerror(errno));
  char **names = NULL;
  size_t n = 0, cap = 0;
  struct dirent *e;
  int rc = 0;
  while (rc == 0 && (e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 64;
      char **bigger = realloc(names, cap * sizeof *names);
      if (bigger == NULL) { rc = -1; break; }
      names = bigger;
    }
    if ((names[n] = strdup(e->d_name)) == NULL) rc = -1; else n++;
  }
  closedir(d);
  if (names) qsort(names, n, sizeof *names, by_name);
  size_t root_len = strlen(root);
  for (size_t i = 0; i < n; i++) {
    char path[PATH_MAX];
    struct stat st;
    if (rc == 0 && snprintf(path, sizeof path, "%s/%s", dir, names[i]) <
                       (int)sizeof path &&
        stat(path, &st) == 0) {
      if (S_ISDIR(st.st_mode))
        rc = walk(l, path, root, sum);
      else if (S_ISREG(st.st_mode) && is_article_name(names[i]))
        rc = add_file(l, path, root, path + root_len + 1, (long long)st.st_size);
    }
    free(names[i]);
  }
  free(names);
  return rc;
}

static int collect_one(ns_input_list *l, const char *arg,
                       ns_ingest_summary *sum) {
  if (strcmp(arg, "-") == 0) return add_file(l, "-", "-", "-", 0);
  char abs[PATH_MAX];
  struct stat st;
  if (realpath(arg, abs) == NULL || stat(abs, &st) != 0)
    return ns_summary_fail(sum, arg, 0, "cannot open: %s", strerror(errno));
  if (S_ISDIR(st.st_mode))
    return add_root(l, abs) == 0 ? walk(l, abs, abs, sum) : -1;
  char dir[PATH_MAX], base[PATH_MAX];
  strcpy(dir, abs);
  strcpy(base, abs);
  const char *root = dirname(dir);
  return add_file(l, abs, root, basename(base), (long long)st.st_size);
}

int ns_inputs_collect(char *const *paths, int n_paths, ns_input_list *out,
                      ns_ingest_summary *sum, ns_error *err) {
  for (int i = 0; i < n_paths; i++)
    if (collect_one(out, paths[i], sum) != 0) {
      ns_error_set(err, "[ingest] out of memory while listing %s", paths[i]);
      return -1;
    }
  return 0;
}

void ns_inputs_free(ns_input_list *l) {
  for (size_t i = 0; i < l->n; i++) {
    free(l->files[i].path);
    free(l->files[i].root);
    free(l->files[i].key);
  }
  for (size_t i = 0; i < l->n_roots; i++) free(l->roots[i]);
  free(l->files);
  free(l->roots);
  memset(l, 0, sizeof *l);
}
