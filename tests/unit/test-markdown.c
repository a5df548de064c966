/*
 * doc-markdown*.c: what the Markdown loader makes of tests/data/article.md (front matter,
 * headings and outline, lists and their markers, quotes, code, tables, spans and links,
 * entities, dir attributes in raw HTML, hard breaks), of small buffers (TOML front matter, a
 * rule that is no front matter, sniffing without an extension, bad bytes), and of the shared
 * corpus's right-to-left articles when the corpus is there: their outline must be the headings
 * the files have, in order, with their levels.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "doc.h"
#include "utf8.h"
#include "tap.h"
#include "doctest.h"

static const char *srcdir;

/* A cell that makes its table wider than a screen. */
#define LONG_CELL                                                                                  \
	"a cell far too long to share a line of eighty columns with its neighbours, whatever they"

static void
skip(const char *what, const char *why)
{
	printf("ok %d - %s # SKIP %s\n", ++tap_n, what, why);
}

/* The first block whose text starts with prefix, or nblocks. */
static size_t
find_block(const struct doc *doc, const char *prefix)
{
	size_t i, len;
	const char *s;

	for (i = 0; i < doc->nblocks; i++) {
		s = doc_block_text(doc, i, &len);
		if (len >= strlen(prefix) && memcmp(s, prefix, strlen(prefix)) == 0)
			return i;
	}
	return doc->nblocks;
}

/* The text of span j of block b, or "" when there is none. */
static char *
span_text(const struct doc *doc, size_t b, size_t j, int *style)
{
	size_t n, len, from, to;
	const struct span *sp = doc_block_spans(doc, b, &n);
	const char *s;

	*style = 0;
	if (j >= n)
		return strdup("");
	s = doc_block_text(doc, b, &len);
	from = utf8_offset(s, len, sp[j].start);
	to = utf8_offset(s, len, sp[j].end);
	*style = sp[j].style;
	return strndup(s + from, to - from);
}

static void
is_span(const struct doc *doc, size_t b, size_t j, int style, const char *text, const char *what)
{
	int got;
	char *s = span_text(doc, b, j, &got);

	if (!tap_ok(got == style && strcmp(s, text) == 0, what))
		printf("# span %zu of block %zu: style %d \"%s\", want %d \"%s\"\n", j, b, got, s,
		       style, text);
	free(s);
}

