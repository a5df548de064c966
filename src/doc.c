/*
 * Reading a document: the file (or standard input) is read, converted to UTF-8 when it is in
 * another charset (doc-charset.c), checked for being a text at all, and handed to the loader
 * whose probe fits best. The loaders produce blocks; doc_finish derives what every loader needs
 * alike: code point counts, the outline, the document direction.
 */
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <errno.h>
#include <poll.h>
#include <time.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <fribidi.h>

#include "doc.h"
#include "doc-private.h"
#include "utf8.h"
#include "xmalloc.h"

/* Larger inputs are refused: the reader keeps a document in memory. */
#define DOC_MAX_SIZE ((size_t)1 << 30)
/* What is still to be read of a text, from which it is asked for in huge pages. */
#define HUGE_PAGES_FROM ((size_t)4 << 20)
/* Read at open, enough for the first pages; then more at a time as the reader goes on. */
#define FIRST_BYTES ((size_t)256 * 1024)

/* Where the bytes of a document come from while it is being read. */
struct doc_source {
	int fd;    /* -1 when there is nothing more to read */
	char *buf; /* bytes read but not given to the loader yet: an unfinished line */
	size_t len, cap;
	const struct doc_format *fmt;
	int stream;   /* a pipe, FIFO or device: no size, and more may come at any time */
	int nowait;   /* take what has come, never wait for more (the reader: doc_stream_nowait) */
	int starved;  /* the last fill stopped because nothing more had come yet */
	int deferred; /* a stream for a whole-file loader: loaded when it ends (load_deferred) */
};

/* A stream's first bytes are what comes within this long of the first: a slow writer opens. */
#define STREAM_FIRST_MS 300
/* What the reader reads of a stream at most at a time, where a file would be read whole. */
#define STREAM_SLICE ((size_t)4 << 20)

static const struct doc_format *formats[] = {
    &doc_format_text,
    &doc_format_markdown,
    &doc_format_html,
};

uint64_t
doc_hash(const char *head, size_t headlen, size_t size)
{
	uint64_t h = DOC_HASH_START ^ ((uint64_t)size * 0x9E3779B97F4A7C15ULL);

	return doc_hash_more(h, head, headlen < DOC_HASH_HEAD ? headlen : DOC_HASH_HEAD);
}

uint64_t
doc_hash_more(uint64_t h, const char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)buf[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* Appends up to want bytes from the source; returns bytes read, 0 at the end, -1 on error. */
static ssize_t
source_read(struct doc_source *src, size_t want)
{
	ssize_t n;

	if (src->len + want + 1 > src->cap) {
		src->cap = src->len + want + 1;
		src->buf = xreallocarray(src->buf, src->cap, 1);
	}
	do
		n = read(src->fd, src->buf + src->len, want);
	while (n < 0 && errno == EINTR);
	if (n > 0)
		src->len += n;
	return n;
}

/* Waits at most ms (-1: for ever) for fd to have bytes (or its end) to read. */
static void
wait_readable(int fd, int ms)
{
	struct pollfd p = {.fd = fd, .events = POLLIN};

	while (poll(&p, 1, ms) < 0 && errno == EINTR && ms < 0)
		;
}

/*
 * Reads until at least want bytes are buffered or the input ends (then closes it), counting them
 * in *total; -1 with errno on error, or EFBIG past the size limit. A stream with nothing to read
 * yet is waited for, unless the source is nowait: then the fill ends, starved.
 */
static int
source_fill(struct doc_source *src, size_t *total, size_t want)
{
	ssize_t n;

	src->starved = 0;
	while (src->fd != -1 && src->len < want) {
		n = source_read(src, want - src->len > 65536 ? want - src->len : 65536);
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			if (src->nowait) {
				src->starved = 1;
				return 0;
			}
			wait_readable(src->fd, -1);
			continue;
		}
		if (n < 0)
			return -1;
		*total += n;
		if (*total > DOC_MAX_SIZE) {
			errno = EFBIG;
			return -1;
		}
		if (n == 0) {
			if (src->fd != STDIN_FILENO)
				close(src->fd);
			src->fd = -1;
		}
	}
	return 0;
}

static long
ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

/* How long a stream's first byte is waited for: for ever (as cat does) unless the reader says. */
static int first_byte_ms = -1;

void
doc_stream_patience(int ms)
{
	first_byte_ms = ms;
}

/*
 * The first bytes of a stream: it is waited for until something comes (at most
 * doc_stream_patience's time), then what comes within STREAM_FIRST_MS, up to the head that
 * identifies a document. A writer that is slow, silent or never ends (tail -f, a FIFO kept
 * open, /dev/urandom) does not keep the reader from opening.
 */
