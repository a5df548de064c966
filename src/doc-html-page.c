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

/* Whether key, a list of names split by spaces ("x:title dc:title"), holds one of names. */
static int
key_matches(const char *key, const char *const *names)
{
	size_t k;

	while (*key != '\0') {
		key += strspn(key, " \t\n");
		k = strcspn(key, " \t\n");
		for (const char *const *p = names; *p != NULL && k > 0; p++)
			if (strlen(*p) == k && strncasecmp(key, *p, k) == 0)
				return 1;
		key += k;
	}
	return 0;
}

/*
 * Keeps a meta's content in *slot when its attr (property, or name and itemprop) is one of
 * names and the slot is empty.
 */
static void
meta(xmlNode *n, int property, const char *const *names, char **slot)
{
	static const char *const keys[] = {"name", "itemprop"};
	char *key, *content;
	size_t i;
	int hit = 0;

	for (i = 0; i < 2 && !hit; i++) {
		if ((key = (char *)xmlGetProp(
		         n, (const xmlChar *)(property ? "property" : keys[i]))) == NULL)
			continue;
		hit = key_matches(key, names);
		xmlFree(key);
		if (property)
			break;
	}
	if (!hit || *slot != NULL)
		return;
	content = (char *)xmlGetProp(n, (const xmlChar *)"content");
	/* A profile's address says nothing to a reader. */
	if (content != NULL && strncmp(content, "http", 4) != 0)
		*slot = collapse(content);
	xmlFree(content);
}

int doc_html_extract = 1;

struct head {
	char *title, *og, *dc, *author, *date, *site;
	char *base; /* <base href>, for the links */
};

/* The title and byline a page's head gives. */
static void
read_head(xmlNode *n, struct head *h, int property)
{
	static const char *const dcs[] = {"dc.title", "dc:title", "dcterm:title", "dcterms.title",
	                                  NULL};
	static const char *const ogs[] = {"og:title", "twitter:title", "parsely-title",
	                                  "weibo:article:title", NULL};
	static const char *const sites[] = {"og:site_name", "application-name", NULL};
	static const char *const authors[] = {"author",     "article:author", "byl",
	                                      "dc.creator", "dc:creator",     NULL};
	static const char *const dates[] = {"article:published_time", "date",    "dc.date",
	                                    "datePublished",          "pubdate", NULL};
	xmlNode *c;
	char *s;

	for (c = n->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || is(c, "body"))
			continue;
		if (is(c, "title") && h->title == NULL) {
			s = (char *)xmlNodeGetContent(c);
			h->title = collapse(s);
			xmlFree(s);
		} else if (is(c, "base") && h->base == NULL) {
			s = (char *)xmlGetProp(c, (const xmlChar *)"href");
			h->base = s != NULL ? xstrdup(s) : NULL;
			xmlFree(s);
		} else if (is(c, "meta")) {
			meta(c, property, dcs, &h->dc);
			meta(c, property, ogs, &h->og);
			meta(c, property, authors, &h->author);
			meta(c, property, dates, &h->date);
			meta(c, property, sites, &h->site);
		} else
			read_head(c, h, property);
	}
}

/* Keeps a JSON value in *slot when the slot is empty. */
static void
json_fill(const char *json, const char *key, char **slot)
{
	char *v;

	if (*slot != NULL || json == NULL || (v = html_json_string(json, key)) == NULL)
		return;
	*slot = collapse(v);
	free(v);
}

/* What schema.org's JSON-LD says of the article: its headline, author, date, publisher. */
static void
read_json_ld(xmlNode *n, struct head *h, char **headline)
{
	xmlNode *c;
	char *type, *json, *author;

	for (c = n->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (!is(c, "script")) {
			read_json_ld(c, h, headline);
			continue;
		}
		type = html_attr(c, "type");
		if (type != NULL && strcasecmp(type, "application/ld+json") == 0 &&
		    (json = (char *)xmlNodeGetContent(c)) != NULL) {
			json_fill(json, "headline", headline);
			/* The author's name is the first after "author", the site's after
			 * "publisher". */
			if ((author = strstr(json, "\"author\"")) != NULL)
				json_fill(author, "name", &h->author);
			if ((author = strstr(json, "\"publisher\"")) != NULL)
				json_fill(author, "name", &h->site);
			json_fill(json, "datePublished", &h->date);
			xmlFree(json);
		}
		xmlFree(type);
	}
}

/* Takes out the first heading that says the title: it shows above the text already. */
static void
drop_title_heading(xmlNode *n, const char *title, int *done)
{
	xmlNode *c, *next;
	char *s;

	for (c = n->children; c != NULL && !*done; c = next) {
		next = c->next;
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is(c, "h1") || is(c, "h2")) {
			s = (char *)xmlNodeGetContent(c);
			if (s != NULL && html_same_title(s, title)) {
				xmlUnlinkNode(c);
				xmlFreeNode(c);
				*done = 1;
			}
			xmlFree(s);
		} else
			drop_title_heading(c, title, done);
	}
}

