/*
 * words.h: the words of a text, as the vocabulary counts them (suggestions
 * and corrections read it). A word is a run of Hangul syllables, ASCII
 * letters and digits, folded to lower case, with at least one letter or
 * syllable; anything else separates. Unlike the tokenizer's n-grams these
 * are whole words, so that a suggestion is something a reader would type.
 */
#ifndef NEWSSEARCH_WORDS_H
#define NEWSSEARCH_WORDS_H

#include <stddef.h>

/* Longest word kept, in bytes; longer runs are not words anyone types. */
#define NS_WORD_MAX_BYTES 60

/* Called once per word (word is n bytes, not NUL-terminated, valid during
 * the call). stem_len is the byte length of the word without its trailing
 * particle (카카오톡과 → 카카오톡) when it ends in one after two or more
 * syllables, else 0; particle is then which one (0..NS_PARTICLES - 1). A
 * non-zero return stops ns_words and is returned. */
typedef int (*ns_word_fn)(void *ctx, const char *word, int n, int stem_len,
                          int particle);

/* How many particles ns_word_stem_len knows (at most 32: a bit each). */
#define NS_PARTICLES 26

/* Calls fn for each word of text (n bytes, any bytes). Returns 0 or what fn
 * returned. */
int ns_words(const char *text, size_t n, ns_word_fn fn, void *ctx);

/* The byte length of word without a trailing particle (은, 는, 이, 가, 을,
 * 를, 의, 에, 에서, 으로, 로, 과, 와, 도, 만, ...) when two or more Hangul
 * syllables precede it, else 0; *particle (may be NULL) becomes which. */
int ns_word_stem_len(const char *word, size_t n, int *particle);

#endif
