/*
 * extension.c: entry point of newssearch_fts5.so, so that any SQLite user
 * can `.load newssearch_fts5` and create tables with tokenize='hangul'.
 */
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1

#include "newssearch/tokenizer.h"

/* SQLite looks for sqlite3_extension_init first, then for a name derived
 * from the file name (sqlite3_newssearchfts_init); both are provided. */
#ifdef _WIN32
__declspec(dllexport)
#endif
    int sqlite3_extension_init(sqlite3 *db, char **errmsg,
                               const sqlite3_api_routines *api) {
  SQLITE_EXTENSION_INIT2(api);
  return ns_fts5_register(db, errmsg);
}

int sqlite3_newssearchfts_init(sqlite3 *db, char **errmsg,
                               const sqlite3_api_routines *api) {
  return sqlite3_extension_init(db, errmsg, api);
}
