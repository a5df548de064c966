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
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
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

/* A chapter read and parsed, ready to be walked; or why it could not be read. */
struct parsed {
	char *buf;
	size_t len;
	xmlDoc *x;
	char *cause;
	int done;
};

/* Reads and parses entry name of e into p: the part of a chapter that needs no document. */
static void
chapter_parse(struct epub *e, const char *name, struct parsed *p)
{
	if ((p->buf = epub_entry_read(e, name, EPUB_MAX_BYTES, &p->len, &p->cause)) != NULL)
		p->x = html_parse_xhtml(p->buf, p->len);
	p->done = 1;
}

/*
 * One chapter into doc, from what chapter_parse made of it (freed here): its <body> walked as
 * a book's, or a line saying it is missing. Either way its name is an anchor, the place a link
 * to the chapter leads to.
 */
static void
chapter(struct epub *e, struct doc *doc, const char *name, enum doc_dir dir, struct parsed *p)
{
	struct walk w = {.doc = doc,
	                 .fragment = 1,
	                 .keep_header = 1,
	                 .dir = dir,
	                 .book_link = book_link,
	                 .book_arg = e};
	char *line, *shown, *part = epub_part_name(e, name);
	xmlNode *root, *body;

	doc_anchor_add(doc, part, strlen(part), doc->nblocks);
	/* The cap on what a book unpacks to is the whole book's, whichever thread read this. */
	if (p->buf != NULL && e->unpacked + p->len > EPUB_MAX_BYTES) {
		p->cause = epub_too_big(e, name);
		free(p->buf);
		p->buf = NULL;
	}
	if (p->buf == NULL) {
		/* The entry's name is the archive's: any byte at all. */
		shown = xasprintf("[%s]", p->cause);
		line = utf8_printable(shown);
		doc_add_block(doc, BLOCK_PARA, 0, line, strlen(line));
		free(shown);
		free(line);
		free(p->cause);
		xmlFreeDoc(p->x);
		free(part);
		return;
	}
	e->unpacked += p->len;
	doc->content = doc_hash_more(doc->content, p->buf, p->len);
	free(p->buf);
	doc->parts = xreallocarray(doc->parts, doc->nparts + 1, sizeof *doc->parts);
	doc->part_first = xreallocarray(doc->part_first, doc->nparts + 1, sizeof *doc->part_first);
	doc->parts[doc->nparts] = utf8_printable(name);
	doc->part_first[doc->nparts++] = doc->nblocks;
	root = p->x != NULL ? xmlDocGetRootElement(p->x) : NULL;
	body = root != NULL ? html_find(root, "body") : NULL;
	e->part = w.part = part;
	e->part_dir = epub_dir_of(name);
	if (body != NULL)
		html_walk(&w, body);
	free(e->part_dir);
	e->part_dir = NULL;
	e->part = NULL;
	xmlFreeDoc(p->x);
	free(part);
}

/* The spine's item i into doc: a chapter, or the line that says why it cannot be read. */
static void
item(struct book *b, struct doc *doc, size_t i, struct parsed *p)
{
	struct parsed own = {0};

	if (b->entries[i] == NULL) {
		doc_add_block(doc, BLOCK_PARA, 0, b->lines[i], strlen(b->lines[i]));
		return;
	}
	if (p == NULL) {
		/* epub_entry_read counts what it unpacks; chapter counts it again, once. */
		zip_uint64_t unpacked = b->e.unpacked;

		chapter_parse(&b->e, b->entries[i], &own);
		b->e.unpacked = unpacked;
		p = &own;
	}
	chapter(&b->e, doc, b->entries[i], b->dir, p);
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

	while (b->next < b->n && (doc->text_len - from < bytes || doc->text_len == from))
		item(b, doc, b->next++, NULL);
	if (b->toc != NULL)
		epub_toc_resolve(b->toc, doc, b->next);
}

/*
 * Reading a whole book: helper threads read and parse the chapters ahead (inflating and
 * libxml2's parser are most of a book's cost beyond the layout's) while this thread walks
 * them into the document in reading order. Only this thread writes the document; a helper's
 * chapter is handed over whole, under the lock. A few chapters ahead at most, so that a book
 * of huge chapters does not hold them all parsed at once.
 */
