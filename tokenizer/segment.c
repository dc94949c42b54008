/*
 * segment.c: the tokenizer's main loop. Walks the original bytes once,
 * normalizing only the characters that need it, and turns runs of one script
 * into tokens whose offsets point into the original bytes.
 */
#include "newssearch/tokenizer.h"
#include "script.h"

#include <string.h>
#include <utf8proc.h>

/* A normalization unit is a starter plus what combines with it; it is
 * normalized on its own, and each character it yields covers the unit's
 * bytes. Hostile input (a letter with thousands of marks) is cut into units
 * of at most this many characters. */
#define NS_UNIT_MAX_CHARS 32
/* Enough for NS_UNIT_MAX_CHARS characters of the longest NFKC expansion
 * (18 code points, U+FDFA) after case folding. */
#define NS_UNIT_MAX_OUT 640

#define NS_NORMALIZE_OPTIONS                                                   \
  (UTF8PROC_COMPAT | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE |  \
   UTF8PROC_STABLE)

typedef struct ns_segmenter {
  int mode;
  ns_token_fn emit;
  void *ctx;
  int rc;            /* first non-zero return of emit */
  enum ns_class run; /* class of the run being built */
  /* ideographic run: the previous character and its byte span */
  int run_len;
  char prev[4];
  int prev_len, prev_start, prev_end;
  /* word run: the folded bytes so far and the span they came from */
  char word[NS_TOKEN_MAX_BYTES];
  int word_len, word_start, word_end;
} ns_segmenter;

static void emit(ns_segmenter *s, int flags, const char *tok, int n, int start,
                 int end) {
  if (s->rc == 0) s->rc = s->emit(s->ctx, flags, tok, n, start, end);
}

/* Ends the current run. In document mode an ideographic run's last character
 * is emitted alone, colocated with the run's last bigram: a phrase that goes
 * on past the run ("카카오톡과 포털") then still finds its next token at the
 * next position, while a one-character prefix query (과*) has a token to hit.
 */
static void run_end(ns_segmenter *s) {
  if (s->run == NS_CLASS_WORD) {
    emit(s, 0, s->word, s->word_len, s->word_start, s->word_end);
  } else if (s->run != NS_CLASS_SEP) {
    if (s->run_len == 1 || s->mode == NS_TOKENIZE_DOCUMENT)
      emit(s, s->run_len > 1 ? NS_TOKEN_COLOCATED : 0, s->prev, s->prev_len,
           s->prev_start, s->prev_end);
  }
  s->run = NS_CLASS_SEP;
  s->run_len = 0;
  s->word_len = 0;
}

/* Adds one ideographic character, given as UTF-8 bytes u[0..n). */
static void add_ideograph(ns_segmenter *s, enum ns_class cls, const char *u,
                          int n, int start, int end) {
  if (s->run != cls) {
    run_end(s);
    s->run = cls;
  } else {
    char bigram[8];
    memcpy(bigram, s->prev, (size_t)s->prev_len);
    memcpy(bigram + s->prev_len, u, (size_t)n);
    emit(s, 0, bigram, s->prev_len + n, s->prev_start, end);
  }
  memcpy(s->prev, u, (size_t)n);
  s->prev_len = n;
  s->prev_start = start;
  s->prev_end = end;
  s->run_len++;
}

/* Adds folded word bytes u[0..n). A word longer than NS_TOKEN_MAX_BYTES keeps
 * its first characters only, the same way at index and at query time. */
static void add_word(ns_segmenter *s, const char *u, int n, int start,
                     int end) {
  if (s->run != NS_CLASS_WORD) {
    run_end(s);
    s->run = NS_CLASS_WORD;
    s->word_start = start;
  }
  if (s->word_len + n <= NS_TOKEN_MAX_BYTES) {
    memcpy(s->word + s->word_len, u, (size_t)n);
    s->word_len += n;
    s->word_end = end;
  }
}

/* Adds one normalized code point that came from original bytes [start,end). */
static void add_char(ns_segmenter *s, uint32_t cp, int start, int end) {
  char u[4];
  enum ns_class cls = ns_class_of(cp);
  if (cls == NS_CLASS_SEP) {
    run_end(s);
    return;
  }
  int n = ns_utf8_encode(cp, u);
  if (cls == NS_CLASS_WORD)
    add_word(s, u, n, start, end);
  else
    add_ideograph(s, cls, u, n, start, end);
}

