/*
 * doc-epub.c and doc-epub-toc.c on small books written here with libzip: the container and
 * the package (errors, the spine's order), links between chapters made places in the one
 * document ("#n1", "ch2.xhtml#mid", "../Text/ch3.xhtml", links out of the book kept), ids
 * that two chapters share, the EPUB 3 nav (nesting, a heading without a link, a target
 * missing, a fragment in the middle of a chapter) over the NCX, the EPUB 2 NCX alone, no TOC
 * at all (the headings), and hostile TOCs (too many entries, too deep).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zip.h>

#include "doc.h"
#include "tap.h"
#include "xmalloc.h"

static char dir[] = "/tmp/qari-test-epub-XXXXXX";

#define CONTAINER                                                                                  \
	"<?xml version=\"1.0\"?><container version=\"1.0\" "                                       \
	"xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\"><rootfiles><rootfile "          \
	"full-path=\"OEBPS/content.opf\" "                                                         \
	"media-type=\"application/oebps-package+xml\"/></rootfiles></container>"

#define XHTML_HEAD                                                                                 \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?><html xmlns=\"http://www.w3.org/1999/xhtml\" "  \
	"xmlns:epub=\"http://www.idpf.org/2007/ops\"><head><title>t</title></head><body>"

/* Writes a book of n (name, text) pairs, its mimetype first; returns its path (static). */
static const char *
book(const char *name, const char *const *entries, size_t n)
{
	static char path[256];
	zip_source_t *src;
	zip_t *z;
	size_t i;
	int err;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if ((z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err)) == NULL)
		return path;
	src = zip_source_buffer(z, "application/epub+zip", 20, 0);
	zip_file_add(z, "mimetype", src, 0);
	for (i = 0; i < n; i++) {
		src = zip_source_buffer(z, entries[2 * i + 1], strlen(entries[2 * i + 1]), 0);
		zip_file_add(z, entries[2 * i], src, 0);
	}
	zip_close(z);
	return path;
}

/* The first block whose text holds s, or -1. */
static long
block_with(const struct doc *doc, const char *s)
{
	size_t i, len;
	const char *t;

	for (i = 0; i < doc->nblocks; i++) {
		t = doc_block_text(doc, i, &len);
		if (memmem(t, len, s, strlen(s)) != NULL)
			return (long)i;
	}
	return -1;
}

/* The block a link (as doc->links keeps it) leads to in doc, as follow.c goes: -1 if none. */
static long
link_block(const struct doc *doc, const char *text)
{
	size_t i;

	for (i = 0; i < doc->nlinks; i++)
		if (strcmp(doc->links[i], text) == 0 && text[0] == '#')
			return doc_anchor_find(doc, text + 1);
	return -1;
}

static const char *const opf_links =
    "<?xml version=\"1.0\"?><package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\">"
    "<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>Links</dc:title>"
    "<dc:language>en</dc:language></metadata><manifest>"
    "<item id=\"nav\" href=\"nav.xhtml\" properties=\"nav\" media-type=\"application/xhtml+xml\"/>"
    "<item id=\"ncx\" href=\"toc.ncx\" media-type=\"application/x-dtbncx+xml\"/>"
    "<item id=\"c1\" href=\"Text/ch1.xhtml\" media-type=\"application/xhtml+xml\"/>"
    "<item id=\"c2\" href=\"Text/ch2.xhtml\" media-type=\"application/xhtml+xml\"/>"
    "<item id=\"c3\" href=\"Text/ch3.xhtml\" media-type=\"application/xhtml+xml\"/>"
    "</manifest><spine toc=\"ncx\"><itemref idref=\"c1\"/><itemref idref=\"c2\"/>"
    "<itemref idref=\"c3\"/></spine></package>";

