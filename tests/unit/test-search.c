/*
 * Unit tests for search.c: each folding rule, the map back to original offsets, match ranges
 * (harakat included, never cutting a character), flags, and two cross-checks on generated text:
 * against a plain search of the folded text, and between the literal and the regex paths, which
 * share nothing but fold_char.
 */
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search.h"
#include "tap.h"
#include "utf8.h"
#include "xmalloc.h"

/* search_fold of s as a string. */
static const char *
fold(const char *s, int flags)
{
	static char out[1024];
	size_t n = search_fold(s, strlen(s), flags, out, NULL);

	out[n] = '\0';
	return out;
}

struct list {
	char buf[2048];
	size_t n;
};

static void
list_add(size_t start, size_t end, void *arg)
{
	struct list *l = arg;
	size_t len = strlen(l->buf);

	snprintf(l->buf + len, sizeof l->buf - len, "%s%zu-%zu", len ? " " : "", start, end);
	l->n++;
}

/* The matches of pattern in text as "start-end start-end", "none", or "error: cause". */
static const char *
matches(const char *pattern, int flags, const char *text)
{
	static struct list l;
	struct search *s;
	char *cause = NULL;
	size_t n;

	memset(&l, 0, sizeof l);
	if ((s = search_new(pattern, flags, &cause)) == NULL) {
		snprintf(l.buf, sizeof l.buf, "error: %s", cause);
		free(cause);
		return l.buf;
	}
	n = search_block(s, text, strlen(text), list_add, &l);
	search_free(&s);
	if (n != l.n)
		return "count differs from callbacks";
	return l.n == 0 ? "none" : l.buf;
}

/* "start-end" of the nth (from 0) occurrence of piece in text, as bytes. */
static const char *
span(const char *text, const char *piece, int nth)
{
	static char buf[8][64];
	static int k;
	const char *p = text;

	k = (k + 1) % 8;
	for (p = strstr(p, piece); p != NULL && nth-- > 0; p = strstr(p + 1, piece))
		;
	if (p == NULL)
		return "piece not in text";
	snprintf(buf[k], sizeof buf[k], "%zu-%zu", (size_t)(p - text),
	         (size_t)(p - text) + strlen(piece));
	return buf[k];
}

/* Two spans joined with a space, for two expected matches. */
static const char *
two(const char *a, const char *b)
{
	static char buf[128];

	snprintf(buf, sizeof buf, "%s %s", a, b);
	return buf;
}

static void
test_fold_arabic(void)
{
	tap_is_str(fold("مُحَمَّدٌ", 0), "محمد", "tashkeel U+064B-U+0652 stripped");
	tap_is_str(fold("هٰذَا", 0), "هذا", "dagger alef U+0670 stripped");
	tap_is_str(fold("ب\u0656\u065F\u0610\u061A", 0), "ب",
	           "U+0656-U+065F and U+0610-U+061A stripped");
	tap_is_str(fold("ذَٰلِكَ ٱلْكِتَٰبُ لَا رَيْبَ ۛ فِيهِ ۛ", 0), "ذلك الكتب لا ريب فيه ",
	           "Quranic marks stripped, the spaces around them one space");
	tap_is_str(fold("\u06D6\u06DD\u06E5\u06ED", 0), "", "U+06D6-U+06ED stripped");
	tap_is_str(fold("كتـــاب", 0), "كتاب", "tatweel stripped");
	tap_is_str(fold("أإآٱا", 0), "ااااا", "alef forms fold to alef");
	tap_is_str(fold("مستشفى", 0), "مستشفي", "alef maksura folds to yeh");
	tap_is_str(fold("مدرسة", 0), "مدرسه", "teh marbuta folds to heh");
	tap_is_str(fold("مؤمن", 0), "مومن", "waw with hamza folds to waw");
	tap_is_str(fold("رئيس", 0), "رييس", "yeh with hamza folds to yeh");
	tap_is_str(fold("ا\u0654ا\u0655ا\u0653", 0), "ااا", "combining hamza and madda stripped");
	tap_is_str(fold("\u0623", 0), fold("\u0627\u0654", 0),
	           "precomposed and decomposed alef-hamza agree");
	tap_is_str(fold("١٢٣٤٥٦٧٨٩٠", 0), "1234567890", "Arabic-Indic digits fold to ASCII");
}