/* True when the character at z[0..n) (if any) starts a new unit, so the
 * character before it may take the fast path. */
static int next_starts_unit(const unsigned char *z, int n) {
  uint32_t cp;
  if (n <= 0 || z[0] < 0x80) return 1;
  int len = ns_utf8_decode(z, n, &cp);
  return len == 0 || !ns_continues_unit(cp);
}

/* Normalizes the unit starting at z[i] (first character already decoded, of
 * length len) and feeds what it yields. Returns the unit's end offset. */
static int add_unit(ns_segmenter *s, const unsigned char *z, int n, int i,
                    int len) {
  int end = i + len;
  for (int chars = 1; end < n && chars < NS_UNIT_MAX_CHARS; chars++) {
    uint32_t cp;
    int l = ns_utf8_decode(z + end, n - end, &cp);
    if (l == 0 || !ns_continues_unit(cp)) break;
    end += l;
  }
  utf8proc_int32_t out[NS_UNIT_MAX_OUT];
  utf8proc_ssize_t m = utf8proc_decompose(z + i, end - i, out, NS_UNIT_MAX_OUT,
                                          NS_NORMALIZE_OPTIONS);
  if (m < 0 || m > NS_UNIT_MAX_OUT) {
    run_end(s);
    return end;
  }
  m = utf8proc_normalize_utf32(out, m, NS_NORMALIZE_OPTIONS);
  for (utf8proc_ssize_t k = 0; k < m; k++)
    add_char(s, (uint32_t)out[k], i, end);
  return end;
}

int ns_tokenize(const char *text, int n_text, int mode, ns_token_fn fn,
                void *ctx) {
  const unsigned char *z = (const unsigned char *)text;
  ns_segmenter s;
  s.mode = mode;
  s.emit = fn;
  s.ctx = ctx;
  s.rc = 0;
  s.run = NS_CLASS_SEP;
  s.run_len = 0;
  s.word_len = 0;

  int i = 0;
  while (i < n_text && s.rc == 0) {
    unsigned c = z[i];
    if (c < 0x80 && next_starts_unit(z + i + 1, n_text - i - 1)) {
      /* Fast path: ASCII needs no normalization beyond lower-casing. */
      if (!ns_ascii_is_word(c)) {
        run_end(&s);
      } else {
        char lower = (char)((c >= 'A' && c <= 'Z') ? c | 0x20 : c);
        add_word(&s, &lower, 1, i, i + 1);
      }
      i++;
      continue;
    }
    uint32_t cp;
    int len = ns_utf8_decode(z + i, n_text - i, &cp);
    if (len == 0) {
      run_end(&s); /* an invalid byte separates */
      i++;
      continue;
    }
    if ((ns_is_hangul_syllable(cp) || ns_is_compat_jamo(cp)) &&
        next_starts_unit(z + i + len, n_text - i - len)) {
      /* Fast path: a precomposed syllable is already NFKC and caseless.
       * Compatibility jamo (ㅋ, ㅏ) skip NFKC on purpose: it would turn them
       * into conjoining jamo, and what a reader types for initial-consonant
       * search is the compatibility form. */
      add_ideograph(&s, NS_CLASS_HANGUL, text + i, len, i, i + len);
      i += len;
      continue;
    }
    i = add_unit(&s, z, n_text, i, len);
  }
  run_end(&s);
  return s.rc;
}

int ns_token_is_ideographic(const char *token, int n) {
  uint32_t cp;
  if (n <= 0 || ns_utf8_decode((const unsigned char *)token, n, &cp) == 0)
    return 0;
  enum ns_class cls = ns_class_of(cp);
  return cls != NS_CLASS_WORD && cls != NS_CLASS_SEP;
}

int ns_token_is_single_ideograph(const char *token, int n) {
  uint32_t cp;
  return n > 0 && ns_utf8_decode((const unsigned char *)token, n, &cp) == n &&
         ns_token_is_ideographic(token, n);
}
