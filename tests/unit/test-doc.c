/*
 * doc.c and doc-text.c: what the plain-text loader makes of the two bundled articles (title,
 * byline, headings, outline, direction), of hard-wrapped and CRLF text, of escape sequences and
 * binary data, and doc_load's errors. The articles are found through $TOP_SRCDIR (exported by
 * make check) or the first argument.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "doc.h"
#include "utf8.h"
#include "tap.h"
#include "doctest.h"

#define SAMPLE_000 "assets/articles/000_6e664869e5eb57da.txt"
#define SAMPLE_002 "assets/articles/002_2927fe6f3b4253d6.txt"

static const char *srcdir;

static char *
slurp_rel(const char *rel, size_t *len)
{
	char path[4096];

	snprintf(path, sizeof path, "%s/%s", srcdir, rel);
	return slurp(path, len);
}

static int
block_is(const struct doc *doc, size_t i, const char *want)
{
	size_t len;
	const char *s = doc_block_text(doc, i, &len);

	return len == strlen(want) && memcmp(s, want, len) == 0;
}

/*
 * A block has no white space (ASCII, NBSP or '\n') at either end, and is not empty; a '\n'
 * inside only in a paragraph (its source lines, for the layout to join or keep).
 */
static int
block_trimmed(const struct doc *doc, size_t i)
{
	size_t len;
	const unsigned char *s = (const unsigned char *)doc_block_text(doc, i, &len);

	if (len == 0 || (doc->blocks[i].kind != BLOCK_PARA && memchr(s, '\n', len) != NULL))
		return 0;
	if (s[0] == ' ' || s[len - 1] == ' ' || s[0] == '\n' || s[len - 1] == '\n')
		return 0;
	if (len >= 2 &&
	    ((s[0] == 0xC2 && s[1] == 0xA0) || (s[len - 2] == 0xC2 && s[len - 1] == 0xA0)))
		return 0;
	return 1;
}

static void
check_blocks_sane(const struct doc *doc, const char *what)
{
	size_t i, bad_trim = 0, bad_chars = 0, bad_range = 0;
	char msg[200];

	for (i = 0; i < doc->nblocks; i++) {
		const struct block *b = &doc->blocks[i];

		bad_trim += !block_trimmed(doc, i);
		bad_chars += b->chars != utf8_count(doc->text + b->off, b->len);
		bad_range += b->off + b->len > doc->text_len;
	}
	snprintf(msg, sizeof msg,
	         "%s: every block non-empty, trimmed, a newline only in a paragraph", what);
	tap_is_int(bad_trim, 0, msg);
	snprintf(msg, sizeof msg, "%s: block char counts are code point counts", what);
	tap_is_int(bad_chars, 0, msg);
	snprintf(msg, sizeof msg, "%s: blocks lie inside the text", what);
	tap_is_int(bad_range, 0, msg);
	snprintf(msg, sizeof msg, "%s: text is NUL-terminated and clean", what);
	tap_ok(doc->text[doc->text_len] == '\0' &&
	           utf8_clean_prefix(doc->text, doc->text_len, 0) == doc->text_len,
	       msg);
}

