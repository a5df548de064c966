/*
 * The HTML walker: libxml2's HTML parser (forgiving, offline) makes a tree, and a walk over it
 * makes blocks. Block elements end the text gathered so far and start a block of their kind
 * (headings, items, quotes, code from <pre>, table rows); inline elements add styles, links
 * and, with a dir attribute, an isolate around their run. What is not the text is left out:
 * scripts, styles, forms, navigation, page header (unless it holds the h1) and footer, asides.
 * dir attributes are
 * inherited by the blocks inside. doc-html-page.c picks the article in a page and reads its
 * title and byline; Markdown hands its blocks of raw HTML to html_fragment.
 */
#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "doc.h"
#include "doc-private.h"
#include "doc-html.h"
#include "xmalloc.h"

/* Elements that hold no text to read (or only the page's furniture). */
static const char *const dropped[] = {
    "script", "style",    "noscript", "template", "nav",    "footer", "form",   "button",
    "select", "textarea", "iframe",   "svg",      "canvas", "object", "embed",  "video",
    "audio",  "map",      "head",     "title",    "meta",   "link",   "dialog", NULL};

/* Elements that end a block and start one; the others are inline. */
static const char *const blocks[] = {
    "p",          "div",     "section", "article", "main", "header", "address", "figure",
    "figcaption", "details", "summary", "center",  "dl",   "dt",     "dd",      "fieldset",
    "legend",     "caption", "hgroup",  "body",    "html", "aside",  "search",  "noframes",
    "blockquote", "pre",     "ul",      "ol",      "menu", "li",     "table",   "h1",
    "h2",         "h3",      "h4",      "h5",      "h6",   NULL};

static const struct {
	const char *name;
	int style;
} styles[] = {
    {"b", SPAN_BOLD},        {"strong", SPAN_BOLD}, {"i", SPAN_ITALIC},   {"em", SPAN_ITALIC},
    {"cite", SPAN_ITALIC},   {"dfn", SPAN_ITALIC},  {"var", SPAN_ITALIC}, {"u", SPAN_UNDERLINE},
    {"ins", SPAN_UNDERLINE}, {"s", SPAN_STRIKE},    {"del", SPAN_STRIKE}, {"strike", SPAN_STRIKE},
    {"code", SPAN_CODE},     {"kbd", SPAN_CODE},    {"samp", SPAN_CODE},  {"tt", SPAN_CODE}};

static int
in_list(const char *name, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp(name, *list) == 0)
			return 1;
	return 0;
}

char *
html_attr(xmlNode *n, const char *name)
{
	return (char *)xmlGetProp(n, (const xmlChar *)name);
}

/* The direction a dir attribute gives (DIR_AUTO for "auto"), or -1 when there is none. */
int
html_dir_attr(xmlNode *n)
{
	char *v = html_attr(n, "dir");
	int dir = v != NULL ? doc_parse_dir(v, strlen(v)) : -1;

	xmlFree(v);
	return dir;
}

xmlNode *
html_find(xmlNode *n, const char *name)
{
	xmlNode *c, *f;

	if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0)
		return n;
	for (c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE && (f = html_find(c, name)) != NULL)
			return f;
	return NULL;
}

static enum block_kind
context(const struct walk *w, int *level)
{
	int i, items = 0, quotes = 0;

	for (i = 0; i < w->nbox; i++) {
		items += w->box[i] == 'L';
		quotes += w->box[i] == 'Q';
	}
	/* Both count: a list in a quote keeps the quote's indent, a quote in an item the item's. */
	*level = items + quotes;
	if (w->pre)
		return BLOCK_CODE;
	if (w->heading)
		*level = w->heading;
	return w->heading                   ? BLOCK_HEADING
	       : w->nbox == 0               ? BLOCK_PARA
	       : w->box[w->nbox - 1] == 'L' ? BLOCK_ITEM
	                                    : BLOCK_QUOTE;
}

/* Makes a block of the text gathered; an item's first block takes its marker. */
void
html_flush(struct walk *w)
{
	int level;
	enum block_kind kind = context(w, &level);
	const char *prefix = NULL;
	struct block *b;

	if (w->fresh && kind == BLOCK_ITEM)
		prefix = w->marker;
	if ((b = inline_flush(w->doc, &w->t, kind, level, w->dir, prefix)) == NULL)
		return;
	b->flags |= w->joined ? BLOCK_JOINED : 0;
	b->flags |= prefix != NULL ? BLOCK_MARKER : 0;
	if (kind == BLOCK_ITEM && w->nlists > 0)
		b->hang = w->lists[w->nlists - 1].hang;
	w->joined = 0;
	w->fresh = prefix != NULL ? 0 : w->fresh;
	w->gen++;
	if (kind == BLOCK_HEADING && level == 1 && w->doc->title == NULL)
		w->doc->title = xstrndup(w->doc->text + b->off, b->len);
}

