/*
 * The fuzz harnesses, shared by the libFuzzer targets in fuzz/ and by tests/unit/test-regress.c,
 * which replays every input that once broke something through the very same code. A harness
 * takes arbitrary bytes, runs a stage of the pipeline on them and checks what must hold whatever
 * the input: document text is clean, lines cover every cluster once and fit the width, the
 * visual order is a permutation, and nothing that reaches the screen is a control character.
 *
 * A check that fails aborts under the fuzzer (FUZZ_ABORT), so that libFuzzer keeps the input;
 * the regression test counts failures instead and reports them as TAP.
 */
#ifndef QARI_FUZZ_H
#define QARI_FUZZ_H

#include <sys/mman.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "doc.h"
#include "layout.h"
#include "para.h"
#include "utf8.h"
#include "wrap.h"

static size_t fuzz_failures;

#define FUZZ_CHECK(cond) ((cond) ? (void)0 : fuzz_fail(#cond, __FILE__, __LINE__))

static void
fuzz_fail(const char *what, const char *file, int line)
{
	fprintf(stderr, "%s:%d: check failed: %s\n", file, line, what);
	fuzz_failures++;
#ifdef FUZZ_ABORT
	abort();
#endif
}

/* The width an input asks for: its first byte, folded into 1..200. */
static int
fuzz_width(uint8_t b)
{
	return 1 + b % 200;
}

/* Whether cp may be written to a terminal: no C0, DEL or C1 control, no surrogate. */
static int
fuzz_safe_cp(uint32_t cp)
{
	return cp >= 0x20 && cp != 0x7F && !(cp >= 0x80 && cp <= 0x9F) &&
	       !(cp >= 0xD800 && cp <= 0xDFFF) && cp <= 0x10FFFF;
}

/* Whether byte i of s starts a code point (or is the end). */
static int
fuzz_boundary(const char *s, size_t len, size_t i)
{
	return i == len || ((unsigned char)s[i] & 0xC0) != 0x80;
}

/* Whether s is clean UTF-8 with no control character at all. */
static int
fuzz_clean_string(const char *s)
{
	size_t i, n, len = strlen(s);
	uint32_t cp;

	for (i = 0; i < len; i += n) {
		n = utf8_decode((const unsigned char *)s + i, len - i, &cp);
		if ((cp == UTF8_REPLACEMENT && n != 3) || !fuzz_safe_cp(cp))
			return 0;
	}
	return 1;
}

/*
 * The text is valid UTF-8 with no control but '\n', blocks lie on code points inside it, and what
 * the status line and the sidebar show besides (title, byline, link targets) has no control.
 */
static void
fuzz_check_doc(const struct doc *doc)
{
	const unsigned char *t = (const unsigned char *)doc->text;
	size_t i, n;
	uint32_t cp;

	FUZZ_CHECK(doc->title != NULL && fuzz_clean_string(doc->title));
	FUZZ_CHECK(doc->byline == NULL || fuzz_clean_string(doc->byline));
#ifdef SPAN_LINK
	for (i = 0; i < doc->nlinks; i++)
		FUZZ_CHECK(fuzz_clean_string(doc->links[i]));
#endif
	FUZZ_CHECK(doc->dir == DIR_LTR || doc->dir == DIR_RTL || doc->nblocks == 0);
	for (i = 0; i < doc->text_len; i += n) {
		n = utf8_decode(t + i, doc->text_len - i, &cp);
		FUZZ_CHECK(cp != UTF8_REPLACEMENT || n == 3);
		FUZZ_CHECK(cp == '\n' || fuzz_safe_cp(cp));
	}
	for (i = 0; i < doc->nblocks; i++) {
		const struct block *b = &doc->blocks[i];

		FUZZ_CHECK(b->off <= doc->text_len && b->len <= doc->text_len - b->off);
		FUZZ_CHECK(fuzz_boundary(doc->text, doc->text_len, b->off));
		FUZZ_CHECK(fuzz_boundary(doc->text, doc->text_len, b->off + b->len));
		FUZZ_CHECK(b->chars == utf8_count(doc->text + b->off, b->len));
		/* A paragraph keeps its source's line ends, inside it, for the layout. */
		FUZZ_CHECK(b->kind == BLOCK_CODE || b->kind == BLOCK_PARA || b->kind == BLOCK_QUOTE ||
		           b->kind == BLOCK_ITEM || memchr(doc->text + b->off, '\n', b->len) == NULL);
		FUZZ_CHECK(b->kind == BLOCK_CODE || b->len == 0 ||
		           (doc->text[b->off] != '\n' && doc->text[b->off + b->len - 1] != '\n'));
	}
	for (i = 0; i < doc->noutline; i++)
		FUZZ_CHECK(doc->outline[i].block < doc->nblocks);
}

