/*
 * Shared by the loaders of marked-up text (doc-markdown.c, doc-html.c): the inline text of one
 * block being gathered (white space collapsed as HTML does, styles and links as spans:
 * doc-inline.c), what both make of tags, entities and attributes (doc-markup.c), and the HTML
 * walker, which Markdown also uses for its blocks of raw HTML (doc-html.c).
 */
#ifndef QARI_DOC_PRIVATE_H
#define QARI_DOC_PRIVATE_H

#include <stddef.h>
#include <stdint.h>

#include "doc.h"

/* How inline_add treats white space. */
enum inline_mode {
	INLINE_COLLAPSE, /* runs of white space are one space; none at either end */
	INLINE_SPACES,   /* spaces kept, a newline or a tab is a space (inline code) */
	INLINE_VERBATIM, /* newlines kept, tabs expanded to stops of 8 (code blocks) */
};

/* Bidi controls the loaders put around runs the markup gives a direction. */
#define BIDI_LRE 0x202A
#define BIDI_RLE 0x202B
#define BIDI_PDF 0x202C
#define BIDI_LRO 0x202D
#define BIDI_RLO 0x202E
#define BIDI_LRI 0x2066
#define BIDI_RLI 0x2067
#define BIDI_FSI 0x2068
#define BIDI_PDI 0x2069

/* The text of one block in the making; zero it to start. */
struct inline_text {
	char *buf;
	size_t len, cap;
	size_t chars; /* code points in buf */
	int space;    /* white space seen since the last character: a space goes before the next */
	int newline;  /* and it held a source line end to keep (inline_line_end): a '\n' goes */
	size_t col;   /* code points since the last newline, for tabs in verbatim text */
	size_t line;  /* source line of the first character, 0 while unknown */
	struct span *spans;
	size_t nspans, spans_cap;
};

/* Adds len bytes of UTF-8 (checked: controls become pictures, bad bytes U+FFFD). */
void inline_add(struct inline_text *t, const char *s, size_t len, enum inline_mode mode);

/*
 * A line end of the source inside a paragraph (a Markdown soft break): white space as any, but
 * kept as a '\n' in the block, so that the layout can keep the line (verse) or join it.
 */
void inline_line_end(struct inline_text *t);

/* Adds one character; an isolate or embedding initiator takes the pending space before it. */
void inline_add_char(struct inline_text *t, uint32_t cp);

/* Where the next character goes, for a span starting there (white space is trimmed later). */
size_t inline_pos(const struct inline_text *t);

/* Records a span from start (an inline_pos) to here; empty ones are dropped at flush. */
void inline_span(struct inline_text *t, size_t start, int style, uint32_t link);

/* Drops a trailing attribute list ("{#id}", "{: .class}") that kramdown puts after a heading. */
void inline_strip_attrs(struct inline_text *t);

/*
 * Makes a block of the text gathered, with prefix (a list marker, may be NULL) before it, and
 * starts over. Returns NULL, adding nothing, when the text shows nothing (only white space or
 * bidi controls).
 */
struct block *inline_flush(struct doc *doc, struct inline_text *t, enum block_kind kind, int level,
                           enum doc_dir dir, const char *prefix);

/* Drops what is gathered. */
void inline_clear(struct inline_text *t);

/* Whether inline_flush would make a block of what is gathered. */
int inline_visible(const struct inline_text *t);

void inline_free(struct inline_text *t);

/*
 * How a cell's text stands in its column: at the start of the row's direction (the default),
 * at its end, centred, or on the left or right whatever the direction (HTML's align=left).
 */
enum table_align { TABLE_START, TABLE_END, TABLE_CENTER, TABLE_LEFT, TABLE_RIGHT };

/*
 * Records the alignment of cell k (from 0) of the row that will be block b: the loaders, as
 * they meet the cell; doc_table_align uses and forgets what was recorded.
 */
void doc_table_cell_align(struct doc *doc, size_t b, size_t k, enum table_align align);

/*
 * Lines up the columns of the table whose rows are blocks first to the last (doc-table.c):
 * pads each cell with spaces to its column's width, before or after it or both as its
 * alignment says, when the table fits a screen.
 */
void doc_table_align(struct doc *doc, size_t first);

/* One tag of raw HTML, as markup_tag reads it; the attribute values point into the source. */
struct markup_tag {
	int close; /* </name> */
	int empty; /* <name/> or a void element (br, img, hr...): nothing to close */
	char
	    name[16]; /* lower case; empty for a comment, a declaration, a processing instruction */
	const char *dir, *href;
	size_t dirlen, hreflen; /* values still hold their entities */
	int has_dir, has_href;
};

/* Reads the tag that s starts with ('<'); returns its length, or 0 when s is not a tag. */
size_t markup_tag(const char *s, size_t len, struct markup_tag *tag);

/* Decodes an entity ("&lrm;", "&#1604;", "&#x200F;") to *cp; 0 when it is none known. */
int markup_entity(const char *s, size_t len, uint32_t *cp);

/* Moves *s and *len in past the HTML white space at either end. */
void markup_trim(const char **s, size_t *len);

/* Whether the file name's extension is one of exts (a NULL-terminated list, lower case). */
int doc_has_extension(const char *path, const char *const *exts);

/* What a file's name says it is, by the one list of extensions qari reads (doc-markup.c). */
enum doc_named {
	DOC_NAMED_NONE,
	DOC_NAMED_TEXT,
	DOC_NAMED_MARKDOWN,
	DOC_NAMED_HTML,
	DOC_NAMED_EPUB,
};
enum doc_named doc_named(const char *path);

/*
 * An EPUB book (doc-epub.c): NULL with a one-line *cause for anything that is no book qari can
 * read (not a ZIP, no container or package, DRM, past the size it takes). Its first chapters
 * are read at open; with more left, it is partial and doc_epub_more reads on (doc_load_more
 * calls it; -1 with *cause, the book ending there, when its file is gone or another now),
 * doc_epub_free drops what is left when it is freed before its end.
 */
struct doc *doc_epub_load(const char *path, char **cause);
int doc_epub_more(struct doc *doc, size_t bytes, char **cause);
int doc_epub_all(struct doc *doc, char **cause); /* the rest, all at once: doc_load_all's */
/* Reads on to the chapter that place id ("chapter#id") is in, if it is still to read. */
int doc_epub_read_for(struct doc *doc, const char *id, char **cause);
void doc_epub_free(struct doc *doc);

/* A document for a loader that builds it itself (doc-epub.c); doc_book_done ends it. */
struct doc *doc_new_book(const char *path);
void doc_book_done(struct doc *doc);

/* Adds a link target to doc->links (cleaned) and returns its index. */
uint32_t doc_add_link(struct doc *doc, const char *url, size_t len);

/* A direction attribute's value: DIR_LTR, DIR_RTL, DIR_AUTO for "auto", -1 for none. */
int doc_parse_dir(const char *value, size_t len);

/* Whether a language tag (BCP 47: "ar", "fa-IR", "he") names a language written right to left. */
int doc_lang_rtl(const char *tag, size_t len);

/* The marker of a list item at depth (1-based): a bullet, or number n and its delimiter. */
void doc_list_marker(char *out, size_t size, int depth, int ordered, unsigned n, char delim);

/* The cells a list marker takes on screen (cell.c's widths), at most 255. */
int doc_marker_cells(const char *marker);

/*
 * Walks len bytes of HTML from a Markdown file (a block of raw HTML) and adds its blocks:
 * dir is the direction the Markdown gives it, line the source line it starts at.
 */
void html_fragment(struct doc *doc, const char *s, size_t len, enum doc_dir dir, size_t line);

#endif
