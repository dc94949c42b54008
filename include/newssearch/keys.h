/*
 * keys.h: words as they are typed on the standard 2-set (두벌식) Korean
 * keyboard, the layout read from libhangul.
 *
 * A word's keys are its keystrokes: a Hangul syllable is the keys of its
 * initial, its vowel and its final (compound vowels and finals as the two
 * keys that make them: 과 = ㄱ ㅗ ㅏ, 닭 = ㄷ ㅏ ㄹ ㄱ); a Latin letter or a
 * digit is itself. So a word cut anywhere a keyboard can cut it is a prefix
 * of its keys: 대토 of 대통령, 대ㅌ and 댙 (ㅌ typed as a final before the
 * vowel that moves it) too, 한국으 of 한국은행. Hangul keystrokes are
 * stored as the Latin key with the high bit set, so that they never equal
 * Latin text (the key of ㅁ, "a", is not the letter a).
 */
#ifndef NEWSSEARCH_KEYS_H
#define NEWSSEARCH_KEYS_H

#include <stddef.h>

/* Longest keys written for one word, in bytes. */
#define NS_KEYS_MAX 192

/* The keys of the 2-set layout as ASCII: the 26 letters and the 7 that
 * Shift changes (ㄲ ㄸ ㅃ ㅆ ㅉ ㅒ ㅖ). A static string. */
const char *ns_keyboard_keys(void);

/* The keys of word (n bytes of UTF-8: Hangul syllables, compatibility jamo
 * U+3131..U+3163, conjoining jamo, ASCII letters (folded to lower case) and
 * digits) into out (NS_KEYS_MAX bytes). Returns their length, or -1 when
 * word holds anything else or the keys would not fit. */
int ns_word_keys(const char *word, size_t n, unsigned char *out);

/* The keys of the initial consonants of word, which must be Hangul
 * syllables only (대통령 → ㄷㅌㄹ), into out (NS_KEYS_MAX bytes); or of word
 * itself when it is compatibility consonants only (ㄷㅌㄹ). Returns their
 * length, or 0 when word is neither. */
int ns_word_initials(const char *word, size_t n, unsigned char *out);

/* The initial consonants of Hangul syllables: ㄱ ㄲ ㄴ … ㅎ. */
#define NS_INITIAL_CONSONANTS 19

/* The keys of the initial consonants, one byte each as in
 * ns_word_initials, into out (NS_INITIAL_CONSONANTS bytes). Returns
 * NS_INITIAL_CONSONANTS, or 0 when the layout could not be read. */
int ns_initial_consonant_keys(unsigned char *out);

/* True when word is two or more compatibility consonants (ㄱ…ㅎ) and
 * nothing else: a query of initials (초성). */
int ns_is_choseong_query(const char *word, size_t n);

/* Latin letters typed with the keyboard in Korean mode: latin (ASCII
 * letters, case kept: Shift gives ㄲ ㄸ ㅃ ㅆ ㅉ ㅒ ㅖ) as libhangul's 2-set
 * input method composes it (zkzkdhxhr → 카카오톡), written as UTF-8 into
 * out (cap bytes, NUL-terminated). Returns the length, or -1 when latin
 * holds anything but ASCII letters or out is too small. */
int ns_keys_to_hangul(const char *latin, size_t n, char *out, size_t cap);

/* Hangul typed with the keyboard in Latin mode: the Latin letters of the
 * keys of word (ㅏ마매 → kakao, ㅔㅊ → pc), lower case, into out (cap
 * bytes, NUL-terminated). Returns the length, or -1 when word holds
 * anything but Hangul or out is too small. */
int ns_hangul_to_latin(const char *word, size_t n, char *out, size_t cap);

#endif