static void
test_article(void)
{
	char path[4096], *cause = NULL;
	struct doc *doc;
	size_t b, n;
	const struct span *sp;

	snprintf(path, sizeof path, "%s/tests/data/article.md", srcdir);
	doc = doc_load(path, NULL, &cause);
	if (!tap_ok(doc != NULL, "article.md loads")) {
		printf("# %s\n", cause ? cause : "");
		return;
	}
	tap_is_str(doc->format, "markdown", "article.md: the .md extension picks Markdown");
	check_sane(doc, "article.md");

	/* Front matter: the title and byline, and no text of its own. */
	tap_is_str(doc->title, "دليل المساهمة", "front matter: the title");
	tap_is_str(doc->byline, "سارة · 2024-03-05", "front matter: author · date (the day only)");
	tap_is_int(doc->dir, DIR_RTL, "front matter: lang: ar makes the document RTL");
	is_block(doc, 0, BLOCK_TITLE, 1, "دليل المساهمة", "block 0 is the title");
	is_block(doc, 1, BLOCK_BYLINE, 0, "سارة · 2024-03-05", "block 1 is the byline");
	tap_ok(strstr(doc->text, "title:") == NULL && strstr(doc->text, "guide") == NULL &&
	           strstr(doc->text, "---") == NULL,
	       "front matter: none of its lines is text");
	tap_is_int(doc->blocks[0].line, 2, "the title's source line is its key's");

	/* Headings: the h1 that repeats the title is not shown twice; {#id} goes. */
	is_block(doc, 2, BLOCK_HEADING, 2, "لماذا نساهم؟",
	         "the h1 repeating the title is dropped; the h2 follows, its {#why} gone");
	tap_is_int(doc->blocks[2].line, 12, "the h2's source line");
	tap_is_int(doc->noutline, 4, "outline: title, h2, h3, h2");
	tap_ok(doc->noutline == 4 && doc->outline[0].block == 0 && doc->outline[0].level == 1 &&
	           doc->outline[1].block == 2 && doc->outline[1].level == 2 &&
	           doc->blocks[doc->outline[2].block].level == 3 && doc->outline[3].level == 2,
	       "outline: blocks and levels in order");

	/* Spans: bold, italic, strike, link (its URL with &amp; decoded), code. */
	b = 3;
	is_block(doc, b, BLOCK_PARA, 0, "نص عريض ومائل ومشطوب مع رابط و\u2068git log\u2069 هنا.",
	         "a paragraph: markup gone, code isolated (FSI ... PDI)");
	is_span(doc, b, 0, SPAN_BOLD, "عريض", "**bold** is a bold span");
	is_span(doc, b, 1, SPAN_ITALIC, "مائل", "*italic* is an italic span");
	is_span(doc, b, 2, SPAN_STRIKE, "مشطوب", "~~strike~~ is a strike span");
	is_span(doc, b, 3, SPAN_LINK, "رابط", "a link's text is a link span");
	is_span(doc, b, 4, SPAN_CODE, "git log", "`code` is a code span");
	sp = doc_block_spans(doc, b, &n);
	tap_ok(n == 5 && sp[3].link < doc->nlinks &&
	           strcmp(doc->links[sp[3].link], "https://example.com/a?b=1&c=2") == 0,
	       "the link's URL, entities decoded, is in doc->links");

	/* Lists: the marker is the item's first characters; tight items are joined. */
	is_block(doc, 4, BLOCK_ITEM, 1, "1. البند الأول", "an ordered item starts with \"1. \"");
	is_block(doc, 5, BLOCK_ITEM, 1, "2. البند الثاني", "the next one with \"2. \"");
	tap_ok(!(doc->blocks[4].flags & BLOCK_JOINED) && (doc->blocks[5].flags & BLOCK_JOINED),
	       "a tight list: items after the first are joined to the one before");
	is_block(doc, 6, BLOCK_ITEM, 1, "• نقطة", "a bullet item");
	is_block(doc, 7, BLOCK_ITEM, 2, "◦ نقطة فرعية", "a nested item: level 2, its own bullet");
	is_block(doc, 8, BLOCK_ITEM, 1, "• ☑ مهمة منجزة", "a done task: a checked box");
	is_block(doc, 9, BLOCK_ITEM, 1, "• ☐ مهمة باقية", "an open task: an empty box");

	/* Quotes. */
	is_block(doc, 10, BLOCK_QUOTE, 1, "اقتباس", "a block quote: level 1");
	is_block(doc, 11, BLOCK_QUOTE, 2, "اقتباس متداخل", "a nested quote: level 2");

	/* Code: verbatim, tabs to stops of 8 from the line's start, newlines kept. */
	b = find_block(doc, "int\n");
	is_block(doc, b, BLOCK_CODE, 0, "int\nmain(void)\n{\n        return 0;       /* tab */\n}",
	         "a fenced code block: verbatim, tabs expanded, no fence");

	/*
	 * A table: a row per block, cells split by " │ ", one direction for all rows, each cell
	 * isolated (FSI ... PDI) so that a Latin row keeps the columns in the table's order.
	 */
	b = find_block(doc, "\u2068الاسم");
	is_block(doc, b, BLOCK_PARA, 0, "\u2068الاسم\u2069 │ \u2068العمر\u2069", "the header row");
	is_span(doc, b, 0, SPAN_BOLD, "الاسم", "header cells are bold");
	is_block(doc, b + 2, BLOCK_PARA, 0, "\u2068Sara\u2069 │ \u206825\u2069",
	         "a row with Latin text");
	tap_ok(b + 2 < doc->nblocks && doc->blocks[b].dir == DIR_RTL &&
	           doc->blocks[b + 1].dir == DIR_RTL && doc->blocks[b + 2].dir == DIR_RTL,
	       "every row takes the table's direction (the first strong one: RTL)");
	tap_ok(b + 2 < doc->nblocks && !(doc->blocks[b].flags & BLOCK_JOINED) &&
	           (doc->blocks[b + 1].flags & BLOCK_JOINED) &&
	           (doc->blocks[b + 2].flags & BLOCK_JOINED),
	       "rows after the first are joined");

	/* Entities. */
	b = find_block(doc, "C#");
	is_block(doc, b, BLOCK_PARA, 0, "C#\u200E و C++\u200E & \u200Fنص\u00A0آخر Aل &unknown;",
	         "entities decode (&lrm; &rlm; &amp; &nbsp; &#x41; &#1604;), unknown ones stay");
	tap_ok(strstr(doc->text, "&lrm;") == NULL && strstr(doc->text, "&rlm;") == NULL,
	       "no &lrm; or &rlm; left as text");

	/* Raw HTML: dir on an inline span isolates; dir on a div sets its blocks'. */
	b = find_block(doc, "هل تحب");
	is_block(doc, b, BLOCK_PARA, 0, "هل تحب تنظيم الأحداث \u2067(events)\u2069؟",
	         "<span dir=\"rtl\"> is an RLI ... PDI isolate");
	b = find_block(doc, "Steps");
	is_block(doc, b, BLOCK_HEADING, 2, "Steps", "a heading inside <div dir=\"ltr\">");
	tap_ok(b + 2 < doc->nblocks && doc->blocks[b].dir == DIR_LTR &&
	           doc->blocks[b + 1].dir == DIR_LTR && doc->blocks[b + 2].dir == DIR_LTR,
	       "the div's blocks are LTR");
	is_block(doc, b + 1, BLOCK_ITEM, 1, "1. First step", "an LTR item starts with \"1. \"");
	tap_is_int(doc->blocks[b + 3].dir, DIR_AUTO, "after </div>, blocks are back to auto");

	/* A block of raw HTML with text: the walker's blocks; an aside is the author's quote. */
	is_block(doc, b + 3, BLOCK_QUOTE, 1, "\u2068[avatar]\u2069 اقتباس جانبي",
	         "<aside> in Markdown is a quote; its <img> is its alt text in brackets");
	tap_is_int(doc->blocks[b + 3].line, 58, "its source line");
	is_block(doc, b + 4, BLOCK_QUOTE, 1, "— @someone",
	         "a [text](url) link inside markdown=\"1\" HTML is a link");
	is_span(doc, b + 4, 0, SPAN_LINK, "@someone", "... with a link span");
	is_span(doc, b + 3, 0, SPAN_LINK, "[avatar]", "... a link to the image");

	/* A hard break: two blocks, the second joined; a rule; the last paragraph. */
	b = find_block(doc, "بيت أول");
	is_block(doc, b, BLOCK_PARA, 0, "بيت أول", "a hard break ends a line...");
	is_block(doc, b + 1, BLOCK_PARA, 0, "بيت ثان", "... and the next is a block");
	tap_ok(b + 1 < doc->nblocks && (doc->blocks[b + 1].flags & BLOCK_JOINED),
	       "... joined to the line before");
	tap_ok(b + 2 < doc->nblocks && doc->blocks[b + 2].kind == BLOCK_RULE, "*** is a rule");
	is_block(doc, doc->nblocks - 1, BLOCK_PARA, 0, "آخر فقرة.", "the last block");
	tap_is_int(doc->blocks[doc->nblocks - 1].line, 67, "the last block's source line");
	doc_free(&doc);
}

