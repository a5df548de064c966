/*
 * The plain-text loader. Articles saved as text have no markup, so their structure is guessed
 * from the shape of the lines: the first short line is the title, short lines right after it are
 * the byline, a short line without final punctuation that stands before a paragraph (or a line
 * starting with a sparkle, as news sites write them) is a heading. A file hard-wrapped at 70-80
 * columns has its lines made into paragraphs, in place, so a clean file is never copied: their
 * newlines stay, for the layout to join (prose) or keep (verse).
 */
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "utf8.h"
#include "xmalloc.h"

#define TITLE_MAX   150 /* code points */
#define BYLINE_MAX  60
#define HEADING_MAX 80
#define SPARKLE_MAX 200

struct group {
	size_t off, len; /* trimmed */
	size_t chars;
	size_t line;   /* 1-based */
	size_t nlines; /* source lines joined into it */
	int gap;       /* a blank line stands before it */
};

static int
probe(const char *path, const char *buf, size_t len)
{
	(void)path;
	(void)buf;
	(void)len;
	return 1; /* anything that is not binary reads as text, last resort */
}

/* Bytes of white space (ASCII, NBSP, the U+2000 spaces, U+3000) at s, or 0. */
static size_t
space_at(const unsigned char *s, size_t len)
{
	uint32_t cp;
	size_t n;

	if (s[0] == ' ')
		return 1;
	if (s[0] < 0x80)
		return 0;
	n = utf8_decode(s, len, &cp);
	if (cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F ||
	    cp == 0x3000)
		return n;
	return 0;
}

/* Shrinks [*off, *off + *len) to exclude white space at both ends. */
static void
trim(const char *text, size_t *off, size_t *len)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t n, end = *off + *len, i;

	while (*off < end && (n = space_at(s + *off, end - *off)) > 0)
		*off += n;
	for (;;) {
		for (i = end; i > *off && (s[i - 1] & 0xC0) == 0x80; i--)
			;
		if (i == *off || i == end || space_at(s + i - 1, end - i + 1) == 0)
			break;
		end = i - 1;
	}
	*len = end - *off;
}

/* The code point ending at byte end of s (which starts at byte 0). */
static uint32_t
last_char(const char *s, size_t end)
{
	size_t i = end;
	uint32_t cp = 0;

	while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
		i--;
	if (i > 0)
		utf8_decode((const unsigned char *)s + i - 1, end - i + 1, &cp);
	return cp;
}

static int
ends_sentence(uint32_t c)
{
	static const uint32_t marks[] = {'.',    '!',    '?',    ';',    ':',    ',',
	                                 0x061F, 0x061B, 0x060C, 0x2026, 0x06D4, 0x05C3};
	size_t i;

	for (i = 0; i < sizeof marks / sizeof marks[0]; i++)
		if (c == marks[i])
			return 1;
	return 0;
}

static size_t
count_words(const char *s, size_t len)
{
	size_t i, n = 0;
	int in = 0;

	for (i = 0; i < len; i++) {
		int sp = s[i] == ' ';

		n += !sp && !in;
		in = !sp;
	}
	return n;
}

/* The loader's state between pieces of a file read bit by bit. */
struct text_state {
	int started; /* the first piece decided the title, byline and wrapping */
	int wrapped;
	int gap;           /* the last line read was blank */
	size_t lineno;     /* lines read */
	struct group held; /* the last paragraph: the next piece may continue it or tell its kind */
	int holding;
};

/* Splits [off, end) of the text into non-blank lines, trimmed, as one-line groups. */
static struct group *
split_lines(struct doc *doc, struct text_state *st, size_t off, size_t end, size_t *nlines)
{
	const char *text = doc->text;
	struct group *lines = NULL;
	size_t n = 0, cap = 0;
	const char *nl;

	while (off < end) {
		size_t eol = (nl = memchr(text + off, '\n', end - off)) ? (size_t)(nl - text) : end;
		struct group g = {.off = off, .len = eol - off, .line = ++st->lineno, .nlines = 1};

		trim(text, &g.off, &g.len);
		if (g.len == 0)
			st->gap = 1;
		else {
			if (n == cap) {
				cap = cap ? cap * 2 : 256;
				lines = xreallocarray(lines, cap, sizeof *lines);
			}
			/* Only short lines need their length in chars: the tests here are all
			 * "short". */
			g.chars =
			    g.len <= 4 * SPARKLE_MAX ? utf8_count(text + g.off, g.len) : g.len / 2;
			g.gap = st->gap;
			lines[n++] = g;
			st->gap = 0;
		}
		off = eol + 1;
	}
	*nlines = n;
	return lines;
}

/*
 * Hard-wrapped text: nearly no line longer than 100 chars, and most lines running on into the
 * next one.
 */
static int
hard_wrapped(const struct group *g, size_t n)
{
	size_t i, longer = 0, runon = 0;

	for (i = 0; i < n; i++) {
		longer += g[i].chars > 100;
		runon += i > 0 && !g[i].gap;
	}
	return n >= 3 && longer * 20 <= n && runon * 2 >= n;
}

/*
 * Joins line b to paragraph a (they are adjacent in the text). The newline stays in the block:
 * the layout shows it as a space, or keeps the line when the paragraph is verse (verse.c).
 */
static void
join(struct group *a, const struct group *b)
{
	a->len = b->off + b->len - a->off;
	a->chars += 1 + b->chars;
	a->nlines++;
}