/*
 * One displayed line at width cells: its cells are a permutation of its clusters, in logical
 * order when the terminal reorders, their widths add up, the line fits unless it is a single
 * cluster, and what each cell draws is safe for a terminal (with the dump's room for marks and
 * with the reader's).
 */
static void
fuzz_check_vline(const struct vline *vl, int width, int flags)
{
	uint32_t cps[18];
	size_t i, j, n, span = vl->end_char - vl->first_char, visible = 0;
	unsigned char *seen;
	int w = 0;

	FUZZ_CHECK(vl->first_char <= vl->end_char && vl->end_char <= vl->para->ncp);
	if (vl->first_char > vl->end_char || vl->end_char > vl->para->ncp)
		return;
	seen = calloc(span + 1, 1);
	for (i = 0; i < vl->ncells; i++) {
		const struct vcell *c = &vl->cells[i];

		FUZZ_CHECK(c->n >= 1 && c->start + c->n <= vl->end_char);
		FUZZ_CHECK(c->start >= vl->first_char);
#ifdef VCELL_BLANK
		/* Room between a couplet's halves: blank, one cell, no cluster of its own. */
		if (c->hidden == VCELL_BLANK) {
			FUZZ_CHECK(c->width == 1 && layout_cell_chars(vl->para, c, cps, 18) == 0);
			w += c->width;
			continue;
		}
#endif
		if (c->start >= vl->first_char && c->start < vl->end_char) {
			FUZZ_CHECK(!seen[c->start - vl->first_char]);
			seen[c->start - vl->first_char] = 1;
		}
		if ((flags & LAYOUT_LOGICAL) && i > 0)
			FUZZ_CHECK(vl->cells[i - 1].start < c->start);
		FUZZ_CHECK(c->width <= 2 && (!c->hidden || c->width == 0));
		w += c->width;
		visible += c->width > 0;
		n = layout_cell_chars(vl->para, c, cps, 18);
		FUZZ_CHECK(n <= 18 && (n > 0 || c->width == 0));
		for (j = 0; j < n; j++)
			FUZZ_CHECK(fuzz_safe_cp(cps[j]));
		n = layout_cell_chars(vl->para, c, cps, 5);
		FUZZ_CHECK(n <= 5);
		for (j = 0; j < n; j++)
			FUZZ_CHECK(fuzz_safe_cp(cps[j]));
	}
	free(seen);
	FUZZ_CHECK(w == vl->width);
	/* Indents (lists, quotes, an item's hanging rows) come out of the column, not past it. */
	FUZZ_CHECK(vl->indent >= 0 && vl->indent <= width / 2);
	FUZZ_CHECK(vl->indent + vl->width <= width || visible == 1);
}

/* Whether a blank row follows block b: not after the last one, nor before a joined one. */
static int
fuzz_gap_after(const struct doc *doc, size_t b)
{
	if (b + 1 >= doc->nblocks)
		return 0;
#ifdef BLOCK_JOINED
	return !(doc->blocks[b + 1].flags & BLOCK_JOINED);
#else
	return 1;
#endif
}

