/*
 * The settings file. Each setting is also a command-line option, so a user can keep in the file
 * what would otherwise be typed each time: shape, bidi, column width, sidebar side, colours.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "para.h"
#include "layout.h"
#include "keymap.h"
#include "settings.h"
#include "store.h"
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
settings_lines(const char *value)
{
	if (strcmp(value, "auto") == 0)
		return 0;
	if (strcmp(value, "keep") == 0)
		return LAYOUT_KEEP_LINES;
	if (strcmp(value, "join") == 0)
		return LAYOUT_JOIN_LINES;
	return -1;
}

const char *
settings_lines_name(int flags)
{
	if (flags & LAYOUT_KEEP_LINES)
		return "keep";
	return flags & LAYOUT_JOIN_LINES ? "join" : "auto";
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
	} else if (strcmp(name, "linebreaks") == 0) {
		if ((n = settings_lines(value)) < 0)
			goto bad;
		opt->para_flags = (opt->para_flags & ~LAYOUT_LINES) | (int)n;
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
		*cause = xasprintf("unknown setting '%s' (known: shape, bidi, linebreaks, column, "
		                   "sidebar, color, mouse, bind)",
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

/*
 * A comment runs from a '#' after a blank to the end of the line. The value's first character
 * never starts one: "bind = # top" binds the key '#'.
 */
static void
strip_comment(char *value)
{
	char *p;

	for (p = value + (*value != '\0'); *p != '\0'; p++)
		if (*p == '#' && (p[-1] == ' ' || p[-1] == '\t')) {
			*p = '\0';
			break;
		}
}

/* Adds one line to the warnings said so far. */
static void
warn(char **warnings, int *n, const char *path, size_t lineno, const char *why)
{
	char *old = *warnings;

	if (old == NULL)
		*warnings = xasprintf("%s:%zu: %s", path, lineno, why);
	else
		*warnings = xasprintf("%s\n%s:%zu: %s", old, path, lineno, why);
	free(old);
	(*n)++;
}

int
settings_load(struct options *opt, char **warnings)
{
	char *path = settings_path(), *line = NULL, *s, *eq, *value, *why = NULL;
	size_t cap = 0, lineno = 0;
	int n = 0;
	FILE *f;

	*warnings = NULL;
	if (path == NULL)
		return 0;
	if ((f = fopen(path, "r")) == NULL) {
		if (errno != ENOENT) {
			*warnings = xasprintf("%s: %s", path, strerror(errno));
			n = 1;
		}
		free(path);
		return n;
	}
	while (getline(&line, &cap, f) != -1) {
		s = line;
		if (lineno++ == 0 && strncmp(s, "\xEF\xBB\xBF", 3) == 0)
			s += 3; /* a BOM, as some editors write */
		s = trim(s);
		if (*s == '#' || *s == '\0')
			continue;
		if ((eq = strchr(s, '=')) == NULL) {
			warn(warnings, &n, path, lineno, "expected 'name = value'");
			continue;
		}
		*eq = '\0';
		value = trim(eq + 1);
		strip_comment(value);
		/* A mistake leaves that setting at its default: the rest of the file still holds.
		 */
		if (settings_apply(opt, trim(s), trim(value), &why) != 0) {
			warn(warnings, &n, path, lineno, why);
			free(why);
			why = NULL;
		}
	}
	/* A folder opens, and fails at its first read. */
	if (ferror(f)) {
		free(*warnings);
		*warnings = xasprintf("%s: %s", path, strerror(errno));
		n = 1;
	}
	free(line);
	fclose(f);
	free(path);
	return n;
}

/*
 * Where + and - keep the width: beside the database, as reading positions are (it is state the
 * reader keeps, not a line the user wrote). It holds the width and the column setting it was
 * set over, so that a column later written in the settings file wins over an older width.
 */
static char *
width_path(void)
{
	char *db, *cause = NULL, *slash, *path;

	if ((db = store_default_path(&cause)) == NULL) {
		free(cause);
		return NULL;
	}
	slash = strrchr(db, '/');
	*slash = '\0';
	path = xasprintf("%s/width", db);
	free(db);
	return path;
}

int
settings_width_load(int column)
{
	char *path = width_path();
	int width, over;
	FILE *f;

	if (path == NULL || (f = fopen(path, "r")) == NULL) {
		free(path);
		return column;
	}
	if (fscanf(f, "%d %d", &width, &over) != 2 || over != column || width < 20 || width > 1000)
		width = column;
	fclose(f);
	free(path);
	return width;
}

int
settings_width_save(int width, int column, char **cause)
{
	char *path = width_path(), *tmp;
	int rc = 0;
	FILE *f;

	if (path == NULL)
		return 0; /* no home: the database said so already */
	tmp = xasprintf("%s.%ld", path, (long)getpid());
	/* Renamed into place: two readers quitting at once leave one width, never half of each. */
	if ((f = fopen(tmp, "w")) != NULL) {
		fprintf(f, "%d %d\n", width, column);
		rc = ferror(f) ? -1 : 0;
		rc = fclose(f) != 0 ? -1 : rc;
	}
	if (f == NULL || rc != 0 || rename(tmp, path) != 0) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		unlink(tmp);
		rc = -1;
	}
	free(tmp);
	free(path);
	return rc;
}
