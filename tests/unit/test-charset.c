/*
 * doc-charset.c and what doc.c does with it: Arabic and Hebrew single-byte charsets converted
 * to UTF-8, invalid bytes as U+FFFD, UTF-16 with a byte order mark, the charset an HTML page
 * declares (meta charset, http-equiv, quotes, case, comments, the first 1024 bytes only, the
 * XML declaration), pages loaded in their declared charset or left in UTF-8 when they are, and
 * the identity of a converted document.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "doc.h"
#include "utf8.h"
#include "tap.h"
#include "doctest.h"

#define MARHABA_1256 "\xE3\xD1\xCD\xC8\xC7 \xC8\xC7\xE1\xDA\xC7\xE1\xE3"
#define MARHABA      "مرحبا بالعالم"

/* Converts len bytes from label and checks the UTF-8 that comes out. */
static void
is_converted(const char *in, size_t len, const char *label, const char *want, const char *what)
{
	char *cause = NULL, *out = doc_charset_convert(in, len, label, 1 << 20, &len, &cause);

	if (out == NULL)
		printf("# %s\n", cause ? cause : "(no cause)");
	else if (strlen(out) != len)
		printf("# *outlen %zu, strlen %zu\n", len, strlen(out));
	tap_is_str(out, want, what);
	free(out);
	free(cause);
}

static void
test_convert(void)
{
	char *cause = NULL, *out;
	size_t n = 0;

	is_converted(MARHABA_1256, 13, "windows-1256", MARHABA, "windows-1256: Arabic");
	is_converted(MARHABA_1256, 13, "CP1256", MARHABA, "cp1256, in capitals: the same");
	is_converted("\xF9\xEC\xE5\xED \xF2\xE5\xEC\xED", 9, "windows-1255", "שלום עולם",
	             "windows-1255: Hebrew");
	is_converted("\xED\xD9\xED", 3, "windows-1255", "ם\uFFFDם",
	             "windows-1255 holds a letter back: it comes out before U+FFFD and at the end");
	is_converted("\xF9\xEC\xE5\xED", 4, "iso-8859-8-i", "שלום",
	             "iso-8859-8-i (which glibc does not know) is ISO-8859-8");
	is_converted("\xD3\xE4\xC7\xE5", 4, "iso-8859-6", "سلام", "iso-8859-6: Arabic");
	is_converted("\x93quoted\x94", 8, "iso-8859-1", "\u201Cquoted\u201D",
	             "iso-8859-1 is read as windows-1252, as browsers do");
	is_converted("\xD3\xA1\xE4", 3, "iso-8859-6", "س\uFFFDل",
	             "a byte iso-8859-6 leaves undefined is U+FFFD, and the rest follows");
	is_converted("a\xFF\xC3", 3, "utf-8", "a\uFFFD\uFFFD",
	             "invalid and truncated UTF-8 through iconv: U+FFFD each");
	is_converted("\x33\x06\x44\x06\x27\x06\x45\x06", 8, "utf-16le", "سلام", "UTF-16LE");
	is_converted("\x06\x33\x06\x44\x06\x27\x06\x45", 8, "UTF-16BE", "سلام", "UTF-16BE");
	is_converted("\x00\xD8\x41\x00", 4, "UTF-16LE", "\uFFFDA",
	             "UTF-16: a lone surrogate is U+FFFD, the next unit is read in step");
	is_converted("\x41\x00\x42", 3, "UTF-16LE", "A\uFFFD",
	             "UTF-16: an odd last byte is U+FFFD");
	is_converted("", 0, "windows-1256", "", "nothing converts to nothing");

	out = doc_charset_convert("abc", 3, "nonsense", 100, &n, &cause);
	tap_ok(out == NULL && cause != NULL && strstr(cause, "'nonsense'") != NULL &&
	           strchr(cause, '\n') == NULL,
	       "an unknown label: NULL, and one line naming it");
	free(cause);
	cause = NULL;
	out = doc_charset_convert(MARHABA_1256, 13, "windows-1256", 20, &n, &cause);
	tap_ok(out == NULL && cause != NULL && strstr(cause, "too large") != NULL,
	       "past the limit once converted (13 bytes grow to 25): refused");
	free(cause);
	cause = NULL;
	out = doc_charset_convert(MARHABA_1256, 13, "windows-1256", 25, &n, &cause);
	tap_ok(out != NULL && n == 25, "... and exactly at the limit: converted");
	free(out);

	tap_ok(doc_charset_known("windows-1256") && doc_charset_known("cp1255") &&
	           doc_charset_known("ISO-8859-8-I") && doc_charset_known("utf8"),
	       "known: windows-1256, cp1255, ISO-8859-8-I, utf8");
	tap_ok(!doc_charset_known("nonsense") && !doc_charset_known("") &&
	           !doc_charset_known("UTF-8//TRANSLIT") && !doc_charset_known("cp1256//IGNORE") &&
	           !doc_charset_known("../../tmp/x"),
	       "unknown: nonsense, empty, //TRANSLIT and //IGNORE suffixes, a path");
}