static const char *const ch1 =
    XHTML_HEAD "<h1>Chapter one</h1><p>A note<a epub:type=\"noteref\" href=\"#n1\">1</a>, "
               "<a href=\"ch2.xhtml#mid\">the middle</a>, <a href=\"../Text/ch3.xhtml\">three</a>"
               ", <a href=\"https://example.org/x#y\">out</a>, <a href=\"#nowhere\">none</a>.</p>"
               "<p>Filler one.</p><aside epub:type=\"footnote\" id=\"n1\"><p>NOTE-ONE text.</p>"
               "</aside><p id=\"same\">SAME-IN-ONE</p></body></html>";
static const char *const ch2 =
    XHTML_HEAD "<h1>Chapter two</h1><p>Filler two.</p><p id=\"mid\">MIDDLE-OF-TWO</p>"
               "<p id=\"same\">SAME-IN-TWO <a href=\"#same\">here</a></p></body></html>";
static const char *const ch3 = XHTML_HEAD "<h1>Chapter three</h1><p>THREE-TEXT</p></body></html>";

static const char *const nav =
    XHTML_HEAD "<nav epub:type=\"landmarks\"><ol><li><a href=\"Text/ch3.xhtml\">LANDMARK</a>"
               "</li></ol></nav><nav epub:type=\"toc\"><h1>Contents</h1><ol>"
               "<li><a href=\"Text/ch1.xhtml\">Part  A\n one</a><ol>"
               "<li><a href=\"Text/ch2.xhtml#mid\">Middle of two</a></li>"
               "<li><a href=\"Text/nope.xhtml#x\">Missing</a></li>"
               "<li><a href=\"Text/ch1.xhtml#n1\">The note</a></li></ol></li>"
               "<li><span>Group</span><ol><li><a href=\"Text/ch3.xhtml\">Three</a></li></ol>"
               "</li></ol></nav></body></html>";

static const char *const ncx =
    "<?xml version=\"1.0\"?><ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" "
    "version=\"2005-1\"><navMap>"
    "<navPoint id=\"a\"><navLabel><text>NCX one</text></navLabel>"
    "<content src=\"Text/ch1.xhtml\"/>"
    "<navPoint id=\"b\"><navLabel><text>NCX middle</text></navLabel>"
    "<content src=\"Text/ch2.xhtml#mid\"/></navPoint></navPoint>"
    "<navPoint id=\"c\"><navLabel><text>NCX gone</text></navLabel>"
    "<content src=\"Text/gone.xhtml\"/></navPoint>"
    "<navPoint id=\"d\"><navLabel><text>NCX three</text></navLabel>"
    "<content src=\"Text/ch3.xhtml#\"/></navPoint></navMap></ncx>";

