/*
 * wrap.c: line breaking of the two bundled articles and of synthetic paragraphs (English, Arabic
 * with harakat and lam-alef words, Persian with ZWNJ, CJK, emoji, over-long words, runs of
 * spaces) at every width from 1 to 100, checked against what a reader would notice:
 *   - no line is wider than the column, unless it is one cluster wider than the column;
 *   - a line ends at a break opportunity (UAX #14), unless the word it cuts is wider than the
 *     column on its own;
 *   - lines are filled greedily: the next line's first word would not have fitted;
 *   - the lines cover the paragraph's clusters exactly once, in order;
 *   - white space at a break hangs: it is in [shown, end) and not counted in the width, and no
 *     line but the first starts with it;
 * and a few hand-worked examples.
 */
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "para.h"
#include "wrap.h"
#include "tap.h"

static const char *srcdir;

#define HANG (CLUSTER_SPACE | CLUSTER_HIDDEN)

/* Cells of clusters [a, b) of p. */
static unsigned
span_width(const struct para *p, uint32_t a, uint32_t b)
{
	unsigned w = 0;

	for (; a < b; a++)
		w += p->cl[a].width;
	return w;
}

/* The end of the word starting at cluster i: just after the next break opportunity. */
static uint32_t
word_end(const struct para *p, uint32_t i)
{
	while (i < p->ncl && p->cl[i].brk == BREAK_NONE)
		i++;
	return i < p->ncl ? i + 1 : (uint32_t)p->ncl;
}

/* The start of the word holding cluster i: just after the previous break opportunity. */
static uint32_t
word_start(const struct para *p, uint32_t i)
{
	while (i > 0 && p->cl[i - 1].brk == BREAK_NONE)
		i--;
	return i;
}

/* The displayed cells of a word [a, b): without its white space at the end. */
static unsigned
word_width(const struct para *p, uint32_t a, uint32_t b)
{
	while (b > a && (p->cl[b - 1].flags & HANG))
		b--;
	return span_width(p, a, b);
}

/*
 * Checks every rule for p at width w; returns 0 or a short description of the first broken
 * rule, with the line in *where.
 */
static const char *
check_wrap(const struct para *p, int w, size_t *where)
{
	struct line *lines;
	size_t n = wrap_para(p, w, &lines), k;
	const char *bad = NULL;
	uint32_t i, brk_at;

	*where = 0;
	if (n == 0 || lines == NULL)
		bad = "no line";
	else if (p->ncl == 0 &&
	         (n != 1 || lines[0].first != 0 || lines[0].end != 0 || lines[0].width != 0))
		bad = "an empty paragraph is not one empty line";
	else if (lines[0].first != 0 || lines[n - 1].end != p->ncl)
		bad = "lines do not start at 0 and end at the last cluster";
	for (k = 0; bad == NULL && k < n; k++) {
		const struct line *l = &lines[k];
		int after_must = k > 0 && p->cl[lines[k - 1].end - 1].brk == BREAK_MUST;

		*where = k;
		if (k > 0 && l->first != lines[k - 1].end)
			bad = "lines do not follow each other";
		else if (!(l->first <= l->start && l->start <= l->shown && l->shown <= l->end))
			bad = "first <= start <= shown <= end broken";
		else if (l->start != l->first && k > 0)
			bad = "a line but the first starts after its first cluster";
		else if (p->ncl > 0 && l->first == l->end)
			bad = "an empty line";
		else if (l->width != span_width(p, l->start, l->shown))
			bad = "width is not the cells of [start, shown)";
		else if (l->shown > l->first && (p->cl[l->shown - 1].flags & HANG))
			bad = "shown ends with white space";
		else if (!after_must && l->start < l->shown &&
		         (p->cl[l->start].flags & CLUSTER_SPACE) && (k > 0 || l->start > 0))
			bad = "a line shows white space at its start";
		else if (k > 0 && !after_must && (p->cl[l->first].flags & HANG))
			bad = "a line starts with white space or an invisible character";
		if (bad != NULL)
			break;
		for (i = l->shown; i < l->end; i++)
			if (!(p->cl[i].flags & HANG))
				bad = "something other than white space hangs";
		if (bad != NULL)
			break;
		if (l->width > (uint32_t)w) {
			unsigned visible = 0;

			for (i = l->first; i < l->shown; i++)
				visible += p->cl[i].width > 0;
			if (visible != 1)
				bad = "line wider than the column";
		}
		if (bad != NULL || k + 1 == n)
			continue;
		/*
		 * The break at the end of this line, before the invisible characters that hang
		 * after it (they opened the next word).
		 */
		brk_at = l->end;
		while (brk_at > l->shown + 1 && (p->cl[brk_at - 1].flags & CLUSTER_HIDDEN))
			brk_at--;
		if (p->cl[brk_at - 1].brk == BREAK_NONE) {
			/* A split word: it must be wider than the column on its own. */
			uint32_t a = word_start(p, l->end - 1), b = word_end(p, l->end - 1);

			if (word_width(p, a, b) <= (unsigned)w)
				bad = "a word that fits the column was split";
			else if (l->width + span_width(p, l->shown, l->end) + p->cl[l->end].width <=
			         (uint32_t)w)
				bad = "a split word left room on its line";
		} else if (p->cl[brk_at - 1].brk == BREAK_ALLOW) {
			/* Greedy: the next line's first word did not fit after the hanging space.
			 */
			uint32_t b = word_end(p, lines[k + 1].first);
			unsigned next = word_width(p, lines[k + 1].first, b);

			if (l->width + span_width(p, l->shown, l->end) + next <= (unsigned)w &&
			    next > 0)
				bad = "the next word would have fitted (line broken early)";
		}
	}
	free(lines);
	return bad;
}

