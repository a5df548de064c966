/*
 * The layout keeps, for the current width, each block's line count once known, and a small
 * cache of prepared blocks (paragraph and lines). Line counts are what pagination needs; they
 * are computed only as far as something asks, so opening a book lays out its first page alone.
 * Changing the width keeps the prepared paragraphs (levels and shaping do not depend on it) and
 * re-wraps them.
 */
#include <stdlib.h>
#include <string.h>

#include "cell.h"
#include "layout.h"
#include "verse.h"
#include "xmalloc.h"

#define CACHE_SLOTS 64

struct slot {
	size_t block;
	struct para *para;
	struct line *lines;
	size_t nlines;   /* rows */
	size_t nwrapped; /* lines: a row each, or two a row for couplets side by side */
	int width;
	int half; /* couplets side by side (a row of lines[2i] and lines[2i + 1]): a half's cells */
	int room; /* the layout's room it was decided for */
	unsigned long used;
};

struct layout {
	struct doc *doc;
	size_t nblocks; /* blocks the per-block arrays hold: the document may grow */
	int width;
	int room; /* cells a couplet may take, centred on the column: at least width */
	int flags;
	uint32_t *nlines; /* per block at this width; 0 = not known yet */
	size_t *prefix;   /* prefix[b]: rows before block b, valid for b <= nprefix */
	size_t nprefix;
	struct slot slots[CACHE_SLOTS];
	int *slot_of; /* per block: its slot, or -1 */
	int *verse;   /* per block: 0 not known, VERSE_NO, VERSE_LINES, a couplet's cells + 2 */
	unsigned long tick;
	size_t prepared;

	/* Scratch for layout_line. */
	struct vcell *cells;
	uint8_t *lv, *l1;
	uint32_t *order;
	size_t scratch;
};

/* Grows the per-block arrays to the document's block count. */
static void
grow(struct layout *lo)
{
	size_t n = lo->doc->nblocks, i;

	if (n <= lo->nblocks && lo->nlines != NULL)
		return;
	lo->nlines = xreallocarray(lo->nlines, n + 1, sizeof *lo->nlines);
	lo->prefix = xreallocarray(lo->prefix, n + 1, sizeof *lo->prefix);
	lo->slot_of = xreallocarray(lo->slot_of, n + 1, sizeof *lo->slot_of);
	lo->verse = xreallocarray(lo->verse, n + 1, sizeof *lo->verse);
	for (i = lo->nblocks; i <= n; i++) {
		lo->nlines[i] = 0;
		lo->slot_of[i] = -1;
		lo->verse[i] = 0;
		if (i > 0)
			lo->prefix[i] = 0;
	}
	lo->prefix[0] = 0;
	lo->nblocks = n;
}

/* Whether block b exists: reads on into a partial document as far as needed. */
static int
has_block(struct layout *lo, size_t b)
{
	if (b >= lo->doc->nblocks && !doc_has_block(lo->doc, b))
		return 0;
	grow(lo);
	return 1;
}

/* Whether a blank row follows block b: not after the last block, nor before a joined one. */
static int
gap_after(struct layout *lo, size_t b)
{
	return has_block(lo, b + 1) && !(lo->doc->blocks[b + 1].flags & BLOCK_JOINED);
}

struct layout *
layout_new(struct doc *doc, int width, int flags)
{
	struct layout *lo = xcalloc(1, sizeof *lo);

	lo->doc = doc;
	lo->width = lo->room = width < 1 ? 1 : width;
	/* A terminal that runs the bidi algorithm mirrors brackets itself: twice would undo it. */
	lo->flags = flags & LAYOUT_LOGICAL ? flags & ~PARA_MIRROR : flags;
	grow(lo);
	return lo;
}

void
layout_free(struct layout **lop)
{
	struct layout *lo = *lop;
	size_t i;

	if (lo == NULL)
		return;
	for (i = 0; i < CACHE_SLOTS; i++) {
		para_free(&lo->slots[i].para);
		free(lo->slots[i].lines);
	}
	free(lo->nlines);
	free(lo->prefix);
	free(lo->slot_of);
	free(lo->verse);
	free(lo->cells);
	free(lo->lv);
	free(lo->l1);
	free(lo->order);
	free(lo);
	*lop = NULL;
}

