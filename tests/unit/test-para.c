/*
 * para.c: paragraph direction, embedding levels of mixed text, Arabic shaping (presentation
 * forms, the lam-alef ligature), mirroring, clusters (combining marks stay with their base,
 * ZWNJ and bidi controls take no cell, wide characters take two), break opportunities against
 * libunibreak, and para_reorder (rules L1-L2) on hand-computed examples. Every expected value
 * here was worked out by hand from UAX #9, the Arabic joining tables and UnicodeData.txt.
 */
#include <stdlib.h>
#include <string.h>

#include <fribidi.h>
#include <linebreak.h>

#include "layout.h"
#include "cell.h"
#include "para.h"
#include "utf8.h"
#include "tap.h"

static struct para *
mk(const char *s, enum doc_dir dir, enum doc_dir fallback, int flags)
{
	return para_new(s, strlen(s), dir, fallback, flags);
}

/* Whether p's shaped code points are exactly want[0..n). */
static int
cps_are(const struct para *p, const uint32_t *want, size_t n, const char *what)
{
	size_t i;
	int same = p->ncp == n;

	for (i = 0; same && i < n; i++)
		same = p->cp[i] == want[i];
	if (!tap_ok(same, what)) {
		printf("# got ");
		for (i = 0; i < p->ncp; i++)
			printf(" %04X", (unsigned)p->cp[i]);
		printf("\n# want");
		for (i = 0; i < n; i++)
			printf(" %04X", (unsigned)want[i]);
		printf("\n");
	}
	return same;
}

/* Levels of s from para_levels compared with want (a string of digits, one per code point). */
static void
levels_are(const char *s, enum doc_dir dir, int want_base, const char *want, const char *what)
{
	size_t n = utf8_count(s, strlen(s)), i;
	uint32_t *cp = malloc((n + 1) * sizeof *cp);
	uint8_t *lv = malloc(n + 1), *l1 = malloc(n + 1);
	char got[256], msg[200];
	int base;

	utf8_to_ucs4(s, strlen(s), cp);
	base = para_levels(cp, n, dir, DIR_LTR, lv, l1);
	for (i = 0; i < n && i < sizeof got - 1; i++)
		got[i] = '0' + lv[i];
	got[i] = '\0';
	snprintf(msg, sizeof msg, "levels of %s: paragraph level %d", what, want_base);
	tap_is_int(base, want_base, msg);
	snprintf(msg, sizeof msg, "levels of %s", what);
	tap_is_str(got, want, msg);
	free(cp);
	free(lv);
	free(l1);
}

/* Total cells of a paragraph. */
static unsigned
cells(const struct para *p)
{
	unsigned w = 0;
	size_t i;

	for (i = 0; i < p->ncl; i++)
		w += p->cl[i].width;
	return w;
}

/* What layout_cell_chars draws for cluster i of p. */
static size_t
drawn(const struct para *p, size_t i, uint32_t *out, size_t max)
{
	struct vcell v = {.start = p->cl[i].start,
	                  .n = p->cl[i].n,
	                  .width = p->cl[i].width,
	                  .hidden = (p->cl[i].flags & CLUSTER_HIDDEN) != 0};

	return layout_cell_chars(p, &v, out, max);
}