/* Before a block that is no text of the item: the item's marker on a line of its own. */
void
html_begin_block(struct walk *w)
{
	if (inline_visible(&w->t))
		html_flush(w);
	if (w->fresh) {
		size_t gen = w->gen;

		/* Not fresh first, or html_flush would add the marker a second time. */
		w->fresh = 0;
		inline_add(&w->t, w->marker, strlen(w->marker), INLINE_COLLAPSE);
		html_flush(w);
		if (w->gen != gen)
			w->doc->blocks[w->doc->nblocks - 1].flags |= BLOCK_MARKER;
	}
}

/*
 * Text inside kramdown's markdown="1" HTML, which Markdown left as it was: its [text](url)
 * links become links rather than brackets. (Other Markdown in there stays as written.)
 */
static void
text_links(struct walk *w, const char *s, size_t len)
{
	const char *p = s, *end = s + len, *open, *mid, *close;
	size_t start;

	while ((open = memchr(p, '[', end - p)) != NULL &&
	       (mid = memmem(open, end - open, "](", 2)) != NULL &&
	       (close = memchr(mid, ')', end - mid)) != NULL) {
		inline_add(&w->t, p, open - p, INLINE_COLLAPSE);
		start = inline_pos(&w->t);
		inline_add(&w->t, open + 1, mid - open - 1, INLINE_COLLAPSE);
		inline_span(&w->t, start, SPAN_LINK,
		            doc_add_link(w->doc, mid + 2, close - mid - 2));
		p = close + 1;
	}
	inline_add(&w->t, p, end - p, INLINE_COLLAPSE);
}

/*
 * The line a text node's first visible character is on. libxml2 gives a text node the line
 * the parser had reached when it made the node, near the text's end; an element's is that of
 * its start tag. So count from the element before the text, or the one around it.
 */