/* Every line of every block, rows, pages and row moves of doc at width, with flags. */
static void
fuzz_layout_all(struct layout *lo, const struct doc *doc, int width, int flags)
{
	size_t b, l, n, rows = 0, total, prev_end, count;
	struct vline vl;
	struct row r;
	int h = 1 + width % 23;

	for (b = 0; b < doc->nblocks; b++) {
		FUZZ_CHECK(layout_rows_before(lo, b) == rows);
		n = layout_block_lines(lo, b);
		FUZZ_CHECK(n >= 1);
		prev_end = 0;
		for (l = 0; l < n; l++) {
			if (layout_line(lo, b, l, &vl) != 0) {
				FUZZ_CHECK(!"layout_line fails on a line that exists");
				break;
			}
			FUZZ_CHECK(vl.para->ncp == doc->blocks[b].chars);
			FUZZ_CHECK(vl.first_char == prev_end);
			FUZZ_CHECK(vl.first_char < vl.end_char || n == 1);
			fuzz_check_vline(&vl, width, flags);
			prev_end = vl.end_char;
			FUZZ_CHECK(layout_line_start(lo, b, l) == vl.first_char);
			FUZZ_CHECK(layout_line_of(lo, b, vl.first_char) == l);
		}
		FUZZ_CHECK(prev_end == doc->blocks[b].chars);
		FUZZ_CHECK(layout_line(lo, b, n, &vl) == -1);
		rows += n + fuzz_gap_after(doc, b);
	}
	FUZZ_CHECK(layout_line(lo, doc->nblocks, 0, &vl) == -1);
	total = layout_total_rows(lo);
	FUZZ_CHECK(total == rows);
	/* A page exists only with a row to put at its top (an empty text has none). */
	if (layout_page_at(lo, 0, h, &r) == 0)
		FUZZ_CHECK(r.block < doc->nblocks);
	if (total > 0) {
		FUZZ_CHECK(layout_page_at(lo, (total - 1) / h, h, &r) == 0);
		FUZZ_CHECK(layout_rows_before(lo, r.block) + r.line == (total - 1) / h * h);
		FUZZ_CHECK(layout_page_at(lo, (total - 1) / h + 1, h, &r) == -1);
		/* Down to the last row and back up to the first. */
		r.block = r.line = 0;
		for (count = 1; layout_row_next(lo, &r) == 0; count++)
			;
		FUZZ_CHECK(count == total);
		for (count = 1; layout_row_prev(lo, &r) == 0; count++)
			;
		FUZZ_CHECK(count == total && r.block == 0 && r.line == 0);
	}
}

/* The title as the status line shows it: one line within width, cut with room for an ellipsis. */
static void
fuzz_layout_title(struct layout *lo, const struct doc *doc, int width, int flags)
{
	struct vline vl;
	struct para *p;
	int cut;

	p = layout_short(lo, doc->title, strlen(doc->title), width, &vl, &cut);
	fuzz_check_vline(&vl, width, flags);
	para_free(&p);
}

/* A document laid out at width with the reader's flags, then with terminal bidi, then unshaped
 * and re-wrapped at a second width, as a resize does. */
static void
fuzz_doc(struct doc *doc, int width)
{
	static const int variants[] = {PARA_DEFAULT, PARA_DEFAULT | LAYOUT_LOGICAL, PARA_MIRROR};
	struct layout *lo;
	size_t i;
	int w2 = 1 + (width * 7 + 3) % 120;

	fuzz_check_doc(doc);
	for (i = 0; i < sizeof variants / sizeof variants[0]; i++) {
		lo = layout_new(doc, width, variants[i]);
		fuzz_layout_all(lo, doc, width, variants[i]);
		fuzz_layout_title(lo, doc, width, variants[i]);
		if (i == 2) {
			layout_set_width(lo, w2);
			fuzz_layout_all(lo, doc, w2, variants[i]);
		}
		layout_free(&lo);
	}
}

/*
 * The text loader fed piece by piece, as it is when a large file or a pipe is read: each piece
 * ends after every k-th newline, k taken from the input, then the last piece with eof.
 */
