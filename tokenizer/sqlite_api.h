/*
 * sqlite_api.h: the SQLite declarations for code that is compiled both into
 * the program (linked against libsqlite3) and into the loadable extension
 * (which must call SQLite through the sqlite3_api table the host passes in).
 */
#ifndef NS_TOKENIZER_SQLITE_API_H
#define NS_TOKENIZER_SQLITE_API_H

#ifdef NS_SQLITE_EXTENSION
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT3
#else
#include <sqlite3.h>
#endif

#endif
