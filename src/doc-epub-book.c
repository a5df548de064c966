/*
 * The chapters of an EPUB book (doc-epub.c opens it): each, in reading order, through the HTML
 * walker in book mode (everything in <body> is the book's: a chapter's header or aside is not
 * page furniture), all into one document, so that paging, search and positions run across
 * chapters without seams. The first ones are read at open, the others a step at a time as the
 * reader goes on (doc_epub_more); the archive is opened again for each step. A chapter's ids
 * and links are made places in the one document; a chapter missing from the archive shows a
 * line saying so, and the rest of the book reads.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>
#include <zip.h>

#include "doc.h"
#include "doc-epub.h"
#include "doc-html.h"
#include "doc-private.h"
#include "utf8.h"
#include "xmalloc.h"

/* At most this much text is read at each step after the first page. */
#define EPUB_STEP ((size_t)1 << 20)

/* Whether href starts with a URL scheme ("http:", "mailto:"): a link out of the book. */
static int
has_scheme(const char *href)
{
	size_t n = 0;

	if (!isalpha((unsigned char)href[0]))
		return 0;
	while (isalnum((unsigned char)href[n]) || href[n] == '+' || href[n] == '-' ||
	       href[n] == '.')
		n++;
	return href[n] == ':';
}

/*
 * A link of the chapter being walked made a link within the book: "#" and the anchor of its
 * target (doc_anchor_add's "chapter#id", or "chapter" for a chapter's start), with '%' and
 * '#' of the chapter's name escaped, since follow.c decodes what follows the first '#'. So
 * "#n1", "ch2.xhtml#n1" and "../Text/ch2.xhtml" all lead to a place in this one document.
 * NULL for a link out of the book, which stays as it is.
 */
static char *
book_link(void *arg, const char *href)
{
	struct epub *e = arg;
	const char *hash = strchr(href, '#'), *p;
	char *path, *entry, *part, *out;
	size_t o = 0;

	if (href[0] == '\0' || href[0] == '/' || has_scheme(href))
		return NULL;
	if (href[0] == '#')
		part = xstrdup(e->part);
	else {
		path = xstrndup(href, hash != NULL ? (size_t)(hash - href) : strlen(href));
		entry = epub_entry_name(e->part_dir, path);
		free(path);
		if (entry == NULL)
			return NULL;
		part = epub_part_name(e, entry);
		free(entry);
	}
	out = xmalloc(strlen(part) * 3 + (hash != NULL ? strlen(hash) : 0) + 2);
	out[o++] = '#';
	for (p = part; *p != '\0'; p++) {
		if (*p == '%' || *p == '#')
			o += sprintf(out + o, "%%%02X", (unsigned char)*p);
		else
			out[o++] = *p;
	}
	strcpy(out + o, hash != NULL && hash[1] != '\0' ? hash : "");
	free(part);
	return out;
}

/*
 * One chapter into doc: its <body> walked as a book's, or a line saying it is missing. Either
 * way its name is an anchor, the place a link to the chapter leads to.
 */
static void
chapter(struct epub *e, struct doc *doc, const char *name, enum doc_dir dir)
{
	struct walk w = {.doc = doc,
	                 .fragment = 1,
	                 .keep_header = 1,
	                 .dir = dir,
	                 .book_link = book_link,
	                 .book_arg = e};
	char *buf, *cause = NULL, *line, *shown, *part = epub_part_name(e, name);
	xmlDoc *x;
	xmlNode *root, *body;
	size_t len;

	doc_anchor_add(doc, part, strlen(part), doc->nblocks);
	if ((buf = epub_entry_read(e, name, EPUB_MAX_BYTES, &len, &cause)) == NULL) {
		/* The entry's name is the archive's: any byte at all. */
		shown = xasprintf("[%s]", cause);
		line = utf8_printable(shown);
		doc_add_block(doc, BLOCK_PARA, 0, line, strlen(line));
		free(shown);
		free(line);
		free(cause);
		free(part);
		return;
	}
	doc->content = doc_hash_more(doc->content, buf, len);
	doc->parts = xreallocarray(doc->parts, doc->nparts + 1, sizeof *doc->parts);
	doc->part_first = xreallocarray(doc->part_first, doc->nparts + 1, sizeof *doc->part_first);
	doc->parts[doc->nparts] = utf8_printable(name);
	doc->part_first[doc->nparts++] = doc->nblocks;
	x = html_parse(buf, len);
	free(buf);
	root = x != NULL ? xmlDocGetRootElement(x) : NULL;
	body = root != NULL ? html_find(root, "body") : NULL;
	e->part = w.part = part;
	e->part_dir = epub_dir_of(name);
	if (body != NULL)
		html_walk(&w, body);
	free(e->part_dir);
	e->part_dir = NULL;
	e->part = NULL;
	xmlFreeDoc(x);
	free(part);
}

