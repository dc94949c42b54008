/*
 * ingest_walk.c: from the paths on the command line to the list of files to
 * read, each with the root it was named under and its key below that root.
 *
 * A tree is walked in two passes. The first lists every real folder and
 * file, following no symbolic link; the second follows the links it met,
 * in order: a link that resolves inside the root to a folder or file not
 * seen yet is walked (its articles keyed under the link's path), one to
 * something already seen is an alias or a loop and is skipped, and one
 * that leaves the root is reported once and not followed. Every folder
 * and file is read once, by device and inode, however the links are
 * drawn. A folder or entry that cannot be read is reported and its path
 * kept in the list's `kept`, so that nothing recorded under it is taken
 * for deleted.
 */
#include "ingest_int.h"

#include "newssearch/parse.h"

#include <dirent.h>
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* Extensions of article files; a directory walk skips everything else
 * (images, feeds' assets), while a file named on the command line is tried
 * whatever its name. */
static int is_article_name(const char *name) {
  static const char *const exts[] = {".md",  ".markdown", ".html",  ".htm",
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
  /* A key is shown in JSON answers and URLs: bytes of a file name that are
   * not UTF-8 are written as \xHH. */
  f->key = ns_utf8_escape(key);
  f->size = size;
  if (!f->path || !f->root || !f->key) {
    free(f->path), free(f->root), free(f->key);
    return -1;
  }
  l->n++;
  return 0;
}

/* Appends a copy of s to the array *v of *n strings. */
static int push(char ***v, size_t *n, const char *s) {
  char **bigger = realloc(*v, (*n + 1) * sizeof **v);
  if (bigger == NULL) return -1;
  *v = bigger;
  if ((bigger[*n] = strdup(s)) == NULL) return -1;
  (*n)++;
  return 0;
}

static int add_root(ns_input_list *l, const char *root) {
  for (size_t i = 0; i < l->n_roots; i++)
    if (strcmp(l->roots[i], root) == 0) return 0;
  return push(&l->roots, &l->n_roots, root);
}

/* ---- the folders and files seen, by device and inode ------------------ */

typedef struct seen_set {
  struct seen_id {
    dev_t dev;
    ino_t ino;
  } * ids;
  size_t n, cap; /* cap: 0 or a power of two */
} seen_set;

static size_t seen_slot(const seen_set *s, dev_t dev, ino_t ino) {
  uint64_t h = ((uint64_t)ino * 0x9E3779B97F4A7C15ull) ^ (uint64_t)dev;
  size_t i = (size_t)(h >> 17) & (s->cap - 1);
  while (s->ids[i].ino != 0 && (s->ids[i].dev != dev || s->ids[i].ino != ino))
    i = (i + 1) & (s->cap - 1);
  return i;
}

/* Adds (dev, ino); returns 1 when it was new, 0 when seen, -1 when out of
 * memory. Inode 0 is never a file's, so it marks an empty slot. */
static int seen_add(seen_set *s, const struct stat *st) {
  if (st->st_ino == 0) return 1;
  if (2 * (s->n + 1) > s->cap) {
    seen_set bigger = {calloc(s->cap ? s->cap * 2 : 1024, sizeof *s->ids), 0,
                       s->cap ? s->cap * 2 : 1024};
    if (bigger.ids == NULL) return -1;
    for (size_t i = 0; i < s->cap; i++)
      if (s->ids[i].ino != 0)
        bigger.ids[seen_slot(&bigger, s->ids[i].dev, s->ids[i].ino)] =
            s->ids[i];
    bigger.n = s->n;
    free(s->ids);
    *s = bigger;
  }
  size_t i = seen_slot(s, st->st_dev, st->st_ino);
  if (s->ids[i].ino != 0) return 0;
  s->ids[i].dev = st->st_dev;
  s->ids[i].ino = st->st_ino;
  s->n++;
  return 1;
}

/* ---- one tree --------------------------------------------------------- */

typedef struct walker {
  ns_input_list *l;
  ns_ingest_summary *sum;
  const char *root; /* absolute, no symbolic link in it */
  size_t root_len;
  seen_set seen;
  char **links; /* symbolic links met, followed after the real tree */
  size_t n_links;
} walker;

/* Reports path as failed (errno says why) and keeps what is recorded
 * under it. */
static int cannot_read(walker *w, const char *path, const char *what) {
  int e = errno;
  if (push(&w->l->kept, &w->l->n_kept, path) != 0) return -1;
  return ns_summary_fail(w->sum, path, 0,
                         "%s: %s; the articles indexed "
                         "from it are kept",
                         what, strerror(e));
}

const char *ns_file_kind(mode_t mode) {
  return S_ISFIFO(mode)   ? "a FIFO"
         : S_ISSOCK(mode) ? "a socket"
         : S_ISCHR(mode)  ? "a character device"
         : S_ISBLK(mode)  ? "a block device"
         : S_ISDIR(mode)  ? "a directory"
                          : "not a file";
}

static int not_regular(walker *w, const char *path, mode_t mode) {
  if (push(&w->l->kept, &w->l->n_kept, path) != 0) return -1;
  return ns_summary_fail(w->sum, path, 0, "not a regular file (%s); skipped",
                         ns_file_kind(mode));
}

static int by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* dir + "/" + name, malloc'd. */
static char *join(const char *dir, const char *name) {
  size_t a = strlen(dir), b = strlen(name);
  char *p = malloc(a + b + 2);
  if (p == NULL) return NULL;
  memcpy(p, dir, a);
  size_t o = a;
  if (a == 0 || dir[a - 1] != '/') p[o++] = '/';
  memcpy(p + o, name, b + 1);
  return p;
}

/* The key of path: its part below the root. */
static const char *key_of(const walker *w, const char *path) {
  const char *k = path + w->root_len;
  return *k == '/' ? k + 1 : k;
}

static int walk_dir(walker *w, const char *dir);

/* One entry found in a folder, or behind a link (st is then the
 * target's). A folder is walked the first time its inode is seen; an
 * article file is listed, unless a link leads to one seen already (two
 * real paths of one file, hard links, are two articles as before). */
static int visit(walker *w, const char *path, const char *name,
                 const struct stat *st, int via_link) {
  if (S_ISDIR(st->st_mode)) {
    int fresh = seen_add(&w->seen, st);
    return fresh < 0 ? -1 : fresh ? walk_dir(w, path) : 0;
  }
  if (!is_article_name(name)) return 0;
  if (!S_ISREG(st->st_mode)) return not_regular(w, path, st->st_mode);
  int fresh = seen_add(&w->seen, st);
  if (fresh < 0 || (via_link && !fresh)) return fresh < 0 ? -1 : 0;
  return add_file(w->l, path, w->root, key_of(w, path), (long long)st->st_size);
}

/* Lists dir's entries (hidden ones, such as .git, skipped), sorted. */
static int read_names(walker *w, const char *dir, char ***names, size_t *n) {
  *names = NULL;
  *n = 0;
  DIR *d = opendir(dir);
  if (d == NULL) return cannot_read(w, dir, "cannot read directory");
  struct dirent *e;
  int rc = 0;
  errno = 0;
  while (rc == 0 && (e = readdir(d)) != NULL)
    if (e->d_name[0] != '.') rc = push(names, n, e->d_name);
  int read_errno = errno;
  closedir(d);
  if (rc == 0 && read_errno != 0) {
    errno = read_errno;
    rc = cannot_read(w, dir, "cannot read all of the directory");
  }
  if (*names) qsort(*names, *n, sizeof **names, by_name);
  return rc;
}

static int walk_dir(walker *w, const char *dir) {
  char **names;
  size_t n;
  int rc = read_names(w, dir, &names, &n);
  for (size_t i = 0; i < n; i++) {
    char *path = rc == 0 ? join(dir, names[i]) : NULL;
    struct stat st;
    if (rc == 0 && path == NULL) {
      rc = -1;
    } else if (rc == 0 && lstat(path, &st) != 0) {
      /* gone since the listing: deleted, and swept as such */
      if (errno != ENOENT) rc = cannot_read(w, path, "cannot look up");
    } else if (rc == 0 && S_ISLNK(st.st_mode)) {
      rc = push(&w->links, &w->n_links, path);
    } else if (rc == 0) {
      rc = visit(w, path, names[i], &st, 0);
    }
    free(path);
    free(names[i]);
  }
  free(names);
  return rc;
}

/* Whether real (a resolved path) is the root or inside it. */
static int inside_root(const walker *w, const char *real) {
  return strncmp(real, w->root, w->root_len) == 0 &&
         (real[w->root_len] == '\0' || real[w->root_len] == '/' ||
          w->root[w->root_len - 1] == '/');
}

/* Follows one symbolic link met in the tree. */
static int follow(walker *w, const char *link) {
  char *real = realpath(link, NULL);
  if (real == NULL) {
    /* A link to nothing: there is nothing to index behind it. */
    if (errno == ENOENT) return 0;
    return ns_summary_note(w->sum, link, 0,
                           "cannot follow the symbolic link: %s",
                           strerror(errno));
  }
  int rc = 0;
  struct stat st;
  const char *name = strrchr(link, '/');
  if (!inside_root(w, real))
    rc = ns_summary_note(w->sum, link, 0,
                         "symbolic link to %s leaves %s; not followed (name it "
                         "on the command line to index it)",
                         real, w->root);
  else if (stat(real, &st) != 0)
    rc = errno == ENOENT ? 0 : cannot_read(w, link, "cannot look up");
  else
    rc = visit(w, link, name ? name + 1 : link, &st, 1);
  free(real);
  return rc;
}

/* Walks the tree at root (absolute, resolved). */
static int walk_tree(ns_input_list *l, const char *root,
                     ns_ingest_summary *sum) {
  walker w = {l, sum, root, strlen(root), {0}, NULL, 0};
  struct stat st;
  int rc = stat(root, &st) == 0 && seen_add(&w.seen, &st) < 0 ? -1 : 0;
  if (rc == 0) rc = walk_dir(&w, root);
  /* Links are followed after the real tree, so that a file is keyed by
   * its own path rather than by a link's; following one may meet more. */
  for (size_t i = 0; i < w.n_links; i++) {
    if (rc == 0) rc = follow(&w, w.links[i]);
    free(w.links[i]);
  }
  free(w.links);
  free(w.seen.ids);
  return rc;
}

static int collect_one(ns_input_list *l, const char *arg,
                       ns_ingest_summary *sum) {
  if (strcmp(arg, "-") == 0) return add_file(l, "-", "-", "-", 0);
  char abs[PATH_MAX];
  struct stat st;
  /* A link named on the command line is followed: it is what was asked. */
  if (realpath(arg, abs) == NULL || stat(abs, &st) != 0)
    return ns_summary_fail(sum, arg, 0, "cannot open: %s", strerror(errno));
  if (S_ISDIR(st.st_mode))
    return add_root(l, abs) == 0 ? walk_tree(l, abs, sum) : -1;
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
      ns_error_set(err, NS_ERR_NOMEM, "[ingest] out of memory while listing %s",
                   paths[i]);
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
  for (size_t i = 0; i < l->n_roots; i++)
    free(l->roots[i]);
  for (size_t i = 0; i < l->n_kept; i++)
    free(l->kept[i]);
  free(l->files);
  free(l->roots);
  free(l->kept);
  memset(l, 0, sizeof *l);
}
