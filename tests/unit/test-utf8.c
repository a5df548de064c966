/*
 * utf8.c: decoding (valid sequences, and every kind of invalid input giving U+FFFD for one byte),
 * encoding, the load-time cleaning of untrusted text (utf8_sanitize, utf8_clean_prefix), the
 * printable copy of a name (utf8_printable), the shortened quote of a long value
 * (utf8_shorten) and the code point counting helpers.
 */
#include <stdlib.h>
#include <string.h>

#include "utf8.h"
#include "tap.h"

/* Decodes the bytes of s (a C string of n bytes) and checks the code point and length used. */
static void
decode_is(const char *s, size_t n, uint32_t want_cp, size_t want_len, const char *what)
{
	uint32_t cp = 0;
	size_t len = utf8_decode((const unsigned char *)s, n, &cp);
	char msg[160];

	snprintf(msg, sizeof msg, "decode %s: U+%04X", what, (unsigned)want_cp);
	tap_is_int(cp, want_cp, msg);
	snprintf(msg, sizeof msg, "decode %s: %zu byte(s) used", what, want_len);
	tap_is_int(len, want_len, msg);
}

/* Runs utf8_sanitize over n bytes and compares the result with want (a C string). */
static void
sanitize_is(const char *in, size_t n, int keep_tab, const char *want, const char *what)
{
	size_t outlen = 12345;
	char *out = utf8_sanitize(in, n, keep_tab, &outlen);
	char msg[160];

	snprintf(msg, sizeof msg, "sanitize %s", what);
	tap_is_str(out, want, msg);
	snprintf(msg, sizeof msg, "sanitize %s: length", what);
	tap_is_int(outlen, strlen(want), msg);
	free(out);
}

/* Whether s (len bytes) is what the rest of qari relies on: valid UTF-8, no control but \n. */
static int
is_clean(const char *s, size_t len, int keep_tab)
{
	size_t i = 0, n;
	uint32_t cp;

	while (i < len) {
		n = utf8_decode((const unsigned char *)s + i, len - i, &cp);
		if (cp == UTF8_REPLACEMENT && n == 1)
			return 0; /* an invalid byte survived */
		if ((cp < 0x20 && cp != '\n' && !(cp == '\t' && keep_tab)) || cp == 0x7F ||
		    (cp >= 0x80 && cp <= 0x9F))
			return 0;
		i += n;
	}
	return 1;
}

