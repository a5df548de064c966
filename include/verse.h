/*
 * Verse: a paragraph whose source lines are short and of similar length keeps its lines (the
 * linebreaks setting's auto), and a couplet of Persian or Arabic poetry (two hemistichs) can
 * be shown as it is printed, its two halves side by side. Only text and cells here: the layout
 * asks, per block, and lays the lines out.
 */
#ifndef QARI_VERSE_H
#define QARI_VERSE_H

#include <stddef.h>

/* The longest line verse has, in cells: prose hard-wrapped at 62-80 columns is longer. */
#define VERSE_LINE_MAX 60
/* The longest line of verse is at most this many times its shortest. */
#define VERSE_RATIO 3
/* Cells between the two halves of a couplet shown side by side. */
#define VERSE_GAP 3

/*
 * Whether the len bytes of a block's text (clean UTF-8, its source line ends kept as '\n') read
 * as verse: at least two lines, none empty or wider than VERSE_LINE_MAX cells, the longest at
 * most VERSE_RATIO times the shortest, not every one ending a sentence. Returns the number of lines when they do, else 0; the
 * widest and narrowest line's cells in *widest and *narrowest.
 */
size_t verse_scan(const char *s, size_t len, int *widest, int *narrowest);

/*
 * Whether two lines of widest and narrowest cells pair up as the hemistichs of a couplet: as
 * long as each other within half (a couplet's halves are of one metre).
 */
int verse_couplet(int widest, int narrowest);

/*
 * Where a couplet's halves go, centred on a column of width cells, each of them centred in a
 * half of half cells (the widest hemistich of its poem), VERSE_GAP apart: the cells from the
 * column's start side (the right, for RTL) to the first half's text (*at1) and to the second
 * half's (*at2), for hemistichs of w1 and w2 cells (no wider than half). The pair may be wider
 * than the column: *at1 is then negative, the row reaching past the column on both sides.
 */
void verse_place(int width, int half, int w1, int w2, int *at1, int *at2);

#endif
