/*
 * Paragraph preparation, in the order UAX #9 asks for: bidi types and embedding levels over the
 * whole paragraph, break opportunities on the logical text, then shaping (which needs the levels)
 * and clusters. Levels are skipped when a paragraph has no character that could leave the base
 * level (pure Arabic, pure English): that is most paragraphs, and levels are the costliest step.
 */
#include <stdlib.h>
#include <pthread.h>
#include <string.h>

#include <fribidi.h>
#include <linebreak.h>

#include "cell.h"
#include "para.h"
#include "utf8.h"
#include "xmalloc.h"

/* Explicit embeddings, overrides and isolates: characters that change levels around them. */
static int
is_format(FriBidiCharType t)
{
	return FRIBIDI_IS_EXPLICIT(t) || FRIBIDI_IS_ISOLATE(t);
}

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void
init_once(void)
{
	init_linebreak();
}

static FriBidiParType
par_type(enum doc_dir d)
{
	return d == DIR_RTL ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR;
}

/*
 * The level every character takes when none can differ from the base: true for an RTL paragraph
 * without L, numbers or explicit formatting, and an LTR one without R, AL, AN or formatting.
 * Returns -1 when the full algorithm is needed.
 */
static int
uniform_level(const FriBidiCharType *t, size_t n, int rtl)
{
	size_t i;

	for (i = 0; i < n; i++) {
		FriBidiCharType c = t[i];

		if (is_format(c))
			return -1;
		if (c == FRIBIDI_TYPE_BS || c == FRIBIDI_TYPE_SS || c == FRIBIDI_TYPE_AN)
			return -1;
		if (rtl ? (c == FRIBIDI_TYPE_LTR || c == FRIBIDI_TYPE_EN)
		        : (c == FRIBIDI_TYPE_RTL || c == FRIBIDI_TYPE_AL))
			return -1;
	}
	return rtl;
}

/*
 * Levels of an RTL paragraph whose only characters that can leave level 1 are numbers: Arabic
 * prose with verse numbers, dates and prices, which is most of what qari reads. Rules W1-W7 and
 * N1 reduce to this: numbers (with the separators and terminators they absorb) take level 2,
 * everything else level 1. Returns -1, leaving the work to FriBidi, for anything else (L, BN,
 * explicit formatting, separators).
 */
static int
rtl_numbers(const FriBidiCharType *t, size_t n, uint8_t *lv)
{
	enum { K_R, K_AL, K_EN, K_AN, K_ES, K_ET, K_CS, K_N };
	uint8_t *k = lv; /* the classes are worked out in the levels array itself */
	size_t i, j;
	int strong_al = 0;

	for (i = 0; i < n; i++) {
		switch (t[i]) {
		case FRIBIDI_TYPE_RTL:
			k[i] = K_R;
			break;
		case FRIBIDI_TYPE_AL:
			k[i] = K_AL;
			break;
		case FRIBIDI_TYPE_EN:
			k[i] = K_EN;
			break;
		case FRIBIDI_TYPE_AN:
			k[i] = K_AN;
			break;
		case FRIBIDI_TYPE_ES:
			k[i] = K_ES;
			break;
		case FRIBIDI_TYPE_ET:
			k[i] = K_ET;
			break;
		case FRIBIDI_TYPE_CS:
			k[i] = K_CS;
			break;
		case FRIBIDI_TYPE_NSM:
			k[i] = i > 0 ? k[i - 1] : K_R;
			break; /* W1 */
		case FRIBIDI_TYPE_WS:
		case FRIBIDI_TYPE_ON:
			k[i] = K_N;
			break;
		default:
			return -1;
		}
	}
	for (i = 0; i < n; i++) { /* W2, W3 */
		if (k[i] == K_R || k[i] == K_AL)
			strong_al = k[i] == K_AL;
		if (k[i] == K_EN && strong_al)
			k[i] = K_AN;
		if (k[i] == K_AL)
			k[i] = K_R;
	}
	for (i = 1; i + 1 < n; i++) /* W4 */
		if ((k[i] == K_ES || k[i] == K_CS) && k[i - 1] == K_EN && k[i + 1] == K_EN)
			k[i] = K_EN;
		else if (k[i] == K_CS && k[i - 1] == K_AN && k[i + 1] == K_AN)
			k[i] = K_AN;
	for (i = 0; i < n; i = j) { /* W5: terminators next to a European number join it */
		for (j = i; j < n && k[j] == K_ET; j++)
			;
		if (j == i) {
			j++;
			continue;
		}
		if ((i > 0 && k[i - 1] == K_EN) || (j < n && k[j] == K_EN))
			memset(k + i, K_EN, j - i);
	}
	/* W6 and N1: what is left is neutral between R-like neighbours, so it takes level 1. */
	for (i = 0; i < n; i++)
		lv[i] = k[i] == K_EN || k[i] == K_AN ? 2 : 1;
	return 1;
}