static void
test_decode(void)
{
	/* Valid sequences of each length, at the edges of their ranges. */
	decode_is("A", 1, 'A', 1, "ASCII");
	decode_is("\x7F", 1, 0x7F, 1, "DEL (1 byte)");
	decode_is("\xC2\x80", 2, 0x80, 2, "U+0080 (smallest 2-byte)");
	decode_is("\xD9\x85", 2, 0x0645, 2, "Arabic meem");
	decode_is("\xDF\xBF", 2, 0x07FF, 2, "U+07FF (largest 2-byte)");
	decode_is("\xE0\xA0\x80", 3, 0x0800, 3, "U+0800 (smallest 3-byte)");
	decode_is("\xEF\xBB\xBB", 3, 0xFEFB, 3, "lam-alef ligature");
	decode_is("\xED\x9F\xBF", 3, 0xD7FF, 3, "U+D7FF (just below surrogates)");
	decode_is("\xEE\x80\x80", 3, 0xE000, 3, "U+E000 (just above surrogates)");
	decode_is("\xEF\xBF\xBD", 3, 0xFFFD, 3, "a real U+FFFD");
	decode_is("\xF0\x90\x80\x80", 4, 0x10000, 4, "U+10000 (smallest 4-byte)");
	decode_is("\xF0\x9F\x98\x80", 4, 0x1F600, 4, "emoji");
	decode_is("\xF4\x8F\xBF\xBF", 4, 0x10FFFF, 4, "U+10FFFF (largest)");
	/* Only the bytes given count: a valid sequence followed by more text. */
	decode_is("\xD9\x85xyz", 5, 0x0645, 2, "2-byte followed by text");

	/* Invalid input: U+FFFD, one byte consumed, so the next byte is looked at again. */
	decode_is("\xC0\xAF", 2, UTF8_REPLACEMENT, 1, "overlong C0 AF");
	decode_is("\xC1\xBF", 2, UTF8_REPLACEMENT, 1, "overlong C1 BF");
	decode_is("\xE0\x80\xAF", 3, UTF8_REPLACEMENT, 1, "overlong E0 80 AF");
	decode_is("\xE0\x9F\xBF", 3, UTF8_REPLACEMENT, 1, "overlong E0 9F BF");
	decode_is("\xF0\x8F\xBF\xBF", 4, UTF8_REPLACEMENT, 1, "overlong F0 8F BF BF");
	decode_is("\xED\xA0\x80", 3, UTF8_REPLACEMENT, 1, "surrogate ED A0 80");
	decode_is("\xED\xBF\xBF", 3, UTF8_REPLACEMENT, 1, "surrogate ED BF BF");
	decode_is("\xF4\x90\x80\x80", 4, UTF8_REPLACEMENT, 1, "above U+10FFFF F4 90 80 80");
	decode_is("\xF5\x80\x80\x80", 4, UTF8_REPLACEMENT, 1, "lead byte F5");
	decode_is("\xFF", 1, UTF8_REPLACEMENT, 1, "byte FF");
	decode_is("\x80", 1, UTF8_REPLACEMENT, 1, "lone continuation 80");
	decode_is("\xBF\x80", 2, UTF8_REPLACEMENT, 1, "lone continuation BF");
	decode_is("\xD9", 1, UTF8_REPLACEMENT, 1, "truncated 2-byte (end of input)");
	decode_is("\xE2\x82", 2, UTF8_REPLACEMENT, 1, "truncated 3-byte (end of input)");
	decode_is("\xF0\x9F\x98", 3, UTF8_REPLACEMENT, 1, "truncated 4-byte (end of input)");
	/* The length limit is honoured even when more valid-looking bytes follow in memory. */
	decode_is("\xE2\x82\xAC", 2, UTF8_REPLACEMENT, 1, "3-byte cut by len");
	decode_is("\xE2\x41\x42", 3, UTF8_REPLACEMENT, 1, "3-byte interrupted by ASCII");
	decode_is("\xD9\xD9\x85", 3, UTF8_REPLACEMENT, 1, "2-byte interrupted by a lead byte");
}

static void
test_encode(void)
{
	static const uint32_t cps[] = {0x41,   0x7F,   0x80,    0x645,   0x7FF,   0x800,
	                               0xFEFB, 0xFFFD, 0x10000, 0x1F600, 0x10FFFF};
	static const size_t lens[] = {1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4};
	size_t i, ok_len = 0, ok_round = 0, n;
	char buf[4];
	uint32_t back;

	for (i = 0; i < sizeof cps / sizeof cps[0]; i++) {
		n = utf8_encode(cps[i], buf);
		ok_len += n == lens[i];
		ok_round += utf8_decode((unsigned char *)buf, n, &back) == n && back == cps[i];
	}
	tap_is_int(ok_len, sizeof cps / sizeof cps[0], "encode: lengths 1-4 at range edges");
	tap_is_int(ok_round, sizeof cps / sizeof cps[0], "encode then decode gives the same");
	n = utf8_encode(0x0645, buf);
	tap_ok(n == 2 && memcmp(buf, "\xD9\x85", 2) == 0, "encode U+0645 is D9 85");
}