static void
test_sample_000(void)
{
	static const char *const headings[] = {
	    "شرطة أقرب للمواطن",      "هندسة التحول.. بتوقيع حموشي",
	    "حموشي والرسائل الدولية", "الحرب على الإرهاب..الريادة",
	    "كـفاءة بثقل دولي",
	};
	/* Source lines of the headings, 1-based. */
	static const size_t heading_lines[] = {13, 22, 30, 42, 53};
	size_t len, i, nhead = 0, order_ok = 0, follow = 0;
	char *buf = slurp_rel(SAMPLE_000, &len), *cause = NULL, *s;
	struct doc *doc;

	if (!tap_ok(buf != NULL, "sample 000 readable")) {
		printf("# srcdir %s\n", srcdir);
		return;
	}
	doc = doc_load_buffer("000.txt", buf, len, NULL, &cause);
	if (!tap_ok(doc != NULL, "sample 000 loads")) {
		printf("# cause: %s\n", cause ? cause : "(none)");
		free(cause);
		free(buf);
		return;
	}
	tap_is_str(doc->format, "text", "sample 000: format is text");
	tap_is_str(doc->title, "صناعة الأمن الجديد .. قرب أكثر من المواطن وريادة دولية",
	           "sample 000: title is the first line");
	tap_is_int(doc->blocks[0].kind, BLOCK_TITLE, "sample 000: block 0 is the title");
	tap_ok(block_is(doc, 0, doc->title), "sample 000: title block holds the title text");
	tap_is_str(doc->byline, "الصحراء المغربية · الخميس 31 يوليوز 2025 - 13:59",
	           "sample 000: byline joins its two lines");
	tap_ok(doc->blocks[1].kind == BLOCK_BYLINE && doc->blocks[2].kind == BLOCK_BYLINE &&
	           doc->blocks[3].kind == BLOCK_PARA,
	       "sample 000: blocks 1-2 are the byline, block 3 a paragraph");
	tap_ok(block_is(doc, 1, "الصحراء المغربية") &&
	           block_is(doc, 2, "الخميس 31 يوليوز 2025 - 13:59"),
	       "sample 000: byline blocks' text");
	/* 40 non-blank lines; the lines holding only NBSP (12 of them) make no block. */
	tap_is_int(doc->nblocks, 40, "sample 000: 40 blocks (blank and NBSP-only lines make none)");
	tap_is_int(doc->dir, DIR_RTL, "sample 000: document direction RTL");
	check_blocks_sane(doc, "sample 000");

	tap_is_int(doc->noutline, 6, "sample 000: outline is the title and 5 headings");
	tap_ok(doc->noutline > 0 && doc->outline[0].block == 0 && doc->outline[0].level == 1,
	       "sample 000: outline starts with the title");
	for (i = 1; i < doc->noutline && i <= 5; i++) {
		size_t b = doc->outline[i].block;

		order_ok += block_is(doc, b, headings[i - 1]) &&
		            doc->blocks[b].kind == BLOCK_HEADING && doc->outline[i].level == 2 &&
		            doc->blocks[b].line == heading_lines[i - 1];
		/* A heading is followed by the paragraph it heads. */
		follow += b + 1 < doc->nblocks && doc->blocks[b + 1].kind == BLOCK_PARA;
	}
	tap_is_int(order_ok, 5, "sample 000: the 5 headings, in order, with their source lines");
	tap_is_int(follow, 5, "sample 000: each heading is followed by a paragraph");
	for (i = 0; i < doc->nblocks; i++)
		nhead += doc->blocks[i].kind == BLOCK_HEADING;
	tap_is_int(nhead, 5, "sample 000: no other block is a heading");
	/* The entry each block is under, against a walk of the whole outline. */
	for (i = 0, order_ok = 0; i < doc->nblocks; i++) {
		long want = -1, want_h = -1, k;

		for (k = 0; k < (long)doc->noutline && doc->outline[k].block <= i; k++) {
			want = k;
			if (doc->blocks[doc->outline[k].block].kind == BLOCK_HEADING)
				want_h = k;
		}
		order_ok +=
		    doc_outline_at(doc, i, 0) == want && doc_outline_at(doc, i, 1) == want_h;
	}
	tap_is_int(order_ok, doc->nblocks, "sample 000: doc_outline_at for each block");
	tap_is_int(doc_outline_at(doc, 0, 1), -1, "sample 000: the title is under no heading");
	s = block_str(doc, doc->nblocks - 1);
	tap_is_str(s, "تابعونا على فيسبوك", "sample 000: last block is the last line");
	free(s);
	tap_is_int(doc->blocks[doc->nblocks - 1].kind, BLOCK_PARA,
	           "sample 000: last line (nothing after it) is not a heading");
	/* Line 23 starts with an NBSP, which is trimmed. */
	s = block_str(doc, doc->outline[2].block + 1);
	tap_ok(strncmp(s, "إن الحديث عن مليونين و400 ألف زائر",
	               strlen("إن الحديث عن مليونين و400 ألف زائر")) == 0,
	       "sample 000: leading NBSP of a paragraph trimmed");
	free(s);
	doc_free(&doc);
	tap_ok(doc == NULL, "doc_free clears the pointer");
	free(buf);
}