size_t
epub_book_left(struct book *b)
{
	zip_stat_t st;
	size_t i, sum = 0;

	for (i = b->next; i < b->n; i++) {
		zip_stat_init(&st);
		if (b->entries[i] != NULL && zip_stat(b->e.zip, b->entries[i], 0, &st) == 0 &&
		    (st.valid & ZIP_STAT_SIZE))
			sum += (size_t)st.size;
	}
	return sum;
}

void
epub_book_read(struct book *b, struct doc *doc, size_t bytes)
{
	size_t from = doc->text_len;

	while (b->next < b->n && (doc->text_len - from < bytes || doc->text_len == from)) {
		if (b->entries[b->next] != NULL)
			chapter(&b->e, doc, b->entries[b->next], b->dir);
		else
			doc_add_block(doc, BLOCK_PARA, 0, b->lines[b->next],
			              strlen(b->lines[b->next]));
		b->next++;
	}
	if (b->toc != NULL)
		epub_toc_resolve(b->toc, doc, b->next);
}

void
epub_book_free(struct book *b)
{
	size_t i;

	if (b == NULL)
		return;
	for (i = 0; i < b->n; i++) {
		free(b->entries[i]);
		free(b->lines[i]);
	}
	free(b->entries);
	free(b->lines);
	epub_toc_free(&b->toc);
	free(b->e.opf_dir);
	if (b->e.zip != NULL)
		zip_discard(b->e.zip);
	free(b->path);
	free(b);
}

/*
 * The archive again, to read on: a folder of a thousand books must not hold a thousand files
 * open. 0, or -1 with *cause when the file is gone or another now.
 */
static int
book_reopen(struct book *b, char **cause)
{
	struct stat sb;
	int err;

	if (b->e.zip != NULL)
		return 0;
	if (stat(b->path, &sb) != 0 || sb.st_size != b->sb.st_size ||
	    sb.st_mtim.tv_sec != b->sb.st_mtim.tv_sec ||
	    sb.st_mtim.tv_nsec != b->sb.st_mtim.tv_nsec || sb.st_ino != b->sb.st_ino) {
		*cause = xasprintf("%s: the book changed or went away while being read: read up to "
		                   "there",
		                   b->path);
		return -1;
	}
	if ((b->e.zip = zip_open(b->path, ZIP_RDONLY, &err)) == NULL) {
		*cause = xasprintf("%s: cannot open the book again to read on", b->path);
		return -1;
	}
	return 0;
}

int
doc_epub_more(struct doc *doc, size_t bytes, char **cause)
{
	struct book *b = doc->loader;
	int rc = 0;

	if (book_reopen(b, cause) != 0) {
		free(doc->error);
		doc->error = xstrdup(*cause);
		b->next = b->n; /* the book ends where it was read to */
		rc = -1;
	} else {
		/* A chapter is parsed whole: a megabyte at a time keeps a key from waiting. */
		epub_book_read(b, doc, bytes < EPUB_STEP ? bytes : EPUB_STEP);
		zip_discard(b->e.zip);
		b->e.zip = NULL;
	}
	doc_finish(doc);
	if (b->next == b->n) {
		doc->partial = 0;
		doc->size = doc->bytes_read; /* the file's, as Ctrl-G says it */
		epub_book_free(b);
		doc->loader = NULL;
	}
	return rc;
}

void
doc_epub_free(struct doc *doc)
{
	epub_book_free(doc->loader);
	doc->loader = NULL;
}