static void
test_sanitize(void)
{
	char all[256], *out;
	size_t i, outlen, bad = 0;
	unsigned seed = 12345;

	sanitize_is("plain text\n", 11, 0, "plain text\n", "keeps plain ASCII and LF");
	sanitize_is("\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7", 10, 0,
	            "\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7", "keeps Arabic");
	sanitize_is("a\x1b[2Jb", 6, 0, "a\xE2\x90\x9B[2Jb", "ESC becomes U+241B");
	sanitize_is("a\xC2\x9B"
	            "31mb",
	            7, 0,
	            "a\xEF\xBF\xBD"
	            "31mb",
	            "C1 CSI (C2 9B) becomes U+FFFD");
	sanitize_is("a\xC2\x85z", 4, 0, "a\xEF\xBF\xBDz", "C1 NEL (C2 85) becomes U+FFFD");
	sanitize_is("one\r\ntwo\r\n", 10, 0, "one\ntwo\n", "CRLF becomes LF");
	sanitize_is("one\rtwo", 7, 0, "one\xE2\x90\x8Dtwo", "lone CR becomes U+240D");
	sanitize_is("end\r", 4, 0, "end\xE2\x90\x8D", "CR at the very end becomes U+240D");
	sanitize_is("a\r\r\nb", 5, 0, "a\xE2\x90\x8D\nb", "CR CR LF: picture, then LF");
	sanitize_is("\xEF\xBB\xBFhello", 8, 0, "hello", "leading BOM dropped");
	sanitize_is("a\xEF\xBB\xBF"
	            "b",
	            5, 0,
	            "a\xEF\xBB\xBF"
	            "b",
	            "BOM inside the text kept");
	sanitize_is("a\tb", 3, 0, "a b", "tab becomes a space");
	sanitize_is("a\tb", 3, 1, "a\tb", "tab kept with keep_tab");
	sanitize_is("a\0b", 3, 0,
	            "a\xE2\x90\x80"
	            "b",
	            "NUL becomes U+2400");
	sanitize_is("a\x07"
	            "b",
	            3, 0,
	            "a\xE2\x90\x87"
	            "b",
	            "BEL becomes U+2407");
	sanitize_is("a\x7F"
	            "b",
	            3, 0,
	            "a\xE2\x90\xA1"
	            "b",
	            "DEL becomes U+2421");
	sanitize_is("a\xC0\xAF"
	            "b",
	            4, 0,
	            "a\xEF\xBF\xBD\xEF\xBF\xBD"
	            "b",
	            "overlong: one U+FFFD per bad byte");
	sanitize_is("a\xED\xA0\x80", 4, 0, "a\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD",
	            "surrogate: three U+FFFD");
	sanitize_is("x\xD9", 2, 0, "x\xEF\xBF\xBD", "truncated sequence at the end");
	sanitize_is("", 0, 0, "", "empty input");

	/* Every byte value at once: the result must be clean, whatever the input. */
	for (i = 0; i < 256; i++)
		all[i] = (char)i;
	out = utf8_sanitize(all, sizeof all, 0, &outlen);
	tap_ok(is_clean(out, outlen, 0), "sanitize of all 256 byte values is clean UTF-8");
	tap_is_int(utf8_clean_prefix(out, outlen, 0), outlen,
	           "clean_prefix accepts the whole sanitized output");
	tap_ok(memchr(out, 0x1B, outlen) == NULL, "no ESC byte survives");
	free(out);

	/* Random byte soup, heavy in control and lead bytes. */
	for (i = 0; i < 2000; i++) {
		char in[64];
		size_t k, n = i % 64;

		for (k = 0; k < n; k++) {
			static const unsigned char pick[] = {
			    0x1B, '[',  '\r', '\n', '\t', 0x00, 0x9B, 0xC2, 0xD9, 0x85,
			    0xE2, 0x80, 0xED, 0xA0, 0xF0, 0x9F, 'a',  ' ',  0x7F};

			seed = seed * 1103515245 + 12345;
			in[k] = (char)pick[(seed >> 16) % sizeof pick];
		}
		/* A BOM is dropped once only: do not start with one (covered above). */
		out = utf8_sanitize(in, n, (int)(i & 1), &outlen);
		if (!is_clean(out, outlen, (int)(i & 1)) ||
		    utf8_clean_prefix(out, outlen, (int)(i & 1)) != outlen || strlen(out) != outlen)
			bad++;
		free(out);
	}
	tap_is_int(bad, 0, "2000 random inputs: sanitized output is clean and NUL-free");
}