static void
test_sample_002(void)
{
	size_t len, i, nhead = 0, sparkle = 0;
	char *buf = slurp_rel(SAMPLE_002, &len), *cause = NULL;
	struct doc *doc;

	if (!tap_ok(buf != NULL, "sample 002 readable"))
		return;
	doc = doc_load_buffer("002.txt", buf, len, NULL, &cause);
	if (!tap_ok(doc != NULL, "sample 002 loads")) {
		free(cause);
		free(buf);
		return;
	}
	tap_is_int(doc->nblocks, 16, "sample 002: one block per line, 16");
	tap_is_int(doc->dir, DIR_RTL, "sample 002: document direction RTL");
	/* The first line is 900 characters: a paragraph, not a title. */
	tap_is_int(doc->blocks[0].kind, BLOCK_PARA,
	           "sample 002: a 900-char first line is no title");
	tap_is_str(doc->title, "002.txt", "sample 002: title falls back to the name");
	tap_ok(doc->byline == NULL, "sample 002: no byline");
	for (i = 0; i < doc->nblocks; i++) {
		size_t blen;
		const char *s = doc_block_text(doc, i, &blen);
		int is_sparkle = blen >= 3 && memcmp(s, "\xE2\x9C\xA8", 3) == 0;

		nhead += doc->blocks[i].kind == BLOCK_HEADING;
		sparkle += is_sparkle && doc->blocks[i].kind == BLOCK_HEADING;
	}
	tap_is_int(nhead, 4, "sample 002: 4 headings");
	tap_is_int(sparkle, 4, "sample 002: the 4 headings are the sparkle lines");
	tap_is_int(doc->noutline, 4, "sample 002: outline has the 4 headings");
	tap_ok(doc->noutline == 4 && doc->outline[0].block == 2 && doc->outline[1].block == 4 &&
	           doc->outline[2].block == 10 && doc->outline[3].block == 13,
	       "sample 002: outline blocks 2, 4, 10, 13");
	tap_ok(doc->blocks[2].line == 3 && doc->blocks[13].line == 14,
	       "sample 002: heading source lines 3 and 14");
	check_blocks_sane(doc, "sample 002");
	doc_free(&doc);
	free(buf);
}

/* Three paragraphs hard-wrapped at about 72 columns: their lines, NULL between paragraphs. */
static const char *const wrapped_lines[] = {
    "The quick brown fox jumps over the lazy dog while the five boxing wizards",
    "jump quickly and a wizard's job is to vex chumps quickly in fog; bright",
    "vixens jump, dozy fowl quack, and the sphinx of black quartz judges my vow.",
    NULL,
    "Pack my box with five dozen liquor jugs. How vexingly quick daft zebras",
    "jump! Waltz, bad nymph, for quick jigs vex. Glib jocks quiz nymph to vex",
    "dwarf. Sphinx of black quartz, judge my vow, said the judge to the fox.",
    NULL,
    "Jackdaws love my big sphinx of quartz, and the quick onyx goblin jumps",
    "over the lazy dwarf; a mad boxer shot a quick, gloved jab to the jaw of",
    "his dizzy opponent, who fell over and did not get up again that night.",
};

static void
test_hard_wrapped(void)
{
	char text[2048] = "", want[3][1024] = {"", "", ""}, *cause = NULL;
	size_t i, k = 0, npara = 0, n = sizeof wrapped_lines / sizeof wrapped_lines[0];
	struct doc *doc;

	for (i = 0; i < n; i++) {
		if (wrapped_lines[i] == NULL) {
			strcat(text, "\n");
			k++;
			continue;
		}
		strcat(text, wrapped_lines[i]);
		strcat(text, "\n");
		if (want[k][0] != '\0')
			strcat(want[k], "\n");
		strcat(want[k], wrapped_lines[i]);
	}
	doc = doc_load_buffer("wrapped.txt", text, strlen(text), NULL, &cause);
	if (!tap_ok(doc != NULL, "hard-wrapped text loads")) {
		free(cause);
		return;
	}
	tap_is_int(doc->nblocks, 3, "hard-wrapped: 3 blocks for 3 paragraphs");
	for (i = 0; i < doc->nblocks; i++)
		npara += doc->blocks[i].kind == BLOCK_PARA;
	tap_is_int(npara, 3, "hard-wrapped: all 3 are paragraphs (no title, no heading)");
	tap_is_int(doc->dir, DIR_LTR, "hard-wrapped English: direction LTR");
	check_blocks_sane(doc, "hard-wrapped");
	for (i = 0; i < 3 && i < doc->nblocks; i++) {
		char *s = block_str(doc, i), msg[64];

		snprintf(msg, sizeof msg, "hard-wrapped: paragraph %zu of its lines, newlines kept",
		         i + 1);
		tap_is_str(s, want[i], msg);
		free(s);
	}
	tap_ok(doc->nblocks == 3 && doc->blocks[0].line == 1 && doc->blocks[1].line == 5 &&
	           doc->blocks[2].line == 9,
	       "hard-wrapped: blocks start at source lines 1, 5, 9");
	doc_free(&doc);
}

