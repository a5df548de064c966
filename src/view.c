/*
 * The text column: rows of the current document drawn from the layout, cell by cell at the
 * positions the layout computed (so a terminal that disagrees about a character's width can
 * misplace that character only, not the rest of the line). The top of the screen is kept as a
 * (block, char) position and turned into a row for the current width whenever it is needed.
 */
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <curses.h>

#include "keymap.h"
#include "screen.h"
#include "utf8.h"
#include "xmalloc.h"

/* ncurses keeps the base and up to CCHARW_MAX - 1 marks in a cell. */
#define CELL_CHARS CCHARW_MAX

struct layout *
view_lo(struct reader *r)
{
	return r->layouts[r->top.doc];
}

/*
 * Makes p a place that exists in its document as it is now: a stored position, a quick mark, a
 * jump or a heading may name a block the document no longer has (it was edited, or was read
 * only partly when the place was taken) or a char past its block's end. A document with no
 * block at all has one place, (0, 0).
 */
void
view_clamp(struct reader *r, struct pos *p)
{
	struct doc *doc;

	if (p->doc >= r->ndocs)
		*p = (struct pos){0};
	doc = r->docs[p->doc];
	if (!doc_has_block(doc, p->block)) {
		p->gap = 0;
		p->ch = 0;
		p->block = doc->nblocks > 0 ? doc->nblocks - 1 : 0;
	}
	if (doc->nblocks == 0) {
		p->block = p->ch = 0;
		p->gap = 0;
	} else if (p->ch > doc->blocks[p->block].chars)
		p->ch = doc->blocks[p->block].chars;
}

struct row
view_top_row(struct reader *r)
{
	struct layout *lo = view_lo(r);
	struct row row;

	view_clamp(r, &r->top);
	row = (struct row){r->top.block, 0};
	if (layout_doc(lo)->nblocks == 0)
		return row;
	if (r->top.gap)
		row.line = layout_block_lines(lo, r->top.block);
	else
		row.line = layout_line_of(lo, r->top.block, r->top.ch);
	return row;
}

void
view_set_top_row(struct reader *r, struct row row)
{
	struct layout *lo = view_lo(r);
	size_t n = layout_block_lines(lo, row.block);

	if (n == 0) { /* no such block (an empty document): its one place */
		r->top.block = r->top.ch = 0;
		r->top.gap = 0;
		view_clamp(r, &r->top);
		return;
	}
	r->top.block = row.block;
	r->top.gap = row.line >= n;
	r->top.ch = r->top.gap ? layout_doc(lo)->blocks[row.block].chars
	                       : layout_line_start(lo, row.block, row.line);
}

/* Sizes the text column for the screen and the sidebar, and sets every layout to its width. */
void
view_layout(struct reader *r)
{
	int avail = r->cols, w;
	size_t i;

	r->text_h = r->rows > 1 ? r->rows - 1 : 1;
	r->side_w = 0;
	if (r->side_shown && r->cols >= 60) {
		r->side_w = r->cols / 3 < 36 ? r->cols / 3 : 36;
		avail -= r->side_w + 1;
	}
	w = r->column_max < avail - 2 ? r->column_max : avail - 2;
	if (w < 10)
		w = avail > 10 ? 10 : (avail > 1 ? avail : 1);
	r->text_w = w;
	r->text_x = (avail - w) / 2;
	if (r->side_w > 0 && !r->side_right)
		r->text_x += r->side_w + 1;
	for (i = 0; i < r->ndocs; i++) {
		layout_set_width(r->layouts[i], w);
		layout_set_room(r->layouts[i], avail - 2); /* for poetry's couplets, side by side */
	}
}

/* Whether at least n rows follow row (itself included); lays out only those. */
static int
rows_after(struct layout *lo, struct row row, long n)
{
	while (--n > 0)
		if (layout_row_next(lo, &row) != 0)
			return 0;
	return 1;
}

