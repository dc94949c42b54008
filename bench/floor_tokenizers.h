/*
 * floor_tokenizers.h: two FTS5 tokenizers that exist only to measure how
 * fast any n-gram index could be built with the same loader.
 */
#ifndef NS_BENCH_FLOOR_TOKENIZERS_H
#define NS_BENCH_FLOOR_TOKENIZERS_H

/* Makes every SQLite connection opened after the call know the tokenizers
 * "floor_bigrams" (hangul's document tokens without the colocated word-end
 * character: only the bigrams a two-syllable query needs) and "floor_empty"
 * (no token at all: what the loader costs before FTS5 indexes anything).
 * Returns SQLITE_OK or an SQLite error code. */
int ns_bench_floor_tokenizers_auto(void);

#endif
