/*
 * What the Markdown and HTML loaders make alike of markup: raw tags met in Markdown (read here
 * only for what changes the reading: dir, href, styles), entities, direction and language
 * attributes, list markers, link targets. Nothing here adds a block.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>

#include "cell.h"
#include "doc.h"
#include "doc-private.h"
#include "utf8.h"
#include "xmalloc.h"

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int
is_void(const char *name)
{
	static const char *const voids[] = {"area",  "base",   "br",    "col",  "embed",
	                                    "hr",    "img",    "input", "link", "meta",
	                                    "param", "source", "track", "wbr"};
	size_t i;

	for (i = 0; i < sizeof voids / sizeof voids[0]; i++)
		if (strcmp(name, voids[i]) == 0)
			return 1;
	return 0;
}

/* Reads one attribute at s[*i] and keeps it when it is one we use; 0 at the tag's end. */
static int
attribute(const char *s, size_t len, size_t *i, struct markup_tag *tag)
{
	size_t name = *i, nlen, vlen = 0;
	const char *value = NULL, *q;

	while (*i < len && !is_space(s[*i]) && s[*i] != '=' && s[*i] != '>' && s[*i] != '/')
		(*i)++;
	if ((nlen = *i - name) == 0)
		return 0;
	while (*i < len && is_space(s[*i]))
		(*i)++;
	if (*i < len && s[*i] == '=') {
		for ((*i)++; *i < len && is_space(s[*i]); (*i)++)
			;
		if (*i < len && (s[*i] == '"' || s[*i] == '\'')) {
			if ((q = memchr(s + *i + 1, s[*i], len - *i - 1)) == NULL)
				return 0;
			value = s + *i + 1;
			vlen = q - value;
			*i = q - s + 1;
		} else {
			for (value = s + *i; *i < len && !is_space(s[*i]) && s[*i] != '>'; (*i)++)
				;
			vlen = s + *i - value;
		}
	}
	if (nlen == 3 && strncasecmp(s + name, "dir", 3) == 0 && value != NULL) {
		tag->dir = value;
		tag->dirlen = vlen;
		tag->has_dir = 1;
	} else if (nlen == 4 && strncasecmp(s + name, "href", 4) == 0 && value != NULL) {
		tag->href = value;
		tag->hreflen = vlen;
		tag->has_href = 1;
	}
	return 1;
}

size_t
markup_tag(const char *s, size_t len, struct markup_tag *tag)
{
	const char *end;
	size_t i = 1, n = 0;

	memset(tag, 0, sizeof *tag);
	if (len < 3 || s[0] != '<')
		return 0;
	if (len >= 4 && memcmp(s, "<!--", 4) == 0) {
		end = memmem(s + 4, len - 4, "-->", 3);
		return end != NULL ? (size_t)(end + 3 - s) : len;
	}
	if (s[1] == '!' || s[1] == '?') {
		end = memchr(s, '>', len);
		return end != NULL ? (size_t)(end + 1 - s) : len;
	}
	if (s[1] == '/') {
		tag->close = 1;
		i = 2;
	}
	if (i >= len || !isalpha((unsigned char)s[i]))
		return 0;
	for (; i < len && (isalnum((unsigned char)s[i]) || s[i] == '-' || s[i] == ':'); i++)
		if (n + 1 < sizeof tag->name)
			tag->name[n++] = tolower((unsigned char)s[i]);
	for (;;) {
		while (i < len && is_space(s[i]))
			i++;
		if (i >= len)
			return 0; /* no '>': not a tag */
		if (s[i] == '>')
			break;
		if (s[i] == '/') {
			tag->empty = i + 1 < len && s[i + 1] == '>';
			i++;
			continue;
		}
		if (!attribute(s, len, &i, tag))
			i++;
	}
	tag->empty |= is_void(tag->name);
	return i + 1;
}

int
markup_entity(const char *s, size_t len, uint32_t *cp)
{
	const htmlEntityDesc *e;
	char name[32], *end;
	unsigned long v;

	if (len < 3 || s[0] != '&' || s[len - 1] != ';' || len - 2 >= sizeof name)
		return 0;
	memcpy(name, s + 1, len - 2);
	name[len - 2] = '\0';
	if (name[0] == '#') {
		v = strtoul(name + (name[1] == 'x' || name[1] == 'X' ? 2 : 1), &end,
		            name[1] == 'x' || name[1] == 'X' ? 16 : 10);
		if (*end != '\0' || end == name + 1)
			return 0;
		/* As HTML: NUL, surrogates and what lies past Unicode are U+FFFD. */
		*cp = v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF) ? 0xFFFD : v;
		return 1;
	}
	if (strcmp(name, "apos") == 0) { /* HTML5, not in libxml2's HTML 4 table */
		*cp = '\'';
		return 1;
	}
	if ((e = htmlEntityLookup((const xmlChar *)name)) == NULL)
		return 0;
	*cp = e->value;
	return 1;
}