void
view_goto_end(struct reader *r)
{
	struct layout *lo = view_lo(r);
	const struct doc *doc = layout_doc(lo);
	char *cause = NULL;
	struct row row;
	int i;

	if (doc_load_all(r->docs[r->top.doc], &cause) != 0) {
		status_message(r, "%s", cause);
		free(cause);
	}

	if (doc->nblocks == 0)
		return;
	row.block = doc->nblocks - 1;
	row.line = layout_block_lines(lo, row.block) - 1;
	for (i = 1; i < r->text_h; i++)
		if (layout_row_prev(lo, &row) != 0)
			break;
	view_set_top_row(r, row);
}

/* Moves the top by n rows (negative: up); stops with the last page full. Returns rows moved. */
int
view_scroll(struct reader *r, long n)
{
	struct layout *lo = view_lo(r);
	struct row row = view_top_row(r);
	long moved = 0;

	if (layout_doc(lo)->nblocks == 0)
		return 0;
	for (; n > 0 && rows_after(lo, row, r->text_h + 1) && layout_row_next(lo, &row) == 0; n--)
		moved++;
	for (; n < 0 && layout_row_prev(lo, &row) == 0; n++)
		moved++;
	if (moved > 0)
		view_set_top_row(r, row);
	return moved;
}

static int
logical(const struct reader *r)
{
	return (r->opt->para_flags & LAYOUT_LOGICAL) != 0;
}

/*
 * The first column of table row vl shown, over being how much wider it is than the column: a
 * right-to-left row (sent visually) is scrolled from its right end, the others from the left.
 */
static int
shown_from(const struct reader *r, const struct vline *vl, int over)
{
	return vl->rtl && !logical(r) ? over - r->hshift[1] : r->hshift[vl->rtl];
}

/* Whether block b is a table's row: the only rows that move sideways (a couplet is as wide). */
static int
is_table(const struct reader *r, size_t b)
{
	return (r->docs[r->top.doc]->blocks[b].flags & BLOCK_TABLE) != 0;
}

/*
 * Where line vl (of block b) starts on screen: right-aligned when it reads right to left. A
 * table's row is moved by r->hshift, and cut to the text column when it is wider: every row of
 * a table moves alike, so the columns stay lined up whatever each row's width. *cut then says
 * which sides hide more (1 left, 2 right).
 */
static int
place(const struct reader *r, size_t b, struct vline *vl, int *cut)
{
	int room = r->text_w - vl->indent, from, lead;

	*cut = 0;
	if (!is_table(r, b) || (r->hshift[vl->rtl] == 0 && vl->width <= room))
		return vl->rtl ? r->text_x + r->text_w - vl->indent - vl->width
		               : r->text_x + vl->indent;
	/* Sent in logical order (--bidi terminal), a row is cut from its logical start. */
	from = shown_from(r, vl, vl->width - room);
	*cut = (from > 0) | (from + room < vl->width) << 1;
	lead = layout_clip(vl, from, room);
	return r->text_x + (vl->rtl ? 0 : vl->indent) + lead;
}

int
view_hscroll(struct reader *r, int dir)
{
	struct layout *lo = view_lo(r);
	struct row row = view_top_row(r);
	struct vline vl;
	int y, over, step, max[2] = {0, 0}, was[2] = {r->hshift[0], r->hshift[1]}, d;

	if (layout_doc(lo)->nblocks == 0)
		return DO_NOTHING;
	/* How far the tables' rows on screen go past the column, each way. */
	for (y = 0; y < r->text_h; y++) {
		if (is_table(r, row.block) && row.line < layout_block_lines(lo, row.block) &&
		    layout_line(lo, row.block, row.line, &vl) == 0 &&
		    (over = vl.width - (r->text_w - vl.indent)) > max[vl.rtl])
			max[vl.rtl] = over;
		if (layout_row_next(lo, &row) != 0)
			break;
	}
	if (max[0] == 0 && max[1] == 0) {
		r->hshift[0] = r->hshift[1] = 0;
		status_message(r, "Nothing on screen is wider than the column (Left and Right "
		                  "scroll wide tables)");
		return DO_REDRAW;
	}
	step = r->text_w / 2 > 1 ? r->text_w / 2 : 1;
	for (d = 0; d < 2; d++) {
		r->hshift[d] += (d == 0 || logical(r) ? dir : -dir) * step;
		r->hshift[d] = r->hshift[d] < 0 ? 0 : r->hshift[d] > max[d] ? max[d] : r->hshift[d];
	}
	if (r->hshift[0] == was[0] && r->hshift[1] == was[1])
		status_message(r, dir > 0 ? "The right edge of the table"
		                          : "The left edge of the table");
	return DO_REDRAW;
}