void
layout_set_width(struct layout *lo, int width)
{
	if (width < 1)
		width = 1;
	if (width == lo->width)
		return;
	lo->width = lo->room = width; /* until layout_set_room says there is more */
	memset(lo->nlines, 0, lo->nblocks * sizeof *lo->nlines);
	lo->nprefix = 0;
}

void
layout_set_room(struct layout *lo, int room)
{
	room = room > lo->width ? room : lo->width;
	if (room == lo->room)
		return;
	lo->room = room;
	memset(lo->nlines, 0, lo->nblocks * sizeof *lo->nlines);
	lo->nprefix = 0;
}

void
layout_set_lines(struct layout *lo, int lines)
{
	size_t i;

	lines &= LAYOUT_LINES;
	if (lines == (lo->flags & LAYOUT_LINES))
		return;
	lo->flags = (lo->flags & ~LAYOUT_LINES) | lines;
	/* A paragraph is prepared joined or not: every one is prepared again, as it is needed. */
	for (i = 0; i < CACHE_SLOTS; i++)
		if (lo->slots[i].para != NULL)
			layout_release(lo, lo->slots[i].block);
	memset(lo->nlines, 0, lo->nblocks * sizeof *lo->nlines);
	lo->nprefix = 0;
}

int
layout_lines(const struct layout *lo)
{
	return lo->flags & LAYOUT_LINES;
}

int
layout_width(const struct layout *lo)
{
	return lo->width;
}

const struct doc *
layout_doc(const struct layout *lo)
{
	return lo->doc;
}

size_t
layout_prepared_count(const struct layout *lo)
{
	return lo->prepared;
}

#define VERSE_NO    -1
#define VERSE_LINES 1

/* Whether block b has a link: Markdown's authors break a sentence's line before a long one. */
static int
has_link(const struct doc *doc, size_t b)
{
	const struct span *sp;
	size_t n, i;

	sp = doc_block_spans(doc, b, &n);
	for (i = 0; i < n; i++)
		if (sp[i].style & SPAN_LINK)
			return 1;
	return 0;
}

/*
 * What the lines of block b are (verse.c), known once: VERSE_NO for prose, a single line, code
 * or a heading; VERSE_LINES for verse; for couplets (an even number of lines, as long as each
 * other as a metre makes them: Hafez's two a paragraph, a quatrain, a masnavi's run), their
 * widest line's cells + 2.
 */
static int
verse_of(struct layout *lo, size_t b)
{
	const struct block *blk = &lo->doc->blocks[b];
	int widest, narrowest;
	size_t n;

	if (lo->verse[b] != 0)
		return lo->verse[b];
	lo->verse[b] = VERSE_NO;
	if (blk->kind != BLOCK_PARA && blk->kind != BLOCK_QUOTE && blk->kind != BLOCK_ITEM)
		return VERSE_NO;
	if (memchr(lo->doc->text + blk->off, '\n', blk->len) == NULL || has_link(lo->doc, b))
		return VERSE_NO;
	n = verse_scan(lo->doc->text + blk->off, blk->len, &widest, &narrowest);
	if (n > 0 && n % 2 == 0 && blk->kind != BLOCK_ITEM && verse_couplet(widest, narrowest))
		lo->verse[b] = widest + 2;
	else if (n > 0)
		lo->verse[b] = VERSE_LINES;
	return lo->verse[b];
}

/* Whether block b shows its source lines as lines: the linebreaks setting, verse for auto. */
static int
keeps_lines(struct layout *lo, size_t b)
{
	if (lo->flags & LAYOUT_JOIN_LINES)
		return 0;
	return (lo->flags & LAYOUT_KEEP_LINES) || verse_of(lo, b) != VERSE_NO;
}

static struct para *
prepare(struct layout *lo, size_t b)
{
	const struct block *blk = &lo->doc->blocks[b];
	enum doc_dir dir = blk->kind == BLOCK_CODE ? DIR_LTR : blk->dir;
	int join = blk->kind != BLOCK_CODE && !keeps_lines(lo, b);

	lo->prepared++;
	return para_new(lo->doc->text + blk->off, blk->len, dir, lo->doc->dir,
	                lo->flags | (join ? PARA_JOIN : 0));
}

/* Couplets next to block b (a poem's, up to a heading or prose) looked at for their width. */
#define VERSE_RUN 64

