/*
 * The interactive reader: the ncurses screen over a set of loaded documents.
 */
#ifndef QARI_READER_H
#define QARI_READER_H

#include "doc.h"
#include "options.h"

/* Runs the reader until the user quits; returns the exit status. The documents stay the caller's.
 */
int reader_run(struct doc **docs, size_t ndocs, const struct options *opt);

#endif