static void
test_fold_persian(void)
{
	tap_is_str(fold("ی", 0), "ي", "Persian yeh U+06CC folds to yeh");
	tap_is_str(fold("ے", 0), "ي", "yeh barree U+06D2 folds to yeh");
	tap_is_str(fold("ک", 0), "ك", "keheh U+06A9 folds to kaf");
	tap_is_str(fold("ۀہ", 0), "هه", "U+06C0 and U+06C1 fold to heh");
	tap_is_str(fold("۰۱۲۳۴۵۶۷۸۹", 0), "0123456789", "Persian digits fold to ASCII");
	tap_is_str(fold("می\u200Cخواهم", 0), "ميخواهم", "ZWNJ stripped");
	tap_is_str(fold("a\u200Db", 0), "ab", "ZWJ stripped");
}

/* Text from old software, written in the shaped forms: each folds to its letter. */
static void
test_fold_forms(void)
{
	const char *t = "\uFEDF\uFEE0\uFEEE\uFEDF\uFEEA\uFEE3 \uFE8D\uFEDF\uFEE0\uFEEA";
	/* Three bytes a character: ﺍﻟﺇﺳﻼﻡ at 0-18, ﷲ at 19 and 27, ﻻ at 23 and 31. */
	const char *lig = "\uFE8D\uFEDF\uFE87\uFEB3\uFEFC\uFEE1 \uFDF2 \uFEFB \uFDF2 \uFEFB";

	tap_is_str(fold("\uFE8D\uFEDF\uFEE4\uFE92\uFEAE\uFE8E\uFEE3\uFEA0", 0), "المبرامج",
	           "Arabic presentation forms B fold to their letters");
	tap_is_str(fold("\uFE83\uFE87\uFE81\uFB50", 0), "اااا",
	           "... and alef with hamza, madda or wasla to alef");
	tap_is_str(fold("\uFEEF\uFEF2\uFE8A\uFBFD\uFBAF", 0), "ييييي",
	           "... alef maksura, yeh, yeh with hamza, Farsi yeh, yeh barree to yeh");
	tap_is_str(fold("\uFE94\uFBA5\uFB8F\uFE86", 0), "ههكو",
	           "... teh marbuta and heh goal to heh, keheh to kaf, waw with hamza to waw");
	tap_is_str(fold("\uFEA9\uFE70\uFE77\uFE7F", 0), "د", "... harakat forms are ignored");
	tap_is_str(fold("\uFEFB\uFEF7\uFDF2", 0), "لالاالله",
	           "... a ligature folds to its letters (lam-alef, with hamza; Allah)");
	tap_is_str(fold("\uFC5E\uFCF2", 0), "", "... one of marks only is ignored");
	tap_is_str(fold("\uFDFA", 0), "\uFDFA", "... one of a whole phrase stays itself");
	tap_is_str(matches("الله", 0, t), span(t, "\uFE8D\uFEDF\uFEE0\uFEEA", 0),
	           "a pattern typed in letters finds the word in presentation forms");
	tap_is_str(matches("لوله", 0, t), span(t, "\uFEE0\uFEEE\uFEDF\uFEEA", 0),
	           "... and inside a word");
	tap_is_str(matches("الاسلام", 0, lig), span(lig, "\uFE8D\uFEDF\uFE87\uFEB3\uFEFC\uFEE1", 0),
	           "a word with a lam-alef ligature (twice) is found by its letters");
	tap_is_str(matches("الله", 0, lig), two(span(lig, "\uFDF2", 0), span(lig, "\uFDF2", 1)),
	           "... the ligature of the word Allah too, wherever the scan starts");
	tap_is_str(matches("لا", 0, lig), "3-9 12-15 23-26 31-34",
	           "... a pattern ending or starting inside a ligature takes the whole of it");
	tap_is_str(matches("ل", 0, lig), "3-6 12-15 19-22 23-26 27-30 31-34",
	           "... and a ligature with a letter twice matches it once");
	tap_is_str(matches("الاسلام", SEARCH_REGEX, lig),
	           span(lig, "\uFE8D\uFEDF\uFE87\uFEB3\uFEFC\uFEE1", 0),
	           "... by a regular expression too");
}

