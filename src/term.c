/*
 * The terminal, and only here its raw sequences: ncurses set up and given back (the BiDi mode of
 * terminals that reorder, Ctrl-C as a key, keys from /dev/tty when the text came on stdin), the
 * signals that end the reader, a crash that must still give the terminal back, and a terminal
 * that went away (a closed window, a dropped SSH link).
 */
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <curses.h>

#include "terminal.h"
#include "utf8.h"
#include "watchdog.h"
#include "xmalloc.h"

/* Last: it defines macros (lines, columns...) that the headers above use as names. */
#include <term.h>

/*
 * The BiDi in Terminal Emulators recommendation: explicit mode (BDSM reset) and an LTR
 * character path, so a terminal that would reorder lays our cells out as sent.
 */
#define BIDI_EXPLICIT "\033[8l\033[1 k"
#define BIDI_RESTORE  "\033[8h\033[0 k"

/* Bracketed paste: what is pasted comes between two markers, so it is never taken for keys. */
#define PASTE_ON  "\033[?2004h"
#define PASTE_OFF "\033[?2004l"

static volatile sig_atomic_t got_signal, got_interrupt;
static int bidi_sent;

/*
 * What a fatal signal handler writes to give the terminal back, taken from terminfo once the
 * terminal is set up: it may not call ncurses (nor malloc) there, only write(2).
 */
#define FATAL_SIGNALS_N 5
static const int fatal_signals[FATAL_SIGNALS_N] = {SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL};
static struct sigaction fatal_old[FATAL_SIGNALS_N];
static char fatal_restore[256];
static size_t fatal_restore_len;
static struct termios tty_saved;
static int tty_fd = -1, fatal_caught, term_idle_ms = -1;

static void
on_signal(int sig)
{
	if (sig == SIGINT)
		got_interrupt = 1;
	else {
		got_signal = sig;
		watchdog_wake(); /* if the loop is busy, the watchdog saves the places and ends qari
		                  */
	}
}

int
term_signalled(void)
{
	return got_signal != 0;
}

int
term_interrupted(void)
{
	int was = got_interrupt != 0;

	got_interrupt = 0;
	return was;
}

/*
 * A crash must not leave the terminal unusable (alternate screen, hidden cursor, no echo, BiDi
 * mode off): the terminal is given back with async-signal-safe calls, then the signal goes to
 * the handler that was there before (the default, or a sanitizer's), so the exit status, the
 * core dump and any sanitizer report stay what they would have been.
 */
static void
on_fatal(int sig, siginfo_t *si, void *ctx)
{
	int i;

	(void)ctx;
	term_give_back();
	for (i = 0; i < FATAL_SIGNALS_N; i++)
		if (fatal_signals[i] == sig)
			sigaction(sig, &fatal_old[i], NULL);
	/*
	 * A fault returns to the faulting instruction, which faults again under the handler just
	 * put back; a signal sent (kill, raise, abort) is sent again.
	 */
	if (si == NULL || si->si_code <= 0 || sig == SIGABRT)
		raise(sig);
}

static void
fatal_append(const char *s)
{
	size_t n = s != NULL && s != (const char *)-1 ? strlen(s) : 0;

	if (fatal_restore_len + n < sizeof fatal_restore) {
		memcpy(fatal_restore + fatal_restore_len, s, n);
		fatal_restore_len += n;
	}
}

/* Learns what gives the terminal back, and catches the signals of a crash. */
static void
fatal_catch(void)
{
	struct sigaction sa;
	int i;

	fatal_restore_len = 0;
	fatal_append(tigetstr("sgr0"));
	fatal_append(tigetstr("cnorm"));
	fatal_append(tigetstr("rmcup"));
	fatal_append(PASTE_OFF);
	if (bidi_sent)
		fatal_append(BIDI_RESTORE);
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_fatal;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < FATAL_SIGNALS_N; i++)
		sigaction(fatal_signals[i], &sa, &fatal_old[i]);
	fatal_caught = 1;
}

static void
fatal_release(void)
{
	int i;

	for (i = 0; fatal_caught && i < FATAL_SIGNALS_N; i++)
		sigaction(fatal_signals[i], &fatal_old[i], NULL);
	fatal_caught = 0;
}

int
term_locale(char **cause)
{
	if (strcmp(nl_langinfo(CODESET), "UTF-8") == 0)
		return 0;
	/* Over SSH LANG is often C; C.UTF-8 exists on every current glibc. */
	if (setlocale(LC_CTYPE, "C.UTF-8") != NULL && strcmp(nl_langinfo(CODESET), "UTF-8") == 0)
		return 0;
	*cause = xasprintf("the terminal's locale is not UTF-8 and C.UTF-8 is not available; "
	                   "set LANG to a UTF-8 locale (e.g. LANG=en_US.UTF-8)");
	return -1;
}

static void
send_raw(const char *s)
{
	ssize_t n = write(STDOUT_FILENO, s, strlen(s));

	(void)n;
}

