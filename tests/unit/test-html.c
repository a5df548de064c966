/*
 * doc-html.c and doc-html-page.c: what the HTML loader makes of tests/data/article.html (the
 * article picked out of the page, title and byline from the head, headings, lists, quotes,
 * <pre>, tables, <br>, spans and links, dir attributes, white space and entities, and all that
 * is left out), and of small pages: no h1, lang without dir, <main> or only a body, tag soup,
 * an empty file, control characters, sniffing without an extension.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "utf8.h"
#include "tap.h"
#include "doctest.h"

static const char *srcdir;

static int
has_span(const struct doc *doc, size_t b, int style, const char *text, uint32_t *link)
{
	size_t n, j, len, from, to;
	const struct span *sp = doc_block_spans(doc, b, &n);
	const char *s = doc_block_text(doc, b, &len);

	for (j = 0; j < n; j++) {
		from = utf8_offset(s, len, sp[j].start);
		to = utf8_offset(s, len, sp[j].end);
		if (sp[j].style == style && to - from == strlen(text) &&
		    memcmp(s + from, text, to - from) == 0) {
			if (link != NULL)
				*link = sp[j].link;
			return 1;
		}
	}
	return 0;
}

static void
test_page(void)
{
	static const char *const hidden[] = {"SCRIPT-TEXT",  "SITE-NAME",   "NAV-HOME",
	                                     "SIDEBAR-TEXT", "FORM-LABEL",  "FORM-BUTTON",
	                                     "ASIDE-TEXT",   "HIDDEN-TEXT", "ARIA-HIDDEN-TEXT",
	                                     "FOOTER-TEXT",  "color: red",  NULL};
	char path[4096], *cause = NULL;
	struct doc *doc;
	uint32_t link = 0;
	size_t i, left = 0;

	snprintf(path, sizeof path, "%s/tests/data/article.html", srcdir);
	doc = doc_load(path, NULL, &cause);
	if (!tap_ok(doc != NULL, "article.html loads")) {
		printf("# %s\n", cause ? cause : "");
		return;
	}
	tap_is_str(doc->format, "html", "article.html: the extension picks HTML");
	check_sane(doc, "article.html");
	tap_is_str(doc->title, "مقال تجريبي",
	           "the title is <title> without the site's name, white space collapsed");
	tap_is_str(doc->byline, "ليلى · 2023-11-02", "the byline: meta author · published day");
	tap_is_int(doc->dir, DIR_RTL, "<html dir=\"rtl\">: the document is RTL");
	for (i = 0; hidden[i] != NULL; i++)
		if (strstr(doc->text, hidden[i]) != NULL) {
			printf("# left in: %s\n", hidden[i]);
			left++;
		}
	tap_ok(left == 0, "scripts, styles, page header, nav, sidebar, form, aside, hidden "
	                  "elements, footer: none of their text");

	is_block(doc, 0, BLOCK_HEADING, 1, "مقال تجريبي",
	         "the article's header keeps its h1 (white space collapsed); no title block");
	tap_is_int(doc->blocks[0].line, 16, "the h1's source line");
	is_block(doc, 1, BLOCK_PARA, 0,
	         "فقرة أولى فيها عريض ومائل ورابط وسطر ثان\u00A0في نفس الفقرة \u200E& <tag>.",
	         "a paragraph: white space collapsed, newline a space, entities decoded");
	tap_ok(has_span(doc, 1, SPAN_BOLD, "عريض", NULL), "<b> is a bold span");
	tap_ok(has_span(doc, 1, SPAN_ITALIC, "مائل", NULL), "<em> is an italic span");
	tap_ok(has_span(doc, 1, SPAN_LINK, "رابط", &link) && link < doc->nlinks &&
	           strcmp(doc->links[link], "https://example.org/x?a=1&b=2") == 0,
	       "<a href> is a link span, its URL decoded in doc->links");
	is_block(doc, 2, BLOCK_HEADING, 2, "القسم الأول", "h2");
	tap_ok(doc->noutline == 3 && doc->outline[0].level == 1 && doc->outline[1].level == 2 &&
	           doc->outline[2].level == 3,
	       "the outline: h1, h2, h3");

	is_block(doc, 3, BLOCK_ITEM, 1, "• عنصر أول", "<li> is an item with its bullet");
	is_block(doc, 4, BLOCK_ITEM, 1, "• عنصر \u2066(LTR run)\u2069 ثان",
	         "<span dir=\"ltr\"> is an LRI ... PDI isolate");
	is_block(doc, 5, BLOCK_ITEM, 2, "3. فرعي", "a nested <ol start=\"3\">: level 2, from 3");
	is_block(doc, 6, BLOCK_ITEM, 2, "4. فرعي آخر", "... and on to 4");
	is_block(doc, 7, BLOCK_QUOTE, 1, "اقتباس", "<blockquote>: level 1");
	is_block(doc, 8, BLOCK_QUOTE, 2, "متداخل", "a nested one: level 2");
	is_block(doc, 9, BLOCK_CODE, 0, "for (i = 0; i < n; i++)\n        x[i] = 0;",
	         "<pre><code>: verbatim, tab expanded, no isolate, no last newline");
	is_block(doc, 10, BLOCK_PARA, 0, "An English paragraph with \u2068code\u2069.",
	         "inline <code> is isolated");
	tap_is_int(doc->blocks[10].dir, DIR_LTR, "<p dir=\"ltr\"> is LTR");
	tap_ok(doc->blocks[9].dir == DIR_RTL && doc->blocks[11].dir == DIR_RTL,
	       "the others inherit dir=\"rtl\" from <html>");
	is_block(doc, 11, BLOCK_PARA, 0, "بيت أول", "<br>: a line...");
	is_block(doc, 13, BLOCK_PARA, 0, "بيت ثالث", "... a block each");
	tap_ok(!(doc->blocks[11].flags & BLOCK_JOINED) && (doc->blocks[12].flags & BLOCK_JOINED) &&
	           (doc->blocks[13].flags & BLOCK_JOINED),
	       "lines after a <br> are joined to the one before");
	is_block(doc, 14, BLOCK_PARA, 0, "\u2068الاسم\u2069 │ \u2068العمر\u2069",
	         "a table row: cells split by │, each isolated (FSI ... PDI)");
	tap_ok(has_span(doc, 14, SPAN_BOLD, "العمر", NULL), "<th> is bold");
	is_block(doc, 15, BLOCK_PARA, 0, "\u2068Sara\u2069 │ \u206825\u2069", "the next row");
	tap_ok(doc->blocks[15].dir == DIR_RTL && (doc->blocks[15].flags & BLOCK_JOINED),
	       "... joined, in the table's direction");
	tap_is_int(doc->blocks[16].kind, BLOCK_RULE, "<hr> is a rule");
	is_block(doc, 17, BLOCK_HEADING, 3, "خاتمة", "h3");
	is_block(doc, doc->nblocks - 1, BLOCK_PARA, 0, "الفقرة الأخيرة.", "the last paragraph");
	tap_is_int(doc->nblocks, 19, "19 blocks in all");
	doc_free(&doc);
}

static void
test_pages(void)
{
	struct doc *doc;
	uint32_t link = 0;

	doc = load("a.html",
	           "<html lang=\"fa\"><head><title>عنوان صفحه</title>"
	           "<meta name=\"author\" content=\"https://example.org/me\"></head>"
	           "<body><p>متن</p></body></html>",
	           NULL);
	tap_ok(doc != NULL && doc->nblocks == 2 && doc->blocks[0].kind == BLOCK_TITLE &&
	           strcmp(doc->title, "عنوان صفحه") == 0 && doc->byline == NULL,
	       "no h1: the title becomes a title block; an author that is a URL is no byline");
	tap_ok(doc != NULL && doc->dir == DIR_RTL && doc->blocks[1].dir == DIR_AUTO,
	       "lang=\"fa\" without dir: the document is RTL, blocks keep their own direction");
	doc_free(&doc);

	doc = load("a.html",
	           "<body><header><h1>Page title</h1></header><nav>NAV</nav><div>OUT</div>"
	           "<main><p>IN</p></main><footer>FOOT</footer></body>",
	           NULL);
	tap_ok(doc != NULL && text_has(doc, "IN") && !text_has(doc, "OUT") &&
	           !text_has(doc, "NAV") && !text_has(doc, "FOOT"),
	       "no <article>: <main> is read");
	doc_free(&doc);

	doc = load("a.html",
	           "<body><header><h1>Page title</h1></header><nav>NAV</nav>"
	           "<p>Body text</p><header>Site</header><footer>FOOT</footer></body>",
	           NULL);
	tap_ok(doc != NULL && text_has(doc, "Page title") && text_has(doc, "Body text") &&
	           !text_has(doc, "Site") && !text_has(doc, "NAV") && !text_has(doc, "FOOT"),
	       "only a body: a header with the h1 stays, others, nav, footer go");
	doc_free(&doc);

	doc = load("a.html",
	           "<article><p>short</p></article><article><p>the longer article, read</p>"
	           "<article><p>a comment in it</p></article></article>",
	           NULL);
	tap_ok(doc != NULL && !text_has(doc, "short") && text_has(doc, "the longer article") &&
	           text_has(doc, "a comment in it"),
	       "several articles: the one with the most text");
	doc_free(&doc);

	doc = load("a.html", "<p>unclosed <b>bold <i>both</p><li>stray item<div>x</span>", NULL);
	tap_ok(doc != NULL && doc->nblocks >= 2 && text_has(doc, "unclosed bold both") &&
	           text_has(doc, "• stray item"),
	       "tag soup is read as browsers would");
	doc_free(&doc);

	/* A table lines up; a table in a cell stays text of its row. */
	doc = load("a.html",
	           "<table><tr><th>اسم</th><th><b>عمر</b></th></tr>"
	           "<tr><td>علي حسن</td><td><a href=\"u\">30</a></td></tr></table>",
	           NULL);
	is_block(doc, 0, BLOCK_PARA, 0, "\u2068اسم\u2069     │ \u2068عمر\u2069",
	         "an HTML table's cells are padded to the column's width");
	tap_ok(has_span(doc, 0, SPAN_BOLD, "عمر", NULL),
	       "... the spans of a later cell move along");
	tap_ok(has_span(doc, 1, SPAN_LINK, "30", NULL), "... links too");
	doc_free(&doc);
	doc = load("a.html",
	           "<table><caption>جدول ١</caption><tr><td>أ</td><td>ب</td></tr>"
	           "<tr><td>ججج</td><td>د</td></tr></table><p>بعد</p>",
	           NULL);
	is_block(doc, 0, BLOCK_PARA, 0, "جدول ١", "a <caption> stays as it is...");
	is_block(doc, 1, BLOCK_PARA, 0, "\u2068أ\u2069   │ \u2068ب\u2069",
	         "... and the rows after it line up");
	is_block(doc, 3, BLOCK_PARA, 0, "بعد", "... and the text after the table follows");
	check_sane(doc, "a table with a caption");
	doc_free(&doc);

	/* align and text-align: left and right are sides of the screen, start and end not. */
	doc = load("a.html",
	           "<table><tr><td>name</td><td align=right>n</td><td>c</td></tr>"
	           "<tr><td style=\"color: red; TEXT-ALIGN : Right\">x</td><td>123</td>"
	           "<td>c</td></tr><tr align=center><td>ab</td><td>1</td><td>c</td></tr></table>"
	           "<table dir=rtl><tr><td>اسم طويل</td><td>عدد</td></tr>"
	           "<tr><td align=left>ب</td><td style=\"text-align:end\">١</td></tr></table>",
	           NULL);
	is_block(doc, 0, BLOCK_PARA, 0, "\u2068name\u2069 │   \u2068n\u2069 │ \u2068c\u2069",
	         "align=right pads before the cell in an LTR table");
	is_block(doc, 1, BLOCK_PARA, 0,
	         "\u00A0\u00A0\u00A0\u2068x\u2069 │ \u2068123\u2069 │ \u2068c\u2069",
	         "... and so does text-align: right in a style, however written (no-break spaces "
	         "first)");
	is_block(doc, 2, BLOCK_PARA, 0, "\u00A0\u2068ab\u2069  │  \u20681\u2069  │ \u2068c\u2069",
	         "a row's align=center centres its cells");
	is_block(doc, 4, BLOCK_PARA, 0,
	         "\u00A0\u00A0\u00A0\u00A0\u00A0\u00A0\u00A0\u2068ب\u2069 │   \u2068١\u2069",
	         "in an RTL table align=left is the row's end (before), and text-align: end too");
	check_sane(doc, "aligned HTML cells");
	doc_free(&doc);
	doc = load("a.html",
	           "<table><tr><td align=right> </td></tr><tr><td>a</td><td>b</td></tr>"
	           "<tr><td>ccc</td><td>d</td></tr></table>",
	           NULL);
	is_block(doc, 0, BLOCK_PARA, 0, "\u2068a\u2069   │ \u2068b\u2069",
	         "an empty row's alignment is not the next row's");
	doc_free(&doc);

	/* Images: alt text in brackets, a link to src; alt="" is decoration; <picture> too. */
	doc = load("a.html",
	           "<p>قبل <img src=\"logo.png\" alt=\"شعار &amp; رمز\"> بعد <img src=\"x.png\"> "
	           "<img src=\"line.png\" alt=\"\"> <picture><source srcset=\"a.webp\">"
	           "<img src=\"a.jpg\" alt=\"صورة\"></picture></p>",
	           NULL);
	is_block(doc, 0, BLOCK_PARA, 0,
	         "قبل \u2068[شعار & رمز]\u2069 بعد \u2068[image]\u2069 \u2068[صورة]\u2069",
	         "<img>: its alt in brackets, [image] without alt, nothing for alt=\"\"");
	tap_ok(has_span(doc, 0, SPAN_LINK, "[شعار & رمز]", &link) && link < doc->nlinks &&
	           strcmp(doc->links[link], "logo.png") == 0,
	       "... a link to its src");
	doc_free(&doc);

	doc = load("a.html", "", "html");
	tap_ok(doc != NULL && doc->nblocks == 0, "an empty file: a document with no block");
	doc_free(&doc);

	doc = load("a.html", "<p>a&#27;[2Jb&#155;c\x1b]0;x\x07 d\r\ne&#0;</p><pre>\x1b[1m\tz</pre>",
	           NULL);
	tap_ok(doc != NULL && !text_has(doc, "\x1b") && !text_has(doc, "\x07") &&
	           !text_has(doc, "\r") && !text_has(doc, "\xc2\x9b") &&
	           utf8_clean_prefix(doc->text, doc->text_len, 0) == doc->text_len,
	       "escapes as bytes or character references: never a control in the text");
	doc_free(&doc);

	doc = load("-", "<!DOCTYPE html>\n<html><body><p>x</p></body></html>", NULL);
	tap_ok(doc != NULL && strcmp(doc->format, "html") == 0, "standard input: sniffed as HTML");
	doc_free(&doc);
	doc = load("-", "  <html><p>x</p>", NULL);
	tap_ok(doc != NULL && strcmp(doc->format, "html") == 0, "... also without a doctype");
	doc_free(&doc);
	doc = load("page.txt", "<html><body><p>x</p></body></html>", NULL);
	tap_ok(doc != NULL && strcmp(doc->format, "text") == 0,
	       "a .txt file is text, tags and all");
	doc_free(&doc);
	doc = load("page.txt", "<html><body><p>x</p></body></html>", "html");
	tap_ok(doc != NULL && strcmp(doc->format, "html") == 0 && !text_has(doc, "<p>"),
	       "--format html reads it as HTML");
	doc_free(&doc);

	doc = load("a.html",
	           "<p>a <bdo dir=\"rtl\">ab</bdo> <bdi>c</bdi> <kbd>k</kbd> <s>s</s> "
	           "<u>u</u> <input type=\"checkbox\" checked> done</p>",
	           NULL);
	tap_ok(doc != NULL &&
	           text_has(doc, "a \u202Eab\u202C \u2068c\u2069 \u2068k\u2069 s u ☑ done"),
	       "bdo overrides, bdi isolates, a checked box shows checked");
	tap_ok(doc != NULL && has_span(doc, 0, SPAN_STRIKE, "s", NULL) &&
	           has_span(doc, 0, SPAN_UNDERLINE, "u", NULL) &&
	           has_span(doc, 0, SPAN_CODE, "k", NULL),
	       "<s>, <u>, <kbd>: strike, underline, code spans");
	doc_free(&doc);
}

