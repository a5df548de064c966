/*
 * A book's own table of contents (EPUB 3's nav document, else EPUB 2's NCX) made the
 * document's outline: each entry with its text and its level, at the block its target is in
 * (a chapter's start, or an element's id in the middle of one). The TOC is read at open, but a
 * target's block is known only once its chapter is read (doc_anchor_find finds the anchors the
 * chapters leave), so entries wait, in the TOC's order, and join the outline as the chapters
 * they lead into come in. The outline stays in the order of its blocks, as it must; a target
 * that is not in the book leaves its entry out. A hostile TOC is cut: EPUB_TOC_MAX entries,
 * EPUB_TOC_DEPTH levels.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "doc.h"
#include "doc-epub.h"
#include "doc-html.h"
#include "utf8.h"
#include "xmalloc.h"

/* Entries kept, at most: the first ones, in the TOC's order. */
#define EPUB_TOC_MAX 10000
/* Levels of nesting followed; deeper entries are left out. */
#define EPUB_TOC_DEPTH 12

/* An entry waiting for its chapter. */
struct pending {
	char *title;
	int level;
	char *key;      /* the anchor of its target: "chapter#id", or "chapter" */
	size_t chapter; /* in the spine */
};

struct epub_toc {
	struct pending *v;
	size_t n, cap;
	size_t done; /* entries placed (or left out) so far */
};

/* The spine's chapters by name, for the entries to say which one they lead into. */
struct part {
	const char *name;
	size_t i;
};

/* What a TOC file being read needs. */
struct toc {
	struct epub *e;
	struct epub_toc *t;
	char *dir;  /* the TOC file's folder: its links are relative to it */
	char *self; /* its name as the package names it, for "#id" links */
	struct part *parts;
	size_t nparts;
};

static int
hexval(int c)
{
	return isdigit(c) ? c - '0' : tolower(c) - 'a' + 10;
}

/* A fragment's %XX escapes decoded, as follow.c decodes a link's: a new string. */
static char *
unescape(const char *s)
{
	char *out = xmalloc(strlen(s) + 1);
	size_t o = 0;

	for (; *s != '\0'; s++) {
		if (s[0] == '%' && isxdigit((unsigned char)s[1]) && isxdigit((unsigned char)s[2]) &&
		    (s[1] != '0' || s[2] != '0')) {
			out[o++] =
			    (char)(hexval((unsigned char)s[1]) * 16 + hexval((unsigned char)s[2]));
			s += 2;
		} else
			out[o++] = *s;
	}
	out[o] = '\0';
	return out;
}

static int
part_cmp(const void *a, const void *b)
{
	return strcmp(((const struct part *)a)->name, ((const struct part *)b)->name);
}

/*
 * The anchor href (relative to the TOC file) leads to, a new string, with the chapter it is in
 * as *chapter; NULL when that is no chapter of the spine.
 */
static char *
target(struct toc *t, const char *href, size_t *chapter)
{
	const char *hash = strchr(href, '#');
	char *path, *entry, *part, *key, *frag;
	struct part want, *found;

	if (href[0] == '#')
		part = xstrdup(t->self);
	else {
		path = xstrndup(href, hash != NULL ? (size_t)(hash - href) : strlen(href));
		entry = epub_entry_name(t->dir, path);
		free(path);
		if (entry == NULL)
			return NULL;
		part = epub_part_name(t->e, entry);
		free(entry);
	}
	want.name = part;
	found =
	    t->nparts > 0 ? bsearch(&want, t->parts, t->nparts, sizeof *t->parts, part_cmp) : NULL;
	if (found == NULL) {
		free(part);
		return NULL;
	}
	*chapter = found->i;
	if (hash == NULL || hash[1] == '\0')
		return part;
	frag = unescape(hash + 1);
	key = xasprintf("%s#%s", part, frag);
	free(frag);
	free(part);
	return key;
}

/* An entry's text: white space collapsed, clean UTF-8, a new string; NULL when empty. */
static char *
label(xmlNode *n)
{
	xmlChar *v = n != NULL ? xmlNodeGetContent(n) : NULL;
	char *s, *clean;
	size_t len;

	if (v == NULL)
		return NULL;
	s = utf8_collapse((const char *)v, strlen((const char *)v));
	xmlFree(v);
	clean = *s != '\0' ? utf8_sanitize(s, strlen(s), 0, &len) : NULL;
	free(s);
	return clean;
}

/* Adds an entry at depth (0 for the top) for href, titled by n's text, if it leads somewhere. */
static void
add(struct toc *t, const char *href, xmlNode *n, int depth)
{
	struct epub_toc *toc = t->t;
	char *title, *key;
	size_t chapter = 0;

	if (href == NULL || toc->n >= EPUB_TOC_MAX || (key = target(t, href, &chapter)) == NULL)
		return;
	if ((title = label(n)) == NULL) {
		free(key);
		return;
	}
	if (toc->n == toc->cap) {
		toc->cap = toc->cap ? toc->cap * 2 : 32;
		toc->v = xreallocarray(toc->v, toc->cap, sizeof *toc->v);
	}
	/* Level 2 at the top: the sidebar indents headings from level 2 on, as for an h2. */
	toc->v[toc->n++] =
	    (struct pending){.title = title, .level = depth + 2, .key = key, .chapter = chapter};
}