/*
 * The cells of each half when couplet b is shown side by side in w cells: its poem's widest
 * hemistich, so that the halves of all its couplets line up; 0 when it is shown stacked. Only
 * right-to-left couplets: that is how Persian and Arabic poetry is printed, English is not.
 */
static int
couplet_half(struct layout *lo, size_t b, const struct para *p, int w)
{
	int half = verse_of(lo, b) - 2, v;
	size_t k;

	if (half < 1 || p->base_level != 1 || !keeps_lines(lo, b) || (lo->flags & LAYOUT_LOGICAL))
		return 0;
	for (k = b; k-- > 0 && k + VERSE_RUN > b && (v = verse_of(lo, k) - 2) > 0;)
		half = v > half ? v : half;
	for (k = b + 1; k < b + VERSE_RUN && has_block(lo, k) && (v = verse_of(lo, k) - 2) > 0; k++)
		half = v > half ? v : half;
	return 2 * half + VERSE_GAP <= w + lo->room - lo->width ? half : 0;
}

/*
 * Cells line `line` of block b is set in from its start side: nested list items, quotes and
 * the code in them, two cells a level, never more than half the column. An item's text hangs
 * under its text, not under its marker: the lines after the marker's, and the item's later
 * paragraphs, are set in by the marker's cells.
 */
static int
indent(const struct layout *lo, size_t b, size_t line)
{
	const struct block *blk = &lo->doc->blocks[b];
	int n = 0;

	if (blk->kind == BLOCK_ITEM) {
		n = blk->level > 1 ? 2 * (blk->level - 1) : 0;
		if (line > 0 || !(blk->flags & BLOCK_MARKER))
			n += blk->hang;
	} else if (blk->kind == BLOCK_QUOTE || blk->kind == BLOCK_CODE)
		n = 2 * blk->level;
	return n < lo->width / 2 ? n : lo->width / 2;
}

/*
 * The cell a code block keeps free at the column's end for the mark of a line that goes on in
 * the next row (the view draws it): a line of code cut there would read as two.
 */
static int
margin(const struct layout *lo, size_t b)
{
	return lo->doc->blocks[b].kind == BLOCK_CODE && lo->width - indent(lo, b, 0) > 2;
}

/* The lines of block b's source: one more than its '\n's. */
static size_t
source_lines(const struct layout *lo, size_t b)
{
	const struct block *blk = &lo->doc->blocks[b];
	const char *s = lo->doc->text + blk->off, *end = s + blk->len;
	size_t n = 1;

	while ((s = memchr(s, '\n', end - s)) != NULL) {
		n++;
		s++;
	}
	return n;
}

/*
 * Lines of block b at the current width into s: couplets side by side when they fit, each
 * hemistich one line of a half's width, two lines a row; else lines of the column's width.
 */
static void
wrap_block(struct layout *lo, struct slot *s, size_t b)
{
	int w = lo->width - indent(lo, b, 0) - margin(lo, b);

	free(s->lines);
	/* A table's row stays one line: its columns line up, the reader scrolls it. */
	if (lo->doc->blocks[b].flags & BLOCK_TABLE) {
		s->half = 0;
		s->nwrapped = s->nlines = wrap_para(s->para, LAYOUT_TABLE_MAX, &s->lines);
		return;
	}
	if ((s->half = couplet_half(lo, b, s->para, w)) > 0) {
		s->nwrapped = wrap_para(s->para, s->half, &s->lines);
		if (s->nwrapped == source_lines(lo, b)) {
			s->nlines = s->nwrapped / 2;
			return;
		}
		free(s->lines);
		s->half = 0;
	}
	s->nwrapped = s->nlines =
	    wrap_para_hang(s->para, w, lo->width - indent(lo, b, 1) - margin(lo, b), &s->lines);
}

/*
 * The cache slot of block b, prepared and wrapped at the current width, or NULL when the
 * document has no block b. Every per-block array is indexed through here or after has_block:
 * a block number from elsewhere (a stored position, a mark, a layout older than what was read
 * since) is never trusted.
 */
