/*
 * The settings a run of qari works with, from the command line and the config file.
 */
#ifndef QARI_OPTIONS_H
#define QARI_OPTIONS_H

struct options {
	int width;         /* dump width; 0 = $COLUMNS or 80 */
	int height;        /* dump page height */
	long page;         /* dump page, 1-based; 0 = all */
	int para_flags;    /* PARA_* | LAYOUT_LOGICAL */
	int cli_flags;     /* the bits of para_flags the command line set: the settings keep off */
	int dump;          /* print instead of opening the reader */
	int max_column;    /* reader text column, cells */
	int sidebar_right; /* -1 = by document direction, 0 left, 1 right */
	const char *format;
	const char *encoding;  /* --encoding: the files' charset; NULL = UTF-8, or as they say */
	const char *bookmarks; /* --bookmarks (tsv) or --export-bookmarks FORMAT */
	int no_color;          /* never use colours, as NO_COLOR asks */
	int no_mouse;          /* mouse = off: the terminal keeps its own selection */
	const char *warning;   /* the settings file's first mistake, for the status line */
	int warnings;          /* how many it had */
	const char *search;
	int search_flags;
	int search_count; /* --count: how many matches, not where */
	char *load_error; /* the first file that could not be opened, and why: the reader says it */
	int load_errors;  /* how many could not */
};

#endif
