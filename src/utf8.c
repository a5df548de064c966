/*
 * UTF-8 decoding and the load-time cleaning of untrusted text. Everything after load relies on
 * utf8_sanitize: its output is valid UTF-8 whose only control characters are '\n' (and '\t'
 * where asked), so later stages decode without checks and never pass a control to the screen.
 */
#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "utf8.h"
#include "xmalloc.h"

size_t
utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	uint32_t c = s[0], min;
	size_t n, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		n = 2;
		c &= 0x1F;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		c &= 0x0F;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		c &= 0x07;
		min = 0x10000;
	} else
		goto bad;
	if (n > len)
		goto bad;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			goto bad;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		goto bad;
	*cp = c;
	return n;
bad:
	*cp = UTF8_REPLACEMENT;
	return 1;
}

size_t
utf8_encode(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;

	if (cp < 0x80) {
		o[0] = cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = 0xC0 | (cp >> 6);
		o[1] = 0x80 | (cp & 0x3F);
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = 0xE0 | (cp >> 12);
		o[1] = 0x80 | ((cp >> 6) & 0x3F);
		o[2] = 0x80 | (cp & 0x3F);
		return 3;
	}
	o[0] = 0xF0 | (cp >> 18);
	o[1] = 0x80 | ((cp >> 12) & 0x3F);
	o[2] = 0x80 | ((cp >> 6) & 0x3F);
	o[3] = 0x80 | (cp & 0x3F);
	return 4;
}

/* Clean input is valid, so the lead byte alone gives the length. */
static inline size_t
seqlen(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if (c < 0xE0)
		return 2;
	if (c < 0xF0)
		return 3;
	return 4;
}

size_t
utf8_to_ucs4(const char *s, size_t len, uint32_t *out)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	size_t n = 0;

	while (p < end) {
		unsigned char c = *p;

		if (c < 0x80) {
			out[n++] = c;
			p++;
		} else if (c < 0xE0 && p + 1 < end) {
			out[n++] = ((uint32_t)(c & 0x1F) << 6) | (p[1] & 0x3F);
			p += 2;
		} else if (c < 0xF0 && p + 2 < end) {
			out[n++] = ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) |
			           (p[2] & 0x3F);
			p += 3;
		} else if (p + 3 < end) {
			out[n++] = ((uint32_t)(c & 0x07) << 18) | ((uint32_t)(p[1] & 0x3F) << 12) |
			           ((uint32_t)(p[2] & 0x3F) << 6) | (p[3] & 0x3F);
			p += 4;
		} else {
			out[n++] = UTF8_REPLACEMENT;
			p = end;
		}
	}
	return n;
}

size_t
utf8_count(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, cont = 0;
	uint64_t w;

	/* Eight bytes at a time: a continuation byte has its top bit set and the next one clear. */
	for (; i + 8 <= len; i += 8) {
		memcpy(&w, p + i, 8);
		w = (w & ~(w << 1) & 0x8080808080808080ULL) >> 7;
		cont += (w * 0x0101010101010101ULL) >> 56;
	}
	for (; i < len; i++)
		cont += (p[i] & 0xC0) == 0x80;
	return len - cont;
}

size_t
utf8_offset(const char *s, size_t len, size_t idx)
{
	size_t off = 0;

	while (idx > 0 && off < len) {
		off += seqlen((unsigned char)s[off]);
		idx--;
	}
	return off < len ? off : len;
}

uint32_t
utf8_control_picture(uint32_t cp)
{
	if (cp < 0x20)
		return 0x2400 + cp;
	if (cp == 0x7F)
		return 0x2421;
	if (cp >= 0x80 && cp <= 0x9F)
		return UTF8_REPLACEMENT;
	return 0;
}

/* Whether byte c can stand alone in clean text. */
static inline int
ascii_ok(unsigned char c, int keep_tab)
{
	return (c >= 0x20 && c != 0x7F) || c == '\n' || (c == '\t' && keep_tab);
}

