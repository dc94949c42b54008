/*
 * synonyms.c: groups of words that mean the same, read from the synonyms
 * file format (newssearch/synonyms.h) and looked up by word.
 *
 * Words are kept once each, normalized, in one growing buffer; a group is
 * a run of members (word, group) in the members array; a hash table finds
 * the last member holding a word, and each member links to the previous
 * member with the same word, so a word in several groups finds them all.
 */
#include "newssearch/synonyms.h"

#include "newssearch/tokenizer.h"
#include "newssearch/utf8.h"
#include "strbuf.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include <xxhash.h>

/* A synonyms file larger than this is refused: 10,000 groups of real
 * words take well under a megabyte. */
#define NS_SYNONYMS_MAX_FILE (64u << 20)

typedef struct member {
  uint32_t word;     /* offset of its normalized word in words */
  uint32_t shown;    /* offset of the word as the file first wrote it */
  uint32_t group;    /* its group */
  uint32_t previous; /* 1 + the member before it with the same word; 0 */
} member;

struct ns_synonyms {
  ns_strbuf words; /* normalized words, each NUL-terminated */
  member *members;
  size_t n_members, cap_members;
  uint32_t *group_start; /* group g: members [start[g], start[g + 1]) */
  size_t n_groups, cap_groups;
  uint32_t *slots; /* 1 + the last member of a word; 0: empty */
  size_t n_slots, n_words;
};

/* s[0..n) with spaces trimmed and runs of them made one, in place in out
 * (m bytes); returns the new length. */
static size_t one_space(char *out, size_t m) {
  size_t k = 0;
  int pending_space = 0;
  for (size_t i = 0; i < m;) {
    int sp = ns_space_len(out + i, m - i);
    if (sp > 0) {
      pending_space = k > 0;
      i += (size_t)sp;
      continue;
    }
    if (pending_space) out[k++] = ' ';
    pending_space = 0;
    out[k++] = out[i++];
  }
  out[k] = '\0';
  return k;
}

/* The normalized form of s[0..n) (NFKC, case folded, spaces trimmed and
 * runs of them made one), malloc'd, or NULL when out of memory. */
static char *normalized(const char *s, size_t n) {
  utf8proc_uint8_t *folded = NULL;
  utf8proc_ssize_t m =
      utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &folded,
                   UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE |
                       UTF8PROC_CASEFOLD | UTF8PROC_IGNORE);
  if (m < 0) return NULL;
  one_space((char *)folded, (size_t)m);
  return (char *)folded;
}

static uint64_t hash_of(const char *w) {
  uint64_t h = XXH3_64bits(w, strlen(w));
  return h ? h : 1;
}

static const char *word_at(const ns_synonyms *s, uint32_t off) {
  return s->words.p + off;
}

/* The slot of word: holding it, or the empty one where it would go. */
static uint32_t *slot_of(const ns_synonyms *s, const char *w) {
  uint64_t mask = s->n_slots - 1;
  for (uint64_t i = hash_of(w) & mask;; i = (i + 1) & mask) {
    uint32_t *slot = &s->slots[i];
    if (*slot == 0 || strcmp(word_at(s, s->members[*slot - 1].word), w) == 0)
      return slot;
  }
}

/* Doubles the hash table (or makes its first) and places every word. */
static int grow_slots(ns_synonyms *s) {
  size_t n = s->n_slots ? s->n_slots * 2 : 1024;
  uint32_t *old = s->slots;
  size_t old_n = s->n_slots;
  s->slots = calloc(n, sizeof *s->slots);
  if (s->slots == NULL) {
    s->slots = old;
    return -1;
  }
  s->n_slots = n;
  for (size_t i = 0; i < old_n; i++)
    if (old[i]) *slot_of(s, word_at(s, s->members[old[i] - 1].word)) = old[i];
  free(old);
  return 0;
}