static void
test_buffers(void)
{
	struct doc *doc;

	doc =
	    load("x.md", "+++\ntitle = \"عنوان\"\nversion = \"2.1\"\n+++\n\n# رأس\n\nنص.\n", NULL);
	tap_ok(doc != NULL && strcmp(doc->title, "عنوان") == 0 && doc->nblocks == 3 &&
	           doc->blocks[0].kind == BLOCK_TITLE && doc->blocks[1].kind == BLOCK_HEADING &&
	           strstr(doc->text, "version") == NULL,
	       "TOML front matter: its title, none of its text; a different h1 stays");
	doc_free(&doc);

	doc = load("x.md", "---\n\nJust a rule, then text.\n", NULL);
	tap_ok(doc != NULL && doc->nblocks == 2 && doc->blocks[0].kind == BLOCK_RULE,
	       "a rule that opens the text is no front matter");
	doc_free(&doc);

	doc = load("x.md", "# One\n\nText\n", NULL);
	tap_ok(doc != NULL && strcmp(doc->title, "One") == 0,
	       "without front matter the h1 is the title");
	doc_free(&doc);

	doc = load("-", "---\ntitle: x\n---\n\ntext\n", NULL);
	tap_ok(doc != NULL && strcmp(doc->format, "markdown") == 0,
	       "standard input with front matter: sniffed as Markdown");
	doc_free(&doc);
	doc = load("-", "# Title\n\nSome *text* and a [link](http://x).\n\n- item\n", NULL);
	tap_ok(doc != NULL && strcmp(doc->format, "markdown") == 0,
	       "standard input with headings, lists, links: Markdown");
	doc_free(&doc);
	doc =
	    load("-", "A title\n\nA paragraph of plain text, - with dashes - and # signs.\n", NULL);
	tap_ok(doc != NULL && strcmp(doc->format, "text") == 0, "plain text stays text");
	doc_free(&doc);
	doc = load("notes.txt", "# Title\n\n## Part\n\n- item\n", NULL);
	tap_ok(doc != NULL && strcmp(doc->format, "text") == 0,
	       "a .txt file is text whatever it holds");
	doc_free(&doc);
	doc = load("notes.txt", "# Title\n\n## Part\n", "markdown");
	tap_ok(doc != NULL && strcmp(doc->format, "markdown") == 0 && doc->noutline == 2,
	       "--format markdown reads a .txt file as Markdown");
	doc_free(&doc);

	doc = load("x.md", "a\x1b[2Jb \xff\xfe c\r\nd\x07\n\n```\n\x1b]0;t\x07\tx\n```\n", NULL);
	tap_ok(doc != NULL && doc->nblocks == 2 && strchr(doc->text, '\x1b') == NULL &&
	           strchr(doc->text, '\x07') == NULL && strchr(doc->text, '\r') == NULL &&
	           utf8_clean_prefix(doc->text, doc->text_len, 0) == doc->text_len,
	       "escapes, bad bytes, CR: shown as pictures, never as controls, also in code");
	doc_free(&doc);

	/* Tables line up: each cell padded after it to its column's width, spans moved along. */
	doc = load("x.md",
	           "| a | **bb** |\n|---|---|\n| *xxx* | [y](u) |\n| لا | w |\n\n"
	           "| wide | " LONG_CELL " |\n|---|---|\n| a | b |\n",
	           NULL);
	is_block(doc, 0, BLOCK_PARA, 0, "\u2068a\u2069   │ \u2068bb\u2069",
	         "a table's cells are padded to the column's width");
	is_span(doc, 0, 1, SPAN_BOLD, "bb", "... the spans of a later cell move with it");
	is_block(doc, 1, BLOCK_PARA, 0, "\u2068xxx\u2069 │ \u2068y\u2069", "... the widest not");
	is_span(doc, 1, 0, SPAN_ITALIC, "xxx", "... the spans of the first cell stay");
	is_span(doc, 1, 1, SPAN_LINK, "y", "... a link after the padding");
	is_block(doc, 2, BLOCK_PARA, 0, "\u2068لا\u2069   │ \u2068w\u2069",
	         "... lam-alef counts as the one cell it is drawn in");
	is_block(doc, 3, BLOCK_PARA, 0, "\u2068wide\u2069 │ \u2068" LONG_CELL "\u2069",
	         "a table wider than a screen is left unpadded");
	is_block(doc, 4, BLOCK_PARA, 0, "\u2068a\u2069 │ \u2068b\u2069", "... every row of it");
	check_sane(doc, "aligned tables");
	doc_free(&doc);

	/* "--:" pads before the cell (the end of the row), ":-:" on both sides; RTL mirrors. */
	doc = load("x.md",
	           "| n | qty | c |\n|:--|--:|:-:|\n| apple | 3 | x |\n\n"
	           "| اسم | عدد |\n|---|--:|\n| ب | ١٢٣٤ |\n",
	           NULL);
	is_block(doc, 0, BLOCK_PARA, 0, "\u2068n\u2069     │ \u2068qty\u2069 │ \u2068c\u2069",
	         "a header row: qty fills its column, c too");
	is_block(doc, 1, BLOCK_PARA, 0, "\u2068apple\u2069 │   \u20683\u2069 │ \u2068x\u2069",
	         "--: pads before the cell: its text at the column's end");
	is_block(doc, 3, BLOCK_PARA, 0, "\u2068ب\u2069   │ \u2068١٢٣٤\u2069",
	         "... in an RTL table the end is the left: the same padding, mirrored on screen");
	is_block(doc, 2, BLOCK_PARA, 0, "\u2068اسم\u2069 │  \u2068عدد\u2069",
	         "... and a narrower cell at the end is padded before");
	check_sane(doc, "aligned columns");
	doc_free(&doc);
	doc = load("x.md", "| wide | b |\n|:----:|---|\n| a | b |\n", NULL);
	is_block(doc, 1, BLOCK_PARA, 0, "\u00A0\u2068a\u2069   │ \u2068b\u2069",
	         ":-: centres: half the room before (no-break spaces, a block is trimmed)");
	doc_free(&doc);

	/* Images: the description in brackets, isolated, a link to the source. */
	doc = load("x.md",
	           "قبل ![شعار المشروع](logo.png) بعد ![](x.png)\n\n"
	           "[![Build *ok*](b.svg) ![a ![b](c)](d)](https://ci)\n",
	           NULL);
	is_block(doc, 0, BLOCK_PARA, 0, "قبل \u2068[شعار المشروع]\u2069 بعد \u2068[image]\u2069",
	         "an image is its description in brackets, [image] without one");
	is_span(doc, 0, 0, SPAN_LINK, "[شعار المشروع]", "... a link span");
	tap_ok(doc != NULL && doc->nlinks > 0 && strcmp(doc->links[0], "logo.png") == 0,
	       "... to the image's source");
	is_block(doc, 1, BLOCK_PARA, 0, "\u2068[Build ok]\u2069 \u2068[a b]\u2069",
	         "an image in a link shows; its alt text keeps its words, not its markup");
	doc_free(&doc);

	doc = load("x.md", "- \n- b\n\n1. <br>\n", NULL);
	tap_ok(doc != NULL && doc->nblocks == 3, "empty items still show their markers");
	doc_free(&doc);

	doc = load("x.md", "| a | b |\n|---|---|\n| | x |\n", NULL);
	tap_ok(doc != NULL && doc->nblocks == 2, "a table with an empty cell");
	doc_free(&doc);
}