static struct slot *
get_slot(struct layout *lo, size_t b)
{
	struct slot *s;
	size_t i, victim = 0;

	if (!has_block(lo, b))
		return NULL;
	if (lo->slot_of[b] >= 0)
		s = &lo->slots[lo->slot_of[b]];
	else {
		for (i = 1; i < CACHE_SLOTS; i++)
			if (lo->slots[i].used < lo->slots[victim].used)
				victim = i;
		s = &lo->slots[victim];
		if (s->para != NULL)
			lo->slot_of[s->block] = -1;
		para_free(&s->para);
		free(s->lines);
		s->lines = NULL;
		s->block = b;
		s->para = prepare(lo, b);
		s->width = 0;
		lo->slot_of[b] = victim;
	}
	s->used = ++lo->tick;
	if (s->width != lo->width || s->room != lo->room) {
		wrap_block(lo, s, b);
		s->width = lo->width;
		s->room = lo->room;
	}
	lo->nlines[b] = s->nlines;
	return s;
}

void
layout_release(struct layout *lo, size_t b)
{
	struct slot *s;

	if (b >= lo->nblocks || lo->slot_of[b] < 0)
		return;
	s = &lo->slots[lo->slot_of[b]];
	para_free(&s->para);
	free(s->lines);
	s->lines = NULL;
	s->used = 0; /* the first slot taken next */
	lo->slot_of[b] = -1;
}

size_t
layout_block_lines(struct layout *lo, size_t b)
{
	if (!has_block(lo, b))
		return 0;
	if (lo->nlines[b] == 0)
		get_slot(lo, b);
	return lo->nlines[b];
}

size_t
layout_rows_before(struct layout *lo, size_t b)
{
	if (b > 0)
		has_block(lo, b - 1);
	while (lo->nprefix < b && lo->nprefix < lo->nblocks) {
		size_t i = lo->nprefix;

		lo->prefix[i + 1] = lo->prefix[i] + layout_block_lines(lo, i) + gap_after(lo, i);
		lo->nprefix++;
	}
	return lo->prefix[b];
}

static void
grow_scratch(struct layout *lo, size_t n)
{
	if (n <= lo->scratch)
		return;
	lo->scratch = n * 2;
	lo->cells = xreallocarray(lo->cells, lo->scratch, sizeof *lo->cells);
	lo->lv = xreallocarray(lo->lv, lo->scratch, 1);
	lo->l1 = xreallocarray(lo->l1, lo->scratch, 1);
	lo->order = xreallocarray(lo->order, lo->scratch, sizeof *lo->order);
}

/* The visual order of clusters [first, first + n) of p into lo->order. */
static void
order_line(struct layout *lo, const struct para *p, uint32_t first, size_t n)
{
	size_t i;

	if ((lo->flags & LAYOUT_LOGICAL) || !p->mixed) {
		int rev = !(lo->flags & LAYOUT_LOGICAL) && p->base_level == 1;

		for (i = 0; i < n; i++)
			lo->order[i] = rev ? n - 1 - i : i;
		return;
	}
	for (i = 0; i < n; i++) {
		const struct cluster *c = &p->cl[first + i];

		lo->lv[i] = c->level;
		lo->l1[i] = c->flags & (CLUSTER_SPACE | CLUSTER_HIDDEN) ? L1_WS : L1_NONE;
	}
	para_reorder(lo->lv, lo->l1, n, p->base_level, lo->order);
}

/* Appends the clusters of line l of p, in display order, to lo->cells from *n on. */
static void
put_line_cells(struct layout *lo, const struct para *p, const struct line *l, size_t *n)
{
	size_t i, k = l->shown - l->start;

	order_line(lo, p, l->start, k);
	for (i = 0; i < k; i++) {
		const struct cluster *c = &p->cl[l->start + lo->order[i]];

		lo->cells[(*n)++] =
		    (struct vcell){c->start, c->n, c->width, (c->flags & CLUSTER_HIDDEN) != 0};
	}
}

/*
 * A couplet side by side: its first hemistich on the start side (the right), the second on the
 * other, each centred in its half; the cells between draw nothing and stand for the line end.
 */