void
view_reveal(struct reader *r, size_t block, size_t ch)
{
	struct layout *lo = view_lo(r);
	struct vline vl;
	size_t i;
	int x = 0, over, room, from;

	if (!is_table(r, block) || layout_line(lo, block, layout_line_of(lo, block, ch), &vl) != 0)
		return;
	room = r->text_w - vl.indent;
	if ((over = vl.width - room) <= 0)
		return;
	for (i = 0; i < vl.ncells && vl.cells[i].start != ch; i++)
		x += vl.cells[i].width;
	if (i == vl.ncells)
		return;
	from = shown_from(r, &vl, over);
	/* Shown already, or brought a quarter of the column in from the edge it was past. */
	if (x >= from && x < from + room)
		return;
	from = x < from ? x - room / 4 : x - room * 3 / 4;
	from = from < 0 ? 0 : from > over ? over : from;
	r->hshift[vl.rtl] = vl.rtl && !logical(r) ? over - from : from; /* shown_from's inverse */
}

int
view_char_at(struct reader *r, int y, int x, size_t *block, size_t *ch)
{
	struct layout *lo = view_lo(r);
	struct row row = view_top_row(r);
	struct vline vl;
	size_t i;
	int at, cut;

	if (layout_doc(lo)->nblocks == 0 || y < 0 || y >= r->text_h)
		return -1;
	for (; y > 0; y--)
		if (layout_row_next(lo, &row) != 0)
			return -1;
	if (row.line >= layout_block_lines(lo, row.block) ||
	    layout_line(lo, row.block, row.line, &vl) != 0)
		return -1;
	at = place(r, row.block, &vl, &cut);
	for (i = 0; i < vl.ncells; at += vl.cells[i].width, i++)
		if (x >= at && x < at + vl.cells[i].width) {
			*block = row.block;
			*ch = vl.cells[i].start;
			return 0;
		}
	return -1;
}

void
view_jump_push(struct reader *r)
{
	jumps_push(r->jumps, &r->top);
}

void
view_places_init(struct reader *r)
{
	size_t i;

	r->doc_top = xcalloc(r->ndocs, sizeof *r->doc_top);
	for (i = 0; i < r->ndocs; i++)
		r->doc_top[i].doc = i;
	memset(&r->top, 0, sizeof r->top);
}

void
view_places_add(struct reader *r)
{
	size_t d = r->ndocs - 1;

	r->doc_top = xreallocarray(r->doc_top, r->ndocs, sizeof *r->doc_top);
	memset(&r->doc_top[d], 0, sizeof r->doc_top[d]);
	r->doc_top[d].doc = d;
}

void
view_set_place(struct reader *r, size_t d, size_t block, size_t ch)
{
	struct pos *p = d == r->top.doc ? &r->top : &r->doc_top[d];

	p->block = block;
	p->ch = ch;
	p->gap = 0;
}

struct pos
view_place(const struct reader *r, size_t d)
{
	return d == r->top.doc ? r->top : r->doc_top[d];
}

/* Going from the current document to document to: its place kept to come back to, its tables'
 * sideways scroll not. */
static void
leave(struct reader *r, size_t to)
{
	r->doc_top[r->top.doc] = r->top;
	if (to != r->top.doc)
		r->hshift[0] = r->hshift[1] = 0;
}

void
view_set_top(struct reader *r, struct pos to)
{
	if (to.doc != r->top.doc)
		leave(r, to.doc);
	r->top = to;
	view_clamp(r, &r->top);
}

void
view_goto(struct reader *r, size_t doc, size_t block, size_t ch)
{
	leave(r, doc);
	r->top.doc = doc;
	r->top.block = block;
	r->top.ch = ch;
	r->top.gap = 0;
	view_clamp(r, &r->top);
	/* Start at the line that holds ch, and keep the last page full. */
	view_set_top_row(r, view_top_row(r));
	if (!rows_after(view_lo(r), view_top_row(r), r->text_h))
		view_goto_end(r);
}

