/*
 * Inline text for the loaders of marked-up text: characters arrive a piece at a time, with the
 * white space of the source, and leave as one block of clean UTF-8 (no control but '\n', and
 * '\n' only in code and where a paragraph's source line ended: inline_line_end) and the spans of
 * its styles and links, counted in code points from the block's start. White space collapses as
 * HTML collapses it, so a span knows its final position when it opens and no pass over the text is
 * needed afterwards.
 */
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "doc-private.h"
#include "utf8.h"
#include "xmalloc.h"

static void
grow(struct inline_text *t, size_t n)
{
	if (t->len + n + 1 > t->cap) {
		t->cap = t->cap ? t->cap * 2 : 256;
		while (t->cap < t->len + n + 1)
			t->cap *= 2;
		t->buf = xreallocarray(t->buf, t->cap, 1);
	}
}

static void
put_raw(struct inline_text *t, uint32_t cp)
{
	grow(t, 4);
	t->len += utf8_encode(cp, t->buf + t->len);
	t->chars++;
	t->col++;
}

/* What goes before a visible character: the pending space, or the line end kept. */
static void
put_pending(struct inline_text *t)
{
	if (t->space) {
		t->space = 0;
		put_raw(t, t->newline ? '\n' : ' ');
		t->col = t->newline ? 0 : t->col;
	}
	t->newline = 0;
}

/* A visible character: the pending space goes first, a control shows as its picture. */
static void
put_char(struct inline_text *t, uint32_t cp)
{
	uint32_t pic = utf8_control_picture(cp);

	put_pending(t);
	put_raw(t, pic != 0 ? pic : cp);
}

void
inline_line_end(struct inline_text *t)
{
	t->space = t->len > 0;
	t->newline = t->space;
}

static void
put_space(struct inline_text *t, uint32_t cp, enum inline_mode mode)
{
	size_t stop;

	switch (mode) {
	case INLINE_COLLAPSE:
		t->space = t->len > 0;
		break;
	case INLINE_SPACES:
		put_char(t, ' ');
		break;
	case INLINE_VERBATIM:
		if (cp == '\n') {
			grow(t, 1);
			t->buf[t->len++] = '\n';
			t->chars++;
			t->col = 0;
		} else if (cp == '\t') {
			for (stop = (t->col / 8 + 1) * 8; t->col < stop;)
				put_raw(t, ' ');
		} else
			put_raw(t, ' ');
		break;
	}
}

/*
 * The bytes at u that go into the text as they are: printable ASCII but the space, and valid
 * UTF-8 that is no control; their code points in *chars. A book's chapters are mostly such
 * runs, copied whole rather than a character at a time. When white space collapses, a single
 * space between two such characters is one too (it would come out as itself).
 */
static size_t
plain_run(const unsigned char *u, size_t len, size_t *chars, int collapse)
{
	size_t i = 0, n = 0, k;
	uint32_t cp;

	while (i < len) {
		if (u[i] > 0x20 && u[i] < 0x7F) {
			i++;
			n++;
			continue;
		}
		if (u[i] == ' ' && collapse && i > 0 && u[i - 1] != ' ' && i + 1 < len &&
		    u[i + 1] > 0x20 && u[i + 1] != 0x7F) {
			i++;
			n++;
			continue;
		}
		if (u[i] < 0x80)
			break;
		/* Two bytes (Arabic, Hebrew...) checked here: no C1 control, no overlong form. */
		if (i + 1 < len && (u[i + 1] & 0xC0) == 0x80 &&
		    ((u[i] >= 0xC3 && u[i] <= 0xDF) || (u[i] == 0xC2 && u[i + 1] >= 0xA0))) {
			i += 2;
			n++;
			continue;
		}
		k = utf8_decode(u + i, len - i, &cp);
		if ((cp == UTF8_REPLACEMENT && k != 3) || utf8_control_picture(cp) != 0)
			break;
		i += k;
		n++;
	}
	/* A space that ends the run is the next character's to place, or nobody's. */
	if (i > 0 && u[i - 1] == ' ') {
		i--;
		n--;
	}
	*chars = n;
	return i;
}

