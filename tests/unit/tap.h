/*
 * A tiny TAP producer for automake's tap-driver.sh: each check prints "ok N - what" or
 * "not ok N - what" with the values that differed, and tap_done() prints the plan.
 */
#ifndef QARI_TAP_H
#define QARI_TAP_H

#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

static inline int
tap_ok(int cond, const char *what)
{
	printf("%sok %d - %s\n", cond ? "" : "not ", ++tap_n, what);
	if (!cond)
		tap_failed++;
	return cond;
}

static inline int
tap_is_int(long got, long want, const char *what)
{
	if (!tap_ok(got == want, what))
		printf("# got %ld, want %ld\n", got, want);
	return got == want;
}

static inline int
tap_is_str(const char *got, const char *want, const char *what)
{
	int same = got != NULL && want != NULL && strcmp(got, want) == 0;

	if (!tap_ok(same, what))
		printf("# got  \"%s\"\n# want \"%s\"\n", got ? got : "(null)", want ? want : "(null)");
	return same;
}

static inline void
tap_skip_all(const char *why)
{
	printf("1..0 # SKIP %s\n", why);
}

static inline int
tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