static void
test_clean_prefix(void)
{
	const char *s;

	s = "hello\nworld";
	tap_is_int(utf8_clean_prefix(s, strlen(s), 0), strlen(s), "clean_prefix: ASCII + LF whole");
	s = "\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7 \xE2\x9C\xA8";
	tap_is_int(utf8_clean_prefix(s, strlen(s), 0), strlen(s), "clean_prefix: Arabic whole");
	s = "abc\x1b[0m";
	tap_is_int(utf8_clean_prefix(s, strlen(s), 0), 3, "clean_prefix: stops at ESC");
	s = "ab\r\ncd";
	tap_is_int(utf8_clean_prefix(s, strlen(s), 0), 2,
	           "clean_prefix: stops at CR (CRLF changes)");
	s = "a\tb";
	tap_is_int(utf8_clean_prefix(s, 3, 0), 1, "clean_prefix: tab without keep_tab");
	tap_is_int(utf8_clean_prefix(s, 3, 1), 3, "clean_prefix: tab with keep_tab");
	s = "\xEF\xBB\xBF"
	    "abc";
	tap_is_int(utf8_clean_prefix(s, 6, 0), 0, "clean_prefix: a leading BOM is 0");
	s = "\xD9\x85\xC2\x9B";
	tap_is_int(utf8_clean_prefix(s, 4, 0), 2, "clean_prefix: stops at a C1 control");
	s = "ok\xC0\xAF";
	tap_is_int(utf8_clean_prefix(s, 4, 0), 2, "clean_prefix: stops at an overlong");
	s = "ok\xD9";
	tap_is_int(utf8_clean_prefix(s, 3, 0), 2, "clean_prefix: stops at a truncated sequence");
	s = "ok\x7F";
	tap_is_int(utf8_clean_prefix(s, 3, 0), 2, "clean_prefix: stops at DEL");
	s = "ok\xEF\xBF\xBDok";
	tap_is_int(utf8_clean_prefix(s, 7, 0), 7, "clean_prefix: a real U+FFFD is clean");
}

static void
test_count_offset(void)
{
	/* "a" U+0645 U+FEFB U+1F600 "z": 1 + 2 + 3 + 4 + 1 bytes, 5 code points. */
	const char *s = "a\xD9\x85\xEF\xBB\xBB\xF0\x9F\x98\x80z";
	size_t len = strlen(s);
	uint32_t cps[16];

	tap_is_int(len, 11, "fixture is 11 bytes");
	tap_is_int(utf8_count(s, len), 5, "count: 5 code points in 11 bytes");
	tap_is_int(utf8_count(s, 0), 0, "count: empty");
	tap_is_int(utf8_count(s, 3), 2, "count: first 3 bytes");
	tap_is_int(utf8_offset(s, len, 0), 0, "offset of char 0");
	tap_is_int(utf8_offset(s, len, 1), 1, "offset of char 1 (after ASCII)");
	tap_is_int(utf8_offset(s, len, 2), 3, "offset of char 2 (after a 2-byte)");
	tap_is_int(utf8_offset(s, len, 3), 6, "offset of char 3 (after a 3-byte)");
	tap_is_int(utf8_offset(s, len, 4), 10, "offset of char 4 (after a 4-byte)");
	tap_is_int(utf8_offset(s, len, 5), 11, "offset of the end");
	tap_is_int(utf8_offset(s, len, 99), 11, "offset past the end is len");
	tap_is_int(utf8_to_ucs4(s, len, cps), 5, "to_ucs4: 5 code points");
	tap_ok(cps[0] == 'a' && cps[1] == 0x645 && cps[2] == 0xFEFB && cps[3] == 0x1F600 &&
	           cps[4] == 'z',
	       "to_ucs4: the code points");
}

static void
test_control_picture(void)
{
	tap_is_int(utf8_control_picture(0x1B), 0x241B, "picture of ESC");
	tap_is_int(utf8_control_picture(0x00), 0x2400, "picture of NUL");
	tap_is_int(utf8_control_picture(0x7F), 0x2421, "picture of DEL");
	tap_is_int(utf8_control_picture(0x9B), UTF8_REPLACEMENT, "picture of C1 CSI");
	tap_is_int(utf8_control_picture('a'), 0, "no picture for a letter");
	tap_is_int(utf8_control_picture(0xA0), 0, "no picture for NBSP");
}

static void
printable_is(const char *s, const char *want, const char *what)
{
	char *got = utf8_printable(s);

	tap_is_str(got, want, what);
	free(got);
}

