/*
 * Unit tests for what the links of a page need, without a network: fetch_resolve (relative
 * links, <base>, schemes kept as written), file: URLs both ways, and the HTML loader's <base
 * href> and element ids (#fragment links). Prints TAP for automake's tap-driver.sh.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "fetch.h"
#include "tap.h"
#include "utf8.h"

static void
resolves(const char *base, const char *href, const char *want)
{
	char *got = fetch_resolve(base, href), what[256];

	snprintf(what, sizeof what, "'%s' against '%s'", href, base);
	if (want == NULL) {
		tap_ok(got == NULL, what);
		if (got != NULL)
			printf("# got \"%s\", want none\n", got);
	} else
		tap_is_str(got, want, what);
	free(got);
}

/* The block a page's anchor is in, its text compared with want. */
static void
anchored(const struct doc *doc, const char *id, const char *want)
{
	long b = doc_anchor_find(doc, id);
	char what[128], *text = NULL;
	size_t len;

	snprintf(what, sizeof what, "#%s is in the block that reads \"%s\"", id, want);
	if (b >= 0)
		text = doc_text_range(doc, (size_t)b, 0, utf8_count(want, strlen(want)), &len);
	tap_is_str(text, want, what);
	free(text);
}

int
main(void)
{
	static const char page[] =
	    "<html><head><base href='https://example.org/docs/'><title>T</title></head><body>"
	    "<p>First paragraph with <a name='inline'>an anchor</a> inside.</p>"
	    "<h2 id='second'>Second heading</h2><p>Text <a href='x.html'>x</a>.</p>"
	    "<div><p>Before</p><section id='third'><p>Third part</p></section></div>"
	    "</body></html>";
	struct doc *doc;
	char *cause = NULL, *s;

	setvbuf(stdout, NULL, _IONBF, 0);
	resolves("https://example.org/a/b.html", "c.html", "https://example.org/a/c.html");
	resolves("https://example.org/a/b.html", "../up.html", "https://example.org/up.html");
	resolves("https://example.org/a/b.html", "/root?q=1#f", "https://example.org/root?q=1#f");
	resolves("https://example.org/a/b.html", "//cdn.example.net/x",
	         "https://cdn.example.net/x");
	resolves("https://example.org/a/b.html", "http://other.example/", "http://other.example/");
	resolves("https://example.org/a/", "a page.html", "https://example.org/a/a%20page.html");
	resolves("https://example.org/", "mailto:someone@example.org", NULL);
	resolves("https://example.org/", "javascript:void(0)", NULL);
	resolves("file:///home/u/notes/index.html", "ch2.md#part",
	         "file:///home/u/notes/ch2.md#part");

	s = fetch_file_path("file:///tmp/a%20b/c.md");
	tap_is_str(s, "/tmp/a b/c.md", "a file: URL names its path, decoded");
	free(s);
	s = fetch_file_path("https://example.org/x");
	tap_ok(s == NULL, "an https URL names no file");
	free(s);
	s = fetch_file_url("/");
	tap_is_str(s, "file:///", "a path's file: URL");
	free(s);
	tap_ok(fetch_is_url("HTTPS://example.org") && fetch_is_url("http://x") &&
	           !fetch_is_url("httpx://x") && !fetch_is_url("file:///x") &&
	           !fetch_is_url("notes.html"),
	       "what counts as a URL to fetch: http:// and https:// only");

	doc_html_extract = 0; /* the page whole: every id is kept */
	if ((doc = doc_load_buffer("page.html", page, strlen(page), "html", &cause)) == NULL) {
		tap_ok(0, cause);
		return tap_done();
	}
	tap_is_str(doc->base, "https://example.org/docs/", "<base href> is kept for the links");
	anchored(doc, "inline", "First paragraph");
	anchored(doc, "second", "Second heading");
	anchored(doc, "third", "Third part");
	tap_is_int(doc_anchor_find(doc, "none"), -1, "an id not in the page is not found");
	doc_free(&doc);

	/* Markdown's headings are anchors as GitHub names them. */
	static const char md[] =
	    "# Notes\n\ntext\n\n## Second part: the *notes*!\n\nmore\n\n"
	    "## \u0627\u0644\u0642\u0633\u0645 \u0627\u0644\u062b\u0627\u0646\u064a\n\nend\n";
	if ((doc = doc_load_buffer("notes.md", md, strlen(md), "markdown", &cause)) == NULL) {
		tap_ok(0, cause);
		return tap_done();
	}
	anchored(doc, "second-part-the-notes", "Second part");
	anchored(doc, "\u0627\u0644\u0642\u0633\u0645-\u0627\u0644\u062b\u0627\u0646\u064a",
	         "\u0627\u0644\u0642\u0633\u0645");
	doc_free(&doc);
	return tap_done();
}