/* Joins each run of lines with no blank between into one paragraph, in place. */
static size_t
join_runs(struct group *g, size_t n)
{
	size_t i, out = 0;

	for (i = 0; i < n; i++) {
		if (out > 0 && !g[i].gap)
			join(&g[out - 1], &g[i]);
		else
			g[out++] = g[i];
	}
	return out;
}

static int
is_heading(const char *text, const struct group *g, const struct group *next)
{
	uint32_t first;

	utf8_decode((const unsigned char *)text + g->off, g->len, &first);
	if (first == 0x2728 && g->chars <= SPARKLE_MAX)
		return 1;
	if (g->nlines > 1 || g->chars > HEADING_MAX || next == NULL || next->chars <= g->chars)
		return 0;
	if (ends_sentence(last_char(text, g->off + g->len)))
		return 0;
	return count_words(text + g->off, g->len) <= 12;
}

/* Short lines right after the title, on consecutive lines, are its byline (source, date). */
static size_t
take_byline(struct doc *doc, const struct group *g, size_t n, size_t i)
{
	size_t j = i, k;
	char *s;

	while (j < n && j < i + 3 && g[j].nlines == 1 && g[j].chars <= BYLINE_MAX &&
	       (j == i || g[j].line == g[j - 1].line + 1))
		j++;
	if (j - i < 2 || j == n)
		return i;
	for (k = i; k < j; k++) {
		doc_push_block(doc, BLOCK_BYLINE, 0, g[k].off, g[k].len)->line = g[k].line;
		s = doc->byline;
		doc->byline = s ? xasprintf("%s · %.*s", s, (int)g[k].len, doc->text + g[k].off)
		                : xstrndup(doc->text + g[k].off, g[k].len);
		free(s);
	}
	return j;
}

static void
emit(struct doc *doc, const struct group *g, const struct group *next)
{
	int head = is_heading(doc->text, g, next);
	struct block *b =
	    doc_push_block(doc, head ? BLOCK_HEADING : BLOCK_PARA, head ? 2 : 0, g->off, g->len);

	b->line = g->line;
	b->chars = g->nlines == 1 && g->len <= 4 * SPARKLE_MAX ? g->chars : 0;
}

/* The first piece: the title, the byline, and whether the file is hard-wrapped. */
static size_t
begin(struct doc *doc, struct text_state *st, struct group *g, size_t *n)
{
	size_t i = 0;

	st->started = 1;
	st->wrapped = hard_wrapped(g, *n);
	if (st->wrapped)
		*n = join_runs(g, *n);
	if (*n > 1 && g[0].nlines == 1 && g[0].chars <= TITLE_MAX) {
		doc_push_block(doc, BLOCK_TITLE, 1, g[0].off, g[0].len)->line = g[0].line;
		free(doc->title); /* a stream's name, until its first line came */
		doc->title = xstrndup(doc->text + g[0].off, g[0].len);
		i = take_byline(doc, g, *n, 1);
	}
	return i;
}

/* Appends len bytes of input to the text, cleaned; returns where they start. */
static size_t
append(struct doc *doc, const char *buf, size_t len)
{
	size_t off = doc->text_len, clean = utf8_clean_prefix(buf, len, 0), n;
	char *tail;

	/* The file's size is known: one allocation, and no copy as the text grows. */
	if (doc->text == NULL && doc->size > len)
		doc->text = xmalloc(doc->text_cap = doc->size + 1);
	if (clean == len) {
		if (off + len + 1 > doc->text_cap) {
			doc->text_cap = (off + len + 1) * 2;
			doc->text = xreallocarray(doc->text, doc->text_cap, 1);
		}
		memcpy(doc->text + off, buf, len);
		doc->text_len += len;
	} else {
		tail = utf8_sanitize(buf, len, 0, &n);
		if (off + n + 1 > doc->text_cap) {
			doc->text_cap = (off + n + 1) * 2;
			doc->text = xreallocarray(doc->text, doc->text_cap, 1);
		}
		memcpy(doc->text + off, tail, n);
		doc->text_len += n;
		free(tail);
	}
	doc->text[doc->text_len] = '\0';
	return off;
}

static int
feed(struct doc *doc, const char *buf, size_t len, int eof)
{
	struct text_state *st = doc->loader;
	struct group *g;
	size_t n, i = 0, off;

	if (st == NULL)
		st = doc->loader = xcalloc(1, sizeof *st);
	/* A BOM can only open the file; later pieces keep U+FEFF as the character it is. */
	if (doc->text_len == 0 && len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
		buf += 3;
		len -= 3;
	}
	off = append(doc, buf, len);
	g = split_lines(doc, st, off, doc->text_len, &n);
	if (!st->started)
		i = begin(doc, st, g, &n);
	else if (st->wrapped)
		n = join_runs(g, n);
	if (st->holding) {
		/* The held paragraph runs on into this piece, or learns what follows it. */
		if (st->wrapped && n > 0 && !g[0].gap) {
			join(&st->held, &g[0]);
			g[0] = st->held;
		} else
			emit(doc, &st->held, n > 0 ? &g[0] : NULL);
		st->holding = 0;
	}
	for (; i < n; i++) {
		if (i + 1 == n && !eof) {
			st->held = g[i];
			st->holding = 1;
			break;
		}
		emit(doc, &g[i], i + 1 < n ? &g[i + 1] : NULL);
	}
	free(g);
	if (eof) {
		free(doc->loader);
		doc->loader = NULL;
	}
	return 0;
}

const struct doc_format doc_format_text = {
    .name = "text",
    .probe = probe,
    .feed = feed,
};
