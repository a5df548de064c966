/*
 * Parts of the HTML walk with a shape of their own: lists (the marker goes on an item's first
 * block), table rows (cells in one block, one direction for the table), and the void elements
 * that still mean something to a reader (<br>, <hr>, a checkbox).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "doc.h"
#include "doc-private.h"
#include "doc-html.h"

/*
 * Whether a list is tight, as a browser draws it: no item holds a paragraph (<p> has margins,
 * text and nested lists alone have none).
 */
static int
tight(xmlNode *list)
{
	xmlNode *li, *c;

	for (li = list->children; li != NULL; li = li->next) {
		if (li->type != XML_ELEMENT_NODE || strcasecmp((const char *)li->name, "li") != 0)
			continue;
		for (c = li->children; c != NULL; c = c->next)
			if (c->type == XML_ELEMENT_NODE &&
			    strcasecmp((const char *)c->name, "p") == 0)
				return 0;
	}
	return 1;
}

void
html_walk_list(struct walk *w, xmlNode *n, int ordered)
{
	char *start = ordered ? html_attr(n, "start") : NULL;
	int pushed = w->nlists < HTML_DEPTH; /* deeper lists count as the innermost */

	html_begin_block(w);
	if (pushed) {
		w->lists[w->nlists].ordered = ordered;
		w->lists[w->nlists].next = start != NULL ? strtoul(start, NULL, 10) : 1;
		w->lists[w->nlists].tight = tight(n);
		w->lists[w->nlists].items = 0;
		w->lists[w->nlists].hang = 0; /* not the last list's at this depth */
		w->nlists++;
	}
	xmlFree(start);
	html_walk_children(w, n);
	html_flush(w);
	w->nlists -= pushed;
}

void
html_walk_item(struct walk *w, xmlNode *n)
{
	int l = w->nlists - 1;

	if (inline_visible(&w->t))
		html_flush(w);
	if (w->nbox == HTML_DEPTH) {
		html_walk_children(w, n);
		return;
	}
	w->box[w->nbox++] = 'L';
	doc_list_marker(w->marker, sizeof w->marker, w->nlists, l >= 0 && w->lists[l].ordered,
	                l >= 0 ? w->lists[l].next++ : 1, '.');
	if (l >= 0)
		w->lists[l].hang = doc_marker_cells(w->marker);
	w->fresh = 1;
	/* As in Markdown: no gap in a tight list, nor before one nested in a tight list. */
	if (l >= 0 && w->lists[l].tight &&
	    (w->lists[l].items++ > 0 || (l > 0 && w->lists[l - 1].tight)))
		w->joined = 1;
	html_walk_children(w, n);
	html_flush(w);
	if (w->fresh)
		html_begin_block(w);
	w->nbox--;
}

/* Where a cell's text stands: its align or text-align, else its row's. */
static enum table_align
cell_align(xmlNode *n)
{
	static const struct {
		const char *name;
		enum table_align align;
	} aligns[] = {{"left", TABLE_LEFT},     {"right", TABLE_RIGHT}, {"center", TABLE_CENTER},
	              {"middle", TABLE_CENTER}, {"start", TABLE_START}, {"end", TABLE_END}};
	enum table_align align = TABLE_START;
	char *v, buf[16];
	const char *word;
	size_t i;
	int found = 0;

	for (; n != NULL && n->type == XML_ELEMENT_NODE && !found; n = n->parent) {
		/* CSS says more than the attribute. */
		word = NULL;
		if ((v = html_attr(n, "style")) != NULL)
			word = html_style_value(v, "text-align", buf, sizeof buf);
		if (word == NULL) {
			xmlFree(v);
			word = v = html_attr(n, "align");
		}
		for (i = 0; word != NULL && i < sizeof aligns / sizeof aligns[0]; i++)
			if (strcasecmp(word, aligns[i].name) == 0) {
				align = aligns[i].align;
				found = 1;
			}
		xmlFree(v);
		if (strcmp((const char *)n->name, "tr") == 0)
			break;
	}
	return align;
}