static void
test_bom_and_utf8(void)
{
	size_t n = 9;

	tap_is_str(doc_charset_bom("\xFF\xFEx\x00", 4, &n), "UTF-16LE", "FF FE: UTF-16LE");
	tap_is_int(n, 2, "... a BOM of 2 bytes");
	tap_is_str(doc_charset_bom("\xFE\xFF\x00x", 4, &n), "UTF-16BE", "FE FF: UTF-16BE");
	tap_is_str(doc_charset_bom("\xEF\xBB\xBFx", 4, &n), "UTF-8", "EF BB BF: UTF-8");
	tap_is_int(n, 3, "... a BOM of 3 bytes");
	tap_ok(doc_charset_bom("<html>", 6, &n) == NULL && n == 0, "no BOM: NULL, 0");
	tap_ok(doc_charset_bom("\xFF", 1, &n) == NULL, "one byte is no BOM");

	tap_ok(doc_charset_is_utf8(MARHABA "\n\x01", strlen(MARHABA) + 2),
	       "Arabic UTF-8 (with a control) is UTF-8");
	tap_ok(!doc_charset_is_utf8(MARHABA_1256, 13), "windows-1256 Arabic is not");
	tap_ok(!doc_charset_is_utf8("\xC0\x80", 2), "an overlong NUL is not");
	tap_ok(!doc_charset_is_utf8("\xED\xA0\x80", 3), "a surrogate is not");
	tap_ok(doc_charset_is_utf8("abc \xD8", 5), "a file cut short in its last character is");
	tap_ok(!doc_charset_is_utf8("a\xD8 b", 4), "... but not a lead byte in the middle");
}

/* Checks what doc_charset_html finds in page (case ignored); want NULL for nothing. */
static void
is_declared(const char *page, const char *want, const char *what)
{
	char *got = doc_charset_html(page, strlen(page));
	int same = want == NULL ? got == NULL : got != NULL && strcasecmp(got, want) == 0;

	if (!tap_ok(same, what))
		printf("# got \"%s\", want \"%s\"\n", got ? got : "(null)", want ? want : "(null)");
	free(got);
}

