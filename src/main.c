/*
 * qari: command line, loading of the documents, and the choice between the reader (a terminal
 * on stdout) and dump mode (anything else, or --dump).
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "doc.h"
#include "dump.h"
#include "fetch.h"
#include "grep.h"
#include "options.h"
#include "para.h"
#include "layout.h"
#include "reader.h"
#include "settings.h"
#include "search.h"
#include "store.h"
#include "utf8.h"
#include "xmalloc.h"

/* The reader opens on a silent pipe after this long, and shows its text as it comes. */
#define READER_STREAM_WAIT_MS 700

enum {
	OPT_DUMP = 256,
	OPT_WIDTH,
	OPT_HEIGHT,
	OPT_PAGE,
	OPT_SHAPE,
	OPT_BIDI,
	OPT_LINEBREAKS,
	OPT_FORMAT,
	OPT_ENCODING,
	OPT_NO_EXTRACT,
	OPT_TIMEOUT,
	OPT_VERSION,
	OPT_BOOKMARKS,
	OPT_EXPORT,
	OPT_SEARCH,
	OPT_COUNT,
	OPT_EXACT,
	OPT_REGEX,
};

static const struct option longopts[] = {
    {"dump", no_argument, NULL, OPT_DUMP},
    {"width", required_argument, NULL, OPT_WIDTH},
    {"height", required_argument, NULL, OPT_HEIGHT},
    {"page", required_argument, NULL, OPT_PAGE},
    {"shape", required_argument, NULL, OPT_SHAPE},
    {"bidi", required_argument, NULL, OPT_BIDI},
    {"linebreaks", required_argument, NULL, OPT_LINEBREAKS},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"encoding", required_argument, NULL, OPT_ENCODING},
    {"no-extract", no_argument, NULL, OPT_NO_EXTRACT},
    {"timeout", required_argument, NULL, OPT_TIMEOUT},
    {"version", no_argument, NULL, OPT_VERSION},
    {"bookmarks", no_argument, NULL, OPT_BOOKMARKS},
    {"search", required_argument, NULL, OPT_SEARCH},
    {"exact", no_argument, NULL, OPT_EXACT},
    {"count", no_argument, NULL, OPT_COUNT},
    {"regex", no_argument, NULL, OPT_REGEX},
    {"export-bookmarks", required_argument, NULL, OPT_EXPORT},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static void
usage(FILE *out)
{
	fputs(
	    "usage: qari [options] [FILE|URL...]\n"
	    "Read right-to-left and mixed text (Arabic, Persian, Hebrew, English) in a terminal.\n"
	    "FILE is text, Markdown, HTML or EPUB, '-' for standard input, or a folder of them;\n"
	    "URL is a web page (http:// or https://), fetched.\n"
	    "With no FILE, reads standard input when it is not a terminal, else opens the\n"
	    "documents read most recently (up to 8), then the bundled sample articles.\n"
	    "\n"
	    "  --dump                 print the text column instead of opening the reader\n"
	    "                         (the default when standard output is not a terminal)\n"
	    "  --width N              column width for --dump (default $COLUMNS or 80)\n"
	    "  --height H --page P    with --dump, print only page P of pages of H lines\n"
	    "  --shape arabic|none    shape Arabic to presentation forms (default), or leave\n"
	    "                         shaping to a terminal that does it\n"
	    "  --bidi visual|terminal reorder lines here (default), or send logical order to a\n"
	    "                         terminal that runs the bidi algorithm itself\n"
	    "  --linebreaks auto|keep|join\n"
	    "                         a paragraph's single line ends: kept where its lines\n"
	    "                         read as verse (default), always kept, or always joined\n"
	    "  --format text|markdown|html\n"
	    "                         read the files as this format instead of guessing\n"
	    "  --encoding NAME        the files' charset (windows-1256, iso-8859-6, cp1255,\n"
	    "                         iso-8859-8, utf-16...), instead of UTF-8 or what a byte\n"
	    "                         order mark or an HTML page's <meta charset> says\n"
	    "  --no-extract           show a web page whole, not only its article\n"
	    "  --timeout SECONDS      the most fetching a URL may take (default 60)\n"
	    "\n"
	    "  --search PATTERN       print each match as FILE:LINE:COL: context, as grep does;\n"
	    "                         hamza forms, tashkeel, tatweel and case are folded\n"
	    "  --count                with --search, print the number of matches\n"
	    "  --exact                with --search, compare characters as written\n"
	    "  --regex                with --search, PATTERN is a regex (PCRE2, Perl syntax)\n"
	    "\n"
	    "  --bookmarks            list the bookmarks of FILE (all with no FILE) as TSV\n"
	    "  --export-bookmarks markdown|json\n"
	    "                         export them (JSON: W3C Web Annotations)\n"
	    "\n"
	    "  --version              print the version and exit\n"
	    "  -h, --help             print this help and exit\n"
	    "\n"
	    "In the reader, h or F1 shows the keys. See qari(1).\n",
	    out);
}