static int reserve(void **p, size_t *cap, size_t need, size_t size) {
  if (need <= *cap) return 0;
  size_t c = *cap ? *cap * 2 : 256;
  while (c < need)
    c *= 2;
  void *grown = realloc(*p, c * size);
  if (grown == NULL) return -1;
  *p = grown;
  *cap = c;
  return 0;
}

/* Adds the normalized word w, written as shown, to the group being built
 * (the last one). */
static int add_member(ns_synonyms *s, const char *w, const char *shown) {
  if ((s->n_words + 1) * 2 > s->n_slots && grow_slots(s) != 0) return -1;
  if (reserve((void **)&s->members, &s->cap_members, s->n_members + 1,
              sizeof *s->members) != 0)
    return -1;
  uint32_t *slot = slot_of(s, w);
  member m = {0, 0, (uint32_t)(s->n_groups - 1), *slot};
  if (*slot) {
    m.word = s->members[*slot - 1].word;
    m.shown = s->members[*slot - 1].shown;
  } else {
    m.word = (uint32_t)s->words.n;
    ns_strbuf_put(&s->words, w, strlen(w) + 1);
    m.shown = (uint32_t)s->words.n;
    ns_strbuf_put(&s->words, shown, strlen(shown) + 1);
    if (s->words.oom) return -1;
    s->n_words++;
  }
  s->members[s->n_members++] = m;
  *slot = (uint32_t)s->n_members;
  return 0;
}

static int begin_group(ns_synonyms *s) {
  if (reserve((void **)&s->group_start, &s->cap_groups, s->n_groups + 2,
              sizeof *s->group_start) != 0)
    return -1;
  s->group_start[s->n_groups++] = (uint32_t)s->n_members;
  s->group_start[s->n_groups] = (uint32_t)s->n_members;
  return 0;
}

static void end_group(ns_synonyms *s) {
  s->group_start[s->n_groups] = (uint32_t)s->n_members;
}

/* Takes the last group back (it was refused): its members leave the
 * chains of their words. Words new with it stay in the buffer, unused. */
static void drop_group(ns_synonyms *s) {
  uint32_t first = s->group_start[s->n_groups - 1];
  while (s->n_members > first) {
    member *m = &s->members[--s->n_members];
    uint32_t *slot = slot_of(s, word_at(s, m->word));
    *slot = m->previous;
  }
  s->n_groups--;
}

static int count_token(void *ctx, int flags, const char *tok, int n, int start,
                       int end) {
  (void)flags, (void)tok, (void)n, (void)start, (void)end;
  ++*(int *)ctx;
  return 1; /* one is enough */
}

typedef struct line_error {
  char reason[160];
} line_error;

static int refuse(line_error *e, const char *fmt, const char *word) {
  snprintf(e->reason, sizeof e->reason, fmt, word);
  return -1;
}

/* Checks and adds the word raw[0..n) of the line to the group. */
static int add_word(ns_synonyms *s, const char *raw, size_t n, line_error *e) {
  while (n > 0 && ns_space_len(raw, n) > 0) {
    size_t sp = (size_t)ns_space_len(raw, n);
    raw += sp, n -= sp;
  }
  if (n == 0)
    return refuse(e, "an empty word (two commas, or a comma at an end)%s", "");
  if (n > NS_SYNONYM_MAX_BYTES)
    return refuse(e, "a word longer than 200 bytes%s", "");
  if (memchr(raw, '"', n))
    return refuse(e, "a word with a double quote in it%s", "");
  char *w = normalized(raw, n);
  char *shown = malloc(n + 1);
  if (w == NULL || shown == NULL) {
    free(w), free(shown);
    return refuse(e, "out of memory%s", "");
  }
  memcpy(shown, raw, n);
  one_space(shown, n);
  int tokens = 0;
  ns_tokenize(w, (int)strlen(w), NS_TOKENIZE_QUERY, count_token, &tokens);
  int rc = 0;
  if (w[0] == '\0' || tokens == 0) {
    rc = refuse(e, "\"%.60s\" has no letter, digit or syllable", w);
  } else {
    /* the same word twice in one group counts once */
    uint32_t *slot = slot_of(s, w);
    int again = 0;
    for (uint32_t k = *slot; k && !again; k = s->members[k - 1].previous)
      again = s->members[k - 1].group == s->n_groups - 1;
    if (!again && add_member(s, w, shown) != 0)
      rc = refuse(e, "out of memory%s", "");
  }
  free(w), free(shown);
  return rc;
}