static int
source_fill_stream(struct doc_source *src, size_t *total)
{
	struct timespec t0;
	long left;
	int rc = 0;

	wait_readable(src->fd, first_byte_ms);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	src->nowait = 1;
	for (;;) {
		if ((rc = source_fill(src, total, DOC_HASH_HEAD)) != 0 || !src->starved)
			break;
		if ((left = STREAM_FIRST_MS - ms_since(&t0)) <= 0)
			break;
		wait_readable(src->fd, (int)left);
	}
	src->nowait = 0;
	return rc;
}

/* What went wrong in source_fill, as the one line to show. */
static char *
read_error(const char *name)
{
	return xasprintf("%s: %s", name,
	                 errno == EFBIG ? "too large (over 1 GiB): read up to there"
	                                : strerror(errno));
}

static int source_convert_html(struct doc_source *src, const char *name, char **cause);

/*
 * A Markdown or HTML stream, whole at last: the loader has it now. Until then the document had
 * no block and its name for a title, so that the reader could open (and quit) at once.
 */
static void
load_deferred(struct doc *doc)
{
	struct doc_source *src = doc->src;
	char *cause = NULL;

	src->deferred = 0;
	free(doc->title);
	doc->title = NULL; /* the loader's, or the name again (doc_finish) */
	if (src->fmt == &doc_format_html && source_convert_html(src, doc->path, &cause) != 0)
		goto fail;
	/* Known by its text in UTF-8, as a file converted at open. */
	doc->content = doc_hash_more(doc->content, src->buf, src->len);
	if (src->fmt->load(doc, src->buf, src->len, &cause) != 0)
		goto fail;
	src->len = 0;
	return;
fail:
	free(doc->error);
	doc->error = cause;
	src->len = 0;
}

/* Gives the loader every whole line buffered, or everything once the input has ended. */
static void
source_feed(struct doc *doc)
{
	struct doc_source *src = doc->src;
	size_t n = src->len;
	int eof = src->fd == -1;

	if (!eof) {
		char *nl = memrchr(src->buf, '\n', src->len);

		if (nl == NULL)
			return;
		n = nl - src->buf + 1;
	}
	src->buf[src->len] = '\0';
	if (src->deferred && !eof)
		return;
	if (src->deferred) {
		load_deferred(doc);
		n = 0;                       /* it took the whole buffer */
	} else if (src->fmt->feed != NULL) { /* a whole-file loader has had it all already */
		doc->content = doc_hash_more(doc->content, src->buf, n);
		src->fmt->feed(doc, src->buf, n, eof);
	}
	memmove(src->buf, src->buf + n, src->len - n);
	src->len -= n;
	doc_finish(doc);
	if (eof) {
		free(src->buf);
		free(src);
		doc->src = NULL;
		doc->partial = 0;
		doc->size = doc->bytes_read;
	}
}

int
doc_load_more(struct doc *doc, size_t bytes, char **cause)
{
	size_t before = doc->nblocks, start = doc->bytes_read;
	int starved;

	if (doc->partial && doc->src == NULL && doc->loader != NULL) /* a book: its chapters */
		return doc_epub_more(doc, bytes, cause);

	while (doc->partial) {
		if (source_fill(doc->src, &doc->bytes_read, doc->src->len + bytes) != 0) {
			*cause = read_error(doc->path);
			free(doc->error);
			doc->error = xstrdup(*cause);
			if (doc->src->fd > STDIN_FILENO)
				close(doc->src->fd);
			doc->src->fd = -1; /* keep what was read */
			source_feed(doc);
			return -1;
		}
		starved = doc->src->starved;
		source_feed(doc);
		if (doc->nblocks > before || starved)
			break;
		/*
		 * A stream the reader reads as it comes is read a slice at a time, block or not:
		 * one that never ends a paragraph (/dev/urandom can go 700 MB without a blank line
		 * the loader takes) would keep the reader from its first screen.
		 */
		if (doc->src != NULL && doc->src->nowait && doc->bytes_read - start >= STREAM_SLICE)
			break;
		if (bytes < ((size_t)64 << 20))
			bytes *= 2; /* one long line: read on until it ends */
	}
	return 0;
}

/*
 * Asks for the rest of a book's text in huge pages, before it is read whole: it would otherwise
 * be faulted in 4 KiB at a time, and those faults were half the time to read the 34.5 MB book
 * (more on a virtual machine than on bare metal). Not at open: there the first page is all that
 * is read, and a huge page costs its first fault more. Only advice: where the kernel says no,
 * nothing changes.
 */
