/*
 * What the loader tests (test-doc, test-markdown, test-html, test-charset) share: reading a
 * file, loading one from memory, a block's text as a C string, and checking a block's kind,
 * level and text in one TAP line.
 */
#ifndef QARI_DOCTEST_H
#define QARI_DOCTEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "tap.h"
#include "utf8.h"

static inline char *
slurp(const char *path, size_t *len)
{
	FILE *f;
	char *buf;
	long n;

	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc(n + 1);
	*len = fread(buf, 1, n, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

/* A document from memory, or NULL with the reason as a TAP comment. */
static inline struct doc *
load_doc(const char *name, const char *buf, size_t len, const char *format, const char *encoding)
{
	char *cause = NULL;
	struct doc *doc = doc_load_buffer_encoded(name, buf, len, format, encoding, &cause);

	if (doc == NULL)
		printf("# %s: %s\n", name, cause ? cause : "");
	free(cause);
	return doc;
}

/* load_doc of a C string in UTF-8. */
static inline struct doc *
load(const char *name, const char *s, const char *format)
{
	return load_doc(name, s, strlen(s), format, NULL);
}

/* Whether the document's text holds s. */
static inline int
text_has(const struct doc *doc, const char *s)
{
	return doc != NULL && doc->text != NULL && strstr(doc->text, s) != NULL;
}

/* Block i's text as a new C string. */
static inline char *
block_str(const struct doc *doc, size_t i)
{
	size_t len;
	const char *s = doc_block_text(doc, i, &len);

	return strndup(s, len);
}

/* Checks block i's kind, level and text in one line. */
static inline void
is_block(const struct doc *doc, size_t i, enum block_kind kind, int level, const char *text,
         const char *what)
{
	char *s = i < doc->nblocks ? block_str(doc, i) : strdup("(no such block)");
	int ok = i < doc->nblocks && doc->blocks[i].kind == kind && doc->blocks[i].level == level &&
	         strcmp(s, text) == 0;

	if (!tap_ok(ok, what))
		printf("# block %zu: kind %d level %d \"%s\", want kind %d level %d \"%s\"\n", i,
		       i < doc->nblocks ? (int)doc->blocks[i].kind : -1,
		       i < doc->nblocks ? doc->blocks[i].level : -1, s, kind, level, text);
	free(s);
}

/* Every block: not empty, clean UTF-8, no control but '\n' (and that only in code), right
 * counts; every span inside its block and in order. */
static inline void
check_sane(const struct doc *doc, const char *what)
{
	size_t i, len, bad = 0, n, j;
	const char *s;
	const struct span *sp;
	char msg[256];

	for (i = 0; i < doc->nblocks; i++) {
		s = doc_block_text(doc, i, &len);
		bad += len == 0 || utf8_clean_prefix(s, len, 0) != len;
		bad += doc->blocks[i].kind != BLOCK_CODE && memchr(s, '\n', len) != NULL;
		bad += doc->blocks[i].chars != utf8_count(s, len);
		bad += len > 0 && (s[0] == ' ' || s[len - 1] == ' ' || s[len - 1] == '\n');
		sp = doc_block_spans(doc, i, &n);
		for (j = 0; j < n; j++)
			bad += sp[j].start >= sp[j].end || sp[j].end > doc->blocks[i].chars ||
			       (j > 0 && sp[j].start < sp[j - 1].start) ||
			       ((sp[j].style & SPAN_LINK) && sp[j].link >= doc->nlinks);
	}
	snprintf(msg, sizeof msg, "%s: blocks clean, trimmed, counted; spans inside them", what);
	if (!tap_ok(bad == 0, msg))
		printf("# %zu problems\n", bad);
}

#endif