static void
test_sniff(void)
{
	char page[2048];

	is_declared("<html><head><meta charset=\"windows-1256\"><title>x</title>", "windows-1256",
	            "<meta charset=\"windows-1256\">");
	is_declared("<HTML><HEAD><META CHARSET=Windows-1256>", "windows-1256",
	            "capitals, no quotes");
	is_declared("<meta charset='iso-8859-6'/>", "iso-8859-6", "single quotes, self-closing");
	is_declared("<meta charset = \" cp1255 \" >", "cp1255", "spaces around = and the label");
	is_declared(
	    "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1255\">",
	    "windows-1255", "http-equiv Content-Type, content=\"...; charset=...\"");
	is_declared("<meta content='text/html;charset=\"CP1256\"' http-equiv=content-type>",
	            "cp1256", "content before http-equiv, the charset quoted inside, no space");
	is_declared("<meta content=\"text/html; charset=windows-1256\">", NULL,
	            "content without http-equiv: not a declaration");
	is_declared("<meta name=\"description\" content=\"charset=windows-1256\">", NULL,
	            "content of another meta: not one either");
	is_declared("<!-- <meta charset=\"windows-1256\"> --><p>", NULL, "inside a comment: no");
	is_declared("<div title=\"<meta charset=windows-1256>\"><p>", NULL,
	            "inside another tag's attribute: no");
	is_declared("<!--><meta charset=windows-1256>", "windows-1256",
	            "after <!--> (a comment that ends at once)");
	is_declared("<meta charset=\"nonsense\"><meta charset=\"windows-1256\">", "windows-1256",
	            "an unknown label is passed over: the next one counts");
	is_declared("<meta charset=\"\"><p>", NULL, "an empty label: nothing");
	is_declared("<meta charset=\"utf-16le\">", "UTF-8",
	            "utf-16 in a page read as ASCII means UTF-8 (the standard's rule)");
	is_declared("<meta charset=\"utf-32\">", NULL, "utf-32 cannot be, it is passed over");
	is_declared("<meta charset=\"x-user-defined\">", "windows-1252",
	            "x-user-defined means windows-1252");
	is_declared("<meta charset=\"UTF-8\">", "UTF-8", "UTF-8 declared");
	is_declared("<?xml version=\"1.0\" encoding=\"windows-1256\"?>\n<html><p>", "windows-1256",
	            "an XML declaration's encoding");
	is_declared("<?xml version=\"1.0\" encoding=\"windows-1256\"?><meta charset=cp1255>",
	            "cp1255", "... a meta wins over it");
	is_declared("<html><body><p>no declaration</p>", NULL, "no declaration: NULL");
	is_declared("<meta charset=\"windows-12", NULL, "a label cut off by the end: nothing");

	memset(page, ' ', sizeof page);
	memcpy(page, "<html>", 6);
	memcpy(page + 1100, "<meta charset=\"windows-1256\">", 29);
	page[sizeof page - 1] = '\0';
	is_declared(page, NULL, "a meta beyond the first 1024 bytes is not honoured");
	memcpy(page + 1000, "<meta charset=\"windows-1256\">", 29);
	is_declared(page, NULL, "... nor one that ends beyond them");
	memcpy(page + 900, "<meta charset=\"windows-1256\">", 29);
	is_declared(page, "windows-1256", "... one within them is");
}