static void
test_direction(void)
{
	struct para *p;

	p = mk("مرحبا بالعالم", DIR_AUTO, DIR_LTR, PARA_DEFAULT);
	tap_is_int(p->base_level, 1, "direction: Arabic text is RTL (1)");
	tap_is_int(p->mixed, 0, "direction: pure Arabic is not mixed");
	para_free(&p);
	p = mk("hello world", DIR_AUTO, DIR_RTL, PARA_DEFAULT);
	tap_is_int(p->base_level, 0, "direction: English text is LTR (0) even with RTL fallback");
	para_free(&p);
	p = mk("שלום עולם", DIR_AUTO, DIR_LTR, PARA_DEFAULT);
	tap_is_int(p->base_level, 1, "direction: Hebrew text is RTL");
	para_free(&p);
	p = mk("123 - 456", DIR_AUTO, DIR_RTL, PARA_DEFAULT);
	tap_is_int(p->base_level, 1, "direction: digits only take the fallback (RTL)");
	para_free(&p);
	p = mk("123 - 456", DIR_AUTO, DIR_LTR, PARA_DEFAULT);
	tap_is_int(p->base_level, 0, "direction: digits only take the fallback (LTR)");
	para_free(&p);
	p = mk("١٢٣", DIR_AUTO, DIR_LTR, PARA_DEFAULT);
	tap_is_int(p->base_level, 0, "direction: Arabic-Indic digits (AN) are not strong");
	para_free(&p);
	p = mk("2025 «مرحبا» hello", DIR_AUTO, DIR_LTR, PARA_DEFAULT);
	tap_is_int(p->base_level, 1,
	           "direction: first strong character wins (Arabic after digits)");
	tap_is_int(p->mixed, 1, "direction: Arabic with English is mixed");
	para_free(&p);
	p = mk("99 hello مرحبا", DIR_AUTO, DIR_RTL, PARA_DEFAULT);
	tap_is_int(p->base_level, 0, "direction: first strong character wins (English first)");
	para_free(&p);
	/* P2: characters inside an isolate do not count. */
	p = mk("\xE2\x81\xA7مرحبا\xE2\x81\xA9 hello", DIR_AUTO, DIR_RTL, PARA_DEFAULT);
	tap_is_int(p->base_level, 0, "direction: Arabic inside RLI...PDI is skipped (P2)");
	para_free(&p);
	p = mk("hello", DIR_RTL, DIR_LTR, PARA_DEFAULT);
	tap_is_int(p->base_level, 1, "direction: DIR_RTL forces RTL on English");
	tap_is_int(p->mixed, 1, "direction: English in an RTL paragraph is mixed");
	para_free(&p);
	p = mk("مرحبا", DIR_LTR, DIR_RTL, PARA_DEFAULT);
	tap_is_int(p->base_level, 0, "direction: DIR_LTR forces LTR on Arabic");
	para_free(&p);
	p = mk("", DIR_AUTO, DIR_RTL, PARA_DEFAULT);
	tap_ok(p->ncp == 0 && p->ncl == 0 && p->base_level == 1,
	       "empty paragraph: no cluster, fallback direction");
	para_free(&p);
	tap_ok(p == NULL, "para_free clears the pointer");
}

static void
test_levels(void)
{
	/*
	 * "abc مرحبا 123", LTR: the space between L and AL resolves to the embedding level (0);
	 * 123 after AL becomes AN (W2), level 2 (I1); the space between AL and AN is R (N1), 1.
	 */
	levels_are("abc مرحبا 123", DIR_AUTO, 0, "0000111111222", "abc ARABIC 123 (LTR)");
	/*
	 * "مرحبا abc 123", RTL: abc is L, level 2; 123 after L stays EN then becomes L (W7), 2;
	 * the space between them is between two L, so L (N1), 2; the first space is R, 1.
	 */
	levels_are("مرحبا abc 123", DIR_AUTO, 1, "1111112222222", "ARABIC abc 123 (RTL)");
	/* Hebrew: 123 after R stays EN (W2 is for AL only): level 2; spaces next to it are R. */
	levels_are("שלום 123 עולם", DIR_AUTO, 1, "1111122211111", "HEBREW 123 HEBREW");
	/* Arabic: the number is AN, level 2 as well. */
	levels_are("مرحبا 2025", DIR_AUTO, 1, "1111112222", "ARABIC 2025");
	/* The same line forced LTR: Arabic 1, its number 2, the space between them R (1). */
	levels_are("مرحبا 2025", DIR_LTR, 0, "1111112222", "ARABIC 2025 forced LTR");
	/* N0: brackets around L inside RTL text, with R before them, take the embedding level. */
	levels_are("مرحبا (abc) عالم", DIR_AUTO, 1, "1111111222111111",
	           "ARABIC (abc) ARABIC: brackets stay RTL");
	/* Pure text stays at the base level everywhere (the fast path). */
	levels_are("abc 123 def.", DIR_AUTO, 0, "000000000000", "pure English with digits");
	levels_are("مرحبا، عالم.", DIR_AUTO, 1, "111111111111", "pure Arabic with punctuation");
	/* Trailing white space takes the paragraph level (L1 over the whole paragraph). */
	levels_are("abc مرحبا ", DIR_AUTO, 0, "0000111110", "trailing space after RTL run (LTR)");
}

