/*
 * parse_int.h: what the parse_*.c files share. Private to index/.
 */
#ifndef NS_INDEX_PARSE_INT_H
#define NS_INDEX_PARSE_INT_H

#include <stddef.h>

/* Whether the n bytes at s (just after a '<') open or close a tag named
 * name, in any case: "p>", "/P>", "p class=..." all count for "p". */
int ns_html_opens_tag(const char *s, size_t n, const char *name);

/* Whether s (n bytes) holds a tag named in tags (NULL-terminated). Decides
 * whether a body is HTML; "<앵커>" or "a < b" in plain text is not. */
int ns_html_has_tag(const char *s, size_t n, const char *const *tags);

#endif
