/*
 * EPUB 2 and 3 books: the ZIP container (libzip: random access to its entries, so that a book
 * is read entry by entry and nothing else of it is unpacked), META-INF/container.xml to the
 * package document (OPF), its metadata (title, author, language, the page progression), its
 * manifest and spine, then the first chapters (doc-epub-book.c reads them, and the others as
 * the reader goes on). Bad input gets one line saying what is wrong.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zip.h>

#include "doc.h"
#include "doc-epub.h"
#include "doc-html.h"
#include "doc-private.h"
#include "utf8.h"
#include "xmalloc.h"

/* Spine items read, at most. */
#define EPUB_MAX_SPINE 20000
/* Text read at open: the first page is in it. */
#define EPUB_FIRST ((size_t)64 << 10)

char *
epub_too_big(const struct epub *e, const char *name)
{
	return xasprintf("%s: %s unpacks to more than qari takes (%llu MiB in all)", e->path, name,
	                 (unsigned long long)(EPUB_MAX_BYTES >> 20));
}

char *
epub_entry_read(struct epub *e, const char *name, zip_uint64_t max, size_t *len, char **cause)
{
	zip_stat_t st;
	zip_file_t *f;
	zip_int64_t n;
	char *buf;

	zip_stat_init(&st);
	if (zip_stat(e->zip, name, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE)) {
		*cause = xasprintf("%s: %s is missing from the book", e->path, name);
		return NULL;
	}
	if (st.size > max || e->unpacked + st.size > EPUB_MAX_BYTES) {
		*cause = epub_too_big(e, name);
		return NULL;
	}
	if ((f = zip_fopen(e->zip, name, 0)) == NULL) {
		*cause = xasprintf("%s: cannot read %s: %s", e->path, name, zip_strerror(e->zip));
		return NULL;
	}
	buf = xmalloc(st.size + 1);
	n = zip_fread(f, buf, st.size);
	zip_fclose(f);
	if (n < 0 || (zip_uint64_t)n != st.size) {
		*cause = xasprintf("%s: %s is damaged (the archive is corrupt or cut short)",
		                   e->path, name);
		free(buf);
		return NULL;
	}
	e->unpacked += st.size;
	buf[st.size] = '\0';
	*len = st.size;
	return buf;
}