#define AHEAD_MAX     4 /* chapters read ahead of the walk */
#define AHEAD_HELPERS 4 /* at most, fewer with fewer cores */
#define AHEAD_TRIM    ((size_t)512 << 10)

struct ahead {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct book *b;   /* read only, by the helpers */
	struct parsed *v; /* by spine item */
	size_t end;       /* the first item not to read */
	size_t claimed;   /* the next item no thread has taken to read */
	size_t walked;    /* the next item to walk */
	/* What the book has unpacked and what the threads are unpacking: counted against the
	 * cap before a chapter is inflated, or chapters read ahead together could pass it. */
	zip_uint64_t unpacked;
};

/*
 * Reads and parses spine item i with e (this thread's archive) into a->v[i]; called, and
 * returning, with a->mu held, which it lets go of while it works.
 */
static void
take(struct ahead *a, struct epub *e, size_t i)
{
	const char *name = a->b->entries[i];
	struct parsed p = {0};
	zip_uint64_t was = e->unpacked;
	zip_stat_t st;

	zip_stat_init(&st);
	if (name != NULL && zip_stat(e->zip, name, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE) &&
	    a->unpacked + st.size > EPUB_MAX_BYTES)
		p.cause = epub_too_big(e, name);
	else if (name != NULL) {
		a->unpacked += (st.valid & ZIP_STAT_SIZE) ? st.size : 0;
		pthread_mutex_unlock(&a->mu);
		/* The cap is a->unpacked's here; chapter counts the bytes as it walks them. */
		e->unpacked = 0;
		chapter_parse(e, name, &p);
		e->unpacked = was;
		pthread_mutex_lock(&a->mu);
	}
	p.done = 1;
	a->v[i] = p;
	pthread_cond_broadcast(&a->cv);
}

static void *
helper(void *arg)
{
	struct ahead *a = arg;
	struct book *b = a->b;
	struct epub e = {.path = b->path};
	int err;

	/* A zip_t is one thread's: each helper opens the archive for itself. */
	if ((e.zip = zip_open(b->path, ZIP_RDONLY, &err)) == NULL)
		return NULL; /* the walking thread reads what no helper took */
	pthread_mutex_lock(&a->mu);
	for (;;) {
		while (a->claimed < a->end && a->claimed >= a->walked + AHEAD_MAX)
			pthread_cond_wait(&a->cv, &a->mu);
		if (a->claimed >= a->end)
			break;
		take(a, &e, a->claimed++);
	}
	pthread_mutex_unlock(&a->mu);
	zip_discard(e.zip);
	return NULL;
}

void
epub_book_read_to(struct book *b, struct doc *doc, size_t end)
{
	struct ahead a = {.b = b, .claimed = b->next, .walked = b->next, .unpacked = b->e.unpacked};
	pthread_t tid[AHEAD_HELPERS];
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	size_t i, nhelpers = 0, want, trimmed = doc->text_len;
	sigset_t all, was;

	want = cores > AHEAD_HELPERS ? AHEAD_HELPERS : cores > 1 ? (size_t)cores : 0;
	if (end > b->n)
		end = b->n;
	if (end < b->next + 2)
		want = 0;
	a.end = end;
	a.v = xcalloc(b->n, sizeof *a.v);
	pthread_mutex_init(&a.mu, NULL);
	pthread_cond_init(&a.cv, NULL);
	xmlInitParser(); /* once, before threads parse */
	/* Signals stay the reader's thread's: its loop is what a resize or a Ctrl-C wakes. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &was);
	while (nhelpers < want && pthread_create(&tid[nhelpers], NULL, helper, &a) == 0)
		nhelpers++;
	pthread_sigmask(SIG_SETMASK, &was, NULL);
	pthread_mutex_lock(&a.mu);
	while (b->next < end) {
		i = b->next;
		if (a.claimed == i) /* no helper took it (none runs, or none opened the book) */
			take(&a, &b->e, a.claimed++);
		while (!a.v[i].done)
			pthread_cond_wait(&a.cv, &a.mu);
		pthread_mutex_unlock(&a.mu);
		item(b, doc, i, &a.v[i]);
#ifdef __GLIBC__
		/*
		 * A helper's trees are freed here, into its own arena, which glibc keeps at its
		 * peak: the 34 MB book read whole in the reader peaked 6 MB above its serial read;
		 * given back every half a megabyte of text read, 2 MB above, for 30 ms of 430.
		 */
		if (nhelpers > 0 && doc->text_len - trimmed >= AHEAD_TRIM) {
			malloc_trim(0);
			trimmed = doc->text_len;
		}
#endif
		pthread_mutex_lock(&a.mu);
		a.walked = ++b->next;
		pthread_cond_broadcast(&a.cv);
	}
	pthread_mutex_unlock(&a.mu);
	for (i = 0; i < nhelpers; i++)
		pthread_join(tid[i], NULL);
	pthread_mutex_destroy(&a.mu);
	pthread_cond_destroy(&a.cv);
	free(a.v);
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