/* Runs check_wrap at widths 1..100 and reports one TAP line. */
static void
check_para_all_widths(const struct para *p, const char *what)
{
	const char *bad = NULL;
	size_t where = 0;
	int w;
	char msg[256];

	for (w = 1; w <= 100 && bad == NULL; w++)
		bad = check_wrap(p, w, &where);
	snprintf(msg, sizeof msg, "wrap rules hold at widths 1-100: %s", what);
	if (!tap_ok(bad == NULL, msg))
		printf("# width %d, line %zu: %s\n", w - 1, where, bad);
}

static void
check_text(const char *s, enum doc_dir dir, int flags, const char *what)
{
	struct para *p = para_new(s, strlen(s), DIR_AUTO, dir, flags);

	check_para_all_widths(p, what);
	para_free(&p);
}

static void
test_samples(void)
{
	static const char *const names[] = {"000_6e664869e5eb57da.txt", "002_2927fe6f3b4253d6.txt"};
	size_t s, b, nbad, nchecked;
	char path[4096], *cause = NULL, msg[200];

	for (s = 0; s < 2; s++) {
		struct doc *doc;
		int flags;

		snprintf(path, sizeof path, "%s/assets/articles/%s", srcdir, names[s]);
		if ((doc = doc_load(path, NULL, &cause)) == NULL ||
		    doc_load_all(doc, &cause) != 0) {
			tap_ok(0, "load a sample");
			printf("# %s\n", cause);
			free(cause);
			doc_free(&doc);
			continue;
		}
		for (flags = 0; flags <= PARA_DEFAULT; flags += PARA_DEFAULT) {
			nbad = nchecked = 0;
			for (b = 0; b < doc->nblocks; b++) {
				size_t len, where = 0;
				const char *text = doc_block_text(doc, b, &len), *bad = NULL;
				struct para *p = para_new(text, len, DIR_AUTO, doc->dir, flags);
				int w;

				for (w = 1; w <= 100 && bad == NULL; w++, nchecked++)
					bad = check_wrap(p, w, &where);
				if (bad != NULL && nbad++ < 3)
					printf("# %s block %zu width %d line %zu: %s\n", names[s],
					       b, w - 1, where, bad);
				para_free(&p);
			}
			snprintf(msg, sizeof msg,
			         "sample %.3s (%s): wrap rules hold for %zu blocks x 100 widths",
			         names[s], flags ? "shaped" : "unshaped", doc->nblocks);
			tap_is_int(nbad, 0, msg);
		}
		doc_free(&doc);
	}
}