/*
 * Ctrl-C reaches the reader as a key, not as SIGINT: a signal overtakes the keys typed before
 * it (m, Enter and a note typed ahead, then Ctrl-C, would quit before the note prompt opened),
 * while a key comes in its turn and can cancel the prompt it was meant for. Ctrl-Z and Ctrl-\
 * keep their signals. ncurses is told, so that it brings the mode back after a suspend.
 */
static void
ctrl_c_as_key(void)
{
	struct termios t;

	if (tty_fd < 0 || tcgetattr(tty_fd, &t) != 0)
		return;
	t.c_cc[VINTR] = _POSIX_VDISABLE;
	if (tcsetattr(tty_fd, TCSANOW, &t) == 0)
		def_prog_mode();
}

void
term_end(void)
{
	fatal_release();
	if (!isendwin()) {
		endwin();
		send_raw(PASTE_OFF);
	}
	if (bidi_sent) {
		send_raw(BIDI_RESTORE);
		bidi_sent = 0;
	}
}

/*
 * Keys terminfo may not name: the paste markers, and Ctrl-Left and Ctrl-Right as xterm, tmux
 * and most terminals send them (rxvt's too). Bound to our codes, whatever they were bound to.
 */
static void
keys_define(void)
{
	static const struct {
		const char *seq;
		int key;
	} keys[] = {
	    {"\033[200~", TERM_KEY_PASTE}, {"\033[201~", TERM_KEY_PASTE_END},
	    {"\033[1;5D", TERM_KEY_CLEFT}, {"\033[1;5C", TERM_KEY_CRIGHT},
	    {"\033Od", TERM_KEY_CLEFT},    {"\033Oc", TERM_KEY_CRIGHT},
	    {"\033[1;3D", TERM_KEY_CLEFT}, {"\033[1;3C", TERM_KEY_CRIGHT},
	};
	size_t i;

	for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		define_key(keys[i].seq, 0);
		define_key(keys[i].seq, keys[i].key);
	}
}

/*
 * Whether terminfo knows the terminal and it can move the cursor, before anything is sent to
 * it: ncurses starts on TERM=dumb and draws every row after the other, a garbled reader.
 */
static int
terminal_capable(const char *term, char **cause)
{
	char *shown, *cup;
	int err = 0, rc = 0;

	shown = utf8_shorten(term != NULL && *term != '\0' ? term : "(unset)", UTF8_QUOTE_MAX);
	if (setupterm(NULL, STDOUT_FILENO, &err) != OK) {
		*cause =
		    xasprintf("cannot use terminal type '%s'%s; qari --dump FILE prints the text",
		              shown, err == 0 ? " (terminfo does not know it)" : "");
		rc = -1;
	} else {
		cup = tigetstr("cup");
		del_curterm(cur_term);
		if (cup == NULL || cup == (char *)-1) {
			*cause = xasprintf("terminal type '%s' cannot move the cursor, which the "
			                   "reader needs; qari --dump FILE prints the text",
			                   shown);
			rc = -1;
		}
	}
	free(shown);
	return rc;
}

int
term_start(int logical, int idle_ms, int mouse, char **cause)
{
	FILE *in = stdin;
	const char *term = getenv("TERM");
	struct sigaction sa;

	if (terminal_capable(term, cause) != 0)
		return -1;
	if (!isatty(STDIN_FILENO) && (in = fopen("/dev/tty", "r")) == NULL) {
		*cause = xasprintf("no terminal to read keys from: %s", strerror(errno));
		return -1;
	}
	tty_fd = fileno(in);
	if (tcgetattr(tty_fd, &tty_saved) != 0)
		tty_fd = -1;
	if (!logical) {
		send_raw(BIDI_EXPLICIT);
		bidi_sent = 1;
	}
	if (newterm(NULL, stdout, in) == NULL) {
		term_end();
		*cause = xasprintf("cannot use terminal type '%s'", term ? term : "(unset)");
		return -1;
	}
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	idlok(stdscr, TRUE);
	/* The cursor is hidden but in a prompt: not moved back after each update, 8 bytes a key. */
	leaveok(stdscr, TRUE);
	curs_set(0);
	set_escdelay(25);
	term_idle_ms = idle_ms;
	timeout(idle_ms);
	ctrl_c_as_key();
	keys_define();
	if (mouse) {
		/* Presses only: a click then needs no wait to tell it from a double click. */
		mousemask(BUTTON1_PRESSED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
		              | BUTTON5_PRESSED
#endif
		          ,
		          NULL);
		mouseinterval(0);
	}
	send_raw(PASTE_ON);
	fatal_catch();

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	return 0;
}

/*
 * After a key read gave nothing: is the terminal gone? A hung-up terminal (its window closed,
 * the SSH link dropped) reads as an error at once, forever; without a SIGHUP (nohup, a pty
 * whose other side just closed) the loop would spin. Then it is a hangup.
 */
int
term_lost(void)
{
	struct pollfd p;

	if (got_signal)
		return 1;
	if (tty_fd < 0)
		return 0;
	p.fd = tty_fd;
	p.events = POLLIN;
	p.revents = 0;
	if (poll(&p, 1, 0) == 1 && (p.revents & (POLLHUP | POLLERR | POLLNVAL))) {
		got_signal = SIGHUP;
		return 1;
	}
	return 0;
}

