/*
 * The jump list, as vim's Ctrl-O and Ctrl-I: each jump (a search, g, G, N%, a heading, a
 * bookmark) keeps where it left; Ctrl-O walks back, Ctrl-P (or Tab's Ctrl-I) forward again,
 * and a new jump made while walking drops the places ahead. No curses here: unit-tested alone.
 */
#ifndef QARI_JUMPS_H
#define QARI_JUMPS_H

#include <stddef.h>

/* A place in a document: a char of a block, or the blank row after the block when gap is set. */
struct pos {
	size_t doc;
	size_t block;
	size_t ch;
	int gap;
};

#define JUMPS_MAX 100

struct jumps;

struct jumps *jumps_new(void);
void jumps_free(struct jumps **j);

/* Keeps p as the place a jump leaves; the oldest goes past JUMPS_MAX. */
void jumps_push(struct jumps *j, const struct pos *p);

/*
 * The place before, from now (where the reader is, kept so that jumps_forward comes back to
 * it): 0 and *to, or -1 at the list's start.
 */
int jumps_back(struct jumps *j, const struct pos *now, struct pos *to);

/* The place after, once walked back: 0 and *to, or -1 at the list's end. */
int jumps_forward(struct jumps *j, struct pos *to);

/* The places kept (for tests). */
size_t jumps_count(const struct jumps *j);

#endif
