/*
 * correct.h: what a reader meant, from the vocabulary of the index. Each
 * plain word of a query that the vocabulary does not know is corrected on
 * its own: initial consonants only (ㄷㅌㄹ) to the most frequent word with
 * those initials; Latin letters typed in Korean mode's place (zkzkdhxhr)
 * or jamo typed in Latin mode's (ㅔㅊ) to the word the 2-set keyboard
 * makes of them; a Hangul word to the most frequent word one keystroke
 * away (카카오특 → 카카오톡), counted in the jamo keys a keyboard types, not
 * bytes or syllables. Known words, numbers, operators and phrases stay as
 * typed.
 */
#ifndef NEWSSEARCH_CORRECT_H
#define NEWSSEARCH_CORRECT_H

#include "newssearch/error.h"
#include "newssearch/store.h"

#include <stddef.h>

/* Why a query was corrected: its first corrected word's reason. */
#define NS_FIX_TYPO "typo"
#define NS_FIX_LAYOUT "layout"
#define NS_FIX_CHOSEONG "choseong"

/* Corrects text (n bytes) against s's vocabulary; a word found in at most
 * rare articles counts as unknown (0: only words found nowhere). Returns 1
 * with *to (the corrected text, malloc'd, caller frees) and *reason (one of
 * NS_FIX_*, a literal), 0 when no word needs a correction, -1 with *err. */
int ns_correct_query(ns_store *s, const char *text, size_t n, long rare,
                     char **to, const char **reason, ns_error *err);

#endif