static void
test_crlf(void)
{
	const char text[] = "Short title\r\n\r\nA first paragraph, longer than the title line.\r\n"
	                    "\r\nA second paragraph that ends the file, also long enough.\r\n";
	char *cause = NULL;
	struct doc *doc = doc_load_buffer("crlf.txt", text, strlen(text), NULL, &cause);

	if (!tap_ok(doc != NULL, "CRLF text loads")) {
		free(cause);
		return;
	}
	tap_ok(memchr(doc->text, '\r', doc->text_len) == NULL, "CRLF: no CR byte left");
	tap_ok(strstr(doc->text, "\xE2\x90\x8D") == NULL,
	       "CRLF: no U+240D (CRLF is not a lone CR)");
	tap_is_int(doc->nblocks, 3, "CRLF: title and two paragraphs");
	tap_is_str(doc->title, "Short title", "CRLF: title without CR");
	tap_ok(doc->nblocks == 3 &&
	           block_is(doc, 2, "A second paragraph that ends the file, also long enough."),
	       "CRLF: last paragraph text exact");
	check_blocks_sane(doc, "CRLF");
	doc_free(&doc);
}

static void
test_escapes(void)
{
	const char text[] = "Title line\n\nSome text \x1b[2J\x1b[H that clears the screen, and "
	                    "\x1b]0;pwned title\x07 an OSC title, \x1b[31mred\x1b[0m, \xC2\x9B"
	                    "1m C1 CSI.\n";
	char *cause = NULL;
	struct doc *doc = doc_load_buffer("esc.txt", text, strlen(text), NULL, &cause);
	size_t i, bad = 0;

	if (!tap_ok(doc != NULL, "text with escape sequences loads")) {
		free(cause);
		return;
	}
	tap_ok(memchr(doc->text, 0x1B, doc->text_len) == NULL, "escapes: no ESC byte in the text");
	tap_ok(memchr(doc->text, 0x07, doc->text_len) == NULL, "escapes: no BEL byte in the text");
	for (i = 0; i < doc->text_len; i++)
		bad += (unsigned char)doc->text[i] < 0x20 && doc->text[i] != '\n';
	tap_is_int(bad, 0, "escapes: no C0 control but newline");
	tap_ok(strstr(doc->text, "\xE2\x90\x9B[2J") != NULL,
	       "escapes: ESC [ 2 J shows as U+241B [2J");
	tap_ok(strstr(doc->text, "\xE2\x90\x9B]0;pwned title\xE2\x90\x87") != NULL,
	       "escapes: OSC title shows with U+241B and U+2407");
	tap_ok(strstr(doc->text, "\xEF\xBF\xBD"
	                         "1m") != NULL,
	       "escapes: C1 CSI shows as U+FFFD");
	tap_ok(strstr(doc->text, "\xC2\x9B") == NULL, "escapes: no C1 CSI left");
	tap_is_int(doc->nblocks, 2, "escapes: title and one paragraph");
	check_blocks_sane(doc, "escapes");
	doc_free(&doc);
}

static void
test_binary(void)
{
	char buf[4096], *cause = NULL;
	struct doc *doc;
	size_t i;

	for (i = 0; i < sizeof buf; i++)
		buf[i] = i % 3 == 0 ? '\0' : (char)('A' + i % 26);
	doc = doc_load_buffer("blob.bin", buf, sizeof buf, NULL, &cause);
	tap_ok(doc == NULL, "binary (a third NUL bytes) is refused");
	tap_ok(cause != NULL && strstr(cause, "binary") != NULL &&
	           strstr(cause, "blob.bin") != NULL,
	       "binary: the cause names the file and says binary");
	if (cause != NULL)
		printf("# cause: %s\n", cause);
	free(cause);
	doc_free(&doc);

	/* A stray NUL in a text (under 1% of the bytes) is shown, not fatal. */
	cause = NULL;
	memset(buf, 'x', 300);
	memcpy(buf, "Title\n\n", 7);
	buf[100] = '\0';
	buf[299] = '\n';
	doc = doc_load_buffer("one-nul.txt", buf, 300, NULL, &cause);
	tap_ok(doc != NULL && strstr(doc->text, "\xE2\x90\x80") != NULL,
	       "one NUL in a text: loaded, shown as U+2400");
	free(cause);
	doc_free(&doc);
}

