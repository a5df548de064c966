/*
 * qari --search: the search of search.c over files, printed one match a line as grep does.
 */
#ifndef QARI_GREP_H
#define QARI_GREP_H

#include <stddef.h>

#include "options.h"

/*
 * Searches the files (folders are expanded) for opt->search and prints FILE:LINE:COL: context
 * for each match, or the counts with opt->search_count. Returns 0 when something matched, 1
 * when nothing did, 2 on an error. Whether standard output took it all is the caller's to check.
 */
int grep_run(const struct options *opt, char **files, size_t nfiles);

#endif
