/*
 * The settings file, $XDG_CONFIG_HOME/qari/config (default ~/.config/qari/config): lines of
 * "name = value", '#' starts a comment (after a blank, on a setting's line). The command line
 * overrides what it sets.
 */
#ifndef QARI_SETTINGS_H
#define QARI_SETTINGS_H

#include "options.h"

/*
 * Reads the settings file into opt, when there is one. A line that makes no sense leaves its
 * setting at the default and is a warning: returns how many, their lines in *warnings (a new
 * string, one "config:3: unknown setting 'foo'" a line; NULL when none).
 */
int settings_load(struct options *opt, char **warnings);

/* The LAYOUT_*_LINES bit a linebreaks value names (auto: 0), or -1 for no known value. */
int settings_lines(const char *value);
/* The linebreaks value of the LAYOUT_*_LINES bits in flags: "auto", "keep" or "join". */
const char *settings_lines_name(int flags);

/* Applies one "name = value" setting; the same names as the file. */
int settings_apply(struct options *opt, const char *name, const char *value, char **cause);

/*
 * The text column's width as + and - last left it, when it was set over this same column
 * setting (the settings file's, else the default); else column.
 */
int settings_width_load(int column);
/* Remembers width, set over the column setting column; -1 and *cause when it cannot. */
int settings_width_save(int width, int column, char **cause);

#endif
