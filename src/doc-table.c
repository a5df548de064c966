/*
 * Tables with their columns lined up. The loaders make each row a block of isolated cells
 * (FSI cell PDI) between " │ "; once a table's rows are all there, each cell is padded with
 * spaces to its column's width, so the separators stand one under the other, in a
 * right-to-left table as in a left-to-right one. Padding is logical: after the cell puts it at
 * the start of the row's direction, before it at the end, so a right-to-left table is the
 * mirror of a left-to-right one without knowing which it is; only HTML's align=left and right,
 * which mean sides of the screen, need the row's direction. The text itself carries the padding, so
 * that every later stage (layout, search, bookmarks) sees one text. A table wider than a screen is
 * left as it is: padded rows would only wrap worse.
 */
#include <stdlib.h>
#include <string.h>

#include "cell.h"
#include "doc.h"
#include "doc-private.h"
#include "utf8.h"
#include "xmalloc.h"

/*
 * The widest table lined up, in cells, and its widest cell: a table of short cells reads best
 * in columns even when it must scroll sideways; one whose cells are paragraphs (a page laid
 * out with a table) reads best as the paragraphs it holds, wrapped.
 */
#define TABLE_ALIGN_MAX 1024
#define TABLE_CELL_MAX  60
/* A table this narrow lines up whatever its cells: it fits an 80-column terminal. */
#define TABLE_NARROW   76
#define TABLE_COLS_MAX 64

static const char sep[] = " \u2502 ";
#define SEP_CHARS 3

static int
is_alef(uint32_t cp)
{
	return cp == 0x622 || cp == 0x623 || cp == 0x625 || cp == 0x627;
}

/* The cells s takes on screen, as the reader draws it: cell_width, and lam with alef is one. */
static size_t
width(const char *s, size_t len)
{
	size_t i = 0, w = 0, cw;
	uint32_t cp, prev = 0;

	while (i < len) {
		i += utf8_decode((const unsigned char *)s + i, len - i, &cp);
		if ((cw = cell_width(cp)) == 0)
			continue; /* a mark, a control: prev stays the letter it is on */
		if (!(prev == 0x644 && is_alef(cp)))
			w += cw;
		prev = cp;
	}
	return w;
}

/* One cell of a row: its content between FSI and PDI (bytes), and its width. */
struct table_cell {
	size_t start, end;
	size_t chars_before; /* code points of the row before its FSI */
	size_t width;
	size_t before, after; /* the padding it gets */
};

struct doc_cell_align {
	size_t block, cell;
	enum table_align align;
};

void
doc_table_cell_align(struct doc *doc, size_t b, size_t k, enum table_align align)
{
	/* A row that made no block (nothing in it) leaves its cells to the next one: forgotten. */
	while (doc->naligns > 0 && doc->aligns[doc->naligns - 1].block == b &&
	       doc->aligns[doc->naligns - 1].cell >= k)
		doc->naligns--;
	if (align == TABLE_START)
		return; /* what a cell not recorded gets */
	if ((doc->naligns & (doc->naligns - 1)) == 0)
		doc->aligns = xreallocarray(doc->aligns, doc->naligns ? doc->naligns * 2 : 8,
		                            sizeof *doc->aligns);
	doc->aligns[doc->naligns++] = (struct doc_cell_align){b, k, align};
}

/*
 * The alignment recorded for cell k of block b, made logical for a row of direction rtl. The
 * records are in the order of the cells, and so are the questions: *next walks them once.
 */
static enum table_align
align_of(const struct doc *doc, size_t b, size_t k, int rtl, size_t *next)
{
	const struct doc_cell_align *a = doc->aligns;

	while (*next < doc->naligns &&
	       (a[*next].block < b || (a[*next].block == b && a[*next].cell < k)))
		(*next)++;
	if (*next == doc->naligns || a[*next].block != b || a[*next].cell != k)
		return TABLE_START;
	switch (a[*next].align) {
	case TABLE_LEFT:
		return rtl ? TABLE_END : TABLE_START;
	case TABLE_RIGHT:
		return rtl ? TABLE_START : TABLE_END;
	default:
		return a[*next].align;
	}
}

/* Whether s holds an isolate initiator or PDI at i, and which: 1 opens, -1 closes, 0 neither. */
static int
isolate_at(const char *s, size_t len, size_t i)
{
	if (i + 3 > len || (unsigned char)s[i] != 0xE2 || (unsigned char)s[i + 1] != 0x81)
		return 0;
	switch ((unsigned char)s[i + 2]) {
	case 0xA6: /* LRI */
	case 0xA7: /* RLI */
	case 0xA8: /* FSI */
		return 1;
	case 0xA9: /* PDI */
		return -1;
	}
	return 0;
}

/* Splits a row into its cells; returns how many, or 0 when it is not one the loaders made. */
static size_t
split(const char *s, size_t len, struct table_cell *cells)
{
	size_t i = 0, n = 0, depth;
	int k;

	for (;;) {
		if (n == TABLE_COLS_MAX || isolate_at(s, len, i) != 1 || s[i + 2] != (char)0xA8)
			return 0;
		cells[n].chars_before = utf8_count(s, i);
		cells[n].start = i += 3;
		for (depth = 1; i < len; i++) {
			if ((k = isolate_at(s, len, i)) == 0)
				continue;
			if (k < 0 && --depth == 0)
				break;
			depth += k > 0;
			i += 2;
		}
		if (i >= len)
			return 0;
		cells[n].end = i;
		cells[n].width = width(s + cells[n].start, i - cells[n].start);
		n++;
		i += 3;
		while (i < len && s[i] == ' ')
			i++;
		if (i == len)
			return n;
		if (len - i < 3 || memcmp(s + i, "\u2502", 3) != 0)
			return 0;
		for (i += 3; i < len && s[i] == ' '; i++)
			;
	}
}