/* Reads on, bytes of text at least or (upto > 0) the chapters before item upto. */
static int
book_more(struct doc *doc, size_t bytes, size_t upto, char **cause)
{
	struct book *b = doc->loader;
	int rc = 0;

	if (book_reopen(b, cause) != 0) {
		free(doc->error);
		doc->error = xstrdup(*cause);
		b->next = b->n; /* the book ends where it was read to */
		rc = -1;
	} else {
		if (upto > 0)
			epub_book_read_to(b, doc, upto);
		else /* a chapter is parsed whole: a megabyte at a time keeps a key from waiting */
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

int
doc_epub_more(struct doc *doc, size_t bytes, char **cause)
{
	return book_more(doc, bytes, 0, cause);
}

int
doc_epub_all(struct doc *doc, char **cause)
{
	return book_more(doc, 0, ((struct book *)doc->loader)->n, cause);
}

int
doc_epub_read_for(struct doc *doc, const char *id, char **cause)
{
	struct book *b = doc->loader;
	size_t i, n = strcspn(id, "#");
	char *part;
	int found;

	/*
	 * A place in a book is "chapter#id" (book_link, doc_anchor_add): read up to that chapter.
	 * One already read, or none of the book's, has nothing more to give.
	 */
	for (i = b->next; i < b->n; i++) {
		if (b->entries[i] == NULL)
			continue;
		part = epub_part_name(&b->e, b->entries[i]);
		found = strlen(part) == n && strncmp(part, id, n) == 0;
		free(part);
		if (found)
			return book_more(doc, 0, i + 1, cause);
	}
	return 0;
}

/* The book's contents still waiting for their chapters, or NULL. */
static struct epub_toc *
waiting(const struct doc *doc)
{
	const struct book *b = doc->partial && doc->src == NULL ? doc->loader : NULL;

	return b != NULL ? b->toc : NULL;
}

size_t
doc_epub_waiting(const struct doc *doc)
{
	return epub_toc_waiting(waiting(doc));
}

const char *
doc_epub_waiting_entry(const struct doc *doc, size_t i, int *level)
{
	const char *key;
	size_t chapter;

	return epub_toc_entry(waiting(doc), i, level, &key, &chapter);
}

int
doc_epub_reach(struct doc *doc, size_t i, size_t *block, char **cause)
{
	const char *key;
	char *want;
	size_t chapter;
	long found;
	int level, rc;

	if (epub_toc_entry(waiting(doc), i, &level, &key, &chapter) == NULL) {
		*cause = xstrdup("that contents entry is no longer waiting for its chapter");
		return -1;
	}
	want = xstrdup(key);
	rc = book_more(doc, 0, chapter + 1, cause);
	/* An id its chapter does not have: the chapter's start, as a browser goes there. */
	if ((found = doc_anchor_find(doc, want)) < 0) {
		want[strcspn(want, "#")] = '\0';
		found = doc_anchor_find(doc, want);
	}
	free(want);
	if (found < 0) {
		if (rc == 0)
			*cause = xstrdup("that contents entry leads nowhere in the book");
		return -1;
	}
	if (rc != 0)
		free(*cause); /* the book ends early, but past the entry's chapter */
	*block = (size_t)found;
	return 0;
}

void
doc_epub_free(struct doc *doc)
{
	epub_book_free(doc->loader);
	doc->loader = NULL;
}
