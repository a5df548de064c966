/*
 * qari --search. Markdown and HTML go through their loaders, since markup is not text to match.
 * A plain text file is searched line by line straight from its bytes, as grep does: building
 * the document (cleaning every byte, copying it) would cost more than the search itself on a
 * book. search.c never reads past what it is given, whatever the bytes, and a line is cleaned
 * (utf8_sanitize) only when it has a match to print. A file in another charset (--encoding, a
 * UTF-16 byte order mark) is converted by the document's path instead.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cell.h"
#include "doc.h"
#include "fetch.h"
#include "grep.h"
#include "layout.h"
#include "para.h"
#include "search.h"
#include "terminal.h"
#include "utf8.h"
#include "xmalloc.h"

#define CONTEXT_CHARS 60

struct grep {
	char *name; /* the file's name, made printable: a name may hold any byte */
	size_t count;
	int quiet; /* --count */
	/*
	 * To a terminal, a match is shown as --dump shows text: in visual order, shaped, the
	 * match in colour (as grep --color=auto): lo lays out one context at a time.
	 */
	struct layout *lo;
	struct doc *none; /* the empty document lo belongs to */
	int color;
};

/*
 * Writes the context s (len bytes) as one line in visual order, shaped, the code points
 * [ms, me) highlighted when colour is on.
 */
static void
put_visual(struct grep *g, const char *s, size_t len, size_t ms, size_t me)
{
	uint32_t cps[18];
	char enc[4 * 18];
	struct vline vl;
	struct para *p;
	size_t i, j, n, k;
	int cut, on = 0, in;

	p = layout_short(g->lo, s, len, 1 << 20, &vl, &cut);
	for (i = 0; i < vl.ncells; i++) {
		in = vl.cells[i].start >= ms && vl.cells[i].start < me;
		if (g->color && in != on) {
			fputs(in ? TERM_SGR_MATCH : TERM_SGR_RESET, stdout);
			on = in;
		}
		n = layout_cell_chars(vl.para, &vl.cells[i], cps, 18);
		for (j = 0, k = 0; j < n; j++)
			k += utf8_encode(cps[j], enc + k);
		fwrite(enc, 1, k, stdout);
	}
	if (on)
		fputs(TERM_SGR_RESET, stdout);
	para_free(&p);
}

/*
 * Writes len bytes of clean UTF-8 as --dump would show them: without what shows nothing (the
 * document's own bidi controls, an RLO or an isolate left open, would reorder the line around
 * them on a terminal that runs the bidi algorithm).
 */
static void
put_shown(const char *s, size_t len)
{
	size_t i = 0, from = 0, n;
	uint32_t cp;

	while (i < len) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		n = utf8_decode((const unsigned char *)s + i, len - i, &cp);
		if (cell_is_dropped(cp, 0)) {
			fwrite(s + from, 1, i - from, stdout);
			from = i + n;
		}
		i += n;
	}
	fwrite(s + from, 1, len - from, stdout);
}

/* Prints one match of text (len bytes of clean UTF-8) found on source line `line`. */
static void
print_match(struct grep *g, size_t line, const char *text, size_t len, size_t start, size_t end)
{
	size_t cs, ce;

	g->count++;
	if (g->quiet)
		return;
	search_context(text, len, start, end, CONTEXT_CHARS, &cs, &ce);
	printf("%s:%zu:%zu: ", g->name, line, utf8_count(text, start) + 1);
	if (g->lo != NULL) {
		/* The marks of a cut inside the line: the bidi algorithm puts them at its ends. */
		char *ctx = xasprintf("%s%.*s%s", cs > 0 ? "…" : "", (int)(ce - cs), text + cs,
		                      ce < len ? "…" : "");
		size_t skip = cs > 0 ? 1 : 0, ms = skip + utf8_count(text + cs, start - cs);

		put_visual(g, ctx, strlen(ctx), ms, ms + utf8_count(text + start, end - start));
		free(ctx);
		putchar('\n');
		return;
	}
	fputs(cs > 0 ? "…" : "", stdout);
	put_shown(text + cs, ce - cs);
	fputs(ce < len ? "…\n" : "\n", stdout);
}

struct block_arg {
	struct grep *g;
	const struct doc *doc;
};

static void
doc_match(size_t b, size_t start, size_t end, void *arg)
{
	struct block_arg *a = arg;
	const struct block *blk = &a->doc->blocks[b];
	const char *part = doc_part_of(a->doc, b);
	char *name = NULL;

	/* A book's match names its chapter's file: FILE:CHAPTER:LINE:COL, the line in that file. */
	if (part != NULL) {
		name = a->g->name;
		a->g->name = xasprintf("%s:%s", name, part);
	}
	print_match(a->g, blk->line ? blk->line : b + 1, a->doc->text + blk->off, blk->len, start,
	            end);
	if (name != NULL) {
		free(a->g->name);
		a->g->name = name;
	}
}

static int
grep_doc(struct search *s, struct grep *g, const char *path, const struct options *opt)
{
	struct block_arg a = {g, NULL};
	char *cause = NULL;
	struct doc *doc;
	int rc = 0;

	if ((doc = fetch_is_url(path)
	               ? fetch_load(path, opt->format, opt->encoding, NULL, &cause)
	               : doc_load_encoded(path, opt->format, opt->encoding, &cause)) == NULL ||
	    doc_load_all(doc, &cause) != 0) {
		utf8_error(cause);
		free(cause);
		rc = 2;
	}
	if (doc != NULL) {
		a.doc = doc;
		search_doc(s, doc, doc_match, &a);
		doc_free(&doc);
	}
	return rc;
}

