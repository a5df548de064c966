/*
 * layout.c: laziness (page 1 of a 10 MB document prepares a handful of blocks, and page 1 of a
 * 20 MB file reads no more than its start), line and char positions (layout_line_of /
 * layout_line_start), row navigation, pages against layout_rows_before, the display order of
 * RTL, LTR and mixed lines, and positions that survive a change of width.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "doc.h"
#include "layout.h"
#include "utf8.h"
#include "para.h"
#include "tap.h"

static const char *srcdir;

/* n generated paragraphs of Arabic with numbers, some with English: *bytes of text. */
static char *
big_text(size_t n, size_t *bytes)
{
	static const char *const ar[] = {
	    "المديرية", "العامة", "للأمن",  "الوطني",   "في",     "مدينة",  "الرباط",
	    "حيث",      "شكلت",   "الثقة",  "موضوع",    "نقاشات", "عمومية", "سنة",
	    "وقد",      "جاءت",   "الأيام", "المفتوحة", "بحضور",  "زائر",   "من",
	    "كل",       "الجهات", "والمدن", "المغربية", "على",    "مدى",    "خمسة",
	};
	static const char *const other[] = {"2025",     "400",  "(2.4",  "مليون)",
	                                    "Interpol", "Lyon", "«حشد»", "12.5%"};
	size_t cap = n * 640 + 1024, len = 0, i, w;
	unsigned seed = 7;
	char *buf = malloc(cap);

	for (i = 0; i < n; i++) {
		for (w = 0; w < 52; w++) {
			const char *word;

			seed = seed * 1103515245 + 12345;
			word = (seed >> 16) % 9 == 0
			           ? other[(seed >> 8) % 8]
			           : ar[(seed >> 12) % (sizeof ar / sizeof ar[0])];
			len += snprintf(buf + len, cap - len, "%s%s", w ? " " : "", word);
		}
		len += snprintf(buf + len, cap - len, ".\n\n");
	}
	*bytes = len;
	return buf;
}

/* A document of n generated paragraphs (big_text), loaded from memory. */
static struct doc *
big_doc(size_t n, size_t *bytes)
{
	char *buf = big_text(n, bytes), *cause = NULL;
	struct doc *doc = doc_load_buffer("big.txt", buf, *bytes, NULL, &cause);

	if (doc == NULL) {
		printf("# %s\n", cause);
		free(cause);
	}
	free(buf);
	return doc;
}

static struct doc *
load_text(const char *s)
{
	char *cause = NULL;
	struct doc *doc = doc_load_buffer("t.txt", s, strlen(s), NULL, &cause);

	if (doc == NULL) {
		printf("# %s\n", cause);
		free(cause);
	}
	return doc;
}

static struct doc *
load_sample(void)
{
	char path[4096], *cause = NULL;
	struct doc *doc;

	snprintf(path, sizeof path, "%s/assets/articles/000_6e664869e5eb57da.txt", srcdir);
	if ((doc = doc_load(path, NULL, &cause)) == NULL || doc_load_all(doc, &cause) != 0) {
		printf("# %s\n", cause);
		free(cause);
		doc_free(&doc);
	}
	return doc;
}

/* Draws rows [top, top + height) as the reader would; returns the rows drawn. */
static int
draw_page(struct layout *lo, struct row top, int height)
{
	uint32_t cps[32];
	struct vline vl;
	struct row r = top;
	size_t i;
	int drawn = 0;

	while (drawn < height) {
		if (r.line < layout_block_lines(lo, r.block) &&
		    layout_line(lo, r.block, r.line, &vl) == 0)
			for (i = 0; i < vl.ncells; i++)
				layout_cell_chars(vl.para, &vl.cells[i], cps, 32);
		drawn++;
		if (layout_row_next(lo, &r) != 0)
			break;
	}
	return drawn;
}

