/*
 * The terminal the reader runs in: set up, given back, and the signals that end the reader.
 * Only term.c writes raw escape sequences.
 */
#ifndef QARI_TERMINAL_H
#define QARI_TERMINAL_H

#include <curses.h>
#include <stddef.h>

/* Key codes past ncurses' own, for what terminfo does not name. */
#define TERM_KEY_PASTE     (KEY_MAX + 1) /* a bracketed paste starts: read it with term_paste */
#define TERM_KEY_PASTE_END (KEY_MAX + 2)
#define TERM_KEY_CLEFT     (KEY_MAX + 3) /* Ctrl-Left (Alt-Left too) */
#define TERM_KEY_CRIGHT    (KEY_MAX + 4)

/* A character past ASCII, as term_key gives it: TERM_KEY_UNICODE plus its code point. */
#define TERM_KEY_UNICODE 0x1000

/* What term_paste keeps of a paste, in bytes; the rest is read and dropped. */
#define TERM_PASTE_MAX (64 * 1024)

/* Makes sure the locale is UTF-8 (C.UTF-8 when LANG says otherwise); -1 with *cause if not. */
int term_locale(char **cause);

/*
 * Starts ncurses in the alternate screen, keys read every idle_ms; logical (LAYOUT_LOGICAL)
 * leaves a terminal's own BiDi mode alone; mouse asks for the wheel and clicks (KEY_MOUSE).
 * -1 with *cause when the terminal cannot be used.
 */
int term_start(int logical, int idle_ms, int mouse, char **cause);

/* Gives the terminal back as it was found. */
void term_end(void);

/* Gives the terminal back with async-signal-safe calls only (another thread, a crash). */
void term_give_back(void);

/* A SIGTERM or SIGHUP came, or the terminal was lost: the loop saves the places and ends. */
int term_signalled(void);

/* Ctrl-C came as a signal (from outside: the terminal reads it as a key); reading clears it. */
int term_interrupted(void);

/* After a key read that gave nothing: 1 if the terminal is gone (then term_signalled is 1). */
int term_lost(void);

/*
 * After TERM_KEY_PASTE: reads the pasted text up to its end marker, as UTF-8 (*len bytes; a new
 * string). Key codes inside it are dropped.
 */
char *term_paste(size_t *len);

/*
 * The next key, or ERR when none came in the idle time: an ASCII character as itself, a key
 * ncurses names (KEY_DOWN, KEY_RESIZE, KEY_MOUSE, TERM_KEY_PASTE...) as its code, any other
 * character as TERM_KEY_UNICODE plus its code point.
 */
int term_key(void);

/*
 * Puts text into the terminal's clipboard (OSC 52; inside tmux through its passthrough too).
 * -1 when it is too long for terminals to take.
 */
int term_clipboard(const char *text, size_t len);

/* How qari --search shows a match on a terminal, and ends it (as grep --color=auto). */
#define TERM_SGR_MATCH "\033[1;31m"
#define TERM_SGR_RESET "\033[m"

/*
 * Why a copy (term_clipboard) would not reach the clipboard, when that can be known: inside a
 * tmux that does not let OSC 52 through. NULL when nothing is known to stop it. Asked once.
 */
const char *term_clipboard_blocked(void);

/*
 * How long term_key waits for a key: ms (0 while something else waits with the terminal's
 * file descriptor among its own: a fetch), or -1 for the idle time term_start was given.
 */
void term_key_wait(int ms);

/* The terminal's file descriptor, from which keys are read; -1 before term_start. */
int term_fd(void);

#endif
