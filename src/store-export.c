/*
 * Bookmarks for the command line and for other programs: tab-separated lines for scripts,
 * Markdown for people, and JSON as a W3C Web Annotation collection. Everything printed is escaped
 * for its format, so a note or a passage can never break a line, a field or the JSON syntax.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store-private.h"
#include "utf8.h"
#include "xmalloc.h"

/* How much of a passage the TSV snippet shows, in code points. */
#define SNIPPET_CHARS 60

struct export_format {
	const char *name;
	void (*print)(FILE *out, const struct bookmark *list, size_t n);
};

static void
iso_time(int64_t when, char *buf, size_t size)
{
	time_t t = (time_t)when;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The passage, or for a bare position the text that follows it. */
static const char *
snippet(const struct bookmark *bm)
{
	return bm->exact[0] != '\0' ? bm->exact : bm->suffix;
}

/*
 * Prints s as one TSV field, cut after max code points (0 for no limit). Paths may hold any
 * byte, so controls (C1 too) and bad bytes are escaped rather than sent to a terminal.
 */
static void
tsv_field(FILE *out, const char *s, size_t max)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + strlen(s);
	uint32_t cp;
	size_t n = 0, len;

	for (; p < end; p += len) {
		len = utf8_decode(p, (size_t)(end - p), &cp);
		if (max > 0 && n++ == max) {
			fputs("\xE2\x80\xA6", out); /* U+2026 HORIZONTAL ELLIPSIS */
			break;
		}
		if (cp == '\\')
			fputs("\\\\", out);
		else if (cp == '\t')
			fputs("\\t", out);
		else if (cp == '\n')
			fputs("\\n", out);
		else if (cp == '\r')
			fputs("\\r", out);
		else if (cp == UTF8_REPLACEMENT && len == 1)
			fprintf(out, "\\x%02x", *p);
		else if (utf8_control_picture(cp) != 0)
			fprintf(out, cp < 0x80 ? "\\x%02x" : "\\u%04x", (unsigned)cp);
		else
			fwrite(p, 1, len, out);
	}
}

/* A document's path as a reader knows it: standard input is "stdin", not "-". */
static const char *
shown(const char *path)
{
	return strcmp(path, "-") == 0 ? "stdin" : path;
}

static void
print_tsv(FILE *out, const struct bookmark *list, size_t n)
{
	const struct bookmark *bm;
	char when[32];
	size_t i;

	for (i = 0; i < n; i++) {
		bm = &list[i];
		iso_time(bm->created, when, sizeof when);
		tsv_field(out, shown(bm->path), 0);
		if (bm->orphaned)
			fprintf(out, "\torphaned\t%s\t", when);
		else
			fprintf(out, "\t%zu:%zu\t%s\t", bm->block, bm->ch, when);
		tsv_field(out, bm->note, 0);
		fputc('\t', out);
		tsv_field(out, snippet(bm), SNIPPET_CHARS);
		fputc('\n', out);
	}
}

/*
 * Prints text, with Markdown's punctuation escaped when literal is set; each line after the
 * first starts with lead. Controls show as their pictures and bad bytes as U+FFFD, as they
 * would in the reader.
 */
static void
md_text(FILE *out, const char *s, const char *lead, int literal)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + strlen(s);
	char buf[4];
	uint32_t cp;
	size_t len;

	for (; p < end; p += len) {
		len = utf8_decode(p, (size_t)(end - p), &cp);
		if (cp == '\n')
			fprintf(out, "\n%s", lead);
		else if (literal && cp < 0x80 && strchr("\\`*_[]<>#|~", (int)cp) != NULL)
			fprintf(out, "\\%c", (char)cp);
		else if (utf8_control_picture(cp) != 0)
			fwrite(buf, 1, utf8_encode(utf8_control_picture(cp), buf), out);
		else
			fwrite(buf, 1, utf8_encode(cp, buf), out);
	}
}