static uint8_t
l1_class(FriBidiCharType t)
{
	if (t == FRIBIDI_TYPE_BS || t == FRIBIDI_TYPE_SS)
		return L1_SEP;
	if (t == FRIBIDI_TYPE_WS || t == FRIBIDI_TYPE_BN || is_format(t))
		return L1_WS;
	return L1_NONE;
}

/*
 * Rules P2-P3: the direction of the first strong character, skipping the characters between an
 * isolate initiator and its matching PDI (fribidi_get_par_direction in FriBidi 1.0.8 does not);
 * FRIBIDI_PAR_ON when there is none.
 */
static FriBidiParType
first_strong(const FriBidiCharType *types, size_t n)
{
	size_t i, depth = 0;

	for (i = 0; i < n; i++) {
		if (types[i] == FRIBIDI_TYPE_PDI) {
			if (depth > 0)
				depth--;
		} else if (FRIBIDI_IS_ISOLATE(types[i]))
			depth++;
		else if (depth == 0 && FRIBIDI_IS_LETTER(types[i]))
			return FRIBIDI_IS_RTL(types[i]) ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR;
	}
	return FRIBIDI_PAR_ON;
}

/* Resolves the paragraph level and levels; types[n] must already hold the bidi types. */
/* Levels of one paragraph of n characters at base direction base. */
static int
resolve_one(const uint32_t *cp, FriBidiCharType *types, size_t n, FriBidiParType base,
            uint8_t *levels)
{
	FriBidiBracketType *brackets;
	int u;

	if ((u = uniform_level(types, n, base == FRIBIDI_PAR_RTL)) >= 0) {
		memset(levels, u, n);
		return u;
	}
	if (base == FRIBIDI_PAR_RTL && rtl_numbers(types, n, levels) == 1)
		return 1;
	brackets = xreallocarray(NULL, n, sizeof *brackets);
	fribidi_get_bracket_types(cp, n, types, brackets);
	/* FriBidi levels are signed chars but never negative unless it ran out of memory. */
	if (fribidi_get_par_embedding_levels_ex(types, brackets, n, &base,
	                                        (FriBidiLevel *)levels) == 0)
		memset(levels, base == FRIBIDI_PAR_RTL, n);
	free(brackets);
	return base == FRIBIDI_PAR_RTL;
}

static int
resolve(const uint32_t *cp, FriBidiCharType *types, size_t n, enum doc_dir dir,
        enum doc_dir fallback, uint8_t *levels)
{
	FriBidiParType base;
	size_t s = 0, e;

	if (dir == DIR_AUTO) {
		base = first_strong(types, n);
		if (base != FRIBIDI_PAR_LTR && base != FRIBIDI_PAR_RTL)
			base = par_type(fallback);
	} else
		base = par_type(dir);
	/*
	 * A paragraph separator inside the text (the line ends of a code block) ends a paragraph
	 * for the bidi algorithm: each line is resolved alone, at the block's direction, or an
	 * Arabic comment would pull the neutrals of the lines after it to the right.
	 */
	for (e = 0; e < n; e++) {
		if (types[e] != FRIBIDI_TYPE_BS || e + 1 == n)
			continue;
		resolve_one(cp + s, types + s, e + 1 - s, base, levels + s);
		s = e + 1;
	}
	resolve_one(cp + s, types + s, n - s, base, levels + s);
	return base == FRIBIDI_PAR_RTL;
}

int
para_levels(const uint32_t *cp, size_t n, enum doc_dir dir, enum doc_dir fallback, uint8_t *levels,
            uint8_t *l1)
{
	FriBidiCharType *types = xreallocarray(NULL, n, sizeof *types);
	size_t i;
	int base;

	fribidi_get_bidi_types(cp, n, types);
	base = resolve(cp, types, n, dir, fallback, levels);
	for (i = 0; l1 != NULL && i < n; i++)
		l1[i] = l1_class(types[i]);
	free(types);
	return base;
}

static void
reverse(uint32_t *order, size_t a, size_t b)
{
	while (a + 1 < b) {
		uint32_t t = order[a];

		order[a++] = order[--b];
		order[b] = t;
	}
}

