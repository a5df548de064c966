/*
 * Shared by doc-epub.c (the container, the package, the chapters, their links) and
 * doc-epub-toc.c (the book's own table of contents): the open book and what reads its entries.
 */
#ifndef QARI_DOC_EPUB_H
#define QARI_DOC_EPUB_H

#include <sys/stat.h>

#include <libxml/tree.h>
#include <zip.h>

#include "doc.h"

/* What a book may unpack to, at most: past it, it is refused (a ZIP bomb, or no book). */
#define EPUB_MAX_BYTES ((zip_uint64_t)512 << 20)
/* An OPF, container, encryption, nav or NCX file larger than this is not one. */
#define EPUB_MAX_XML ((zip_uint64_t)16 << 20)

struct epub {
	zip_t *zip;
	const char *path; /* for messages */
	zip_uint64_t unpacked;
	char *opf_dir; /* the OPF's folder in the archive, "" or ending in '/' */
	/* The chapter being walked: its name as the package names it, and its folder. */
	const char *part;
	char *part_dir;
};

/* The one-line error for an entry name that would unpack past the book's cap: a new string. */
char *epub_too_big(const struct epub *e, const char *name);

/* Entry name's bytes, whole, in a new NUL-terminated buffer; NULL with *cause on failure. */
char *epub_entry_read(struct epub *e, const char *name, zip_uint64_t max, size_t *len,
                      char **cause);

/*
 * href (relative to the folder dir, "" or ending in '/', its %XX escapes decoded, its #fragment
 * or ?query dropped) as an entry name, "." and ".." resolved: a new string, or NULL when it
 * leaves the archive or is absolute.
 */
char *epub_entry_name(const char *dir, const char *href);

/* An entry's name as the package names it (relative to the OPF's folder): a new string. */
char *epub_part_name(const struct epub *e, const char *entry);

/* The folder of an entry, "" or ending in '/': a new string. */
char *epub_dir_of(const char *entry);

/* Parses XML with no network and no entity expansion (a book is untrusted input). */
xmlDoc *epub_xml_parse(const char *buf, size_t len);

/* Whether n is an element called name. */
int epub_named(xmlNode *n, const char *name);

/* The first element called name among n, its siblings after it and all their descendants. */
xmlNode *epub_find(xmlNode *n, const char *name);

/* Attribute name of n, a new string, or NULL. */
char *epub_prop(xmlNode *n, const char *name);

/* Whether the space-separated list s holds word. */
int epub_has_word(const char *s, const char *word);

struct epub_toc;

/*
 * A book being read: doc->loader while chapters are left (doc-epub-book.c). The spine's
 * entries are read in order, a chapter at a time.
 */
struct book {
	struct epub e; /* its archive open only while chapters are being read */
	char *path;
	struct stat sb; /* the file's when opened: it must be the same file later */
	char **entries; /* the spine's entry names, NULL for an item that cannot be read... */
	char **lines;   /* ... and then the line that says why */
	size_t n, next; /* items, and the first not read yet */
	enum doc_dir dir;
	struct epub_toc *toc; /* its entries not placed yet */
};

/* The bytes the chapters from the next on unpack to: what is left to read, about. */
size_t epub_book_left(struct book *b);

/* Reads chapters into doc until its text has grown by bytes, one at least, or the book ends. */
void epub_book_read(struct book *b, struct doc *doc, size_t bytes);

/*
 * Reads the chapters from the next up to end (not included) into doc, helper threads reading
 * and parsing them ahead.
 */
void epub_book_read_to(struct book *b, struct doc *doc, size_t end);

/* Frees b, closing its archive if it is open. */
void epub_book_free(struct book *b);

/*
 * The book's own table of contents: the EPUB 3 nav document the manifest names, else the EPUB
 * 2 NCX the spine names, its entries kept until the chapters they lead to are read. parts are
 * the names of the spine's chapters (NULL for one that cannot be read), in reading order; an
 * entry that leads to no chapter of theirs is left out. NULL when there is no usable TOC: the
 * outline is then the chapters' headings.
 */
struct epub_toc *epub_toc_read(struct epub *e, xmlNode *manifest, xmlNode *spine,
                               char *const *parts, size_t nparts);

/*
 * Adds to doc's outline (kept in the order of its blocks) the entries that lead into the first
 * loaded parts, those being read; an id not in its chapter leaves its entry out.
 */
void epub_toc_resolve(struct epub_toc *t, struct doc *doc, size_t loaded);

/* Entries still waiting for their chapters. */
size_t epub_toc_waiting(const struct epub_toc *t);

/*
 * Waiting entry i (from 0, in the TOC's order): its title, with its level, its target's anchor
 * and its chapter in the spine; NULL past the last.
 */
const char *epub_toc_entry(const struct epub_toc *t, size_t i, int *level, const char **key,
                           size_t *chapter);

void epub_toc_free(struct epub_toc **t);

#endif