static void
print_markdown(FILE *out, const struct bookmark *list, size_t n)
{
	const struct bookmark *bm;
	char when[32];
	size_t i;

	fputs("# Bookmarks\n", out);
	for (i = 0; i < n; i++) {
		bm = &list[i];
		if (i == 0 || bm->doc != list[i - 1].doc) {
			fputs("\n## ", out);
			md_text(out, shown(bm->path), "", 1);
			fputc('\n', out);
		}
		iso_time(bm->created, when, sizeof when);
		if (bm->orphaned)
			fprintf(out, "\n### Orphaned (the passage is gone) · %s\n\n> ", when);
		else if (bm->chapter != NULL) {
			fprintf(out, "\n### %zu:%zu · ", bm->block, bm->ch);
			md_text(out, bm->chapter, "", 1);
			fprintf(out, " · %s\n\n> ", when);
		} else
			fprintf(out, "\n### %zu:%zu · %s\n\n> ", bm->block, bm->ch, when);
		md_text(out, snippet(bm), "> ", 1);
		fputc('\n', out);
		/* The note is the user's own text: it may well be Markdown already. */
		if (bm->note[0] != '\0') {
			fputc('\n', out);
			md_text(out, bm->note, "", 0);
			fputc('\n', out);
		}
	}
}

/*
 * Prints s as a JSON string: valid UTF-8 (bad bytes become U+FFFD), controls as \u escapes. C1
 * too, though JSON allows them raw: the export is as likely to be read in a terminal as parsed.
 */
static void
json_string(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + strlen(s);
	uint32_t cp;
	size_t n;

	fputc('"', out);
	while (p < end) {
		n = utf8_decode(p, (size_t)(end - p), &cp);
		if (cp == '"' || cp == '\\')
			fprintf(out, "\\%c", (char)cp);
		else if (cp == '\n')
			fputs("\\n", out);
		else if (cp == '\t')
			fputs("\\t", out);
		else if (utf8_control_picture(cp) != 0 || cp == 0x2028 || cp == 0x2029 ||
		         (cp == UTF8_REPLACEMENT && n == 1))
			fprintf(out, "\\u%04x", (unsigned)cp);
		else
			fwrite(p, 1, n, out);
		p += n;
	}
	fputc('"', out);
}

/* The document as an IRI: a file: URI for an absolute path, else the path percent-encoded. */
static void
json_source(FILE *out, const char *path)
{
	const unsigned char *p;

	fputs(path[0] == '/' ? "\"file://" : "\"", out);
	for (p = (const unsigned char *)path; *p != '\0'; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p) != NULL)
			fputc(*p, out);
		else
			fprintf(out, "%%%02X", *p);
	}
	fputc('"', out);
}

static void
json_item(FILE *out, const struct bookmark *bm)
{
	char when[32];

	iso_time(bm->created, when, sizeof when);
	fprintf(out, "      {\n        \"id\": \"urn:qari:bookmark:%lld\",\n", (long long)bm->id);
	fprintf(out,
	        "        \"type\": \"Annotation\",\n        \"motivation\": \"bookmarking\",\n");
	fprintf(out, "        \"created\": \"%s\",\n", when);
	if (bm->note[0] != '\0') {
		fputs("        \"body\": {\"type\": \"TextualBody\", \"purpose\": \"commenting\", "
		      "\"format\": \"text/plain\", \"value\": ",
		      out);
		json_string(out, bm->note);
		fputs("},\n", out);
	}
	if (bm->orphaned)
		fputs("        \"qari:orphaned\": true,\n", out);
	if (bm->chapter != NULL) {
		fputs("        \"qari:chapter\": ", out);
		json_string(out, bm->chapter);
		fputs(",\n", out);
	}
	fputs("        \"target\": {\n          \"source\": ", out);
	json_source(out, shown(bm->path));
	fputs(",\n          \"selector\": [\n            {\"type\": \"TextQuoteSelector\", "
	      "\"exact\": ",
	      out);
	json_string(out, bm->exact);
	fputs(", \"prefix\": ", out);
	json_string(out, bm->prefix);
	fputs(", \"suffix\": ", out);
	json_string(out, bm->suffix);
	fputc('}', out);
	/* An orphan's offset points at text that is no longer there. */
	if (!bm->orphaned && bm->start >= 0)
		fprintf(out,
		        ",\n            {\"type\": \"TextPositionSelector\", \"start\": %lld, "
		        "\"end\": %lld}",
		        (long long)bm->start, (long long)(bm->start + (int64_t)bm->len));
	fputs("\n          ]\n        }\n      }", out);
}

