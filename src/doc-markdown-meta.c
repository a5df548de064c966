/*
 * Markdown's front matter, and the probe. Front matter (Jekyll's YAML between "---" lines,
 * Hugo's TOML between "+++" lines) opens a file and is no text: its title, author and date
 * make the title and byline blocks, its lang or dir the document's direction. Only flat
 * "key: value" (or "key = value") lines are read; lists and nested maps are passed over.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "doc.h"
#include "doc-private.h"
#include "doc-markdown.h"
#include "xmalloc.h"

/* What to look at when sniffing a file with no telling extension (standard input). */
#define SNIFF_BYTES ((size_t)32 * 1024)

/* The length of the line at s without its end and trailing blanks; *next is where the next
 * starts. */
static size_t
line_len(const char *s, size_t len, size_t *next)
{
	const char *nl = memchr(s, '\n', len);
	size_t n = nl != NULL ? (size_t)(nl - s) : len;

	*next = nl != NULL ? n + 1 : len;
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	return n;
}

/* The length of the key of a "key: value" or "key = value" line, or 0. */
static size_t
key_len(const char *s, size_t len, size_t *value)
{
	size_t i = 0, k;

	if (len == 0 || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
		return 0;
	while (i < len && (isalnum((unsigned char)s[i]) || s[i] == '_' || s[i] == '-'))
		i++;
	k = i;
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i == len || (s[i] != ':' && s[i] != '='))
		return 0;
	for (i++; i < len && (s[i] == ' ' || s[i] == '\t'); i++)
		;
	*value = i;
	return k;
}

/*
 * The length of the front matter that opens buf, its closing line included, or 0; *body is
 * where its lines start. Its first line must be a key, so a rule that opens a text is a rule.
 */
static size_t
front_matter_len(const char *buf, size_t len, size_t *body)
{
	const char *fence = len >= 3 && memcmp(buf, "+++", 3) == 0 ? "+++" : "---";
	size_t i, n, next, v;

	*body = 0; /* read by the caller whatever the answer */
	if (len < 3 || memcmp(buf, fence, 3) != 0 || line_len(buf, len, &next) != 3)
		return 0;
	*body = next;
	for (i = next; i < len; i = next) {
		n = line_len(buf + i, len - i, &next);
		next += i;
		if (n == 3 && (memcmp(buf + i, fence, 3) == 0 ||
		               (fence[0] == '-' && memcmp(buf + i, "...", 3) == 0)))
			return next;
		if (i == *body && n > 0 && buf[i] != '#' && key_len(buf + i, n, &v) == 0)
			return 0;
	}
	return 0;
}

static void
unquote(const char **s, size_t *len)
{
	if (*len >= 2 && ((*s)[0] == '"' || (*s)[0] == '\'' || (*s)[0] == '[') &&
	    (*s)[*len - 1] == ((*s)[0] == '[' ? ']' : (*s)[0])) {
		(*s)++;
		*len -= 2;
	}
}

/* Adds a title or byline block of len bytes (cleaned, white space collapsed). */
static struct block *
meta_block(struct md *m, enum block_kind kind, const char *s, size_t len, size_t line)
{
	inline_add(&m->t, s, len, INLINE_COLLAPSE);
	m->t.line = line;
	return inline_flush(m->doc, &m->t, kind, kind == BLOCK_TITLE, DIR_AUTO, NULL);
}

size_t
md_front_matter(struct md *m, const char *buf, size_t len)
{
	struct doc *doc = m->doc;
	const char *val, *title = NULL, *author = NULL, *date = NULL;
	size_t body, end = front_matter_len(buf, len, &body), i, n, next, k, v, vlen, line = 2;
	size_t tlen = 0, alen = 0, dlen = 0, tline = 0, bline = 0;
	struct block *b;
	char *byline;
	int dir = -1;

	for (i = body; i < end; i = next, line++) {
		n = line_len(buf + i, end - i, &next);
		next += i;
		if ((k = key_len(buf + i, n, &v)) == 0 || v == n)
			continue;
		val = buf + i + v;
		vlen = n - v;
		unquote(&val, &vlen);
		if (k == 5 && strncasecmp(buf + i, "title", 5) == 0) {
			title = val, tlen = vlen, tline = line;
		} else if ((k == 6 && strncasecmp(buf + i, "author", 6) == 0) ||
		           (k == 7 && strncasecmp(buf + i, "authors", 7) == 0)) {
			author = val, alen = vlen, bline = bline ? bline : line;
		} else if (k == 4 && strncasecmp(buf + i, "date", 4) == 0) {
			/* A day is enough: "2021-05-03 10:00:00 +0000" shows as 2021-05-03. */
			date = val, dlen = vlen > 10 && val[4] == '-' && val[7] == '-' ? 10 : vlen;
			bline = bline ? bline : line;
		} else if (k == 4 && strncasecmp(buf + i, "lang", 4) == 0 && dir < 0)
			dir = doc_lang_rtl(val, vlen) ? DIR_RTL : DIR_LTR;
		else if (k == 3 && strncasecmp(buf + i, "dir", 3) == 0)
			dir = doc_parse_dir(val, vlen) > 0 ? doc_parse_dir(val, vlen) : dir;
	}
	if (dir > 0)
		doc->dir = dir;
	if (title != NULL && (b = meta_block(m, BLOCK_TITLE, title, tlen, tline)) != NULL)
		doc->title = xstrndup(doc->text + b->off, b->len);
	if (author != NULL || date != NULL) {
		byline = xasprintf("%.*s%s%.*s", (int)alen, author ? author : "",
		                   author && date ? " \u00B7 " : "", (int)dlen, date ? date : "");
		if ((b = meta_block(m, BLOCK_BYLINE, byline, strlen(byline), bline)) != NULL)
			doc->byline = xstrndup(doc->text + b->off, b->len);
		free(byline);
	}
	return end;
}

/* Markdown with no extension to tell it: front matter, or headings with other markup. */
static int
sniff(const char *buf, size_t len)
{
	size_t i, n, next, heads = 0, fences = 0, links = 0, items = 0, body, k;
	const char *p, *end;

	if (front_matter_len(buf, len, &body) > 0)
		return 60;
	len = len < SNIFF_BYTES ? len : SNIFF_BYTES;
	for (i = 0; i < len; i = next) {
		n = line_len(buf + i, len - i, &next);
		next += i;
		p = buf + i;
		for (k = 0; k < n && k < 7 && p[k] == '#'; k++)
			;
		heads += k >= 1 && k <= 6 && k < n && p[k] == ' ';
		fences += n >= 3 && (memcmp(p, "```", 3) == 0 || memcmp(p, "~~~", 3) == 0);
		items += n >= 2 && (p[0] == '-' || p[0] == '*' || p[0] == '+') && p[1] == ' ';
		for (end = p + n; (p = memmem(p, end - p, "](", 2)) != NULL; p += 2)
			links++;
	}
	if ((heads > 0 && heads + fences + links + items >= 3) || fences >= 2 || links >= 2)
		return 40;
	return 0;
}

int
md_probe(const char *path, const char *buf, size_t len)
{
	if (doc_named(path) == DOC_NAMED_MARKDOWN)
		return 100;
	if (doc_named(path) != DOC_NAMED_NONE)
		return 0;
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
		buf += 3;
		len -= 3;
	}
	return sniff(buf, len);
}