static long
text_line(xmlNode *n)
{
	xmlNode *from = n->prev != NULL ? n->prev : n->parent;
	const char *s = (const char *)n->content;
	long line = from != NULL ? xmlGetLineNo(from) : xmlGetLineNo(n);

	for (; *s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'; s++)
		line += *s == '\n';
	return line > 0 ? line : 0;
}

static void
text(struct walk *w, xmlNode *n)
{
	const char *s = (const char *)n->content;

	if (s == NULL)
		return;
	if (w->markdown && !w->pre)
		text_links(w, s, strlen(s));
	else
		inline_add(&w->t, s, strlen(s), w->pre ? INLINE_VERBATIM : INLINE_COLLAPSE);
	if (w->t.line == 0 && w->t.len > 0)
		w->t.line = w->line0 + text_line(n);
}

/* An inline element: its style or link as a span, its direction as an isolate. */
static void
walk_inline(struct walk *w, xmlNode *n, const char *name)
{
	int style = 0, dir = html_dir_attr(n);
	uint32_t link = 0, control = 0;
	size_t i, start, gen;
	char *href;

	for (i = 0; i < sizeof styles / sizeof styles[0]; i++)
		if (strcmp(name, styles[i].name) == 0)
			style = styles[i].style;
	if (w->pre && style == SPAN_CODE)
		style = 0; /* the whole block is code */
	if (strcmp(name, "a") == 0 && (href = html_attr(n, "href")) != NULL) {
		char *book = w->book_link != NULL ? w->book_link(w->book_arg, href) : NULL;
		const char *to = book != NULL ? book : href;

		style = SPAN_LINK;
		link = doc_add_link(w->doc, to, strlen(to));
		free(book);
		xmlFree(href);
	}
	if (strcmp(name, "bdo") == 0)
		control = dir == DIR_RTL ? BIDI_RLO : dir == DIR_LTR ? BIDI_LRO : 0;
	else if (dir >= 0 || strcmp(name, "bdi") == 0 || style == SPAN_CODE)
		control = dir == DIR_RTL ? BIDI_RLI : dir == DIR_LTR ? BIDI_LRI : BIDI_FSI;
	if (control != 0)
		inline_add_char(&w->t, control);
	start = inline_pos(&w->t);
	gen = w->gen;
	html_walk_children(w, n);
	if (style != 0)
		inline_span(&w->t, gen == w->gen ? start : 0, style, link);
	if (control != 0)
		inline_add_char(&w->t,
		                control == BIDI_RLO || control == BIDI_LRO ? BIDI_PDF : BIDI_PDI);
}

/* Whether an element never shows, whatever it holds: a script, a hidden element. */
static int
never_shown(xmlNode *n)
{
	char *v;
	int hidden;

	if (n->type != XML_ELEMENT_NODE)
		return 0;
	if (in_list((const char *)n->name, dropped) || xmlHasProp(n, (const xmlChar *)"hidden"))
		return 1;
	v = html_attr(n, "aria-hidden");
	hidden = v != NULL && strcmp(v, "true") == 0;
	xmlFree(v);
	return hidden || html_style_hidden(n);
}

const char *
html_style_value(const char *style, const char *name, char *buf, size_t size)
{
	const char *p, *q, *want;
	size_t n;

	/* "text-align: right", "TEXT-ALIGN:right", "display : none": however spaced and cased. */
	for (p = style; *p != '\0'; p++) {
		for (q = p, want = name; *q != '\0' && (*want != '\0' || *q != ':'); q++) {
			if (*q == ' ' || *q == '\t')
				continue;
			if (*want == '\0' || tolower((unsigned char)*q) != *want)
				break;
			want++;
		}
		if (*want != '\0' || *q != ':')
			continue;
		q += 1 + strspn(q + 1, " \t");
		for (n = 0; n + 1 < size && (isalpha((unsigned char)q[n]) || q[n] == '-'); n++)
			buf[n] = (char)tolower((unsigned char)q[n]);
		buf[n] = '\0';
		return buf;
	}
	return NULL;
}

int
html_style_hidden(xmlNode *n)
{
	char *v = html_attr(n, "style"), buf[16];
	const char *w;
	int hidden = 0;

	if (v != NULL)
		hidden = ((w = html_style_value(v, "display", buf, sizeof buf)) != NULL &&
		          strcmp(w, "none") == 0) ||
		         ((w = html_style_value(v, "visibility", buf, sizeof buf)) != NULL &&
		          strcmp(w, "hidden") == 0);
	xmlFree(v);
	return hidden;
}

/* Whether the element shows nothing to read here. */
static int
skipped(struct walk *w, xmlNode *n, const char *name)
{
	if ((strcmp(name, "aside") == 0 && !w->fragment) ||
	    (strcmp(name, "header") == 0 && !w->keep_header && html_find(n, "h1") == NULL))
		return 1;
	return never_shown(n);
}

static void
walk_element(struct walk *w, xmlNode *n, const char *name)
{
	enum doc_dir outer = w->dir;
	int dir, quote;

	if (strcmp(name, "br") == 0 || strcmp(name, "hr") == 0 || strcmp(name, "input") == 0 ||
	    strcmp(name, "img") == 0) {
		html_walk_void(w, n, name);
		return;
	}
	if (strcmp(name, "math") == 0) {
		/* A formula's alttext says it in words; else the text of its symbols. */
		char *alt = html_attr(n, "alttext");

		w->t.space = w->t.space || w->t.len > 0;
		if (alt != NULL)
			inline_add(&w->t, alt, strlen(alt), INLINE_COLLAPSE);
		else
			html_walk_children(w, n);
		xmlFree(alt);
		return;
	}
	if (strcmp(name, "tr") == 0 || strcmp(name, "td") == 0 || strcmp(name, "th") == 0) {
		html_walk_table(w, n, name);
		return;
	}
	if (w->cell || !in_list(name, blocks)) {
		if (w->cell && in_list(name, blocks))
			w->t.space = w->t.len > 0;
		walk_inline(w, n, name);
		return;
	}
	/* A block: what came before is a block of its own, in the direction outside. */
	if (inline_visible(&w->t))
		html_flush(w);
	if ((dir = html_dir_attr(n)) >= 0)
		w->dir = dir;
	quote = strcmp(name, "blockquote") == 0 || strcmp(name, "aside") == 0;
	if (strcmp(name, "ul") == 0 || strcmp(name, "ol") == 0 || strcmp(name, "menu") == 0)
		html_walk_list(w, n, name[0] == 'o');
	else if (strcmp(name, "li") == 0)
		html_walk_item(w, n);
	else if (name[0] == 'h' && name[1] >= '1' && name[1] <= '6' && !name[2]) {
		html_begin_block(w);
		w->heading = name[1] - '0';
		html_walk_children(w, n);
		html_flush(w);
		w->heading = 0;
	} else if (strcmp(name, "pre") == 0) {
		html_begin_block(w);
		w->pre++;
		html_walk_children(w, n);
		html_flush(w);
		w->pre--;
	} else if (quote && w->nbox < HTML_DEPTH) {
		html_begin_block(w);
		w->box[w->nbox++] = 'Q';
		html_walk_children(w, n);
		html_flush(w);
		w->nbox--;
	} else {
		size_t first = SIZE_MAX;

		if (strcmp(name, "table") == 0) {
			html_begin_block(w);
			w->rows = 0;
			w->table_dir = DIR_AUTO;
			if (!w->cell) /* a table in a cell is text of that cell's row */
				first = w->doc->nblocks;
		}
		html_walk_children(w, n);
		html_flush(w);
		if (first != SIZE_MAX)
			doc_table_align(w->doc, first);
	}
	w->dir = outer;
}

/*
 * An element's id (or an <a name>), for the links to it (#id): the block it is in is the one
 * being gathered, or for a block element the one after what is gathered before it.
 */
static void
anchor(struct walk *w, xmlNode *n, const char *name)
{
	char *id = html_attr(n, "id"), *key;
	size_t b;

	if (id == NULL && strcmp(name, "a") == 0)
		id = html_attr(n, "name");
	if (id == NULL)
		return;
	b = w->doc->nblocks + (!w->cell && in_list(name, blocks) && inline_visible(&w->t));
	/* A book's chapters may share ids: each is known by its chapter's name too. */
	key = w->part != NULL ? xasprintf("%s#%s", w->part, id) : NULL;
	if (key != NULL)
		doc_anchor_add(w->doc, key, strlen(key), b);
	else
		doc_anchor_add(w->doc, id, strlen(id), b);
	free(key);
	xmlFree(id);
}

void
html_walk_children(struct walk *w, xmlNode *n)
{
	const char *name;
	xmlNode *c;
	int md;

	for (c = n->children; c != NULL; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			text(w, c);
			continue;
		}
		name = (const char *)c->name;
		if (c->type != XML_ELEMENT_NODE || skipped(w, c, name))
			continue;
		md = w->fragment && xmlHasProp(c, (const xmlChar *)"markdown") != NULL;
		w->markdown += md;
		anchor(w, c, name);
		walk_element(w, c, name);
		w->markdown -= md;
	}
}