/*
 * The exit status once everything is printed: rc, or 2 with a message when standard output
 * could not take it all (a full disk, /dev/full), which stdio only tells at the end.
 */
static int
output_done(int rc)
{
	int failed = fflush(stdout) != 0, err = errno;

	if (!failed && !ferror(stdout))
		return rc;
	fprintf(stderr, "qari: writing the results: %s\n",
	        failed || err != 0 ? strerror(err) : "write error");
	return 2;
}

static void
die_usage(const char *fmt, const char *arg)
{
	char *q = utf8_shorten(arg, UTF8_QUOTE_MAX), *msg = xasprintf(fmt, q);

	utf8_error(msg); /* arg is the user's, and may hold any byte */
	free(msg);
	free(q);
	fprintf(stderr, "Try 'qari --help' for more information.\n");
	exit(2);
}

static long
number(const char *s, long min, long max, const char *what)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < min || v > max) {
		char *msg =
		    xasprintf("invalid %s '%%s' (a number from %ld to %ld)", what, min, max);

		die_usage(msg, s);
	}
	return v;
}

static void
parse(int argc, char **argv, struct options *opt)
{
	int c;

	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_DUMP:
			opt->dump = 1;
			break;
		case OPT_WIDTH:
			opt->width = number(optarg, 1, 10000, "width");
			break;
		case OPT_HEIGHT:
			opt->height = number(optarg, 1, 100000, "height");
			break;
		case OPT_PAGE:
			opt->page = number(optarg, 1, LONG_MAX, "page");
			break;
		case OPT_SHAPE:
			opt->cli_flags |= PARA_SHAPE;
			if (strcmp(optarg, "arabic") == 0)
				opt->para_flags |= PARA_SHAPE;
			else if (strcmp(optarg, "none") == 0)
				opt->para_flags &= ~PARA_SHAPE;
			else
				die_usage("invalid --shape '%s' (arabic or none)", optarg);
			break;
		case OPT_BIDI:
			opt->cli_flags |= LAYOUT_LOGICAL;
			if (strcmp(optarg, "visual") == 0)
				opt->para_flags &= ~LAYOUT_LOGICAL;
			else if (strcmp(optarg, "terminal") == 0)
				opt->para_flags |= LAYOUT_LOGICAL;
			else
				die_usage("invalid --bidi '%s' (visual or terminal)", optarg);
			break;
		case OPT_LINEBREAKS:
			opt->cli_flags |= LAYOUT_LINES;
			opt->para_flags &= ~LAYOUT_LINES;
			if (settings_lines(optarg) < 0)
				die_usage("invalid --linebreaks '%s' (auto, keep or join)", optarg);
			opt->para_flags |= settings_lines(optarg);
			break;
		case OPT_FORMAT:
			opt->format = optarg;
			break;
		case OPT_ENCODING:
			opt->encoding = optarg;
			break;
		case OPT_NO_EXTRACT:
			doc_html_extract = 0;
			break;
		case OPT_TIMEOUT:
			fetch_set_timeout(number(optarg, 1, 3600, "timeout"));
			break;
		case OPT_SEARCH:
			opt->search = optarg;
			break;
		case OPT_COUNT:
			opt->search_count = 1;
			break;
		case OPT_EXACT:
			opt->search_flags |= SEARCH_EXACT;
			break;
		case OPT_REGEX:
			opt->search_flags |= SEARCH_REGEX;
			break;
		case OPT_BOOKMARKS:
			opt->bookmarks = "tsv";
			break;
		case OPT_EXPORT:
			if (strcmp(optarg, "markdown") != 0 && strcmp(optarg, "json") != 0 &&
			    strcmp(optarg, "tsv") != 0)
				die_usage("invalid --export-bookmarks '%s' (markdown, json or tsv)",
				          optarg);
			opt->bookmarks = optarg;
			break;
		case OPT_VERSION:
			printf("qari %s\n", PACKAGE_VERSION);
			exit(output_done(0));
		case 'h':
			usage(stdout);
			exit(output_done(0));
		default:
			fprintf(stderr, "Try 'qari --help' for more information.\n");
			exit(2);
		}
	}
	if (opt->page > 0 && opt->height == 0)
		die_usage("%s needs --height", "--page");
	/* Once here, not once a file: the name is wrong for all of them. */
	if (opt->encoding != NULL && !doc_charset_known(opt->encoding)) {
		char *q = utf8_shorten(opt->encoding, UTF8_QUOTE_MAX),
		     *msg = xasprintf("unknown encoding '%s' (iconv -l lists those known)", q);

		utf8_error(msg);
		free(msg);
		free(q);
		exit(2);
	}
}

