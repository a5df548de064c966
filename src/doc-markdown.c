/*
 * The Markdown loader: md4c parses (GitHub's dialect: tables, strike-through, task lists,
 * autolinks), and its callbacks make blocks. Front matter (YAML between "---", TOML between
 * "+++") gives the title and byline and is no text (doc-markdown-meta.c). Raw HTML matters for
 * its dir attributes, which set the direction of the blocks inside (<div dir="rtl"> around a
 * whole article) or isolate a run of text (<span dir="rtl">, doc-markdown-inline.c); a block
 * of raw HTML with text in it goes through the HTML walker. Source lines come from the offsets
 * of md4c's text pointers into the buffer.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <md4c.h>

#include "doc.h"
#include "doc-private.h"
#include "doc-markdown.h"
#include "utf8.h"
#include "xmalloc.h"

size_t
md_line_at(struct md *m, const char *p)
{
	const char *nl;
	size_t off;

	if (p < m->src || p > m->src + m->srclen)
		return 0;
	off = p - m->src;
	if (off < m->pos) {
		m->pos = 0;
		m->line = 1;
	}
	while ((nl = memchr(m->src + m->pos, '\n', off - m->pos)) != NULL) {
		m->pos = nl - m->src + 1;
		m->line++;
	}
	m->pos = off;
	return m->line;
}

/* The direction raw HTML gives the blocks here: the innermost dir attribute still open. */
static enum doc_dir
block_dir(const struct md *m)
{
	int i;

	for (i = m->ntags - 1; i >= 0; i--)
		if (m->tags[i].dir >= 0)
			return m->tags[i].dir;
	return DIR_AUTO;
}

enum block_kind
md_context(const struct md *m, int *level)
{
	int i, items = 0, quotes = 0;

	for (i = 0; i < m->nbox; i++) {
		items += m->box[i] == 'L';
		quotes += m->box[i] == 'Q';
	}
	if (m->nbox == 0) {
		*level = 0;
		return BLOCK_PARA;
	}
	/* Both count: a list in a quote keeps the quote's indent, a quote in an item the item's. */
	*level = items + quotes;
	return m->box[m->nbox - 1] == 'L' ? BLOCK_ITEM : BLOCK_QUOTE;
}

struct block *
md_flush(struct md *m, enum block_kind kind, int level, int carry)
{
	struct block *b;
	const char *prefix = NULL;

	md_inline_close(m, carry);
	if (m->fresh && kind == BLOCK_ITEM) /* an item's level is its boxes' (md_context) */
		prefix = m->marker;
	b = inline_flush(m->doc, &m->t, kind, level, m->in_table ? m->table_dir : block_dir(m),
	                 prefix);
	if (b != NULL) {
		b->flags |= m->joined ? BLOCK_JOINED : 0;
		b->flags |= prefix != NULL ? BLOCK_MARKER : 0;
		if (kind == BLOCK_ITEM && m->nlists > 0)
			b->hang = m->lists[m->nlists - 1].hang;
		m->joined = 0;
		m->fresh = prefix != NULL ? 0 : m->fresh;
	}
	if (carry)
		md_inline_reopen(m);
	return b;
}

struct block *
md_flush_context(struct md *m, int carry)
{
	int level;
	enum block_kind kind = md_context(m, &level);

	return md_flush(m, kind, level, carry);
}

/*
 * Before a block starts: the text of the item it is in (a tight list has no paragraphs), and
 * the marker of an item that starts with something other than text, on a line of its own.
 */
static void
begin_block(struct md *m, MD_BLOCKTYPE type)
{
	struct block *b;

	if (inline_visible(&m->t))
		md_flush_context(m, 0);
	if (m->fresh && type != MD_BLOCK_P && type != MD_BLOCK_HTML) {
		inline_add(&m->t, m->marker, strlen(m->marker), INLINE_COLLAPSE);
		m->fresh = 0;
		if ((b = md_flush_context(m, 0)) != NULL)
			b->flags |= BLOCK_MARKER;
	}
}

