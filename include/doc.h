/*
 * The document model: what the loaders (doc-text.c, doc-markdown.c, doc-html.c) produce and
 * every later stage reads. A document is one buffer of clean UTF-8 (see utf8_sanitize) cut into
 * blocks; a block is one paragraph, heading, list item... and holds a '\n' only in code and
 * where a paragraph's source line ended (the layout joins it, or keeps it for verse).
 * A table row is one block: its cells, each isolated (FSI ... PDI), between " \u2502 ".
 * A position in a document is a (block, char) pair: char counts code points from the block's
 * start, so it does not depend on the screen.
 */
#ifndef QARI_DOC_H
#define QARI_DOC_H

#include <stddef.h>
#include <stdint.h>

enum block_kind {
	BLOCK_TITLE,
	BLOCK_BYLINE,
	BLOCK_HEADING,
	BLOCK_PARA,
	BLOCK_QUOTE,
	BLOCK_ITEM,
	BLOCK_CODE,
	BLOCK_RULE,
};

/* A paragraph direction: auto means "by its first strong character, else the document's". */
enum doc_dir {
	DIR_AUTO = 0,
	DIR_LTR,
	DIR_RTL,
};

struct block {
	enum block_kind kind;
	int level; /* heading level (1-6); in lists and quotes, how many it is in */
	enum doc_dir dir;
	size_t off;   /* byte offset into doc->text */
	size_t len;   /* bytes */
	size_t chars; /* code points */
	size_t line;  /* 1-based line in the source file where the block starts */
	int flags;    /* BLOCK_JOINED, BLOCK_MARKER, BLOCK_TABLE */
	/*
	 * In a list item (BLOCK_ITEM): the cells of the item's marker ("• ", "12. "), which its
	 * text hangs under when it wraps, and which its later paragraphs are set in by.
	 */
	uint8_t hang;
};

/*
 * The block follows the one before without a blank line between: a table row, a line after a
 * hard break (<br>, verse), an item of a tight list. A hint for the layout.
 */
#define BLOCK_JOINED 0x1
/*
 * A row of a table whose columns are lined up: set on one line, never wrapped (a cell wrapped
 * under the first would lose its column); the reader scrolls it sideways when it is wider than
 * the text column.
 */
#define BLOCK_TABLE 0x4

/* The block is an item's first: its text starts with the item's marker (hang cells of it). */
#define BLOCK_MARKER 0x2

/* Inline styles, a bit set, as the markup gives them; the reader draws what the terminal has. */
#define SPAN_BOLD      0x01
#define SPAN_ITALIC    0x02
#define SPAN_UNDERLINE 0x04
#define SPAN_STRIKE    0x08
#define SPAN_CODE      0x10
#define SPAN_LINK      0x20

/* A styled run of one block: chars [start, end) counted from the block's start. */
struct span {
	size_t block;
	uint32_t start, end;
	int style;
	uint32_t link; /* with SPAN_LINK: an index into doc->links */
};

/* An element's id in a page, and the block where it is (it may be past the last). */
struct doc_anchor {
	char *id;
	size_t block;
};

/*
 * One entry of the outline the sidebar shows: the title, and each heading; or, for a book
 * with a table of contents of its own, each of its entries, with its own text.
 */
struct outline_entry {
	size_t block;
	int level;
	char *title; /* a book's contents entry, clean UTF-8; NULL: the block's text */
};

struct doc {
	char *path;   /* as given on the command line, or "-" */
	char *name;   /* for display: the file's base name */
	char *title;  /* from the title block, front matter or <title>; never NULL */
	char *byline; /* NULL when there is none */
	const char *format;
	enum doc_dir dir; /* the direction most paragraphs take: the default for the rest */