void
inline_add(struct inline_text *t, const char *s, size_t len, enum inline_mode mode)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, run, n;
	uint32_t cp;

	while (i < len) {
		if ((run = plain_run(u + i, len - i, &n, mode == INLINE_COLLAPSE)) > 0) {
			put_pending(t);
			grow(t, run);
			memcpy(t->buf + t->len, u + i, run);
			t->len += run;
			t->chars += n;
			t->col += n;
			i += run;
			continue;
		}
		if (u[i] < 0x80)
			cp = u[i++];
		else
			i += utf8_decode(u + i, len - i, &cp);
		if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f')
			put_space(t, cp, mode);
		else
			put_char(t, cp);
	}
}

void
inline_add_char(struct inline_text *t, uint32_t cp)
{
	/* A closing control keeps the space pending, so it lands outside the run it closes. */
	if (cp == BIDI_PDI || cp == BIDI_PDF)
		put_raw(t, cp);
	else
		put_char(t, cp);
}

size_t
inline_pos(const struct inline_text *t)
{
	return t->chars;
}

void
inline_span(struct inline_text *t, size_t start, int style, uint32_t link)
{
	struct span *s;

	if (start >= t->chars)
		return;
	if (t->nspans == t->spans_cap) {
		t->spans_cap = t->spans_cap ? t->spans_cap * 2 : 8;
		t->spans = xreallocarray(t->spans, t->spans_cap, sizeof *t->spans);
	}
	s = &t->spans[t->nspans++];
	s->block = 0;
	s->start = start;
	s->end = t->chars;
	s->style = style;
	s->link = link;
}

void
inline_strip_attrs(struct inline_text *t)
{
	char *open;

	if (t->len < 3 || t->buf[t->len - 1] != '}')
		return;
	t->buf[t->len] = '\0';
	if ((open = strrchr(t->buf, '{')) == NULL || (open[1] != '#' && open[1] != ':'))
		return;
	t->len = open - t->buf;
	t->chars = utf8_count(t->buf, t->len);
	t->space = 0;
}

/* Bytes of white space (ASCII, NBSP, the U+2000 spaces, U+3000, and '\n') at s, or 0. */
static size_t
space_at(const char *s, size_t len, uint32_t *cp)
{
	size_t n = utf8_decode((const unsigned char *)s, len, cp);

	if (*cp == ' ' || *cp == '\n' || *cp == 0xA0 || (*cp >= 0x2000 && *cp <= 0x200A) ||
	    *cp == 0x202F || *cp == 0x205F || *cp == 0x3000)
		return n;
	return 0;
}

/* Characters that show nothing: bidi controls, joiners, the soft hyphen. */
static int
invisible(uint32_t cp)
{
	return (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2060 && cp <= 0x2069) || cp == 0xFEFF || cp == 0x061C || cp == 0xAD;
}

int
inline_visible(const struct inline_text *t)
{
	size_t i = 0, n;
	uint32_t cp;

	while (i < t->len) {
		if ((n = space_at(t->buf + i, t->len - i, &cp)) == 0) {
			if (!invisible(cp))
				return 1;
			n = utf8_decode((const unsigned char *)t->buf + i, t->len - i, &cp);
		}
		i += n;
	}
	return 0;
}

/* The last character of s[0, end) is white space: its first byte, else end. */
static size_t
trailing_space(const char *s, size_t end)
{
	size_t i = end;
	uint32_t cp;

	while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
		i--;
	if (i > 0 && space_at(s + i - 1, end - i + 1, &cp) > 0)
		return i - 1;
	return end;
}

void
inline_clear(struct inline_text *t)
{
	t->len = t->chars = t->col = t->line = t->nspans = 0;
	t->space = t->newline = 0;
}

