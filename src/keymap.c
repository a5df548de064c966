/*
 * The bindings of keys to the commands of keys.c, key names as the help and the settings write
 * them, and the help screen made from the two.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "keymap.h"
#include "xmalloc.h"

#define CTRL(c)      ((c)&0x1f)
#define BINDINGS_MAX 256

struct binding {
	int key;
	const struct command *cmd;
};

static const struct {
	int key;
	const char *command;
} defaults[] = {
    {' ', "page-down"},
    {'f', "page-down"},
    {KEY_NPAGE, "page-down"},
    {CTRL('f'), "page-down"},
    {'b', "page-up"},
    {KEY_PPAGE, "page-up"},
    {CTRL('b'), "page-up"},
    {'j', "line-down"},
    {'e', "line-down"},
    {KEY_DOWN, "line-down"},
    {'\n', "line-down"},
    {'\r', "line-down"},
    {KEY_ENTER, "line-down"},
    {'k', "line-up"},
    {KEY_UP, "line-up"},
    {'d', "half-page-down"},
    {'u', "half-page-up"},
    {'g', "top"},
    {'<', "top"},
    {KEY_HOME, "top"},
    {'G', "bottom"},
    {'>', "bottom"},
    {KEY_END, "bottom"},
    {'%', "percent"},
    {']', "next-heading"},
    {'[', "previous-heading"},
    {CTRL('o'), "jump-back"},
    {CTRL('p'), "jump-forward"},
    {KEY_RIGHT, "scroll-right"},
    {KEY_LEFT, "scroll-left"},
    {'+', "wider"},
    {'=', "wider"},
    {'-', "narrower"},
    {'L', "linebreaks"},
    {'\t', "sidebar"},
    {'S', "sidebar-side"},
    {':', "command"},
    {'m', "mark"},
    {'\'', "go-to-mark"},
    {'v', "select"},
    {'y', "copy"},
    {'U', "links"},
    {'/', "search"},
    {'?', "search-backward"},
    {'n', "next-match"},
    {'N', "previous-match"},
    {27, "clear"},
    {CTRL('g'), "info"},
    {CTRL('l'), "redraw"},
    {'h', "help"},
    {KEY_F(1), "help"},
    {'q', "quit"},
    {'Q', "quit"},
    {CTRL('c'), "quit"},
};

/* Other names ':' takes, as vim and less users type them. */
static const struct {
	const char *alias, *name;
} aliases[] = {
    {"q", "quit"},
    {"n", "next-document"},
    {"next", "next-document"},
    {"p", "previous-document"},
    {"prev", "previous-document"},
    {"f", "info"},
    {"file", "info"},
    {"noh", "clear"},
    {"nohlsearch", "clear"},
    {"h", "help"},
};

/* Names of keys that are not themselves printable. */
static const struct {
	int key;
	const char *name;
} names[] = {
    {' ', "Space"},
    {'\t', "Tab"},
    {'\n', "Enter"},
    {'\r', "Enter"},
    {KEY_ENTER, "Enter"},
    {27, "Esc"},
    {KEY_NPAGE, "PgDn"},
    {KEY_PPAGE, "PgUp"},
    {KEY_HOME, "Home"},
    {KEY_END, "End"},
    {KEY_UP, "Up"},
    {KEY_DOWN, "Down"},
    {KEY_LEFT, "Left"},
    {KEY_RIGHT, "Right"},
    {KEY_DC, "Delete"},
    {KEY_IC, "Insert"},
    {KEY_BACKSPACE, "Backspace"},
    {127, "Backspace"},
    {KEY_BTAB, "Shift-Tab"},
};

static struct binding bindings[BINDINGS_MAX];
static size_t nbindings;
static int ready;

const struct command *
keymap_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
		if (strcmp(name, aliases[i].alias) == 0)
			name = aliases[i].name;
	for (i = 0; i < keys_ncommands; i++)
		if (strcmp(name, keys_commands[i].name) == 0)
			return &keys_commands[i];
	return NULL;
}

static void
set(int key, const struct command *cmd)
{
	size_t i;

	for (i = 0; i < nbindings && bindings[i].key != key; i++)
		;
	if (cmd == NULL) { /* unbound */
		if (i < nbindings)
			bindings[i] = bindings[--nbindings];
		return;
	}
	if (i == nbindings && nbindings < BINDINGS_MAX)
		nbindings++;
	if (i < nbindings)
		bindings[i] = (struct binding){key, cmd};
}