	char *text; /* clean UTF-8, NUL-terminated; blocks point into it */
	size_t text_len;
	size_t text_cap; /* bytes allocated for text, for doc_add_block */
	struct block *blocks;
	size_t nblocks;
	struct outline_entry *outline;
	size_t noutline;
	struct span *spans; /* sorted by block, then start; they may nest */
	size_t nspans;
	char **links; /* link targets (URLs) of the spans, clean UTF-8 */
	size_t nlinks;
	/*
	 * What relative links are read against: a page's <base href>, made absolute against its
	 * URL once fetched (the URL itself without one); NULL for a file without <base>.
	 */
	char *base;
	/* The ids (and <a name>s) of a page's elements and the blocks they are in: #id links. */
	struct doc_anchor *anchors;
	size_t nanchors;
	/*
	 * A web page's view (DOC_VIEW_*) and its source, kept so that :reader and :page can show
	 * it the other way without reading the file or fetching the page again.
	 */
	int view;
	char *source;
	size_t source_len;
	/*
	 * An open-addressing hash of the anchors, by id (index + 1, 0 for a free slot): a book's
	 * contents look up thousands of ids in tens of thousands.
	 */
	uint32_t *anchor_slots;
	size_t nanchor_slots;
	/* The outline is the book's own table of contents: headings do not join it. */
	int toc;
	/*
	 * The files a book is made of (an EPUB's chapters, in reading order), each from its first
	 * block on: part_first[i] is where parts[i] starts. None for a single file.
	 */
	char **parts;
	size_t *part_first;
	size_t nparts;
	/*
	 * Identifies the document wherever it moves: its size and a hash of its first 64 KiB (so a
	 * 35 MB book costs no more than an article); an edit elsewhere re-anchors by quotes. A
	 * file in another charset is known by its text converted to UTF-8.
	 */
	uint64_t hash;
	/*
	 * The whole text's hash, as read so far: the identity proper once the document is read
	 * to its end (partial 0), which tells apart two files that share their size and head.
	 */
	uint64_t content;
	/* A file's last 64 KiB, read at open (0 for a stream): known long before content is. */
	uint64_t tail;

	int partial;       /* the file is still being read: see doc_load_more */
	char *error;       /* why reading stopped early (kept: the reader says it), or NULL */
	int not_utf8;      /* its first bytes are not UTF-8 (shown as U+FFFD): see DOC_NOT_UTF8 */
	size_t size;       /* bytes of the file (known from the start for regular files) */
	size_t bytes_read; /* of them */
	struct doc_source *src;
	struct doc_cell_align *aligns; /* a table's cell alignments while it is being loaded */
	size_t naligns;
	void *loader;    /* the loader's state while partial */
	size_t finished; /* blocks that doc_finish has seen */
};

/*
 * A loader: probe scores how well the first bytes fit (0 = not at all). A loader either takes
 * the whole file at once (load: len bytes, NUL-terminated) or takes it piece by piece (feed:
 * whole lines each time, eof set with the last piece), which lets a book show its first page
 * before the rest is read.
 */
struct doc_format {
	const char *name;
	int (*probe)(const char *path, const char *buf, size_t len);
	int (*load)(struct doc *doc, const char *buf, size_t len, char **cause);
	int (*feed)(struct doc *doc, const char *buf, size_t len, int eof);
};

struct doc_source;

extern const struct doc_format doc_format_text;
extern const struct doc_format doc_format_markdown;
extern const struct doc_format doc_format_html;

/* Whether a web page shows only its article (the reader view, 1) or the whole page (0). */
extern int doc_html_extract;

/*
 * A document's view: not a web page, or a page where no article stands out (shown whole
 * either way); the article of a page; a page shown whole although it has an article, a
 * document of its own (its own place and bookmarks: their offsets are in another text).
 */
#define DOC_VIEW_NONE    0
#define DOC_VIEW_ARTICLE 1
#define DOC_VIEW_PAGE    2

/*
 * The same page in the other view (extract 1: its article; 0: whole), a new document read from
 * doc's source under doc's path (a fetched page's URL is for fetch_doc_named to give it). NULL
 * with *cause when doc is not a page that has an article.
 */
struct doc *doc_html_view(const struct doc *doc, int extract, char **cause);

/*
 * Loads the file at path ("-" for standard input) with the named format, or the best-probing one
 * when format is NULL. Returns a new document, or NULL with a one-line reason in *cause (freed by
 * the caller) when the file cannot be read or is not a document.
 */
struct doc *doc_load(const char *path, const char *format, char **cause);