static void
test_links(void)
{
	const char *const e[] = {
	    "META-INF/container.xml", CONTAINER, "OEBPS/content.opf",    opf_links,
	    "OEBPS/nav.xhtml",        nav,       "OEBPS/toc.ncx",        ncx,
	    "OEBPS/Text/ch1.xhtml",   ch1,       "OEBPS/Text/ch2.xhtml", ch2,
	    "OEBPS/Text/ch3.xhtml",   ch3};
	char *cause = NULL;
	struct doc *doc = doc_load(book("links.epub", e, 7), NULL, &cause);
	long note, mid, three, one;
	size_t i;

	if (!tap_ok(doc != NULL, "a book with links between chapters loads")) {
		printf("# %s\n", cause ? cause : "");
		free(cause);
		return;
	}
	note = block_with(doc, "NOTE-ONE");
	mid = block_with(doc, "MIDDLE-OF-TWO");
	three = block_with(doc, "Chapter three");
	one = block_with(doc, "Chapter one");
	tap_ok(note > 0 && mid > note && three > mid, "the chapters read in the spine's order");
	tap_is_int(link_block(doc, "#Text/ch1.xhtml#n1"), note,
	           "a noteref #n1 leads to the note in its own chapter");
	tap_is_int(link_block(doc, "#Text/ch2.xhtml#mid"), mid,
	           "ch2.xhtml#mid leads to the middle of the next chapter");
	tap_is_int(link_block(doc, "#Text/ch3.xhtml"), three,
	           "../Text/ch3.xhtml leads to the start of that chapter");
	tap_is_int(link_block(doc, "#Text/ch2.xhtml#same"), block_with(doc, "SAME-IN-TWO"),
	           "#same in chapter two is chapter two's, though chapter one has it too");
	tap_is_int(doc_anchor_find(doc, "Text/ch1.xhtml#same"), block_with(doc, "SAME-IN-ONE"),
	           "... and chapter one's is found by its chapter's name");
	tap_is_int(doc_anchor_find(doc, "Text/ch1.xhtml"), one,
	           "a chapter's name is the place where it starts");
	for (i = 0; i < doc->nlinks && strcmp(doc->links[i], "https://example.org/x#y") != 0; i++)
		;
	tap_ok(i < doc->nlinks, "a link out of the book stays as it was");
	tap_is_int(link_block(doc, "#Text/ch1.xhtml#nowhere"), -1,
	           "a link to an id no chapter has leads nowhere");

	/* The nav, not the NCX; the target missing left out; the span a level of its own. */
	tap_is_int((long)doc->noutline, 5, "the nav's entries are the outline, one left out");
	if (doc->noutline == 5) {
		tap_is_str(doc->outline[0].title, "Part A one",
		           "entry 1: its text, spaces collapsed");
		tap_ok(doc->outline[0].block == (size_t)one && doc->outline[0].level == 2,
		       "... at its chapter's start, at the top level");
		tap_is_str(doc->outline[1].title, "The note",
		           "entries in the order of their blocks");
		tap_ok(doc->outline[1].block == (size_t)note && doc->outline[1].level == 3,
		       "... the note nested under Part A");
		tap_ok(doc->outline[2].block == (size_t)mid && doc->outline[2].level == 3,
		       "Middle of two: mid-chapter, nested");
		tap_is_str(doc->outline[3].title, "Group", "a heading of the nav without a link");
		tap_ok(doc->outline[3].level == 2 && doc->outline[4].level == 3 &&
		           doc->outline[4].block == (size_t)three,
		       "... at the top level, its entry under it");
	}
	tap_ok(doc->toc, "the outline is the book's own");
	tap_is_int(doc_outline_at(doc, (size_t)mid + 1, 1), 2,
	           "the entry a place is under: the last at or before it");
	doc_free(&doc);
}

static void
test_ncx(void)
{
	char opf[2048];
	const char *const e[] = {"META-INF/container.xml", CONTAINER, "OEBPS/content.opf",    opf,
	                         "OEBPS/toc.ncx",          ncx,       "OEBPS/Text/ch1.xhtml", ch1,
	                         "OEBPS/Text/ch2.xhtml",   ch2,       "OEBPS/Text/ch3.xhtml", ch3};
	char *cause = NULL;
	struct doc *doc;

	/* EPUB 2: no nav; the NCX known by the spine's toc only (an odd media type). */
	snprintf(opf, sizeof opf,
	         "<?xml version=\"1.0\"?><package xmlns=\"http://www.idpf.org/2007/opf\" "
	         "version=\"2.0\"><metadata/><manifest>"
	         "<item id=\"n\" href=\"toc.ncx\" media-type=\"text/xml\"/>"
	         "<item id=\"c1\" href=\"Text/ch1.xhtml\" media-type=\"application/xhtml+xml\"/>"
	         "<item id=\"c2\" href=\"Text/ch2.xhtml\" media-type=\"application/xhtml+xml\"/>"
	         "<item id=\"c3\" href=\"Text/ch3.xhtml\" media-type=\"application/xhtml+xml\"/>"
	         "</manifest><spine toc=\"n\"><itemref idref=\"c1\"/><itemref idref=\"c2\"/>"
	         "<itemref idref=\"c3\"/></spine></package>");
	doc = doc_load(book("ncx.epub", e, 6), NULL, &cause);
	if (!tap_ok(doc != NULL, "an EPUB 2 book loads")) {
		free(cause);
		return;
	}
	tap_is_int((long)doc->noutline, 3, "the NCX's navPoints are the outline, one left out");
	if (doc->noutline == 3) {
		tap_is_str(doc->outline[1].title, "NCX middle", "a nested navPoint");
		tap_ok(doc->outline[1].level == 3 &&
		           doc->outline[1].block == (size_t)block_with(doc, "MIDDLE-OF-TWO"),
		       "... one level down, at its fragment in the middle of chapter two");
		tap_ok(doc->outline[2].block == (size_t)block_with(doc, "Chapter three"),
		       "an empty fragment is the chapter's start");
	}
	doc_free(&doc);
}

