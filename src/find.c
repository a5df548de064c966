/*
 * Search in the reader: / and ? with the matches found as the pattern is typed, n and N to go on
 * (into the next document when several are open), every match on screen highlighted where it is
 * drawn (cells are matched by their logical char, so a match in an RTL line lights up where the
 * line shows it), "match k of n" on the status line, and the list of matches in the sidebar.
 * The matching itself, with its folding of hamza, harakat and the rest, is search.c's.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "screen.h"
#include "search.h"
#include "utf8.h"
#include "xmalloc.h"

#define LABEL_CHARS  40
#define LABEL_BEFORE 10 /* chars of context before a match in the sidebar, about */

/* The matches of one block (a block is searched once). */
struct found_range {
	size_t start, end;
};

/* The search's state: no other file reads it but through the functions below. */
struct find {
	struct search *search; /* the last search, or NULL */
	char *pattern;
	int search_dir, search_flags;
	char *history[HISTORY_MAX];     /* patterns searched for, oldest first */
	int history_regex[HISTORY_MAX]; /* which of them were regular expressions */
	size_t nhistory;
	struct pos search_origin; /* where an incremental search started */
	int has_match;
	size_t match_doc, match_block, match_start, match_end; /* the current match, in chars */
	size_t match_index, match_total;                       /* of the current document */
	struct found *found;                                   /* every match, for the sidebar */
	size_t nfound;
	struct found_range *hl; /* the matches of hl_block of hl_doc */
	size_t hl_n, hl_block, hl_doc;
	int hl_valid;
	int hl_hidden; /* Esc put the highlights away until the next search or n/N */
};

/* A match as chars of a block. */
struct hit {
	size_t block, start, end;
};

struct collect_arg {
	struct reader *r;
	const char *t;
	size_t byte, ch; /* where chars were last counted to */
};

/* Keeps a match of search_block as chars; they come in order, so counting goes on from the last. */
static void
collect(size_t start, size_t end, void *arg)
{
	struct collect_arg *ca = arg;
	struct reader *r = ca->r;

	if (start < ca->byte)
		ca->byte = ca->ch = 0;
	ca->ch += utf8_count(ca->t + ca->byte, start - ca->byte);
	ca->byte = start;
	if ((r->find->hl_n & (r->find->hl_n - 1)) == 0)
		r->find->hl = xreallocarray(r->find->hl, r->find->hl_n ? r->find->hl_n * 2 : 8,
		                            sizeof *r->find->hl);
	r->find->hl[r->find->hl_n].start = ca->ch;
	r->find->hl[r->find->hl_n].end = ca->ch + utf8_count(ca->t + start, end - start);
	r->find->hl_n++;
}

/*
 * The matches of block b of document d, in r->find->hl: the block is searched once (one fold of its
 * text serves all its matches) and kept until the search or the block asked about changes, so
 * going match to match, counting and drawing stay linear in the block's length.
 */
static void
hits_of(struct reader *r, size_t d, size_t b)
{
	const struct doc *doc = r->docs[d];
	struct collect_arg ca = {r, doc->text + doc->blocks[b].off, 0, 0};

	if (r->find->hl_valid && r->find->hl_block == b && r->find->hl_doc == d)
		return;
	r->find->hl_n = 0;
	search_block(r->find->search, ca.t, doc->blocks[b].len, collect, &ca);
	r->find->hl_block = b;
	r->find->hl_doc = d;
	r->find->hl_valid = 1;
}