static void
test_fold_hebrew(void)
{
	tap_is_str(fold("בְּרֵאשִׁ֖ית", 0), "בראשית", "niqqud, dagesh, shin dot and tipcha stripped");
	tap_is_str(fold("עַל־פְּנֵ֥י", 0), "על־פני", "maqaf U+05BE kept");
	tap_is_str(fold("א\u05C0ב\u05C3ג\u05C6", 0), "א\u05C0ב\u05C3ג\u05C6",
	           "paseq, sof pasuq and nun hafukha kept");
	tap_is_str(fold("כ\u05BFל\u05C4מ\u05C5נ\u05C7ש\u05C1\u05C2\u0591\u05AF", 0), "כלמנש",
	           "rafe, upper and lower dots, qamats qatan, cantillation stripped");
	tap_is_str(fold("\uFB2A\uFB35\uFB4B", 0), "שוו",
	           "precomposed pointed letters fold to the letter");
}

static void
test_fold_other(void)
{
	tap_is_str(
	    fold("\u200Fabc\u202B\u202Cd\u2066e\u2069\u061C\u200E\u202A\u202D\u202E\u2067\u2068",
	         0),
	    "abcde", "bidi controls stripped");
	tap_is_str(fold("ÀÉÎÕÜ ABC Ÿ", 0), "àéîõü abc ÿ", "ASCII and Latin-1 fold case");
	tap_is_str(fold("ÀBC", SEARCH_CASE), "ÀBC", "SEARCH_CASE keeps case");
	tap_is_str(fold("× ß", 0), "× ß",
	           "multiplication sign and sharp s are not letters to fold");
	tap_is_str(fold("a \t\n  b\u00A0\u2003c", 0), "a b c", "whitespace runs fold to one space");
	tap_is_str(fold(" \u200F \u0651 x", 0), " x", "ignored characters inside a space run");
	tap_is_str(fold("الأَمْن", SEARCH_EXACT), "الأَمْن", "SEARCH_EXACT copies");
}

static void
test_fold_map(void)
{
	const char *s = "الأَمْن";
	char out[32];
	size_t map[32], n;

	n = search_fold(s, strlen(s), 0, out, map);
	out[n] = '\0';
	tap_is_str(out, "الامن", "fold with map");
	/* ا 0, ل 2, أ 4, fatha 6, م 8, sukun 10, ن 12 */
	tap_is_int(map[0], 0, "map: alef");
	tap_is_int(map[2], 2, "map: lam");
	tap_is_int(map[4], 4, "map: hamza alef, first byte");
	tap_is_int(map[5], 4, "map: hamza alef, second byte");
	tap_is_int(map[6], 8, "map: meem skips the fatha");
	tap_is_int(map[8], 12, "map: noon skips the sukun");

	n = search_fold("a  \t b١", strlen("a  \t b١"), 0, out, map);
	tap_is_int(n, 4, "map: folded length with a space run and a digit");
	tap_is_int(map[1], 1, "map: a space run maps to its first space");
	tap_is_int(map[2], 5, "map: after the run");
	tap_is_int(map[3], 6, "map: digit to its two-byte original");
}

static void
test_ranges(void)
{
	const char *t;

	t = "في الأَمْنِ والسلام";
	tap_is_str(matches("الامن", 0, t), span(t, "الأَمْنِ", 0),
	           "الامن finds the whole original word, final kasra included");
	tap_is_str(matches("الأَمْن", 0, t), span(t, "الأَمْنِ", 0), "a pattern with harakat folds too");
	t = "رَبِّ الْعَالَمِينَ";
	tap_is_str(matches("رب", 0, t), span(t, "رَبِّ", 0),
	           "end takes shadda and kasra of the last letter");
	t = "كتـــاب كتـب";
	tap_is_str(matches("كت", 0, t), two(span(t, "كت", 0), span(t, "كت", 1)),
	           "end does not take a tatweel");
	t = "َبَ";
	tap_is_str(matches("ب", 0, t), span(t, "بَ", 0), "a stray mark before a match stays out");
	t = "\u200Fقال";
	tap_is_str(matches("قال", 0, t), span(t, "قال", 0), "a bidi mark before a match stays out");
	t = "בְּרֵאשִׁ֖ית בָּרָ֣א אֱלֹהִ֑ים";
	tap_is_str(matches("בראשית", 0, t), span(t, "בְּרֵאשִׁ֖ית", 0), "Hebrew with niqqud and teamim");
	tap_is_str(matches("ברא", 0, t), two(span(t, "בְּרֵא", 0), span(t, "בָּרָ֣א", 0)),
	           "Hebrew: each match covers its points");
}

