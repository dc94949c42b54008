/*
 * cmd_tokenize.c: `newssearch tokenize [--query] [--json] TEXT`, the view
 * of what the index sees, for people debugging a search.
 */
#include "cli.h"

#include "newssearch/tokenizer.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct token_printer {
  json_t *json; /* array being built, or NULL for one line per token */
  int position; /* FTS5 position of the last token, -1 before the first */
} token_printer;

static int print_token(void *ctx, int flags, const char *tok, int n, int start,
                       int end) {
  token_printer *p = ctx;
  if (!(flags & NS_TOKEN_COLOCATED)) p->position++;
  if (p->json == NULL) {
    printf("%.*s\t%d\t%d\t%d\n", n, tok, p->position, start, end);
    return 0;
  }
  json_t *o = json_pack("{s:s%,s:i,s:i,s:i}", "token", tok, (size_t)n,
                        "position", p->position, "start", start, "end", end);
  if (o == NULL || json_array_append_new(p->json, o) != 0) return 1;
  return 0;
}

/* Reads all of standard input into a malloc'd buffer; NULL when out of
 * memory or on a read error. */
static char *read_stdin(size_t *len) {
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap);
  while (buf != NULL) {
    n += fread(buf + n, 1, cap - n, stdin);
    if (n < cap) break;
    char *bigger = realloc(buf, cap * 2);
    if (bigger == NULL) {
      free(buf);
      return NULL;
    }
    buf = bigger;
    cap *= 2;
  }
  if (buf != NULL && ferror(stdin)) {
    free(buf);
    return NULL;
  }
  *len = n;
  return buf;
}

int ns_cmd_tokenize(int argc, char **argv) {
  int mode = NS_TOKENIZE_DOCUMENT, as_json = 0;
  const char *text = NULL;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--query"))
      mode = NS_TOKENIZE_QUERY;
    else if (!strcmp(argv[i], "--json"))
      as_json = 1;
    else if (argv[i][0] == '-' && argv[i][1] != '\0') {
      fprintf(stderr, "newssearch tokenize: unknown option '%s'\n", argv[i]);
      return NS_EXIT_USAGE;
    } else if (text != NULL) {
      fprintf(stderr, "newssearch tokenize: give the text as one argument "
                      "(quote it) or as - for standard input\n");
      return NS_EXIT_USAGE;
    } else
      text = argv[i];
  }
  if (text == NULL) {
    fprintf(stderr, "usage: newssearch tokenize [--query] [--json] TEXT|-\n");
    return NS_EXIT_USAGE;
  }

  char *owned = NULL;
  size_t len = strlen(text);
  if (!strcmp(text, "-")) {
    owned = read_stdin(&len);
    if (owned == NULL) {
      fprintf(stderr, "newssearch tokenize: cannot read standard input\n");
      return NS_EXIT_FATAL;
    }
    text = owned;
  }
  if (len > 0x7FFFFFFF) {
    fprintf(stderr, "newssearch tokenize: input over 2 GB\n");
    free(owned);
    return NS_EXIT_FATAL;
  }

  token_printer p = {as_json ? json_array() : NULL, -1};
  int rc = ns_tokenize(text, (int)len, mode, print_token, &p);
  if (rc == 0 && p.json != NULL) {
    rc = json_dumpf(p.json, stdout, JSON_COMPACT);
    putchar('\n');
  }
  json_decref(p.json);
  free(owned);
  if (rc != 0) {
    fprintf(stderr, "newssearch tokenize: out of memory\n");
    return NS_EXIT_FATAL;
  }
  return NS_EXIT_OK;
}
