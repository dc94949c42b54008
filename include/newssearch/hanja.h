/*
 * hanja.h: Hanja read in Hangul, for the index's readings columns and for
 * queries typed in Hanja.
 *
 * Two tables: the headline words (tokenizer/hanja_headline.c), single
 * Hanja that Korean headlines write for a whole word (美 미국, 北 북한,
 * 與 여당), shipped with the program; and libhangul's Hanja dictionary
 * (libhangul-data's hanja.txt, 303,529 `reading:hanja:meaning` lines), read
 * the other way round: from Hanja words (北美, 與野) and single characters
 * to their readings. libhangul's own lookups (hanja_table_match_*) go from
 * a reading to its Hanja only, so the file is read once per process
 * (about 60 ms) the first time a text with Hanja needs it.
 */
#ifndef NEWSSEARCH_HANJA_H
#define NEWSSEARCH_HANJA_H

#include <stddef.h>

/* Loads libhangul's Hanja table if not yet loaded (thread-safe, once per
 * process). Returns 0, or -1 when the file could not be read: *why (may be
 * NULL; a static string) says which file and what to install. Readings
 * then use the headline words and leave other Hanja unread. */
int ns_hanja_init(const char **why);

/* The text the readings columns index for text[0..n): every word of it
 * (a run between spaces and punctuation) that holds Hanja, with its Hanja
 * read in Hangul (北美정상회담 → 북미정상회담; a lone headline Hanja as its
 * word: 美 → 미국, 우리銀 → 우리은행), followed by the headline words of the
 * headline Hanja inside longer runs (韓美 → 한미 한국 미국); words
 * separated by spaces. Returns a malloc'd string the caller frees, or NULL
 * when text holds no Hanja; *oom (may be NULL) is set to 1 when NULL means
 * out of memory. Loads the tables on first use (ns_hanja_init). */
char *ns_hanja_readings(const char *text, size_t n, int *oom);

/* text[0..n) with each run of Hanja read as the readings columns read it
 * (美 → 미국, 北美 → 북미, 脫원전 → 탈원전) and everything else as it is,
 * without the headline words that follow a word there. Malloc'd, caller
 * frees; NULL when text holds no Hanja, or out of memory (*oom set; may
 * be NULL). When from and to are not NULL, they get malloc'd arrays (the
 * caller frees) with, for each byte of the result, the byte span in text
 * of the characters it came from: a reading of as many syllables as its
 * Hanja maps syllable to character, any other to the whole run. */
char *ns_hanja_read_text(const char *text, size_t n, int **from, int **to,
                         int *oom);

/* The headline word of the one Hanja character s[0..n) (美 → "미국"), a
 * static string, or NULL when it is not a headline Hanja. */
const char *ns_hanja_headline_word(const char *s, size_t n);

/* The headline Hanja whose word is word[0..n) ("미국" → "美"), a static
 * string, or NULL. */
const char *ns_hanja_headline_hanja(const char *word, size_t n);

/* True when text[0..n) holds at least one Hanja character. */
int ns_has_hanja(const char *text, size_t n);

#endif