static void
test_letters(void)
{
	const char *t = "کتاب یک كتاب يك";
	char want[256];

	tap_is_str(matches("كتاب", 0, t), two(span(t, "کتاب", 0), span(t, "كتاب", 0)),
	           "Arabic kaf pattern finds Persian keheh");
	tap_is_str(matches("یک", 0, t), two(span(t, "یک", 0), span(t, "يك", 0)),
	           "Persian pattern finds Arabic letters");
	t = "سنة ٢٠٢٤ و۲۰۲۴ و2024";
	snprintf(want, sizeof want, "%s %s", two(span(t, "٢٠٢٤", 0), span(t, "۲۰۲۴", 0)),
	         span(t, "2024", 0));
	tap_is_str(matches("2024", 0, t), want, "digits in three scripts");
	tap_is_str(matches("٢٠٢٤", 0, t), want, "Arabic-Indic digit pattern");
	t = "أحمد وإحسان وآمنة";
	tap_is_str(matches("احسان", 0, t), span(t, "إحسان", 0), "alef pattern finds hamza below");
	tap_is_str(matches("امنه", 0, t), span(t, "آمنة", 0), "madda and teh marbuta");
}

static void
test_case(void)
{
	const char *t = "Hello hello HELLO";

	tap_is_str(matches("hello", 0, t), "0-5 6-11 12-17", "lowercase pattern ignores case");
	tap_is_str(matches("Hello", 0, t), "0-5",
	           "smart case: an uppercase letter makes case count");
	tap_is_str(matches("Hello", SEARCH_ICASE, t), "0-5 6-11 12-17", "SEARCH_ICASE overrides");
	tap_is_str(matches("hello", SEARCH_CASE, t), "6-11", "SEARCH_CASE forces case");
	t = "ÉTÉ été";
	tap_is_str(matches("été", 0, t), "0-5 6-11", "Latin-1 case folds");
	tap_is_str(matches("Été", 0, t), "none", "smart case with Latin-1 uppercase");
	t = "Café قَهوة";
	tap_is_str(matches("CAFÉ قهوه", SEARCH_ICASE, t), span(t, t, 0),
	           "other folds still apply with case");
	tap_is_str(matches("Café قهوه", 0, t), span(t, t, 0), "smart case keeps Arabic folding");
}

static void
test_spaces(void)
{
	const char *t = "قال\n  أبو جعفر";

	tap_is_str(matches("قال ابو", 0, t), span(t, "قال\n  أبو", 0),
	           "a phrase across a joined line");
	tap_is_str(matches("قال  ابو", 0, t), span(t, "قال\n  أبو", 0),
	           "spaces in the pattern fold too");
	tap_is_str(matches("قالابو", 0, t), "none", "no space does not match a space");
	tap_is_str(matches("ابو ", 0, t), span(t, "أبو ", 0), "a trailing space takes the run");
	tap_is_str(matches(" جعفر", 0, t), span(t, " جعفر", 0), "a leading space");
	tap_is_str(matches("ال ا", 0, "قال \u200F\t أبو"), "2-14", "a run with a bidi mark in it");
}

static void
test_exact(void)
{
	const char *t = "الأَمْن والامن";

	tap_is_str(matches("الامن", SEARCH_EXACT, t), span(t, "الامن", 0), "exact: no folding");
	tap_is_str(matches("الأَمْن", SEARCH_EXACT, t), span(t, "الأَمْن", 0),
	           "exact: bytes as they are");
	tap_is_str(matches("Hello", SEARCH_EXACT, "hello"), "none", "exact: case counts");
	tap_is_str(matches("a  b", SEARCH_EXACT, "a b a  b"), "4-8", "exact: spaces count");
}