static void
test_shaping(void)
{
	static const uint32_t salam[] = {0xFEB3, 0xFEFC, 0xFEFF, 0x0645};
	static const uint32_t salam_raw[] = {0x0633, 0x0644, 0x0627, 0x0645};
	static const uint32_t bayt[] = {0xFE91, 0xFEF4, 0xFE96};
	static const uint32_t muhammad[] = {0xFEE3, 0xFEA4, 0xFEE4, 0xFEAA};
	static const uint32_t waw[] = {0x0648};
	static const uint32_t beh_zwnj[] = {0xFE8F, 0x200C, 0xFE8F};
	uint32_t out[8];
	struct para *p;
	size_t n;

	/* Lam-alef alone: one cell, U+FEFB (isolated form), the fill left in the cluster. */
	p = mk("لا", DIR_AUTO, DIR_LTR, PARA_DEFAULT);
	tap_is_int(p->ncl, 1, "lam-alef: one cluster");
	tap_ok(p->ncl >= 1 && p->cl[0].width == 1 && p->cl[0].n == 2,
	       "lam-alef: the cluster is one cell holding two code points");
	tap_ok(p->ncl >= 1 && p->cp[p->cl[0].start] == 0xFEFB,
	       "lam-alef: the cluster's base is U+FEFB (isolated ligature)");
	tap_is_int(cells(p), 1, "lam-alef: one cell in all");
	n = p->ncl >= 1 ? drawn(p, 0, out, 8) : 0;
	tap_ok(n == 1 && out[0] == 0xFEFB, "lam-alef: draws U+FEFB alone (the fill is hidden)");
	para_free(&p);

	/* سلام: seen initial, lam-alef final ligature (+ fill), meem alone, as itself. */
	p = mk("سلام", DIR_AUTO, DIR_LTR, PARA_DEFAULT);
	cps_are(p, salam, 4,
	        "shaping سلام: FEB3 (initial), FEFC (lam-alef final), fill, U+0645 (alone)");
	tap_is_int(p->ncl, 3, "shaping سلام: 3 clusters");
	tap_is_int(cells(p), 3, "shaping سلام: 3 cells");
	tap_ok(p->ncl == 3 && p->cl[0].n == 1 && p->cl[1].n == 2 && p->cl[1].start == 1 &&
	           p->cl[2].start == 3,
	       "shaping سلام: the fill stays with the ligature, not with the seen");
	para_free(&p);
	p = mk("بيت", DIR_AUTO, DIR_LTR, PARA_DEFAULT);
	cps_are(p, bayt, 3, "shaping بيت: initial, medial, final");
	para_free(&p);
	p = mk("محمد", DIR_AUTO, DIR_LTR, PARA_DEFAULT);
	cps_are(p, muhammad, 4, "shaping محمد: initial, medial, medial, final");
	para_free(&p);
	p = mk("و", DIR_AUTO, DIR_LTR, PARA_DEFAULT);
	cps_are(p, waw, 1, "shaping و alone: sent as U+0648, not its isolated form U+FEED");
	para_free(&p);
	/* Letters kept apart by something the output leaves out keep their isolated forms: a
	 * terminal that shapes would otherwise join them. */
	p = mk("ب\xE2\x80\x8Cب", DIR_AUTO, DIR_LTR, PARA_DEFAULT);
	cps_are(p, beh_zwnj, 3, "shaping ب ZWNJ ب: both isolated forms U+FE8F, ZWNJ between");
	para_free(&p);
	p = mk("ب ب", DIR_AUTO, DIR_LTR, PARA_DEFAULT);
	tap_ok(p->ncp == 3 && p->cp[0] == 0x0628 && p->cp[2] == 0x0628,
	       "shaping ب ب: a space between, each letter sent as itself");
	para_free(&p);

	/* Without PARA_SHAPE the letters stay as written. */
	p = mk("سلام", DIR_AUTO, DIR_LTR, 0);
	cps_are(p, salam_raw, 4, "flags 0: سلام unshaped");
	tap_is_int(p->ncl, 4, "flags 0: 4 clusters, no ligature");
	para_free(&p);
	p = mk("سلام", DIR_AUTO, DIR_LTR, PARA_MIRROR);
	cps_are(p, salam_raw, 4, "PARA_MIRROR only: سلام unshaped");
	para_free(&p);
}