static void
huge_pages(struct doc *doc)
{
#ifdef MADV_HUGEPAGE
	uintptr_t start = ((uintptr_t)doc->text + doc->text_len + 4095) & ~(uintptr_t)4095;
	uintptr_t end = ((uintptr_t)doc->text + doc->text_cap) & ~(uintptr_t)4095;

	if (doc->text != NULL && end > start && end - start >= HUGE_PAGES_FROM)
		madvise((void *)start, end - start, MADV_HUGEPAGE);
#else
	(void)doc;
#endif
}

int
doc_load_all(struct doc *doc, char **cause)
{
	size_t before = doc->bytes_read;

	if (doc->partial && doc->src == NULL && doc->loader != NULL) /* a book: its chapters */
		return doc_epub_all(doc, cause);
	if (doc->partial)
		huge_pages(doc);
	/* Pieces of 1 MiB: the read buffer stays small and in cache, whatever the file's size. */
	while (doc->partial && !doc_waiting(doc)) {
		if (doc_load_more(doc, (size_t)1 << 20, cause) != 0)
			return -1;
		/* A stream that never ends (/dev/urandom) is read a slice at a time. */
		if (doc->src != NULL && doc->src->nowait &&
		    doc->bytes_read - before >= STREAM_SLICE)
			break;
	}
	return 0;
}

int
doc_waiting(const struct doc *doc)
{
	return doc->partial && doc->src != NULL && doc->src->starved;
}

void
doc_stream_nowait(struct doc *doc)
{
	if (doc->src != NULL && doc->src->stream)
		doc->src->nowait = 1;
}

long
doc_outline_at(const struct doc *doc, size_t b, int headings_only)
{
	size_t lo = 0, hi = doc->noutline;
	long i;

	/* The outline is in the order of its blocks: the first entry past b, by halves. */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (doc->outline[mid].block <= b)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = (long)lo - 1; i >= 0 && headings_only; i--)
		if (doc->outline[i].title != NULL ||
		    doc->blocks[doc->outline[i].block].kind == BLOCK_HEADING)
			break;
	return i;
}

int
doc_has_block(struct doc *doc, size_t b)
{
	char *cause = NULL;

	while (b >= doc->nblocks && doc->partial) {
		if (doc_load_more(doc, (size_t)4 << 20, &cause) != 0) {
			free(cause); /* kept in doc->error, for the reader to say */
			break;
		}
		/*
		 * A stream: what has not come yet is not there; one the reader reads as it comes
		 * is asked for one slice, whatever it brings (the idle time reads on).
		 */
		if (doc_waiting(doc) || (doc->src != NULL && doc->src->nowait))
			break;
	}
	return b < doc->nblocks;
}

struct compression {
	const char *magic;
	size_t len;
	const char *name, *cat;
};

/*
 * The compression a file's first bytes say it is in, or NULL. Such a file is refused with the
 * command that reads it: shown as it is, it would be garbage with a hint to try --encoding.
 */
static const struct compression *
compressed(const char *buf, size_t len)
{
	static const struct compression kinds[] = {
	    {"\x1f\x8b", 2, "gzip", "zcat"},
	    {"BZh", 3, "bzip2", "bzcat"}, /* then the block size, '1' to '9' */
	    {"\xfd"
	     "7zXZ\0",
	     6, "xz", "xzcat"},
	    {"\x28\xb5\x2f\xfd", 4, "zstd", "zstdcat"},
	};
	size_t i;

	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (len >= kinds[i].len && memcmp(buf, kinds[i].magic, kinds[i].len) == 0 &&
		    (kinds[i].magic[0] != 'B' || (len > 3 && buf[3] >= '1' && buf[3] <= '9')))
			return &kinds[i];
	return NULL;
}

/* A text has no NUL bytes to speak of; a few are tolerated (shown as pictures). */
static int
looks_binary(const char *buf, size_t len)
{
	size_t i, n = len < 8192 ? len : 8192, nul = 0;

	for (i = 0; i < n; i++)
		nul += buf[i] == '\0';
	return nul > 0 && nul * 100 >= n;
}

