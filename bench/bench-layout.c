/*
 * bench-layout: in-process timings for make bench (bench/run.sh), without the process start-up
 * that hides them on the command line.
 *
 *   bench-layout BOOK [SAMPLE]
 *
 * - first page: doc_load of the file and the first 24 rows drawn at width 80, as the reader
 *   opens it (BOOK, and SAMPLE for comparison);
 * - resize: with the whole book read, for tops at 0%, 25%, 50%, 75% and 100% (the last page) of
 *   its blocks, the page is drawn at width 80, then the time to draw it again at width 60
 *   (layout_set_width and 24 rows from the same (block, char)) is taken, as a terminal resize
 *   costs the reader.
 *
 * Prints "key value..." lines, times in milliseconds, for run.sh to read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"
#include "doc.h"
#include "layout.h"
#include "para.h"

#define ROWS        24
#define WIDTH       80
#define NEW_WIDTH   60
#define LOAD_RUNS   7
#define RESIZE_RUNS 9

static struct doc *
load(const char *path)
{
	char *cause = NULL;
	struct doc *doc = doc_load(path, NULL, &cause);

	if (doc == NULL) {
		fprintf(stderr, "bench-layout: %s\n", cause);
		exit(1);
	}
	return doc;
}

/* Draws ROWS rows from top as the reader does: each line's cells, down to their code points. */
static void
draw_page(struct layout *lo, struct row top)
{
	uint32_t cps[32];
	struct vline vl;
	struct row r = top;
	size_t i;
	int drawn;

	for (drawn = 0; drawn < ROWS; drawn++) {
		if (r.line < layout_block_lines(lo, r.block) &&
		    layout_line(lo, r.block, r.line, &vl) == 0)
			for (i = 0; i < vl.ncells; i++)
				layout_cell_chars(vl.para, &vl.cells[i], cps, 32);
		if (layout_row_next(lo, &r) != 0)
			break;
	}
}

/* Median time to open path and draw its first page, a fresh document each time. */
static double
first_page(const char *path)
{
	double t[LOAD_RUNS], t0;
	struct layout *lo;
	struct doc *doc;
	struct row top;
	size_t i;

	for (i = 0; i < LOAD_RUNS; i++) {
		t0 = now_ms();
		doc = load(path);
		lo = layout_new(doc, WIDTH, PARA_DEFAULT);
		if (layout_page_at(lo, 0, ROWS, &top) == 0)
			draw_page(lo, top);
		t[i] = now_ms() - t0;
		layout_free(&lo);
		doc_free(&doc);
	}
	return median(t, LOAD_RUNS);
}

/*
 * The top row of the page at pct% of the blocks, mid-paragraph; the last page at 100%; the
 * middle of the longest paragraph (the slowest to wrap again) for pct < 0.
 */
static struct row
top_at(struct layout *lo, const struct doc *doc, int pct)
{
	struct row r = {0, 0};
	size_t b;
	int i;

	if (pct >= 100) {
		r.block = doc->nblocks - 1;
		r.line = layout_block_lines(lo, r.block) - 1;
		for (i = 1; i < ROWS; i++)
			if (layout_row_prev(lo, &r) != 0)
				break;
		return r;
	}
	if (pct < 0) {
		for (b = 1; b < doc->nblocks; b++)
			if (doc->blocks[b].len > doc->blocks[r.block].len)
				r.block = b;
	} else
		r.block = (doc->nblocks - 1) * (size_t)pct / 100;
	r.line = layout_block_lines(lo, r.block) / 2;
	return r;
}

/*
 * Times, RESIZE_RUNS times into t, the page at top drawn again at NEW_WIDTH after being drawn
 * at WIDTH: the width changes, the line that holds top's first char is found, 24 rows drawn.
 */
static void
time_resize(struct layout *lo, struct row top, double *t)
{
	struct vline vl;
	struct row at;
	size_t i, ch;
	double t0;
	int gap;

	for (i = 0; i < RESIZE_RUNS; i++) {
		/* The page as it stands at width 80: its paragraphs prepared and wrapped. */
		layout_set_width(lo, WIDTH);
		gap = layout_line(lo, top.block, top.line, &vl) != 0; /* the blank row */
		ch = gap ? 0 : vl.first_char;
		draw_page(lo, top);

		t0 = now_ms();
		layout_set_width(lo, NEW_WIDTH);
		at.block = top.block;
		at.line =
		    gap ? layout_block_lines(lo, top.block) : layout_line_of(lo, top.block, ch);
		draw_page(lo, at);
		t[i] = now_ms() - t0;
	}
}

int
main(int argc, char **argv)
{
	static const int pcts[] = {0, 25, 50, 75, 100};
	double all[5 * RESIZE_RUNS], t[RESIZE_RUNS], t0, worst = 0;
	struct layout *lo;
	struct doc *doc;
	struct row top;
	char *cause = NULL;
	size_t p, i, n = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: bench-layout BOOK [SAMPLE]\n");
		return 2;
	}
	printf("first_page_book %.3f\n", first_page(argv[1]));
	if (argc > 2)
		printf("first_page_sample %.3f\n", first_page(argv[2]));

	t0 = now_ms();
	doc = load(argv[1]);
	if (doc_load_all(doc, &cause) != 0) {
		fprintf(stderr, "bench-layout: %s\n", cause);
		return 1;
	}
	printf("load_all %.3f\n", now_ms() - t0);
	printf("blocks %zu\n", doc->nblocks);
	if (doc->nblocks == 0)
		return 0;

	lo = layout_new(doc, WIDTH, PARA_DEFAULT);
	for (p = 0; p < sizeof pcts / sizeof pcts[0]; p++) {
		top = top_at(lo, doc, pcts[p]);
		time_resize(lo, top, t);
		for (i = 0; i < RESIZE_RUNS; i++) {
			all[n++] = t[i];
			worst = t[i] > worst ? t[i] : worst;
		}
		printf("resize_at_%d%% %.3f (block %zu)\n", pcts[p], median(t, RESIZE_RUNS),
		       top.block);
	}
	printf("resize_median %.3f\n", median(all, n));
	printf("resize_max %.3f\n", worst);

	top = top_at(lo, doc, -1);
	time_resize(lo, top, t);
	printf("resize_longest %.3f (block %zu, %zu bytes)\n", median(t, RESIZE_RUNS), top.block,
	       doc->blocks[top.block].len);
	layout_free(&lo);
	doc_free(&doc);
	return 0;
}