/* Reads one line (without its newline) into a group, or nothing for a
 * blank line or a comment. */
static int read_line(ns_synonyms *s, const char *line, size_t n,
                     line_error *e) {
  for (size_t i = 0; i < n;) {
    uint32_t cp;
    int l = ns_utf8_decode((const unsigned char *)line + i, (int)(n - i), &cp);
    if (l == 0 || cp == 0) {
      snprintf(e->reason, sizeof e->reason,
               "not UTF-8 (byte 0x%02x at column %zu); save the file as UTF-8",
               (unsigned char)line[i], i + 1);
      return -1;
    }
    i += (size_t)l;
  }
  const char *hash = memchr(line, '#', n);
  if (hash) n = (size_t)(hash - line);
  while (n > 0 &&
         (line[n - 1] == '\r' || line[n - 1] == ' ' || line[n - 1] == '\t'))
    n--;
  size_t lead = 0;
  while (lead < n && (line[lead] == ' ' || line[lead] == '\t'))
    lead++;
  if (lead == n) return 0;
  if (begin_group(s) != 0) return refuse(e, "out of memory%s", "");
  int rc = 0;
  for (size_t at = 0; at <= n && rc == 0;) {
    const char *comma = memchr(line + at, ',', n - at);
    size_t end = comma ? (size_t)(comma - line) : n;
    rc = add_word(s, line + at, end - at, e);
    at = end + 1;
    if (comma == NULL) break;
  }
  end_group(s);
  size_t words = s->n_members - s->group_start[s->n_groups - 1];
  if (rc == 0 && words < 2)
    rc = refuse(e,
                "a group needs two or more different words, separated by "
                "commas%s",
                "");
  if (rc == 0 && words > NS_SYNONYMS_MAX_WORDS)
    rc = refuse(e, "more than 32 words in one group%s", "");
  if (rc != 0) drop_group(s);
  return rc;
}

static ns_synonyms *copy_of(const ns_synonyms *base) {
  ns_synonyms *s = calloc(1, sizeof *s);
  if (s == NULL || base == NULL) return s;
  ns_strbuf_put(&s->words, base->words.p, base->words.n);
  s->members = malloc((base->n_members + 1) * sizeof *s->members);
  s->group_start = malloc((base->n_groups + 2) * sizeof *s->group_start);
  s->slots = calloc(base->n_slots ? base->n_slots : 1, sizeof *s->slots);
  if (s->words.oom || !s->members || !s->group_start || !s->slots) {
    ns_synonyms_free(s);
    return NULL;
  }
  memcpy(s->members, base->members, base->n_members * sizeof *s->members);
  memcpy(s->group_start, base->group_start,
         (base->n_groups + 1) * sizeof *s->group_start);
  memcpy(s->slots, base->slots, base->n_slots * sizeof *s->slots);
  s->n_members = s->cap_members = base->n_members;
  s->n_groups = base->n_groups;
  s->cap_groups = base->n_groups + 2;
  s->n_slots = base->n_slots;
  s->n_words = base->n_words;
  return s;
}

int ns_synonyms_parse(const char *name, const char *text, size_t len,
                      const ns_synonyms *base, ns_synonyms **out,
                      ns_error *err) {
  *out = NULL;
  ns_synonyms *s = copy_of(base);
  if (s == NULL || (s->n_slots == 0 && grow_slots(s) != 0) ||
      begin_group(s) != 0) {
    ns_synonyms_free(s);
    ns_error_set(err, NS_ERR_NOMEM, "[synonyms] %s: out of memory", name);
    return -1;
  }
  s->n_groups--; /* begin_group made room for the first group's end */
  if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) text += 3, len -= 3;
  size_t line_no = 0;
  for (size_t at = 0; at < len;) {
    const char *nl = memchr(text + at, '\n', len - at);
    size_t end = nl ? (size_t)(nl - text) : len;
    line_error e;
    line_no++;
    if (read_line(s, text + at, end - at, &e) != 0) {
      ns_error_set(err, NS_ERR_USAGE, "[synonyms] %s:%zu: %s", name, line_no,
                   e.reason);
      ns_synonyms_free(s);
      return -1;
    }
    at = end + 1;
  }
  *out = s;
  return 0;
}