static void
test_html(void)
{
	static const char page1256[] =
	    "<html><head><meta charset=\"windows-1256\"><title>" MARHABA_1256 "</title></head>"
	    "<body><h1>" MARHABA_1256
	    "</h1><p>\xD3\xE1\xC7\xE3 \xDA\xE1\xED\xDF\xE3</p></body></html>";
	static const char pageutf8[] =
	    "<html><head><meta charset=\"windows-1256\"><title>" MARHABA
	    "</title></head><body><h1>" MARHABA "</h1><p>سلام عليكم</p></body></html>";
	static const char http1255[] =
	    "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
	    "charset=windows-1255\"><title>\xF9\xEC\xE5\xED</title></head><body>"
	    "<p>\xF9\xEC\xE5\xED \xF2\xE5\xEC\xED</p></body></html>";
	struct doc *doc, *again;

	doc = load_doc("page.html", page1256, sizeof page1256 - 1, NULL, NULL);
	tap_ok(doc != NULL, "a windows-1256 page loads");
	if (doc != NULL) {
		tap_is_str(doc->title, MARHABA, "... its title in Arabic");
		is_block(doc, 0, BLOCK_HEADING, 1, MARHABA, "... its h1");
		is_block(doc, 1, BLOCK_PARA, 0, "سلام عليكم", "... its paragraph");
		tap_ok(!text_has(doc, "\uFFFD"), "... not one U+FFFD");
		tap_is_int(doc->dir, DIR_RTL, "... read right to left");
		again = load_doc("page.html", page1256, sizeof page1256 - 1, NULL, NULL);
		tap_ok(again != NULL && again->hash == doc->hash,
		       "the same page loaded again: the same identity");
		doc_free(&again);
		again = load_doc("utf8.html", pageutf8, sizeof pageutf8 - 1, NULL, NULL);
		tap_ok(again != NULL && again->hash == doc->hash,
		       "its UTF-8 twin: the same identity, which is that of the text in UTF-8");
		doc_free(&again);
		doc_free(&doc);
	}

	doc = load_doc("utf8.html", pageutf8, sizeof pageutf8 - 1, NULL, NULL);
	tap_ok(doc != NULL && doc->title != NULL && strcmp(doc->title, MARHABA) == 0 &&
	           text_has(doc, "سلام عليكم"),
	       "a UTF-8 page that declares windows-1256 stays UTF-8");
	doc_free(&doc);

	doc = load_doc("he.html", http1255, sizeof http1255 - 1, NULL, NULL);
	tap_ok(doc != NULL && doc->title != NULL && strcmp(doc->title, "שלום") == 0 &&
	           text_has(doc, "שלום עולם"),
	       "a windows-1255 page declared by http-equiv: Hebrew title and text");
	doc_free(&doc);

	doc = load_doc("x", page1256, sizeof page1256 - 1, "html", NULL);
	tap_ok(doc != NULL && text_has(doc, "سلام عليكم"),
	       "no extension, --format html: converted as well");
	doc_free(&doc);

	doc = load_doc("page.html", page1256, sizeof page1256 - 1, NULL, "utf-8");
	tap_ok(doc != NULL && text_has(doc, "\uFFFD") && !text_has(doc, "سلام"),
	       "--encoding utf-8 overrides the declaration: U+FFFD");
	doc_free(&doc);

	doc = load_doc("page.html", page1256, sizeof page1256 - 1, NULL, "windows-1255");
	tap_ok(doc != NULL && !text_has(doc, "سلام"), "... and so does another --encoding");
	doc_free(&doc);
}

static void
test_html_odd(void)
{
	static const char unknown[] = "<html><head><meta charset=\"nonsense\"></head><body><p>"
	                              "\xD3\xE1\xC7\xE3</p></body></html>";
	static const char bom1256[] = "\xEF\xBB\xBF<html><head><meta charset=\"windows-1256\">"
	                              "</head><body><p>a \xD3\xE1\xC7\xE3</p></body></html>";
	static const char bomhtml[] = "\xEF\xBB\xBF<html><body><p>" MARHABA "</p></body></html>";
	static const char late[] = "<meta charset=\"windows-1256\"><p>\xD3\xE1\xC7\xE3</p>";
	char page[2048];
	struct doc *doc;

	doc = load_doc("odd.html", unknown, sizeof unknown - 1, NULL, NULL);
	tap_ok(doc != NULL && doc->nblocks == 1 && text_has(doc, "\uFFFD\uFFFD\uFFFD\uFFFD"),
	       "an unknown declared charset: read as UTF-8, the bytes as U+FFFD");
	doc_free(&doc);

	doc = load_doc("bom.html", bom1256, sizeof bom1256 - 1, NULL, NULL);
	tap_ok(doc != NULL && text_has(doc, "\uFFFD") && !text_has(doc, "\uFEFF"),
	       "a UTF-8 BOM wins over a declaration, and is not shown");
	doc_free(&doc);

	doc = load_doc("bom.html", bomhtml, sizeof bomhtml - 1, NULL, NULL);
	tap_ok(doc != NULL && doc->nblocks == 1 && !text_has(doc, "\uFEFF"),
	       "a UTF-8 page with a BOM: the BOM is not text");
	doc_free(&doc);

	memset(page, ' ', sizeof page);
	memcpy(page, "<html><head>", 12);
	memcpy(page + 1100, late, strlen(late));
	doc = load_doc("late.html", page, sizeof page, NULL, NULL);
	tap_ok(doc != NULL && !text_has(doc, "سلام") && text_has(doc, "\uFFFD"),
	       "a declaration after 1024 bytes is not honoured by the loader either");
	doc_free(&doc);
}

