/*
 * Terminal cells of code points (cell.h): marks by HarfBuzz's general categories, widths by the
 * East Asian Wide ranges and the emoji terminals draw wide. A class is worked out once per
 * code point of the Basic Multilingual Plane, 256 at a time, as text first uses them: HarfBuzz's
 * lookup is a call each time, and filling all 65,536 at the first character showed as about 5%
 * of a profile of opening the book.
 */
#include <pthread.h>
#include <stddef.h>

#include <hb.h>

#include "cell.h"

uint8_t cell_bmp_class[0x10000];
uint8_t cell_bmp_ready[0x100];
static pthread_mutex_t bmp_mu = PTHREAD_MUTEX_INITIALIZER;

/* A format character that takes no cell: bidi controls, joiners, the shaper's fill. */
static int
is_invisible(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2060 && cp <= 0x2069) || cp == 0xFEFF || cp == 0x061C || cp == 0x00AD;
}

static int
mark_slow(uint32_t cp)
{
	hb_unicode_general_category_t gc;

	if (cp < 0x300)
		return 0;
	gc = hb_unicode_general_category(hb_unicode_funcs_get_default(), cp);
	return gc == HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK ||
	       gc == HB_UNICODE_GENERAL_CATEGORY_ENCLOSING_MARK;
}

/* East Asian Wide and Fullwidth ranges, and the emoji that terminals draw two cells wide. */
static const uint32_t wide[][2] = {
    {0x1100, 0x115F},   {0x231A, 0x231B},   {0x2329, 0x232A},   {0x23E9, 0x23EC},
    {0x23F0, 0x23F0},   {0x23F3, 0x23F3},   {0x25FD, 0x25FE},   {0x2614, 0x2615},
    {0x2648, 0x2653},   {0x267F, 0x267F},   {0x2693, 0x2693},   {0x26A1, 0x26A1},
    {0x26AA, 0x26AB},   {0x26BD, 0x26BE},   {0x26C4, 0x26C5},   {0x26CE, 0x26CE},
    {0x26D4, 0x26D4},   {0x26EA, 0x26EA},   {0x26F2, 0x26F3},   {0x26F5, 0x26F5},
    {0x26FA, 0x26FA},   {0x26FD, 0x26FD},   {0x2705, 0x2705},   {0x270A, 0x270B},
    {0x2728, 0x2728},   {0x274C, 0x274C},   {0x274E, 0x274E},   {0x2753, 0x2755},
    {0x2757, 0x2757},   {0x2795, 0x2797},   {0x27B0, 0x27B0},   {0x27BF, 0x27BF},
    {0x2B1B, 0x2B1C},   {0x2B50, 0x2B50},   {0x2B55, 0x2B55},   {0x2E80, 0x303E},
    {0x3041, 0x33FF},   {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},   {0xA000, 0xA4CF},
    {0xA960, 0xA97F},   {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},   {0xFE10, 0xFE19},
    {0xFE30, 0xFE6F},   {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x16FE0, 0x16FE4},
    {0x17000, 0x18CFF}, {0x1B000, 0x1B2FF}, {0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF},
    {0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A}, {0x1F200, 0x1F251}, {0x1F300, 0x1F320},
    {0x1F32D, 0x1F335}, {0x1F337, 0x1F37C}, {0x1F37E, 0x1F393}, {0x1F3A0, 0x1F3CA},
    {0x1F3CF, 0x1F3D3}, {0x1F3E0, 0x1F3F0}, {0x1F3F4, 0x1F3F4}, {0x1F3F8, 0x1F43E},
    {0x1F440, 0x1F440}, {0x1F442, 0x1F4FC}, {0x1F4FF, 0x1F53D}, {0x1F54B, 0x1F54E},
    {0x1F550, 0x1F567}, {0x1F57A, 0x1F57A}, {0x1F595, 0x1F596}, {0x1F5A4, 0x1F5A4},
    {0x1F5FB, 0x1F64F}, {0x1F680, 0x1F6C5}, {0x1F6CC, 0x1F6CC}, {0x1F6D0, 0x1F6D2},
    {0x1F6D5, 0x1F6D7}, {0x1F6EB, 0x1F6EC}, {0x1F6F4, 0x1F6FC}, {0x1F7E0, 0x1F7EB},
    {0x1F90C, 0x1F93A}, {0x1F93C, 0x1F945}, {0x1F947, 0x1F9FF}, {0x1FA70, 0x1FAFF},
    {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
};

static int
width_slow(uint32_t cp)
{
	size_t lo = 0, hi = sizeof wide / sizeof wide[0];

	if (is_invisible(cp)) /* the soft hyphen too, below U+0300 */
		return 0;
	if (cp < 0x300)
		return 1;
	if (mark_slow(cp) || (cp >= 0x1160 && cp <= 0x11FF))
		return 0;
	if (cp < 0x1100)
		return 1;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (cp < wide[mid][0])
			hi = mid;
		else if (cp > wide[mid][1])
			lo = mid + 1;
		else
			return 2;
	}
	return 1;
}

static int
class_of(uint32_t cp)
{
	return width_slow(cp) | (mark_slow(cp) ? CELL_MARK : 0) |
	       (is_invisible(cp) ? CELL_INVISIBLE : 0);
}

int
cell_class_slow(uint32_t cp)
{
	uint32_t page = cp >> 8, c;

	if (cp >= 0x10000)
		return class_of(cp);
	/* The dump's threads share the table: a page is filled once, under the lock. */
	pthread_mutex_lock(&bmp_mu);
	if (!__atomic_load_n(&cell_bmp_ready[page], __ATOMIC_ACQUIRE)) {
		for (c = page << 8; c < (page + 1) << 8; c++)
			cell_bmp_class[c] = class_of(c);
		__atomic_store_n(&cell_bmp_ready[page], 1, __ATOMIC_RELEASE);
	}
	pthread_mutex_unlock(&bmp_mu);
	return cell_bmp_class[cp];
}