/* The value of n's epub:type, whichever parser read it: a new string, or NULL. */
static char *
epub_type(xmlNode *n)
{
	xmlAttr *a;

	for (a = n->properties; a != NULL; a = a->next) {
		const char *name = (const char *)a->name;

		if (strcmp(name, "epub:type") == 0 ||
		    (strcmp(name, "type") == 0 && a->ns != NULL && a->ns->prefix != NULL &&
		     strcmp((const char *)a->ns->prefix, "epub") == 0)) {
			xmlChar *v = xmlNodeListGetString(n->doc, a->children, 1);
			char *s = v != NULL ? xstrdup((const char *)v) : NULL;

			xmlFree(v);
			return s;
		}
	}
	return NULL;
}

static void nav_list(struct toc *t, xmlNode *ol, int depth);

/* One <li> of a nav's list: its <a> (or a <span>, a heading without a link) and its own list. */
static void
nav_item(struct toc *t, xmlNode *li, int depth)
{
	xmlNode *c, *head = NULL;
	char *href;

	for (c = li->children; c != NULL; c = c->next) {
		if (head == NULL && (epub_named(c, "a") || epub_named(c, "span")))
			head = c;
		else if (epub_named(c, "ol") || epub_named(c, "ul"))
			nav_list(t, c, depth + 1);
		if (head == c) {
			xmlNode *a = c->next != NULL ? epub_find(c->next, "a") : NULL;

			/* A heading without a link leads where the first entry under it does. */
			if ((href = epub_prop(c, "href")) == NULL && a != NULL)
				href = epub_prop(a, "href");
			add(t, href, c, depth);
			free(href);
		}
	}
}

static void
nav_list(struct toc *t, xmlNode *ol, int depth)
{
	xmlNode *c;

	if (depth >= EPUB_TOC_DEPTH)
		return;
	for (c = ol->children; c != NULL; c = c->next)
		if (epub_named(c, "li"))
			nav_item(t, c, depth);
}

/* The <nav epub:type="toc"> under n, depth first, or NULL. */
static xmlNode *
nav_toc(xmlNode *n)
{
	xmlNode *f;
	char *type;
	int yes;

	for (; n != NULL; n = n->next) {
		if (epub_named(n, "nav")) {
			type = epub_type(n);
			yes = epub_has_word(type, "toc");
			free(type);
			if (yes)
				return n;
		}
		if (n->children != NULL && (f = nav_toc(n->children)) != NULL)
			return f;
	}
	return NULL;
}

static void
nav(struct toc *t, xmlDoc *x)
{
	xmlNode *n = nav_toc(xmlDocGetRootElement(x)), *c;

	for (c = n != NULL ? n->children : NULL; c != NULL; c = c->next)
		if (epub_named(c, "ol") || epub_named(c, "ul"))
			nav_list(t, c, 0);
}

/* A navPoint of an NCX: its label, its content's src, the navPoints under it. */
static void
ncx_point(struct toc *t, xmlNode *p, int depth)
{
	xmlNode *c, *text = NULL;
	char *src = NULL;

	if (depth >= EPUB_TOC_DEPTH)
		return;
	for (c = p->children; c != NULL; c = c->next) {
		if (epub_named(c, "navLabel") && text == NULL)
			text = epub_find(c->children, "text");
		else if (epub_named(c, "content") && src == NULL)
			src = epub_prop(c, "src");
	}
	add(t, src, text, depth);
	free(src);
	for (c = p->children; c != NULL; c = c->next)
		if (epub_named(c, "navPoint"))
			ncx_point(t, c, depth + 1);
}

static void
ncx(struct toc *t, xmlDoc *x)
{
	xmlNode *root = xmlDocGetRootElement(x), *map, *c;

	map = root != NULL ? epub_find(root, "navMap") : NULL;
	for (c = map != NULL ? map->children : NULL; c != NULL; c = c->next)
		if (epub_named(c, "navPoint"))
			ncx_point(t, c, 0);
}

/*
 * The href of the first manifest item whose attribute attr holds word (as a word of a list
 * when list is set), or NULL.
 */
static char *
manifest_href(xmlNode *manifest, const char *attr, const char *word, int list)
{
	xmlNode *item;
	char *v, *href = NULL;
	int yes;

	for (item = manifest != NULL ? manifest->children : NULL; item != NULL && href == NULL;
	     item = item->next) {
		if (!epub_named(item, "item") || (v = epub_prop(item, attr)) == NULL)
			continue;
		yes = list ? epub_has_word(v, word) : strcmp(v, word) == 0;
		free(v);
		if (yes)
			href = epub_prop(item, "href");
	}
	return href;
}