static const struct doc_format *
pick_format(const char *name, const char *buf, size_t len, const char *format, char **cause)
{
	const struct doc_format *best = NULL;
	int score, best_score = 0;
	size_t i;

	for (i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		if (format != NULL) {
			if (strcmp(format, formats[i]->name) == 0)
				return formats[i];
			continue;
		}
		score = formats[i]->probe(name, buf, len);
		if (score > best_score) {
			best = formats[i];
			best_score = score;
		}
	}
	if (format != NULL)
		*cause = xasprintf("unknown format '%s' (known: text, markdown, html)", format);
	else if (best == NULL)
		*cause = xasprintf("%s: not a document qari can read", name);
	return best;
}

/*
 * Reads the rest of the input and replaces it with its text in UTF-8, from the charset from,
 * past a byte order mark of skip bytes.
 */
static int
source_convert(struct doc_source *src, const char *name, const char *from, size_t skip,
               char **cause)
{
	size_t total = src->len, n;
	char *utf8, *why = NULL;

	if (source_fill(src, &total, DOC_MAX_SIZE + 1) != 0) {
		*cause = read_error(name);
		return -1;
	}
	utf8 = doc_charset_convert(src->buf + skip, src->len - skip, from, DOC_MAX_SIZE, &n, &why);
	if (utf8 == NULL) {
		*cause = xasprintf("%s: %s", name, why);
		free(why);
		return -1;
	}
	free(src->buf);
	src->buf = utf8;
	src->len = n;
	src->cap = n + 1;
	return 0;
}

/*
 * Puts an HTML page in UTF-8 when its bytes are not and it declares another charset: valid
 * UTF-8 wins over a declaration, which pages copied from elsewhere often get wrong. An unknown
 * declaration is ignored, and the bytes that are not UTF-8 show as U+FFFD.
 */
static int
source_convert_html(struct doc_source *src, const char *name, char **cause)
{
	size_t total = src->len;
	char *label;
	int rc = 0;

	if (source_fill(src, &total, DOC_MAX_SIZE + 1) != 0) {
		*cause = read_error(name);
		return -1;
	}
	if (doc_charset_is_utf8(src->buf, src->len) ||
	    (label = doc_charset_html(src->buf, src->len)) == NULL)
		return 0;
	if (!doc_charset_utf8(label))
		rc = source_convert(src, name, label, 0, cause);
	free(label);
	return rc;
}

/*
 * Starts a document on a source holding its first bytes: picks the loader and, when it reads
 * piece by piece and more is to come, leaves the document partial. size is 0 when unknown.
 */
