/*
 * Dump mode: the layout's lines written to a stream as UTF-8. The output has no escape sequences
 * (the document text was cleaned at load), so it is safe to pipe anywhere. A whole document is
 * cut into chunks of blocks that both cores lay out at once, each thread with its own layout;
 * the chunks are written in order, and workers stay a few chunks ahead at most, so a slow reader
 * of the output does not make qari hold the whole text in memory.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dump.h"
#include "layout.h"
#include "para.h"
#include "utf8.h"
#include "xmalloc.h"

/* Marks written per cell at most: a flood of hundreds on one letter is cut, not passed on. */
#define DUMP_MAX_MARKS 16
#define CHUNK_BYTES    (128 * 1024)
#define AHEAD          8 /* chunks done but not yet written, at most */

struct outbuf {
	char *p;
	size_t len, cap;
};

static void
ob_reserve(struct outbuf *ob, size_t n)
{
	if (ob->len + n <= ob->cap)
		return;
	ob->cap = ob->cap ? ob->cap : 4096;
	while (ob->len + n > ob->cap)
		ob->cap *= 2;
	ob->p = xreallocarray(ob->p, ob->cap, 1);
}

static void
put_line(struct layout *lo, size_t b, size_t line, int width, int flags, struct outbuf *ob)
{
	uint32_t cps[DUMP_MAX_MARKS + 2];
	struct vline vl;
	size_t i, j, n;
	int pad = 0;

	if (layout_line(lo, b, line, &vl) != 0)
		return;
	if (vl.rtl && !(flags & LAYOUT_LOGICAL))
		pad = width - vl.indent - vl.width > 0 ? width - vl.indent - vl.width : 0;
	else
		pad = vl.indent;
	ob_reserve(ob, pad + vl.ncells * 4 * (DUMP_MAX_MARKS + 2) + 1);
	memset(ob->p + ob->len, ' ', pad);
	ob->len += pad;
	for (i = 0; i < vl.ncells; i++) {
		n = layout_cell_chars(vl.para, &vl.cells[i], cps, DUMP_MAX_MARKS + 2);
		for (j = 0; j < n; j++)
			ob->len += utf8_encode(cps[j], ob->p + ob->len);
		/* A cell that draws nothing but takes room: between a couplet's halves. */
		for (j = 0; n == 0 && j < vl.cells[i].width; j++)
			ob->p[ob->len++] = ' ';
	}
	ob->p[ob->len++] = '\n';
}

static void
put_blocks(struct layout *lo, size_t first, size_t end, const struct dump_options *opt,
           struct outbuf *ob)
{
	size_t b, l, n;

	for (b = first; b < end; b++) {
		if (b > 0 && !(layout_doc(lo)->blocks[b].flags & BLOCK_JOINED)) {
			ob_reserve(ob, 1);
			ob->p[ob->len++] = '\n';
		}
		n = layout_block_lines(lo, b);
		for (l = 0; l < n; l++)
			put_line(lo, b, l, opt->width, opt->flags, ob);
		/* Each block is written once: keeping it would hold up to a cache of long ones. */
		layout_release(lo, b);
	}
}

struct chunk {
	size_t first, end; /* blocks */
	struct outbuf out;
	int done;
};

