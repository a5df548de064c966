/*
 * bench-worst: the hostile inputs that once took the reader seconds to minutes, timed in
 * process for make bench (bench/run.sh); each must stay linear.
 *
 *   bench-worst
 *
 * - search: one paragraph of 100,000 (and 400,000) characters, Arabic and Latin words, one
 *   word in five holding an x; every match of "x" found as the reader finds them (one
 *   search_block over the paragraph), plain and as a regex;
 * - inline spans: loading one Markdown paragraph of 100,000 **bold** spans, and one HTML <p>
 *   of 50,000 links.
 *
 * Prints "key value" lines, times in milliseconds (median of RUNS), for run.sh to read.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"
#include "doc.h"
#include "search.h"

#define RUNS 5

/* A growing buffer of text. */
struct buf {
	char *s;
	size_t len, cap;
};

static void
put(struct buf *b, const char *s)
{
	size_t n = strlen(s);

	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		if ((b->s = realloc(b->s, b->cap)) == NULL) {
			perror("bench-worst");
			exit(1);
		}
	}
	memcpy(b->s + b->len, s, n + 1);
	b->len += n;
}

/* One paragraph of at least chars characters, a word in five holding an x. */
static char *
paragraph(size_t chars, size_t *len)
{
	static const char *const words[] = {"كتاب", "the", "مدرسة", "word", "box"};
	struct buf b = {0};
	size_t n = 0, i = 0;

	while (n < chars) {
		const char *w = words[i++ % 5];

		put(&b, w);
		put(&b, " ");
		n += (w[0] & 0x80 ? strlen(w) / 2 : strlen(w)) + 1;
	}
	*len = b.len;
	return b.s;
}

static void
count(size_t start, size_t end, void *arg)
{
	(void)start;
	(void)end;
	++*(size_t *)arg;
}

static void
search_time(const char *key, size_t chars, int flags)
{
	double t[RUNS];
	size_t len, hits = 0, r;
	char *text = paragraph(chars, &len), *cause = NULL;

	for (r = 0; r < RUNS; r++) {
		double t0 = now_ms();
		struct search *s = search_new("x", flags, &cause);

		if (s == NULL) {
			fprintf(stderr, "bench-worst: %s\n", cause);
			exit(1);
		}
		hits = 0;
		search_block(s, text, len, count, &hits);
		search_free(&s);
		t[r] = now_ms() - t0;
	}
	printf("%s %.3f (%zu matches)\n", key, median(t, RUNS), hits);
	free(text);
}

static void
load_time(const char *key, const char *format, const char *open, const char *close, size_t spans)
{
	double t[RUNS];
	struct buf b = {0};
	size_t i, r, blocks = 0;
	char *cause = NULL;

	put(&b, strcmp(format, "html") == 0 ? "<html><body><p>" : "");
	for (i = 0; i < spans; i++) {
		put(&b, open);
		put(&b, "نص");
		put(&b, close);
		put(&b, " ");
	}
	put(&b, strcmp(format, "html") == 0 ? "</p></body></html>\n" : "\n");
	for (r = 0; r < RUNS; r++) {
		double t0 = now_ms();
		struct doc *doc = doc_load_buffer("bench", b.s, b.len, format, &cause);

		if (doc == NULL) {
			fprintf(stderr, "bench-worst: %s\n", cause);
			exit(1);
		}
		blocks = doc->nblocks;
		doc_free(&doc);
		t[r] = now_ms() - t0;
	}
	printf("%s %.3f (%zu spans, %zu blocks)\n", key, median(t, RUNS), spans, blocks);
	free(b.s);
}

int
main(void)
{
	/* The reader's locale: glibc's regexec takes its multibyte path in it. */
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		fprintf(stderr, "bench-worst: no C.UTF-8 locale: regex figures are for bytes\n");
	search_time("search_100k", 100000, 0);
	search_time("search_400k", 400000, 0);
	search_time("regex_100k", 100000, SEARCH_REGEX);
	search_time("regex_400k", 400000, SEARCH_REGEX);
	load_time("md_spans_100k", "markdown", "**", "**", 100000);
	load_time("html_links_50k", "html", "<a href=\"/x\">", "</a>", 50000);
	return 0;
}