size_t
view_extent(const struct doc *doc)
{
	if (doc->partial && doc->size > doc->text_len)
		return doc->size;
	return doc->text_len;
}

/*
 * Percentages are of bytes, inside a block as well: one block may be most of a document (a
 * tutorial that is one long code block), and the block's start would stand for all of it.
 */
size_t
view_top_byte(struct reader *r)
{
	const struct doc *doc = layout_doc(view_lo(r));
	const struct block *b;

	if (doc->nblocks == 0)
		return 0;
	view_clamp(r, &r->top);
	b = &doc->blocks[r->top.block];
	if (r->top.gap)
		return b->off + b->len;
	return b->off + utf8_offset(doc->text + b->off, b->len, r->top.ch);
}

void
view_goto_byte(struct reader *r, size_t target)
{
	const struct doc *doc = layout_doc(view_lo(r));
	size_t b = 0, len;

	if (doc->nblocks == 0)
		return;
	while (b + 1 < doc->nblocks && doc->blocks[b + 1].off <= target)
		b++;
	len = target > doc->blocks[b].off ? target - doc->blocks[b].off : 0;
	len = len < doc->blocks[b].len ? len : doc->blocks[b].len;
	view_goto(r, r->top.doc, b, utf8_count(doc->text + doc->blocks[b].off, len));
	/* The row that holds target starts before it: the next one shows target's percent. */
	if (view_top_byte(r) < target)
		view_scroll(r, 1);
}

/*
 * Heading levels must tell themselves apart at a glance, with colours and without them
 * (NO_COLOR): level 1 is bold and underlined, 2 bold, 3 bold in another colour (underlined
 * without colours), deeper ones in that colour alone (dim and underlined without colours:
 * italics, which would do, are missing from many terminals' descriptions).
 */
static int
heading_attr(const struct reader *r, int level)
{
	switch (level) {
	case 1:
		return A_BOLD | A_UNDERLINE | (r->color ? COLOR_PAIR(2) : 0);
	case 2:
		return A_BOLD | (r->color ? COLOR_PAIR(2) : 0);
	case 3:
		return r->color ? A_BOLD | COLOR_PAIR(7) : A_UNDERLINE;
	default:
		return r->color ? COLOR_PAIR(7) : A_UNDERLINE | A_DIM;
	}
}

static int
block_attr(const struct reader *r, const struct block *b)
{
	switch (b->kind) {
	case BLOCK_TITLE:
		return A_BOLD | (r->color ? COLOR_PAIR(1) : A_UNDERLINE);
	case BLOCK_HEADING:
		return heading_attr(r, b->level);
	case BLOCK_BYLINE:
		return A_DIM;
	default:
		return A_NORMAL;
	}
}

/* Draws one cell at (y, x); returns the columns it took. */
static int
draw_cell(int y, int x, const struct para *p, const struct vcell *c, attr_t attr)
{
	uint32_t cps[CELL_CHARS];
	wchar_t wc[CELL_CHARS + 1];
	size_t n, i;
	cchar_t cc;

	n = layout_cell_chars(p, c, cps, CELL_CHARS);
	/* Room that draws nothing (between a couplet's halves) still takes a selection's colour. */
	if (n == 0 && c->width == 1 && (attr & A_REVERSE)) {
		cps[0] = ' ';
		n = 1;
	}
	if (n == 0 || c->width == 0)
		return c->width;
	for (i = 0; i < n; i++)
		wc[i] = cps[i];
	wc[n] = L'\0';
	/* The terminal's idea of the width must match the layout's, or the row would shift. */
	if (wcwidth(wc[0]) != c->width) {
		wc[0] = c->width == 2 ? L'\xFF1F' : L'\xFFFD';
		wc[1] = L'\0';
		if (wcwidth(wc[0]) != c->width)
			wc[0] = L'?';
	}
	/* setcchar takes the colour pair apart from the attributes, and would reset it to 0. */
	setcchar(&cc, wc, attr & ~A_COLOR, PAIR_NUMBER(attr), NULL);
	mvadd_wch(y, x, &cc);
	return c->width;
}

static void
draw_vline(int y, int x, const struct vline *vl, attr_t attr)
{
	size_t i;

	for (i = 0; i < vl->ncells; i++)
		x += draw_cell(y, x, vl->para, &vl->cells[i], attr);
}