/*
 * The padding of each cell of a row (block b), as its alignment puts it: the last cell of a
 * row does without what would come after it.
 */
static void
pad(const struct doc *doc, size_t b, struct table_cell *cells, size_t n, const size_t *colw,
    size_t *next)
{
	const struct block *bl = &doc->blocks[b];
	int rtl = (bl->dir != DIR_AUTO ? bl->dir : doc->dir) == DIR_RTL;
	size_t k, room;

	for (k = 0; k < n; k++) {
		room = colw[k] - cells[k].width;
		switch (align_of(doc, b, k, rtl, next)) {
		case TABLE_END:
			cells[k].before = room;
			break;
		case TABLE_CENTER:
			cells[k].before = room / 2;
			break;
		default:
			cells[k].before = 0;
		}
		cells[k].after = k + 1 < n ? room - cells[k].before : 0;
	}
}

void
doc_table_align(struct doc *doc, size_t first)
{
	struct table_cell(*cells)[TABLE_COLS_MAX];
	size_t *ncells, colw[TABLE_COLS_MAX] = {0}, nrows = doc->nblocks - first, r, k, j, n;
	size_t total, off, need, o, row, shift[TABLE_COLS_MAX], next = 0, ncols = 0;
	struct span *sp;
	char *out = NULL;
	struct block *b;
	const char *s;

	if (nrows == 0)
		return;
	cells = xreallocarray(NULL, nrows, sizeof *cells);
	ncells = xreallocarray(NULL, nrows, sizeof *ncells);
	/* Blocks that are not rows (an HTML <caption>, a row in a list item) stay as they are. */
	for (total = r = 0; r < nrows; r++) {
		b = &doc->blocks[first + r];
		ncells[r] = split(doc->text + b->off, b->len, cells[r]);
		total += ncells[r] > 1;
		ncols = ncells[r] > ncols ? ncells[r] : ncols;
		for (k = 0; k < ncells[r]; k++)
			colw[k] = cells[r][k].width > colw[k] ? cells[r][k].width : colw[k];
	}
	if (total == 0)
		goto out;
	/* Every column: one empty in all rows may stand before a paragraph-wide one. */
	for (total = k = 0; k < ncols; k++)
		total += colw[k] + (k > 0 ? SEP_CHARS : 0);
	if (total > TABLE_ALIGN_MAX)
		goto out;
	for (k = 0; total > TABLE_NARROW && k < ncols; k++)
		if (colw[k] > TABLE_CELL_MAX)
			goto out;
	for (r = 0; r < nrows; r++)
		pad(doc, first + r, cells[r], ncells[r], colw, &next);

	/* The blocks again, one after the other where they were: the table ends the text. */
	off = doc->blocks[first].off;
	for (need = 1, r = 0; r < nrows; r++) {
		need += ncells[r] == 0 ? doc->blocks[first + r].len : 0;
		for (k = 0; k < ncells[r]; k++)
			need += 6 + cells[r][k].end - cells[r][k].start + sizeof sep +
			        2 * cells[r][k].before + cells[r][k].after;
	}
	out = xmalloc(need);
	for (o = 0, r = 0; r < nrows; r++) {
		b = &doc->blocks[first + r];
		s = doc->text + b->off;
		sp = (struct span *)doc_block_spans(doc, first + r, &n);
		row = o;
		if (ncells[r] == 0) {
			memcpy(out + o, s, b->len);
			o += b->len;
			b->off = off + row;
			continue;
		}
		for (k = 0; k < ncells[r]; k++) {
			if (k > 0) {
				memcpy(out + o, sep, sizeof sep - 1);
				o += sizeof sep - 1;
			}
			/* A block never starts with a space (the loaders trim them): no-break ones.
			 */
			for (j = 0; j < cells[r][k].before; j++)
				if (k == 0) {
					memcpy(out + o, "\u00A0", 2);
					o += 2;
				} else
					out[o++] = ' ';
			/* Where this cell begins now, against where it began. */
			shift[k] = utf8_count(out + row, o - row) - cells[r][k].chars_before;
			memcpy(out + o, "\u2068", 3);
			memcpy(out + o + 3, s + cells[r][k].start,
			       cells[r][k].end - cells[r][k].start);
			o += 3 + cells[r][k].end - cells[r][k].start;
			memcpy(out + o, "\u2069", 3);
			o += 3;
			memset(out + o, ' ', cells[r][k].after);
			o += cells[r][k].after;
		}
		/* Spans lie inside one cell: each moves with its own. */
		for (j = 0; j < n; j++) {
			for (k = ncells[r] - 1; k > 0 && sp[j].start < cells[r][k].chars_before;
			     k--)
				;
			sp[j].start += shift[k];
			sp[j].end += shift[k];
		}
		b->off = off + row;
		b->len = o - row;
		b->chars = utf8_count(out + row, b->len);
		b->flags |= BLOCK_TABLE;
	}
	if (off + o + 1 > doc->text_cap) {
		doc->text_cap = off + o + 1;
		doc->text = xreallocarray(doc->text, doc->text_cap, 1);
	}
	memcpy(doc->text + off, out, o);
	doc->text_len = off + o;
	doc->text[doc->text_len] = '\0';
out:
	free(out);
	free(cells);
	free(ncells);
	free(doc->aligns);
	doc->aligns = NULL;
	doc->naligns = 0;
}
