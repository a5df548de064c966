/*
 * The line editor's text and cursor. The cursor moves over what shows as one character: a
 * base with its combining marks (harakat, Hebrew points) and a character joined by ZWJ to the
 * one before. Backspace takes one code point, as an Arabic typist who typed a haraka last
 * expects it to go alone; Delete takes the whole character after the cursor.
 */
#include <fribidi.h>
#include <stdlib.h>
#include <string.h>

#include "cell.h"
#include "edit.h"
#include "utf8.h"
#include "xmalloc.h"

#define ZWJ 0x200D

/* Whether the cursor may stand before cp[i]: not inside a character as shown. */
static int
boundary(const struct edit *e, size_t i)
{
	if (i == 0 || i >= e->n)
		return 1;
	return !cell_is_mark(e->cp[i]) && e->cp[i] != ZWJ && e->cp[i - 1] != ZWJ;
}

static size_t
next_boundary(const struct edit *e, size_t i)
{
	if (i >= e->n)
		return e->n;
	for (i++; !boundary(e, i); i++)
		;
	return i;
}

static size_t
prev_boundary(const struct edit *e, size_t i)
{
	if (i == 0)
		return 0;
	for (i--; !boundary(e, i); i--)
		;
	return i;
}

static int
space(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == 0xA0 || cp == 0x3000 ||
	       (cp >= 0x2000 && cp <= 0x200A);
}

/* A word is letters, digits and marks: neither space nor punctuation. */
static int
wordish(uint32_t cp)
{
	FriBidiCharType t;

	if (space(cp))
		return 0;
	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') ||
		       cp == '_';
	t = fribidi_get_bidi_type(cp);
	return t == FRIBIDI_TYPE_LTR || t == FRIBIDI_TYPE_RTL || t == FRIBIDI_TYPE_AL ||
	       t == FRIBIDI_TYPE_AN || t == FRIBIDI_TYPE_EN || t == FRIBIDI_TYPE_NSM;
}

static void
cut(struct edit *e, size_t from, size_t to)
{
	if (to <= from)
		return; /* nothing (and an empty line may have no buffer yet) */
	memmove(e->cp + from, e->cp + to, (e->n - to) * sizeof *e->cp);
	e->n -= to - from;
	if (e->cur >= to)
		e->cur -= to - from;
	else if (e->cur > from)
		e->cur = from;
}

void
edit_set(struct edit *e, const char *s)
{
	size_t len = s != NULL ? strlen(s) : 0, i = 0;
	uint32_t cp;

	e->n = e->cur = 0;
	while (i < len) {
		i += utf8_decode((const unsigned char *)s + i, len - i, &cp);
		edit_insert(e, cp);
	}
}

int
edit_insert(struct edit *e, uint32_t cp)
{
	if (e->n >= EDIT_MAX || cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp > 0x10FFFF)
		return 0;
	if (e->n == e->cap) {
		e->cap = e->cap ? e->cap * 2 : 64;
		e->cp = xreallocarray(e->cp, e->cap, sizeof *e->cp);
	}
	memmove(e->cp + e->cur + 1, e->cp + e->cur, (e->n - e->cur) * sizeof *e->cp);
	e->cp[e->cur++] = cp;
	e->n++;
	return 1;
}

size_t
edit_paste(struct edit *e, const char *s, size_t len)
{
	size_t i = 0, n = 0;
	uint32_t cp;

	while (i < len) {
		i += utf8_decode((const unsigned char *)s + i, len - i, &cp);
		if (cp == '\r' && i < len && s[i] == '\n')
			continue; /* CR LF is one break */
		if (cp == '\n' || cp == '\r' || cp == '\t')
			cp = ' ';
		n += (size_t)edit_insert(e, cp);
	}
	return n;
}

int
edit_do(struct edit *e, enum edit_op op)
{
	size_t i = e->cur, before = e->n;

	switch (op) {
	case EDIT_FORWARD:
		e->cur = next_boundary(e, i);
		break;
	case EDIT_BACKWARD:
		e->cur = prev_boundary(e, i);
		break;
	case EDIT_WORD_FORWARD:
		while (i < e->n && !wordish(e->cp[i]))
			i++;
		while (i < e->n && wordish(e->cp[i]))
			i++;
		e->cur = boundary(e, i) ? i : next_boundary(e, i);
		break;
	case EDIT_WORD_BACKWARD:
		while (i > 0 && !wordish(e->cp[i - 1]))
			i--;
		while (i > 0 && wordish(e->cp[i - 1]))
			i--;
		e->cur = boundary(e, i) ? i : prev_boundary(e, i);
		break;
	case EDIT_START:
		e->cur = 0;
		break;
	case EDIT_END:
		e->cur = e->n;
		break;
	case EDIT_RUBOUT:
		if (i > 0)
			cut(e, i - 1, i);
		break;
	case EDIT_DELETE:
		cut(e, i, next_boundary(e, i));
		break;
	case EDIT_RUBOUT_WORD:
		while (i > 0 && space(e->cp[i - 1]))
			i--;
		while (i > 0 && !space(e->cp[i - 1]))
			i--;
		cut(e, i, e->cur);
		break;
	case EDIT_KILL_START:
		cut(e, 0, i);
		break;
	case EDIT_KILL_END:
		cut(e, i, e->n);
		break;
	}
	return e->n != before;
}

char *
edit_text(const struct edit *e)
{
	char *out = xmalloc(e->n * 4 + 1);
	size_t i, o = 0;

	for (i = 0; i < e->n; i++)
		o += utf8_encode(e->cp[i], out + o);
	out[o] = '\0';
	return out;
}

int
edit_rtl(const struct edit *e)
{
	size_t i;

	for (i = 0; i < e->n; i++) {
		FriBidiCharType t = fribidi_get_bidi_type(e->cp[i]);

		if (t == FRIBIDI_TYPE_LTR)
			return 0;
		if (t == FRIBIDI_TYPE_RTL || t == FRIBIDI_TYPE_AL)
			return 1;
	}
	return 0;
}

void
edit_free(struct edit *e)
{
	free(e->cp);
	memset(e, 0, sizeof *e);
}