static void
test_mirroring(void)
{
	struct para *p;

	/* "مرحبا (عالم)": ( at 6 and ) at 11, both at level 1. */
	p = mk("مرحبا (عالم)", DIR_AUTO, DIR_LTR, PARA_DEFAULT);
	tap_ok(p->ncp == 12 && p->cp[6] == ')' && p->cp[11] == '(',
	       "mirroring: brackets inside RTL text are swapped");
	para_free(&p);
	p = mk("«مرحبا» [عالم]", DIR_AUTO, DIR_LTR, PARA_DEFAULT);
	tap_ok(p->ncp == 14 && p->cp[0] == 0xBB && p->cp[6] == 0xAB && p->cp[8] == ']' &&
	           p->cp[13] == '[',
	       "mirroring: guillemets and square brackets in RTL text");
	para_free(&p);
	p = mk("مرحبا (عالم)", DIR_AUTO, DIR_LTR, PARA_SHAPE);
	tap_ok(p->ncp == 12 && p->cp[6] == '(' && p->cp[11] == ')',
	       "mirroring: off without PARA_MIRROR");
	para_free(&p);
	p = mk("hello (world)", DIR_AUTO, DIR_LTR, PARA_DEFAULT);
	tap_ok(p->cp[6] == '(' && p->cp[12] == ')', "mirroring: LTR brackets untouched");
	para_free(&p);
	/* Brackets around English in an Arabic paragraph resolve to RTL (N0): mirrored. */
	p = mk("مرحبا (abc) عالم", DIR_AUTO, DIR_LTR, PARA_DEFAULT);
	tap_ok(p->cp[6] == ')' && p->cp[10] == '(', "mirroring: RTL brackets around English");
	para_free(&p);
	/* In an English paragraph, brackets around Arabic are LTR: not mirrored. */
	p = mk("abc (مرحبا) def", DIR_AUTO, DIR_LTR, PARA_DEFAULT);
	tap_ok(p->cp[4] == '(' && p->cp[10] == ')', "mirroring: LTR brackets around Arabic");
	para_free(&p);
}

static void
test_clusters(void)
{
	uint32_t out[8];
	struct para *p;
	size_t n;

	/* Arabic beh + fatha: one cluster, one cell, two code points. */
	p = mk("بَ", DIR_AUTO, DIR_LTR, PARA_DEFAULT);
	tap_ok(p->ncl == 1 && p->cl[0].n == 2 && p->cl[0].width == 1,
	       "harakat: beh + fatha is one cluster of width 1");
	n = drawn(p, 0, out, 8);
	tap_ok(n == 2 && out[0] == 0x0628 && out[1] == 0x064E,
	       "harakat: drawn as the base (alone: U+0628) then the mark");
	para_free(&p);
	/* كَتَبَ: three letters, each with a fatha. */
	p = mk("كَتَبَ", DIR_AUTO, DIR_LTR, PARA_DEFAULT);
	tap_ok(p->ncl == 3 && p->cl[0].n == 2 && p->cl[1].n == 2 && p->cl[2].n == 2 &&
	           cells(p) == 3,
	       "harakat: كَتَبَ is 3 clusters of 2, 3 cells");
	tap_ok(p->cp[0] == 0xFEDB && p->cp[2] == 0xFE98 && p->cp[4] == 0xFE90,
	       "harakat: marks do not break joining (initial, medial, final)");
	para_free(&p);
	/* Hebrew shin + shin dot + qamats, lamed, vav + holam, final mem. */
	p = mk("\xD7\xA9\xD7\x81\xD6\xB8\xD7\x9C\xD7\x95\xD6\xB9\xD7\x9D", DIR_AUTO, DIR_LTR,
	       PARA_DEFAULT);
	tap_ok(p->ncl == 4 && p->cl[0].n == 3 && p->cl[0].width == 1 && p->cl[2].n == 2 &&
	           cells(p) == 4,
	       "niqqud: שׁלוֹם is 4 cells, shin keeps both its points");
	n = drawn(p, 0, out, 8);
	tap_ok(n == 3 && out[0] == 0x05E9 && out[1] == 0x05C1 && out[2] == 0x05B8,
	       "niqqud: drawn base first, marks after, in logical order");
	para_free(&p);
	/* A mark with no base takes a cell and is drawn on a no-break space. */
	p = mk("\xD9\x8E"
	       "ب",
	       DIR_AUTO, DIR_LTR, 0);
	tap_ok(p->ncl == 2 && p->cl[0].width == 1, "lone mark: takes a cell of its own");
	n = drawn(p, 0, out, 8);
	tap_ok(n == 2 && out[0] == 0xA0 && out[1] == 0x064E, "lone mark: drawn on U+00A0");
	para_free(&p);
}