void
keymap_reset(void)
{
	size_t i;

	nbindings = 0;
	for (i = 0; i < sizeof defaults / sizeof defaults[0]; i++)
		set(defaults[i].key, keymap_find(defaults[i].command));
	ready = 1;
}

const struct command *
keymap_lookup(int key)
{
	size_t i;

	if (!ready)
		keymap_reset();
	for (i = 0; i < nbindings; i++)
		if (bindings[i].key == key)
			return bindings[i].cmd;
	return NULL;
}

const char *
keymap_key_name(int key, char *buf, size_t size)
{
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (names[i].key == key) {
			snprintf(buf, size, "%s", names[i].name);
			return buf;
		}
	if (key >= KEY_F(1) && key <= KEY_F(12))
		snprintf(buf, size, "F%d", key - KEY_F(0));
	else if (key >= 1 && key <= 26)
		snprintf(buf, size, "Ctrl-%c", 'A' + key - 1);
	else if (key > ' ' && key < 127)
		snprintf(buf, size, "%c", key);
	else
		snprintf(buf, size, "key %d", key);
	return buf;
}

/* The key a name stands for (as keymap_key_name writes it, or C-x, ^X); -1 if none. */
static int
key_parse(const char *s)
{
	char buf[32];
	int k;

	if (s[0] != '\0' && s[1] == '\0' && (unsigned char)s[0] > ' ' && (unsigned char)s[0] < 127)
		return s[0];
	if ((strncmp(s, "Ctrl-", 5) == 0 || strncmp(s, "C-", 2) == 0 || s[0] == '^') &&
	    strlen(s) == (s[0] == '^'   ? 2
	                  : s[1] == '-' ? 3
	                                : 6)) {
		int c = s[strlen(s) - 1] | 0x20;

		if (c >= 'a' && c <= 'z')
			return CTRL(c);
	}
	for (k = 0; k < (int)(sizeof names / sizeof names[0]); k++)
		if (strcasecmp(s, names[k].name) == 0)
			return names[k].key;
	for (k = 1; k <= 12; k++) {
		snprintf(buf, sizeof buf, "F%d", k);
		if (strcasecmp(s, buf) == 0)
			return KEY_F(k);
	}
	return -1;
}

int
keymap_bind(const char *spec, char **cause)
{
	char key[32], name[64], extra[2];
	const struct command *cmd = NULL;
	int k;

	if (!ready)
		keymap_reset();
	if (sscanf(spec, "%31s %63s %1s", key, name, extra) != 2) {
		*cause =
		    xasprintf("bind takes a key and a command (bind = G bottom), not '%s'", spec);
		return -1;
	}
	if ((k = key_parse(key)) < 0) {
		*cause = xasprintf("bind: unknown key '%s' (a letter, Space, Enter, Tab, Ctrl-X, "
		                   "PgDn, PgUp, Home, End, Up, Down, F1...)",
		                   key);
		return -1;
	}
	if (strcmp(name, "none") != 0 && (cmd = keymap_find(name)) == NULL) {
		*cause = xasprintf("bind: unknown command '%s' (h in the reader lists them)", name);
		return -1;
	}
	if (k >= '0' && k <= '9') {
		*cause = xasprintf("bind: digits are counts (5j, 50%%), not keys to bind");
		return -1;
	}
	set(k, cmd);
	return 0;
}

char **
keymap_help(size_t *n)
{
	char **lines = xreallocarray(NULL, keys_ncommands, sizeof *lines), keys[96], name[32];
	size_t i, j, len;

	if (!ready)
		keymap_reset();
	for (i = 0; i < keys_ncommands; i++) {
		const struct command *c = &keys_commands[i];

		keys[0] = '\0';
		for (j = 0; j < nbindings; j++) {
			if (bindings[j].cmd != c)
				continue;
			keymap_key_name(bindings[j].key, name, sizeof name);
			if (strstr(keys, name) != NULL &&
			    (len = strlen(name),
			     strstr(keys, name)[len] == ' ' || strstr(keys, name)[len] == '\0'))
				continue; /* Enter is three keys, shown once */
			if (strlen(keys) + strlen(name) + 3 < sizeof keys)
				snprintf(keys + strlen(keys), sizeof keys - strlen(keys), "%s%s",
				         keys[0] ? "  " : "", name);
		}
		lines[i] = xasprintf("%-23s %-36s :%s", keys[0] ? keys : "-", c->help, c->name);
	}
	*n = keys_ncommands;
	return lines;
}
