/*
 * The text column written as plain text, for pipes and tests: what the reader would show, one
 * visual line per output line, without escapes. RTL lines are padded on the left to the width.
 */
#ifndef QARI_DUMP_H
#define QARI_DUMP_H

#include <stdio.h>

#include "doc.h"

struct dump_options {
	int width;
	int height; /* rows of a page, for page */
	long page;  /* 1-based; 0 prints everything */
	int flags;  /* PARA_* and LAYOUT_* */
};

/*
 * Writes doc to out, reading the rest of a partial document. Returns 0, or -1 with *cause set
 * when the page does not exist or the file could not be read to its end.
 */
int dump_doc(struct doc *doc, const struct dump_options *opt, FILE *out, char **cause);

/*
 * s (one line of clean UTF-8) as --dump would show it on a line of its own: in visual order,
 * shaped (flags: PARA_*), without its bidi controls. A new string; for a terminal, never a pipe.
 */
char *dump_visual(const char *s, int flags);

#endif