static void
test_synthetic(void)
{
	check_text("The quick brown fox jumps over the lazy dog, and then some more words follow "
	           "so that the paragraph is long enough to wrap a few times at most widths.",
	           DIR_LTR, PARA_DEFAULT, "English");
	check_text("مَرْحَبًا بِكُمْ فِي الْعَالَمِ، هَذَا نَصٌّ مُشَكَّلٌ بِالْحَرَكَاتِ لِاخْتِبَارِ "
	           "الْتِفَافِ الْأَسْطُرِ.",
	           DIR_RTL, PARA_DEFAULT, "Arabic with harakat");
	check_text("لا شيء إلا الأمل، لأن الأمر لا يهم لا لا لا كلا ولا بلا", DIR_RTL, PARA_DEFAULT,
	           "Arabic with lam-alef words");
	check_text("می\xE2\x80\x8Cخواهم به خانه بروم و کتاب\xE2\x80\x8Cها را بخوانم", DIR_RTL,
	           PARA_DEFAULT, "Persian with ZWNJ");
	check_text("漢字かな交じり文と English words と 한국어 텍스트。句読点も、あります。",
	           DIR_LTR, PARA_DEFAULT, "CJK, Hangul and English");
	check_text("Emoji 😀 and ✨ sparkles ✨✨✨ in 🎉🎉 text", DIR_LTR, PARA_DEFAULT, "emoji");
	check_text(
	    "https://example.com/a/very/long/path/without/any/spaces/at/all/which/must/be/split "
	    "and_an_identifier_that_is_also_far_too_long_for_narrow_columns done",
	    DIR_LTR, PARA_DEFAULT, "over-long words");
	check_text("a    b     c      d  e   f                 g", DIR_LTR, PARA_DEFAULT,
	           "runs of spaces");
	check_text("العدد 123,456.78 والنسبة 45% والتاريخ 2025-07-31 (تقريبا) [مرجع] «اقتباس»",
	           DIR_RTL, PARA_DEFAULT, "Arabic with numbers and brackets");
	check_text("x", DIR_LTR, PARA_DEFAULT, "one character");
	check_text("abc\xE2\x80\xA8"
	           "def ghi\xE2\x80\xA8 jkl",
	           DIR_LTR, PARA_DEFAULT, "line separators (mandatory breaks)");
	check_text("\xE2\x80\xAB"
	           "abc \xE2\x80\x8F"
	           "def\xE2\x80\xAC ghi \xE2\x80\x8E",
	           DIR_LTR, PARA_DEFAULT, "bidi controls (hidden clusters)");
	/* The Darimi book: RLM, space, RLM between the words, and at a paragraph's start. */
	check_text("\xE2\x80\x8F \xE2\x80\x8Fحَدَّثَنَا "
	           "\xE2\x80\x8F \xE2\x80\x8Fمُحَمَّدُ "
	           "بْنُ يُوسُفَ "
	           "\xE2\x80\x8F \xE2\x80\x8Fعَنْ \xE2\x80\x8F \xE2\x80\x8Fسُف"
	           "ْيَانَ \xE2\x80\x8F \xE2\x80\x8Fعَنْ "
	           "\xE2\x80\x8F \xE2\x80\x8Fالْأَعْمَش"
	           "ِ \xE2\x80\x8F",
	           DIR_RTL, PARA_DEFAULT,
	           "RLM, space, RLM between words (no line shows a space first)");
}

static void
expect_lines(const char *s, enum doc_dir dir, int flags, int width, const uint32_t *want,
             size_t nwant, const char *what)
{
	struct para *p = para_new(s, strlen(s), DIR_AUTO, dir, flags);
	struct line *l;
	size_t n = wrap_para(p, width, &l), i;
	int same = n == nwant;

	/* want: (first, end, shown, width) per line */
	for (i = 0; same && i < n; i++)
		same = l[i].first == want[4 * i] && l[i].end == want[4 * i + 1] &&
		       l[i].shown == want[4 * i + 2] && l[i].width == want[4 * i + 3];
	if (!tap_ok(same, what))
		for (i = 0; i < n; i++)
			printf("# line %zu: first %u end %u shown %u width %u\n", i, l[i].first,
			       l[i].end, l[i].shown, l[i].width);
	free(l);
	para_free(&p);
}