/* The terminal given back with write(2) and tcsetattr alone: from another thread, or a handler. */
void
term_give_back(void)
{
	ssize_t n;

	if (fatal_restore_len > 0)
		n = write(STDOUT_FILENO, fatal_restore, fatal_restore_len);
	(void)n;
	if (tty_fd >= 0)
		tcsetattr(tty_fd, TCSANOW, &tty_saved);
}

void
term_key_wait(int ms)
{
	if (term_idle_ms >= 0)
		timeout(ms >= 0 ? ms : term_idle_ms);
}

int
term_fd(void)
{
	return tty_fd;
}

char *
term_paste(size_t *len)
{
	size_t cap = 256, n = 0;
	char *buf = xmalloc(cap);
	wint_t ch;
	int key, waits = 0;

	/* The markers come with the text; a paste cut short ends after a second of nothing. */
	timeout(100);
	while ((key = get_wch(&ch)) != ERR || (++waits < 10 && !got_signal)) {
		if (key == ERR)
			continue;
		waits = 0;
		if (key == KEY_CODE_YES) {
			if (ch == TERM_KEY_PASTE_END)
				break;
			continue; /* a key name inside a paste: nothing to insert */
		}
		if (n + 5 > cap) {
			cap *= 2;
			buf = xreallocarray(buf, cap, 1);
		}
		if (n < TERM_PASTE_MAX)
			n += utf8_encode((uint32_t)ch, buf + n);
	}
	timeout(term_idle_ms);
	buf[n] = '\0';
	*len = n;
	return buf;
}

int
term_key(void)
{
	wint_t ch;
	int rc = get_wch(&ch);

	if (rc == ERR)
		return ERR;
	if (rc == KEY_CODE_YES)
		return (int)ch;
	return ch < 0x80 ? (int)ch : TERM_KEY_UNICODE + (int)ch;
}

/* Bytes of base64 that terminals take in one OSC 52 sequence. */
#define OSC52_MAX 100000

static void
base64(const unsigned char *in, size_t len, char *out)
{
	static const char b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t i, o = 0;

	for (i = 0; i + 2 < len; i += 3) {
		out[o++] = b64[in[i] >> 2];
		out[o++] = b64[((in[i] & 3) << 4) | (in[i + 1] >> 4)];
		out[o++] = b64[((in[i + 1] & 15) << 2) | (in[i + 2] >> 6)];
		out[o++] = b64[in[i + 2] & 63];
	}
	if (i < len) {
		out[o++] = b64[in[i] >> 2];
		out[o++] = b64[((in[i] & 3) << 4) | (i + 1 < len ? in[i + 1] >> 4 : 0)];
		out[o++] = i + 1 < len ? b64[(in[i + 1] & 15) << 2] : '=';
		out[o++] = '=';
	}
	out[o] = '\0';
}

/* Sends text to the terminal's clipboard (OSC 52); inside tmux, through its passthrough too. */
/* Whether the tmux qari runs in says "on" (or "all") to the option that args shows. */
static int
tmux_says_on(const char *args)
{
	char *cmd = xasprintf("tmux %s 2>/dev/null </dev/null", args), line[32] = "";
	FILE *f = popen(cmd, "r");

	free(cmd);
	if (f == NULL)
		return 0;
	if (fgets(line, sizeof line, f) == NULL)
		line[0] = '\0';
	pclose(f);
	line[strcspn(line, "\n")] = '\0';
	return strcmp(line, "on") == 0 || strcmp(line, "all") == 0;
}

const char *
term_clipboard_blocked(void)
{
	static int asked;
	static const char *why;

	if (asked)
		return why;
	asked = 1;
	/*
	 * tmux takes OSC 52 from a program only with set-clipboard on: its default, external,
	 * keeps it (and passes through the DCS form only with allow-passthrough on).
	 */
	if (getenv("TMUX") != NULL && !tmux_says_on("show -s -v set-clipboard") &&
	    !tmux_says_on("show -A -p -v allow-passthrough"))
		why = "tmux holds it back (tmux set -s set-clipboard on lets it through)";
	return why;
}

int
term_clipboard(const char *text, size_t len)
{
	char *enc, *seq;
	size_t n;

	if ((len + 2) / 3 * 4 > OSC52_MAX)
		return -1;
	enc = xmalloc((len + 2) / 3 * 4 + 1);
	base64((const unsigned char *)text, len, enc);
	seq = xasprintf("\033]52;c;%s\a", enc);
	fflush(stdout);
	n = write(STDOUT_FILENO, seq, strlen(seq));
	free(seq);
	if (getenv("TMUX") != NULL) {
		seq = xasprintf("\033Ptmux;\033\033]52;c;%s\a\033\\", enc);
		n = write(STDOUT_FILENO, seq, strlen(seq));
		free(seq);
	}
	(void)n;
	free(enc);
	return 0;
}