int
doc_has_extension(const char *path, const char *const *exts)
{
	const char *slash = strrchr(path, '/'), *dot = strrchr(path, '.');

	if (dot == NULL || (slash != NULL && dot < slash) || dot == path || dot[-1] == '/')
		return 0;
	for (; *exts != NULL; exts++)
		if (strcasecmp(dot + 1, *exts) == 0)
			return 1;
	return 0;
}

/*
 * The extensions qari reads, by format: one list for the folder's files and for the probes of
 * single files, so that what opens alone opens in a folder too.
 */
static const char *const text_exts[] = {"txt", "text", NULL};
static const char *const md_exts[] = {"md", "markdown", "mdown", "mkd", "mkdn", NULL};
static const char *const html_exts[] = {"html", "htm", "xhtml", NULL};
static const char *const epub_exts[] = {"epub", NULL};

enum doc_named
doc_named(const char *path)
{
	if (doc_has_extension(path, text_exts))
		return DOC_NAMED_TEXT;
	if (doc_has_extension(path, md_exts))
		return DOC_NAMED_MARKDOWN;
	if (doc_has_extension(path, html_exts))
		return DOC_NAMED_HTML;
	if (doc_has_extension(path, epub_exts))
		return DOC_NAMED_EPUB;
	return DOC_NAMED_NONE;
}

uint32_t
doc_add_link(struct doc *doc, const char *url, size_t len)
{
	size_t n, i;
	char *s = utf8_sanitize(url, len, 0, &n);

	for (i = 0; i < n; i++)
		s[i] = s[i] == '\n' ? ' ' : s[i];
	if ((doc->nlinks & (doc->nlinks - 1)) == 0)
		doc->links = xreallocarray(doc->links, doc->nlinks ? doc->nlinks * 2 : 8,
		                           sizeof *doc->links);
	doc->links[doc->nlinks] = s;
	return doc->nlinks++;
}

void
markup_trim(const char **s, size_t *len)
{
	while (*len > 0 && is_space(**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len > 0 && is_space((*s)[*len - 1]))
		(*len)--;
}

int
doc_parse_dir(const char *value, size_t len)
{
	markup_trim(&value, &len);
	if (len == 3 && strncasecmp(value, "rtl", 3) == 0)
		return DIR_RTL;
	if (len == 3 && strncasecmp(value, "ltr", 3) == 0)
		return DIR_LTR;
	if (len == 4 && strncasecmp(value, "auto", 4) == 0)
		return DIR_AUTO;
	return -1;
}

int
doc_lang_rtl(const char *tag, size_t len)
{
	static const char *const rtl[] = {
	    "ar",  "arc", "azb", "bal", "ckb", "dv", "fa", "glk", "he",  "iw", "ji", "khw", "ks",
	    "lrc", "mzn", "nqo", "pnb", "prs", "ps", "sd", "sdh", "syr", "ug", "ur", "yi"};
	static const char *const scripts[] = {"arab", "hebr", "thaa", "syrc", "nkoo", "adlm"};
	size_t i, n, k;

	markup_trim(&tag, &len);
	for (n = 0; n < len && tag[n] != '-' && tag[n] != '_' && !is_space(tag[n]); n++)
		;
	for (i = 0; i < sizeof rtl / sizeof rtl[0]; i++)
		if (strlen(rtl[i]) == n && strncasecmp(tag, rtl[i], n) == 0)
			return 1;
	/* A script subtag says it outright: "ku-Arab", "az-Arab". */
	for (k = n; k + 5 <= len; k++) {
		if (tag[k] != '-' && tag[k] != '_')
			continue;
		for (i = 0; i < sizeof scripts / sizeof scripts[0]; i++)
			if (strncasecmp(tag + k + 1, scripts[i], 4) == 0 &&
			    (k + 5 == len || !isalpha((unsigned char)tag[k + 5])))
				return 1;
	}
	return 0;
}

int
doc_marker_cells(const char *marker)
{
	size_t len = strlen(marker), i = 0;
	uint32_t cp;
	int n = 0;

	while (i < len) {
		i += utf8_decode((const unsigned char *)marker + i, len - i, &cp);
		n += cell_width(cp);
	}
	return n < 255 ? n : 255;
}

void
doc_list_marker(char *out, size_t size, int depth, int ordered, unsigned n, char delim)
{
	static const char *const bullets[] = {"\u2022", "\u25E6", "\u25AA"};

	/*
	 * The marker is logically first, so after reordering it stands on the right of an RTL
	 * item and on the left of an LTR one. "1." needs no mark around it: the digits are a
	 * number (EN), and the full stop and space between them and the item's text take the
	 * item's direction, so an RTL item shows ".1" at its right edge, as a browser draws it.
	 */
	if (ordered)
		snprintf(out, size, "%u%c ", n, delim ? delim : '.');
	else
		snprintf(out, size, "%s ", bullets[(depth > 0 ? depth - 1 : 0) % 3]);
}