static void
test_examples(void)
{
	expect_lines("", DIR_LTR, PARA_DEFAULT, 10, (const uint32_t[]){0, 0, 0, 0}, 1,
	             "empty paragraph: one empty line");
	expect_lines("hello world", DIR_LTR, PARA_DEFAULT, 11, (const uint32_t[]){0, 11, 11, 11}, 1,
	             "hello world at 11: one line");
	expect_lines("hello world", DIR_LTR, PARA_DEFAULT, 10,
	             (const uint32_t[]){0, 6, 5, 5, 6, 11, 11, 5}, 2,
	             "hello world at 10: the space hangs on line 1");
	expect_lines("hello world", DIR_LTR, PARA_DEFAULT, 5,
	             (const uint32_t[]){0, 6, 5, 5, 6, 11, 11, 5}, 2,
	             "hello world at 5: exactly full lines");
	expect_lines("abc   def", DIR_LTR, PARA_DEFAULT, 4,
	             (const uint32_t[]){0, 6, 3, 3, 6, 9, 9, 3}, 2,
	             "three spaces hang after abc, not counted");
	expect_lines("abcdefghij", DIR_LTR, PARA_DEFAULT, 4,
	             (const uint32_t[]){0, 4, 4, 4, 4, 8, 8, 4, 8, 10, 10, 2}, 3,
	             "a word wider than the column is split at the column");
	expect_lines("ab cdefghij", DIR_LTR, PARA_DEFAULT, 4,
	             (const uint32_t[]){0, 3, 2, 2, 3, 7, 7, 4, 7, 11, 11, 4}, 3,
	             "an over-long word starts on its own line, then is split");
	expect_lines("漢字漢", DIR_LTR, PARA_DEFAULT, 1,
	             (const uint32_t[]){0, 1, 1, 2, 1, 2, 2, 2, 2, 3, 3, 2}, 3,
	             "wide characters at width 1: one per line, wider than the column");
	expect_lines("漢字漢", DIR_LTR, PARA_DEFAULT, 5, (const uint32_t[]){0, 2, 2, 4, 2, 3, 3, 2},
	             2, "CJK breaks between ideographs: 2 fit in 5 cells");
	/* كلمة كتب لا: 4 + 1 + 3 + 1 + 1 cells; at 9 only the lam-alef word moves down. */
	expect_lines("كلمة كتب لا", DIR_RTL, PARA_DEFAULT, 9,
	             (const uint32_t[]){0, 9, 8, 8, 9, 10, 10, 1}, 2,
	             "shaped: the break before a lam-alef word is kept");
	expect_lines("كلمة كتب لا", DIR_RTL, 0, 9, (const uint32_t[]){0, 9, 8, 8, 9, 11, 11, 2}, 2,
	             "unshaped: the same break, lam and alef two cells");
	/* A mandatory break (U+2028) followed by an invisible RLM: the break holds. */
	expect_lines("ab\xE2\x80\xA8\xE2\x80\x8F"
	             "cd",
	             DIR_LTR, PARA_DEFAULT, 80, (const uint32_t[]){0, 3, 2, 2, 3, 6, 6, 2}, 2,
	             "U+2028 then RLM: still two lines");
	/* A fatha is in its letter's cluster: كَتَبَ is 3 clusters, 3 cells, never cut. */
	expect_lines("كَتَبَ كَتَبَ", DIR_RTL, PARA_DEFAULT, 5,
	             (const uint32_t[]){0, 4, 3, 3, 4, 7, 7, 3}, 2,
	             "harakat stay on their letters and do not count as cells");
}

/*
 * What a paragraph opens with: RLM and a space (the Darimi book) are not shown, an isolate and
 * spaces (a table's cell, padded) are.
 */
static void
test_lead(void)
{
	const char *rlm = "\xE2\x80\x8F \xE2\x80\x8F\xD8\xA8\xD8\xA8";
	const char *fsi = "\xE2\x81\xA8  ab\xE2\x81\xA9";
	struct para *p = para_new(rlm, strlen(rlm), DIR_AUTO, DIR_RTL, PARA_DEFAULT);
	struct line *l;

	wrap_para(p, 10, &l);
	tap_ok(l[0].first == 0 && l[0].start == 3 && l[0].width == 2,
	       "RLM, space, RLM: the line shows from the word, 2 cells");
	free(l);
	para_free(&p);
	p = para_new(fsi, strlen(fsi), DIR_AUTO, DIR_LTR, PARA_DEFAULT);
	wrap_para(p, 10, &l);
	tap_ok(l[0].start == 0 && l[0].width == 4, "an isolate and spaces: all shown, 4 cells");
	free(l);
	para_free(&p);
}

/* A hanging indent: the lines after the first are narrower (a list item's, under its text). */
static void
test_hang(void)
{
	const char *s = "\xE2\x80\xA2 alpha bravo charlie delta";
	struct para *p = para_new(s, strlen(s), DIR_LTR, DIR_LTR, PARA_DEFAULT);
	struct line *l;
	size_t n = wrap_para_hang(p, 16, 14, &l), i;
	int w_ok = n == 2 && l[0].width == 13 && l[1].width == 13;

	/* "• alpha bravo" (13) fits 16, not with charlie; "charlie delta" (13) fits 14. */
	if (!tap_ok(w_ok, "wrap_para_hang: 16 cells for the first line, 14 for the rest"))
		for (i = 0; i < n; i++)
			printf("# line %zu: width %u\n", i, l[i].width);
	free(l);
	n = wrap_para_hang(p, 16, 12, &l);
	tap_ok(n == 3 && l[1].width == 7 && l[2].width == 5,
	       "wrap_para_hang: at 12 for the rest, charlie and delta part");
	free(l);
	para_free(&p);
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
	test_examples();
	test_hang();
	test_lead();
	test_synthetic();
	test_samples();
	return tap_done();
}
