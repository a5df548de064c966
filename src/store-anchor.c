/*
 * Quote anchors: taking a passage with its context from a document, and finding it again after
 * the document changed. Works on the document's text with its blocks joined by '\n', the same
 * text document-wide char offsets count, so a passage may span blocks. All offsets in the joined
 * text are in bytes of clean UTF-8; a byte search for clean UTF-8 can only match on character
 * boundaries, so no match ever splits a character.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* memmem */
#endif
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store-private.h"
#include "utf8.h"
#include "xmalloc.h"

/*
 * byte[] and chars[] get one entry past the last block, as if a separator followed it, so that
 * block i always ends one before entry i + 1.
 */
void
store_text_init(struct store_text *text, const struct doc *d)
{
	const struct block *bl;
	size_t i, k, total = 0, b = 0, c = 0;

	for (i = 0; i < d->nblocks; i++)
		total += d->blocks[i].len + 1;
	text->flat = xmalloc(total + 1);
	text->byte = xcalloc(d->nblocks + 1, sizeof *text->byte);
	text->chars = xcalloc(d->nblocks + 1, sizeof *text->chars);
	text->nblocks = d->nblocks;
	for (i = 0; i < d->nblocks; i++) {
		bl = &d->blocks[i];
		text->byte[i] = b;
		text->chars[i] = c;
		memcpy(text->flat + b, d->text + bl->off, bl->len);
		/*
		 * A paragraph's source line ends are spaces here, as the loaders made them before
		 * they kept them: quotes stored then still match, and a quote does not depend
		 * on how the lines were laid out.
		 */
		for (k = b; bl->kind != BLOCK_CODE && k < b + bl->len; k++)
			text->flat[k] = text->flat[k] == '\n' ? ' ' : text->flat[k];
		b += bl->len;
		c += utf8_count(d->text + bl->off, bl->len);
		text->flat[b++] = '\n';
		c++;
	}
	text->byte[i] = b;
	text->chars[i] = c;
	text->len = b > 0 ? b - 1 : 0;
	text->flat[text->len] = '\0';
}

void
store_text_free(struct store_text *text)
{
	free(text->flat);
	free(text->byte);
	free(text->chars);
	memset(text, 0, sizeof *text);
}

/* The byte offset of (block, ch) in the joined text, or SIZE_MAX when there is no such place. */
static size_t
text_offset(const struct store_text *t, size_t block, size_t ch)
{
	size_t start, len;

	if (block >= t->nblocks)
		return SIZE_MAX;
	start = t->byte[block];
	len = t->byte[block + 1] - 1 - start;
	if (ch > t->chars[block + 1] - 1 - t->chars[block])
		return SIZE_MAX;
	return start + utf8_offset(t->flat + start, len, ch);
}

