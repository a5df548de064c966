/*
 * The HTML walker's state, shared by doc-html.c (the walk) and doc-html-page.c (a whole page:
 * the article in it, its title and byline, the probe).
 */
#ifndef QARI_DOC_HTML_H
#define QARI_DOC_HTML_H

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "doc.h"
#include "doc-private.h"

#define HTML_DEPTH 32
/* Elements nested deeper than this are flattened (html_parse): the walks recurse. */
#define HTML_MAX_DEPTH 128

struct walk {
	struct doc *doc;
	struct inline_text t;
	int fragment;     /* a block of raw HTML in Markdown: an aside is the author's, a quote */
	int keep_header;  /* the header of an article holds its title; a page's is furniture */
	size_t line0;     /* added to libxml2's line numbers */
	enum doc_dir dir; /* of the blocks being walked, from the dir attributes around them */

	char box[HTML_DEPTH]; /* containers, innermost last: 'L' list item, 'Q' quote */
	int nbox;
	struct {
		int ordered, tight, items;
		int hang; /* cells of its current item's marker */
		unsigned next;
	} lists[HTML_DEPTH];
	int nlists;
	char marker[32]; /* of the item whose first block is still to come */
	int fresh;       /* that item has had no block yet */
	int joined;      /* the next block follows without a gap */
	int heading, pre, cell, cells, rows;
	int markdown;           /* inside kramdown's markdown="1" HTML */
	enum doc_dir table_dir; /* of every row: the first that has a strong character */
	size_t gen; /* blocks made: a span that saw one end in between starts with the next */
	/*
	 * A book's chapter (doc-epub.c): its ids are anchors "part#id", and book_link makes a link
	 * (href) a new string to keep instead, or NULL to keep it as it is.
	 */
	const char *part;
	char *(*book_link)(void *arg, const char *href);
	void *book_arg;
};

/* Parses len bytes of UTF-8 HTML, forgiving errors and never reaching the network. */
xmlDoc *html_parse(const char *s, size_t len);

/* The same for what should be XHTML (a book's chapter): read as XML if it is well-formed. */
xmlDoc *html_parse_xhtml(const char *s, size_t len);

/* Makes a block of the text gathered; an item's first block takes its marker. */
void html_flush(struct walk *w);

/* Before a block that is no text of the item: the item's marker on a line of its own. */
void html_begin_block(struct walk *w);

/* Walks the children of n, leaving out what shows nothing to read. */
void html_walk_children(struct walk *w, xmlNode *n);

/* <ul>, <ol>, <menu>; <li>; <tr>, <td>, <th>; <br>, <hr>, <input> (doc-html-parts.c). */
void html_walk_list(struct walk *w, xmlNode *n, int ordered);
void html_walk_item(struct walk *w, xmlNode *n);
void html_walk_table(struct walk *w, xmlNode *n, const char *name);
void html_walk_void(struct walk *w, xmlNode *n, const char *name);

/* An attribute's value, a new string (xmlFree), or NULL. */
char *html_attr(xmlNode *n, const char *name);

/* Adds the blocks of what root holds. */
void html_walk(struct walk *w, xmlNode *root);

/* The first element called name under n (n itself included), in document order, or NULL. */
xmlNode *html_find(xmlNode *n, const char *name);

/* Whether n's style attribute hides it (display:none, visibility:hidden). */
int html_style_hidden(xmlNode *n);

/*
 * The value of property name (lowercase) in a style attribute, its first word lowercased into
 * buf, or NULL when the style does not set it.
 */
const char *html_style_value(const char *style, const char *name, char *buf, size_t size);

/* The direction n's dir attribute gives (DIR_AUTO for "auto"), or -1 when it has none. */
int html_dir_attr(xmlNode *n);

/*
 * The article in a page (doc-html-extract.c): a new element in the tree holding what is kept of
 * it, or NULL when too little reads as an article; either way the tree has lost its furniture.
 */
xmlNode *html_extract(xmlNode *html);

/*
 * A page's <title> without the site's name (" | Site", "Site: "), the page's h1 (or NULL)
 * telling which side is the headline; a new string.
 */
char *html_clean_title(const char *title, const char *heading);

/* Whether two titles say the same, case, spaces and punctuation aside. */
int html_same_title(const char *a, const char *b);

/* The first string value of key in a JSON text, decoded; a new string, or NULL. */
char *html_json_string(const char *json, const char *key);

#endif
