/*
 * libFuzzer target for search.c. Byte 0 holds the SEARCH_* flags, byte 1 the context length; the
 * pattern runs to the first newline and the text is the rest, both cleaned as documents are.
 * Checked whatever the input: folding never lengthens text and maps every folded byte to the
 * start of an original character; matches lie inside the text on character boundaries, in order
 * and without overlap, agree between search_block, search_next and search_doc, and their context
 * contains them.
 */
#include <locale.h>
#include <stddef.h>
#include <stdint.h>

#include "fuzz.h"
#include "search.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A regular expression over a long text can take glibc's matcher a long time; the rest cannot. */
#define REGEX_TEXT_MAX 4096

/*
 * Whether glibc's regcomp would take exponential time and memory on the pattern: repetitions
 * applied to repetitions ("a+++", each one doubling the work) or bounds of three digits and more
 * ("a{999}{999}"). A limit of the C library, not of search.c; the fuzzer would only keep finding
 * it again.
 */
static int
regex_explodes(const char *p)
{
	size_t run = 0, digits = 0;

	for (; *p != '\0'; p++) {
		run = strchr("+*?}", *p) != NULL ? run + 1 : 0;
		digits = *p >= '0' && *p <= '9' ? digits + 1 : 0;
		if (run >= 3 || digits >= 3)
			return 1;
	}
	return 0;
}

struct matches {
	const char *text;
	size_t len;
	size_t n, last_end;
	size_t first_start, first_end;
};

static void
on_match(size_t start, size_t end, void *arg)
{
	struct matches *m = arg;

	FUZZ_CHECK(start <= end && end <= m->len);
	FUZZ_CHECK(m->n == 0 || start >= m->last_end);
	FUZZ_CHECK(fuzz_boundary(m->text, m->len, start) && fuzz_boundary(m->text, m->len, end));
	if (m->n == 0) {
		m->first_start = start;
		m->first_end = end;
	}
	m->n++;
	m->last_end = end;
}

struct doc_matches {
	const struct doc *doc;
	size_t n, block, last_end;
};

static void
on_doc_match(size_t block, size_t start, size_t end, void *arg)
{
	struct doc_matches *m = arg;
	const struct block *b;

	FUZZ_CHECK(block < m->doc->nblocks && block >= m->block);
	if (block >= m->doc->nblocks)
		return;
	if (block != m->block)
		m->last_end = 0;
	b = &m->doc->blocks[block];
	FUZZ_CHECK(start <= end && end <= b->len && start >= m->last_end);
	FUZZ_CHECK(fuzz_boundary(m->doc->text + b->off, b->len, start));
	FUZZ_CHECK(fuzz_boundary(m->doc->text + b->off, b->len, end));
	m->block = block;
	m->last_end = end;
	m->n++;
}

static void
check_fold(const char *text, size_t len, int flags)
{
	char *out = malloc(3 * len + 1);
	size_t *map = malloc((3 * len + 1) * sizeof *map), n, i;

	n = search_fold(text, len, flags, out, map);
	FUZZ_CHECK(n <= 3 * len);
	for (i = 0; i < n; i++) {
		FUZZ_CHECK(map[i] < len);
		FUZZ_CHECK(i == 0 || map[i - 1] <= map[i]);
		/* An exact copy maps each byte to itself, continuation bytes included. */
		if (flags & SEARCH_EXACT)
			FUZZ_CHECK(map[i] == i);
		else
			FUZZ_CHECK(fuzz_boundary(text, len, map[i]));
	}
	if (flags & SEARCH_EXACT)
		FUZZ_CHECK(n == len && memcmp(out, text, len) == 0);
	free(out);
	free(map);
}

static void
check_search(struct search *s, const char *text, size_t len, size_t chars)
{
	struct matches m = {.text = text, .len = len};
	size_t n, start, end, from, cs, ce;
	int found;

	n = search_block(s, text, len, on_match, &m);
	FUZZ_CHECK(n == m.n);
	found = search_next(s, text, len, 0, &start, &end);
	FUZZ_CHECK(found == (m.n > 0));
	if (found && m.n > 0)
		FUZZ_CHECK(start == m.first_start && end == m.first_end);
	/* From the middle of the text: a match at or after that point. */
	for (from = len / 2; from > 0 && !fuzz_boundary(text, len, from); from--)
		;
	if (search_next(s, text, len, from, &start, &end)) {
		FUZZ_CHECK(start >= from && start <= end && end <= len);
		FUZZ_CHECK(fuzz_boundary(text, len, start) && fuzz_boundary(text, len, end));
	}
	if (m.n > 0) {
		search_context(text, len, m.first_start, m.first_end, chars, &cs, &ce);
		FUZZ_CHECK(cs <= m.first_start && ce >= m.first_end && ce <= len);
		FUZZ_CHECK(fuzz_boundary(text, len, cs) && fuzz_boundary(text, len, ce));
	}
}

static void
check_doc(struct search *s, const char *text, size_t len)
{
	struct doc_matches m = {0};
	char *cause = NULL;
	struct doc *doc;
	size_t n;

	if ((doc = doc_load_buffer("fuzz.txt", text, len, "text", &cause)) == NULL) {
		free(cause);
		return;
	}
	m.doc = doc;
	n = search_doc(s, doc, on_doc_match, &m);
	FUZZ_CHECK(n == m.n);
	doc_free(&doc);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* Regular expressions take whole characters only in a UTF-8 locale, as in the reader. */
	setlocale(LC_ALL, "C.UTF-8");
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *nl;
	char *pattern, *text, *cause = NULL;
	size_t plen, len;
	struct search *s;
	int flags;

	if (size < 2)
		return 0;
	flags = data[0] & (SEARCH_EXACT | SEARCH_CASE | SEARCH_ICASE | SEARCH_REGEX);
	nl = memchr(data + 2, '\n', size - 2);
	plen = nl != NULL ? (size_t)(nl - (const char *)data) - 2 : size - 2;
	pattern = utf8_sanitize((const char *)data + 2, plen, 1, &len);
	text = utf8_sanitize(nl != NULL ? nl + 1 : "", nl != NULL ? size - 3 - plen : 0, 0, &len);
	if ((flags & SEARCH_REGEX) && len > REGEX_TEXT_MAX) {
		size_t cut = REGEX_TEXT_MAX;

		while (cut > 0 && !fuzz_boundary(text, len, cut))
			cut--;
		text[cut] = '\0';
		len = cut;
	}
	if ((flags & SEARCH_REGEX) && regex_explodes(pattern)) {
		free(pattern);
		free(text);
		return 0;
	}
	check_fold(text, len, flags & (SEARCH_EXACT | SEARCH_CASE));
	check_fold(pattern, strlen(pattern), flags & SEARCH_CASE);
	if ((s = search_new(pattern, flags, &cause)) == NULL) {
		FUZZ_CHECK(cause != NULL && strchr(cause, '\n') == NULL);
		free(cause);
	} else {
		check_search(s, text, len, 1 + data[1] % 80);
		if (data[1] & 0x80)
			check_doc(s, text, len);
		search_free(&s);
		FUZZ_CHECK(s == NULL);
	}
	free(pattern);
	free(text);
	return 0;
}