static void
test_zwnj(void)
{
	/* می‌خواهم: meem initial, yeh final (the ZWNJ stops joining), ZWNJ, khah
	 * initial...
	 */
	static const uint32_t want[] = {0xFEE3, 0xFBFD, 0x200C, 0xFEA7,
	                                0xFEEE, 0x0627, 0xFEEB, 0xFEE2};
	uint32_t out[8];
	struct para *p = mk("می\xE2\x80\x8Cخواهم", DIR_AUTO, DIR_LTR, PARA_DEFAULT);
	size_t i, shown = 0;

	cps_are(p, want, 8, "ZWNJ: می‌خواهم shapes as two joined groups, ZWNJ kept");
	tap_is_int(p->ncl, 7, "ZWNJ: 7 clusters for 8 code points");
	tap_is_int(cells(p), 7, "ZWNJ: takes no cell");
	for (i = 0; i < p->ncl; i++) {
		size_t k, n = drawn(p, i, out, 8);

		for (k = 0; k < n; k++)
			shown += out[k] == 0x200C;
	}
	tap_is_int(shown, 0, "ZWNJ: never drawn");
	para_free(&p);
	/* The same word without ZWNJ joins through: yeh medial, khah medial. */
	p = mk("میخواهم", DIR_AUTO, DIR_LTR, PARA_DEFAULT);
	tap_ok(p->ncp == 7 && p->cp[1] == 0xFBFF && p->cp[2] == 0xFEA8,
	       "no ZWNJ: yeh and khah join (medial forms)");
	para_free(&p);
}

static void
test_controls_and_widths(void)
{
	uint32_t out[8];
	struct para *p;
	size_t i, k, n, bad;

	/* LRE abc PDF: 3 cells, the controls drawn nowhere. */
	p = mk("\xE2\x80\xAA"
	       "abc\xE2\x80\xAC",
	       DIR_AUTO, DIR_LTR, PARA_DEFAULT);
	tap_is_int(cells(p), 3, "LRE abc PDF: 3 cells");
	tap_ok(p->ncl >= 1 && (p->cl[0].flags & CLUSTER_HIDDEN) && p->cl[0].width == 0,
	       "LRE at the start: a hidden cluster of width 0");
	for (i = 0, bad = 0; i < p->ncl; i++)
		for (k = 0, n = drawn(p, i, out, 8); k < n; k++)
			bad += out[k] >= 0x2000;
	tap_is_int(bad, 0, "LRE abc PDF: only a, b, c drawn");
	para_free(&p);
	/* RLM between letters, and RLE/LRO/PDF/RLI/PDI/ALM/LRM: no cell. */
	p = mk("a\xE2\x80\x8F"
	       "b \xE2\x80\xAB"
	       "c\xE2\x80\xAD"
	       "d\xE2\x80\xAC\xE2\x81\xA7"
	       "e\xE2"
	       "\x81\xA9\xD8\x9C"
	       "f\xE2\x80\x8E",
	       DIR_AUTO, DIR_LTR, PARA_DEFAULT);
	tap_is_int(cells(p), 7, "bidi controls: a b space c d e f take 7 cells");
	for (i = 0, bad = 0; i < p->ncl; i++)
		for (k = 0, n = drawn(p, i, out, 8); k < n; k++)
			bad += out[k] > 0x7F;
	tap_is_int(bad, 0, "bidi controls: none drawn");
	para_free(&p);

	p = mk("漢字", DIR_AUTO, DIR_LTR, PARA_DEFAULT);
	tap_ok(p->ncl == 2 && p->cl[0].width == 2 && p->cl[1].width == 2, "CJK: two cells each");
	para_free(&p);
	p = mk("😀 ✨", DIR_AUTO, DIR_LTR, PARA_DEFAULT);
	tap_ok(p->ncl == 3 && p->cl[0].width == 2 && p->cl[2].width == 2, "emoji: two cells each");
	para_free(&p);

	tap_is_int(cell_width('a'), 1, "width of a");
	tap_is_int(cell_width(0x0645), 1, "width of meem");
	tap_is_int(cell_width(0xFEFB), 1, "width of lam-alef ligature");
	tap_is_int(cell_width(0x064E), 0, "width of fatha");
	tap_is_int(cell_width(0x05B8), 0, "width of qamats");
	tap_is_int(cell_width(0x200C), 0, "width of ZWNJ");
	tap_is_int(cell_width(0x200F), 0, "width of RLM");
	tap_is_int(cell_width(0xFEFF), 0, "width of the shaping fill");
	tap_is_int(cell_width(0x6F22), 2, "width of 漢");
	tap_is_int(cell_width(0x3000), 2, "width of ideographic space");
	tap_is_int(cell_width(0xFF21), 2, "width of fullwidth A");
	tap_is_int(cell_width(0xAC00), 2, "width of a Hangul syllable");
	tap_is_int(cell_width(0x1F600), 2, "width of 😀");
	tap_is_int(cell_width(0x2728), 2, "width of ✨");
	tap_is_int(cell_width(0x2603), 1, "width of ☃ (narrow symbol)");
	tap_ok(cell_is_mark(0x064E) && cell_is_mark(0x05B8) && cell_is_mark(0x0301),
	       "marks: fatha, qamats, combining acute");
	tap_ok(!cell_is_mark('a') && !cell_is_mark(0x200C) && !cell_is_mark(0x0645),
	       "not marks: a, ZWNJ, meem");
}

