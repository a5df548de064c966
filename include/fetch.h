/*
 * Web pages: `qari https://...` and the links the reader follows (fetch.c, libcurl). A fetch
 * runs a step at a time, so that the reader's loop keeps taking keys while it goes on (and Esc
 * can cancel it); fetch_load runs one to its end for the command line. The page becomes a
 * document as a file would: its Content-Type picks the loader (then its URL's extension) and
 * its charset, then the page's own <meta charset> does. A document fetched is known by its URL
 * (doc->path, and a part of its identity with its text) and resolves its links against it.
 */
#ifndef QARI_FETCH_H
#define QARI_FETCH_H

#include <stddef.h>

#include "doc.h"

/* What a page may be at most, once decompressed: larger is refused, not cut. */
#define FETCH_MAX_SIZE      ((size_t)32 << 20)
#define FETCH_MAX_SIZE_TEXT "32 MiB"
#define FETCH_REDIRECTS     10
#define FETCH_CONNECT_S     15
#define FETCH_TIMEOUT_S     60 /* the whole transfer, unless --timeout says */

struct fetch;

/* Whether s is a URL qari fetches: http:// or https://, in any case. */
int fetch_is_url(const char *s);

/* The most a whole transfer may take, in seconds (--timeout). */
void fetch_set_timeout(long seconds);

/* Starts fetching url; NULL with a one-line *cause when it cannot start. */
struct fetch *fetch_start(const char *url, char **cause);

/*
 * Moves the transfer on, waiting at most ms for it (or for fd to be readable, when fd >= 0):
 * 1 while it runs, 0 once the page is all there, -1 when it failed (fetch_doc says why).
 */
int fetch_step(struct fetch *f, int ms, int fd);

/* The bytes received so far, and the URL asked for. */
size_t fetch_bytes(const struct fetch *f);
const char *fetch_url(const struct fetch *f);

/*
 * The document of a fetch that ended: NULL with a one-line *cause ("URL: why") when it failed
 * (DNS, connection, TLS, HTTP 4xx/5xx, timeout, too large) or the page is no document. format
 * and encoding are the command line's (NULL: as the server and the page say).
 */
struct doc *fetch_doc(struct fetch *f, const char *format, const char *encoding, char **cause);

/*
 * Makes doc (loaded from the page at url) that page: named by its URL, its identity holding
 * it, its links made absolute against it or its <base href>.
 */
void fetch_doc_named(struct doc *doc, const char *url);

/* Stops a transfer (if it still runs) and frees it. */
void fetch_free(struct fetch **f);

/*
 * Fetches url to its end and makes it a document, as fetch_doc; progress (when not NULL) is
 * called with the bytes so far a few times a second, and stops the fetch by returning non-zero
 * (*cause then says it was stopped).
 */
struct doc *fetch_load(const char *url, const char *format, const char *encoding,
                       int (*progress)(size_t bytes), char **cause);

/*
 * href made absolute against base (a URL, file: included): a new string, or NULL when either
 * is no URL curl's parser takes (mailto:, javascript:...), or href has a scheme of its own
 * that is not http, https or file (it stays as written).
 */
char *fetch_resolve(const char *base, const char *href);

/* The file: URL of a local file (made absolute), a new string; NULL when it is not there. */
char *fetch_file_url(const char *path);

/* The local path a file: URL names (a new string), or NULL when url is not one. */
char *fetch_file_path(const char *url);

#endif
