/*
 * UTF-8 helpers shared by every stage. Document text is kept as UTF-8 that has been cleaned
 * once at load time (utf8_sanitize): valid, no C0/C1 controls but '\n', so nothing a
 * document holds can reach the terminal as a control sequence.
 */
#ifndef QARI_UTF8_H
#define QARI_UTF8_H

#include <stddef.h>
#include <stdint.h>

#define UTF8_REPLACEMENT 0xFFFD

/*
 * Decodes one code point from s (at most len bytes) into *cp and returns the bytes used (1-4).
 * An invalid or truncated sequence (overlong, surrogate, > U+10FFFF) yields U+FFFD and 1.
 */
size_t utf8_decode(const unsigned char *s, size_t len, uint32_t *cp);

/* Encodes cp into out (room for 4 bytes); returns the number of bytes written. */
size_t utf8_encode(uint32_t cp, char *out);

/* Decodes len bytes of clean UTF-8 into out (room for len code points); returns the count. */
size_t utf8_to_ucs4(const char *s, size_t len, uint32_t *out);

/* Number of code points in len bytes of clean UTF-8. */
size_t utf8_count(const char *s, size_t len);

/* Byte offset of code point index idx in len bytes of clean UTF-8 (len when idx is past the end).
 */
size_t utf8_offset(const char *s, size_t len, size_t idx);

/*
 * The visible stand-in for a control character, or 0 when cp is safe to show. C0 controls become
 * the Control Pictures (U+2400 + c: ESC shows as U+241B), DEL U+2421, C1 controls U+FFFD.
 */
uint32_t utf8_control_picture(uint32_t cp);

/*
 * Cleans len bytes of untrusted input into a new NUL-terminated buffer: invalid sequences become
 * U+FFFD, CRLF becomes '\n' (a lone CR is a control like the others), tabs are kept when keep_tab
 * is set, other controls become their picture, a leading BOM is dropped. *outlen gets the length.
 */
/*
 * Length of the longest prefix of s that utf8_sanitize would leave unchanged: when it is len, the
 * input can be used as it is, without a copy.
 */
size_t utf8_clean_prefix(const char *s, size_t len, int keep_tab);

char *utf8_sanitize(const char *s, size_t len, int keep_tab, size_t *outlen);

/*
 * A new copy of s, safe to print, for what the command line writes about things from outside:
 * file names, patterns, messages that quote them. Every control character shows as its picture,
 * a newline (as U+2424) and a tab too (one would forge a line of output, the other a field), and
 * invalid bytes as U+FFFD, so nothing in a name can reach a terminal as an escape sequence. The
 * bidi controls that reach past themselves (embeddings, overrides, isolates: an RLO would show
 * "txt.exe" as "exe.txt" and reverse the rest of the line) become U+FFFD too.
 */
char *utf8_printable(const char *s);

/*
 * A new copy of s (any bytes) cut after max code points, with "…" where it was cut: what a
 * message quotes of a value that came from outside, which may be megabytes long.
 */
char *utf8_shorten(const char *s, size_t max);

/*
 * A new string of len bytes of s with each run of white space (space, tab, line ends) made one
 * space, and none at either end: a title or a passage quoted on one line.
 */
char *utf8_collapse(const char *s, size_t len);

/*
 * A new copy of s (clean UTF-8) cut to max code points by leaving out its middle, "…" in its
 * place: an address keeps its host and the end that names the page.
 */
char *utf8_shorten_middle(const char *s, size_t max);

/* How much of a value a message quotes. */
#define UTF8_QUOTE_MAX 60

/* Prints "qari: msg" on standard error in one write, msg made utf8_printable. */
void utf8_error(const char *msg);

#endif