/*
 * The settings file, read only by the modes that lay text out (the reader, --dump): a mistake
 * in it is no reason for --version or --search to fail. What the command line said wins. A
 * mistake is a warning (its setting keeps its default): on standard error for --dump, on the
 * reader's status line, where standard error would be hidden. Returns the warnings, or NULL.
 */
static char *
settings(struct options *opt)
{
	struct options file = *opt;
	char *warnings = NULL, *line, *nl;

	file.warnings = settings_load(&file, &warnings);
	file.para_flags = (file.para_flags & ~opt->cli_flags) | (opt->para_flags & opt->cli_flags);
	*opt = file;
	if (warnings == NULL)
		return NULL;
	if (opt->dump) {
		for (line = warnings; line != NULL; line = nl) {
			if ((nl = strchr(line, '\n')) != NULL)
				*nl++ = '\0';
			utf8_error(line);
		}
		free(warnings);
		return NULL;
	}
	if ((nl = strchr(warnings, '\n')) != NULL)
		*nl = '\0';
	line = utf8_printable(warnings); /* it quotes the file, which may hold any byte */
	free(warnings);
	opt->warning = line;
	return line;
}

/*
 * The bundled articles: an uninstalled binary (src/qari in its build tree) uses its source
 * tree's, an installed one those under $(pkgdatadir).
 */
static char *
articles_dir(void)
{
	char exe[PATH_MAX], *slash;
	struct stat sb;
	ssize_t n;

	if ((n = readlink("/proc/self/exe", exe, sizeof exe - 1)) > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL) {
			*slash = '\0';
			if (strcmp(exe, QARI_BUILDDIR "/src") == 0 &&
			    stat(QARI_SRCDIR "/assets/articles", &sb) == 0)
				return xstrdup(QARI_SRCDIR "/assets/articles");
		}
	}
	return xstrdup(PKGDATADIR "/articles");
}

static const char *const bundled[] = {
    "000_6e664869e5eb57da.txt",
    "002_2927fe6f3b4253d6.txt",
};

/*
 * What qari opens when given nothing: the documents read most recently that are still there,
 * then the bundled articles. Returns a new array of new strings.
 */
static char **
default_files(const char *dir, size_t *n)
{
	char **files = NULL, **recent = NULL, *path, *cause = NULL, *real;
	size_t i, nrecent = 0, nb = sizeof bundled / sizeof bundled[0];
	struct store *store = NULL;
	struct stat sb;

	*n = 0;
	if ((path = store_default_path(&cause)) != NULL &&
	    (store = store_open(path, &cause)) != NULL)
		recent = store_recent(store, 8, &nrecent, &cause);
	free(cause); /* no history is no reason not to open the samples */
	free(path);
	store_close(&store);
	files = xcalloc(nrecent + nb, sizeof *files);
	/* The store keeps absolute paths: the bundled ones are listed once, after the others. */
	if ((real = realpath(dir, NULL)) == NULL)
		real = xstrdup(dir);
	for (i = 0; i < nrecent; i++) {
		if (strncmp(recent[i], real, strlen(real)) != 0 && stat(recent[i], &sb) == 0 &&
		    S_ISREG(sb.st_mode))
			files[(*n)++] = recent[i];
		else
			free(recent[i]);
	}
	free(recent);
	free(real);
	for (i = 0; i < nb; i++)
		files[(*n)++] = xasprintf("%s/%s", dir, bundled[i]);
	return files;
}