/*
 * The headings of a Markdown file as a reader sees them: "#" lines outside fences, their
 * inline HTML and {#id} taken off. Returns how many, in lines[] and levels[].
 */
static size_t
file_headings(const char *buf, char **lines, int *levels, size_t max)
{
	const char *p = buf, *eol;
	size_t n = 0, k, i, o;
	int fence = 0, tag;
	char *s;

	for (; *p != '\0' && n < max; p = *eol ? eol + 1 : eol) {
		eol = strchr(p, '\n');
		eol = eol ? eol : p + strlen(p);
		if (strncmp(p, "```", 3) == 0)
			fence = !fence;
		for (k = 0; p + k < eol && p[k] == '#'; k++)
			;
		if (fence || k == 0 || k > 6 || p[k] != ' ')
			continue;
		s = strndup(p + k + 1, eol - p - k - 1);
		for (i = o = 0, tag = 0; s[i] != '\0'; i++) {
			tag = s[i] == '<' ? 1 : tag;
			if (!tag)
				s[o++] = s[i];
			tag = s[i] == '>' ? 0 : tag;
		}
		s[o] = '\0';
		if (strstr(s, " {#") != NULL)
			*strstr(s, " {#") = '\0';
		while (o > 0 && (s[o - 1] == ' ' || s[o - 1] == '\r'))
			s[--o] = '\0';
		lines[n] = s;
		levels[n++] = k;
	}
	return n;
}