/*
 * Reads up to about bytes more of a partial document and adds the blocks found. Returns 0, or -1
 * when reading failed (the document then ends where it was: *cause says why).
 */
int doc_load_more(struct doc *doc, size_t bytes, char **cause);

/* Reads a partial document to its end; returns 0 or -1 as doc_load_more. */
int doc_load_all(struct doc *doc, char **cause);

/*
 * The outline entry a block is under: the last one at or before block b (the title or a
 * heading), as an index into doc->outline, or -1 when there is none. With headings_only, the
 * title does not count.
 */
long doc_outline_at(const struct doc *doc, size_t b, int headings_only);

/* Whether block b exists, reading on as far as needed to know. */
int doc_has_block(struct doc *doc, size_t b);

/*
 * How long loading waits for a stream's first byte, in ms (-1, the default: until it comes, as
 * cat does). The reader sets it, so that a writer that says nothing for long (a FIFO held open)
 * does not keep it from opening: its format is then taken from its name.
 */
void doc_stream_patience(int ms);

/*
 * A stream (pipe, FIFO, device) read by the reader is never waited for: what has come is the
 * document so far, and more is added as it comes (doc_load_more, doc_has_block and doc_load_all
 * take only what is there, doc_load_all at most a few MiB of it at a time: a stream may never
 * end). Without this call a stream is read as files are, to its end.
 */
void doc_stream_nowait(struct doc *doc);

/* Whether the document is a stream whose writer has sent nothing more yet. */
int doc_waiting(const struct doc *doc);

/* Loads a document from memory; name is used for display. Same contract as doc_load. */
struct doc *doc_load_buffer(const char *name, const char *buf, size_t len, const char *format,
                            char **cause);

/*
 * doc_load and doc_load_buffer with the charset of the input named: encoding is a label iconv
 * knows ("windows-1256", "cp1255", "iso-8859-6", "utf-16"...), and the whole input is converted
 * from it. With encoding NULL, the input is UTF-8 unless a UTF-16 byte order mark says otherwise
 * or, for HTML that is not valid UTF-8, the page declares its charset in its first 1024 bytes.
 */
struct doc *doc_load_encoded(const char *path, const char *format, const char *encoding,
                             char **cause);
struct doc *doc_load_buffer_encoded(const char *name, const char *buf, size_t len,
                                    const char *format, const char *encoding, char **cause);

void doc_free(struct doc **doc);

/* What to tell the user of a document whose bytes are not UTF-8, after its name. */
#define DOC_NOT_UTF8 "is not UTF-8: try --encoding windows-1256 (Arabic) or windows-1255 (Hebrew)"

/* The text of block i (not NUL-terminated) and its byte length. */
const char *doc_block_text(const struct doc *doc, size_t i, size_t *len);

/* Appends a block of len bytes of clean UTF-8 at the end of doc->text; used by the loaders. */
struct block *doc_add_block(struct doc *doc, enum block_kind kind, int level, const char *s,
                            size_t len);

/* Appends a block that points at bytes already in doc->text (loaders that clean in place). */
struct block *doc_push_block(struct doc *doc, enum block_kind kind, int level, size_t off,
                             size_t len);

/* Extends the outline, char counts and the direction over blocks added since the last call. */
void doc_finish(struct doc *doc);

/* The direction of the first strong character of s (len bytes), or DIR_AUTO when it has none. */
enum doc_dir doc_first_strong(const char *s, size_t len);

/* The spans of block b, in order of their start: *n of them from the pointer returned. */
const struct span *doc_block_spans(const struct doc *doc, size_t b, size_t *n);

/*
 * The paths of a command line made into the files to open: a folder becomes its files named
 * .txt, .md, .markdown, .html or .htm (not those of its subfolders), sorted by name with
 * numbers in order; anything else (a file, "-", a folder without such files, a missing path)
 * stays as it is, for doc_load to open or to say what is wrong. Returns a new array of *nout
 * new strings, freed by doc_free_paths.
 */
char **doc_expand_paths(const char *const *in, size_t n, size_t *nout);
void doc_free_paths(char ***paths, size_t n);