static void
test_laziness(void)
{
	size_t bytes = 0, prepared, b;
	struct doc *doc = big_doc(20000, &bytes);
	struct layout *lo;
	struct row top;
	char msg[160];

	if (!tap_ok(doc != NULL, "a generated 20,000-paragraph document loads"))
		return;
	tap_ok(bytes > 9000000, "the generated document is about 10 MB");
	printf("# %zu bytes, %zu blocks\n", bytes, doc->nblocks);
	tap_is_int(doc->nblocks, 20000, "20,000 blocks");

	lo = layout_new(doc, 80, PARA_DEFAULT);
	tap_is_int(layout_prepared_count(lo), 0, "a new layout has prepared nothing");
	tap_ok(layout_page_at(lo, 0, 24, &top) == 0 && top.block == 0 && top.line == 0,
	       "page 0 starts at block 0, line 0");
	tap_is_int(draw_page(lo, top, 24), 24, "page 0 draws 24 rows");
	prepared = layout_prepared_count(lo);
	snprintf(msg, sizeof msg, "page 0 of 10 MB prepared %zu blocks (< 20)", prepared);
	tap_ok(prepared >= 1 && prepared < 20, msg);

	/* Going on to page 50 lays out blocks up to it only. */
	tap_is_int(layout_page_at(lo, 50, 24, &top), 0, "page 50 exists");
	draw_page(lo, top, 24);
	prepared = layout_prepared_count(lo);
	snprintf(msg, sizeof msg, "page 50 prepared %zu blocks (< 1000 of 20,000)", prepared);
	tap_ok(prepared < 1000 && top.block < 1000, msg);
	tap_is_int(layout_rows_before(lo, top.block) + top.line, 50 * 24,
	           "page 50's top row is row 1200");

	/* A block already prepared is not prepared again after a change of width. */
	layout_free(&lo);
	lo = layout_new(doc, 80, PARA_DEFAULT);
	for (b = 0; b < 5; b++)
		layout_block_lines(lo, b);
	prepared = layout_prepared_count(lo);
	tap_is_int(prepared, 5, "5 blocks asked, 5 prepared");
	layout_set_width(lo, 40);
	tap_is_int(layout_width(lo), 40, "layout_width after set_width");
	for (b = 0; b < 5; b++)
		layout_block_lines(lo, b);
	tap_is_int(layout_prepared_count(lo), 5, "after a resize the 5 blocks are re-wrapped only");
	layout_free(&lo);
	tap_ok(lo == NULL, "layout_free clears the pointer");
	doc_free(&doc);
}

/*
 * The same from a file: doc_load reads the first 256 KiB at open and the layout reads on only
 * when asked for a block beyond them, so page 1 of a 20 MB file reads a sliver of it.
 */
static void
test_laziness_file(void)
{
	const char *tmp = getenv("TMPDIR");
	char path[4096], *cause = NULL, msg[160];
	size_t bytes = 0, prepared;
	char *text = big_text(40000, &bytes);
	struct layout *lo;
	struct doc *doc;
	struct row top;
	int fd, written;

	snprintf(path, sizeof path, "%s/qari-test-layout-XXXXXX", tmp != NULL ? tmp : "/tmp");
	fd = mkstemp(path);

	written = fd != -1 && write(fd, text, bytes) == (ssize_t)bytes;
	free(text);
	if (fd != -1)
		close(fd);
	if (!tap_ok(written && bytes > 19000000, "a generated 20 MB file is written")) {
		unlink(path);
		return;
	}
	doc = doc_load(path, NULL, &cause);
	unlink(path); /* the open descriptor keeps it readable */
	if (!tap_ok(doc != NULL, "the 20 MB file loads")) {
		printf("# %s\n", cause);
		free(cause);
		return;
	}
	tap_is_int(doc->size, bytes, "its size is known at open");

	lo = layout_new(doc, 80, PARA_DEFAULT);
	tap_ok(layout_page_at(lo, 0, 24, &top) == 0 && draw_page(lo, top, 24) == 24,
	       "page 1 of the file draws 24 rows");
	prepared = layout_prepared_count(lo);
	snprintf(msg, sizeof msg, "page 1 of the file prepared %zu blocks (< 20)", prepared);
	tap_ok(prepared >= 1 && prepared < 20, msg);
	snprintf(msg, sizeof msg, "page 1 read %zu of %zu bytes (<= 1 MiB)", doc->bytes_read,
	         bytes);
	tap_ok(doc->partial && doc->bytes_read <= ((size_t)1 << 20), msg);
	layout_free(&lo);
	doc_free(&doc);
}