void
html_walk(struct walk *w, xmlNode *root)
{
	html_walk_children(w, root);
	html_flush(w);
	inline_free(&w->t);
}

/* The nodes under n in document order, n left out, and their depths below n: new arrays. */
static size_t
descendants(xmlNode *n, xmlNode ***all, size_t **depth)
{
	xmlNode *c = n->children;
	size_t count = 0, cap = 0, d = 1;

	*all = NULL;
	*depth = NULL;
	while (c != NULL) {
		if (count == cap) {
			cap = cap ? cap * 2 : 64;
			*all = xreallocarray(*all, cap, sizeof **all);
			*depth = xreallocarray(*depth, cap, sizeof **depth);
		}
		(*all)[count] = c;
		(*depth)[count++] = d;
		if (c->children != NULL) {
			c = c->children;
			d++;
			continue;
		}
		while (c != n && c->next == NULL) {
			c = c->parent;
			d--;
		}
		c = c != n ? c->next : NULL;
	}
	return count;
}

/*
 * Makes the nodes under n its children, in document order, each with its own taken away: what
 * was nested deeper than HTML_MAX_DEPTH keeps its text and its block breaks (an empty div still
 * ends a block), not its nesting. What never shows goes, with all it held, so that none of it
 * comes out as text.
 */