static struct doc *
fuzz_load_pieces(const char *name, const uint8_t *data, size_t size, size_t every, int sized)
{
	struct doc *doc = calloc(1, sizeof *doc);
	size_t off = 0, end, seen;
	char *buf = malloc(size + 1);

	doc->path = strdup(name);
	doc->name = strdup(name);
	doc->format = doc_format_text.name;
	doc->size = sized ? size : 0;
	doc->partial = 1;
	while (off < size) {
		for (end = off, seen = 0; end < size && seen < every; end++)
			seen += data[end] == '\n';
		if (seen < every)
			break; /* no whole line left: the rest is the eof piece */
		memcpy(buf, data + off, end - off);
		buf[end - off] = '\0';
		doc_format_text.feed(doc, buf, end - off, 0);
		doc_finish(doc);
		off = end;
	}
	memcpy(buf, data + off, size - off);
	buf[size - off] = '\0';
	doc_format_text.feed(doc, buf, size - off, 1);
	doc_finish(doc);
	doc->partial = 0;
	doc->size = doc->bytes_read = size;
	free(buf);
	return doc;
}

/*
 * A file's name is no cleaner than its text: the input's first line names a document with no
 * title of its own, which the status line and the sidebar then show by its name.
 */
static void
fuzz_name(const uint8_t *data, size_t size, int width)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t n = nl != NULL ? (size_t)(nl - data) : size;
	char name[65], *cause = NULL;
	struct layout *lo;
	struct doc *doc;

	n = n < sizeof name - 1 ? n : sizeof name - 1;
	memcpy(name, data, n);
	name[n] = '\0';
	if ((doc = doc_load_buffer(name, "text\n", 5, "text", &cause)) == NULL) {
		FUZZ_CHECK(!"a one-line text loads whatever its name");
		free(cause);
		return;
	}
	FUZZ_CHECK(fuzz_clean_string(doc->name) && fuzz_clean_string(doc->title));
	lo = layout_new(doc, width, PARA_DEFAULT);
	fuzz_layout_title(lo, doc, width, PARA_DEFAULT);
	layout_free(&lo);
	doc_free(&doc);
}

/* Longer than what doc_load reads at first (256 KiB), so that the rest is read as needed. */
#define FUZZ_PARTIAL_BYTES ((size_t)300 * 1024)

/*
 * The input repeated into a file longer than doc_load's first read, opened as the reader opens
 * it: the document starts partial, has its title at once, shows its first page, and reads on.
 */
/*
 * Whether doc-charset.c converts data (size bytes, in format) to UTF-8, so that the document's
 * size is that of its UTF-8: a UTF-16 byte order mark, or HTML that is not UTF-8.
 */
static int
fuzz_converted(const char *format, const uint8_t *data, size_t size)
{
	size_t bomlen;
	const char *bom = doc_charset_bom((const char *)data, size, &bomlen);

	return (bom != NULL && !doc_charset_utf8(bom)) ||
	       (strcmp(format, "html") == 0 && !doc_charset_is_utf8((const char *)data, size));
}

static void
fuzz_partial(const char *format, const uint8_t *data, size_t size, int width)
{
	char path[64], *cause = NULL;
	size_t total = 0;
	struct layout *lo;
	struct vline vl;
	struct doc *doc;
	struct row r;
	int fd, i;

	if (size == 0 || (fd = memfd_create("fuzz", 0)) < 0)
		return;
	while (total < FUZZ_PARTIAL_BYTES && write(fd, data, size) == (ssize_t)size)
		total += size;
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	doc = doc_load(path, format, &cause);
	close(fd);
	if (doc == NULL) {
		FUZZ_CHECK(cause != NULL && strchr(cause, '\n') == NULL);
		free(cause);
		return;
	}
	FUZZ_CHECK(doc->title != NULL);
	lo = layout_new(doc, width, PARA_DEFAULT);
	if (layout_page_at(lo, 0, 24, &r) == 0) {
		for (i = 0; i < 24; i++) {
			if (r.line < layout_block_lines(lo, r.block) &&
			    layout_line(lo, r.block, r.line, &vl) == 0)
				fuzz_check_vline(&vl, width, PARA_DEFAULT);
			if (layout_row_next(lo, &r) != 0)
				break;
		}
	}
	if (doc_load_all(doc, &cause) != 0)
		free(cause);
	/* Repeated, data may hold a character cut in two: HTML may then be converted. */
	FUZZ_CHECK(!doc->partial && (doc->size == total || fuzz_converted(format, data, size) ||
	                             strcmp(format, "html") == 0));
	fuzz_check_doc(doc);
	layout_free(&lo);
	doc_free(&doc);
}