/* The attributes the markup asks for at char ch: emphasis, code, links. */
static attr_t
span_attr(const struct reader *r, const struct span *sp, size_t n, size_t ch)
{
	attr_t a = 0;
	size_t i;

	for (i = 0; i < n && sp[i].start <= ch; i++) {
		if (ch >= sp[i].end)
			continue;
		a |= sp[i].style & SPAN_BOLD ? A_BOLD : 0;
		a |= sp[i].style & SPAN_ITALIC ? A_ITALIC : 0;
		a |= sp[i].style & (SPAN_UNDERLINE | SPAN_LINK) ? A_UNDERLINE : 0;
		a |= sp[i].style & SPAN_STRIKE ? A_DIM : 0;
		if (sp[i].style & SPAN_CODE)
			a |= r->color ? COLOR_PAIR(5) : A_DIM;
		if ((sp[i].style & SPAN_LINK) && r->color)
			a |= COLOR_PAIR(6);
	}
	return a;
}

/* A line of the text, with its inline styles and the search matches in it lit where they show. */
static void
draw_text_line(struct reader *r, int y, int x, size_t block, const struct vline *vl, attr_t attr)
{
	const struct doc *doc = r->docs[r->top.doc];
	size_t i, nsp;
	const struct span *sp = doc_block_spans(doc, block, &nsp);
	attr_t a, st;
	int m, lit = find_shown(r);

	if (!lit && nsp == 0) {
		draw_vline(y, x, vl, attr);
		return;
	}
	for (i = 0; i < vl->ncells; i++) {
		m = lit ? find_match_at(r, r->top.doc, block, vl->cells[i].start) : 0;
		st = nsp > 0 ? span_attr(r, sp, nsp, vl->cells[i].start) : 0;
		a = st & A_COLOR ? (attr & ~A_COLOR) | st : attr | st;
		/*
		 * The current match stands apart from the others by more than weight: its own
		 * colours, or underlined as well without colours.
		 */
		if (m != 0 && r->color)
			a = (a & ~A_COLOR) | (m == 2 ? COLOR_PAIR(8) | A_BOLD : COLOR_PAIR(4));
		else if (m != 0)
			a |= A_REVERSE | (m == 2 ? A_BOLD | A_UNDERLINE : 0);
		x += draw_cell(y, x, vl->para, &vl->cells[i], a);
	}
}

int
view_draw_short_lit(struct reader *r, int y, int x, int width, const char *s, size_t len, int attr,
                    int align_right, size_t lit_start, size_t lit_end)
{
	struct vline vl;
	struct para *p;
	int cut, w;
	size_t i;
	attr_t a;

	if (width <= 0)
		return 0;
	p = layout_short(view_lo(r), s, len, width, &vl, &cut);
	w = vl.width + cut;
	if (align_right)
		x += width - w;
	/* The ellipsis takes the row's attributes: a selection bar is not broken by it. */
	attron(attr);
	if (cut && vl.rtl)
		mvaddstr(y, x++, "…");
	if (cut && !vl.rtl)
		mvaddstr(y, x + vl.width, "…");
	attroff(attr);
	for (i = 0; i < vl.ncells; i++) {
		a = attr;
		if (vl.cells[i].start >= lit_start && vl.cells[i].start < lit_end)
			a = r->color ? (a & ~A_COLOR) | COLOR_PAIR(4) : a ^ A_REVERSE;
		x += draw_cell(y, x, vl.para, &vl.cells[i], a);
	}
	para_free(&p);
	return w;
}

int
view_draw_short(struct reader *r, int y, int x, int width, const char *s, size_t len, int attr,
                int align_right)
{
	return view_draw_short_lit(r, y, x, width, s, len, attr, align_right, 0, 0);
}

int
view_text_width(struct reader *r, const char *s, size_t len)
{
	struct vline vl;
	struct para *p;
	int cut, w;

	p = layout_short(view_lo(r), s, len, 1 << 20, &vl, &cut);
	w = vl.width;
	para_free(&p);
	return w;
}