/* Block b's text without bidi controls (the isolates the loader puts around dir runs). */
static char *
plain(const struct doc *doc, size_t b)
{
	char *s = block_str(doc, b), *o = s, *i = s;
	uint32_t cp;
	size_t n;

	while (*i != '\0') {
		n = utf8_decode((const unsigned char *)i, strlen(i), &cp);
		if (!(cp >= 0x2066 && cp <= 0x2069) && !(cp >= 0x202A && cp <= 0x202E)) {
			memmove(o, i, n);
			o += n;
		}
		i += n;
	}
	*o = '\0';
	return s;
}

static void
test_corpus_outline(const char *dir, const char *name, const char *title)
{
	char path[8192], *buf, *cause = NULL, *lines[128], *got, msg[512];
	int levels[128];
	size_t len, n, i, j, bad = 0;
	struct doc *doc;

	snprintf(path, sizeof path, "%s/corpus/articles/%s", dir, name);
	snprintf(msg, sizeof msg, "corpus %s: the outline is the file's headings", name);
	if ((buf = slurp(path, &len)) == NULL) {
		skip(msg, "not in the corpus");
		return;
	}
	n = file_headings(buf, lines, levels, 128);
	doc = doc_load(path, NULL, &cause);
	if (doc == NULL) {
		tap_ok(0, msg);
		printf("# %s\n", cause);
		free(buf);
		return;
	}
	/* A front matter title comes first, as the title block. */
	i = 0;
	if (title != NULL) {
		got = doc->noutline > 0 ? plain(doc, doc->outline[0].block) : strdup("");
		snprintf(msg, sizeof msg,
		         "corpus %s: the outline opens with the front matter title", name);
		tap_is_str(got, title, msg);
		free(got);
		i = 1;
	}
	snprintf(msg, sizeof msg, "corpus %s: %zu headings in the outline, as in the file", name,
	         n);
	tap_is_int(doc->noutline - i, n, msg);
	for (j = 0; j < n && i + j < doc->noutline; j++) {
		got = plain(doc, doc->outline[i + j].block);
		if (strcmp(got, lines[j]) != 0 || doc->outline[i + j].level != levels[j] ||
		    doc->blocks[doc->outline[i + j].block].kind != BLOCK_HEADING) {
			if (bad++ < 3)
				printf("# heading %zu: \"%s\" level %d, want \"%s\" level %d\n", j,
				       got, doc->outline[i + j].level, lines[j], levels[j]);
		}
		free(got);
	}
	snprintf(msg, sizeof msg, "corpus %s: each heading's text and level, in order", name);
	tap_ok(bad == 0 && n > 0, msg);
	for (j = 0; j < n; j++)
		free(lines[j]);
	doc_free(&doc);
	free(buf);
}