static void
test_no_toc(void)
{
	const char *opf =
	    "<?xml version=\"1.0\"?><package xmlns=\"http://www.idpf.org/2007/opf\" "
	    "version=\"3.0\">"
	    "<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>\n  Two\n\tlines \n"
	    "</dc:title></metadata><manifest>"
	    "<item id=\"nav\" href=\"nav.xhtml\" properties=\"nav\" "
	    "media-type=\"application/xhtml+xml\"/>"
	    "<item id=\"c1\" href=\"Text/ch1.xhtml\" media-type=\"application/xhtml+xml\"/>"
	    "<item id=\"c2\" href=\"Text/ch2.xhtml\" media-type=\"application/xhtml+xml\"/>"
	    "</manifest><spine><itemref idref=\"c1\"/><itemref idref=\"c2\"/></spine></package>";
	const char *bad = XHTML_HEAD "<nav epub:type=\"toc\"><ol><li><a href=\"gone.xhtml\">x</a>"
	                             "</li></ol></nav></body></html>";
	const char *const e[] = {"META-INF/container.xml", CONTAINER, "OEBPS/content.opf",    opf,
	                         "OEBPS/nav.xhtml",        bad,       "OEBPS/Text/ch1.xhtml", ch1,
	                         "OEBPS/Text/ch2.xhtml",   ch2};
	char *cause = NULL;
	struct doc *doc = doc_load(book("notoc.epub", e, 5), NULL, &cause);

	if (!tap_ok(doc != NULL, "a book whose TOC leads nowhere loads")) {
		free(cause);
		return;
	}
	tap_ok(!doc->toc && doc->noutline == 2 && doc->outline[0].title == NULL &&
	           doc->outline[1].block == (size_t)block_with(doc, "Chapter two"),
	       "... its outline is its chapters' headings");
	tap_is_str(doc->title, "Two lines",
	           "a title written on lines of its own reads as one line");
	doc_free(&doc);
}

/* A nav of n entries, each nested in the one before when deep, all to the one chapter. */
static char *
big_nav(size_t n, int deep)
{
	size_t cap = n * 80 + 4096, o = 0, i;
	char *s = xmalloc(cap);

	o += (size_t)snprintf(s + o, cap - o, "%s<nav epub:type=\"toc\"><ol>", XHTML_HEAD);
	for (i = 0; i < n; i++)
		o += (size_t)snprintf(s + o, cap - o,
		                      "<li><a href=\"Text/ch1.xhtml#p%zu\">E%zu</a>%s", i % 100, i,
		                      deep ? "<ol>" : "</li>");
	for (i = 0; deep && i < n; i++)
		o += (size_t)snprintf(s + o, cap - o, "</ol></li>");
	snprintf(s + o, cap - o, "</ol></nav></body></html>");
	return s;
}