/* The index of the first match of the block in r->find->hl that starts at char ch or after. */
static size_t
hit_from(const struct reader *r, size_t ch)
{
	size_t lo = 0, hi = r->find->hl_n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (r->find->hl[mid].start < ch)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void
hit_get(const struct reader *r, size_t b, size_t i, struct hit *h)
{
	h->block = b;
	h->start = r->find->hl[i].start;
	h->end = r->find->hl[i].end;
}

/* Finds the first match in block b starting at char ch or after; 1 when found. */
static int
next_in_block(struct reader *r, size_t d, size_t b, size_t ch, struct hit *h)
{
	size_t i;

	hits_of(r, d, b);
	if ((i = hit_from(r, ch)) == r->find->hl_n)
		return 0;
	hit_get(r, b, i, h);
	return 1;
}

/* The last match in block b that starts before char ch; 1 when found. */
static int
prev_in_block(struct reader *r, size_t d, size_t b, size_t ch, struct hit *h)
{
	size_t i;

	hits_of(r, d, b);
	if ((i = hit_from(r, ch)) == 0)
		return 0;
	hit_get(r, b, i - 1, h);
	return 1;
}

/* Reads the rest of a document; a read error shows where the reader reads on anyway. */
static void
load_all(struct doc *doc)
{
	char *cause = NULL;

	if (doc_load_all(doc, &cause) != 0)
		free(cause);
}

/* From (doc, block, ch), the next match in direction dir, wrapping around the documents. */
static int
find_from(struct reader *r, size_t d, size_t b, size_t ch, int dir, size_t *doc, struct hit *h)
{
	size_t tries, nd = r->ndocs;

	for (tries = 0; tries <= nd; tries++) {
		struct doc *x = r->docs[d];

		if (dir > 0) {
			for (; doc_has_block(x, b); b++, ch = 0)
				if (next_in_block(r, d, b, ch, h))
					return *doc = d, 1;
			d = (d + 1) % nd;
			b = ch = 0;
		} else {
			for (;;) {
				if (b < x->nblocks && prev_in_block(r, d, b, ch, h))
					return *doc = d, 1;
				if (b == 0)
					break;
				b--;
				ch = (size_t)-1;
			}
			d = (d + nd - 1) % nd;
			load_all(r->docs[d]); /* backwards starts from the end */
			b = r->docs[d]->nblocks ? r->docs[d]->nblocks - 1 : 0;
			ch = (size_t)-1;
		}
	}
	return 0;
}

/* Puts match h of document d at the top of the screen and makes it the current one. */
static void
show(struct reader *r, size_t d, const struct hit *h)
{
	r->find->hl_valid = 0;
	r->find->match_doc = d;
	r->find->match_block = h->block;
	r->find->match_start = h->start;
	r->find->match_end = h->end;
	r->find->has_match = 1;
	view_goto(r, d, h->block, h->start);
	view_reveal(r, h->block, h->start);
}

/*
 * How many matches each block of one document holds, counted once for a search: "match k of
 * n" at each n then costs a sum, not a search of the whole document (70 ms on the 34.5 MB
 * book). Forgotten whenever the search changes; extended when the document grows.
 */
static struct {
	int valid;
	size_t doc, nblocks, total;
	uint32_t *per;
} counts;

static void
counts_forget(void)
{
	free(counts.per);
	memset(&counts, 0, sizeof counts);
}

/* Counts the matches of the current document and which of them is the current one. */
static void
count(struct reader *r)
{
	struct doc *doc = r->docs[r->find->match_doc];
	size_t b, before = 0;

	load_all(doc);
	if (!counts.valid || counts.doc != r->find->match_doc || counts.nblocks > doc->nblocks) {
		counts_forget();
		counts.valid = 1;
		counts.doc = r->find->match_doc;
	}
	if (counts.nblocks < doc->nblocks) {
		counts.per = xreallocarray(counts.per, doc->nblocks, sizeof *counts.per);
		for (b = counts.nblocks; b < doc->nblocks; b++) {
			counts.per[b] =
			    (uint32_t)search_block(r->find->search, doc->text + doc->blocks[b].off,
			                           doc->blocks[b].len, NULL, NULL);
			counts.total += counts.per[b];
		}
		counts.nblocks = doc->nblocks;
	}
	for (b = 0; b < r->find->match_block && b < counts.nblocks; b++)
		before += counts.per[b];
	hits_of(r, r->find->match_doc, r->find->match_block);
	r->find->match_index = before + hit_from(r, r->find->match_start + 1);
	r->find->match_total = counts.total;
}

static void
found_free(struct reader *r)
{
	size_t i;

	for (i = 0; i < r->find->nfound; i++)
		free(r->find->found[i].label);
	free(r->find->found);
	r->find->found = NULL;
	r->find->nfound = 0;
}

/* Lists the matches of every document for the sidebar, each in its context. */
static void
list(struct reader *r)
{
	size_t d, b, i, cs, ce, s, e, far;
	struct hit h;

	found_free(r);
	for (d = 0; d < r->ndocs && r->find->nfound < FOUND_MAX; d++) {
		const struct doc *doc = r->docs[d];

		for (b = 0; b < doc->nblocks && r->find->nfound < FOUND_MAX; b++)
			for (hits_of(r, d, b), i = 0;
			     r->find->nfound < FOUND_MAX && i < r->find->hl_n; i++) {
				const char *t = doc->text + doc->blocks[b].off;
				size_t len = doc->blocks[b].len;
				struct found *f;
				char *nl;

				hit_get(r, b, i, &h);
				s = utf8_offset(t, len, h.start);
				e = utf8_offset(t, len, h.end);
				/*
				 * The match in its words: a few before it (a sidebar row shows the
				 * label's start), the rest after; the heading is the tree's to say.
				 */
				search_context(t, len, s, e,
				               utf8_count(t + s, e - s) + LABEL_BEFORE * 2, &cs,
				               &far);
				if (cs > 0 && t[cs - 1] != ' ' && t[cs - 1] != '\n') {
					for (far = cs; far < s && t[far] != ' '; far++)
						;
					cs = far < s ? far + 1 : cs; /* from a word's start */
				}
				search_context(t, len, s, e, LABEL_CHARS * 2, &far, &ce);
				r->find->found = xreallocarray(r->find->found, r->find->nfound + 1,
				                               sizeof *r->find->found);
				f = &r->find->found[r->find->nfound++];
				f->doc = d;
				f->block = b;
				f->ch = h.start;
				f->label = xstrndup(t + cs, ce - cs);
				while ((nl = strchr(f->label, '\n')) != NULL)
					*nl = ' '; /* a row of the sidebar is one line */
				f->lit_start = utf8_count(t + cs, s - cs);
				f->lit_end = f->lit_start + utf8_count(t + s, e - s);
			}
	}
}

/* Called as the pattern is typed: jumps to the first match from where the search started. */
static void
live(struct reader *r, const char *pattern, int regex)
{
	char *cause = NULL;
	struct hit h;
	size_t d;

	r->find->search_flags =
	    regex ? r->find->search_flags | SEARCH_REGEX : r->find->search_flags & ~SEARCH_REGEX;
	search_free(&r->find->search);
	counts_forget();
	r->find->has_match = 0;
	r->find->hl_valid = 0;
	view_set_top(r, r->find->search_origin);
	if (*pattern != '\0' &&
	    (r->find->search = search_new(pattern, r->find->search_flags, &cause)) == NULL)
		free(cause);
	if (r->find->search != NULL &&
	    find_from(r, r->top.doc, r->top.block, r->top.ch, r->find->search_dir, &d, &h))
		show(r, d, &h);
}

/* Keeps pattern for Up in the next prompt, here and in later runs: last, and once. */
static void
remember(struct reader *r, const char *pattern, int regex)
{
	char *cause = NULL;
	size_t i;

	for (i = 0; i < r->find->nhistory && strcmp(r->find->history[i], pattern) != 0; i++)
		;
	if (i == r->find->nhistory && r->find->nhistory == HISTORY_MAX)
		i = 0; /* full: the oldest goes */
	if (i < r->find->nhistory) {
		free(r->find->history[i]);
		memmove(r->find->history + i, r->find->history + i + 1,
		        (r->find->nhistory - i - 1) * sizeof *r->find->history);
		memmove(r->find->history_regex + i, r->find->history_regex + i + 1,
		        (r->find->nhistory - i - 1) * sizeof *r->find->history_regex);
		r->find->nhistory--;
	}
	r->find->history_regex[r->find->nhistory] = regex;
	r->find->history[r->find->nhistory++] = xstrdup(pattern);
	if (r->store != NULL && store_search_add(r->store, pattern, regex, &cause) != 0) {
		status_message(r, "%s", cause);
		free(cause);
	}
}

void
find_history_load(struct reader *r)
{
	char **list, *cause = NULL;
	int *regex;
	size_t n, i;

	if (r->store == NULL)
		return;
	if ((list = store_searches(r->store, &regex, &n, &cause)) == NULL) {
		if (cause != NULL) /* else none was kept yet */
			status_message(r, "%s", cause);
		free(cause);
		return;
	}
	for (i = 0; i < n; i++) {
		if (r->find->nhistory < HISTORY_MAX) {
			r->find->history_regex[r->find->nhistory] = regex[i];
			r->find->history[r->find->nhistory++] = list[i];
		} else
			free(list[i]);
	}
	free(list);
	free(regex);
}

/*
 * Makes pattern (taken) the last search's. The list of matches and the sidebar entries that
 * point into the old pattern go with it, whatever the new one finds.
 */
static void
set_pattern(struct reader *r, char *pattern)
{
	found_free(r);
	sidebar_build(r);
	free(r->find->pattern);
	r->find->pattern = pattern;
}

/* Says so when the regular expression ran out of steps somewhere: matches may be missing. */
static void
gave_up(struct reader *r)
{
	if (search_gave_up(r->find->search))
		status_message(r, "The regular expression gave up on a long paragraph (too many "
		                  "steps): matches there may be missing");
}

/* The search flags before the prompt opened, for Esc to put back. */
static int flags_before;

/* The end of the / or ? prompt: the search is kept, or Esc puts back what was before. */
static int
find_done(struct reader *r, char *pattern, int alt, void *arg)
{
	char *cause = NULL;

	(void)arg;
	if (pattern == NULL || *pattern == '\0') {
		/* Esc: back where the search started, as if nothing had been typed. */
		view_set_top(r, r->find->search_origin);
		r->find->search_flags = flags_before;
		free(pattern);
		search_free(&r->find->search);
		counts_forget();
		r->find->hl_valid = 0;
		r->find->has_match = 0;
		if (r->find->pattern != NULL &&
		    (r->find->search =
		         search_new(r->find->pattern, r->find->search_flags, &cause)) == NULL)
			free(cause);
		return DO_REDRAW;
	}
	remember(r, pattern, alt);
	set_pattern(r, pattern);
	if (r->find->search == NULL) {
		r->find->search = search_new(pattern, r->find->search_flags, &cause);
		status_message(r, "%s", cause ? cause : "Bad pattern");
		free(cause);
		return DO_REDRAW;
	}
	if (!r->find->has_match) {
		status_message(r, "Pattern not found: %s", pattern);
		gave_up(r);
		return DO_REDRAW;
	}
	view_jump_push(r);
	count(r);
	list(r);
	sidebar_build(r);
	gave_up(r);
	return DO_REDRAW;
}

int
find_prompt(struct reader *r, int dir)
{
	struct prompt p = {
	    .label = dir > 0 ? "/" : "?",
	    .label_alt = dir > 0 ? "Regex /" : "Regex ?",
	    .alt = (r->find->search_flags & SEARCH_REGEX) != 0, /* until Ctrl-R again */
	    .history = r->find->history,
	    .history_alt = r->find->history_regex,
	    .nhistory = r->find->nhistory,
	    .live = live,
	    .done = find_done,
	};

	flags_before = r->find->search_flags;
	r->find->search_origin = r->top;
	r->find->search_dir = dir;
	r->find->hl_hidden = 0;
	prompt_open(r, &p, NULL);
	return DO_REDRAW;
}

int
find_next(struct reader *r, int dir)
{
	size_t d, b, ch;
	struct hit h;

	if (r->find->search == NULL) {
		status_message(r, "No search yet: / searches forward, ? backward");
		return DO_REDRAW;
	}
	dir *= r->find->search_dir;
	r->find->hl_hidden = 0;
	d = r->find->has_match ? r->find->match_doc : r->top.doc;
	b = r->find->has_match ? r->find->match_block : r->top.block;
	ch = r->find->has_match ? r->find->match_start + (dir > 0) : r->top.ch;
	if (!find_from(r, d, b, ch, dir, &d, &h)) {
		status_message(r, "Pattern not found: %s", r->find->pattern);
		gave_up(r);
		return DO_REDRAW;
	}
	if (d != r->find->match_doc ||
	    (dir > 0 && (h.block < b || (h.block == b && h.start < ch))) ||
	    (dir < 0 && (h.block > b || (h.block == b && h.start >= ch))))
		status_message(r, "Search wrapped around");
	view_jump_push(r);
	show(r, d, &h);
	count(r);
	return DO_REDRAW;
}

int
find_match_at(struct reader *r, size_t doc, size_t block, size_t ch)
{
	size_t i;

	if (r->find->search == NULL || doc != r->top.doc)
		return 0;
	/* The matches of the last block asked about: a screen asks block by block. */
	hits_of(r, doc, block);
	if ((i = hit_from(r, ch + 1)) == 0)
		return 0;
	i--; /* the last match that starts at ch or before; an empty one lights its char */
	if (ch >= (r->find->hl[i].end > r->find->hl[i].start ? r->find->hl[i].end
	                                                     : r->find->hl[i].start + 1))
		return 0;
	return r->find->has_match && r->find->match_doc == doc && r->find->match_block == block &&
	               r->find->match_start == r->find->hl[i].start
	           ? 2
	           : 1;
}

void
find_init(struct reader *r)
{
	r->find = xcalloc(1, sizeof *r->find);
}

int
find_shown(const struct reader *r)
{
	return r->find->search != NULL && !r->find->hl_hidden;
}

void
find_hide(struct reader *r)
{
	r->find->hl_hidden = r->find->search != NULL;
}

int
find_where(const struct reader *r, size_t *index, size_t *total)
{
	const struct find *f = r->find;

	if (!f->has_match || f->match_doc != r->top.doc || f->match_total == 0)
		return 0;
	*index = f->match_index;
	*total = f->match_total;
	return 1;
}

const struct found *
find_results(const struct reader *r, size_t *n, const char **pattern)
{
	*n = r->find->nfound;
	*pattern = r->find->pattern != NULL ? r->find->pattern : "";
	return r->find->found;
}

void
find_free(struct reader *r)
{
	size_t i;

	if (r->find == NULL)
		return;
	for (i = 0; i < r->find->nhistory; i++)
		free(r->find->history[i]);
	r->find->nhistory = 0;
	free(r->find->hl);
	search_free(&r->find->search);
	counts_forget();
	free(r->find->pattern);
	r->find->pattern = NULL;
	found_free(r);
	free(r->find);
	r->find = NULL;
}
