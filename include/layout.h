/*
 * Lines and pages of a document for one column width, computed lazily: a block is prepared
 * (para.c) and wrapped (wrap.c) only when something asks for its lines, and the prepared blocks
 * are kept in a small cache, so showing page 1 of a book costs page 1. The text is a sequence of
 * rows: the lines of block 0, a blank row, the lines of block 1, a blank row, and so on.
 */
#ifndef QARI_LAYOUT_H
#define QARI_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#include "doc.h"
#include "para.h"
#include "wrap.h"

/* Send lines in logical order, for terminals that run the bidi algorithm themselves. */
#define LAYOUT_LOGICAL 0x100
/*
 * The line ends of a paragraph's source (linebreaks = keep|join|auto): kept as lines, joined
 * as spaces, or neither bit, auto: kept where the lines read as verse (verse.h), else joined.
 */
#define LAYOUT_KEEP_LINES 0x200
#define LAYOUT_JOIN_LINES 0x400
#define LAYOUT_LINES      (LAYOUT_KEEP_LINES | LAYOUT_JOIN_LINES)

/* The widest a table's row is set (BLOCK_TABLE): wider rows are never made (doc-table.c). */
#define LAYOUT_TABLE_MAX 4096

/* A row of the text: line `line` of block `block`; line == the block's line count is the gap. */
struct row {
	size_t block;
	size_t line;
};

/* One cell of a displayed line: a cluster, as code points para->cp[start, start + n). */
struct vcell {
	uint32_t start;
	uint16_t n;
	uint8_t width;
	uint8_t
	    hidden; /* nothing to draw (a bidi control that opened the paragraph); VCELL_BLANK */
};

/*
 * hidden for a cell of room, one cell wide and blank, that stands for no cluster (start is the
 * line end it takes the place of): between a couplet's halves.
 */
#define VCELL_BLANK 2

/*
 * A line as the screen shows it, left to right. Valid until the next call on the layout. A
 * couplet side by side is one line of both its halves, VCELL_BLANK cells between them.
 */
struct vline {
	const struct para *para;
	const struct vcell *cells;
	size_t ncells;
	int width;  /* cells */
	int rtl;    /* right-aligned */
	int indent; /* cells between the column's start side and the line (lists, quotes) */
	/*
	 * A code line the column cut: it goes on in the next row. Code is laid out a cell short of
	 * the column's end, left free for the view's mark of it (never part of the text).
	 */
	int cont;
	uint32_t first_char, end_char; /* the logical chars [first, end) of the block it holds */
};

struct layout;

/*
 * A layout of doc (not owned) at width cells; flags are PARA_* and LAYOUT_* bits. A partial
 * document is read on (doc_load_more) as the layout needs more of it.
 */
struct layout *layout_new(struct doc *doc, int width, int flags);
void layout_free(struct layout **lo);

/* Changes the width: line counts are forgotten, prepared paragraphs are kept. */
void layout_set_width(struct layout *lo, int width);

/*
 * Lets a couplet side by side (verse.h) take up to room cells, centred on the column, where the
 * screen has them beside the column; the column's width is the least, and what
 * layout_set_width sets. Line counts are forgotten.
 */
void layout_set_room(struct layout *lo, int room);

/* Changes the linebreaks (one of LAYOUT_LINES's bits, or 0 for auto): everything is redone. */
void layout_set_lines(struct layout *lo, int lines);
int layout_lines(const struct layout *lo);
int layout_width(const struct layout *lo);
const struct doc *layout_doc(const struct layout *lo);

/*
 * Lines of block b at the current width (at least 1), or 0 when the document has no block b;
 * prepares the block when needed.
 */
size_t layout_block_lines(struct layout *lo, size_t b);

/*
 * Cuts vl to the cells wholly inside its columns [from, from + width) (a table's row wider
 * than the screen, scrolled sideways). Returns the blank columns before the first cell kept.
 */
int layout_clip(struct vline *vl, int from, int width);

/* Fills *out with line `line` of block b, in display order. Returns -1 when there is no such line.
 */
int layout_line(struct layout *lo, size_t b, size_t line, struct vline *out);

/* The line of block b that holds char offset ch, and the first char of a line (0 for no block b).
 */
size_t layout_line_of(struct layout *lo, size_t b, size_t ch);
size_t layout_line_start(struct layout *lo, size_t b, size_t line);

/* Moves *r one row down or up; returns 0, or -1 at the end or start of the text. */
int layout_row_next(struct layout *lo, struct row *r);
int layout_row_prev(struct layout *lo, struct row *r);

/*
 * The row at the top of page `page` (0-based) when pages are `height` rows, laying out blocks only
 * up to it. Returns -1 when the text has fewer pages.
 */
int layout_page_at(struct layout *lo, size_t page, int height, struct row *top);

/* Rows before block b (blank rows included); lays out blocks [0, b). b <= the block count. */
size_t layout_rows_before(struct layout *lo, size_t b);

/*
 * The code points to draw for cell c of a line of p, at most max of them: the base and its marks
 * (invisible format characters left out; a mark with no base gets a no-break space to sit on).
 * Returns the count, 0 for a cell that draws nothing.
 */
size_t layout_cell_chars(const struct para *p, const struct vcell *c, uint32_t *out, size_t max);

/*
 * Counts rows ahead of what has been asked, at most `blocks` blocks per call, so a reader can
 * learn the page count in idle moments. Returns 1 once every block is counted.
 */
int layout_count_some(struct layout *lo, size_t blocks);

/* Rows before block b when already counted, else -1 (nothing is laid out). */
long layout_rows_known(const struct layout *lo, size_t b);

/* All rows of the text; reads the whole document and lays out every block. */
size_t layout_total_rows(struct layout *lo);

/*
 * Lays out a short text alone (a heading in the sidebar, a title in the status line) in at most
 * width cells: its first line, in display order, and whether text was cut. The line is cut at
 * its logical end, which is its left side when it is RTL. Returns the prepared paragraph, which
 * the caller frees with para_free; cells go into out->cells (owned by the layout, valid until the
 * next call).
 */
struct para *layout_short(struct layout *lo, const char *s, size_t len, int width,
                          struct vline *out, int *cut);

/*
 * Lays out what is typed in a prompt: one line however long, every character (trailing spaces
 * too), in display order, in the direction of its first strong character, else left to right
 * (never the document's: "(2.4" typed in an Arabic book stays "(2.4"). As layout_short.
 */
struct para *layout_input(struct layout *lo, const char *s, size_t len, struct vline *out);

/* Forgets block b's prepared paragraph: for a pass that reads each block once, as dump does. */
void layout_release(struct layout *lo, size_t b);

/* How many blocks have been prepared since the layout was made: for tests of laziness. */
size_t layout_prepared_count(const struct layout *lo);

#endif