static void
test_hostile(void)
{
	const char *opf =
	    "<?xml version=\"1.0\"?><package xmlns=\"http://www.idpf.org/2007/opf\" "
	    "version=\"3.0\">"
	    "<metadata/><manifest>"
	    "<item id=\"nav\" href=\"nav.xhtml\" properties=\"nav\" "
	    "media-type=\"application/xhtml+xml\"/>"
	    "<item id=\"c1\" href=\"Text/ch1.xhtml\" media-type=\"application/xhtml+xml\"/>"
	    "</manifest><spine><itemref idref=\"c1\"/></spine></package>";
	char chap[8192], *navs;
	const char *e[] = {"META-INF/container.xml", CONTAINER, "OEBPS/content.opf",    opf,
	                   "OEBPS/nav.xhtml",        NULL,      "OEBPS/Text/ch1.xhtml", chap};
	size_t o = 0, i;
	char *cause = NULL;
	struct doc *doc;
	int deepest = 0;

	o += (size_t)snprintf(chap, sizeof chap, "%s", XHTML_HEAD);
	for (i = 0; i < 100; i++)
		o += (size_t)snprintf(chap + o, sizeof chap - o, "<p id=\"p%zu\">P%zu</p>", i, i);
	snprintf(chap + o, sizeof chap - o, "</body></html>");
	e[5] = navs = big_nav(30000, 0);
	doc = doc_load(book("huge.epub", e, 4), NULL, &cause);
	tap_ok(doc != NULL && doc->noutline == 10000 && strcmp(doc->outline[0].title, "E0") == 0,
	       "a TOC of 30000 entries keeps its first 10000");
	doc_free(&doc);
	free(navs);
	free(cause);
	cause = NULL;
	e[5] = navs = big_nav(5000, 1);
	doc = doc_load(book("deep.epub", e, 4), NULL, &cause);
	for (i = 0; doc != NULL && i < doc->noutline; i++)
		if (doc->outline[i].level > deepest)
			deepest = doc->outline[i].level;
	tap_ok(doc != NULL && doc->noutline > 0 && deepest <= 13,
	       "a TOC nested 5000 deep loads, its depth cut");
	if (doc != NULL)
		printf("# %zu entries, deepest level %d\n", doc->noutline, deepest);
	doc_free(&doc);
	free(navs);
	free(cause);
}

/* A chapter of n paragraphs of about 100 bytes, its heading h, an id "mid" in its middle. */
static char *
big_chapter(const char *h, size_t n)
{
	size_t cap = n * 128 + 1024, o = 0, i;
	char *s = xmalloc(cap);

	o += (size_t)snprintf(s + o, cap - o, "%s<h1>%s</h1>", XHTML_HEAD, h);
	for (i = 0; i < n; i++)
		o += (size_t)snprintf(
		    s + o, cap - o,
		    "<p%s>%s paragraph %zu, with some words to make it long enough "
		    "to count.</p>",
		    i == n / 2 ? " id=\"mid\"" : "", h, i);
	snprintf(s + o, cap - o, "</body></html>");
	return s;
}

