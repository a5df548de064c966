/*
 * The line editor: the cursor moves over characters as shown (a letter and its harakat or
 * points), words are letters and digits of any script, Backspace takes the mark typed last,
 * a paste is one line, and the line never takes control characters.
 */
#include <stdlib.h>
#include <string.h>

#include "edit.h"
#include "tap.h"

static struct edit e;

/* The text with the cursor shown as '|'. */
static const char *
show(void)
{
	static char buf[EDIT_MAX * 4 + 2];
	char *t = edit_text(&e);
	struct edit tmp = e;
	char *before;

	tmp.n = e.cur;
	before = edit_text(&tmp);
	snprintf(buf, sizeof buf, "%s|%s", before, t + strlen(before));
	free(before);
	free(t);
	return buf;
}

/* Sets the text and puts the cursor after its first `at` code points. */
static void
set(const char *s, size_t at)
{
	edit_set(&e, s);
	e.cur = at;
}

static void
test_moves(void)
{
	set("hello world", 11);
	edit_do(&e, EDIT_BACKWARD);
	tap_is_str(show(), "hello worl|d", "backward by a character");
	edit_do(&e, EDIT_WORD_BACKWARD);
	tap_is_str(show(), "hello |world", "word backward to the word's start");
	edit_do(&e, EDIT_WORD_BACKWARD);
	tap_is_str(show(), "|hello world", "and to the one before");
	edit_do(&e, EDIT_WORD_FORWARD);
	tap_is_str(show(), "hello| world", "word forward to the word's end");
	edit_do(&e, EDIT_END);
	tap_is_str(show(), "hello world|", "end");
	edit_do(&e, EDIT_FORWARD);
	tap_is_str(show(), "hello world|", "forward at the end stays");
	edit_do(&e, EDIT_START);
	tap_is_str(show(), "|hello world", "start");
	edit_do(&e, EDIT_BACKWARD);
	tap_is_str(show(), "|hello world", "backward at the start stays");
}

static void
test_marks(void)
{
	/* بَّ: beh, fatha, shadda: one character as shown. */
	set("بَّا", 0);
	edit_do(&e, EDIT_FORWARD);
	tap_is_str(show(), "بَّ|ا", "forward steps over a letter and its harakat");
	edit_do(&e, EDIT_BACKWARD);
	tap_is_str(show(), "|بَّا", "and backward");
	set("بَّا", 3);
	edit_do(&e, EDIT_RUBOUT);
	tap_is_str(show(), "بَ|ا", "Backspace takes the mark typed last alone");
	edit_do(&e, EDIT_RUBOUT);
	edit_do(&e, EDIT_RUBOUT);
	tap_is_str(show(), "|ا", "then the fatha, then the letter");
	set("שָׁלוֹם", 0);
	edit_do(&e, EDIT_DELETE);
	tap_is_str(show(), "|לוֹם", "Delete takes a Hebrew letter with its points");
	set("a\u200Db", 0);
	edit_do(&e, EDIT_FORWARD);
	tap_is_str(show(), "a\u200Db|", "a ZWJ holds its two sides together");
}

static void
test_words(void)
{
	set("قال أبو جعفر: الأمن", 19);
	edit_do(&e, EDIT_WORD_BACKWARD);
	tap_is_str(show(), "قال أبو جعفر: |الأمن", "an Arabic word, backward");
	edit_do(&e, EDIT_WORD_BACKWARD);
	tap_is_str(show(), "قال أبو |جعفر: الأمن", "over the colon and space");
	set("x(2.4) y", 0);
	edit_do(&e, EDIT_WORD_FORWARD);
	tap_is_str(show(), "x|(2.4) y", "punctuation ends a word");
	set("foo bar  baz", 12);
	edit_do(&e, EDIT_RUBOUT_WORD);
	tap_is_str(show(), "foo bar  |", "Ctrl-W takes the word before");
	edit_do(&e, EDIT_RUBOUT_WORD);
	tap_is_str(show(), "foo |", "and the spaces after the one before it with it");
	set("one two three", 4);
	edit_do(&e, EDIT_KILL_END);
	tap_is_str(show(), "one |", "Ctrl-K: from the cursor to the end");
	set("one two three", 4);
	edit_do(&e, EDIT_KILL_START);
	tap_is_str(show(), "|two three", "Ctrl-U: from the start to the cursor");
}

static void
test_insert(void)
{
	set("ac", 1);
	tap_is_int(edit_insert(&e, 'b'), 1, "a letter goes in");
	tap_is_str(show(), "ab|c", "at the cursor");
	tap_is_int(edit_insert(&e, 0x1B), 0, "Esc does not");
	tap_is_int(edit_insert(&e, 0x9B), 0, "nor a C1 control (CSI)");
	tap_is_int(edit_insert(&e, 0x7F), 0, "nor DEL");
	set("", 0);
	tap_is_int((long)edit_paste(&e, "line one\r\nline\ttwo\n\x1b[31m", 24), 22,
	           "a paste: breaks and tabs become spaces, controls go");
	tap_is_str(show(), "line one line two [31m|", "a pasted line is one line");
	set("", 0);
	while (edit_insert(&e, 'x'))
		;
	tap_is_int((long)e.n, EDIT_MAX, "the line holds EDIT_MAX characters, no more");
	tap_is_int(edit_rtl(&e), 0, "Latin reads left to right");
	set("(2.4 كتب", 0);
	tap_is_int(edit_rtl(&e), 1, "the first strong letter decides: Arabic, right to left");
	set("(2.4", 0);
	tap_is_int(edit_rtl(&e), 0, "no letter: left to right, whatever the document");
}

/* Every edit on a line that was never given text: no buffer yet, nothing to do, no fault. */
static void
test_empty(void)
{
	struct edit z = {0};
	int op;

	for (op = EDIT_FORWARD; op <= EDIT_KILL_END; op++)
		edit_do(&z, (enum edit_op)op);
	tap_ok(z.n == 0 && z.cur == 0, "every edit on a new, empty line does nothing");
	edit_free(&z);
}

int
main(void)
{
	test_empty();
	test_moves();
	test_marks();
	test_words();
	test_insert();
	edit_free(&e);
	return tap_done();
}
