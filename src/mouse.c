/*
 * The mouse: the wheel scrolls what is under the pointer (the text, the sidebar, the help), a
 * click on a sidebar entry goes there, a click on a link follows it as U then Enter do. Only
 * presses are asked for (term.c), so a click costs no wait for a double click.
 */
#include <curses.h>

#include "mouse.h"
#include "screen.h"

/* Lines a notch of the wheel scrolls, as less and most terminals do. */
#define WHEEL_LINES 3

#ifndef BUTTON5_PRESSED
#define BUTTON5_PRESSED 0 /* an ncurses without the second wheel direction */
#endif

static int
in_sidebar(const struct reader *r, int y, int x)
{
	int x0 = r->side_right ? r->cols - r->side_w : 0;

	return r->side_shown && r->side_w > 0 && y < r->text_h && x >= x0 && x < x0 + r->side_w;
}

int
mouse_event(struct reader *r)
{
	MEVENT ev;
	int wheel;

	if (getmouse(&ev) != OK)
		return DO_NOTHING;
	wheel = ev.bstate & BUTTON4_PRESSED ? -1 : BUTTON5_PRESSED && (ev.bstate & BUTTON5_PRESSED);
	if (r->help) {
		if (wheel < 0)
			r->help_top = r->help_top > WHEEL_LINES ? r->help_top - WHEEL_LINES : 0;
		else if (wheel > 0)
			r->help_top += WHEEL_LINES;
		return wheel ? DO_REDRAW : DO_NOTHING;
	}
	if (in_sidebar(r, ev.y, ev.x))
		return sidebar_mouse(r, ev.y, wheel * WHEEL_LINES,
		                     (ev.bstate & BUTTON1_PRESSED) != 0);
	if (ev.y >= r->text_h)
		return DO_NOTHING; /* the status line */
	if (wheel)
		return view_scroll(r, wheel * WHEEL_LINES) ? DO_REDRAW : DO_NOTHING;
	if (ev.bstate & BUTTON1_PRESSED)
		return select_link_at(r, ev.y, ev.x);
	return DO_NOTHING;
}
