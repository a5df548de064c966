/*
 * The settings file. Each setting is also a command-line option, so a user can keep in the file
 * what would otherwise be typed each time: shape, bidi, column width, sidebar side, colours.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "para.h"
#include "layout.h"
#include "keymap.h"
#include "settings.h"
#include "utf8.h"
#include "xmalloc.h"

static char *
settings_path(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

	if (xdg != NULL && *xdg == '/')
		return xasprintf("%s/qari/config", xdg);
	if (home != NULL && *home != '\0')
		return xasprintf("%s/.config/qari/config", home);
	return NULL;
}

static char *
trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

int
settings_apply(struct options *opt, const char *name, const char *value, char **cause)
{
	char *end, *q;
	long n;

	if (strcmp(name, "shape") == 0) {
		if (strcmp(value, "arabic") == 0)
			opt->para_flags |= PARA_SHAPE;
		else if (strcmp(value, "none") == 0)
			opt->para_flags &= ~PARA_SHAPE;
		else
			goto bad;
	} else if (strcmp(name, "bidi") == 0) {
		if (strcmp(value, "visual") == 0)
			opt->para_flags &= ~LAYOUT_LOGICAL;
		else if (strcmp(value, "terminal") == 0)
			opt->para_flags |= LAYOUT_LOGICAL;
		else
			goto bad;
	} else if (strcmp(name, "column") == 0) {
		n = strtol(value, &end, 10);
		if (*value == '\0' || *end != '\0' || n < 20 || n > 1000)
			goto bad;
		opt->max_column = n;
	} else if (strcmp(name, "sidebar") == 0) {
		if (strcmp(value, "auto") == 0)
			opt->sidebar_right = -1;
		else if (strcmp(value, "left") == 0)
			opt->sidebar_right = 0;
		else if (strcmp(value, "right") == 0)
			opt->sidebar_right = 1;
		else
			goto bad;
	} else if (strcmp(name, "color") == 0) {
		if (strcmp(value, "yes") == 0 || strcmp(value, "auto") == 0)
			opt->no_color = 0;
		else if (strcmp(value, "no") == 0)
			opt->no_color = 1;
		else
			goto bad;
	} else if (strcmp(name, "bind") == 0) {
		return keymap_bind(value, cause); /* "KEY COMMAND": the key table is keymap.c's */
	} else if (strcmp(name, "mouse") == 0) {
		if (strcmp(value, "on") == 0)
			opt->no_mouse = 0;
		else if (strcmp(value, "off") == 0)
			opt->no_mouse = 1;
		else
			goto bad;
	} else {
		q = utf8_shorten(name, UTF8_QUOTE_MAX);
		*cause = xasprintf("unknown setting '%s' (known: shape, bidi, column, sidebar, "
		                   "color, mouse, bind)",
		                   q);
		free(q);
		return -1;
	}
	return 0;
bad:
	q = utf8_shorten(value, UTF8_QUOTE_MAX);
	*cause = xasprintf("bad value '%s' for %s", q, name);
	free(q);
	return -1;
}

int
settings_load(struct options *opt, char **cause)
{
	char *path = settings_path(), *line = NULL, *s, *eq, *why = NULL;
	size_t cap = 0, lineno = 0;
	int rc = 0;
	FILE *f;

	if (path == NULL)
		return 0;
	if ((f = fopen(path, "r")) == NULL) {
		if (errno != ENOENT) {
			*cause = xasprintf("%s: %s", path, strerror(errno));
			rc = -1;
		}
		free(path);
		return rc;
	}
	while (rc == 0 && getline(&line, &cap, f) != -1) {
		s = line;
		if (lineno++ == 0 && strncmp(s, "\xEF\xBB\xBF", 3) == 0)
			s += 3; /* a BOM, as some editors write */
		s = trim(s);
		if (*s == '#' || *s == '\0')
			continue;
		if ((eq = strchr(s, '=')) == NULL) {
			*cause = xasprintf("%s:%zu: expected 'name = value'", path, lineno);
			rc = -1;
			break;
		}
		*eq = '\0';
		if (settings_apply(opt, trim(s), trim(eq + 1), &why) != 0) {
			*cause = xasprintf("%s:%zu: %s", path, lineno, why);
			free(why);
			rc = -1;
		}
	}
	/* A folder opens, and fails at its first read. */
	if (rc == 0 && ferror(f)) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		rc = -1;
	}
	free(line);
	fclose(f);
	free(path);
	return rc;
}