int ns_synonyms_load(const char *path, const ns_synonyms *base,
                     ns_synonyms **out, ns_error *err) {
  *out = NULL;
  FILE *f = fopen(path, "rb");
  if (f == NULL) {
    ns_error_set(err, NS_ERR_USAGE,
                 "[synonyms] %s: cannot read it (%s); give the path of a "
                 "synonyms file",
                 path, strerror(errno));
    return -1;
  }
  ns_strbuf b = {0};
  char chunk[65536];
  size_t got;
  while ((got = fread(chunk, 1, sizeof chunk, f)) > 0 &&
         b.n <= NS_SYNONYMS_MAX_FILE)
    ns_strbuf_put(&b, chunk, got);
  int failed = ferror(f);
  fclose(f);
  int rc = -1;
  if (failed)
    ns_error_set(err, NS_ERR_USAGE, "[synonyms] %s: cannot read it", path);
  else if (b.n > NS_SYNONYMS_MAX_FILE)
    ns_error_set(err, NS_ERR_USAGE,
                 "[synonyms] %s: larger than 64 MB; is it a synonyms file?",
                 path);
  else if (b.oom)
    ns_error_set(err, NS_ERR_NOMEM, "[synonyms] %s: out of memory", path);
  else
    rc = ns_synonyms_parse(path, b.p ? b.p : "", b.n, base, out, err);
  free(ns_strbuf_finish(&b));
  return rc;
}

void ns_synonyms_free(ns_synonyms *s) {
  if (s == NULL) return;
  free(ns_strbuf_finish(&s->words));
  free(s->members);
  free(s->group_start);
  free(s->slots);
  free(s);
}

size_t ns_synonyms_groups(const ns_synonyms *s) { return s ? s->n_groups : 0; }

size_t ns_synonyms_words(const ns_synonyms *s) { return s ? s->n_words : 0; }

int ns_synonyms_of(const ns_synonyms *s, const char *word, size_t n,
                   int (*fn)(void *ctx, const char *synonym), void *ctx) {
  if (s == NULL || s->n_slots == 0 || n == 0 || n > NS_SYNONYM_MAX_BYTES)
    return 0;
  char *w = normalized(word, n);
  if (w == NULL) return 0;
  uint32_t self = *slot_of(s, w);
  free(w);
  if (self == 0) return 0;
  uint32_t word_off = s->members[self - 1].word;
  /* the groups in file order: the chain runs from the last one back */
  uint32_t groups[NS_SYNONYMS_MAX_WORDS];
  int n_groups = 0;
  for (uint32_t k = self; k && n_groups < NS_SYNONYMS_MAX_WORDS;
       k = s->members[k - 1].previous)
    groups[n_groups++] = s->members[k - 1].group;
  uint32_t seen[NS_SYNONYMS_MAX_WORDS];
  int n_seen = 0;
  for (int gi = n_groups - 1; gi >= 0; gi--) {
    uint32_t g = groups[gi];
    for (uint32_t i = s->group_start[g]; i < s->group_start[g + 1]; i++) {
      uint32_t other = s->members[i].word;
      int known = other == word_off;
      for (int j = 0; j < n_seen && !known; j++)
        known = seen[j] == other;
      if (known) continue;
      if (n_seen == NS_SYNONYMS_MAX_WORDS) return n_seen;
      seen[n_seen++] = other;
      int rc = fn(ctx, word_at(s, s->members[i].shown));
      if (rc != 0) return rc;
    }
  }
  return n_seen;
}
