/*
 * The Markdown loader's state, shared by its three files: doc-markdown.c (md4c's blocks, the
 * loader), doc-markdown-inline.c (spans, text, inline HTML) and doc-markdown-meta.c (front
 * matter, and the probe).
 */
#ifndef QARI_DOC_MARKDOWN_H
#define QARI_DOC_MARKDOWN_H

#include <md4c.h>

#include "doc.h"
#include "doc-private.h"

#define MD_DEPTH 32

/* An open inline thing whose span or closing control waits for its end. */
struct md_open {
	char name[16]; /* of an HTML tag; empty for md4c's spans */
	size_t start;
	int style;
	uint32_t link;
	uint32_t close; /* PDI or PDF to add at the end, or 0 */
	uint32_t open;  /* the initiator, to open again after a hard break */
};

struct md {
	struct doc *doc;
	const char *src;
	size_t srclen;
	size_t pos, line; /* a line count, kept as md4c moves on */
	struct inline_text t;

	char box[MD_DEPTH];   /* containers, innermost last: 'L' list item, 'Q' block quote */
	int nbox, deep_boxes; /* those past MD_DEPTH count as the innermost */
	struct {
		int ordered, tight, items;
		int hang; /* cells of its current item's marker */
		unsigned next;
		char delim;
	} lists[MD_DEPTH];
	int nlists, deep_lists;
	char marker[32]; /* of the item whose first block is still to come */
	int fresh;       /* that item has had no block yet */
	int joined;      /* the next block follows without a gap */

	unsigned heading; /* level while in a heading */
	int code;         /* in a code block */
	int img;          /* images open: the outermost one's alt text shows in brackets */
	size_t img_start;
	size_t indent; /* md4c's indentation of the code line coming */
	int html;      /* in a block of raw HTML */
	int in_table, rows, cells;
	enum doc_dir table_dir; /* of every row: the first that has a strong character */
	size_t table_first;     /* the block of its first row */
	size_t cell_start;

	struct md_open open[MD_DEPTH];
	int nopen, deep_open; /* md4c's spans past MD_DEPTH, left without a style */
	struct {
		char name[16];
		int dir;      /* -1 when the tag has none */
	} tags[MD_DEPTH * 2]; /* block-level HTML tags open across Markdown blocks */
	int ntags;

	char *raw; /* a block of raw HTML being gathered */
	size_t rawlen, rawcap, rawline;
};

/* The 1-based line of p, a pointer into the source (0 when it points elsewhere). */
size_t md_line_at(struct md *m, const char *p);

/* What a block of text is here (an item or quote by the innermost container) and its depth. */
enum block_kind md_context(const struct md *m, int *level);

/*
 * Makes a block of the text gathered. With carry, what is open inline goes on into the next
 * block (a hard break), else it ends here.
 */
struct block *md_flush(struct md *m, enum block_kind kind, int level, int carry);

/* md_flush as a block of the context: paragraph, item or quote. */
struct block *md_flush_context(struct md *m, int carry);

/* Ends the spans and isolates open inline; with reopen, keeps them for the next block. */
void md_inline_close(struct md *m, int reopen);
void md_inline_reopen(struct md *m);

int md_span_enter(MD_SPANTYPE type, void *detail, void *data);
int md_span_leave(MD_SPANTYPE type, void *detail, void *data);
int md_text(MD_TEXTTYPE type, const MD_CHAR *s, MD_SIZE len, void *data);

/* Takes the front matter that opens buf (title, byline, language); returns its length. */
size_t md_front_matter(struct md *m, const char *buf, size_t len);

int md_probe(const char *path, const char *buf, size_t len);

#endif