static void
flatten(xmlNode *n)
{
	xmlNode **all, *c;
	size_t *depth, count = descendants(n, &all, &depth), i, j, kept = 0;

	for (i = 0; i < count; i = j) {
		c = all[i];
		j = i + 1;
		if (!never_shown(c)) {
			all[kept++] = c;
			continue;
		}
		while (j < count && depth[j] > depth[i])
			j++;
		for (; i < j; i++) { /* one at a time: the nesting is what is too deep */
			all[i]->children = all[i]->last = NULL;
			all[i]->parent = all[i]->prev = all[i]->next = NULL;
			xmlFreeNode(all[i]);
		}
	}
	for (i = 0; i < kept; i++) {
		c = all[i];
		c->parent = n;
		c->children = c->last = NULL;
		c->prev = i > 0 ? all[i - 1] : NULL;
		c->next = i + 1 < kept ? all[i + 1] : NULL;
	}
	n->children = kept > 0 ? all[0] : NULL;
	n->last = kept > 0 ? all[kept - 1] : NULL;
	free(all);
	free(depth);
}

/* Whether an element's name has an upper-case letter: XML keeps it, HTML's parser does not. */
static int
upper_name(const xmlNode *n)
{
	const xmlChar *c;

	for (c = n->name; *c != '\0'; c++)
		if (*c >= 'A' && *c <= 'Z')
			return 1;
	return 0;
}

/*
 * Flattens what is nested past HTML_MAX_DEPTH, the walks that follow being recursive. A tree of
 * the XML parser (xml) is also checked for what the HTML parser would have read otherwise: -1
 * for an entity it left unexpanded (&nbsp; with no DTD read), a name in capitals, or a <pre>
 * whose text starts with a line end (HTML drops it).
 */
static int
tame(xmlDoc *d, int xml)
{
	xmlNode *n = xmlDocGetRootElement(d);
	int depth = 0;

	while (n != NULL) {
		if (xml && (n->type == XML_ENTITY_REF_NODE || n->type == XML_ENTITY_NODE ||
		            (n->type == XML_ELEMENT_NODE &&
		             (upper_name(n) ||
		              (strcmp((const char *)n->name, "pre") == 0 && n->children != NULL &&
		               n->children->type == XML_TEXT_NODE && n->children->content != NULL &&
		               n->children->content[0] == '\n')))))
			return -1;
		if (depth == HTML_MAX_DEPTH && n->children != NULL) {
			flatten(n);
		} else if (n->children != NULL) {
			n = n->children;
			depth++;
			continue;
		}
		while (n->next == NULL && depth > 0) {
			n = n->parent;
			depth--;
		}
		n = depth > 0 ? n->next : NULL;
	}
	return 0;
}

xmlDoc *
html_parse(const char *s, size_t len)
{
	xmlDoc *d;

	/*
	 * The text is UTF-8 by now, whatever its <meta charset> still says (doc-charset.c).
	 * XML_PARSE_HUGE: past libxml2's 256 levels its parser stops, and every word after the
	 * 256th nested element was lost; flatten keeps the walks that follow from going as deep.
	 */
	d = htmlReadMemory(s, len, NULL, "UTF-8",
	                   HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	                       HTML_PARSE_NONET | HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC |
	                       XML_PARSE_HUGE);
	if (d != NULL)
		tame(d, 0);
	return d;
}

xmlDoc *
html_parse_xhtml(const char *s, size_t len)
{
	xmlDoc *d;
	xmlNode *root;

	/*
	 * libxml2's XML parser builds the tree for a quarter less than its HTML parser, which
	 * copies text a character at a time. Only a well-formed chapter takes it (no RECOVER):
	 * any error, and html_parse reads it as a browser would. IGNORE_ENC: as html_parse does,
	 * the bytes are taken as UTF-8, a bad one an error.
	 */
	if (len > INT_MAX)
		return html_parse(s, len);
	d = xmlReadMemory(s, (int)len, NULL, "UTF-8",
	                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
	                      XML_PARSE_COMPACT | XML_PARSE_IGNORE_ENC | XML_PARSE_HUGE);
	if (d != NULL && (root = xmlDocGetRootElement(d)) != NULL &&
	    strcmp((const char *)root->name, "html") == 0 && tame(d, 1) == 0)
		return d;
	xmlFreeDoc(d);
	return html_parse(s, len);
}

void
html_fragment(struct doc *doc, const char *s, size_t len, enum doc_dir dir, size_t line)
{
	struct walk w = {.doc = doc, .fragment = 1, .keep_header = 1, .dir = dir};
	xmlDoc *d = html_parse(s, len);
	xmlNode *root = d != NULL ? xmlDocGetRootElement(d) : NULL;

	w.line0 = line > 0 ? line - 1 : 0;
	if (root != NULL)
		html_walk(&w, root);
	xmlFreeDoc(d);
}