/* The level of the cluster that starts at code point start (an index in p->cp). */
static int
level_at(const struct para *p, uint32_t start)
{
	size_t lo = 0, hi = p->ncl;

	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;

		if (p->cl[mid].start <= start)
			lo = mid;
		else
			hi = mid;
	}
	return p->ncl ? p->cl[lo].level : 0;
}

/*
 * The cursor's column in the input line (0 = its left edge; -1 is left of it): by the
 * character before the cursor, the side where what follows it goes (right of a left-to-right
 * one, left of a right-to-left one); at the start, by the character after it.
 */
static int
input_cursor(const struct vline *vl, const int *xs, size_t cur)
{
	size_t i;

	for (i = 0; cur > 0 && i < vl->ncells; i++) {
		const struct vcell *c = &vl->cells[i];

		if (c->start < cur && cur <= c->start + c->n)
			return level_at(vl->para, c->start) & 1 ? xs[i] - 1 : xs[i] + c->width;
	}
	for (i = 0; i < vl->ncells; i++) {
		const struct vcell *c = &vl->cells[i];

		if (c->start <= cur && cur < c->start + c->n)
			return level_at(vl->para, c->start) & 1 ? xs[i] + c->width - 1 : xs[i];
	}
	return vl->rtl ? -1 : vl->width;
}

int
view_draw_input(struct reader *r, int y, int x, int width, const char *s, size_t cur, int *scroll)
{
	struct vline vl;
	struct para *p;
	int *xs, cx, lo, hi, i;

	if (width <= 0)
		return x;
	p = layout_input(view_lo(r), s, strlen(s), &vl);
	xs = xreallocarray(NULL, vl.ncells + 1, sizeof *xs);
	for (xs[0] = 0, i = 0; i < (int)vl.ncells; i++)
		xs[i + 1] = xs[i] + vl.cells[i].width;
	cx = input_cursor(&vl, xs, cur);
	/*
	 * Scrolled only as far as the cursor needs, between the line's two ends; a right-to-left
	 * line keeps a cell on its left for the cursor, where its next letter goes.
	 */
	lo = cx < 0 || vl.rtl ? (cx < -1 ? cx : -1) : 0;
	hi = (cx + 1 > vl.width ? cx + 1 : vl.width) - width;
	if (cx < *scroll)
		*scroll = cx;
	if (cx >= *scroll + width)
		*scroll = cx - width + 1;
	if (*scroll > hi)
		*scroll = hi;
	if (*scroll < lo)
		*scroll = lo;
	for (i = 0; i < (int)vl.ncells; i++)
		if (xs[i] >= *scroll && xs[i + 1] <= *scroll + width)
			draw_cell(y, x + xs[i] - *scroll, p, &vl.cells[i], A_NORMAL);
	free(xs);
	para_free(&p);
	return x + cx - *scroll;
}

void
view_draw(struct reader *r)
{
	struct layout *lo = view_lo(r);
	const struct doc *doc = layout_doc(lo);
	struct row row = view_top_row(r);
	struct vline vl;
	int y, x, cut, more = doc->nblocks > 0;

	for (y = 0; y < r->text_h; y++) {
		move(y, r->text_x);
		clrtoeol();
		if (!more || row.line >= layout_block_lines(lo, row.block) ||
		    layout_line(lo, row.block, row.line, &vl) != 0) {
			more = more && layout_row_next(lo, &row) == 0;
			continue;
		}
		x = place(r, row.block, &vl, &cut);
		draw_text_line(r, y, x, row.block, &vl,
		               block_attr(r, &doc->blocks[row.block]) |
		                   (y < select_rows() ? A_REVERSE : 0));
		/* A row cut at an edge says so there, as vim's "extends" marks do. */
		if (cut & 1)
			mvaddstr(y, r->text_x + (vl.rtl ? 0 : vl.indent), "\u2039");
		if (cut & 2)
			mvaddstr(y, r->text_x + r->text_w - 1 - (vl.rtl ? vl.indent : 0), "\u203A");
		/*
		 * Drawn, not in the text: copying and search never see it. Code is set left to
		 * right in an Arabic book too, so its end, where the mark goes, is on the right.
		 */
		if (vl.cont) {
			attron(A_DIM);
			mvaddstr(y, r->text_x + r->text_w - 1, "\u21aa");
			attroff(A_DIM);
		}
		more = layout_row_next(lo, &row) == 0;
	}
}

