/*
 * One paragraph made ready for the screen: FriBidi embedding levels over the whole paragraph,
 * Arabic joining and shaping, mirroring, UAX #14 break opportunities, and the cells it takes as
 * clusters (a base character with its combining marks, which never part). Everything here is
 * in logical order; nothing knows the screen width. Reordering a line is para_reorder's job,
 * done by the layout once lines are known (UAX #9: levels per paragraph, reorder per line).
 */
#ifndef QARI_PARA_H
#define QARI_PARA_H

#include <stddef.h>
#include <stdint.h>

#include "doc.h"

/* Shaping choices, global to a reader: see --shape and --bidi. */
#define PARA_SHAPE   0x1 /* Arabic presentation forms and lam-alef ligatures */
#define PARA_MIRROR  0x2 /* mirrored brackets in RTL runs */
#define PARA_DEFAULT (PARA_SHAPE | PARA_MIRROR)
/*
 * The paragraph's '\n's (the line ends of its source, as verse keeps them) are spaces: its
 * lines joined. Without it a '\n' is a forced break and ends a bidi paragraph, as in code.
 */
#define PARA_JOIN 0x4

/* What a cluster is, for wrapping and rule L1. */
#define CLUSTER_SPACE  0x1 /* white space: may hang past the line's end */
#define CLUSTER_HIDDEN 0x2 /* takes no cell and shows nothing (bidi controls, joiners) */

/* Break opportunity after a cluster (UAX #14). */
#define BREAK_NONE  0
#define BREAK_ALLOW 1
#define BREAK_MUST  2

struct cluster {
	uint32_t start; /* first code point, an index into para->cp (= char offset in the block) */
	uint16_t n;     /* code points: the base, then marks and invisible characters */
	uint8_t width;  /* terminal cells: 0, 1 or 2 */
	uint8_t level;  /* embedding level of the base */
	uint8_t brk;
	uint8_t flags;
};

struct para {
	uint32_t *cp; /* shaped, mirrored code points; as many as the block has chars */
	size_t ncp;
	struct cluster *cl;
	size_t ncl;
	int base_level; /* 0 for an LTR paragraph, 1 for RTL */
	int mixed;      /* levels are not all base_level: lines need reordering */
	int flags;      /* the PARA_* it was prepared with */
};

/*
 * Prepares len bytes of clean UTF-8. dir forces the direction; DIR_AUTO takes the first strong
 * character's, or fallback when there is none. flags are PARA_* bits. Never fails.
 */
struct para *para_new(const char *s, size_t len, enum doc_dir dir, enum doc_dir fallback,
                      int flags);
void para_free(struct para **p);

/*
 * Resolves levels for n code points (UBA rules P2-I2): returns the paragraph level (0 or 1) and
 * fills levels[n] and, when l1 is not NULL, l1[n] with the classes para_reorder's rule L1 needs.
 */
int para_levels(const uint32_t *cp, size_t n, enum doc_dir dir, enum doc_dir fallback,
                uint8_t *levels, uint8_t *l1);

/* Classes for rule L1, per item: white space or isolate/explicit format, and separators. */
#define L1_NONE 0
#define L1_WS   1
#define L1_SEP  2

/*
 * Reorders one line of n items (code points or clusters) for display, rules L1 and L2: levels
 * is a scratch copy (L1 changes it), order[n] gets the logical index of each visual position.
 */
void para_reorder(uint8_t *levels, const uint8_t *l1, size_t n, int base_level, uint32_t *order);

#endif
