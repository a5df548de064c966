/*
 * The key table: every command of the text pane by name, what it does, and the keys bound to
 * it. The keys dispatch through it, ':' runs a command by its name, the help screen is made
 * from it (so it lists what the keys really do), and "bind" in the settings changes it.
 */
#ifndef QARI_KEYMAP_H
#define QARI_KEYMAP_H

#include <stddef.h>

struct reader;

/* A command: run returns DO_* flags and reads r->count (a number typed before the key). */
struct command {
	const char *name; /* for ':' and "bind" */
	const char *help; /* what it does, for the help screen */
	int (*run)(struct reader *r);
};

/* The commands, in the order the help lists them (keys.c). */
extern const struct command keys_commands[];
extern const size_t keys_ncommands;

/* The command bound to key, or NULL. */
const struct command *keymap_lookup(int key);

/* The command named name (or an alias listed with it), or NULL. */
const struct command *keymap_find(const char *name);

/* Puts the default bindings back: what qari does with no "bind" in the settings. */
void keymap_reset(void);

/*
 * Applies one "bind" setting: "KEY COMMAND" binds KEY (q, G, Space, Ctrl-F, C-f, PgDn, F1...)
 * to COMMAND, "KEY none" unbinds it. -1 with *cause when the key or the command is unknown.
 */
int keymap_bind(const char *spec, char **cause);

/* The name a user knows key by (Space, Ctrl-F, PgDn, G), into buf; buf. */
const char *keymap_key_name(int key, char *buf, size_t size);

/* The help screen's lines for the key table, a new array of new strings; *n gets how many. */
char **keymap_help(size_t *n);

#endif