/* A UTF-16 text: the BOM, then s (UTF-8, ASCII and Arabic only) in UTF-16 little or big endian. */
static char *
utf16(const char *s, int big, size_t *len)
{
	char *out = malloc(2 + strlen(s) * 2), *o = out;
	uint32_t cp;
	size_t i = 0;

	*o++ = big ? '\xFE' : '\xFF';
	*o++ = big ? '\xFF' : '\xFE';
	while (s[i] != '\0') {
		i += utf8_decode((const unsigned char *)s + i, strlen(s + i), &cp);
		*o++ = big ? cp >> 8 : cp & 0xFF;
		*o++ = big ? cp & 0xFF : cp >> 8;
	}
	*len = o - out;
	return out;
}

static void
test_text(void)
{
	static const char text[] = MARHABA "\n\nهذا نص تجريبي طويل بما فيه الكفاية ليكون فقرة.\n";
	static const char text1256[] = MARHABA_1256 "\n\n\xE5\xD0\xC7 \xE4\xD5.\n";
	char *buf, *cause = NULL;
	struct doc *doc, *ref;
	size_t len;

	ref = load_doc("ref.txt", text, sizeof text - 1, NULL, NULL);
	buf = utf16(text, 0, &len);
	doc = load_doc("le.txt", buf, len, NULL, NULL);
	free(buf);
	tap_ok(doc != NULL, "a UTF-16LE text with a BOM loads (it is not binary)");
	if (doc != NULL && ref != NULL) {
		tap_is_str(doc->format, "text", "... as text");
		tap_is_str(doc->title, MARHABA, "... its title");
		tap_ok(doc->text_len == ref->text_len && strcmp(doc->text, ref->text) == 0,
		       "... the same text as its UTF-8 original, no BOM in it");
		tap_ok(doc->hash == ref->hash, "... and the same identity: the text is the same");
	}
	doc_free(&doc);
	buf = utf16(text, 1, &len);
	doc = load_doc("be.txt", buf, len, NULL, NULL);
	free(buf);
	tap_ok(doc != NULL && ref != NULL && strcmp(doc->text, ref->text) == 0,
	       "a UTF-16BE text with a BOM: the same text");
	doc_free(&doc);
	buf = utf16("# " MARHABA "\n\nنص *مائل*.\n", 0, &len);
	doc = load_doc("le.md", buf, len, NULL, NULL);
	free(buf);
	tap_ok(doc != NULL && strcmp(doc->format, "markdown") == 0 && doc->nblocks == 2 &&
	           doc->nspans == 1,
	       "a UTF-16LE Markdown file: its heading, its emphasis");
	doc_free(&doc);
	doc_free(&ref);

	doc = load_doc("a.txt", text1256, sizeof text1256 - 1, NULL, "cp1256");
	tap_ok(doc != NULL && doc->title != NULL && strcmp(doc->title, MARHABA) == 0 &&
	           text_has(doc, "هذا نص."),
	       "--encoding cp1256 on a text: Arabic");
	doc_free(&doc);
	doc = load_doc("a.txt", text1256, sizeof text1256 - 1, NULL, NULL);
	tap_ok(doc != NULL && text_has(doc, "\uFFFD") && !text_has(doc, "هذا"),
	       "the same without --encoding: U+FFFD (a text declares nothing)");
	doc_free(&doc);
	doc = doc_load_buffer_encoded("a.txt", "abc\n", 4, NULL, "nonsense", &cause);
	tap_ok(doc == NULL && cause != NULL && strstr(cause, "unknown encoding 'nonsense'") != NULL,
	       "an unknown --encoding: no document, the label named");
	free(cause);
}

int
main(void)
{
	test_convert();
	test_bom_and_utf8();
	test_sniff();
	test_html();
	test_html_odd();
	test_text();
	return tap_done();
}
