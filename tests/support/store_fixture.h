/*
 * store_fixture.h: a small real database for tests and fuzz targets that
 * need one (keys k0, k1, ...; every title "장애 소식").
 */
#ifndef NS_TESTS_SUPPORT_STORE_FIXTURE_H
#define NS_TESTS_SUPPORT_STORE_FIXTURE_H

#include "newssearch/store.h"

/* Creates the database at path (replacing any) with one article per body
 * and returns it open for writing (close with ns_store_close), or NULL
 * with the reason on stderr. */
ns_store *ns_fixture_store(const char *path, const char *const *bodies, int n);

#endif
