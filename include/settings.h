/*
 * The settings file, $XDG_CONFIG_HOME/qari/config (default ~/.config/qari/config): lines of
 * "name = value", '#' starts a comment. The command line overrides what it sets.
 */
#ifndef QARI_SETTINGS_H
#define QARI_SETTINGS_H

#include "options.h"

/*
 * Reads the settings file into opt, when there is one. Returns 0, or -1 with a one-line reason
 * in *cause ("config:3: unknown setting 'foo'") for a line that makes no sense.
 */
int settings_load(struct options *opt, char **cause);

/* Applies one "name = value" setting; the same names as the file. */
int settings_apply(struct options *opt, const char *name, const char *value, char **cause);

#endif
