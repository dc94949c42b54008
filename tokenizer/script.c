/*
 * script.c: which script class a code point belongs to, and which code
 * points attach to the one before them under normalization.
 */
#include "script.h"

#include <utf8proc.h>

static int in_range(uint32_t cp, uint32_t lo, uint32_t hi) {
  return cp >= lo && cp <= hi;
}

static int is_hangul(uint32_t cp) {
  /* Syllables, conjoining jamo (and their extensions A/B), and the
   * compatibility jamo people type for initial-consonant search (ㅋㅋ). */
  return ns_is_hangul_syllable(cp) || in_range(cp, 0x1100, 0x11FF) ||
         in_range(cp, 0x3130, 0x318F) || in_range(cp, 0xA960, 0xA97F) ||
         in_range(cp, 0xD7B0, 0xD7FF);
}

static int is_han(uint32_t cp) {
  /* Unified ideographs with extension A and the supplementary planes'
   * extensions; the iteration mark 々 and 〆 〇 behave as ideographs. */
  return in_range(cp, 0x4E00, 0x9FFF) || in_range(cp, 0x3400, 0x4DBF) ||
         in_range(cp, 0x20000, 0x3134F) || in_range(cp, 0xF900, 0xFAFF) ||
         in_range(cp, 0x3005, 0x3007);
}

static int is_kana(uint32_t cp) {
  return in_range(cp, 0x3041, 0x30FF) || in_range(cp, 0x31F0, 0x31FF) ||
         in_range(cp, 0xFF66, 0xFF9F);
}

enum ns_class ns_class_of(uint32_t cp) {
  if (cp < 0x80) return ns_ascii_is_word(cp) ? NS_CLASS_WORD : NS_CLASS_SEP;
  if (is_hangul(cp)) return NS_CLASS_HANGUL;
  if (is_han(cp)) return NS_CLASS_HAN;
  if (is_kana(cp)) return NS_CLASS_KANA;
  switch (utf8proc_category((utf8proc_int32_t)cp)) {
  case UTF8PROC_CATEGORY_LU:
  case UTF8PROC_CATEGORY_LL:
  case UTF8PROC_CATEGORY_LT:
  case UTF8PROC_CATEGORY_LM:
  case UTF8PROC_CATEGORY_LO:
  case UTF8PROC_CATEGORY_MN:
  case UTF8PROC_CATEGORY_MC:
  case UTF8PROC_CATEGORY_ME:
  case UTF8PROC_CATEGORY_ND:
  case UTF8PROC_CATEGORY_NL:
  case UTF8PROC_CATEGORY_NO:
    return NS_CLASS_WORD;
  default:
    return NS_CLASS_SEP;
  }
}

int ns_continues_unit(uint32_t cp) {
  if (cp < 0x300) return 0;
  /* Medial and final jamo (and their extension B) compose with the jamo or
   * syllable before them: ᄏ+ᅡ is 카, 카+ᆨ is 칵. */
  if (in_range(cp, 0x1160, 0x11FF) || in_range(cp, 0xD7B0, 0xD7FF)) return 1;
  if (ns_is_hangul_syllable(cp)) return 0;
  const utf8proc_property_t *p = utf8proc_get_property((utf8proc_int32_t)cp);
  return p->combining_class != 0 || p->category == UTF8PROC_CATEGORY_MN ||
         p->category == UTF8PROC_CATEGORY_MC ||
         p->category == UTF8PROC_CATEGORY_ME;
}