static void
test_edges(void)
{
	tap_is_str(matches("xyz", 0, "abc"), "none", "no match");
	tap_is_str(matches("ظلم", 0, "قال الله"), "none", "no match, Arabic");
	tap_is_str(matches("abc", 0, ""), "none", "empty text");
	tap_is_str(matches("قال", 0, "قال"), "0-6", "the whole text");
	tap_is_str(matches("ق", 0, "قال قلم"), "0-2 7-9", "a match at the very start");
	tap_is_str(matches("لم", 0, "قال قَلَمٌ"), "11-19", "a match at the very end, with marks");
	tap_is_str(matches("aa", 0, "aaaaa"), "0-2 2-4", "overlapping: leftmost, then after it");
	tap_is_str(matches("ana", 0, "banana"), "1-4", "overlapping: the second is dropped");
	tap_is_str(matches("اا", 0, "أاآا"), "0-4 4-8", "overlapping through folds");
	tap_is_str(matches("\xff", 0,
	                   "a\xEF\xBF\xBD"
	                   "b"),
	           "1-4", "an invalid byte finds U+FFFD");
}

static void
test_invalid(void)
{
	tap_is_str(matches("", 0, "abc"), "error: empty search pattern", "empty pattern");
	tap_ok(strncmp(matches("َُّ", 0, "abc"), "error: ", 7) == 0, "pattern of harakat only");
	tap_ok(strncmp(matches(" \t ", 0, "a b"), "error: ", 7) == 0, "pattern of spaces only");
	tap_ok(strncmp(matches("\u200F\u0640", 0, "a"), "error: ", 7) == 0,
	       "pattern of controls and tatweel only");
	tap_ok(strncmp(matches("(ab", SEARCH_REGEX, "ab"), "error: bad regular expression", 29) ==
	           0,
	       "bad regular expression");
	tap_is_str(matches("َُّ", SEARCH_EXACT, "بَُّ"), "2-8", "harakat are fine in exact mode");
}

static void
test_regex(void)
{
	const char *t = "قال أبو جعفر: الأَمْنُ والأمان";

	tap_is_str(matches("ال[^ ]+", SEARCH_REGEX, t),
	           two(span(t, "الأَمْنُ", 0), span(t, "الأمان", 0)),
	           "regex on folded text maps back");
	tap_is_str(matches("^قال", SEARCH_REGEX, t), span(t, "قال", 0),
	           "regex anchors at the block");
	tap_is_str(matches("ابو|جعفر", SEARCH_REGEX, t), two(span(t, "أبو", 0), span(t, "جعفر", 0)),
	           "regex alternation");
	tap_is_str(matches("x*", SEARCH_REGEX, "abc"), "none", "empty regex matches are skipped");
	tap_is_str(matches("B[a-z]", SEARCH_REGEX, "ab bB Bc"), "6-8", "regex smart case");
	tap_is_str(matches("\\W", SEARCH_REGEX, "a-b"), "1-2", "an escape is not case folded");
	/* Each match is looked for from the end of the last, with the text before it known. */
	tap_is_str(matches("^a", SEARCH_REGEX, "aa a"), "0-1",
	           "^ matches at the block's start alone");
	tap_is_str(matches("\\<b", SEARCH_REGEX, "bb b"), "0-1 3-4",
	           "\\< after a match sees the letter before it: bb starts one word");
	tap_is_str(matches("a$", SEARCH_REGEX, "a a"), "2-3", "$ is the block's end");
}

static void
test_next(void)
{
	struct search *s;
	char *cause;
	const char *t = "قال قال قال";
	size_t start = 0, end = 0;

	s = search_new("قال", 0, &cause);
	tap_ok(search_next(s, t, strlen(t), 0, &start, &end) && start == 0 && end == 6,
	       "search_next from 0");
	tap_ok(search_next(s, t, strlen(t), 1, &start, &end) && start == 7 && end == 13,
	       "search_next from inside a match");
	tap_ok(!search_next(s, t, strlen(t), 15, &start, &end), "search_next past the last");
	search_free(&s);
	tap_ok(s == NULL, "search_free clears the pointer");
	search_free(&s);
}

struct doc_list {
	char buf[256];
};

static void
doc_add(size_t block, size_t start, size_t end, void *arg)
{
	struct doc_list *l = arg;
	size_t len = strlen(l->buf);

	snprintf(l->buf + len, sizeof l->buf - len, "%s%zu:%zu-%zu", len ? " " : "", block, start,
	         end);
}