static void
test_progressive(void)
{
	const char *opf =
	    "<?xml version=\"1.0\"?><package xmlns=\"http://www.idpf.org/2007/opf\" "
	    "version=\"3.0\">"
	    "<metadata/><manifest>"
	    "<item id=\"nav\" href=\"nav.xhtml\" properties=\"nav\" "
	    "media-type=\"application/xhtml+xml\"/>"
	    "<item id=\"a\" href=\"a.xhtml\" media-type=\"application/xhtml+xml\"/>"
	    "<item id=\"b\" href=\"b.xhtml\" media-type=\"application/xhtml+xml\"/>"
	    "<item id=\"c\" href=\"c.xhtml\" media-type=\"application/xhtml+xml\"/>"
	    "</manifest><spine><itemref idref=\"a\"/><itemref idref=\"b\"/><itemref idref=\"c\"/>"
	    "</spine></package>";
	const char *navs =
	    XHTML_HEAD "<nav epub:type=\"toc\"><ol><li><a href=\"a.xhtml\">A</a></li>"
	               "<li><a href=\"c.xhtml#mid\">C middle</a></li>"
	               "<li><a href=\"b.xhtml#mid\">B middle</a></li></ol></nav></body></html>";
	char *a = big_chapter("AAA", 1000), *b = big_chapter("BBB", 1000),
	     *c = big_chapter("CCC", 10);
	const char *const e[] = {"META-INF/container.xml", CONTAINER, "OEBPS/content.opf", opf,
	                         "OEBPS/nav.xhtml",        navs,      "OEBPS/a.xhtml",     a,
	                         "OEBPS/b.xhtml",          b,         "OEBPS/c.xhtml",     c};
	char *cause = NULL;
	struct doc *doc = doc_load(book("big.epub", e, 6), NULL, &cause);
	size_t first;

	if (!tap_ok(doc != NULL, "a book of 100 KB chapters loads")) {
		free(cause);
		goto out;
	}
	first = doc->nblocks;
	tap_ok(doc->partial && block_with(doc, "BBB") < 0 && doc->noutline == 1,
	       "at open, only its first chapter is read, and the TOC entry into it placed");
	tap_ok(doc_anchor_reach(doc, "a.xhtml#nowhere", &cause) == -1 && cause == NULL &&
	           doc->partial && block_with(doc, "BBB") < 0,
	       "a place its read chapter lacks is nowhere, and nothing more is read for it");
	tap_ok(doc_anchor_reach(doc, "gone.xhtml#x", &cause) == -1 && doc->partial,
	       "... nor for a chapter the book does not have");
	tap_ok(doc_load_more(doc, 1, &cause) == 0 && doc_has_block(doc, first) &&
	           block_with(doc, "BBB") > 0 && doc->partial,
	       "reading on a little brings the next chapter, not yet the last");
	tap_is_int((long)doc->noutline, 1,
	           "... the entry for the last chapter waits, and the one after it in the TOC too");
	tap_ok(doc_load_all(doc, &cause) == 0 && !doc->partial &&
	           block_with(doc, "CCC paragraph 5") > 0,
	       "read to its end, the book is whole");
	tap_ok(doc->noutline == 3 &&
	           doc->outline[1].block == (size_t)block_with(doc, "BBB paragraph 500") &&
	           doc->outline[2].block == (size_t)block_with(doc, "CCC paragraph 5"),
	       "... every entry placed, in the order of their blocks");
	tap_is_int(link_block(doc, "#nothing"), -1, "(no link leads nowhere by accident)");
	doc_free(&doc);

	/* The file replaced while the book is read: it ends where it was, and says why. */
	doc = doc_load(book("big.epub", e, 6), NULL, &cause);
	if (doc != NULL) {
		sleep(1); /* a new modification time, on file systems that count seconds */
		book("big.epub", e, 6);
		tap_ok(doc_load_all(doc, &cause) == -1 && cause != NULL &&
		           strstr(cause, "changed or went away") != NULL && !doc->partial &&
		           doc->error != NULL && block_with(doc, "CCC") < 0,
		       "a book replaced while it is read ends where it was, and says why");
		free(cause);
		cause = NULL;
		doc_free(&doc);
	}
out:
	free(a);
	free(b);
	free(c);
}

static void
test_errors(void)
{
	const char *const nospine[] = {
	    "META-INF/container.xml", CONTAINER, "OEBPS/content.opf",
	    "<package xmlns=\"http://www.idpf.org/2007/opf\"><manifest/><spine/></package>"};
	const char *const noopf[] = {"META-INF/container.xml", CONTAINER};
	const char *const pct[] = {
	    "META-INF/container.xml",
	    CONTAINER,
	    "OEBPS/content.opf",
	    "<package xmlns=\"http://www.idpf.org/2007/opf\"><manifest>"
	    "<item id=\"a\" href=\"a.xhtml%5\"/><item id=\"b\" href=\"b.xhtml\"/></manifest>"
	    "<spine><itemref idref=\"a\"/><itemref idref=\"b\"/></spine></package>",
	    "OEBPS/b.xhtml",
	    XHTML_HEAD "<p>B.</p></body></html>"};
	const char *const ctl[] = {
	    "META-INF/container.xml",
	    CONTAINER,
	    "OEBPS/content.opf",
	    "<package xmlns=\"http://www.idpf.org/2007/opf\"><manifest>"
	    "<item id=\"a\" href=\"a.xhtml\"/><item id=\"b\" href=\"b%7F%1B[2J.xhtml\"/>"
	    "</manifest><spine><itemref idref=\"a\"/><itemref idref=\"b\"/></spine></package>",
	    "OEBPS/a.xhtml",
	    XHTML_HEAD "<p>A.</p></body></html>"};
	char *cause = NULL;
	struct doc *doc;

	doc = doc_load(book("nospine.epub", nospine, 2), NULL, &cause);
	tap_ok(doc == NULL && cause != NULL && strstr(cause, "spine lists no chapter") != NULL,
	       "a spine without chapters: said so");
	free(cause);
	cause = NULL;
	doc = doc_load(book("noopf.epub", noopf, 1), NULL, &cause);
	tap_ok(doc == NULL && cause != NULL && strstr(cause, "content.opf is missing") != NULL,
	       "a package document missing: said so");
	free(cause);
	cause = NULL;
	doc = doc_load(book("ctl.epub", ctl, 3), NULL, &cause);
	tap_ok(
	    doc != NULL && doc->nblocks == 2 && block_with(doc, "is missing from the book") == 1 &&
	        memchr(doc->text, 0x7F, doc->text_len) == NULL &&
	        memchr(doc->text, 0x1B, doc->text_len) == NULL,
	    "a missing chapter named with DEL and ESC: said so, no control in the text (found by "
	    "fuzz-epub)");
	doc_free(&doc);
	free(cause);
	cause = NULL;
	doc = doc_load(book("pct.epub", pct, 3), NULL, &cause);
	tap_ok(doc != NULL && block_with(doc, "a.xhtml%5 is missing from the book") >= 0,
	       "an href ending in half an escape (\"a.xhtml%5\") is a name, read no further than "
	       "its end (found by fuzz-epub)");
	doc_free(&doc);
	free(cause);
}