static volatile sig_atomic_t fetch_interrupted;

static void
fetch_interrupt(int sig)
{
	(void)sig;
	fetch_interrupted = 1;
}

/*
 * How far a fetch has come, on a terminal's standard error, until the page is there; Ctrl-C
 * stops it there (the fetch's poll wakes for the signal).
 */
static int
fetch_progress(size_t bytes)
{
	if (isatty(STDERR_FILENO))
		fprintf(stderr, "\rqari: fetching… %zu KB ", (bytes + 1023) / 1024);
	return fetch_interrupted;
}

static struct doc *
open_doc(const char *path, const struct options *opt, char **cause)
{
	struct sigaction sa = {.sa_handler = fetch_interrupt}, old;
	struct doc *doc;

	if (!fetch_is_url(path))
		return doc_load_encoded(path, opt->format, opt->encoding, cause);
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old);
	doc = fetch_load(path, opt->format, opt->encoding, fetch_progress, cause);
	sigaction(SIGINT, &old, NULL);
	if (isatty(STDERR_FILENO))
		fprintf(stderr, "\r%40s\r", "");
	if (fetch_interrupted) {
		/* Stopped by the user: nothing more is opened, as an interrupted command would. */
		char *msg = xasprintf("%s: stopped", path);

		utf8_error(msg); /* the address as typed: shown safe, as every message quotes it */
		free(msg);
		exit(130);
	}
	return doc;
}

static int
default_width(void)
{
	const char *cols = getenv("COLUMNS");
	long w;

	if (cols != NULL && (w = strtol(cols, NULL, 10)) > 0 && w <= 10000)
		return w;
	return 80;
}

static int visual_flags; /* the --bookmarks listing's, as the command line set them */

static char *
bookmark_visual(const char *s)
{
	return dump_visual(s, visual_flags);
}

/* The book the export names chapters of last: bookmarks come sorted by document. */
static struct doc *chapter_doc;

/*
 * The chapter of a book's block, for the export: the entry of the book's own table of contents
 * it is under and its chapter's file ("Middle of two (OEBPS/Text/ch2.xhtml)"), or the file
 * alone. NULL for what is no book, or a book that no longer opens.
 */
static char *
bookmark_chapter(const char *path, size_t block)
{
	size_t n = strlen(path);
	const char *part;
	char *cause = NULL;
	long o;

	if (n < 5 || strcasecmp(path + n - 5, ".epub") != 0)
		return NULL;
	if (chapter_doc == NULL || strcmp(chapter_doc->path, path) != 0) {
		doc_free(&chapter_doc);
		if ((chapter_doc = doc_load(path, "epub", &cause)) == NULL) {
			free(cause);
			return NULL;
		}
	}
	if ((part = doc_part_of(chapter_doc, block)) == NULL)
		return NULL;
	o = chapter_doc->toc ? doc_outline_at(chapter_doc, block, 1) : -1;
	if (o >= 0 && doc_part_of(chapter_doc, chapter_doc->outline[o].block) == part)
		return xasprintf("%s (%s)", chapter_doc->outline[o].title, part);
	return xstrdup(part);
}

/*
 * --bookmarks and --export-bookmarks: the bookmarks of the files named (all when none), from the
 * database the reader writes. Returns the exit status.
 */