/*
 * A place in a text as (byte, char), moved to another char by walking from where it is: spans
 * come nearly in order, so finding each one's byte costs the distance from the last one, and a
 * paragraph of 100,000 styled words is read once, not 100,000 times.
 */
struct text_cursor {
	const char *s;
	size_t len, byte, ch;
};

static size_t
cursor_to(struct text_cursor *c, size_t ch)
{
	while (c->ch < ch && c->byte < c->len) {
		c->byte++;
		while (c->byte < c->len && ((unsigned char)c->s[c->byte] & 0xC0) == 0x80)
			c->byte++;
		c->ch++;
	}
	while (c->ch > ch && c->byte > 0) {
		c->byte--;
		while (c->byte > 0 && ((unsigned char)c->s[c->byte] & 0xC0) == 0x80)
			c->byte--;
		c->ch--;
	}
	return c->byte;
}

/* Moves the spans to the document, for block b whose text starts with shift chars of prefix. */
static void
keep_spans(struct doc *doc, struct inline_text *t, size_t b, size_t lead, size_t chars,
           size_t shift)
{
	const char *text = doc->text + doc->blocks[b].off;
	size_t i, j, first = doc->nspans, blen = doc->blocks[b].len;
	struct text_cursor at = {text, blen, 0, 0};
	struct span s;
	uint32_t cp;

	for (i = 0; i < t->nspans; i++) {
		s = t->spans[i];
		s.block = b;
		s.start = (s.start > lead ? s.start - lead : 0) + shift;
		s.end = (s.end > lead ? s.end - lead : 0);
		s.end = (s.end < chars ? s.end : chars) + shift;
		/* The collapsed space before a styled word is not part of its style. */
		if (s.start < s.end && space_at(text + cursor_to(&at, s.start), 1, &cp) > 0 &&
		    (cp == ' ' || cp == '\n'))
			s.start++;
		if (s.start >= s.end)
			continue;
		if ((doc->nspans & (doc->nspans - 1)) == 0)
			doc->spans = xreallocarray(doc->spans, doc->nspans ? doc->nspans * 2 : 16,
			                           sizeof *doc->spans);
		/* By start, then the outer span first: spans close inner first. */
		for (j = doc->nspans; j > first && (doc->spans[j - 1].start > s.start ||
		                                    (doc->spans[j - 1].start == s.start &&
		                                     doc->spans[j - 1].end < s.end));
		     j--)
			doc->spans[j] = doc->spans[j - 1];
		doc->spans[j] = s;
		doc->nspans++;
	}
}

struct block *
inline_flush(struct doc *doc, struct inline_text *t, enum block_kind kind, int level,
             enum doc_dir dir, const char *prefix)
{
	size_t start = 0, end = t->len, lead = 0, n, plen = prefix ? strlen(prefix) : 0, e;
	struct block *b;
	uint32_t cp;
	char *s;

	if (!inline_visible(t)) {
		inline_clear(t);
		return NULL;
	}
	/* Code keeps the indentation of its first line, but not blank lines around it. */
	while (start < end && (n = space_at(t->buf + start, end - start, &cp)) > 0 &&
	       (kind != BLOCK_CODE || cp == '\n')) {
		start += n;
		lead++;
	}
	while ((e = trailing_space(t->buf, end)) < end)
		end = e;
	s = xmalloc(plen + end - start + 1);
	memcpy(s, prefix ? prefix : "", plen);
	memcpy(s + plen, t->buf + start, end - start);
	b = doc_add_block(doc, kind, level, s, plen + end - start);
	free(s);
	b->dir = dir;
	b->line = t->line;
	n = utf8_count(t->buf + start, end - start);
	b->chars = n + (plen ? utf8_count(prefix, plen) : 0);
	keep_spans(doc, t, doc->nblocks - 1, lead, n, b->chars - n);
	inline_clear(t);
	return b;
}

void
inline_free(struct inline_text *t)
{
	free(t->buf);
	free(t->spans);
	memset(t, 0, sizeof *t);
}