size_t
utf8_clean_prefix(const char *s, size_t len, int keep_tab)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	uint64_t w;

	if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		return 0;
	/* The common case written out: this runs over every byte of every document. */
	while (i < len) {
		unsigned char c = p[i];

		if (c < 0x80) {
			/* Eight printable ASCII bytes at once: no high bit, none below 0x20, no
			 * DEL. */
			if (i + 8 <= len) {
				memcpy(&w, p + i, 8);
				if (!(w & 0x8080808080808080ULL) &&
				    !((w - 0x2020202020202020ULL) & ~w & 0x8080808080808080ULL) &&
				    !(((w ^ 0x7F7F7F7F7F7F7F7FULL) - 0x0101010101010101ULL) &
				      ~(w ^ 0x7F7F7F7F7F7F7F7FULL) & 0x8080808080808080ULL)) {
					i += 8;
					continue;
				}
			}
			if (!ascii_ok(c, keep_tab))
				break;
			i++;
		} else if (c >= 0xC2 && c <= 0xDF) {
			if (i + 1 >= len || (p[i + 1] & 0xC0) != 0x80 ||
			    (c == 0xC2 && p[i + 1] < 0xA0))
				break; /* truncated, or a C1 control */
			i += 2;
		} else if (c >= 0xE0 && c <= 0xEF) {
			if (i + 2 >= len || (p[i + 1] & 0xC0) != 0x80 ||
			    (p[i + 2] & 0xC0) != 0x80 || (c == 0xE0 && p[i + 1] < 0xA0) ||
			    (c == 0xED && p[i + 1] >= 0xA0))
				break; /* truncated, overlong, or a surrogate */
			i += 3;
		} else if (c >= 0xF0 && c <= 0xF4) {
			if (i + 3 >= len || (p[i + 1] & 0xC0) != 0x80 ||
			    (p[i + 2] & 0xC0) != 0x80 || (p[i + 3] & 0xC0) != 0x80 ||
			    (c == 0xF0 && p[i + 1] < 0x90) || (c == 0xF4 && p[i + 1] >= 0x90))
				break; /* truncated, overlong, or past U+10FFFF */
			i += 4;
		} else
			break;
	}
	return i;
}

char *
utf8_sanitize(const char *s, size_t len, int keep_tab, size_t *outlen)
{
	const unsigned char *p = (const unsigned char *)s;
	/* A bad byte (1) grows to U+FFFD (3); a control picture (1) to 3 bytes as well. */
	char *out = xmalloc(len * 3 + 1);
	size_t i = 0, o = 0, n;
	uint32_t cp, pic;

	if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len) {
		if (p[i] >= 0x20 && p[i] < 0x7F) {
			out[o++] = p[i++];
			continue;
		}
		n = utf8_decode(p + i, len - i, &cp);
		i += n;
		if (cp == '\n' || (cp == '\t' && keep_tab)) {
			out[o++] = cp;
			continue;
		}
		if (cp == '\r' && i < len && p[i] == '\n') {
			out[o++] = '\n';
			i++;
			continue;
		}
		if (cp == '\t')
			cp = ' ';
		pic = utf8_control_picture(cp);
		o += utf8_encode(pic ? pic : cp, out + o);
	}
	out[o] = '\0';
	*outlen = o;
	return out;
}

char *
utf8_printable(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), i = 0, o = 0;
	char *out = xmalloc(len * 3 + 1); /* a byte grows to 3 at most, as in utf8_sanitize */
	uint32_t cp, pic;

	/* Not utf8_sanitize: a name keeps its CRs and BOM, shown, where text would lose them. */
	while (i < len) {
		i += utf8_decode(p + i, len - i, &cp);
		/* U+2424 SYMBOL FOR NEWLINE reads as a line break better than LF's own picture. */
		pic = cp == '\n' ? 0x2424 : utf8_control_picture(cp);
		/* An embedding, override or isolate would reorder what follows the name. */
		if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))
			pic = UTF8_REPLACEMENT;
		o += utf8_encode(pic ? pic : cp, out + o);
	}
	out[o] = '\0';
	return out;
}

char *
utf8_shorten(const char *s, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), i = 0, n;
	uint32_t cp;

	for (n = 0; i < len && n < max; n++)
		i += utf8_decode(p + i, len - i, &cp);
	if (i == len)
		return xstrdup(s);
	return xasprintf("%.*s\u2026", (int)i, s);
}

char *
utf8_collapse(const char *s, size_t len)
{
	char *out = xmalloc(len + 1);
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r' && s[i] != '\f')
			out[n++] = s[i];
		else if (n > 0 && out[n - 1] != ' ')
			out[n++] = ' ';
	}
	while (n > 0 && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
	return out;
}

char *
utf8_shorten_middle(const char *s, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), n = utf8_count(s, len), head, i = 0, k;
	uint32_t cp;

	if (n <= max)
		return xstrdup(s);
	if (max < 3)
		return utf8_shorten(s, max > 0 ? max - 1 : 0);
	head = (max - 1) / 2;
	for (k = 0; k < head; k++)
		i += utf8_decode(p + i, len - i, &cp);
	return xasprintf("%.*s\u2026%s", (int)i, s, s + utf8_offset(s, len, n - (max - 1 - head)));
}

void
utf8_error(const char *msg)
{
	char *safe = utf8_printable(msg), *line = xasprintf("qari: %s\n", safe);
	size_t len = strlen(line), off = 0;
	ssize_t n;

	/* One write: stderr is unbuffered, and stdio would hand a long message over in pieces. */
	while (off < len &&
	       ((n = write(STDERR_FILENO, line + off, len - off)) > 0 || (n < 0 && errno == EINTR)))
		off += n > 0 ? (size_t)n : 0;
	free(line);
	free(safe);
}