/*
 * Charsets other than UTF-8 (doc-charset.c). Labels are compared ignoring case; those browsers
 * read otherwise than glibc's iconv (ISO-8859-1 as windows-1252, ISO-8859-8-I...) are read as
 * browsers do.
 */

/* Whether label is one of UTF-8's names ("utf-8", "utf8"...). */
int doc_charset_utf8(const char *label);

/* Whether label names a charset that can be converted to UTF-8. */
int doc_charset_known(const char *label);

/*
 * The charset a byte order mark at the start of buf says ("UTF-8", "UTF-16LE" or "UTF-16BE"),
 * with the mark's length in *bomlen; NULL and 0 when there is none.
 */
const char *doc_charset_bom(const char *buf, size_t len, size_t *bomlen);

/* Whether len bytes are valid UTF-8 (but for a last character cut short). */
int doc_charset_is_utf8(const char *buf, size_t len);

/*
 * The charset an HTML page declares in its first 1024 bytes, as the HTML standard's prescan
 * finds it: <meta charset>, <meta http-equiv="Content-Type" content="...; charset=...">, else
 * an XML declaration's encoding. A new string, "UTF-8" for a page that says UTF-16 (it was read
 * as ASCII), or NULL when the page declares nothing doc_charset_known knows.
 */
char *doc_charset_html(const char *buf, size_t len);

/*
 * len bytes in the charset label converted to a new NUL-terminated buffer of UTF-8 (*outlen
 * bytes); an invalid or incomplete sequence becomes U+FFFD. NULL with a one-line reason in
 * *cause when label is unknown or the result would be over max bytes.
 */
char *doc_charset_convert(const char *buf, size_t len, const char *label, size_t max,
                          size_t *outlen, char **cause);

/* The identity of a document of size bytes that starts with head (at least its first 64 KiB). */
uint64_t doc_hash(const char *head, size_t headlen, size_t size);

/*
 * The text of len code points from (block, ch), in logical order, blocks joined by '\n' (which
 * counts as one): a new string of *outlen bytes, NUL-terminated. Past the last block it stops.
 */
char *doc_text_range(const struct doc *doc, size_t block, size_t ch, size_t len, size_t *outlen);

/*
 * Records that id (len bytes) is in block (the loaders, at an element). An id given twice
 * keeps its first block, as browsers take it. A book's ids are "chapter#id", the chapter's
 * file as its package names it (see doc-epub.c), and each chapter's own name is one too.
 */
void doc_anchor_add(struct doc *doc, const char *id, size_t len, size_t block);

/* The block of anchor id (a link's fragment, without '#', percent-decoded), or -1. */
long doc_anchor_find(const struct doc *doc, const char *id);

/*
 * A book's contents entries whose chapters are not read yet (doc-epub-book.c): the whole TOC
 * is known at open, so the sidebar shows them after the outline, in the TOC's order. How many
 * wait; waiting entry i's title (clean UTF-8) and level, NULL past the last; and reading the
 * book on until entry i's target is read: 0 with *block, where it leads (its chapter's start
 * for an id the chapter lacks), or -1 with *cause.
 */
size_t doc_epub_waiting(const struct doc *doc);
const char *doc_epub_waiting_entry(const struct doc *doc, size_t i, int *level);
int doc_epub_reach(struct doc *doc, size_t i, size_t *block, char **cause);

/*
 * The block of anchor id as doc_anchor_find, reading a partial document on as far as it takes
 * (a book's note may be in a chapter not read yet: the book is read to that chapter). -1 when it
 * is nowhere, or when a stream has nothing more yet; *cause (a new string) set when reading
 * failed, NULL otherwise.
 */
long doc_anchor_reach(struct doc *doc, const char *id, char **cause);

/* The file of a book block b comes from (its chapter), or NULL for a single file. */
const char *doc_part_of(const struct doc *doc, size_t b);

/* The hash of len more bytes, after those that made h (DOC_HASH_START at first). */
uint64_t doc_hash_more(uint64_t h, const char *buf, size_t len);

#define DOC_HASH_START 0xcbf29ce484222325ULL

/* The part of a document doc_hash reads. */
#define DOC_HASH_HEAD ((size_t)64 * 1024)

#endif