/* Whether a file is plain text to search line by line: named so, or said so by --format. */
static int
plain_text(const char *path, const struct options *opt)
{
	const char *dot = strrchr(path, '.');

	if (opt->encoding != NULL && !doc_charset_utf8(opt->encoding))
		return 0;
	if (opt->format != NULL)
		return strcmp(opt->format, "text") == 0 && strcmp(path, "-") != 0;
	return dot != NULL && strcmp(dot, ".txt") == 0;
}

/* Searches one line of the file; the line is cleaned only when a match is to be printed. */
static void
grep_line(struct search *s, struct grep *g, size_t line, const char *t, size_t n)
{
	size_t st, en, from;
	char *clean = NULL;

	if (g->quiet) {
		g->count += search_block(s, t, n, NULL, NULL);
		return;
	}
	if (!search_next(s, t, n, 0, &st, &en))
		return;
	/* Print from clean text, so no byte of the file reaches the terminal raw. */
	if (utf8_clean_prefix(t, n, 0) != n)
		t = clean = utf8_sanitize(t, n, 0, &n);
	for (from = 0; search_next(s, t, n, from, &st, &en); from = en > st ? en : st + 1)
		print_match(g, line, t, n, st, en);
	free(clean);
}

/*
 * Reads the file a piece at a time into one buffer that is used again and again: a fresh
 * buffer the size of a book costs more in page faults than the whole search. Returns -1,
 * having printed nothing, when the file opens with a UTF-16 byte order mark.
 */
static int
grep_text(struct search *s, struct grep *g, const char *path)
{
	size_t cap = (size_t)128 << 10, len = 0, line = 0, off, n;
	char *buf = xmalloc(cap);
	const char *nl, *bom;
	ssize_t got;
	int fd, rc = 0, first = 1;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		char *msg = xasprintf("%s: %s", path, strerror(errno));

		utf8_error(msg);
		free(msg);
		free(buf);
		return 2;
	}
	for (;;) {
		if (len == cap) /* a line longer than the buffer */
			buf = xreallocarray(buf, cap *= 2, 1);
		got = read(fd, buf + len, cap - len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			char *msg = xasprintf("%s: %s", path, strerror(errno));

			utf8_error(msg);
			free(msg);
			rc = 2;
			break;
		}
		len += got;
		if (first && (bom = doc_charset_bom(buf, len, &n)) != NULL &&
		    !doc_charset_utf8(bom)) {
			rc = -1;
			break;
		}
		first = 0;
		for (off = 0; off < len; off += n + 1) {
			nl = memchr(buf + off, '\n', len - off);
			if (nl == NULL && got > 0)
				break; /* the rest of this line comes with the next read */
			n = nl != NULL ? (size_t)(nl - buf - off) : len - off;
			grep_line(s, g, ++line, buf + off, n);
		}
		if (got == 0)
			break;
		memmove(buf, buf + off, len - off);
		len -= off;
	}
	close(fd);
	free(buf);
	return rc;
}

int
grep_run(const struct options *opt, char **files, size_t nfiles)
{
	struct grep g = {.quiet = opt->search_count};
	struct search *s;
	char *cause = NULL, **paths;
	size_t i, npaths, total = 0;
	int rc = 0, r;

	if (nfiles == 0) {
		fprintf(stderr, "qari: --search needs a FILE ('-' for standard input)\n");
		return 2;
	}
	if ((s = search_new(opt->search, opt->search_flags, &cause)) == NULL) {
		utf8_error(cause);
		free(cause);
		return 2;
	}
	signal(SIGPIPE, SIG_DFL);
	if (isatty(STDOUT_FILENO) && !opt->search_count && !(opt->para_flags & LAYOUT_LOGICAL)) {
		g.none = doc_load_buffer("-", "", 0, "text", &cause);
		g.lo = g.none != NULL ? layout_new(g.none, 80, opt->para_flags) : NULL;
		free(cause);
		cause = NULL;
		g.color = getenv("NO_COLOR") == NULL || getenv("NO_COLOR")[0] == '\0';
	}
	paths = doc_expand_paths((const char *const *)files, nfiles, &npaths);
	for (i = 0; i < npaths && !ferror(stdout); i++) {
		g.name = utf8_printable(paths[i]);
		g.count = 0;
		r = plain_text(paths[i], opt) ? grep_text(s, &g, paths[i]) : -1;
		if ((r < 0 ? grep_doc(s, &g, paths[i], opt) : r) != 0)
			rc = 2;
		if (opt->search_count)
			npaths > 1 ? printf("%s:%zu\n", g.name, g.count) : printf("%zu\n", g.count);
		total += g.count;
		free(g.name);
	}
	doc_free_paths(&paths, npaths);
	if (search_gave_up(s)) {
		fprintf(stderr, "qari: the regular expression gave up on some paragraphs (too many "
		                "steps): matches there may be missing\n");
		rc = 2;
	}
	search_free(&s);
	layout_free(&g.lo);
	doc_free(&g.none);
	return rc ? rc : total > 0 ? 0 : 1; /* the caller checks that stdout took it all */
}