static void
test_doc(void)
{
	struct block blocks[3] = {{0}};
	struct doc doc = {0};
	struct doc_list l = {{0}};
	struct search *s;
	char *cause, text[] = "ذكر الله\nاللَّه أكبر\nلا";

	blocks[0].off = 0;
	blocks[0].len = strlen("ذكر الله");
	blocks[1].off = blocks[0].len + 1;
	blocks[1].len = strlen("اللَّه أكبر");
	blocks[2].off = blocks[1].off + blocks[1].len + 1;
	blocks[2].len = strlen("لا");
	doc.text = text;
	doc.text_len = strlen(text);
	doc.blocks = blocks;
	doc.nblocks = 3;
	s = search_new("الله", 0, &cause);
	tap_is_int(search_doc(s, &doc, doc_add, &l), 2, "search_doc counts");
	tap_is_str(l.buf, "0:7-15 1:0-12", "search_doc: block and offsets within it");
	search_free(&s);
	s = search_new("ه ال", 0, &cause);
	tap_is_int(search_doc(s, &doc, NULL, NULL), 0, "a match never spans two blocks");
	search_free(&s);
}

static void
test_context(void)
{
	const char *t = "one two three four five six seven eight nine ten";
	size_t start = strstr(t, "five") - t, cs, ce;

	search_context(t, strlen(t), start, start + 4, 20, &cs, &ce);
	tap_ok(cs > 0 && t[cs - 1] == ' ', "context starts at a word");
	tap_ok(ce < strlen(t) && t[ce] == ' ', "context ends at a word");
	tap_ok(cs <= start && ce >= start + 4 && ce - cs <= 20,
	       "context holds the match, about 20");
	search_context(t, strlen(t), 0, 3, 10, &cs, &ce);
	tap_ok(cs == 0 && ce >= 3 && ce <= 10, "context at the start goes right");
	search_context(t, strlen(t), 0, strlen(t), 10, &cs, &ce);
	tap_ok(cs == 0 && ce == strlen(t), "a match longer than the context is kept whole");
	search_context("ab\ncd\nef", 8, 3, 5, 40, &cs, &ce);
	tap_ok(cs == 3 && ce == 5, "context stops at line breaks");
}

/*
 * Moves a match through a long text one byte at a time, across the 64-byte steps of the scan for
 * common letters and its edges, and checks it is found once, in the right place.
 */
static void
test_sweep(void)
{
	static const char *cases[][2] = {
	    {"الله", "اللَّهِ"},     /* the anchor (ه) checks the letter before it */
	    {"لا", "لَا"},         /* the anchor (ل) checks the letter after it */
	    {"ي ا", "ى\u200F ٱ"}, /* a space between, and the letters in other forms */
	};
	char want[64], *text;
	struct search *s;
	struct list l;
	char *cause;
	size_t c, before, after, n, len, bad = 0;

	for (c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		s = search_new(cases[c][0], 0, &cause);
		n = strlen(cases[c][1]);
		for (before = 0; before < 130; before++) {
			for (after = 0; after < 67; after++) {
				/* Exactly the size of the text, for the sanitizer to see a read
				 * past it. */
				len = before + n + after;
				text = xmalloc(len);
				memset(text, 'x', before);
				memcpy(text + before, cases[c][1], n);
				memset(text + before + n, 'b', after);
				memset(&l, 0, sizeof l);
				search_block(s, text, len, list_add, &l);
				free(text);
				snprintf(want, sizeof want, "%zu-%zu", before, before + n);
				if (strcmp(l.buf, want) != 0 && bad++ == 0)
					printf("# sweep \"%s\" at %zu of %zu: got \"%s\"\n",
					       cases[c][0], before, len, l.buf);
			}
		}
		search_free(&s);
	}
	tap_is_int(bad, 0, "a match found once, in place, wherever it is in a long text");
}

/* A small deterministic generator, so that a failure can be replayed. */
static uint32_t rng = 12345;

static uint32_t
rnd(uint32_t n)
{
	rng = rng * 1103515245 + 12345;
	return (rng >> 16) % n;
}

