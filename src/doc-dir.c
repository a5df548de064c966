/*
 * Folders on the command line: `qari notes/` opens the documents in it, in the order of their
 * names (numbers in numeric order, so "ch2" comes before "ch10"). Only the folder's own files
 * with an extension qari reads are taken, not those of its subfolders, and not hidden ones.
 * Whether each file can be read is doc_load's to say, one file at a time, so one bad file does
 * not stop the others.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "doc-private.h"
#include "xmalloc.h"

struct paths {
	char **v;
	size_t n, cap;
};

static void
add(struct paths *p, char *path)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 16;
		p->v = xreallocarray(p->v, p->cap, sizeof *p->v);
	}
	p->v[p->n++] = path;
}

static int
by_name(const void *a, const void *b)
{
	return strverscmp(*(char *const *)a, *(char *const *)b);
}

/* Adds the readable files of folder dir; returns how many, 0 when it has none or is no folder. */
static size_t
add_folder(struct paths *p, const char *dir)
{
	size_t first = p->n, len = strlen(dir);
	struct dirent *e;
	struct stat sb;
	char *path;
	DIR *d;

	if ((d = opendir(dir)) == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || doc_named(e->d_name) == DOC_NAMED_NONE)
			continue;
		path =
		    xasprintf("%s%s%s", dir, len > 0 && dir[len - 1] == '/' ? "" : "/", e->d_name);
		if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
			free(path); /* a folder called x.md: not a level we go down */
		else
			add(p, path);
	}
	closedir(d);
	if (p->n > first)
		qsort(p->v + first, p->n - first, sizeof *p->v, by_name);
	return p->n - first;
}

char **
doc_expand_paths(const char *const *in, size_t n, size_t *nout)
{
	struct paths p = {0};
	struct stat sb;
	size_t i;

	for (i = 0; i < n; i++) {
		if (strcmp(in[i], "-") != 0 && stat(in[i], &sb) == 0 && S_ISDIR(sb.st_mode) &&
		    add_folder(&p, in[i]) > 0)
			continue;
		add(&p, xstrdup(in[i]));
	}
	add(&p, NULL);
	*nout = p.n - 1;
	return p.v;
}

void
doc_free_paths(char ***paths, size_t n)
{
	size_t i;

	if (*paths == NULL)
		return;
	for (i = 0; i < n; i++)
		free((*paths)[i]);
	free(*paths);
	*paths = NULL;
}