static void
test_positions(void)
{
	struct doc *doc = load_sample();
	struct layout *lo;
	size_t b, l, ch, n, bad_round = 0, bad_chars = 0, bad_vline = 0, checked = 0;
	static const int widths[] = {1, 7, 20, 40, 80, 200};
	size_t wi;

	if (!tap_ok(doc != NULL, "sample 000 loads"))
		return;
	lo = layout_new(doc, 40, PARA_DEFAULT);
	for (wi = 0; wi < sizeof widths / sizeof widths[0]; wi++) {
		layout_set_width(lo, widths[wi]);
		for (b = 0; b < doc->nblocks; b++) {
			n = layout_block_lines(lo, b);
			if (layout_line_start(lo, b, 0) != 0)
				bad_round++;
			for (l = 0; l < n; l++) {
				size_t start = layout_line_start(lo, b, l);
				size_t end = l + 1 < n ? layout_line_start(lo, b, l + 1)
				                       : doc->blocks[b].chars;
				struct vline vl;

				if (layout_line_of(lo, b, start) != l || (l > 0 && start == 0) ||
				    end <= start)
					bad_round++;
				if (layout_line(lo, b, l, &vl) != 0 || vl.first_char != start ||
				    vl.end_char != end)
					bad_vline++;
				for (ch = start; ch < end; ch++, checked++)
					if (layout_line_of(lo, b, ch) != l)
						bad_chars++;
			}
			if (layout_line_start(lo, b, n) != doc->blocks[b].chars)
				bad_round++;
		}
	}
	tap_is_int(bad_round, 0, "line_of(line_start(l)) == l for every line, widths 1-200");
	tap_is_int(bad_chars, 0, "every char's line_of is the line whose range holds it");
	tap_is_int(bad_vline, 0, "layout_line's first_char/end_char agree with line_start");
	printf("# %zu chars checked\n", checked);
	tap_is_int(layout_line(lo, doc->nblocks, 0, &(struct vline){0}), -1,
	           "layout_line past the last block is -1");
	tap_is_int(layout_line(lo, 0, layout_block_lines(lo, 0), &(struct vline){0}), -1,
	           "layout_line past a block's last line is -1");
	layout_free(&lo);
	doc_free(&doc);
}

static void
test_rows_and_pages(void)
{
	struct doc *doc = load_sample();
	struct layout *lo;
	struct row r = {0, 0}, *seen;
	size_t total, steps = 0, gaps = 0, i, last, bad = 0;
	int h;

	if (!tap_ok(doc != NULL, "sample 000 loads"))
		return;
	lo = layout_new(doc, 40, PARA_DEFAULT);
	last = doc->nblocks - 1;
	total = layout_rows_before(lo, last) + layout_block_lines(lo, last);
	tap_ok(total > doc->nblocks * 2, "sample 000 at 40 columns has rows");
	seen = calloc(total + 1, sizeof *seen);
	for (;;) {
		if (steps == total) {
			steps++; /* row_next went on past the last row */
			break;
		}
		gaps += r.line == layout_block_lines(lo, r.block);
		seen[steps++] = r;
		if (layout_row_next(lo, &r) != 0)
			break;
	}
	tap_is_int(steps, total,
	           "row_next visits every row once (rows_before + lines of the last)");
	tap_is_int(gaps, doc->nblocks - 1, "one blank row between blocks, none after the last");
	tap_ok(r.block == last && r.line + 1 == layout_block_lines(lo, last),
	       "row_next stops on the last line of the last block");
	for (i = steps; i-- > 0;) {
		if (r.block != seen[i].block || r.line != seen[i].line)
			bad++;
		if (i > 0 && layout_row_prev(lo, &r) != 0)
			bad++;
	}
	tap_is_int(bad, 0, "row_prev walks back through the same rows");
	tap_ok(layout_row_prev(lo, &r) == -1 && r.block == 0 && r.line == 0,
	       "row_prev at the first row is -1");
	free(seen);

	/* Pages of h rows: ceil(total / h) of them, each starting at row p * h. */
	bad = 0;
	for (h = 1; h <= 40; h++) {
		size_t pages = (total + h - 1) / h, p;
		struct row top;

		if (layout_page_at(lo, pages - 1, h, &top) != 0 ||
		    layout_page_at(lo, pages, h, &top) != -1)
			bad++;
		for (p = 0; p < pages; p++)
			if (layout_page_at(lo, p, h, &top) != 0 ||
			    layout_rows_before(lo, top.block) + top.line != p * h)
				bad++;
	}
	tap_is_int(bad, 0, "page_at agrees with rows_before for heights 1-40");
	tap_is_int(layout_rows_before(lo, 0), 0, "no row before block 0");
	tap_is_int(layout_rows_before(lo, 1), layout_block_lines(lo, 0) + 1,
	           "rows before block 1: block 0's lines and a gap");
	layout_free(&lo);
	doc_free(&doc);
}

/* The logical start of each cell of line l of block b, left to right. */
static size_t
cell_starts(struct layout *lo, size_t b, size_t l, uint32_t *out, size_t max, struct vline *vl)
{
	size_t i;

	if (layout_line(lo, b, l, vl) != 0)
		return 0;
	for (i = 0; i < vl->ncells && i < max; i++)
		out[i] = vl->cells[i].start;
	return vl->ncells;
}