static void
enter_list(struct md *m, int ordered, unsigned start, char delim, int tight)
{
	if (m->nlists == MD_DEPTH) {
		m->deep_lists++;
		return;
	}
	m->lists[m->nlists].ordered = ordered;
	m->lists[m->nlists].next = start;
	m->lists[m->nlists].delim = delim;
	m->lists[m->nlists].tight = tight;
	m->lists[m->nlists].items = 0;
	m->nlists++;
}

static void
enter_item(struct md *m, const MD_BLOCK_LI_DETAIL *d)
{
	size_t n;

	if (m->nbox < MD_DEPTH)
		m->box[m->nbox++] = 'L';
	else
		m->deep_boxes++;
	if (m->nlists == 0)
		return;
	n = m->nlists - 1;
	doc_list_marker(m->marker, sizeof m->marker, m->nlists, m->lists[n].ordered,
	                m->lists[n].next++, m->lists[n].delim);
	if (d->is_task)
		/* Boxes, not "[x]": a Latin x would make an Arabic item left-to-right. */
		strcat(m->marker, d->task_mark == ' ' ? "\u2610 " : "\u2611 ");
	m->lists[n].hang = doc_marker_cells(m->marker);
	m->fresh = 1;
	/*
	 * A tight list's items follow each other without a gap, and so does the first item of a
	 * tight list nested in one: a blank row before it would part it from the item it is in.
	 */
	m->joined =
	    m->lists[n].tight && (m->lists[n].items > 0 || (n > 0 && m->lists[n - 1].tight));
	m->lists[n].items++;
}

/* Raw HTML: tags open and closed keep the direction of the blocks they enclose. */
static int
track_tags(struct md *m, const char *s, size_t len)
{
	struct markup_tag tag;
	size_t i = 0, n;
	int text = 0, j;

	while (i < len) {
		if (s[i] != '<' || (n = markup_tag(s + i, len - i, &tag)) == 0) {
			text |= !isspace((unsigned char)s[i]);
			i++;
			continue;
		}
		i += n;
		if (tag.name[0] == '\0' || tag.empty)
			continue;
		if (tag.close) {
			for (j = m->ntags - 1; j >= 0 && strcmp(m->tags[j].name, tag.name) != 0;
			     j--)
				;
			if (j >= 0)
				m->ntags = j;
		} else if (m->ntags < MD_DEPTH * 2) {
			strcpy(m->tags[m->ntags].name, tag.name);
			m->tags[m->ntags].dir =
			    tag.has_dir ? doc_parse_dir(tag.dir, tag.dirlen) : -1;
			m->ntags++;
		}
	}
	return text;
}

static void
leave_html(struct md *m)
{
	enum doc_dir dir = block_dir(m);

	if (track_tags(m, m->raw, m->rawlen))
		html_fragment(m->doc, m->raw, m->rawlen, dir, m->rawline);
	m->rawlen = 0;
}

/*
 * A heading's anchor as GitHub makes it, for the document's own #links: lower case, spaces as
 * hyphens, punctuation dropped, letters of other scripts kept as they are.
 */
static void
heading_anchor(struct doc *doc, size_t b)
{
	size_t len, i = 0, n = 0;
	const char *s = doc_block_text(doc, b, &len);
	char *slug = xmalloc(len + 1);
	uint32_t cp;

	while (i < len) {
		size_t k = utf8_decode((const unsigned char *)s + i, len - i, &cp);

		if (cp < 0x80 && isalnum((int)cp))
			slug[n++] = (char)tolower((int)cp);
		else if (cp == ' ')
			slug[n++] = '-';
		else if (cp == '-' || cp == '_')
			slug[n++] = (char)cp;
		else if (cp >= 0x80 && !(cp >= 0x2000 && cp <= 0x206F) && cp != 0x060C &&
		         cp != 0x061B && cp != 0x061F) {
			memcpy(slug + n, s + i, k); /* but punctuation and bidi controls */
			n += k;
		}
		i += k;
	}
	doc_anchor_add(doc, slug, n, b);
	free(slug);
}

