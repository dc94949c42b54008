/*
 * server_framing.c: requests whose bytes say one thing to us and another
 * to a proxy in front of us are refused (400, and the connection closed).
 *
 * libmicrohttpd 0.9.75 reads the request line and headers as C strings: a
 * raw NUL byte cuts a query short without a word (q=ab\0cd is answered as
 * q=ab), a header line that starts with NUL ends the headers early and the
 * rest is read as a second request, and of two Content-Length headers the
 * first decides the framing, whatever a proxy made of the second. Each of
 * these is a request smuggling primitive behind a proxy.
 *
 * The library parses in place: the method, the URI, the version and every
 * header name and value point into the one buffer the request was read
 * into, with the line ends, the separators after the method and the URI and
 * the colon after each name overwritten by NUL bytes. So the bytes between
 * the strings it hands out tell what it cut: only those NULs (and the
 * blanks before a header value) may stand between them, and the header
 * block must end right after the last value. Any other byte there is a NUL
 * the client sent. The layout is the 0.9.7x parser's (checked by version at
 * start-up: ns_framing_layout_known); with another version only the
 * Content-Length and Transfer-Encoding rules apply.
 */
#include "server_int.h"

#include <stdint.h>
#include <string.h>
#include <strings.h>

int ns_framing_layout_known(void) {
  const char *v = MHD_get_version();
  return v != NULL && strncmp(v, "0.9.7", 5) == 0;
}

/* Whether the bytes [from, to) are all NUL (and there are lo to hi). */
static int nuls(const char *from, const char *to, size_t lo, size_t hi) {
  if ((uintptr_t)to < (uintptr_t)from) return 0;
  size_t n = (size_t)(to - from);
  if (n < lo || n > hi) return 0;
  for (size_t i = 0; i < n; i++)
    if (from[i] != '\0') return 0;
  return 1;
}

typedef struct header_walk {
  const char *prev_end; /* just past the previous line's text */
  int bad_layout;
  int n_length, n_encoding, bad_length, bad_encoding;
} header_walk;

static enum MHD_Result one_header(void *cls, enum MHD_ValueKind kind,
                                  const char *key, size_t key_size,
                                  const char *value, size_t value_size) {
  (void)kind;
  header_walk *w = cls;
  if (w->prev_end != NULL) {
    /* the line end before this name: CR LF or LF, both made NUL */
    if (!nuls(w->prev_end, key, 1, 2)) w->bad_layout = 1;
    /* the colon (made NUL), then only blanks before the value */
    const char *p = key + key_size;
    if ((uintptr_t)value < (uintptr_t)p + 1 || *p != '\0') {
      w->bad_layout = 1;
    } else {
      for (p++; p < value; p++)
        if (*p != ' ' && *p != '\t') w->bad_layout = 1;
    }
    w->prev_end = value + value_size;
  }
  if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0) {
    w->n_length++;
    if (value_size == 0 || strspn(value, "0123456789") != value_size)
      w->bad_length = 1;
  } else if (strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING) == 0) {
    w->n_encoding++;
    if (strcasecmp(value, "chunked") != 0) w->bad_encoding = 1;
  }
  return MHD_YES;
}

const char *ns_framing_error(struct MHD_Connection *c, const ns_request *r,
                             const char *url, const char *method,
                             const char *version) {
  int layout = r->raw_uri != NULL;
  if (layout) {
    /* METHOD SP URI SP VERSION, the two spaces made NUL by the parser */
    size_t method_len = strlen(method);
    if (url != r->raw_uri || url != method + method_len + 1 ||
        (uintptr_t)version != (uintptr_t)url + r->raw_uri_len + 1)
      return "the request line holds a NUL byte or stray blanks";
  }
  header_walk w = {layout ? version + strlen(version) : NULL, 0, 0, 0, 0, 0};
  MHD_get_connection_values_n(c, MHD_HEADER_KIND, one_header, &w);
  if (layout) {
    /* After the last line: its end and the empty line (2 to 4 bytes made
     * NUL). More means the headers were ended early by a NUL line. */
    const union MHD_ConnectionInfo *size =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_REQUEST_HEADER_SIZE);
    if (size != NULL && !nuls(w.prev_end, method + size->header_size, 2, 4))
      w.bad_layout = 1;
  }
  if (w.bad_layout) return "a header holds a NUL byte or is folded";
  if (w.n_length > 1) return "more than one Content-Length header";
  if (w.n_encoding > 1) return "more than one Transfer-Encoding header";
  if (w.n_length && w.n_encoding)
    return "both Content-Length and Transfer-Encoding";
  if (w.bad_length) return "Content-Length is not a number";
  if (w.bad_encoding) return "Transfer-Encoding other than chunked";
  return NULL;
}