static int
couplet_line(struct layout *lo, const struct slot *s, size_t b, size_t row, struct vline *out)
{
	const struct para *p = s->para;
	const struct line *l1 = &s->lines[2 * row], *l2 = &s->lines[2 * row + 1];
	int at1, at2, i, gap;
	size_t n = 0;
	uint32_t end = p->cl[l1->end - 1].start;

	verse_place(lo->width - indent(lo, b, 0), s->half, l1->width, l2->width, &at1, &at2);
	gap = at2 - at1 - (int)l1->width;
	grow_scratch(lo, p->ncl + gap + 1);
	/* Sent left to right: a couplet is only ever right-to-left (couplet_half), l1 on the right.
	 */
	put_line_cells(lo, p, l2, &n);
	for (i = 0; i < gap; i++)
		lo->cells[n++] = (struct vcell){end, 1, 1, VCELL_BLANK};
	put_line_cells(lo, p, l1, &n);
	out->para = p;
	out->cells = lo->cells;
	out->ncells = n;
	out->width = at2 + l2->width - at1;
	out->rtl = 1;
	out->indent = indent(lo, b, 0) + at1;
	out->cont = 0;
	out->first_char = l1->first < p->ncl ? p->cl[l1->first].start : p->ncp;
	out->end_char = l2->end < p->ncl ? p->cl[l2->end].start : p->ncp;
	return 0;
}

int
layout_line(struct layout *lo, size_t b, size_t line, struct vline *out)
{
	const struct slot *s;
	const struct para *p;
	const struct line *l;
	size_t n;

	if ((s = get_slot(lo, b)) == NULL || line >= s->nlines)
		return -1;
	if (s->half > 0)
		return couplet_line(lo, s, b, line, out);
	p = s->para;
	l = &s->lines[line];
	n = 0;
	grow_scratch(lo, l->shown - l->start + 1);
	put_line_cells(lo, p, l, &n);
	out->para = p;
	out->cells = lo->cells;
	out->ncells = n;
	out->width = l->width;
	out->rtl = p->base_level == 1;
	out->indent = indent(lo, b, line);
	/* A code line cut by the column, not by its own end: it goes on in the next row. */
	out->cont = margin(lo, b) && line + 1 < s->nlines && l->end > 0 &&
	            p->cl[l->end - 1].brk != BREAK_MUST;
	out->first_char = l->first < p->ncl ? p->cl[l->first].start : p->ncp;
	out->end_char = l->end < p->ncl ? p->cl[l->end].start : p->ncp;
	return 0;
}

size_t
layout_line_start(struct layout *lo, size_t b, size_t line)
{
	const struct slot *s = get_slot(lo, b);
	uint32_t first;

	if (s == NULL)
		return 0;
	if (line >= s->nlines)
		return s->para->ncp;
	first = s->lines[s->half > 0 ? 2 * line : line].first;
	return first < s->para->ncl ? s->para->cl[first].start : s->para->ncp;
}

size_t
layout_line_of(struct layout *lo, size_t b, size_t ch)
{
	const struct slot *s = get_slot(lo, b);
	size_t lo_i = 0, hi = s != NULL ? s->nwrapped : 0;

	/* The last line whose first char is at or before ch. */
	while (hi - lo_i > 1) {
		size_t mid = (lo_i + hi) / 2;
		uint32_t first = s->lines[mid].first;
		size_t start = first < s->para->ncl ? s->para->cl[first].start : s->para->ncp;

		if (start <= ch)
			lo_i = mid;
		else
			hi = mid;
	}
	return s != NULL && s->half > 0 ? lo_i / 2 : lo_i;
}

int
layout_row_next(struct layout *lo, struct row *r)
{
	size_t n = layout_block_lines(lo, r->block);

	if (n == 0)
		return -1; /* no such block: nothing follows it */
	if (r->line + 1 < n || (r->line + 1 == n && gap_after(lo, r->block))) {
		r->line++;
		return 0;
	}
	if (!has_block(lo, r->block + 1))
		return -1;
	r->block++;
	r->line = 0;
	return 0;
}

int
layout_row_prev(struct layout *lo, struct row *r)
{
	if (r->line > 0) {
		r->line--;
		return 0;
	}
	if (r->block == 0 || !has_block(lo, r->block - 1))
		return -1;
	r->block--;
	r->line = layout_block_lines(lo, r->block) - !gap_after(lo, r->block);
	return 0;
}

int
layout_page_at(struct layout *lo, size_t page, int height, struct row *top)
{
	size_t target = page * (size_t)(height < 1 ? 1 : height), b;

	/* An empty text has no page at all: there is no row to put at the top of one. */
	if (!has_block(lo, 0))
		return -1;
	for (b = 0; has_block(lo, b); b++)
		if (layout_rows_before(lo, b + 1) > target)
			break;
	if (!has_block(lo, b))
		return -1;
	top->block = b;
	top->line = target - layout_rows_before(lo, b);
	return 0;
}

