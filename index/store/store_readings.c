/*
 * store_readings.c: the SQL functions that fill the readings columns
 * (schema version 3): ns_readings(text), the words of text with Hanja read
 * in Hangul or NULL, and ns_has_hanja(text), for the migration to pick the
 * articles it must rewrite.
 */
#include "store_int.h"
#include "store_search.h"

#include "newssearch/hanja.h"

#include <stdlib.h>

static void readings_sql(sqlite3_context *ctx, int argc, sqlite3_value **v) {
  (void)argc;
  const char *text = (const char *)sqlite3_value_text(v[0]);
  if (text == NULL) return; /* NULL */
  int oom = 0;
  char *r = ns_hanja_readings(text, (size_t)sqlite3_value_bytes(v[0]), &oom);
  if (oom)
    sqlite3_result_error_nomem(ctx);
  else if (r)
    sqlite3_result_text(ctx, r, -1, free);
}

static void has_hanja_sql(sqlite3_context *ctx, int argc, sqlite3_value **v) {
  (void)argc;
  const char *text = (const char *)sqlite3_value_text(v[0]);
  sqlite3_result_int(
      ctx, text && ns_has_hanja(text, (size_t)sqlite3_value_bytes(v[0])));
}

int ns_readings_register(sqlite3 *db) {
  int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC;
  int rc = sqlite3_create_function(db, "ns_readings", 1, flags, NULL,
                                   readings_sql, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function(db, "ns_has_hanja", 1, flags, NULL,
                                 has_hanja_sql, NULL, NULL);
  return rc;
}

int ns_store_has_readings(const ns_store *s) { return s->schema_version >= 3; }
