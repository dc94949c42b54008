/*
 * hanja_table.h: libhangul's Hanja dictionary read from Hanja to Hangul.
 * Private to tokenizer/.
 */
#ifndef NS_TOKENIZER_HANJA_TABLE_H
#define NS_TOKENIZER_HANJA_TABLE_H

#include <stddef.h>
#include <stdint.h>

/* Longest Hanja word looked up, in characters. */
#define NS_HANJA_WORD_MAX 8

/* Loads the table once per process; 0, or -1 with *why (static). */
int ns_hanja_table_load(const char **why);

/* The reading of the Hanja word w[0..n) (two to NS_HANJA_WORD_MAX
 * characters, UTF-8), pointing into the table with its length in *len, or
 * NULL when the dictionary has no such word. */
const char *ns_hanja_table_word(const char *w, size_t n, size_t *len);

/* The usual reading of the one Hanja cp, as a syllable code point: of the
 * readings the dictionary gives the character alone, the one its words
 * use most (北: 북 in 2,000-odd words, 배 in a few); 0 when unknown. */
uint32_t ns_hanja_table_char(uint32_t cp);

#endif