int
layout_count_some(struct layout *lo, size_t blocks)
{
	size_t n;

	has_block(lo, lo->nprefix + blocks); /* reads on when counting reaches what was read */
	n = lo->doc->nblocks;
	if (lo->nprefix < n)
		layout_rows_before(lo, lo->nprefix + blocks < n ? lo->nprefix + blocks : n);
	return lo->nprefix >= n && !lo->doc->partial;
}

long
layout_rows_known(const struct layout *lo, size_t b)
{
	if (b > lo->nprefix || (b == lo->doc->nblocks && lo->doc->partial))
		return -1;
	return (long)lo->prefix[b];
}

size_t
layout_total_rows(struct layout *lo)
{
	char *cause = NULL;

	if (doc_load_all(lo->doc, &cause) != 0)
		free(cause); /* what was read is laid out; the reader reports the error */
	grow(lo);
	if (lo->doc->nblocks == 0)
		return 0;
	return layout_rows_before(lo, lo->doc->nblocks);
}

struct para *
layout_short(struct layout *lo, const char *s, size_t len, int width, struct vline *out, int *cut)
{
	struct para *p = para_new(s, len, DIR_AUTO, lo->doc->dir, lo->flags);
	struct line *lines;
	size_t nl, n;

	/* Cut only what does not fit whole: then the ellipsis needs a cell of its own. */
	nl = wrap_para(p, width, &lines);
	*cut = nl > 1;
	if (*cut) {
		free(lines);
		nl = wrap_para(p, width > 1 ? width - 1 : 1, &lines);
	}
	n = 0;
	grow_scratch(lo, lines[0].shown - lines[0].start + 1);
	put_line_cells(lo, p, &lines[0], &n);
	out->para = p;
	out->cells = lo->cells;
	out->ncells = n;
	out->width = lines[0].width;
	out->rtl = p->base_level == 1;
	out->indent = 0;
	out->cont = 0;
	out->first_char = 0;
	out->end_char = lines[0].end < p->ncl ? p->cl[lines[0].end].start : p->ncp;
	free(lines);
	return p;
}

struct para *
layout_input(struct layout *lo, const char *s, size_t len, struct vline *out)
{
	struct para *p = para_new(s, len, DIR_AUTO, DIR_LTR, lo->flags);
	size_t i;

	grow_scratch(lo, p->ncl + 1);
	order_line(lo, p, 0, p->ncl);
	out->width = 0;
	for (i = 0; i < p->ncl; i++) {
		const struct cluster *c = &p->cl[lo->order[i]];

		lo->cells[i] =
		    (struct vcell){c->start, c->n, c->width, (c->flags & CLUSTER_HIDDEN) != 0};
		out->width += c->width;
	}
	out->para = p;
	out->cells = lo->cells;
	out->ncells = p->ncl;
	out->rtl = p->base_level == 1;
	out->indent = 0;
	out->cont = 0;
	out->first_char = 0;
	out->end_char = p->ncp;
	return p;
}

size_t
layout_cell_chars(const struct para *p, const struct vcell *c, uint32_t *out, size_t max)
{
	size_t i, n = 0;

	if (c->hidden || max == 0)
		return 0;
	if (c->n == 1 && c->width > 0 && !cell_is_mark(p->cp[c->start])) {
		out[0] = p->cp[c->start];
		return 1;
	}
	for (i = 0; i < c->n && n < max; i++) {
		uint32_t cp = p->cp[c->start + i];

		if (cell_is_dropped(cp, p->flags & PARA_SHAPE))
			continue; /* bidi controls, the lam-alef fill, joiners already applied */
		if (n == 0 && cell_width(cp) == 0)
			out[n++] = 0xA0;
		if (n < max)
			out[n++] = cp;
	}
	return n;
}

int
layout_clip(struct vline *vl, int from, int width)
{
	size_t i, first = vl->ncells, n = 0;
	int x = 0, lead = 0, w = 0;

	for (i = 0; i < vl->ncells; x += vl->cells[i].width, i++) {
		if (x < from || x + vl->cells[i].width > from + width)
			continue;
		/* from may be before the line's start: blank columns, then the line. */
		if (first == vl->ncells) {
			first = i;
			lead = x - from; /* a wide character cut by the edge leaves a blank */
		}
		n++;
		w += vl->cells[i].width;
	}
	vl->cells += first;
	vl->ncells = n;
	vl->width = w;
	return lead;
}