static struct doc *
start(const char *name, struct doc_source *src, size_t size, const char *format,
      const char *encoding, char **cause)
{
	const struct doc_format *fmt;
	struct doc *doc;
	const char *base, *bom = NULL;
	const struct compression *z;
	size_t bomlen = 0;

	/*
	 * Before anything looks at the bytes: UTF-16 would look binary, and the probes read
	 * ASCII. A converted input is read whole; its size is that of its UTF-8, whose identity
	 * doc_hash takes below, so the same file read the same way is always the same document.
	 */
	if (encoding == NULL)
		bom = doc_charset_bom(src->buf, src->len, &bomlen);
	if (encoding != NULL && !doc_charset_utf8(encoding)) {
		if (source_convert(src, name, encoding, 0, cause) != 0)
			goto fail;
		size = src->len;
	} else if (bom != NULL && !doc_charset_utf8(bom)) {
		if (source_convert(src, name, bom, bomlen, cause) != 0)
			goto fail;
		size = src->len;
	}
	if (encoding == NULL && bom == NULL && (z = compressed(src->buf, src->len)) != NULL) {
		*cause = strcmp(name, "-") == 0
		             ? xasprintf("%s: compressed input (%s): pipe it through %s first",
		                         name, z->name, z->cat)
		             : xasprintf("%s: compressed file (%s): read it with %s FILE | qari",
		                         name, z->name, z->cat);
		goto fail;
	}
	if (looks_binary(src->buf, src->len)) {
		*cause = xasprintf("%s: binary file (not text)", name);
		goto fail;
	}
	if ((fmt = pick_format(name, src->buf, src->len, format, cause)) == NULL)
		goto fail;
	/*
	 * A stream for a loader that needs it whole is loaded when it ends, in the reader's idle
	 * time: its first screen (and q) need not wait for a writer that may never stop.
	 */
	src->deferred = src->stream && src->fd != -1 && fmt->feed == NULL;
	/* A page's own declaration, unless something said otherwise already (a UTF-8 BOM too). */
	if (fmt == &doc_format_html && encoding == NULL && bom == NULL && !src->deferred) {
		if (source_convert_html(src, name, cause) != 0)
			goto fail;
	}
	doc = xcalloc(1, sizeof *doc);
	/*
	 * Nothing converted it: its first bytes tell whether it may be in another charset (a
	 * legacy charset shows in the first lines; 64 KiB keeps the check cheap at each open).
	 */
	doc->not_utf8 = !doc_charset_is_utf8(src->buf, src->len < 65536 ? src->len : 65536);
	doc->path = xstrdup(name);
	base = strrchr(name, '/');
	base = base != NULL && base[1] != '\0' ? base + 1 : name;
	if (strcmp(name, "-") == 0)
		base = "stdin"; /* what the status line and Ctrl-G call it */
	/* The screen shows the name as the command line does (status line, Ctrl-G). */
	doc->name = utf8_printable(base);
	doc->format = fmt->name;
	doc->src = src;
	doc->bytes_read = src->len;
	src->fmt = fmt;
	if (!src->deferred && (fmt->feed == NULL || (size == 0 && !src->stream))) {
		/* Read it whole: the loader needs all of it, or the size (and so the identity) is
		 * unknown. */
		if (source_fill(src, &doc->bytes_read, DOC_MAX_SIZE + 1) != 0) {
			*cause = read_error(name);
			doc_free(&doc);
			return NULL;
		}
		size = src->len;
	}
	doc->size = size;
	doc->hash = doc_hash(src->buf, src->len, size);
	doc->content = DOC_HASH_START;
	doc->partial = 1;
	if (src->deferred) {
		doc->title = xstrdup(doc->name); /* until it is loaded */
		return doc;
	}
	if (fmt->feed != NULL) {
		int stream = src->stream; /* src is gone once a short input has been fed whole */

		source_feed(doc);
		/*
		 * Not one whole line in the first bytes (a file of one long line): read on until
		 * the loader has had some, so that the title (never NULL) and the first block are
		 * there before the reader looks.
		 */
		if (stream && doc->title == NULL)
			doc->title = xstrdup(doc->name); /* until its first line comes */
		else if (doc->title == NULL && doc_load_more(doc, FIRST_BYTES, cause) != 0) {
			doc_free(&doc);
			return NULL;
		}
		return doc;
	}
	src->buf[src->len] = '\0';
	doc->content = doc_hash_more(doc->content, src->buf, src->len);
	if (fmt->load(doc, src->buf, src->len, cause) != 0) {
		doc_free(&doc);
		return NULL;
	}
	src->len = 0;
	source_feed(doc); /* nothing left: finishes the document */
	return doc;
fail:
	if (src->fd > STDIN_FILENO)
		close(src->fd);
	free(src->buf);
	free(src);
	return NULL;
}

struct doc *
doc_load_buffer_encoded(const char *name, const char *buf, size_t len, const char *format,
                        const char *encoding, char **cause)
{
	struct doc_source *src = xcalloc(1, sizeof *src);

	src->fd = -1;
	src->buf = xmalloc(len + 1);
	src->len = len;
	src->cap = len + 1;
	memcpy(src->buf, buf, len);
	return start(name, src, len, format, encoding, cause);
}

struct doc *
doc_load_buffer(const char *name, const char *buf, size_t len, const char *format, char **cause)
{
	return doc_load_buffer_encoded(name, buf, len, format, NULL, cause);
}

struct doc *
doc_load(const char *path, const char *format, char **cause)
{
	return doc_load_encoded(path, format, NULL, cause);
}

/*
 * The hash of a file's last DOC_HASH_HEAD bytes: a book opens on its first part, and its end,
 * read at once, tells it from another of the same size and head before the whole is read.
 */
static uint64_t
tail_hash(int fd, size_t size)
{
	size_t want = size < DOC_HASH_HEAD ? size : DOC_HASH_HEAD, got = 0;
	char *buf = xmalloc(want);
	ssize_t n = 0;
	uint64_t h = 0;

	while (got < want && (n = pread(fd, buf + got, want - got, size - want + got)) > 0)
		got += n;
	if (got == want)
		h = doc_hash_more(DOC_HASH_START, buf, want) | 1; /* never 0: "not known" */
	free(buf);
	return h;
}

struct doc *
doc_new_book(const char *path)
{
	struct doc *doc = xcalloc(1, sizeof *doc);
	const char *base = strrchr(path, '/');

	base = base != NULL && base[1] != '\0' ? base + 1 : path;
	doc->path = xstrdup(path);
	doc->name = utf8_printable(base);
	doc->format = "epub";
	doc->content = DOC_HASH_START;
	return doc;
}

/*
 * A book read whole: known by its file's size and head as any file, and by the hash of its
 * chapters' text (doc->content, which the loader made as it read them).
 */