void
para_reorder(uint8_t *levels, const uint8_t *l1, size_t n, int base_level, uint32_t *order)
{
	uint8_t max = 0, min_odd = 255;
	size_t i, j;
	int trailing = 1;

	/* L1: separators, and the white space before them or at the line's end, take the base. */
	for (i = n; i-- > 0;) {
		if (l1[i] == L1_SEP) {
			levels[i] = base_level;
			trailing = 1;
		} else if (l1[i] == L1_WS && trailing)
			levels[i] = base_level;
		else
			trailing = 0;
	}
	for (i = 0; i < n; i++) {
		order[i] = i;
		max = levels[i] > max ? levels[i] : max;
		if ((levels[i] & 1) && levels[i] < min_odd)
			min_odd = levels[i];
	}
	/* L2: from the highest level down to the lowest odd one, reverse every run at or above it.
	 */
	for (; max >= min_odd && max > 0; max--) {
		for (i = 0; i < n; i = j) {
			if (levels[i] < max) {
				j = i + 1;
				continue;
			}
			for (j = i; j < n && levels[j] >= max; j++)
				;
			reverse(order, i, j);
		}
	}
}

/* What a terminal does not see between two letters: marks ride on their base, and format
 * characters the output leaves out (a line end is no neighbour on the screen). */
static int
unseen(uint32_t cp, FriBidiJoiningType jt)
{
	return FRIBIDI_IS_JOINING_TYPE_T(jt) || (cp >= 0x20 && cell_is_dropped(cp, 1));
}

/*
 * Whether the letter at i, which joins neither side, would still stand alone in a terminal that
 * shapes what it is sent: not when the letter it is written beside could join it, as when a
 * ZWNJ (left out of the output) or a change of level kept them apart here.
 */
static int
alone_when_sent(const uint32_t *cp, const FriBidiJoiningType *jt, size_t n, size_t i)
{
	size_t k;

	for (k = i; k-- > 0 && unseen(cp[k], jt[k]);)
		;
	if (k != (size_t)-1 && FRIBIDI_JOINS_RIGHT(jt[i]) && FRIBIDI_JOINS_LEFT(jt[k]))
		return 0;
	for (k = i + 1; k < n && unseen(cp[k], jt[k]); k++)
		;
	if (k < n && FRIBIDI_JOINS_LEFT(jt[i]) && FRIBIDI_JOINS_RIGHT(jt[k]))
		return 0;
	return 1;
}

/*
 * A letter that joins neither side is sent as itself, not as its isolated presentation form:
 * a terminal draws a lone letter in that form anyway, and in UTF-8 the letter takes 2 bytes
 * where the form takes 3 (a fifth of the letters of Arabic prose, so about 5% of what a page
 * costs over a slow link); text copied off the screen is the better for it too.
 */
static void
keep_isolated(const uint32_t *cp, const FriBidiJoiningType *jt, FriBidiArabicProp *props, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (FRIBIDI_ARAB_SHAPES(props[i]) && !FRIBIDI_IS_JOIN_SKIPPED(jt[i]) &&
		    (props[i] & (FRIBIDI_MASK_JOINS_RIGHT | FRIBIDI_MASK_JOINS_LEFT)) == 0 &&
		    alone_when_sent(cp, jt, n, i))
			props[i] &= ~FRIBIDI_MASK_ARAB_SHAPES;
}

/* Joining and shaping to presentation forms, and mirroring, in place. */
static void
shape(uint32_t *cp, const FriBidiCharType *types, uint8_t *levels, size_t n, int flags, int mixed,
      int base)
{
	FriBidiArabicProp *props;
	FriBidiJoiningType *joining;
	FriBidiChar m;
	size_t i;

	if (!mixed && base == 0)
		return; /* nothing at an odd level: no RTL run to mirror or shape */
	/* Only neutrals mirror (BidiMirroring.txt): asking FriBidi about those alone is cheaper. */
	for (i = 0; (flags & PARA_MIRROR) && i < n; i++)
		if ((levels[i] & 1) && types[i] == FRIBIDI_TYPE_ON &&
		    fribidi_get_mirror_char(cp[i], &m))
			cp[i] = m;
	if (!(flags & PARA_SHAPE))
		return;
	props = xreallocarray(NULL, n, sizeof *props);
	joining = xreallocarray(NULL, n, sizeof *joining);
	fribidi_get_joining_types(cp, n, joining);
	memcpy(props, joining, n * sizeof *props);
	fribidi_join_arabic(types, n, (FriBidiLevel *)levels, props);
	keep_isolated(cp, joining, props, n);
	fribidi_shape(FRIBIDI_FLAGS_ARABIC, (FriBidiLevel *)levels, n, props, cp);
	/*
	 * FriBidi leaves a lam-alef ligature in the alef's slot and the fill in the lam's (it works
	 * for visual order): swap them, so the ligature is the cluster's base and the fill joins
	 * it, instead of the cluster before (which took the break after a space with it).
	 */
	for (i = 0; i + 1 < n; i++)
		if ((props[i] & FRIBIDI_MASK_LIGATURED) && cp[i] == FRIBIDI_CHAR_FILL) {
			cp[i] = cp[i + 1];
			cp[i + 1] = FRIBIDI_CHAR_FILL;
			i++;
		}
	free(joining);
	free(props);
}

