/*
 * A line of input being edited: the text of a prompt (search, note, ':'), in logical order,
 * with a cursor between characters. Curses-free, so it is tested alone; the prompt draws it
 * through the same bidi pipeline as the text (view_draw_input).
 */
#ifndef QARI_EDIT_H
#define QARI_EDIT_H

#include <stddef.h>
#include <stdint.h>

/* The most characters a line holds: a note of a few paragraphs' length. */
#define EDIT_MAX 4096

struct edit {
	uint32_t *cp; /* code points */
	size_t n, cap;
	size_t cur; /* the cursor: before cp[cur]; always between two characters shown apart */
};

/* What edit_do does; the cursor moves over characters as shown (a letter with its marks). */
enum edit_op {
	EDIT_FORWARD,       /* Right in left-to-right input, Ctrl-F */
	EDIT_BACKWARD,      /* Left in left-to-right input, Ctrl-B */
	EDIT_WORD_FORWARD,  /* Ctrl-Right: to the end of the next word */
	EDIT_WORD_BACKWARD, /* Ctrl-Left: to the start of this or the last word */
	EDIT_START,         /* Home, Ctrl-A */
	EDIT_END,           /* End, Ctrl-E */
	EDIT_RUBOUT,        /* Backspace: the code point before (a mark typed last goes alone) */
	EDIT_DELETE,        /* Delete, Ctrl-D: the character after, marks and all */
	EDIT_RUBOUT_WORD,   /* Ctrl-W: back to the white space before */
	EDIT_KILL_START,    /* Ctrl-U: all before the cursor */
	EDIT_KILL_END,      /* Ctrl-K: all from the cursor */
};

/* Replaces the text with the UTF-8 string s (NULL: empty); the cursor goes to its end. */
void edit_set(struct edit *e, const char *s);

/* Does op; returns 1 when the text changed, 0 when only the cursor moved or nothing did. */
int edit_do(struct edit *e, enum edit_op op);

/* Inserts cp at the cursor, unless the line is full or cp is a control; 1 if it was. */
int edit_insert(struct edit *e, uint32_t cp);

/*
 * Inserts pasted UTF-8 text: line breaks and tabs become one space each (a prompt is one line),
 * other control characters are dropped. Returns the characters inserted.
 */
size_t edit_paste(struct edit *e, const char *s, size_t len);

/* The text as a new UTF-8 string. */
char *edit_text(const struct edit *e);

/* Whether the text reads right to left: its first strong character is Arabic or Hebrew. */
int edit_rtl(const struct edit *e);

void edit_free(struct edit *e);

#endif