/* Every break libunibreak allows in the unshaped text falls between clusters, and vice versa. */
static void
check_breaks(const char *s, const char *what)
{
	struct para *p = mk(s, DIR_AUTO, DIR_RTL, PARA_DEFAULT);
	size_t n = p->ncp, i, bad = 0;
	uint32_t *cp = malloc((n + 1) * sizeof *cp);
	char *brks = malloc(n + 1), msg[200];
	unsigned char *end_of_cluster = calloc(n + 1, 1), *want;

	utf8_to_ucs4(s, strlen(s), cp);
	set_linebreaks_utf32(cp, n, NULL, brks);
	for (i = 0; i < p->ncl; i++)
		end_of_cluster[p->cl[i].start + p->cl[i].n - 1] = 1 + p->cl[i].brk;
	want = end_of_cluster;
	for (i = 0; i + 1 < n; i++) {
		int allow = brks[i] == LINEBREAK_ALLOWBREAK || brks[i] == LINEBREAK_MUSTBREAK;

		/* An allowed break must end a cluster whose brk says so; no other may. */
		if (allow &&
		    want[i] != 1 + (brks[i] == LINEBREAK_MUSTBREAK ? BREAK_MUST : BREAK_ALLOW))
			bad++;
		if (!allow && want[i] > 1 + BREAK_NONE)
			bad++;
	}
	snprintf(msg, sizeof msg, "break opportunities of %s match libunibreak's", what);
	tap_is_int(bad, 0, msg);
	free(cp);
	free(brks);
	free(end_of_cluster);
	para_free(&p);
}

static void
test_breaks(void)
{
	struct para *p;

	init_linebreak();
	p = mk("hello world", DIR_AUTO, DIR_LTR, PARA_DEFAULT);
	tap_ok(p->ncl == 11 && p->cl[5].brk == BREAK_ALLOW && p->cl[4].brk == BREAK_NONE &&
	           p->cl[10].brk == BREAK_ALLOW && (p->cl[5].flags & CLUSTER_SPACE),
	       "breaks: after the space, not before it; the end allows a break");
	para_free(&p);
	check_breaks("hello world, this is a test-case of 12.5% and (brackets).", "English");
	check_breaks("مرحبا بالعالم، هذا اختبار (للأسطر) و2025.", "Arabic");
	/* Words starting with lam-alef: the break before them must survive the ligature. */
	check_breaks("كتب لا شيء إلا الأمل لأن الأمر لا يهم", "Arabic with lam-alef words");
	check_breaks("مَرْحَبًا بِكُمْ فِي الْعَالَمِ", "Arabic with harakat");
	check_breaks("می\xE2\x80\x8Cخواهم به خانه بروم", "Persian with ZWNJ");
	check_breaks("漢字かな交じり文 and English", "CJK and English");
	/* Words that start with an invisible character: the break before them must survive. */
	check_breaks("كتب \xE2\x80\x8F"
	             "2025 و\xE2\x80\x8E"
	             "abc و \xE2\x80\x8D"
	             "x",
	             "words starting with RLM, LRM, ZWJ");
	check_breaks("abc\xE2\x80\xA8\xE2\x80\x8F"
	             "def ghi",
	             "RLM after a line separator");
}