static const char *pieces[] = {
    "ا",
    "أ",
    "إ",
    "آ",
    "ٱ",
    "ل",
    "ل",
    "ل",
    "ه",
    "ة",
    "ۀ",
    "ي",
    "ى",
    "ئ",
    "ی",
    "ك",
    "ک",
    "و",
    "ؤ",
    "ب",
    "ظ",
    "م",
    "َ",
    "ُ",
    "ّ",
    "ْ",
    "ٰ",
    "ـ",
    "\u0654",
    "ۛ",
    "\u200C",
    "\u200F",
    " ",
    " ",
    "  ",
    "\n",
    "\t",
    "\u00A0",
    "1",
    "١",
    "۱",
    "a",
    "A",
    "é",
    "É",
    "ש",
    "\uFB2A",
    "ִ",
    "\u0596",
    "־",
    "x",
    "\u2003",
    /* presentation forms: ligatures (lam-alef, with hamza; Allah), lam initial and medial,
       alef and heh final, alef with hamza */
    "\uFEFB",
    "\uFEF7",
    "\uFDF2",
    "\uFEDF",
    "\uFEE0",
    "\uFE8E",
    "\uFEEA",
    "\uFE84",
};

static const char *patterns[] = {
    "الله", "لا", "ال ل", "ه", "ي ا", "1ا",  "a",   "Aé", "لل", "ظل", " ل",  "ل ",
    "اي",   "ש",  "هه",   "ي", "aa",  "ل ه", "ا a", "ب ", "ظ",  "مل", "ه ي", "لب",
};

/*
 * Checks search_block on text against the folded text: the same number of matches as a plain
 * search of the folded pattern there (but for those that would share a character with the one
 * before), each starting where that match maps back to, and each folding to the pattern (with
 * the rest of a ligature at either end). Returns 0 when all hold.
 */
static int
check_against_fold(struct search *s, const char *pattern, const char *text, size_t len)
{
	static char ftext[8192], fpat[256], fmatch[8192];
	static size_t map[8192];
	struct list l = {{0}, 0};
	size_t flen, plen, i, n = 0, start, end = 0;
	const char *p;
	/* Smart case: the one pattern here with an uppercase letter is case sensitive. */
	int flags = strcmp(pattern, "Aé") == 0 ? SEARCH_CASE : 0;

	flen = search_fold(text, len, flags, ftext, map);
	plen = search_fold(pattern, strlen(pattern), flags, fpat, NULL);
	fpat[plen] = '\0';
	search_block(s, text, len, list_add, &l);
	p = l.buf;
	for (i = 0; i + plen <= flen; i++) {
		if (memcmp(ftext + i, fpat, plen) != 0)
			continue;
		/* Matches never share a character: not even the letters of a ligature. */
		if (n > 0 && map[i] < end)
			continue;
		if (sscanf(p, "%zu-%zu", &start, &end) != 2 || start != map[i])
			return 1;
		/* A match takes a ligature whole, letters past the pattern's too. */
		fmatch[search_fold(text + start, end - start, flags, fmatch, NULL)] = '\0';
		if (strstr(fmatch, fpat) == NULL)
			return 2;
		p = strchr(p, ' ') ? strchr(p, ' ') + 1 : "";
		n++;
		i += plen - 1;
	}
	return n == l.n ? 0 : 3;
}

static void
test_generated(void)
{
	static char text[4096];
	struct search *s, *re;
	struct list a, b;
	char *cause;
	size_t len, k, j, n, bad_fold = 0, bad_re = 0, found = 0;
	int rc;

	for (k = 0; k < 400; k++) {
		len = 0;
		/* Short texts test the edges, long ones the 64-byte scan. */
		n = k % 4 == 0 ? rnd(8) : rnd(300);
		for (j = 0; j < n; j++) {
			strcpy(text + len, pieces[rnd(sizeof pieces / sizeof pieces[0])]);
			len += strlen(text + len);
		}
		for (j = 0; j < sizeof patterns / sizeof patterns[0]; j++) {
			s = search_new(patterns[j], 0, &cause);
			re = search_new(patterns[j], SEARCH_REGEX, &cause);
			if ((rc = check_against_fold(s, patterns[j], text, len)) != 0 &&
			    bad_fold++ == 0)
				printf("# against fold (%d): \"%s\" in \"%s\"\n", rc, patterns[j],
				       text);
			memset(&a, 0, sizeof a);
			memset(&b, 0, sizeof b);
			found += search_block(s, text, len, list_add, &a);
			search_block(re, text, len, list_add, &b);
			if (strcmp(a.buf, b.buf) != 0 && bad_re++ == 0) {
				printf("# literal and regex: \"%s\" in \"%s\"\n", patterns[j],
				       text);
				printf("# literal %s\n# regex   %s\n", a.buf, b.buf);
			}
			search_free(&s);
			search_free(&re);
		}
	}
	tap_is_int(bad_fold, 0, "generated: matches agree with a search of the folded text");
	tap_is_int(bad_re, 0, "generated: the literal and regex paths agree");
	tap_ok(found > 1000, "generated: the patterns were found often enough to mean something");
}

