/*
 * Unit tests for the key table (keymap.c): the default bindings, key names both ways, "bind"
 * settings and their errors, and that the help lists every command. No terminal is opened:
 * key codes are curses' constants, nothing more. Prints TAP for automake's tap-driver.sh.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keymap.h"
#include "tap.h"

/* The name of the command key runs, or "" when none. */
static const char *
bound(int key)
{
	const struct command *c = keymap_lookup(key);

	return c != NULL ? c->name : "";
}

static void
bind_ok(const char *spec, const char *what)
{
	char *cause = NULL;

	if (!tap_ok(keymap_bind(spec, &cause) == 0, what))
		printf("# cause: %s\n", cause != NULL ? cause : "(none)");
	free(cause);
}

static void
bind_fails(const char *spec, const char *has, const char *what)
{
	char *cause = NULL;
	int rc = keymap_bind(spec, &cause);

	if (!tap_ok(rc == -1 && cause != NULL && strstr(cause, has) != NULL, what))
		printf("# rc %d, cause: %s\n", rc, cause != NULL ? cause : "(none)");
	free(cause);
}

int
main(void)
{
	char buf[32], **help;
	size_t n, i, j, listed = 0;

	setvbuf(stdout, NULL, _IONBF, 0);
	keymap_reset();
	tap_is_str(bound(' '), "page-down", "Space: next page, as less");
	tap_is_str(bound('j'), "line-down", "j: one line down, as vim");
	tap_is_str(bound(KEY_NPAGE), "page-down", "PgDn: next page");
	tap_is_str(bound('G'), "bottom", "G: the end");
	tap_is_str(bound('/'), "search", "/: search");
	tap_is_str(bound('Z'), "", "Z: nothing");
	tap_ok(keymap_find("quit") != NULL && keymap_find("no-such-command") == NULL,
	       "commands are found by their names");

	tap_is_str(keymap_key_name(' ', buf, sizeof buf), "Space", "Space's name");
	tap_is_str(keymap_key_name('G', buf, sizeof buf), "G", "G's name");
	tap_is_str(keymap_key_name(6, buf, sizeof buf), "Ctrl-F", "Ctrl-F's name");
	tap_is_str(keymap_key_name(KEY_NPAGE, buf, sizeof buf), "PgDn", "PgDn's name");

	bind_ok("J page-down", "bind J page-down");
	tap_is_str(bound('J'), "page-down", "... J now turns the page");
	bind_ok("C-f page-down", "bind C-f (Ctrl-F's short form)");
	tap_is_str(bound(6), "page-down", "... Ctrl-F turns the page");
	bind_ok("Space none", "bind Space none");
	tap_is_str(bound(' '), "", "... Space does nothing now");
	bind_fails("Q fly", "fly", "an unknown command is an error naming it");
	bind_fails("Hyper-x quit", "Hyper-x", "an unknown key is an error naming it");
	bind_fails("q", "", "a bind without a command is an error");
	keymap_reset();
	tap_is_str(bound(' '), "page-down", "keymap_reset puts Space back");
	tap_is_str(bound('J'), "", "... and forgets J");

	/* Every command is in the help, with the keys that run it. */
	help = keymap_help(&n);
	for (i = 0; i < keys_ncommands; i++) {
		for (j = 0; j < n; j++)
			if (strstr(help[j], keys_commands[i].help) != NULL)
				break;
		listed += j < n;
	}
	tap_is_int((long)listed, (long)keys_ncommands, "the help lists every command");
	for (j = 0; j < n && strstr(help[j], keymap_find("bottom")->help) == NULL; j++)
		;
	tap_ok(j < n && strstr(help[j], "G") != NULL && strstr(help[j], "End") != NULL,
	       "... with its keys (G, End for the end)");
	for (j = 0; j < n; j++)
		free(help[j]);
	free(help);
	return tap_done();
}