/*
 * A loader's target at an explicit width: the document loaded whole (doc_load_buffer with the
 * format) and laid out in every variant; a text is also loaded in pieces and laid out again, and
 * its first line names a document.
 */
static void
fuzz_format_at(const char *format, const uint8_t *data, size_t size, int width, size_t every)
{
	struct layout *lo;
	struct doc *doc;
	char *cause = NULL;

	doc = doc_load_buffer("fuzz", (const char *)data, size, format, &cause);
	if (doc == NULL) {
		FUZZ_CHECK(cause != NULL && strchr(cause, '\n') == NULL);
		free(cause);
		return;
	}
	FUZZ_CHECK(cause == NULL);
	FUZZ_CHECK((doc->size == size || fuzz_converted(format, data, size)) && !doc->partial);
	fuzz_doc(doc, width);
	doc_free(&doc);
	FUZZ_CHECK(doc == NULL);
	if (strcmp(format, "text") != 0)
		return;
	fuzz_name(data, size, width);
	doc = fuzz_load_pieces("fuzz", data, size, every, every & 1);
	fuzz_check_doc(doc);
	lo = layout_new(doc, width, PARA_DEFAULT);
	fuzz_layout_all(lo, doc, width, PARA_DEFAULT);
	layout_free(&lo);
	doc_free(&doc);
}

static void
fuzz_text_at(const uint8_t *data, size_t size, int width, size_t every)
{
	fuzz_format_at("text", data, size, width, every);
}

/* A loader's target: the first byte is the width, the rest the file. */
static void
fuzz_format(const char *format, const uint8_t *data, size_t size)
{
	if (size < 1)
		return;
	fuzz_format_at(format, data + 1, size - 1, fuzz_width(data[0]), 1 + (data[0] >> 5) % 5);
	/* Reading a large file is slow to fuzz: one input in 32. */
	if ((data[0] & 31) == 0)
		fuzz_partial(format, data + 1, size - 1, fuzz_width(data[0]));
}

static void
fuzz_text(const uint8_t *data, size_t size)
{
	fuzz_format("text", data, size);
}

/* Whether order[n] holds each of 0..n-1 once. */
static int
fuzz_permutation(const uint32_t *order, size_t n)
{
	unsigned char *seen = calloc(n + 1, 1);
	size_t i;
	int ok = 1;

	for (i = 0; i < n && ok; i++) {
		ok = order[i] < n && !seen[order[i]];
		if (ok)
			seen[order[i]] = 1;
	}
	free(seen);
	return ok;
}

/*
 * Clusters tile the code points, lines tile the clusters in order, each line fits the width
 * unless it holds a single cluster that takes cells, and reordering a line gives a permutation
 * (the identity or its reverse when no character left the base level).
 */
