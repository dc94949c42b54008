/*
 * question.h: what of a question's word is worth matching when a query is
 * relaxed to any of its bigrams (query_expr.c). Questions are written in
 * words an article does not use: a question word (무엇인가, 언제, 몇) is
 * never the answer's text, and the particle of a word (통신사는) adds a
 * bigram that spans it (사는), which matches unrelated words (회사는)
 * rather than the article.
 */
#ifndef NS_SEARCH_QUESTION_H
#define NS_SEARCH_QUESTION_H

#include <stddef.h>

/* The length in bytes of the start of word (n bytes) worth matching at the
 * relaxed level: 0 for a question word (무엇인가, 언제, 몇), else the word
 * without its trailing particle where two or more syllables are left
 * (통신사는: 통신사; words.h), else n. */
size_t ns_question_kept_len(const char *word, size_t n);

#endif