void
doc_book_done(struct doc *doc)
{
	char head[4096];
	struct stat sb;
	ssize_t n = 0;
	int fd;

	if ((fd = open(doc->path, O_RDONLY | O_CLOEXEC)) != -1) {
		if (fstat(fd, &sb) == 0)
			doc->size = (size_t)sb.st_size;
		n = read(fd, head, sizeof head);
		close(fd);
	}
	doc->hash = doc_hash(head, n > 0 ? (size_t)n : 0, doc->size);
	doc->bytes_read = doc->size;
	doc_finish(doc);
	doc->partial = 0;
}

struct doc *
doc_load_encoded(const char *path, const char *format, const char *encoding, char **cause)
{
	struct doc_source *src;
	struct doc *doc;
	uint64_t tail;
	struct stat sb;
	size_t size = 0, size_read = 0;
	int fd;

	/* A book is a ZIP archive: read entry by entry, not as a stream of text. */
	if ((format == NULL || strcmp(format, "epub") == 0) && doc_named(path) == DOC_NAMED_EPUB)
		return doc_epub_load(path, cause);
	/*
	 * A FIFO is opened as cat opens it, waiting for a writer: opened without one, it would
	 * read as empty at once. Anything else is opened without waiting (a device, say).
	 */
	if (strcmp(path, "-") == 0)
		fd = STDIN_FILENO;
	else if ((fd = open(path,
	                    O_RDONLY | O_CLOEXEC |
	                        (stat(path, &sb) == 0 && S_ISFIFO(sb.st_mode) ? 0 : O_NONBLOCK))) ==
	         -1) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &sb) == -1 || S_ISDIR(sb.st_mode) ||
	    !(S_ISREG(sb.st_mode) || S_ISFIFO(sb.st_mode) || S_ISCHR(sb.st_mode))) {
		*cause = xasprintf(
		    "%s: %s", path,
		    S_ISDIR(sb.st_mode)
		        ? "is a directory with no .txt, .md, .markdown, .html or .htm file"
		        : "not a regular file");
		if (fd != STDIN_FILENO)
			close(fd);
		return NULL;
	}
	if (S_ISREG(sb.st_mode) && (size_t)sb.st_size > DOC_MAX_SIZE) {
		*cause = xasprintf("%s: file too large (over 1 GiB)", path);
		close(fd);
		return NULL;
	}
	/*
	 * A file is read as asked; a stream without waiting for what has not come (source_fill
	 * waits for it with poll, unless the reader said not to).
	 */
	fcntl(fd, F_SETFL,
	      S_ISREG(sb.st_mode) ? fcntl(fd, F_GETFL) & ~O_NONBLOCK
	                          : fcntl(fd, F_GETFL) | O_NONBLOCK);
	if (S_ISREG(sb.st_mode))
		size = sb.st_size;
	src = xcalloc(1, sizeof *src);
	src->fd = fd;
	src->stream = !S_ISREG(sb.st_mode);
	if ((src->stream ? source_fill_stream(src, &size_read)
	                 : source_fill(src, &size_read, FIRST_BYTES)) != 0) {
		*cause = read_error(path);
		if (src->fd > STDIN_FILENO)
			close(src->fd);
		free(src->buf);
		free(src);
		return NULL;
	}
	tail = S_ISREG(sb.st_mode) && size > FIRST_BYTES ? tail_hash(fd, size) : 0;
	if ((doc = start(path, src, size, format, encoding, cause)) != NULL)
		doc->tail = tail;
	return doc;
}

void
doc_free(struct doc **docp)
{
	struct doc *doc = *docp;

	if (doc == NULL)
		return;
	free(doc->path);
	free(doc->name);
	free(doc->title);
	free(doc->byline);
	free(doc->error);
	free(doc->text);
	free(doc->blocks);
	while (doc->noutline > 0)
		free(doc->outline[--doc->noutline].title);
	free(doc->outline);
	free(doc->spans);
	while (doc->nlinks > 0)
		free(doc->links[--doc->nlinks]);
	free(doc->links);
	free(doc->base);
	free(doc->source);
	free(doc->aligns);
	while (doc->nanchors > 0)
		free(doc->anchors[--doc->nanchors].id);
	free(doc->anchors);
	free(doc->anchor_slots);
	while (doc->nparts > 0)
		free(doc->parts[--doc->nparts]);
	free(doc->parts);
	free(doc->part_first);
	if (doc->src != NULL) {
		if (doc->src->fd > STDIN_FILENO)
			close(doc->src->fd);
		free(doc->src->buf);
		free(doc->src);
	}
	if (doc->format != NULL && strcmp(doc->format, "epub") == 0)
		doc_epub_free(doc);
	free(doc->loader); /* plain state, owns nothing */
	free(doc);
	*docp = NULL;
}

