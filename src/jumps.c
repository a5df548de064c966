/*
 * The jump list: places in order, and where a walk back through them has got to (at == n when
 * not walking).
 */
#include <stdlib.h>
#include <string.h>

#include "jumps.h"
#include "xmalloc.h"

struct jumps {
	struct pos list[JUMPS_MAX];
	size_t n, at;
};

struct jumps *
jumps_new(void)
{
	return xcalloc(1, sizeof(struct jumps));
}

void
jumps_free(struct jumps **j)
{
	free(*j);
	*j = NULL;
}

void
jumps_push(struct jumps *j, const struct pos *p)
{
	if (j->at < j->n)
		j->n = j->at; /* a new jump while walking: the places ahead go */
	if (j->n == JUMPS_MAX) {
		memmove(j->list, j->list + 1, (JUMPS_MAX - 1) * sizeof *j->list);
		j->n--;
	}
	j->list[j->n++] = *p;
	j->at = j->n;
}

int
jumps_back(struct jumps *j, const struct pos *now, struct pos *to)
{
	if (j->at == 0)
		return -1;
	if (j->at == j->n) {
		jumps_push(j, now); /* where the walk starts, for jumps_forward to come back to */
		j->at--;
	}
	if (j->at == 0)
		return -1;
	*to = j->list[--j->at];
	return 0;
}

int
jumps_forward(struct jumps *j, struct pos *to)
{
	if (j->at + 1 >= j->n)
		return -1;
	*to = j->list[++j->at];
	return 0;
}

size_t
jumps_count(const struct jumps *j)
{
	return j->n;
}