static void
test_reorder(void)
{
	static const uint8_t none[8] = {0};
	uint8_t lv[8];
	uint32_t order[8];

	/* LTR line with an RTL run in the middle. */
	memcpy(lv, (uint8_t[]){0, 0, 1, 1, 1, 0}, 6);
	para_reorder(lv, none, 6, 0, order);
	tap_ok(memcmp(order, (uint32_t[]){0, 1, 4, 3, 2, 5}, 6 * sizeof *order) == 0,
	       "reorder: 0 0 1 1 1 0 -> 0 1 4 3 2 5");
	/* "abc مرحبا 123": levels 0000111111222 -> number kept LTR inside the reversed run. */
	memcpy(lv, (uint8_t[]){0, 1, 1, 1, 2, 2, 2}, 7);
	para_reorder(lv, none, 7, 0, order);
	tap_ok(memcmp(order, (uint32_t[]){0, 4, 5, 6, 3, 2, 1}, 7 * sizeof *order) == 0,
	       "reorder: 0 1 1 1 2 2 2 -> 0 4 5 6 3 2 1");
	/* All RTL: plain reversal. */
	memcpy(lv, (uint8_t[]){1, 1, 1, 1}, 4);
	para_reorder(lv, none, 4, 1, order);
	tap_ok(memcmp(order, (uint32_t[]){3, 2, 1, 0}, 4 * sizeof *order) == 0,
	       "reorder: 1 1 1 1 -> 3 2 1 0");
	/* Nested: 0 1 1 2 2 1 0 -> reverse 3-4, then 1-5. */
	memcpy(lv, (uint8_t[]){0, 1, 1, 2, 2, 1, 0}, 7);
	para_reorder(lv, none, 7, 0, order);
	tap_ok(memcmp(order, (uint32_t[]){0, 5, 3, 4, 2, 1, 6}, 7 * sizeof *order) == 0,
	       "reorder: 0 1 1 2 2 1 0 -> 0 5 3 4 2 1 6");
	/* RTL paragraph with an LTR run: 1 1 2 2 2 1 -> 5 2 3 4 1 0. */
	memcpy(lv, (uint8_t[]){1, 1, 2, 2, 2, 1}, 6);
	para_reorder(lv, none, 6, 1, order);
	tap_ok(memcmp(order, (uint32_t[]){5, 2, 3, 4, 1, 0}, 6 * sizeof *order) == 0,
	       "reorder: 1 1 2 2 2 1 -> 5 2 3 4 1 0");
	/* L1: trailing white space takes the paragraph level, so it stays at the end. */
	memcpy(lv, (uint8_t[]){0, 1, 1, 1}, 4);
	para_reorder(lv, (uint8_t[]){L1_NONE, L1_NONE, L1_NONE, L1_WS}, 4, 0, order);
	tap_ok(memcmp(order, (uint32_t[]){0, 2, 1, 3}, 4 * sizeof *order) == 0 && lv[3] == 0,
	       "reorder L1: trailing space of an RTL run at level 1 -> 0 2 1 3, level reset");
	/* L1: a separator and the white space before it take the paragraph level. */
	memcpy(lv, (uint8_t[]){1, 1, 1, 1, 1}, 5);
	para_reorder(lv, (uint8_t[]){L1_NONE, L1_WS, L1_SEP, L1_NONE, L1_NONE}, 5, 0, order);
	tap_ok(memcmp(order, (uint32_t[]){0, 1, 2, 4, 3}, 5 * sizeof *order) == 0,
	       "reorder L1: white space before a separator -> 0 1 2 4 3");
	/* RTL paragraph: a separator inside an LTR run splits it. */
	memcpy(lv, (uint8_t[]){2, 2, 2, 2}, 4);
	para_reorder(lv, (uint8_t[]){L1_NONE, L1_NONE, L1_SEP, L1_NONE}, 4, 1, order);
	tap_ok(memcmp(order, (uint32_t[]){3, 2, 0, 1}, 4 * sizeof *order) == 0,
	       "reorder L1: 2 2 SEP 2 in RTL -> 3 2 0 1");
	/* White space in the middle is not touched by L1. */
	memcpy(lv, (uint8_t[]){1, 1, 1}, 3);
	para_reorder(lv, (uint8_t[]){L1_NONE, L1_WS, L1_NONE}, 3, 0, order);
	tap_ok(memcmp(order, (uint32_t[]){2, 1, 0}, 3 * sizeof *order) == 0,
	       "reorder: inner white space keeps its level");
	/* Levels without any odd level: no reversal at all (0 2 2 0). */
	memcpy(lv, (uint8_t[]){0, 2, 2, 0}, 4);
	para_reorder(lv, none, 4, 0, order);
	tap_ok(memcmp(order, (uint32_t[]){0, 1, 2, 3}, 4 * sizeof *order) == 0,
	       "reorder: 0 2 2 0 (reversed twice) -> identity");
	/* 2 3 3 2 in an LTR paragraph: reverse the 3s, then the whole, then again the whole. */
	memcpy(lv, (uint8_t[]){2, 3, 3, 2}, 4);
	para_reorder(lv, none, 4, 0, order);
	tap_ok(memcmp(order, (uint32_t[]){0, 2, 1, 3}, 4 * sizeof *order) == 0,
	       "reorder: 2 3 3 2 -> 0 2 1 3");
}