static void
print_json(FILE *out, const struct bookmark *list, size_t n)
{
	size_t i;

	fprintf(out,
	        "{\n  \"@context\": \"http://www.w3.org/ns/anno.jsonld\",\n"
	        "  \"type\": \"AnnotationCollection\",\n  \"label\": \"qari bookmarks\",\n"
	        "  \"total\": %zu,\n  \"first\": {\n    \"type\": \"AnnotationPage\",\n"
	        "    \"startIndex\": 0,\n    \"items\": [\n",
	        n);
	for (i = 0; i < n; i++) {
		json_item(out, &list[i]);
		fputs(i + 1 < n ? ",\n" : "\n", out);
	}
	fputs("    ]\n  }\n}\n", out);
}

static const struct export_format export_formats[] = {
    {.name = "tsv", .print = print_tsv},
    {.name = "markdown", .print = print_markdown},
    {.name = "json", .print = print_json},
};

/*
 * The note and passage of bm as a terminal shows them (store_set_visual): the passage cut to
 * what the listing prints first, since a cut in visual order would keep the wrong end.
 */
static void
visual_fields(struct store *store, struct bookmark *bm)
{
	const char *sn = snippet(bm);
	size_t cut = utf8_offset(sn, strlen(sn), SNIPPET_CHARS - 1);
	char *logical, *v;

	logical = sn[cut] != '\0' ? xasprintf("%.*s\u2026", (int)cut, sn) : xstrdup(sn);
	v = store->visual(logical);
	free(logical);
	if (bm->exact[0] != '\0') {
		free(bm->exact);
		bm->exact = v;
	} else {
		free(bm->suffix);
		bm->suffix = v;
	}
	v = store->visual(bm->note);
	free(bm->note);
	bm->note = v;
}

void
store_set_visual(struct store *store, char *(*visual)(const char *s))
{
	store->visual = visual;
}

void
store_set_chapter(struct store *store, char *(*chapter)(const char *path, size_t block))
{
	store->chapter = chapter;
}

int
store_bookmarks_export(struct store *store, FILE *out, const char *format, const char *path_filter,
                       char **cause)
{
	const struct export_format *f = NULL;
	struct bookmark *list = NULL;
	size_t n = 0, i;
	int rc = -1;

	for (i = 0; i < sizeof export_formats / sizeof export_formats[0]; i++) {
		if (strcmp(export_formats[i].name, format) == 0)
			f = &export_formats[i];
	}
	if (f == NULL) {
		*cause = xasprintf("unknown format %s (tsv, markdown or json)", format);
		goto out;
	}
	if (store_bookmarks_list(store, 0, path_filter, &list, &n, cause) != 0)
		goto out;
	if (store->visual != NULL && strcmp(f->name, "tsv") == 0)
		for (i = 0; i < n; i++)
			visual_fields(store, &list[i]);
	/* The TSV listing keeps its five fields, which scripts count on. */
	if (store->chapter != NULL && strcmp(f->name, "tsv") != 0)
		for (i = 0; i < n; i++)
			if (!list[i].orphaned)
				list[i].chapter = store->chapter(list[i].path, list[i].block);
	f->print(out, list, n);
	if (fflush(out) != 0 || ferror(out)) {
		*cause = xasprintf("cannot write the bookmarks: %s", strerror(errno));
		goto out;
	}
	rc = 0;
out:
	store_bookmarks_free(&list, n);
	return rc;
}

int
store_bookmarks_print_tsv(struct store *store, FILE *out, const char *path_filter, char **cause)
{
	return store_bookmarks_export(store, out, "tsv", path_filter, cause);
}