const char *
doc_block_text(const struct doc *doc, size_t i, size_t *len)
{
	*len = doc->blocks[i].len;
	return doc->text + doc->blocks[i].off;
}

const struct span *
doc_block_spans(const struct doc *doc, size_t b, size_t *n)
{
	size_t lo = 0, hi = doc->nspans, end;

	while (lo < hi) { /* the first span of a block >= b */
		size_t mid = lo + (hi - lo) / 2;

		if (doc->spans[mid].block < b)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < doc->nspans && doc->spans[end].block == b; end++)
		;
	*n = end - lo;
	return doc->spans != NULL ? doc->spans + lo : NULL; /* NULL + 0 is undefined */
}

static struct block *
new_block(struct doc *doc)
{
	struct block *b;

	if ((doc->nblocks & (doc->nblocks - 1)) == 0)
		doc->blocks = xreallocarray(doc->blocks, doc->nblocks ? doc->nblocks * 2 : 16,
		                            sizeof *doc->blocks);
	b = &doc->blocks[doc->nblocks++];
	memset(b, 0, sizeof *b);
	return b;
}

struct block *
doc_push_block(struct doc *doc, enum block_kind kind, int level, size_t off, size_t len)
{
	struct block *b = new_block(doc);

	b->kind = kind;
	b->level = level;
	b->off = off;
	b->len = len;
	return b;
}

struct block *
doc_add_block(struct doc *doc, enum block_kind kind, int level, const char *s, size_t len)
{
	size_t off = doc->text_len;

	if (off + len + 1 > doc->text_cap) {
		doc->text_cap = doc->text_cap ? doc->text_cap : 256;
		while (doc->text_cap < off + len + 1)
			doc->text_cap *= 2;
		doc->text = xreallocarray(doc->text, doc->text_cap, 1);
	}
	memcpy(doc->text + off, s, len);
	doc->text_len += len;
	doc->text[doc->text_len] = '\0';
	return doc_push_block(doc, kind, level, off, len);
}

enum doc_dir
doc_first_strong(const char *s, size_t len)
{
	size_t i = 0;
	uint32_t cp;
	FriBidiCharType t;

	while (i < len) {
		i += utf8_decode((const unsigned char *)s + i, len - i, &cp);
		t = fribidi_get_bidi_type(cp);
		if (t == FRIBIDI_TYPE_LTR)
			return DIR_LTR;
		if (t == FRIBIDI_TYPE_RTL || t == FRIBIDI_TYPE_AL)
			return DIR_RTL;
	}
	return DIR_AUTO;
}

void
doc_finish(struct doc *doc)
{
	size_t i, rtl = 0, ltr = 0;
	struct block *b;

	for (i = doc->finished; i < doc->nblocks; i++) {
		b = &doc->blocks[i];
		if (b->chars == 0)
			b->chars = utf8_count(doc->text + b->off, b->len);
		if (doc->dir == DIR_AUTO && i < 256 && b->kind != BLOCK_CODE) {
			enum doc_dir d =
			    b->dir ? b->dir : doc_first_strong(doc->text + b->off, b->len);

			rtl += d == DIR_RTL;
			ltr += d == DIR_LTR;
		}
		if ((b->kind != BLOCK_TITLE && b->kind != BLOCK_HEADING) || doc->toc)
			continue;
		if ((doc->noutline & (doc->noutline - 1)) == 0)
			doc->outline =
			    xreallocarray(doc->outline, doc->noutline ? doc->noutline * 2 : 8,
			                  sizeof *doc->outline);
		doc->outline[doc->noutline].block = i;
		doc->outline[doc->noutline].level = b->kind == BLOCK_TITLE ? 1 : b->level;
		doc->outline[doc->noutline].title = NULL;
		doc->noutline++;
	}
	/* The direction is settled by the first blocks, once: later ones must not change it. */
	if (doc->dir == DIR_AUTO && doc->nblocks > 0)
		doc->dir = rtl > ltr ? DIR_RTL : DIR_LTR;
	doc->finished = doc->nblocks;
	if (doc->title == NULL)
		doc->title = xstrdup(doc->name);
}