static void
test_printable(void)
{
	printable_is("plain name.txt", "plain name.txt", "printable: plain ASCII as it is");
	printable_is("\xD9\x85\xD8\xB1 \xD7\xA9", "\xD9\x85\xD8\xB1 \xD7\xA9",
	             "printable: Arabic and Hebrew as they are");
	printable_is("a\x1b[31mb", "a\xE2\x90\x9B[31mb", "printable: ESC becomes U+241B");
	printable_is("a\nb\tc",
	             "a\xE2\x90\xA4"
	             "b\xE2\x90\x89"
	             "c",
	             "printable: newline (U+2424) and tab become pictures, not a line or a field");
	printable_is("a\r\nb",
	             "a\xE2\x90\x8D\xE2\x90\xA4"
	             "b",
	             "printable: CR LF shows both");
	printable_is("\x07\x7F", "\xE2\x90\x87\xE2\x90\xA1", "printable: BEL and DEL");
	printable_is("a\xC2\x9B"
	             "2J",
	             "a\xEF\xBF\xBD"
	             "2J",
	             "printable: C1 CSI as UTF-8 becomes U+FFFD");
	printable_is("a\x9B\xFF\xC3", "a\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD",
	             "printable: invalid bytes become U+FFFD each");
	printable_is("\xEF\xBB\xBFx", "\xEF\xBB\xBFx", "printable: a leading BOM is kept");
	printable_is("abc\xE2\x80\xAEtxt.exe", "abc\xEF\xBF\xBDtxt.exe",
	             "printable: an RLO becomes U+FFFD, not a reversed name");
	printable_is("\xE2\x81\xA6x\xE2\x80\xAAy\xE2\x81\xA9\xE2\x80\x8F",
	             "\xEF\xBF\xBDx\xEF\xBF\xBDy\xEF\xBF\xBD\xE2\x80\x8F",
	             "printable: isolates and embeddings too; an RLM stays");
	printable_is("", "", "printable: the empty string");
}

static void
shorten_is(const char *s, size_t max, const char *want, const char *what)
{
	char *got = utf8_shorten(s, max);

	tap_is_str(got, want, what);
	free(got);
}

static void
collapse_is(const char *s, const char *want, const char *what)
{
	char *got = utf8_collapse(s, strlen(s));

	tap_is_str(got, want, what);
	free(got);
}

static void
middle_is(const char *s, size_t max, const char *want, const char *what)
{
	char *got = utf8_shorten_middle(s, max);

	tap_is_str(got, want, what);
	free(got);
}

static void
test_shorten(void)
{
	shorten_is("short", 60, "short", "shorten: a short value as it is");
	shorten_is("abcdef", 6, "abcdef", "shorten: exactly max code points as it is");
	shorten_is("abcdefg", 6, "abcdef\xE2\x80\xA6", "shorten: cut after max, with an ellipsis");
	shorten_is("\xD9\x85\xD8\xB1\xD8\xAD", 2, "\xD9\x85\xD8\xB1\xE2\x80\xA6",
	           "shorten: counts code points, never cuts one");
	shorten_is("a\xFF\xFF"
	           "b",
	           2, "a\xFF\xE2\x80\xA6", "shorten: an invalid byte counts as one");
	shorten_is("", 0, "", "shorten: the empty string");
	collapse_is(" \t a\n\n b  c \r\n", "a b c",
	            "collapse: runs of white space one space, none at the ends");
	collapse_is("\xD8\xA7\xD9\x84\n\xD9\x86\xD8\xB5", "\xD8\xA7\xD9\x84 \xD9\x86\xD8\xB5",
	            "collapse: a line end between words of Arabic");
	collapse_is(" \n\t ", "", "collapse: only white space, nothing");
	middle_is("https://example.org/a/b/page.html", 40, "https://example.org/a/b/page.html",
	          "shorten_middle: what fits as it is");
	middle_is("abcdefghij", 7, "abc\xE2\x80\xA6hij",
	          "shorten_middle: the head and the tail kept");
	middle_is("abcdefghij", 8, "abc\xE2\x80\xA6ghij",
	          "shorten_middle: max code points in all, the ellipsis one of them");
	middle_is("\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7", 3, "\xD9\x85\xE2\x80\xA6\xD8\xA7",
	          "shorten_middle: counts code points, never cuts one");
	middle_is("abcdef", 2, "a\xE2\x80\xA6",
	          "shorten_middle: too short for both ends: the head");
}

int
main(void)
{
	(void)tap_skip_all;
	test_decode();
	test_encode();
	test_sanitize();
	test_clean_prefix();
	test_count_offset();
	test_control_picture();
	test_printable();
	test_shorten();
	return tap_done();
}