/* A heading; a first h1 that repeats the front matter's title is not shown twice. */
static void
leave_heading(struct md *m)
{
	struct doc *doc = m->doc;
	struct block *b;
	size_t len;

	inline_strip_attrs(&m->t);
	md_inline_close(m, 0);
	if (m->heading == 1 && doc->title != NULL && doc->nblocks > 0 &&
	    doc->blocks[doc->nblocks - 1].kind <= BLOCK_BYLINE && doc->nblocks <= 4 &&
	    m->t.len == strlen(doc->title) && memcmp(m->t.buf, doc->title, m->t.len) == 0) {
		inline_clear(&m->t);
	} else if ((b = md_flush(m, BLOCK_HEADING, m->heading, 0)) != NULL) {
		heading_anchor(doc, doc->nblocks - 1);
		if (m->heading == 1 && doc->title == NULL)
			doc->title = xstrndup(doc_block_text(doc, doc->nblocks - 1, &len), b->len);
	}
	m->heading = 0;
}

static int
enter_block(MD_BLOCKTYPE type, void *detail, void *data)
{
	struct md *m = data;
	MD_BLOCK_OL_DETAIL *ol = detail;

	if (type != MD_BLOCK_TH && type != MD_BLOCK_TD && type != MD_BLOCK_TR &&
	    type != MD_BLOCK_THEAD && type != MD_BLOCK_TBODY && type != MD_BLOCK_LI &&
	    type != MD_BLOCK_DOC)
		begin_block(m, type);
	switch (type) {
	case MD_BLOCK_QUOTE:
		if (m->nbox < MD_DEPTH)
			m->box[m->nbox++] = 'Q';
		else
			m->deep_boxes++;
		break;
	case MD_BLOCK_UL:
		enter_list(m, 0, 1, 0, ((MD_BLOCK_UL_DETAIL *)detail)->is_tight);
		break;
	case MD_BLOCK_OL:
		enter_list(m, 1, ol->start, ol->mark_delimiter, ol->is_tight);
		break;
	case MD_BLOCK_LI:
		begin_block(m, MD_BLOCK_P);
		enter_item(m, detail);
		break;
	case MD_BLOCK_HR:
		inline_add(&m->t, "\u2500\u2500\u2500\u2500\u2500\u2500", 18, INLINE_COLLAPSE);
		md_flush(m, BLOCK_RULE, 0, 0);
		break;
	case MD_BLOCK_H:
		m->heading = ((MD_BLOCK_H_DETAIL *)detail)->level;
		break;
	case MD_BLOCK_CODE:
		m->code = 1;
		break;
	case MD_BLOCK_HTML:
		m->html = 1;
		m->rawlen = 0;
		m->rawline = 0;
		break;
	case MD_BLOCK_TABLE:
		md_flush_context(m, 0);
		m->in_table = 1;
		m->rows = 0;
		m->table_dir = block_dir(m);
		m->table_first = m->doc->nblocks;
		break;
	case MD_BLOCK_TR:
		m->cells = 0;
		break;
	case MD_BLOCK_TH:
	case MD_BLOCK_TD:
		/*
		 * Cells in a row, in logical order: an RTL row reads from the right. Each cell is
		 * isolated (FSI ... PDI), or an English row of an Arabic table would be one
		 * left-to-right run with its columns the other way round.
		 */
		if (m->cells++ > 0)
			inline_add(&m->t, " \u2502 ", 5, INLINE_SPACES);
		inline_add_char(&m->t, BIDI_FSI);
		m->cell_start = inline_pos(&m->t);
		/* ":--" and "--:" say where the row starts and ends: mirrored in an RTL table. */
		switch (((MD_BLOCK_TD_DETAIL *)detail)->align) {
		case MD_ALIGN_RIGHT:
			doc_table_cell_align(m->doc, m->doc->nblocks, m->cells - 1, TABLE_END);
			break;
		case MD_ALIGN_CENTER:
			doc_table_cell_align(m->doc, m->doc->nblocks, m->cells - 1, TABLE_CENTER);
			break;
		default:
			break;
		}
		break;
	default:
		break;
	}
	return 0;
}