/* Reads the TOC file at href (relative to the OPF) with parse into t; 0, or -1. */
static int
toc_read(struct toc *t, const char *href, void (*parse)(struct toc *, xmlDoc *), int html)
{
	char *entry = href != NULL ? epub_entry_name(t->e->opf_dir, href) : NULL, *buf,
	     *cause = NULL;
	size_t len;
	xmlDoc *x;

	if (entry == NULL)
		return -1;
	buf = epub_entry_read(t->e, entry, EPUB_MAX_XML, &len, &cause);
	free(cause); /* a TOC that cannot be read is no TOC: the headings stay */
	if (buf == NULL) {
		free(entry);
		return -1;
	}
	x = epub_xml_parse(buf, len);
	if (x == NULL && html)
		x = html_parse(buf, len);
	free(buf);
	t->dir = epub_dir_of(entry);
	t->self = epub_part_name(t->e, entry);
	free(entry);
	if (x != NULL)
		parse(t, x);
	xmlFreeDoc(x);
	free(t->dir);
	free(t->self);
	t->dir = t->self = NULL;
	return t->t->n > 0 ? 0 : -1;
}

struct epub_toc *
epub_toc_read(struct epub *e, xmlNode *manifest, xmlNode *spine, char *const *parts, size_t nparts)
{
	struct toc t = {.e = e, .t = xcalloc(1, sizeof *t.t)};
	char *href, *id;
	size_t i;

	t.parts = xcalloc(nparts ? nparts : 1, sizeof *t.parts);
	for (i = 0; i < nparts; i++)
		if (parts[i] != NULL)
			t.parts[t.nparts++] = (struct part){.name = parts[i], .i = i};
	qsort(t.parts, t.nparts, sizeof *t.parts, part_cmp);
	href = manifest_href(manifest, "properties", "nav", 1);
	if (toc_read(&t, href, nav, 1) != 0) {
		free(href);
		/* EPUB 2: the spine's toc names the NCX; else its media type does. */
		id = spine != NULL ? epub_prop(spine, "toc") : NULL;
		href = id != NULL ? manifest_href(manifest, "id", id, 0) : NULL;
		if (href == NULL)
			href = manifest_href(manifest, "media-type", "application/x-dtbncx+xml", 0);
		free(id);
		toc_read(&t, href, ncx, 0);
	}
	free(href);
	free(t.parts);
	if (t.t->n == 0)
		epub_toc_free(&t.t);
	return t.t;
}

/* Sorts the outline by block from entry from on, keeping the TOC's order among equals. */
static void
outline_sort(struct doc *doc, size_t from)
{
	struct outline_entry *v = doc->outline;
	size_t i, j;

	for (i = from > 0 ? from : 1; i < doc->noutline; i++) {
		struct outline_entry o = v[i];

		for (j = i; j > 0 && v[j - 1].block > o.block; j--)
			;
		if (j < i) {
			memmove(&v[j + 1], &v[j], (i - j) * sizeof *v);
			v[j] = o;
		}
	}
}

void
epub_toc_resolve(struct epub_toc *t, struct doc *doc, size_t loaded)
{
	size_t from = doc->noutline;
	long b;

	/* In the TOC's order: an entry waits for its chapter, and those after it with it. */
	for (; t->done < t->n && t->v[t->done].chapter < loaded; t->done++) {
		struct pending *p = &t->v[t->done];

		if ((b = doc_anchor_find(doc, p->key)) < 0)
			continue;
		if ((doc->noutline & (doc->noutline - 1)) == 0)
			doc->outline =
			    xreallocarray(doc->outline, doc->noutline ? doc->noutline * 2 : 8,
			                  sizeof *doc->outline);
		doc->outline[doc->noutline++] = (struct outline_entry){
		    .block = (size_t)b, .level = p->level, .title = p->title};
		p->title = NULL;
	}
	outline_sort(doc, from);
}

size_t
epub_toc_waiting(const struct epub_toc *t)
{
	return t != NULL ? t->n - t->done : 0;
}

const char *
epub_toc_entry(const struct epub_toc *t, size_t i, int *level, const char **key, size_t *chapter)
{
	const struct pending *p;

	if (i >= epub_toc_waiting(t))
		return NULL;
	p = &t->v[t->done + i];
	*level = p->level;
	*key = p->key;
	*chapter = p->chapter;
	return p->title;
}

void
epub_toc_free(struct epub_toc **tp)
{
	struct epub_toc *t = *tp;

	if (t == NULL)
		return;
	while (t->n > 0) {
		free(t->v[--t->n].title);
		free(t->v[t->n].key);
	}
	free(t->v);
	free(t);
	*tp = NULL;
}