static void
test_visual_order(void)
{
	struct doc *doc = load_text("سكان مدن المملكة يحضرون بكثافة في كل دورة جديدة من هذه "
	                            "الأيام\n\nالعدد 123 هنا\n\nsee مرحبا now\n");
	struct layout *lo;
	struct vline vl;
	uint32_t st[128];
	size_t n, l, i, bad = 0, nlines;
	unsigned w;

	if (!tap_ok(doc != NULL && doc->nblocks == 3, "three paragraphs load"))
		return;
	lo = layout_new(doc, 20, PARA_DEFAULT);
	nlines = layout_block_lines(lo, 0);
	tap_ok(nlines >= 3, "the Arabic paragraph wraps at 20 columns");
	for (l = 0; l < nlines; l++) {
		n = cell_starts(lo, 0, l, st, 128, &vl);
		for (i = 0, w = 0; i < n; i++)
			w += vl.cells[i].width;
		if (!vl.rtl || n == 0 || w != (unsigned)vl.width || vl.width > 20)
			bad++;
		for (i = 1; i < n; i++)
			if (st[i] >= st[i - 1])
				bad++; /* all-Arabic: strictly right to left */
		if (n > 0 && (st[0] + 1 > vl.end_char || st[n - 1] != vl.first_char))
			bad++;
	}
	tap_is_int(bad, 0, "all-Arabic lines: cells are the logical order reversed, right-aligned");

	/* العدد 123 هنا: levels 1 1 1 1 1 1 2 2 2 1 1 1 1. */
	n = cell_starts(lo, 1, 0, st, 128, &vl);
	tap_ok(n == 13 &&
	           memcmp(st, (uint32_t[]){12, 11, 10, 9, 6, 7, 8, 5, 4, 3, 2, 1, 0},
	                  13 * sizeof *st) == 0 &&
	           vl.rtl,
	       "mixed RTL line: number kept left to right inside the reversed text");
	/* see مرحبا now: LTR with an Arabic word. */
	n = cell_starts(lo, 2, 0, st, 128, &vl);
	tap_ok(n == 13 &&
	           memcmp(st, (uint32_t[]){0, 1, 2, 3, 8, 7, 6, 5, 4, 9, 10, 11, 12},
	                  13 * sizeof *st) == 0 &&
	           !vl.rtl,
	       "mixed LTR line: Arabic word reversed in place");
	layout_free(&lo);

	/* LAYOUT_LOGICAL: logical order, for terminals that reorder. */
	lo = layout_new(doc, 80, PARA_DEFAULT | LAYOUT_LOGICAL);
	n = cell_starts(lo, 1, 0, st, 128, &vl);
	for (i = 0, bad = 0; i < n; i++)
		bad += st[i] != i;
	tap_ok(n == 13 && bad == 0, "LAYOUT_LOGICAL: cells in logical order");
	layout_free(&lo);
	doc_free(&doc);
}

static void
test_resize(void)
{
	size_t bytes, b = 7, ch, l80, l33, again;
	struct doc *doc = big_doc(40, &bytes);
	struct layout *lo;
	struct vline vl;

	if (!tap_ok(doc != NULL, "small generated document loads"))
		return;
	lo = layout_new(doc, 80, PARA_DEFAULT);
	ch = doc->blocks[b].chars / 2;
	l80 = layout_line_of(lo, b, ch);
	layout_line(lo, b, l80, &vl);
	tap_ok(vl.first_char <= ch && ch < vl.end_char, "width 80: the line holds the char");
	layout_set_width(lo, 33);
	l33 = layout_line_of(lo, b, ch);
	layout_line(lo, b, l33, &vl);
	tap_ok(vl.first_char <= ch && ch < vl.end_char && vl.width <= 33,
	       "width 33: the same (block, char) found on its new line");
	tap_ok(l33 > l80, "at 33 columns the char is on a later line than at 80");
	tap_ok(layout_block_lines(lo, b) > 2, "more lines at 33 columns");
	layout_set_width(lo, 80);
	again = layout_line_of(lo, b, ch);
	tap_is_int(again, l80, "back at 80: the same line as before");
	layout_set_width(lo, 0);
	tap_is_int(layout_width(lo), 1, "a width below 1 is 1");
	layout_free(&lo);
	doc_free(&doc);
}

/*
 * A couplet (verse.h): one row of both hemistichs where they fit, the row holding the whole
 * block; two rows where they do not; one joined line with linebreaks = join; the position of
 * the second hemistich found on its row whatever the layout.
 */