void
html_walk_table(struct walk *w, xmlNode *n, const char *name)
{
	enum doc_dir outer;
	size_t start;

	if (strcmp(name, "tr") == 0) {
		if (inline_visible(&w->t))
			html_flush(w);
		w->cells = 0;
		w->joined = w->rows > 0;
		html_walk_children(w, n);
		w->rows += inline_visible(&w->t);
		/* One direction for the whole table, so its columns stay in place. */
		if (w->table_dir == DIR_AUTO)
			w->table_dir = doc_first_strong(w->t.buf, w->t.len);
		outer = w->dir;
		w->dir = w->dir == DIR_AUTO ? w->table_dir : w->dir;
		html_flush(w);
		w->dir = outer;
		w->joined = 0;
		return;
	}
	/*
	 * A cell: blocks inside it are runs of its text, cells are parts of the row, each isolated
	 * (FSI ... PDI) so that the row keeps the table's column order whatever its words.
	 */
	if (w->cells++ > 0)
		inline_add(&w->t, " \u2502 ", 5, INLINE_SPACES);
	if (w->cell == 0)
		doc_table_cell_align(w->doc, w->doc->nblocks, w->cells - 1, cell_align(n));
	inline_add_char(&w->t, BIDI_FSI);
	start = inline_pos(&w->t);
	w->cell++;
	html_walk_children(w, n);
	w->cell--;
	if (strcmp(name, "th") == 0)
		inline_span(&w->t, start, SPAN_BOLD, 0);
	inline_add_char(&w->t, BIDI_PDI);
}

/*
 * An image: its alt text in brackets, a link to its source (U copies it), isolated so that the
 * brackets pair whatever the text around. alt="" marks decoration, which is left out.
 */
static void
image(struct walk *w, xmlNode *n)
{
	char *alt = html_attr(n, "alt"), *src = html_attr(n, "src");
	size_t start;

	if (alt == NULL || alt[strspn(alt, " \t\n\r\f")] != '\0') {
		inline_add_char(&w->t, BIDI_FSI);
		start = inline_pos(&w->t);
		inline_add(&w->t, "[", 1, INLINE_SPACES);
		if (alt != NULL)
			inline_add(&w->t, alt, strlen(alt), INLINE_COLLAPSE);
		else
			inline_add(&w->t, "image", 5, INLINE_SPACES);
		w->t.space = 0;
		inline_add(&w->t, "]", 1, INLINE_SPACES);
		if (src != NULL && *src != '\0')
			inline_span(&w->t, start, SPAN_LINK,
			            doc_add_link(w->doc, src, strlen(src)));
		inline_add_char(&w->t, BIDI_PDI);
	}
	xmlFree(alt);
	xmlFree(src);
}

void
html_walk_void(struct walk *w, xmlNode *n, const char *name)
{
	char *type;

	if (strcmp(name, "br") == 0) {
		if (w->pre)
			inline_add(&w->t, "\n", 1, INLINE_VERBATIM);
		else if (w->heading || w->cell || !inline_visible(&w->t))
			w->t.space = w->t.len > 0;
		else {
			/* Lines of verse, an address: a line each, one under the other. */
			html_flush(w);
			w->joined = 1;
		}
	} else if (strcmp(name, "hr") == 0 && !w->cell) {
		html_begin_block(w);
		inline_add(&w->t, "\u2500\u2500\u2500\u2500\u2500\u2500", 18, INLINE_COLLAPSE);
		w->t.line = w->line0 + xmlGetLineNo(n);
		inline_flush(w->doc, &w->t, BLOCK_RULE, 0, w->dir, NULL);
	} else if (strcmp(name, "img") == 0) {
		image(w, n);
	} else if (strcmp(name, "input") == 0 && (type = html_attr(n, "type")) != NULL) {
		if (strcasecmp(type, "checkbox") == 0)
			inline_add(&w->t,
			           xmlHasProp(n, (const xmlChar *)"checked") ? "\u2611 "
			                                                     : "\u2610 ",
			           4, INLINE_COLLAPSE);
		xmlFree(type);
	}
}