/* What the key table does not hold: the modes' own keys. */
static const char *const help_more[] = {
    "",
    "A number before a key repeats it or says where: 5j, 3G (page 3), 50%.",
    "",
    "In the sidebar          j k g G  move;  Enter  go;  Esc  back;  Tab  hide",
    "                        d u r y  delete, undo, edit the note, copy a bookmark",
    "After v                 j k  more rows;  m  bookmark them;  y  copy them",
    "In a prompt             Up Down  earlier entries;  Ctrl-R  regular expression",
    "                        Left Right Home End Ctrl-Left/Right  move;  Ctrl-A Ctrl-E",
    "                        Backspace Delete Ctrl-W Ctrl-U Ctrl-K  delete",
    "                        Esc Ctrl-C Ctrl-G  cancel;  a paste is one line",
    "The mouse               the wheel scrolls;  click a sidebar entry or a link",
    "",
    "Any command runs by its name after ':' (:bottom, :links); \"bind = KEY COMMAND\"",
    "in ~/.config/qari/config binds a key to one (man qari: FILES).",
};

/* Cells of an ASCII-and-punctuation line of the help: one a code point. */
static int
help_cells(const char *s, size_t len)
{
	int n = 0;

	while (len-- > 0)
		n += (*s++ & 0xC0) != 0x80;
	return n;
}

/*
 * Cuts line into rows of at most w cells at its spaces (a continuation indented), each drawn
 * at row y of the screen when it is between first and last; returns the rows it took.
 */
static int
help_line(const char *line, int w, int x, int y, int first, int last)
{
	const char *s = line, *cut;
	int rows = 0, indent = 0, avail;
	size_t len;

	do {
		avail = w - indent > 8 ? w - indent : 8;
		len = strlen(s);
		if (help_cells(s, len) > avail) {
			for (cut = s + len;
			     cut > s && (help_cells(s, cut - s) > avail || *cut != ' '); cut--)
				;
			len = cut > s ? (size_t)(cut - s) : (size_t)avail;
		}
		if (y + rows >= first && y + rows < last)
			mvaddnstr(y + rows - first, x + indent, s, (int)len);
		rows++;
		for (s += len; *s == ' '; s++)
			;
		indent = w >= 60 ? 24 : 4; /* under the description, where there is room */
	} while (*s != '\0');
	return rows;
}

void
view_draw_help(struct reader *r)
{
	size_t nk, nm = sizeof help_more / sizeof help_more[0], n, i;
	char **keys = keymap_help(&nk);
	int x, h = r->rows - 1, w = r->cols < 80 ? r->cols : 80, total, y;

	n = 2 + nk + nm;
	x = r->cols > w ? (r->cols - w) / 2 : 0;
	erase();
	/* Once to count the rows, for the scroll's bounds; then drawn from help_top. */
	for (i = 0, total = 0; i < n; i++) {
		const char *line = i == 0 ? "qari — keys (each a command: its name on the right)"
		                   : i == 1     ? ""
		                   : i < 2 + nk ? keys[i - 2]
		                                : help_more[i - 2 - nk];

		total += help_line(line, w, x, 0, 0, 0);
	}
	if (r->help_top > total - h)
		r->help_top = total - h > 0 ? total - h : 0;
	for (i = 0, y = 0; i < n; i++) {
		const char *line = i == 0 ? "qari — keys (each a command: its name on the right)"
		                   : i == 1     ? ""
		                   : i < 2 + nk ? keys[i - 2]
		                                : help_more[i - 2 - nk];

		if (i == 0)
			attron(A_BOLD);
		y += help_line(line, w, x, y, r->help_top, r->help_top + h);
		attroff(A_BOLD);
	}
	for (i = 0; i < nk; i++)
		free(keys[i]);
	free(keys);
	attron(A_REVERSE);
	mvhline(r->rows - 1, 0, ' ', r->cols);
	mvaddnstr(r->rows - 1, 1,
	          total > h ? "Space or j/k scroll, q or Esc returns" : "q or Esc returns",
	          r->cols - 2);
	attroff(A_REVERSE);
}