struct job {
	struct doc *doc;
	const struct dump_options *opt;
	struct chunk *chunks;
	size_t nchunks;
	size_t next;    /* the next chunk to lay out */
	size_t written; /* chunks written so far */
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

/* Lays out chunks until none is left; waits while too far ahead of the writer. */
static void
work(struct job *job, struct layout *lo, int writer, FILE *out)
{
	size_t i;

	pthread_mutex_lock(&job->mu);
	for (;;) {
		if (writer) {
			while (job->written < job->nchunks && job->chunks[job->written].done) {
				struct chunk *c = &job->chunks[job->written++];

				pthread_mutex_unlock(&job->mu);
				fwrite(c->out.p, 1, c->out.len, out);
				free(c->out.p);
				c->out.p = NULL;
				pthread_mutex_lock(&job->mu);
				pthread_cond_broadcast(&job->cv);
			}
			if (job->written == job->nchunks)
				break;
		}
		if (job->next < job->nchunks && job->next < job->written + AHEAD) {
			i = job->next++;
			pthread_mutex_unlock(&job->mu);
			put_blocks(lo, job->chunks[i].first, job->chunks[i].end, job->opt,
			           &job->chunks[i].out);
			pthread_mutex_lock(&job->mu);
			job->chunks[i].done = 1;
			pthread_cond_broadcast(&job->cv);
		} else if (!writer && job->next >= job->nchunks)
			break;
		else
			pthread_cond_wait(&job->cv, &job->mu);
	}
	pthread_mutex_unlock(&job->mu);
}

static void *
worker(void *arg)
{
	struct job *job = arg;
	struct layout *lo = layout_new(job->doc, job->opt->width, job->opt->flags);

	work(job, lo, 0, NULL);
	layout_free(&lo);
	return NULL;
}

static void
split(struct job *job)
{
	const struct doc *doc = job->doc;
	size_t b = 0, cap = 16;

	job->chunks = xcalloc(cap, sizeof *job->chunks);
	while (b < doc->nblocks) {
		size_t first = b, bytes = 0;

		while (b < doc->nblocks && (b == first || bytes < CHUNK_BYTES))
			bytes += doc->blocks[b++].len;
		if (job->nchunks == cap) {
			cap *= 2;
			job->chunks = xreallocarray(job->chunks, cap, sizeof *job->chunks);
		}
		job->chunks[job->nchunks++] = (struct chunk){.first = first, .end = b};
	}
}

static void
dump_all(struct doc *doc, const struct dump_options *opt, FILE *out)
{
	struct job job = {.doc = doc, .opt = opt};
	struct layout *lo = layout_new(doc, opt->width, opt->flags);
	pthread_t tid;
	int threaded;

	split(&job);
	pthread_mutex_init(&job.mu, NULL);
	pthread_cond_init(&job.cv, NULL);
	threaded = job.nchunks > 2 && sysconf(_SC_NPROCESSORS_ONLN) > 1 &&
	           pthread_create(&tid, NULL, worker, &job) == 0;
	work(&job, lo, 1, out);
	if (threaded)
		pthread_join(tid, NULL);
	pthread_mutex_destroy(&job.mu);
	pthread_cond_destroy(&job.cv);
	free(job.chunks);
	layout_free(&lo);
}

static int
dump_page(struct layout *lo, const struct dump_options *opt, FILE *out, char **cause)
{
	struct outbuf ob = {0};
	struct row r;
	size_t pages = 0;
	int i;

	if (layout_page_at(lo, opt->page - 1, opt->height, &r) != 0) {
		while (layout_page_at(lo, pages, opt->height, &r) == 0)
			pages++;
		*cause = xasprintf("page %ld does not exist (%zu pages of %d lines at width %d)",
		                   opt->page, pages, opt->height, opt->width);
		return -1;
	}
	for (i = 0; i < opt->height; i++) {
		if (r.line < layout_block_lines(lo, r.block))
			put_line(lo, r.block, r.line, opt->width, opt->flags, &ob);
		else {
			ob_reserve(&ob, 1);
			ob.p[ob.len++] = '\n';
		}
		if (layout_row_next(lo, &r) != 0)
			break;
	}
	fwrite(ob.p, 1, ob.len, out);
	free(ob.p);
	return 0;
}

int
dump_doc(struct doc *doc, const struct dump_options *opt, FILE *out, char **cause)
{
	struct layout *lo;
	int rc;

	if (opt->page <= 0) {
		/* The threads share the document read-only: read all of it first. */
		rc = doc_load_all(doc, cause);
		dump_all(doc, opt, out);
		return rc;
	}
	lo = layout_new(doc, opt->width, opt->flags);
	rc = dump_page(lo, opt, out, cause);
	layout_free(&lo);
	return rc;
}

char *
dump_visual(const char *s, int flags)
{
	static struct doc *none;
	static struct layout *lo;
	static int lo_flags;
	char *cause = NULL, *out;
	uint32_t cps[DUMP_MAX_MARKS + 2];
	struct vline vl;
	struct para *p;
	size_t i, j, n, len = 0;
	int cut;

	if (none == NULL && (none = doc_load_buffer("-", "", 0, "text", &cause)) == NULL) {
		free(cause);
		return xstrdup(s);
	}
	if (lo == NULL || lo_flags != flags) {
		layout_free(&lo);
		lo = layout_new(none, 80, flags);
		lo_flags = flags;
	}
	p = layout_short(lo, s, strlen(s), 1 << 20, &vl, &cut);
	out = xmalloc(vl.ncells * 4 * (DUMP_MAX_MARKS + 2) + 1);
	for (i = 0; i < vl.ncells; i++) {
		n = layout_cell_chars(vl.para, &vl.cells[i], cps, DUMP_MAX_MARKS + 2);
		for (j = 0; j < n; j++)
			len += utf8_encode(cps[j], out + len);
	}
	out[len] = '\0';
	para_free(&p);
	return out;
}
