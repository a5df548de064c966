/*
 * Allocation that aborts on failure: running out of memory is not a recoverable error in a reader,
 * so callers never check these for NULL.
 */
#ifndef QARI_XMALLOC_H
#define QARI_XMALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
/* Grows or shrinks an array of nmemb items of size bytes; checks the multiplication. */
void *xreallocarray(void *ptr, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Formats into a new string (like asprintf), aborting on failure. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