/* Occurrences of the UTF-8 of cp in s. */
static size_t
count_cp(const char *s, uint32_t cp)
{
	char enc[5] = {0};
	size_t n = 0;

	utf8_encode(cp, enc);
	for (; (s = strstr(s, enc)) != NULL; s++)
		n++;
	return n;
}

static void
test_corpus_entities(const char *dir)
{
	char path[8192], *buf, *cause = NULL, *p;
	size_t len, lrm = 0, rlm = 0;
	struct doc *doc;

	snprintf(path, sizeof path, "%s/corpus/articles/%s", dir,
	         "mixed-ar-en_free-programming-books_free-courses-ar.md");
	if ((buf = slurp(path, &len)) == NULL) {
		skip("corpus entities file: &lrm; and &rlm; decode", "not in the corpus");
		return;
	}
	for (p = buf; (p = strstr(p, "&lrm;")) != NULL; p++)
		lrm++;
	for (p = buf; (p = strstr(p, "&rlm;")) != NULL; p++)
		rlm++;
	doc = doc_load(path, NULL, &cause);
	tap_ok(doc != NULL && strstr(doc->text, "&lrm;") == NULL &&
	           strstr(doc->text, "&rlm;") == NULL,
	       "corpus entities file: no &lrm; or &rlm; left as text");
	tap_ok(doc != NULL && lrm > 0 && count_cp(doc->text, 0x200E) == lrm &&
	           count_cp(doc->text, 0x200F) == rlm,
	       "corpus entities file: each became its mark (U+200E, U+200F)");
	tap_ok(doc != NULL && doc->nblocks > 0 && doc->blocks[0].dir == DIR_RTL,
	       "corpus entities file: <div dir=\"rtl\"> makes its blocks RTL");
	doc_free(&doc);
	free(buf);
}

int
main(int argc, char **argv)
{
	const char *shared = getenv("QARI_SHARED");
	char dir[4096], articles[4200];

	srcdir = argc > 1 ? argv[1] : getenv("TOP_SRCDIR") ? getenv("TOP_SRCDIR") : ".";
	test_article();
	test_buffers();

	/* The corpus: $QARI_SHARED, else ../shared beside the source tree. */
	snprintf(dir, sizeof dir, "%s%s", shared ? shared : srcdir, shared ? "" : "/../shared");
	snprintf(articles, sizeof articles, "%s/corpus/articles", dir);
	if (access(articles, R_OK) != 0) {
		skip("corpus RTL Markdown articles: outlines and entities", "no shared corpus");
		return tap_done();
	}
	test_corpus_outline(dir, "ar_opensource-guide_how-to-contribute.md",
	                    "كيف تساهم في مشروع مفتوح المصدر ؟");
	test_corpus_outline(
	    dir, "fa_opensource-guide_how-to-contribute.md",
	    "چگونه در یک پروژه‌ی متن باز مشارکت کنیم");
	test_corpus_outline(dir, "ar_contributor-covenant-2.1_code-of-conduct.md", NULL);
	test_corpus_outline(dir, "he_wlc_ruth.md", NULL);
	test_corpus_entities(dir);
	return tap_done();
}