static int
leave_block(MD_BLOCKTYPE type, void *detail, void *data)
{
	struct md *m = data;
	struct block *b;
	int items = 0, quotes = 0, i;

	(void)detail;
	switch (type) {
	case MD_BLOCK_QUOTE:
	case MD_BLOCK_LI:
		md_flush_context(m, 0);
		if (m->fresh) /* an empty item still shows its marker */
			begin_block(m, MD_BLOCK_HR);
		if (m->deep_boxes > 0)
			m->deep_boxes--;
		else
			m->nbox -= m->nbox > 0;
		break;
	case MD_BLOCK_UL:
	case MD_BLOCK_OL:
		md_flush_context(m, 0);
		if (m->deep_lists > 0)
			m->deep_lists--;
		else
			m->nlists -= m->nlists > 0;
		break;
	case MD_BLOCK_H:
		leave_heading(m);
		break;
	case MD_BLOCK_CODE:
		for (i = 0; i < m->nbox; i++) {
			items += m->box[i] == 'L';
			quotes += m->box[i] == 'Q';
		}
		md_flush(m, BLOCK_CODE, items + quotes, 0);
		m->code = 0;
		break;
	case MD_BLOCK_HTML:
		m->html = 0;
		leave_html(m);
		break;
	case MD_BLOCK_TH:
		inline_span(&m->t, m->cell_start, SPAN_BOLD, 0);
		inline_add_char(&m->t, BIDI_PDI);
		break;
	case MD_BLOCK_TD:
		inline_add_char(&m->t, BIDI_PDI);
		break;
	case MD_BLOCK_TR:
		/* One direction for the whole table, so its columns stay in place. */
		if (m->table_dir == DIR_AUTO)
			m->table_dir = doc_first_strong(m->t.buf, m->t.len);
		m->joined = m->rows++ > 0;
		if ((b = md_flush_context(m, 0)) == NULL)
			m->joined = 0;
		break;
	case MD_BLOCK_TABLE:
		m->in_table = 0;
		doc_table_align(m->doc, m->table_first);
		break;
	case MD_BLOCK_P:
		md_flush_context(m, 0);
		break;
	default:
		break;
	}
	return 0;
}

static int
load(struct doc *doc, const char *buf, size_t len, char **cause)
{
	MD_PARSER parser = {
	    .flags = MD_DIALECT_GITHUB,
	    .enter_block = enter_block,
	    .leave_block = leave_block,
	    .enter_span = md_span_enter,
	    .leave_span = md_span_leave,
	    .text = md_text,
	};
	struct md m = {.doc = doc, .line = 1};
	char *clean = NULL;
	size_t skip;
	int rc = 0;

	/* Tabs stay for md4c, which needs them for indentation; code expands them. */
	if (utf8_clean_prefix(buf, len, 1) < len)
		buf = clean = utf8_sanitize(buf, len, 1, &len);
	m.src = buf;
	m.srclen = len;
	skip = md_front_matter(&m, buf, len);
	if (md_parse(buf + skip, len - skip, &parser, &m) != 0) {
		*cause = xasprintf("%s: the Markdown parser failed", doc->path);
		rc = -1;
	}
	md_flush(&m, BLOCK_PARA, 0, 0);
	inline_free(&m.t);
	free(m.raw);
	free(clean);
	return rc;
}

const struct doc_format doc_format_markdown = {
    .name = "markdown",
    .probe = md_probe,
    .load = load,
};
