/*
 * Unit tests for the jump list (jumps.c), as Ctrl-O and Ctrl-P walk it. Prints TAP for
 * automake's tap-driver.sh.
 */
#include <stdio.h>

#include "jumps.h"
#include "tap.h"

static struct pos
at(size_t block)
{
	struct pos p = {0, block, 0, 0};

	return p;
}

int
main(void)
{
	struct jumps *j = jumps_new();
	struct pos to = {0}, here;
	size_t i;

	setvbuf(stdout, NULL, _IONBF, 0);
	tap_is_int(jumps_back(j, &to, &to), -1, "an empty list: Ctrl-O says it is at its start");
	tap_is_int(jumps_forward(j, &to), -1, "... and Ctrl-P at its end");

	/* Jumps from 1, 2 and 3; the reader is at 4. */
	for (i = 1; i <= 3; i++) {
		here = at(i);
		jumps_push(j, &here);
	}
	here = at(4);
	tap_ok(jumps_back(j, &here, &to) == 0 && to.block == 3, "Ctrl-O goes to where the last "
	                                                        "jump left (3)");
	tap_ok(jumps_back(j, &to, &to) == 0 && to.block == 2, "... again, to 2");
	tap_ok(jumps_back(j, &to, &to) == 0 && to.block == 1, "... and to 1");
	tap_is_int(jumps_back(j, &to, &to), -1, "... then it is at the start");
	tap_ok(jumps_forward(j, &to) == 0 && to.block == 2, "Ctrl-P walks forward again (2)");
	tap_ok(jumps_forward(j, &to) == 0 && to.block == 3 && jumps_forward(j, &to) == 0 &&
	           to.block == 4,
	       "... to 3, then back to where the walk began (4)");
	tap_is_int(jumps_forward(j, &to), -1, "... then it is at the end");

	/* Back to 2, then a new jump from there: 3 and 4 are no longer ahead. */
	jumps_back(j, &to, &to);
	jumps_back(j, &to, &to);
	here = at(2);
	jumps_push(j, &here);
	tap_is_int(jumps_forward(j, &to), -1, "a jump made while walking drops the places ahead");
	here = at(9);
	tap_ok(jumps_back(j, &here, &to) == 0 && to.block == 2, "... and Ctrl-O goes to it");

	for (i = 0; i < 3 * JUMPS_MAX; i++) {
		here = at(100 + i);
		jumps_push(j, &here);
	}
	tap_is_int((long)jumps_count(j), JUMPS_MAX, "the list keeps JUMPS_MAX places at most");
	here = at(0);
	while (jumps_back(j, &here, &to) == 0)
		here = to;
	/* The walk keeps where it began, which takes the place of the oldest. */
	tap_ok(here.block == 100 + 3 * JUMPS_MAX - JUMPS_MAX + 1, "... the newest ones");
	jumps_free(&j);
	tap_ok(j == NULL, "jumps_free clears the pointer");
	return tap_done();
}