static void
silent(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

xmlDoc *
epub_xml_parse(const char *buf, size_t len)
{
	xmlGenericErrorFunc was = xmlGenericError;
	void *ctx = xmlGenericErrorContext;
	xmlDoc *x;

	/*
	 * libxml2 says what it cannot convert from a declared encoding on standard error,
	 * NOERROR or not: lines of its own under ours, or over the reader's screen.
	 */
	xmlSetGenericErrorFunc(NULL, silent);
	x = xmlReadMemory(buf, (int)len, NULL, NULL,
	                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	xmlSetGenericErrorFunc(ctx, was);
	return x;
}

int
epub_named(xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

xmlNode *
epub_find(xmlNode *n, const char *name)
{
	xmlNode *c, *f;

	for (; n != NULL; n = n->next) {
		if (epub_named(n, name))
			return n;
		for (c = n->children; c != NULL; c = NULL)
			if ((f = epub_find(c, name)) != NULL)
				return f;
	}
	return NULL;
}

char *
epub_prop(xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	char *s = v != NULL ? xstrdup((const char *)v) : NULL;

	xmlFree(v);
	return s;
}

/* The text of the first element called name under n, spaces collapsed, or NULL. */
static char *
text_of(xmlNode *n, const char *name)
{
	xmlNode *e = epub_find(n, name);
	xmlChar *v;
	char *c, *s;

	if (e == NULL || (v = xmlNodeGetContent(e)) == NULL)
		return NULL;
	/* Collapsed first: a line end inside <dc:title> is a space, not a picture of one. */
	c = utf8_collapse((const char *)v, strlen((const char *)v));
	xmlFree(v);
	s = utf8_printable(c);
	free(c);
	if (*s == '\0') {
		free(s);
		return NULL;
	}
	return s;
}

char *
epub_entry_name(const char *dir, const char *href)
{
	char *joined, *out, *seg, *save = NULL;
	size_t o = 0, i, n;

	if (href[0] == '/' || strstr(href, "://") != NULL)
		return NULL;
	joined = xasprintf("%s%s", dir, href);
	n = strcspn(joined, "#?");
	joined[n] = '\0';
	/* %XX escapes: a book may name "chapter%201.xhtml" for "chapter 1.xhtml". */
	for (i = 0, o = 0; joined[i] != '\0'; i++) {
		unsigned v = 0;

		/* Two hex digits, no fewer: "%5" at the end must not step past it (fuzz-epub). */
		if (joined[i] == '%' && isxdigit((unsigned char)joined[i + 1]) &&
		    isxdigit((unsigned char)joined[i + 2]) &&
		    sscanf(joined + i + 1, "%2x", &v) == 1 && v != 0) {
			joined[o++] = (char)v;
			i += 2;
		} else
			joined[o++] = joined[i];
	}
	joined[o] = '\0';
	out = xmalloc(strlen(joined) + 1);
	o = 0;
	for (seg = strtok_r(joined, "/", &save); seg != NULL; seg = strtok_r(NULL, "/", &save)) {
		if (strcmp(seg, ".") == 0)
			continue;
		if (strcmp(seg, "..") == 0) {
			if (o == 0) {
				free(joined);
				free(out);
				return NULL;
			}
			while (o > 0 && out[o - 1] != '/')
				o--;
			if (o > 0)
				o--;
			continue;
		}
		if (o > 0)
			out[o++] = '/';
		memcpy(out + o, seg, strlen(seg));
		o += strlen(seg);
	}
	out[o] = '\0';
	free(joined);
	if (o == 0) {
		free(out);
		return NULL;
	}
	return out;
}

/*
 * DRM: META-INF/encryption.xml naming content encrypted by anything but the font obfuscation
 * of the IDPF or Adobe (which hide fonts, not text).
 */
static int
encrypted(struct epub *e, char **cause)
{
	static const char *const obfuscation[] = {"http://www.idpf.org/2008/embedding",
	                                          "http://ns.adobe.com/pdf/enc#RC", NULL};
	xmlNode *n;
	char *buf, *alg;
	size_t len, i;
	int drm = 0;
	xmlDoc *x;

	if (zip_name_locate(e->zip, "META-INF/encryption.xml", 0) < 0)
		return 0;
	if ((buf = epub_entry_read(e, "META-INF/encryption.xml", EPUB_MAX_XML, &len, cause)) ==
	    NULL)
		return -1;
	x = epub_xml_parse(buf, len);
	free(buf);
	for (n = x != NULL ? xmlDocGetRootElement(x) : NULL; n != NULL && !drm;) {
		xmlNode *m = epub_find(n, "EncryptionMethod");

		if (m == NULL)
			break;
		alg = epub_prop(m, "Algorithm");
		for (i = 0; alg != NULL && obfuscation[i] != NULL; i++)
			if (strcmp(alg, obfuscation[i]) == 0)
				break;
		drm = alg == NULL || obfuscation[i] == NULL;
		free(alg);
		/* The next EncryptionMethod: past this one's EncryptedData. */
		while (m != NULL && m->next == NULL)
			m = m->parent;
		n = m != NULL ? m->next : NULL;
	}
	xmlFreeDoc(x);
	if (drm || x == NULL) {
		*cause =
		    xasprintf("%s: this book is encrypted (DRM); qari cannot read it", e->path);
		return -1;
	}
	return 0;
}

/* The package document's entry name, from META-INF/container.xml. */
static char *
opf_name(struct epub *e, char **cause)
{
	char *buf, *path = NULL;
	size_t len;
	xmlDoc *x;
	xmlNode *root;

	if ((buf = epub_entry_read(e, "META-INF/container.xml", EPUB_MAX_XML, &len, cause)) == NULL)
		return NULL;
	x = epub_xml_parse(buf, len);
	free(buf);
	root = x != NULL ? xmlDocGetRootElement(x) : NULL;
	if (root != NULL && (root = epub_find(root, "rootfile")) != NULL)
		path = epub_prop(root, "full-path");
	xmlFreeDoc(x);
	if (path == NULL || path[0] == '\0' || path[0] == '/' || strstr(path, "..") != NULL) {
		*cause = xasprintf("%s: META-INF/container.xml names no package document", e->path);
		free(path);
		return NULL;
	}
	return path;
}

/* Right-to-left by its language: Arabic, Persian, Hebrew, Urdu, Yiddish, Pashto, Sindhi... */
static int
rtl_language(const char *lang)
{
	static const char *const rtl[] = {"ar", "fa", "he", "iw", "ur",  "yi", "ps",
	                                  "sd", "ug", "ku", "dv", "ckb", NULL};
	size_t i, n;

	if (lang == NULL)
		return 0;
	n = strcspn(lang, "-_");
	for (i = 0; rtl[i] != NULL; i++)
		if (strlen(rtl[i]) == n && strncasecmp(lang, rtl[i], n) == 0)
			return 1;
	return 0;
}

char *
epub_part_name(const struct epub *e, const char *entry)
{
	size_t n = strlen(e->opf_dir);

	return xstrdup(strncmp(entry, e->opf_dir, n) == 0 ? entry + n : entry);
}

char *
epub_dir_of(const char *entry)
{
	const char *slash = strrchr(entry, '/');

	return slash != NULL ? xstrndup(entry, slash - entry + 1) : xstrdup("");
}

int
epub_has_word(const char *s, const char *word)
{
	size_t n = strlen(word), k;

	while (s != NULL && *s != '\0') {
		s += strspn(s, " \t\r\n");
		k = strcspn(s, " \t\r\n");
		if (k == n && strncmp(s, word, n) == 0)
			return 1;
		s += k;
	}
	return 0;
}

/* A manifest item: its id and href. */
struct item {
	char *id, *href;
};

static int
item_cmp(const void *a, const void *b)
{
	return strcmp(((const struct item *)a)->id, ((const struct item *)b)->id);
}

/* The manifest's items sorted by id, *n of them: the spine looks each of its items up. */
static struct item *
manifest_items(xmlNode *manifest, size_t *n)
{
	struct item *v = NULL;
	size_t cap = 0;
	xmlNode *c;
	char *id;

	*n = 0;
	for (c = manifest != NULL ? manifest->children : NULL; c != NULL; c = c->next) {
		if (!epub_named(c, "item") || (id = epub_prop(c, "id")) == NULL)
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			v = xreallocarray(v, cap, sizeof *v);
		}
		v[*n].id = id;
		v[(*n)++].href = epub_prop(c, "href");
	}
	if (*n > 0)
		qsort(v, *n, sizeof *v, item_cmp);
	return v;
}

static void
items_free(struct item *v, size_t n)
{
	while (n > 0) {
		free(v[--n].id);
		free(v[n].href);
	}
	free(v);
}

/*
 * The spine into b: each item's entry name, or the line that says why it cannot be read (not
 * in the manifest, or pointing outside the archive). Returns how many items.
 */
static size_t
spine_read(struct book *b, xmlNode *manifest, xmlNode *spine)
{
	struct item key, *it, *items;
	size_t nitems;
	xmlNode *n;
	char *idref, *entry, *line;

	items = manifest_items(manifest, &nitems);
	for (n = spine != NULL ? spine->children : NULL; n != NULL && b->n < EPUB_MAX_SPINE;
	     n = n->next) {
		if (!epub_named(n, "itemref") || (idref = epub_prop(n, "idref")) == NULL)
			continue;
		key.id = idref;
		it = nitems > 0 ? bsearch(&key, items, nitems, sizeof *items, item_cmp) : NULL;
		entry =
		    it != NULL && it->href != NULL ? epub_entry_name(b->e.opf_dir, it->href) : NULL;
		b->entries = xreallocarray(b->entries, b->n + 1, sizeof *b->entries);
		b->lines = xreallocarray(b->lines, b->n + 1, sizeof *b->lines);
		b->entries[b->n] = entry;
		b->lines[b->n] = NULL;
		if (entry == NULL) {
			line = xasprintf("[%s: spine item %s %s]", b->e.path, idref,
			                 it != NULL && it->href != NULL ? "points outside the book"
			                                                : "is not in the manifest");
			b->lines[b->n] = utf8_printable(line);
			free(line);
		}
		b->n++;
		free(idref);
	}
	items_free(items, nitems);
	return b->n;
}

/* The book's OPF at name into b and doc: metadata, spine, TOC. 0, or -1 with *cause. */
static int
package(struct book *b, struct doc *doc, const char *name, char **cause)
{
	struct epub *e = &b->e;
	xmlNode *root, *manifest, *spine;
	char *buf, *lang, *ppd, **parts;
	size_t len, i;
	xmlDoc *x;

	if ((buf = epub_entry_read(e, name, EPUB_MAX_XML, &len, cause)) == NULL)
		return -1;
	x = epub_xml_parse(buf, len);
	free(buf);
	if (x == NULL || (root = xmlDocGetRootElement(x)) == NULL || !epub_named(root, "package")) {
		*cause = xasprintf("%s: %s is not a package document (OPF)", e->path, name);
		xmlFreeDoc(x);
		return -1;
	}
	doc->title = text_of(root, "title");
	doc->byline = text_of(root, "creator");
	lang = text_of(root, "language");
	manifest = epub_find(root, "manifest");
	spine = epub_find(root, "spine");
	ppd = spine != NULL ? epub_prop(spine, "page-progression-direction") : NULL;
	b->dir = DIR_AUTO;
	if ((ppd != NULL && strcmp(ppd, "rtl") == 0) || (ppd == NULL && rtl_language(lang)))
		b->dir = DIR_RTL;
	else if (ppd != NULL && strcmp(ppd, "ltr") == 0)
		b->dir = DIR_LTR;
	free(ppd);
	free(lang);
	doc->dir = b->dir;
	if (spine_read(b, manifest, spine) == 0) {
		*cause = xasprintf("%s: the book's spine lists no chapter", e->path);
		xmlFreeDoc(x);
		return -1;
	}
	parts = xcalloc(b->n, sizeof *parts);
	for (i = 0; i < b->n; i++)
		parts[i] = b->entries[i] != NULL ? epub_part_name(e, b->entries[i]) : NULL;
	b->toc = epub_toc_read(e, manifest, spine, parts, b->n);
	doc->toc = b->toc != NULL;
	for (i = 0; i < b->n; i++)
		free(parts[i]);
	free(parts);
	xmlFreeDoc(x);
	return 0;
}

struct doc *
doc_epub_load(const char *path, char **cause)
{
	struct book *b = xcalloc(1, sizeof *b);
	struct doc *doc = NULL;
	char *buf = NULL, *opf = NULL, *slash;
	size_t len;
	int err = 0;

	b->path = xstrdup(path);
	b->e.path = b->path;
	if ((b->e.zip = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &err)) == NULL) {
		zip_error_t ze;

		zip_error_init_with_code(&ze, err);
		*cause =
		    err == ZIP_ER_NOZIP || err == ZIP_ER_INCONS
		        ? xasprintf("%s: not an EPUB book (not a ZIP archive, or a damaged one)",
		                    path)
		        : xasprintf("%s: %s", path, zip_error_strerror(&ze));
		zip_error_fini(&ze);
		goto out;
	}
	if (stat(path, &b->sb) != 0)
		memset(&b->sb, 0, sizeof b->sb); /* reading on will say it cannot */
	if ((buf = epub_entry_read(&b->e, "mimetype", 256, &len, cause)) == NULL)
		goto out;
	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r' || buf[len - 1] == ' '))
		buf[--len] = '\0';
	if (strcmp(buf, "application/epub+zip") != 0) {
		*cause = xasprintf(
		    "%s: not an EPUB book (its mimetype is not application/epub+zip)", path);
		goto out;
	}
	if (encrypted(&b->e, cause) != 0 || (opf = opf_name(&b->e, cause)) == NULL)
		goto out;
	b->e.opf_dir = xstrdup(opf);
	slash = strrchr(b->e.opf_dir, '/');
	if (slash != NULL)
		slash[1] = '\0';
	else
		b->e.opf_dir[0] = '\0';
	doc = doc_new_book(path);
	if (package(b, doc, opf, cause) != 0) {
		doc_free(&doc);
		goto out;
	}
	/* The first chapters now, for the first page; the rest as the reader goes. */
	epub_book_read(b, doc, EPUB_FIRST);
	doc_book_done(doc);
	if (b->next < b->n) {
		doc->partial = 1;
		doc->loader = b;
		/* What the status line's percentages count until the book is read. */
		doc->size = doc->text_len + epub_book_left(b);
		zip_discard(b->e.zip);
		b->e.zip = NULL;
		b = NULL;
	}
out:
	free(buf);
	free(opf);
	epub_book_free(b);
	return doc;
}
