/*
 * web_assets.h: the files of web/, built into the program (see
 * cmake/embed_files.cmake), so `newssearch serve` finds its page wherever
 * it runs from.
 */
#ifndef NS_SRC_WEB_ASSETS_H
#define NS_SRC_WEB_ASSETS_H

#include <stddef.h>

typedef struct ns_web_asset {
  const char *path; /* "/index.html" */
  const unsigned char *data;
  size_t size;
} ns_web_asset;

/* Ends with an entry whose path is NULL. */
extern const ns_web_asset ns_web_assets[];

#endif