/*
 * A book read whole (doc_load_all: helper threads parse its chapters ahead): every chapter in
 * the spine's order, those that are not well-formed XHTML read as HTML, a missing one a line
 * saying so; its TOC's entries wait, each with its title, until their chapters are read, and
 * doc_epub_reach reads on to one.
 */
static void
test_whole(void)
{
	const char *opf =
	    "<?xml version=\"1.0\"?><package xmlns=\"http://www.idpf.org/2007/opf\" "
	    "version=\"3.0\"><metadata/><manifest>"
	    "<item id=\"nav\" href=\"nav.xhtml\" properties=\"nav\" "
	    "media-type=\"application/xhtml+xml\"/>"
	    "<item id=\"a\" href=\"a.xhtml\" media-type=\"application/xhtml+xml\"/>"
	    "<item id=\"b\" href=\"b.xhtml\" media-type=\"application/xhtml+xml\"/>"
	    "<item id=\"c\" href=\"c.xhtml\" media-type=\"application/xhtml+xml\"/>"
	    "<item id=\"d\" href=\"d.xhtml\" media-type=\"application/xhtml+xml\"/>"
	    "<item id=\"g\" href=\"gone.xhtml\" media-type=\"application/xhtml+xml\"/>"
	    "<item id=\"e\" href=\"e.xhtml\" media-type=\"application/xhtml+xml\"/>"
	    "<item id=\"f\" href=\"f.xhtml\" media-type=\"application/xhtml+xml\"/>"
	    "</manifest><spine><itemref idref=\"a\"/><itemref idref=\"b\"/><itemref idref=\"c\"/>"
	    "<itemref idref=\"d\"/><itemref idref=\"g\"/><itemref idref=\"e\"/>"
	    "<itemref idref=\"f\"/></spine></package>";
	const char *navs =
	    XHTML_HEAD "<nav epub:type=\"toc\"><ol><li><a href=\"a.xhtml\">A</a></li>"
	               "<li><a href=\"d.xhtml\">D</a><ol><li><a href=\"f.xhtml#mid\">F middle</a>"
	               "</li></ol></li></ol></nav></body></html>";
	/* &nbsp; with no DTD read: the XML parser would leave it out. */
	const char *b =
	    "<?xml version=\"1.0\"?><!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.1//EN\" "
	    "\"http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd\"><html "
	    "xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>b</title></head>"
	    "<body><p>NBSP&nbsp;HERE</p></body></html>";
	const char *c = XHTML_HEAD "<p>UNCLOSED one<p>UNCLOSED two<br>after</body></html>";
	const char *d = XHTML_HEAD "<pre>\nPRE-FIRST\nsecond</pre><P>UPPER-P</P></body></html>";
	char *a = big_chapter("AAA", 1000), *e = big_chapter("EEE", 10),
	     *f = big_chapter("FFF", 1000);
	const char *const en[] = {
	    "META-INF/container.xml", CONTAINER, "OEBPS/content.opf", opf, "OEBPS/nav.xhtml", navs,
	    "OEBPS/a.xhtml",          a,         "OEBPS/b.xhtml",     b,   "OEBPS/c.xhtml",   c,
	    "OEBPS/d.xhtml",          d,         "OEBPS/e.xhtml",     e,   "OEBPS/f.xhtml",   f};
	char *cause = NULL;
	const char *t;
	struct doc *doc = doc_load(book("whole.epub", en, 9), NULL, &cause);
	long nb, u1, u2, pre, up, gone, ee, mid;
	size_t len, block = 0;
	int level = 0, level0 = 0;

	if (!tap_ok(doc != NULL && doc->partial, "a book of seven chapters opens on its first")) {
		free(cause);
		goto out;
	}
	tap_is_int((long)doc_epub_waiting(doc), 2, "its TOC's entries past the first chapter wait");
	t = doc_epub_waiting_entry(doc, 0, &level0);
	tap_ok(t != NULL && strcmp(t, "D") == 0, "... the first one waiting is D's");
	t = doc_epub_waiting_entry(doc, 1, &level);
	tap_ok(t != NULL && strcmp(t, "F middle") == 0 && level == level0 + 1 &&
	           doc_epub_waiting_entry(doc, 2, &level) == NULL,
	       "... each with its title and level, in the TOC's order");
	tap_ok(doc_load_all(doc, &cause) == 0 && !doc->partial, "read whole");
	nb = block_with(doc, "NBSP\xc2\xa0HERE");
	u1 = block_with(doc, "UNCLOSED one");
	u2 = block_with(doc, "UNCLOSED two");
	pre = block_with(doc, "PRE-FIRST");
	up = block_with(doc, "UPPER-P");
	gone = block_with(doc, "gone.xhtml is missing from the book");
	ee = block_with(doc, "EEE paragraph 5");
	mid = block_with(doc, "FFF paragraph 500");
	tap_ok(nb > 0 && u1 > nb && pre > u2 && up > pre && gone > up && ee > gone && mid > ee,
	       "every chapter in the spine's order, the missing one a line saying so");
	tap_ok(u2 > u1, "a chapter that is no well-formed XML is read as HTML");
	t = pre > 0 ? doc_block_text(doc, (size_t)pre, &len) : "";
	tap_ok(strncmp(t, "PRE-FIRST", 9) == 0 && up > pre && doc->blocks[up].kind == BLOCK_PARA,
	       "<pre>'s first line end dropped, <P> a paragraph, as HTML reads them");
	tap_is_int((long)doc->noutline, 3, "every TOC entry placed");
	tap_is_int((long)doc_epub_waiting(doc), 0, "... none waits");
	doc_free(&doc);

	doc = doc_load(book("whole.epub", en, 9), NULL, &cause);
	if (doc != NULL) {
		tap_ok(doc_epub_reach(doc, 1, &block, &cause) == 0 &&
		           block == (size_t)block_with(doc, "FFF paragraph 500"),
		       "doc_epub_reach reads on to a waiting entry's place mid-chapter");
		tap_ok(doc_epub_waiting(doc) == 0 && doc->noutline == 3,
		       "... and the entries before it are placed too");
		doc_free(&doc);
	}
out:
	free(a);
	free(e);
	free(f);
}

int
main(void)
{
	char cmd[128];

	if (mkdtemp(dir) == NULL) {
		tap_skip_all("no temporary folder");
		return 0;
	}
	test_links();
	test_ncx();
	test_no_toc();
	test_hostile();
	test_progressive();
	test_whole();
	test_errors();
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
	return tap_done();
}