static void
add_clusters(struct para *p, const FriBidiCharType *types, const uint8_t *levels, const char *brks)
{
	struct cluster *c = NULL;
	size_t i;

	p->cl = xreallocarray(NULL, p->ncp ? p->ncp : 1, sizeof *p->cl);
	for (i = 0; i < p->ncp; i++) {
		uint32_t cp = p->cp[i];
		int cls = cp < 0x300 && cp != 0xAD ? 1 : cell_class(cp), w = cls & CELL_WIDTH;

		/* A code block's line end: a forced break that takes no cell and shows nothing. */
		if (cp == '\n')
			cls = CELL_INVISIBLE, w = 0;

		/* A zero-width character joins the cluster before it, unless a line may break
		 * between them: RLM or ZWJ opening a word after a space, anything after U+2028. */
		if (w == 0 && c != NULL && c->n < UINT16_MAX && cp != '\n' &&
		    brks[i - 1] != LINEBREAK_ALLOWBREAK && brks[i - 1] != LINEBREAK_MUSTBREAK) {
			c->n++;
		} else {
			c = &p->cl[p->ncl++];
			c->start = i;
			c->n = 1;
			c->width = w;
			c->level = levels[i];
			c->flags = 0;
			/* A mark with no base still takes a cell; an invisible character takes
			 * none. */
			if (w == 0 && (cls & CELL_INVISIBLE))
				c->flags |= CLUSTER_HIDDEN;
			else if (w == 0)
				c->width = 1;
			if (types[i] == FRIBIDI_TYPE_WS)
				c->flags |= CLUSTER_SPACE;
		}
		c->brk = brks[i] == LINEBREAK_MUSTBREAK    ? BREAK_MUST
		         : brks[i] == LINEBREAK_ALLOWBREAK ? BREAK_ALLOW
		                                           : BREAK_NONE;
	}
	/* The end of the paragraph is not a forced break inside it. */
	if (p->ncl > 0)
		p->cl[p->ncl - 1].brk = BREAK_ALLOW;
}

/*
 * Break opportunities from libunibreak. Its version 1.1 (Debian 12) fails an assertion on
 * regional indicators (flag emoji), which its pair table does not cover, and takes U+FFFF for the
 * end of the text, leaving the rest of brks unset: both are given to it as U+FFFD, which breaks
 * like a letter, so a flag's two halves stay together.
 */
static void
linebreaks(const uint32_t *cp, size_t n, char *brks)
{
	uint32_t *safe = NULL;
	size_t i;

	for (i = 0; i < n; i++) {
		if (cp[i] != 0xFFFF && (cp[i] < 0x1F1E6 || cp[i] > 0x1F1FF))
			continue;
		if (safe == NULL) {
			safe = xreallocarray(NULL, n, sizeof *safe);
			memcpy(safe, cp, n * sizeof *safe);
		}
		safe[i] = UTF8_REPLACEMENT;
	}
	set_linebreaks_utf32(safe != NULL ? safe : cp, n, NULL, brks);
	free(safe);
}

struct para *
para_new(const char *s, size_t len, enum doc_dir dir, enum doc_dir fallback, int flags)
{
	struct para *p = xcalloc(1, sizeof *p);
	FriBidiCharType *types;
	uint8_t *levels;
	char *brks;
	size_t i;

	pthread_once(&once, init_once);
	p->cp = xreallocarray(NULL, len ? len : 1, sizeof *p->cp);
	p->ncp = utf8_to_ucs4(s, len, p->cp);
	/* A source line end joined into the paragraph is a space to every stage from here on. */
	for (i = 0; (flags & PARA_JOIN) && i < p->ncp; i++)
		if (p->cp[i] == '\n')
			p->cp[i] = ' ';
	types = xreallocarray(NULL, p->ncp ? p->ncp : 1, sizeof *types);
	levels = xmalloc(p->ncp ? p->ncp : 1);
	brks = xmalloc(p->ncp ? p->ncp : 1);
	fribidi_get_bidi_types(p->cp, p->ncp, types);
	p->flags = flags;
	p->base_level = resolve(p->cp, types, p->ncp, dir, fallback, levels);
	for (i = 0; i < p->ncp && !p->mixed; i++)
		p->mixed = levels[i] != p->base_level;
	linebreaks(p->cp, p->ncp, brks);
	shape(p->cp, types, levels, p->ncp, flags, p->mixed, p->base_level);
	add_clusters(p, types, levels, brks);
	free(types);
	free(levels);
	free(brks);
	return p;
}

void
para_free(struct para **pp)
{
	struct para *p = *pp;

	if (p == NULL)
		return;
	free(p->cp);
	free(p->cl);
	free(p);
	*pp = NULL;
}