char *
doc_text_range(const struct doc *doc, size_t block, size_t ch, size_t len, size_t *outlen)
{
	char *out = xmalloc(1);
	size_t o = 0;

	while (block < doc->nblocks && len > 0) {
		const struct block *b = &doc->blocks[block];
		size_t s, take;

		if (ch > b->chars)
			ch = b->chars;
		s = utf8_offset(doc->text + b->off, b->len, ch);
		take = b->chars - ch;
		size_t e = utf8_offset(doc->text + b->off, b->len, ch + (len < take ? len : take));

		out = xreallocarray(out, o + (e - s) + 2, 1);
		memcpy(out + o, doc->text + b->off + s, e - s);
		o += e - s;
		len -= len < take ? len : take;
		if (len > 0 && block + 1 < doc->nblocks) {
			out[o++] = '\n';
			len--;
		}
		block++;
		ch = 0;
	}
	out[o] = '\0';
	*outlen = o;
	return out;
}

/* The slot of id in the anchors' hash: where it is, or the free one where it would go. */
static size_t
anchor_slot(const struct doc *doc, const char *id, size_t len)
{
	size_t mask = doc->nanchor_slots - 1, i;
	uint32_t a;

	i = (size_t)doc_hash_more(DOC_HASH_START, id, len) & mask;
	while ((a = doc->anchor_slots[i]) != 0) {
		const char *other = doc->anchors[a - 1].id;

		if (strncmp(other, id, len) == 0 && other[len] == '\0')
			break;
		i = (i + 1) & mask;
	}
	return i;
}

/* Doubles the hash (kept at most half full, so that probes stay short). */
static void
anchor_grow(struct doc *doc)
{
	size_t i, n = doc->nanchor_slots ? doc->nanchor_slots * 2 : 64;

	free(doc->anchor_slots);
	doc->anchor_slots = xcalloc(n, sizeof *doc->anchor_slots);
	doc->nanchor_slots = n;
	for (i = 0; i < doc->nanchors; i++) {
		const char *id = doc->anchors[i].id;

		doc->anchor_slots[anchor_slot(doc, id, strlen(id))] = (uint32_t)i + 1;
	}
}

void
doc_anchor_add(struct doc *doc, const char *id, size_t len, size_t block)
{
	size_t slot;

	if (len == 0 || memchr(id, '\0', len) != NULL || doc->nanchors >= UINT32_MAX - 1)
		return;
	if ((doc->nanchors + 1) * 2 > doc->nanchor_slots)
		anchor_grow(doc);
	slot = anchor_slot(doc, id, len);
	if (doc->anchor_slots[slot] != 0)
		return; /* the first of an id given twice, as browsers take it */
	if ((doc->nanchors & (doc->nanchors - 1)) == 0)
		doc->anchors = xreallocarray(doc->anchors, doc->nanchors ? doc->nanchors * 2 : 8,
		                             sizeof *doc->anchors);
	doc->anchors[doc->nanchors].id = xstrndup(id, len);
	doc->anchors[doc->nanchors].block = block;
	doc->anchor_slots[slot] = (uint32_t)++doc->nanchors;
}

long
doc_anchor_find(const struct doc *doc, const char *id)
{
	const struct doc_anchor *a;
	uint32_t i;

	if (doc->nanchor_slots == 0 ||
	    (i = doc->anchor_slots[anchor_slot(doc, id, strlen(id))]) == 0)
		return -1;
	a = &doc->anchors[i - 1];
	return a->block < doc->nblocks ? (long)a->block
	       : doc->nblocks > 0      ? (long)doc->nblocks - 1
	                               : -1;
}

long
doc_anchor_reach(struct doc *doc, const char *id, char **cause)
{
	long b;

	*cause = NULL;
	if ((b = doc_anchor_find(doc, id)) >= 0 || !doc->partial || doc_waiting(doc))
		return b;
	if (doc->src == NULL && doc->loader != NULL) /* a book: its chapters, threads ahead */
		return doc_epub_read_for(doc, id, cause) == 0 ? doc_anchor_find(doc, id) : -1;
	while ((b = doc_anchor_find(doc, id)) < 0 && doc->partial && !doc_waiting(doc))
		if (doc_load_more(doc, (size_t)4 << 20, cause) != 0)
			return -1;
	return b;
}

const char *
doc_part_of(const struct doc *doc, size_t b)
{
	size_t lo = 0, hi = doc->nparts;

	if (doc->nparts == 0 || b < doc->part_first[0])
		return NULL;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;

		if (doc->part_first[mid] <= b)
			lo = mid;
		else
			hi = mid;
	}
	return doc->parts[lo];
}