/* para_levels (with its fast path for uniform text) against FriBidi's full algorithm. */
static void
test_fast_path(void)
{
	static const uint32_t pool[] = {'a',    'b',    ' ',    '.',    ',',    '1',    '2',
	                                '(',    ')',    '%',    '-',    '+',    '$',    0x0628,
	                                0x0645, 0x05D0, 0x0661, 0x064E, 0x00AD, 0x060C, 0x00A0};
	unsigned seed = 42;
	size_t t, i, bad = 0;

	for (t = 0; t < 3000; t++) {
		uint32_t cp[24];
		FriBidiCharType types[24];
		FriBidiBracketType br[24];
		FriBidiLevel fl[24];
		FriBidiParType pt;
		uint8_t lv[24];
		size_t n = 1 + t % 24;
		int base, dir = t % 3;

		/* Mostly one script per string, so that the fast path is taken often. */
		for (i = 0; i < n; i++) {
			seed = seed * 1103515245 + 12345;
			cp[i] = pool[(seed >> 16) % sizeof pool / sizeof pool[0]];
			if ((t & 4) && cp[i] >= 0x5D0 && cp[i] != 0x64E && cp[i] != 0x60C)
				cp[i] = 'x';
			if ((t & 8) && cp[i] < 0x80 &&
			    ((cp[i] | 0x20) >= 'a' && (cp[i] | 0x20) <= 'z'))
				cp[i] = 0x0628;
		}
		base = para_levels(cp, n,
		                   dir == 0   ? DIR_AUTO
		                   : dir == 1 ? DIR_LTR
		                              : DIR_RTL,
		                   DIR_LTR, lv, NULL);
		fribidi_get_bidi_types(cp, n, types);
		fribidi_get_bracket_types(cp, n, types, br);
		pt = dir == 1 ? FRIBIDI_PAR_LTR : dir == 2 ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_ON;
		if (fribidi_get_par_embedding_levels_ex(types, br, n, &pt, fl) == 0 ||
		    base != (pt == FRIBIDI_PAR_RTL))
			bad++;
		else
			for (i = 0; i < n; i++)
				if (lv[i] != fl[i]) {
					bad++;
					break;
				}
	}
	tap_is_int(bad, 0, "3000 random strings: para_levels agrees with FriBidi's full run");
}

/*
 * A code block's lines are paragraphs of their own for the bidi algorithm: an Arabic comment
 * must not pull the neutrals of the next lines into its run, and a line end is a forced break
 * that takes no cell.
 */
static void
test_code_lines(void)
{
	const char *s = "x = 1  # \xd8\xb9\xd8\xb1\xd8\xa8\xd9\x8a.\n(a) = 2\n";
	uint32_t cp[64];
	uint8_t lv[64];
	size_t n = utf8_to_ucs4(s, strlen(s), cp), i, nl = 0;
	struct para *p;
	int ok = 1;

	para_levels(cp, n, DIR_LTR, DIR_LTR, lv, NULL);
	tap_is_int(lv[13], 0, "code: the full stop after an Arabic comment is at level 0");
	for (i = 15; i < n; i++)
		ok &= lv[i] == 0;
	tap_ok(ok, "code: the next line is all at level 0, not pulled into the comment's run");
	p = para_new(s, strlen(s), DIR_LTR, DIR_RTL, PARA_DEFAULT);
	for (i = 0; i < p->ncl; i++)
		if (p->cp[p->cl[i].start] == '\n') {
			nl++;
			ok &= p->cl[i].width == 0 && (p->cl[i].flags & CLUSTER_HIDDEN) &&
			      p->cl[i].n == 1;
		}
	tap_ok(nl == 2 && ok, "code: each line end is a hidden cluster of its own, no cell");
	para_free(&p);
}

int
main(void)
{
	(void)tap_skip_all;
	test_code_lines();
	test_direction();
	test_levels();
	test_shaping();
	test_mirroring();
	test_clusters();
	test_zwnj();
	test_controls_and_widths();
	test_breaks();
	test_reorder();
	test_fast_path();
	return tap_done();
}
