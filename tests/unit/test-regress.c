/*
 * Inputs that once crashed qari or broke an invariant, found by the fuzz targets in fuzz/ and kept
 * in tests/data/regress, replayed through the same harnesses (fuzz/fuzz.h): each file as the text
 * target takes it (the first byte is the width), whole at several widths, repeated into a file
 * long enough to be read piece by piece, as the paragraph target takes it, and as the Markdown
 * and HTML targets do. In CI's sanitizer build this is the fuzzers' check without the fuzzing, so
 * a crash fixed once stays fixed.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../fuzz/fuzz.h"
#include "tap.h"
#include "xmalloc.h"

static const int widths[] = {1, 2, 5, 13, 40, 80, 200};

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The file's bytes in a new buffer (*size of them), or NULL. */
static uint8_t *
slurp(const char *path, size_t *size)
{
	struct stat sb;
	uint8_t *buf;
	FILE *f;

	if ((f = fopen(path, "rb")) == NULL || fstat(fileno(f), &sb) != 0) {
		if (f != NULL)
			fclose(f);
		return NULL;
	}
	buf = malloc(sb.st_size + 1);
	*size = fread(buf, 1, sb.st_size, f);
	fclose(f);
	return buf;
}

static void
replay(const char *dir, const char *name)
{
	char *path = xasprintf("%s/%s", dir, name);
	char *what = xasprintf("%s: no crash, no failed check", name);
	size_t size, before = fuzz_failures, i;
	uint8_t *data;

	if ((data = slurp(path, &size)) == NULL) {
		tap_ok(0, what);
		printf("# cannot read %s\n", path);
		free(path);
		free(what);
		return;
	}
	fuzz_text(data, size);
	for (i = 0; i < sizeof widths / sizeof widths[0]; i++)
		fuzz_text_at(data, size, widths[i], 1 + i % 3);
	fuzz_partial("text", data, size, widths[size % (sizeof widths / sizeof widths[0])]);
	fuzz_para(data, size);
	/* The other loaders take any file too (an unknown format is refused, not a failure). */
	fuzz_format("markdown", data, size);
	fuzz_format("html", data, size);
	tap_is_int(fuzz_failures - before, 0, what);
	free(data);
	free(path);
	free(what);
}

int
main(int argc, char **argv)
{
	const char *srcdir = argc > 1 ? argv[1] : getenv("TOP_SRCDIR");
	char dir[4096], **names = NULL;
	size_t n = 0, i;
	struct dirent *de;
	DIR *d;

	(void)tap_is_str; /* tap.h's helpers that this test has no use for */
	(void)tap_skip_all;
#ifdef QARI_SRCDIR
	if (srcdir == NULL)
		srcdir = QARI_SRCDIR;
#endif
	if (srcdir == NULL)
		srcdir = ".";
	snprintf(dir, sizeof dir, "%s/tests/data/regress", srcdir);
	if ((d = opendir(dir)) == NULL) {
		tap_ok(0, "tests/data/regress can be read");
		printf("# %s\n", dir);
		return tap_done();
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		names = realloc(names, (n + 1) * sizeof *names);
		names[n++] = strdup(de->d_name);
	}
	closedir(d);
	tap_ok(n > 0, "tests/data/regress holds inputs to replay");
	if (n > 0)
		qsort(names, n, sizeof *names, by_name);
	for (i = 0; i < n; i++) {
		replay(dir, names[i]);
		free(names[i]);
	}
	free(names);
	return tap_done();
}
