/*
 * fuzz_hanja.c: Hanja read in Hangul from any bytes, as the index reads
 * every title and body. Readings exist exactly when the text has Hanja,
 * are valid UTF-8 when the text is, and stay within a few times the
 * text's size; the text read for highlighting maps each byte it writes to
 * a span of the text that starts before it ends, inside the text, in
 * order.
 */
#include "fuzz_check.h"

#include "newssearch/hanja.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *text = (const char *)data;
  int has = ns_has_hanja(text, size), oom = 0;
  char *r = ns_hanja_readings(text, size, &oom);
  FUZZ_CHECK(!oom, "out of memory");
  FUZZ_CHECK((r != NULL) == has, "readings exactly when there is Hanja");
  if (r) {
    size_t n = strlen(r);
    FUZZ_CHECK(n <= 8 * size + 64, "readings grow boundlessly");
    if (fuzz_utf8_valid(text, size))
      FUZZ_CHECK(fuzz_utf8_valid(r, n), "readings not UTF-8");
  }
  free(r);
  int *from = NULL, *to = NULL;
  char *read = ns_hanja_read_text(text, size, &from, &to, &oom);
  FUZZ_CHECK(!oom && (read != NULL) == has, "read text");
  if (read) {
    size_t n = strlen(read);
    int last = 0;
    for (size_t i = 0; i < n; i++) {
      FUZZ_CHECK(from[i] >= 0 && from[i] < to[i] && (size_t)to[i] <= size,
                 "a byte maps outside the text");
      FUZZ_CHECK(from[i] >= last, "the map goes back");
      last = from[i];
    }
  }
  free(read), free(from), free(to);
  return 0;
}