static int
bookmarks_cli(const char *format, char **files, size_t nfiles)
{
	struct store *store;
	char *path, *cause = NULL;
	struct stat sb;
	size_t i;
	int rc = 0;

	if ((path = store_default_path(&cause)) == NULL ||
	    (store = store_open(path, &cause)) == NULL) {
		utf8_error(cause);
		free(cause);
		free(path);
		return 2;
	}
	free(path);
	if (store_warning(store) != NULL)
		utf8_error(store_warning(store));
	/* To a terminal the listing reads as the reader shows text; to a pipe, as stored. */
	if (isatty(STDOUT_FILENO) && !(visual_flags & LAYOUT_LOGICAL))
		store_set_visual(store, bookmark_visual);
	store_set_chapter(store, bookmark_chapter);
	/* A file named that is not there is a typo to point out, not a file without bookmarks. */
	for (i = 0; i < nfiles; i++)
		if (!fetch_is_url(files[i]) && stat(files[i], &sb) != 0) {
			char *msg = xasprintf("%s: %s", files[i], strerror(errno));

			utf8_error(msg);
			free(msg);
			rc = 2;
		}
	for (i = 0; i < (nfiles ? nfiles : 1) && rc == 0; i++)
		if (store_bookmarks_export(store, stdout, format, nfiles ? files[i] : NULL,
		                           &cause) != 0) {
			utf8_error(cause);
			free(cause);
			rc = 2;
		}
	store_close(&store);
	doc_free(&chapter_doc);
	return rc;
}

int
main(int argc, char **argv)
{
	struct options opt = {.para_flags = PARA_DEFAULT, .max_column = 76, .sidebar_right = -1};
	struct dump_options dopt;
	struct doc **docs;
	size_t ndocs = 0, i, nfiles, npaths;
	char *cause, *dir = NULL, **paths, *warnings;
	const char **files;
	static const char *read_stdin[] = {"-"};
	int rc = 0;

	setlocale(LC_ALL, "");
	parse(argc, argv, &opt);
	visual_flags = opt.para_flags;
	if (opt.bookmarks != NULL)
		return bookmarks_cli(opt.bookmarks, argv + optind, argc - optind);
	if (opt.search != NULL)
		return output_done(grep_run(&opt, argv + optind, argc - optind));
	if (!opt.dump && !isatty(STDOUT_FILENO))
		opt.dump = 1;
	warnings = settings(&opt);
	if (!opt.dump)
		doc_stream_patience(READER_STREAM_WAIT_MS);

	nfiles = argc - optind;
	files = (const char **)argv + optind;
	if (nfiles == 0 && !isatty(STDIN_FILENO)) { /* cmd | qari */
		nfiles = 1;
		files = read_stdin;
	} else if (nfiles == 0) {
		dir = articles_dir();
		files = (const char **)default_files(dir, &nfiles);
	}
	/* A folder is its documents; one that cannot be read is a warning, the others open. */
	paths = doc_expand_paths(files, nfiles, &npaths);
	docs = xcalloc(npaths, sizeof *docs);
	for (i = 0; i < npaths; i++) {
		if ((docs[ndocs] = open_doc(paths[i], &opt, &cause)) == NULL) {
			utf8_error(cause);
			if (opt.load_errors++ == 0)
				opt.load_error = utf8_printable(cause); /* it quotes the name */
			free(cause);
			rc = 2;
			continue;
		}
		ndocs++;
	}
	if (ndocs == 0)
		goto out;

	if (opt.dump) {
		signal(SIGPIPE, SIG_DFL);
		dopt.width = opt.width ? opt.width : default_width();
		dopt.height = opt.height;
		dopt.page = opt.page;
		dopt.flags = opt.para_flags;
		for (i = 0; i < ndocs && !ferror(stdout); i++) {
			if (i > 0)
				putchar('\n');
			if (docs[i]->not_utf8) {
				char *msg = xasprintf("warning: %s " DOC_NOT_UTF8, docs[i]->path);

				utf8_error(msg);
				free(msg);
			}
			if (dump_doc(docs[i], &dopt, stdout, &cause) != 0) {
				char *msg = xasprintf("%s: %s", docs[i]->path, cause);

				utf8_error(msg);
				free(msg);
				free(cause);
				rc = 2;
			}
		}
		rc = output_done(rc);
	} else
		rc = reader_run(docs, ndocs, &opt);
out:
	free(opt.load_error);
	for (i = 0; i < ndocs; i++)
		doc_free(&docs[i]);
	free(docs);
	free(warnings);
	doc_free_paths(&paths, npaths);
	if (dir != NULL) {
		for (i = 0; i < nfiles; i++)
			free((char *)files[i]);
		free(files);
		free(dir);
	}
	return rc;
}