/* HTML that repeats open n times, then holds text, then repeats close n times. */
static char *
nested(const char *open, const char *text, const char *close, size_t n)
{
	size_t lo = strlen(open), lt = strlen(text), lc = strlen(close), i;
	char *s = malloc(n * (lo + lc) + lt + 64), *p = s;

	p += sprintf(p, "<body><p>before</p>");
	for (i = 0; i < n; i++, p += lo)
		memcpy(p, open, lo);
	memcpy(p, text, lt);
	p += lt;
	for (i = 0; i < n; i++, p += lc)
		memcpy(p, close, lc);
	strcpy(p, "<p>after</p></body>");
	return s;
}

/*
 * Deep nesting: libxml2 stops at 256 levels, and every word from there on was lost. Past
 * HTML_MAX_DEPTH the tree is flattened: the text stays, a script in there still shows nothing.
 */
static void
test_deep(void)
{
	struct doc *doc;
	char *s;

	s = nested("<div>", "DEEP TEXT<script>HIDDEN()</script><p>second</p>", "</div>", 3000);
	doc = load("a.html", s, NULL);
	tap_ok(text_has(doc, "before") && text_has(doc, "DEEP TEXT") && text_has(doc, "second") &&
	           text_has(doc, "after") && !text_has(doc, "HIDDEN"),
	       "3,000 nested <div>s: the text inside and after them, no script");
	check_sane(doc, "3,000 nested <div>s");
	doc_free(&doc);
	free(s);

	s = nested("<table><tr><td>", "TABLE TEXT", "</td></tr></table>", 500);
	doc = load("a.html", s, NULL);
	tap_ok(text_has(doc, "TABLE TEXT") && text_has(doc, "after"),
	       "500 nested tables: the text inside and after them");
	doc_free(&doc);
	free(s);

	s = nested("<b>", "BOLD TEXT", "</b>", 100000);
	doc = load("a.html", s, NULL);
	tap_ok(text_has(doc, "BOLD TEXT") && text_has(doc, "after"),
	       "100,000 nested <b>s: the text, and no stack overflow");
	doc_free(&doc);
	free(s);

	s = nested("<div>\n", "MARKDOWN TEXT\n", "</div>\n", 2000);
	doc = load("a.md", s + strlen("<body>"), NULL);
	tap_ok(text_has(doc, "MARKDOWN TEXT") && text_has(doc, "after"),
	       "Markdown with 2,000 nested <div>s: the text inside them");
	doc_free(&doc);
	free(s);
}

int
main(int argc, char **argv)
{
	srcdir = argc > 1 ? argv[1] : getenv("TOP_SRCDIR") ? getenv("TOP_SRCDIR") : ".";
	test_page();
	test_pages();
	test_deep();
	return tap_done();
}