/* Counts matches: search_block's callback. */
static void
count_cb(size_t start, size_t end, void *arg)
{
	(void)start;
	(void)end;
	++*(size_t *)arg;
}

/*
 * Patterns that backtrack without end (glibc's matcher ran minutes on them, or for ever) are
 * taken, and give up on a long paragraph after their budget of steps, saying so; patterns
 * that are merely unusual keep working. Not a timing: the step budget is what ends them.
 */
static void
test_regex_cost(void)
{
	static const char *const costly[] = {"(a|aa)*[bc]", "(a|a?)+[bc]", ".*.*[#!]"};
	static const char *const quick[] = {"(a|aa)*b", " (.*)[\\\\#]", "\\s.*\\s[#!]"};
	static const char *const refused[] = {"(.*)\\1x", "(a)\\g1", "(?<n>a)\\k<n>",
	                                      "(?P<n>a)(?P=n)"};
	static const char *const fine[] = {"a++", "(a*)*", "a{300}", "(ab)+", "\\++", "\\\\1"};
	char *cause = NULL, *text;
	struct search *s;
	size_t i, n = 40000, hits;

	text = malloc(n + 1);
	for (i = 0; i < n; i++)
		text[i] = i % 31 == 30 ? ' ' : 'a';
	text[n] = '\0';
	for (i = 0; i < sizeof costly / sizeof costly[0]; i++) {
		s = search_new(costly[i], SEARCH_REGEX, &cause);
		if (!tap_ok(s != NULL, costly[i]))
			printf("# %s\n", cause);
		hits = 0;
		search_block(s, text, n, count_cb, &hits);
		tap_ok(search_gave_up(s), "... gives up on 40,000 characters, and says so");
		search_free(&s);
		free(cause);
		cause = NULL;
	}
	/* A letter the match needs and the text lacks ends these at once (PCRE2 looks first). */
	for (i = 0; i < sizeof quick / sizeof quick[0]; i++) {
		s = search_new(quick[i], SEARCH_REGEX, &cause);
		hits = 0;
		search_block(s, text, n, count_cb, &hits);
		tap_ok(hits == 0 && !search_gave_up(s), quick[i]);
		search_free(&s);
	}
	for (i = 0; i < sizeof fine / sizeof fine[0]; i++) {
		s = search_new(fine[i], SEARCH_REGEX, &cause);
		tap_ok(s != NULL, fine[i]);
		search_free(&s);
		free(cause);
		cause = NULL;
	}
	for (i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		s = search_new(refused[i], SEARCH_REGEX, &cause);
		tap_ok(s == NULL && cause != NULL && strstr(cause, "backreference") != NULL,
		       refused[i]);
		search_free(&s);
		free(cause);
		cause = NULL;
	}
	tap_is_str(matches("\\w+", SEARCH_REGEX, "شالوم"), "0-10", "\\w takes Arabic letters");
	s = search_new("a+b", SEARCH_REGEX, &cause);
	hits = 0;
	search_block(s, text, n, count_cb, &hits);
	tap_ok(hits == 0 && !search_gave_up(s), "a+b fails on the same text without giving up");
	search_free(&s);
	free(text);
}

int
main(void)
{
	/* Regular expressions take characters, not bytes, in a UTF-8 locale. */
	setlocale(LC_CTYPE, "C.UTF-8");
	(void)tap_skip_all; /* every test runs here */
	test_regex_cost();

	test_fold_arabic();
	test_fold_persian();
	test_fold_forms();
	test_fold_hebrew();
	test_fold_other();
	test_fold_map();
	test_ranges();
	test_letters();
	test_case();
	test_spaces();
	test_exact();
	test_edges();
	test_invalid();
	test_regex();
	test_next();
	test_doc();
	test_context();
	test_sweep();
	test_generated();
	return tap_done();
}
