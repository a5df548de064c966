/*
 * A whole HTML page: the part of it to read (the <article> with the most text, else <main>,
 * else the body), its title (<title>, else og:title, else the first h1) and byline (author and
 * date from <meta>), its direction (dir on <html> or <body>, else a right-to-left lang), and
 * the probe. The walk itself is doc-html.c's.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "doc.h"
#include "doc-private.h"
#include "doc-html.h"
#include "utf8.h"
#include "xmalloc.h"

/* What the probe reads of a file with no telling extension. */
#define SNIFF_BYTES 4096

static int
is(xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* Bytes of text under n, scripts and styles left out. */
static size_t
text_bytes(xmlNode *n)
{
	size_t total = 0;
	xmlNode *c;

	if (n->type == XML_TEXT_NODE)
		return n->content != NULL ? strlen((const char *)n->content) : 0;
	if (is(n, "script") || is(n, "style"))
		return 0;
	for (c = n->children; c != NULL; c = c->next)
		total += text_bytes(c);
	return total;
}

static void
best_article(xmlNode *n, xmlNode **best, size_t *most)
{
	xmlNode *c;
	size_t bytes;

	if (is(n, "article") && (bytes = text_bytes(n)) > *most) {
		*best = n;
		*most = bytes;
		return; /* an article inside holds less */
	}
	for (c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			best_article(c, best, most);
}

/* The element whose text is the document; a whole page keeps no header. */
static xmlNode *
pick_root(xmlNode *html, int *keep_header)
{
	xmlNode *root = NULL, *body;
	size_t most = 0;

	best_article(html, &root, &most);
	if (root == NULL)
		root = html_find(html, "main");
	*keep_header = root != NULL;
	if (root == NULL && (body = html_find(html, "body")) != NULL)
		root = body;
	return root != NULL ? root : html;
}

/* The text of s with its white space collapsed, cleaned; a new string, or NULL if empty. */
static char *
collapse(const char *s)
{
	struct inline_text t = {0};
	char *out = NULL;

	if (s != NULL)
		inline_add(&t, s, strlen(s), INLINE_COLLAPSE);
	if (inline_visible(&t))
		out = xstrndup(t.buf, t.len);
	inline_free(&t);
	return out;
}

/* Keeps a meta's content in *slot when its name is one of names and the slot is empty. */
static void
meta(xmlNode *n, const char *const *names, char **slot)
{
	static const char *const keys[] = {"name", "property", "itemprop"};
	char *key, *content;
	size_t i;
	int hit = 0;

	for (i = 0; i < 3 && !hit; i++) {
		if ((key = (char *)xmlGetProp(n, (const xmlChar *)keys[i])) == NULL)
			continue;
		for (const char *const *p = names; *p != NULL && !hit; p++)
			hit = strcasecmp(key, *p) == 0;
		xmlFree(key);
	}
	if (!hit || *slot != NULL)
		return;
	content = (char *)xmlGetProp(n, (const xmlChar *)"content");
	/* A profile's address says nothing to a reader. */
	if (content != NULL && strncmp(content, "http", 4) != 0)
		*slot = collapse(content);
	xmlFree(content);
}

/* The title and byline a page's head gives. */
static void
read_head(xmlNode *n, char **title, char **og, char **author, char **date)
{
	static const char *const ogs[] = {"og:title", "twitter:title", NULL};
	static const char *const authors[] = {"author", "article:author", "byl", "dc.creator",
	                                      NULL};
	static const char *const dates[] = {"article:published_time", "date",    "dc.date",
	                                    "datePublished",          "pubdate", NULL};
	xmlNode *c;
	char *s;

	for (c = n->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || is(c, "body"))
			continue;
		if (is(c, "title") && *title == NULL) {
			s = (char *)xmlNodeGetContent(c);
			*title = collapse(s);
			xmlFree(s);
		} else if (is(c, "meta")) {
			meta(c, ogs, og);
			meta(c, authors, author);
			meta(c, dates, date);
		} else
			read_head(c, title, og, author, date);
	}
	/* A day is enough: "2021-05-03T10:00:00Z" shows as 2021-05-03. */
	if (*date != NULL && strlen(*date) > 10 && (*date)[4] == '-' && (*date)[10] == 'T')
		(*date)[10] = '\0';
}

/* The direction of the page and of the part read: dir on it or around it, else lang. */
static void
read_dir(struct doc *doc, xmlNode *html, xmlNode *root, struct walk *w)
{
	xmlNode *n, *body = html_find(html, "body");
	int dir = -1;
	char *lang;

	for (n = root; n != NULL && n->type == XML_ELEMENT_NODE && dir < 0; n = n->parent)
		dir = html_dir_attr(n);
	w->dir = dir > 0 ? dir : DIR_AUTO;
	if ((dir = html_dir_attr(html)) <= 0 && body != NULL)
		dir = html_dir_attr(body);
	if (dir > 0) {
		doc->dir = dir;
		return;
	}
	if ((lang = (char *)xmlGetProp(html, (const xmlChar *)"lang")) != NULL &&
	    doc_lang_rtl(lang, strlen(lang)))
		doc->dir = DIR_RTL;
	xmlFree(lang);
}

static int
load(struct doc *doc, const char *buf, size_t len, char **cause)
{
	struct walk w = {.doc = doc};
	char *clean = NULL, *title = NULL, *og = NULL, *author = NULL, *date = NULL;
	xmlNode *html, *root;
	xmlDoc *d;
	struct block *b;

	(void)cause;
	if (utf8_clean_prefix(buf, len, 1) < len)
		buf = clean = utf8_sanitize(buf, len, 1, &len);
	if ((d = html_parse(buf, len)) == NULL || (html = xmlDocGetRootElement(d)) == NULL)
		goto out; /* nothing in it: an empty document */
	read_head(html, &title, &og, &author, &date);
	root = pick_root(html, &w.keep_header);
	read_dir(doc, html, root, &w);
	doc->title = title != NULL ? title : og;
	if (title != NULL)
		free(og);
	title = og = NULL;
	if (author != NULL || date != NULL)
		doc->byline = xasprintf("%s%s%s", author ? author : "",
		                        author && date ? " \u00B7 " : "", date ? date : "");
	/* Without an h1 the title would show nowhere in the text. */
	if (doc->title != NULL && html_find(root, "h1") == NULL) {
		inline_add(&w.t, doc->title, strlen(doc->title), INLINE_COLLAPSE);
		b = inline_flush(doc, &w.t, BLOCK_TITLE, 1, w.dir, NULL);
		if (b != NULL && doc->byline != NULL) {
			inline_add(&w.t, doc->byline, strlen(doc->byline), INLINE_COLLAPSE);
			inline_flush(doc, &w.t, BLOCK_BYLINE, 0, w.dir, NULL);
		}
	}
	html_walk(&w, root);
out:
	xmlFreeDoc(d);
	free(title);
	free(og);
	free(author);
	free(date);
	free(clean);
	return 0;
}

/* Whether s (n bytes) holds tag ("<body") as a tag, whatever its case. */
static int
has_tag(const char *s, size_t n, const char *tag)
{
	size_t i, k = strlen(tag);

	for (i = 0; i + k < n; i++)
		if (s[i] == '<' && strncasecmp(s + i, tag, k) == 0 &&
		    (s[i + k] == '>' || s[i + k] == ' ' || s[i + k] == '\n' || s[i + k] == '\t'))
			return 1;
	return 0;
}

static int
probe(const char *path, const char *buf, size_t len)
{
	size_t n = len < SNIFF_BYTES ? len : SNIFF_BYTES, i = 0;

	if (doc_named(path) == DOC_NAMED_HTML)
		return 100;
	if (doc_named(path) != DOC_NAMED_NONE)
		return 0;
	if (n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < n && (buf[i] == ' ' || buf[i] == '\n' || buf[i] == '\r' || buf[i] == '\t'))
		i++;
	if ((n - i >= 14 && strncasecmp(buf + i, "<!doctype html", 14) == 0) ||
	    has_tag(buf + i, n - i < 6 ? n - i : 6, "<html"))
		return 80;
	if (has_tag(buf, n, "<html") || has_tag(buf, n, "<head") || has_tag(buf, n, "<body"))
		return 50;
	return 0;
}

const struct doc_format doc_format_html = {
    .name = "html",
    .probe = probe,
    .load = load,
};