static void
test_couplet(void)
{
	static const char md[] = "# \xd8\xb9\n\n"
	                         "بنی آدم اعضای یک پیکرند\n"
	                         "که در آفرینش ز یک گوهرند\n";
	struct doc *doc = doc_load_buffer("verse.md", md, strlen(md), "markdown", NULL);
	struct layout *lo;
	struct vline vl;
	size_t b = 1, second, i, gap = 0, third;
	char mas[4096];
	static const char sembr[] = "This is one sentence on its line.\n"
	                            "And here is another one, short.\n"
	                            "A third one ends the paragraph!\n";

	if (!tap_ok(doc != NULL && doc->nblocks == 2, "a title and a couplet"))
		return;
	snprintf(mas, sizeof mas, "%s/tests/data/masnavi-fa.txt", srcdir);
	second = 24; /* 23 chars of the first hemistich, then its '\n' */
	lo = layout_new(doc, 80, PARA_DEFAULT);
	tap_is_int(layout_block_lines(lo, b), 1, "80 columns: the couplet is one row");
	layout_line(lo, b, 0, &vl);
	for (i = 0; i < vl.ncells; i++)
		gap += vl.cells[i].hidden && vl.cells[i].width == 1;
	tap_ok(vl.rtl && vl.first_char == 0 && vl.end_char == doc->blocks[b].chars &&
	           vl.width == (int)(vl.ncells) && gap >= 3,
	       "its row holds the whole block, the halves at least 3 blank cells apart");
	tap_is_int(layout_line_of(lo, b, second), 0, "the second hemistich is on that row");
	layout_set_width(lo, 40);
	tap_is_int(layout_block_lines(lo, b), 2, "40 columns: two rows");
	tap_is_int(layout_line_of(lo, b, second), 1, "the second hemistich starts the second");
	tap_is_int(layout_line_start(lo, b, 1), second, "at its first char");
	layout_set_lines(lo, LAYOUT_JOIN_LINES);
	tap_is_int(layout_block_lines(lo, b), 2, "joined at 40 columns: wrapped where it fills");
	tap_ok(layout_line_start(lo, b, 1) > second, "... not at the hemistich's start");
	layout_set_width(lo, 80);
	tap_is_int(layout_block_lines(lo, b), 1, "joined at 80 columns: one line");
	layout_line(lo, b, 0, &vl);
	tap_ok(vl.width == 48 && vl.ncells == 48, "of the two hemistichs and a space, no gap");
	layout_set_lines(lo, 0);
	layout_set_room(lo, 40);
	tap_is_int(layout_block_lines(lo, b), 1, "auto again: one row");
	layout_set_width(lo, 40);
	layout_set_room(lo, 80);
	tap_is_int(layout_block_lines(lo, b), 1,
	           "40 columns with 80 of room: one row, reaching past the column");
	layout_line(lo, b, 0, &vl);
	tap_ok(vl.indent < 0 && vl.width > 40, "both sides of it");
	layout_free(&lo);
	doc_free(&doc);
	doc = doc_load_buffer("sembr.md", sembr, strlen(sembr), "markdown", NULL);
	lo = layout_new(doc, 80, PARA_DEFAULT);
	tap_ok(doc != NULL && doc->nblocks == 1 && layout_block_lines(lo, 0) == 2,
	       "short lines each a sentence (Markdown's semantic line breaks): prose, joined");
	layout_free(&lo);
	doc_free(&doc);
	doc = doc_load(mas, NULL, NULL);
	if (!tap_ok(doc != NULL && doc->nblocks == 1, "a masnavi's six lines are one paragraph"))
		return;
	third = utf8_count(doc->text, strstr(doc->text, "سینه") - doc->text);
	lo = layout_new(doc, 80, PARA_DEFAULT);
	tap_is_int(layout_block_lines(lo, 0), 3, "80 columns: three couplets, a row each");
	tap_is_int(layout_line_of(lo, 0, third), 2, "the fifth line on the third row");
	tap_is_int(layout_line_start(lo, 0, 2), third, "which starts with it");
	layout_line(lo, 0, 1, &vl);
	tap_ok(vl.first_char > 0 && vl.end_char == third, "the second row holds lines 3 and 4");
	layout_free(&lo);
	doc_free(&doc);
}

int
main(int argc, char **argv)
{
	(void)tap_skip_all;
	(void)tap_is_str;
	srcdir = argc > 1 ? argv[1] : getenv("TOP_SRCDIR");
	if (srcdir == NULL)
#ifdef QARI_SRCDIR
		srcdir = QARI_SRCDIR;
#else
		srcdir = ".";
#endif
	test_laziness();
	test_laziness_file();
	test_positions();
	test_rows_and_pages();
	test_visual_order();
	test_resize();
	test_couplet();
	return tap_done();
}