static void
test_load_errors(void)
{
	char *cause = NULL, dir[] = "/tmp/qari-test-doc-XXXXXX", path[4200];
	struct doc *doc;
	FILE *f;

	doc = doc_load("/nonexistent/qari/missing-file.txt", NULL, &cause);
	tap_ok(doc == NULL, "doc_load of a missing file is NULL");
	tap_ok(cause != NULL && strstr(cause, "/nonexistent/qari/missing-file.txt") != NULL,
	       "missing file: cause names the path");
	tap_ok(cause != NULL && strchr(cause, '\n') == NULL, "missing file: cause is one line");
	free(cause);
	cause = NULL;

	if (mkdtemp(dir) == NULL) {
		tap_ok(0, "mkdtemp");
		return;
	}
	doc = doc_load(dir, NULL, &cause);
	tap_ok(doc == NULL, "doc_load of a directory is NULL");
	tap_ok(cause != NULL && strstr(cause, dir) != NULL && strstr(cause, "directory") != NULL,
	       "directory: cause names the path and says directory");
	free(cause);
	cause = NULL;

	doc = doc_load(dir, "nosuchformat", &cause);
	tap_ok(doc == NULL, "a directory is refused whatever the format");
	free(cause);
	cause = NULL;

	/* A real file through doc_load, with the format named. */
	snprintf(path, sizeof path, "%s/a.txt", dir);
	f = fopen(path, "w");
	fputs("Title\n\nA paragraph of text that is longer than the title.\n", f);
	fclose(f);
	doc = doc_load(path, "text", &cause);
	if (doc != NULL && doc_load_all(doc, &cause) != 0)
		doc_free(&doc);
	tap_ok(doc != NULL && doc->nblocks == 2 && strcmp(doc->name, "a.txt") == 0 &&
	           strcmp(doc->path, path) == 0,
	       "doc_load of a file: blocks, name is the base name, path as given");
	doc_free(&doc);
	free(cause);
	cause = NULL;
	doc = doc_load(path, "nosuchformat", &cause);
	tap_ok(doc == NULL && cause != NULL && strstr(cause, "nosuchformat") != NULL,
	       "unknown format: NULL with a cause naming it");
	free(cause);
	unlink(path);
	rmdir(dir);
}

static void
test_edge_cases(void)
{
	char *cause = NULL;
	struct doc *doc;

	doc = doc_load_buffer("empty.txt", "", 0, NULL, &cause);
	tap_ok(doc != NULL && doc->nblocks == 0 && doc->title != NULL,
	       "empty input: a document with no block and a title");
	doc_free(&doc);
	free(cause);
	cause = NULL;
	doc = doc_load_buffer("nbsp.txt", "\xC2\xA0\n \n\xC2\xA0 \xC2\xA0\n\n", 12, NULL, &cause);
	tap_ok(doc != NULL && doc->nblocks == 0, "only blanks and NBSPs: no block");
	doc_free(&doc);
	free(cause);
	cause = NULL;
	doc = doc_load_buffer("bom.txt", "\xEF\xBB\xBFTitle\n\nBody text that is long.\n", 32, NULL,
	                      &cause);
	tap_ok(doc != NULL && strcmp(doc->title, "Title") == 0, "BOM: dropped from the title");
	doc_free(&doc);
	free(cause);
}

/* The text of a range, as copying and bookmarks take it: blocks joined by one '\n'. */
static void
test_text_range(void)
{
	static const char text[] = "أول فقرة\n\nSecond one\n\nثالثة";
	char *cause = NULL, *got;
	struct doc *doc = doc_load_buffer("range.txt", text, strlen(text), "text", &cause);
	size_t n;

	if (!tap_ok(doc != NULL && doc->nblocks == 3, "a 3-paragraph text loads")) {
		free(cause);
		doc_free(&doc);
		return;
	}
	got = doc_text_range(doc, 0, 4, 4, &n);
	tap_ok(strcmp(got, "فقرة") == 0 && n == strlen("فقرة"), "a range inside one block");
	free(got);
	got = doc_text_range(doc, 0, 4, 4 + 1 + 6, &n);
	tap_is_str(got, "فقرة\nSecond", "a range across blocks: joined by one newline");
	free(got);
	got = doc_text_range(doc, 2, 0, 1000, &n);
	tap_is_str(got, "ثالثة", "a range past the end stops at the end");
	free(got);
	got = doc_text_range(doc, 1, 99, 3, &n);
	tap_is_str(got, "\nثا", "a char past its block's end is its end");
	free(got);
	got = doc_text_range(doc, 7, 0, 3, &n);
	tap_ok(got[0] == '\0' && n == 0, "a block past the last: nothing");
	free(got);
	doc_free(&doc);
}

int
main(int argc, char **argv)
{
	(void)tap_skip_all;
	srcdir = argc > 1 ? argv[1] : getenv("TOP_SRCDIR");
	if (srcdir == NULL)
#ifdef QARI_SRCDIR
		srcdir = QARI_SRCDIR;
#else
		srcdir = ".";
#endif
	test_sample_000();
	test_sample_002();
	test_hard_wrapped();
	test_crlf();
	test_escapes();
	test_binary();
	test_load_errors();
	test_edge_cases();
	test_text_range();
	return tap_done();
}
