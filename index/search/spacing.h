/*
 * spacing.h: where a reader may have left out a space, decided once for
 * the MATCH expressions (query_expr.c) and the highlights that mark them
 * (snippet_match.c).
 *
 * A Hangul word may also be written with one space inside, at a syllable
 * boundary with at least two syllables on each side. A one-syllable part
 * is not a spacing variant worth matching: the index holds a word's last
 * syllable as a token of its own, so "이 사회" would match every word
 * ending in 이 before 사회 (사람이 사회적, 1,234 of the 100,000 synthetic
 * articles against 2,101 for 이사회 itself) and "한국 당" every 한국 정당.
 */
#ifndef NS_SEARCH_SPACING_H
#define NS_SEARCH_SPACING_H

#define NS_SPACING_MIN_SYLLABLES 2

/* Whether a space may have been left out before syllable i (0-based) of a
 * run of n Hangul syllables. */
static inline int ns_spacing_split(int i, int n) {
  return i >= NS_SPACING_MIN_SYLLABLES && n - i >= NS_SPACING_MIN_SYLLABLES;
}

#endif
