/*
 * libFuzzer target for EPUB books: the container (libzip), the package document, the spine, the
 * nav and the NCX, the chapters and their links. The first byte says how the rest makes a book:
 * odd, the bytes are the .epub file itself (the ZIP archive mutated as it comes); even, they
 * are cut at each "\n--\n" into the package document, the nav, the NCX and two chapters, which
 * libzip puts into a sound archive, so that mutations reach the XML rather than the ZIP
 * headers. The book is read to its end. What must hold: a book refused says why on one line;
 * one read has fuzz.h's clean text and blocks, its outline in block order on blocks of the
 * book with clean titles, its anchors found again, its chapters in order.
 */
#include <stddef.h>
#include <stdint.h>

#include <zip.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[] = "/tmp/qari-fuzz-epub-XXXXXX.epub";

static const char container[] =
    "<?xml version=\"1.0\"?><container version=\"1.0\" "
    "xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\"><rootfiles><rootfile "
    "full-path=\"OEBPS/content.opf\" media-type=\"application/oebps-package+xml\"/>"
    "</rootfiles></container>";

static const char *const names[] = {"OEBPS/content.opf", "OEBPS/nav.xhtml", "OEBPS/toc.ncx",
                                    "OEBPS/Text/ch1.xhtml", "OEBPS/Text/ch2.xhtml"};

/* Writes len bytes as the book's file; 0, or -1. */
static int
write_raw(const uint8_t *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	int rc;

	if (f == NULL)
		return -1;
	rc = fwrite(data, 1, len, f) == len ? 0 : -1;
	return fclose(f) != 0 ? -1 : rc;
}

/* Puts the parts of data (cut at "\n--\n") into a sound archive at path; 0, or -1. */
static int
write_parts(const uint8_t *data, size_t len)
{
	const char *p = (const char *)data, *end = p + len, *cut;
	zip_source_t *src;
	zip_t *z;
	size_t i;
	int err;

	if ((z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err)) == NULL)
		return -1;
	src = zip_source_buffer(z, "application/epub+zip", 20, 0);
	if (zip_file_add(z, "mimetype", src, 0) < 0)
		zip_source_free(src);
	src = zip_source_buffer(z, container, sizeof container - 1, 0);
	if (zip_file_add(z, "META-INF/container.xml", src, 0) < 0)
		zip_source_free(src);
	for (i = 0; i < sizeof names / sizeof names[0] && p <= end; i++) {
		cut = memmem(p, (size_t)(end - p), "\n--\n", 4);
		if (cut == NULL)
			cut = end;
		src = zip_source_buffer(z, p, (zip_uint64_t)(cut - p), 0);
		if (zip_file_add(z, names[i], src, 0) < 0)
			zip_source_free(src);
		p = cut + 4;
	}
	return zip_close(z) == 0 ? 0 : (zip_discard(z), -1);
}

static void
check_book(struct doc *doc)
{
	size_t i;

	fuzz_check_doc(doc);
	for (i = 0; i < doc->noutline; i++) {
		FUZZ_CHECK(i == 0 || doc->outline[i - 1].block <= doc->outline[i].block);
		FUZZ_CHECK(doc->outline[i].title == NULL ||
		           fuzz_clean_string(doc->outline[i].title));
	}
	for (i = 0; i < doc->nanchors; i++)
		FUZZ_CHECK(doc->nblocks == 0 || doc_anchor_find(doc, doc->anchors[i].id) >= 0);
	for (i = 0; i < doc->nparts; i++) {
		FUZZ_CHECK(doc->part_first[i] <= doc->nblocks);
		FUZZ_CHECK(i == 0 || doc->part_first[i - 1] <= doc->part_first[i]);
		FUZZ_CHECK(fuzz_clean_string(doc->parts[i]));
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int made;
	struct doc *doc;
	char *cause = NULL;
	int fd;

	if (!made) {
		if ((fd = mkstemps(path, 5)) < 0)
			abort();
		close(fd);
		made = 1;
	}
	if (size == 0)
		return 0;
	if (((data[0] & 1) ? write_raw(data + 1, size - 1) : write_parts(data + 1, size - 1)) != 0)
		return 0;
	if ((doc = doc_load(path, "epub", &cause)) == NULL) {
		FUZZ_CHECK(cause != NULL && strchr(cause, '\n') == NULL);
		free(cause);
		return 0;
	}
	if (doc_load_all(doc, &cause) != 0)
		free(cause);
	check_book(doc);
	doc_free(&doc);
	return 0;
}