static void
fuzz_para_check(const struct para *p, int width)
{
	struct line *lines;
	uint8_t *lv, *l1;
	uint32_t *order;
	size_t nl, i, k, n, visible;
	uint32_t w, next = 0;

	for (i = 0; i < p->ncl; i++) {
		FUZZ_CHECK(p->cl[i].start == next && p->cl[i].n >= 1);
		FUZZ_CHECK(p->cl[i].width <= 2 && p->cl[i].level <= 126);
		FUZZ_CHECK(!(p->cl[i].flags & CLUSTER_HIDDEN) || p->cl[i].width == 0);
		next = p->cl[i].start + p->cl[i].n;
	}
	FUZZ_CHECK(next == p->ncp);
	nl = wrap_para(p, width, &lines);
	FUZZ_CHECK(nl >= 1 && lines[0].first == 0 && lines[nl - 1].end == p->ncl);
	lv = malloc(p->ncl + 1);
	l1 = malloc(p->ncl + 1);
	order = malloc((p->ncl + 1) * sizeof *order);
	for (i = 0; i < nl; i++) {
		const struct line *l = &lines[i];

		FUZZ_CHECK(l->first <= l->start && l->start <= l->shown && l->shown <= l->end &&
		           l->end <= p->ncl);
		FUZZ_CHECK(i == 0 || l->first == lines[i - 1].end);
		FUZZ_CHECK(l->first < l->end || p->ncl == 0);
		if (!(l->first <= l->start && l->start <= l->shown && l->shown <= l->end &&
		      l->end <= p->ncl))
			continue;
		/* What is not shown at the start is invisible or white space. */
		for (k = l->first; k < l->start; k++)
			FUZZ_CHECK(p->cl[k].flags & (CLUSTER_SPACE | CLUSTER_HIDDEN));
		for (k = l->start, w = 0, visible = 0; k < l->shown; k++) {
			w += p->cl[k].width;
			visible += p->cl[k].width > 0;
		}
		/* What hangs past the end is white space or invisible. */
		for (k = l->shown; k < l->end; k++)
			FUZZ_CHECK(p->cl[k].flags & (CLUSTER_SPACE | CLUSTER_HIDDEN));
		FUZZ_CHECK(w == l->width);
		FUZZ_CHECK(w <= (uint32_t)width || visible == 1);
		n = l->shown - l->start;
		for (k = 0; k < n; k++) {
			lv[k] = p->cl[l->start + k].level;
			l1[k] = p->cl[l->start + k].flags & (CLUSTER_SPACE | CLUSTER_HIDDEN)
			            ? L1_WS
			            : L1_NONE;
		}
		para_reorder(lv, l1, n, p->base_level, order);
		FUZZ_CHECK(fuzz_permutation(order, n));
		for (k = 0; !p->mixed && k < n; k++)
			FUZZ_CHECK(order[k] == (p->base_level ? n - 1 - k : k));
	}
	free(lv);
	free(l1);
	free(order);
	free(lines);
}

/*
 * The paragraph target: byte 0 is the width, byte 1 the direction, the fallback, the shaping
 * flags and whether tabs are kept; the rest, cleaned by utf8_sanitize, is the paragraph.
 */
static void
fuzz_para(const uint8_t *data, size_t size)
{
	static const enum doc_dir dirs[] = {DIR_AUTO, DIR_LTR, DIR_RTL};
	enum doc_dir dir, fallback;
	size_t len, n, i;
	struct para *p;
	uint32_t *cps, *order;
	uint8_t *lv, *l1;
	char *s;
	int width, flags, base;

	if (size < 2)
		return;
	width = fuzz_width(data[0]);
	dir = dirs[data[1] % 3];
	fallback = data[1] & 0x4 ? DIR_RTL : DIR_LTR;
	flags = (data[1] >> 3) & (PARA_SHAPE | PARA_MIRROR);
	s = utf8_sanitize((const char *)data + 2, size - 2, (data[1] & 0x80) != 0, &len);
	FUZZ_CHECK(s[len] == '\0');
	p = para_new(s, len, dir, fallback, flags);
	FUZZ_CHECK(p->ncp == utf8_count(s, len));
	FUZZ_CHECK(p->base_level == 0 || p->base_level == 1);
	fuzz_para_check(p, width);
	fuzz_para_check(p, 1 + width / 3);

	/* The levels of the unshaped text, and rule L1-L2 over the whole paragraph as one line. */
	cps = malloc((len + 1) * sizeof *cps);
	n = utf8_to_ucs4(s, len, cps);
	lv = malloc(n + 1);
	l1 = malloc(n + 1);
	order = malloc((n + 1) * sizeof *order);
	base = para_levels(cps, n, dir, fallback, lv, l1);
	FUZZ_CHECK(base == p->base_level);
	for (i = 0; i < n; i++)
		FUZZ_CHECK(lv[i] <= 126 && l1[i] <= L1_SEP);
	para_reorder(lv, l1, n, base, order);
	FUZZ_CHECK(fuzz_permutation(order, n));
	free(cps);
	free(lv);
	free(l1);
	free(order);
	para_free(&p);
	FUZZ_CHECK(p == NULL);
	free(s);
}

#endif