/* The (block, ch) and document-wide char offset of byte off of the joined text. */
static void
text_locate(const struct store_text *t, size_t off, size_t *block, size_t *ch, size_t *global)
{
	size_t lo = 0, hi = t->nblocks, mid;

	/* The last block starting at or before off. */
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (t->byte[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	*block = lo;
	*ch = utf8_count(t->flat + t->byte[lo], off - t->byte[lo]);
	if (global != NULL)
		*global = t->chars[lo] + *ch;
}

/* Where n code points before byte off start. */
static size_t
text_back(const struct store_text *t, size_t off, size_t n)
{
	while (off > 0 && n > 0) {
		off--;
		if (((unsigned char)t->flat[off] & 0xC0) != 0x80)
			n--;
	}
	return off;
}

int
store_anchor_quote(const struct store_text *t, size_t block, size_t ch, size_t len,
                   struct bookmark *bm)
{
	size_t p = text_offset(t, block, ch), e, q;

	if (p == SIZE_MAX)
		return -1;
	e = p + utf8_offset(t->flat + p, t->len - p, len);
	q = text_back(t, p, STORE_CONTEXT_CHARS);
	bm->exact = xstrndup(t->flat + p, e - p);
	bm->prefix = xstrndup(t->flat + q, p - q);
	bm->suffix =
	    xstrndup(t->flat + e, utf8_offset(t->flat + e, t->len - e, STORE_CONTEXT_CHARS));
	bm->len = utf8_count(t->flat + p, e - p);
	bm->block = block;
	bm->ch = ch;
	bm->start = (int64_t)(t->chars[block] + ch);
	return 0;
}

/* Whether the passage (or, for a bare position, its context) is still at byte p. */
static int
text_holds(const struct store_text *t, size_t p, const struct bookmark *bm)
{
	size_t elen = strlen(bm->exact), plen = strlen(bm->prefix), slen = strlen(bm->suffix);

	if (elen > 0)
		return t->len - p >= elen && memcmp(t->flat + p, bm->exact, elen) == 0;
	return p >= plen && memcmp(t->flat + p - plen, bm->prefix, plen) == 0 &&
	       t->len - p >= slen && memcmp(t->flat + p, bm->suffix, slen) == 0;
}

/* How many code points of context around the passage at bytes [q, e) match the stored ones. */
static size_t
context_score(const struct store_text *t, size_t q, size_t e, const struct bookmark *bm)
{
	size_t plen = strlen(bm->prefix), slen = strlen(bm->suffix), i = 0, j = 0;

	while (i < plen && i < q && bm->prefix[plen - 1 - i] == t->flat[q - 1 - i])
		i++;
	while (j < slen && e + j < t->len && bm->suffix[j] == t->flat[e + j])
		j++;
	return utf8_count(bm->prefix + plen - i, i) + utf8_count(bm->suffix, j);
}

/*
 * The best place for bm's passage: of the occurrences of needle (shift bytes before the
 * passage itself), the one with the most matching context; among equals the one at here (its
 * old place), then the nearest to old (its old document-wide offset).
 */
static size_t
text_search(const struct store_text *t, const char *needle, size_t shift, const struct bookmark *bm,
            size_t here, size_t old)
{
	size_t nlen = strlen(needle), elen = strlen(bm->exact), best = SIZE_MAX;
	size_t q, score, dist, best_score = 0, best_dist = 0, block, ch, at;
	const char *hit = t->flat;

	while (nlen > 0 && (hit = memmem(hit, t->len - (size_t)(hit - t->flat), needle, nlen))) {
		q = (size_t)(hit - t->flat) + shift;
		hit++;
		score = context_score(t, q, q + elen, bm);
		text_locate(t, q, &block, &ch, &at);
		dist = q == here ? 0 : 1 + (at > old ? at - old : old - at);
		if (best == SIZE_MAX || score > best_score ||
		    (score == best_score && dist < best_dist)) {
			best = q;
			best_score = score;
			best_dist = dist;
		}
	}
	return best;
}

/*
 * A passage still in place with all its context stays. Otherwise every occurrence competes,
 * the old place included: when the text around a short passage changed, another occurrence
 * may now fit its context better (the paragraph was moved, or one like it inserted before it).
 */
int
store_anchor_find(const struct store_text *t, struct bookmark *bm)
{
	size_t p = text_offset(t, bm->block, bm->ch), found = p, old = 0, global, block, ch;
	size_t full =
	    utf8_count(bm->prefix, strlen(bm->prefix)) + utf8_count(bm->suffix, strlen(bm->suffix));
	char *needle = NULL;

	if (p == SIZE_MAX || !text_holds(t, p, bm) ||
	    context_score(t, p, p + strlen(bm->exact), bm) < full) {
		if (bm->start >= 0)
			old = (size_t)bm->start;
		else if (p != SIZE_MAX)
			text_locate(t, p, &block, &ch, &old);
		/* A bare position has no passage to look for: its context stands in. */
		if (bm->exact[0] != '\0')
			found = text_search(t, bm->exact, 0, bm, p, old);
		else {
			needle = xasprintf("%s%s", bm->prefix, bm->suffix);
			found = text_search(t, needle, strlen(bm->prefix), bm, p, old);
			free(needle);
		}
	}
	if (found == SIZE_MAX)
		return -1;
	text_locate(t, found, &bm->block, &bm->ch, &global);
	bm->start = (int64_t)global;
	return 0;
}