/* The first text under n that shows, or NULL. */
static xmlNode *
first_text(xmlNode *n)
{
	xmlNode *c, *f;

	for (c = n->children; c != NULL; c = c->next) {
		if (c->type == XML_TEXT_NODE && c->content != NULL &&
		    strspn((const char *)c->content, " \t\r\n") < strlen((const char *)c->content))
			return c;
		if (is(c, "img"))
			return c; /* an image shows first */
		if (c->type == XML_ELEMENT_NODE && !is(c, "script") && !is(c, "style") &&
		    (f = first_text(c)) != NULL)
			return f;
	}
	return NULL;
}

/* Whether the text under root starts with a heading that says the title. */
static int
starts_with_title(xmlNode *root, const char *title)
{
	xmlNode *n = first_text(root);
	char *s;
	int same = 0;

	for (; n != NULL && n != root && !same; n = n->parent)
		if (is(n, "h1") || is(n, "h2")) {
			s = (char *)xmlNodeGetContent(n);
			same = s != NULL && html_same_title(s, title);
			xmlFree(s);
		}
	return same;
}

/* The title: what the page's metadata says, else its <title> without the site's name. */
static char *
pick_title(struct head *h, char *headline, xmlNode *html)
{
	char *s, *t;
	xmlNode *h1;

	if (headline != NULL)
		return xstrdup(headline);
	if (h->dc != NULL)
		return xstrdup(h->dc);
	if (h->og != NULL)
		return xstrdup(h->og);
	t = NULL;
	if ((h1 = html_find(html, "h1")) != NULL) {
		s = (char *)xmlNodeGetContent(h1);
		t = collapse(s);
		xmlFree(s);
	}
	if (h->title != NULL) {
		s = html_clean_title(h->title, t);
		free(t);
		return s;
	}
	return t;
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
	struct head h = {0};
	char *clean = NULL, *headline = NULL, *byline;
	xmlNode *html, *root = NULL;
	xmlDoc *d;
	struct block *b;
	int done = 0;

	(void)cause;
	if (utf8_clean_prefix(buf, len, 1) < len)
		buf = clean = utf8_sanitize(buf, len, 1, &len);
	if ((d = html_parse(buf, len)) == NULL || (html = xmlDocGetRootElement(d)) == NULL)
		goto out; /* nothing in it: an empty document */
	/* A property (RDFa: Open Graph, Dublin Core) says more than a name. */
	read_head(html, &h, 1);
	read_head(html, &h, 0);
	read_json_ld(html, &h, &headline);
	doc->title = pick_title(&h, headline, html);
	doc->base = h.base;
	h.base = NULL;
	doc->source = xmalloc(len + 1);
	memcpy(doc->source, buf, len);
	doc->source[len] = '\0';
	doc->source_len = len;
	/* Asked for the whole page, the page is still asked whether it has an article: :reader. */
	if ((root = html_extract(html)) != NULL && doc_html_extract) {
		w.keep_header = 1;
		doc->view = DOC_VIEW_ARTICLE;
	} else {
		if (root != NULL) {
			/* Another text than the article's: another document, in the store too. */
			doc->view = DOC_VIEW_PAGE;
			doc->hash = doc_hash_more(doc->hash, "page", 4);
			doc->content = doc_hash_more(doc->content, "page", 4);
		}
		/* The whole page, as it came: extraction took the tree apart. */
		xmlFreeDoc(d);
		d = html_parse(buf, len);
		html = xmlDocGetRootElement(d);
		root = NULL;
	}
	if (root == NULL)
		root = pick_root(html, &w.keep_header);
	read_dir(doc, html, root, &w);
	/* A day is enough: "2021-05-03T10:00:00Z" shows as 2021-05-03. */
	if (h.date != NULL && strlen(h.date) > 10 && h.date[4] == '-' && h.date[10] == 'T')
		h.date[10] = '\0';
	if (h.author != NULL || h.date != NULL || h.site != NULL) {
		byline = xasprintf("%s%s%s", h.author ? h.author : "",
		                   h.author && h.date ? " \u00B7 " : "", h.date ? h.date : "");
		if (h.site != NULL && (h.author == NULL || strcmp(h.author, h.site) != 0)) {
			char *s = xasprintf("%s%s%s", byline, *byline ? " \u00B7 " : "", h.site);

			free(byline);
			byline = s;
		}
		doc->byline = byline;
	}
	/* The title comes first, whatever the page put above its heading. */
	if (doc->title != NULL && !starts_with_title(root, doc->title)) {
		drop_title_heading(root, doc->title, &done);
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
	free(h.title);
	free(h.og);
	free(h.dc);
	free(h.author);
	free(h.date);
	free(h.site);
	free(headline);
	free(clean);
	return 0;
}

struct doc *
doc_html_view(const struct doc *doc, int extract, char **cause)
{
	struct doc *other;
	int was = doc_html_extract;

	if (doc->view == DOC_VIEW_NONE || doc->source == NULL) {
		*cause = xstrdup(strcmp(doc->format, "html") != 0
		                     ? "Not a web page: it has no other view"
		                     : "No article stands out in this page: it is shown whole");
		return NULL;
	}
	doc_html_extract = extract;
	other = doc_load_buffer(doc->path, doc->source, doc->source_len, "html", cause);
	doc_html_extract = was;
	return other;
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
