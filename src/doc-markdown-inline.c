/*
 * Markdown's inline part: md4c's spans become styles and links, inline raw HTML gives its
 * direction (an isolate around the run: <span dir="rtl">(events)</span> keeps its brackets in
 * an RTL run), styles and links, and entities decode (&lrm; is the mark, not the word).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <md4c.h>

#include "doc.h"
#include "doc-private.h"
#include "doc-markdown.h"
#include "xmalloc.h"

void
md_inline_close(struct md *m, int reopen)
{
	int i;

	for (i = m->nopen - 1; i >= 0; i--) {
		if (m->open[i].style)
			inline_span(&m->t, m->open[i].start, m->open[i].style, m->open[i].link);
		if (m->open[i].close)
			inline_add_char(&m->t, m->open[i].close);
		m->open[i].start = 0;
	}
	if (!reopen)
		m->nopen = 0;
}

void
md_inline_reopen(struct md *m)
{
	int i;

	for (i = 0; i < m->nopen; i++) {
		if (m->open[i].open)
			inline_add_char(&m->t, m->open[i].open);
		m->open[i].start = inline_pos(&m->t);
	}
}

static void
open_span(struct md *m, int style, uint32_t link, uint32_t control, const char *name)
{
	struct md_open *o;

	if (m->nopen == MD_DEPTH) {
		m->deep_open += name[0] == '\0'; /* md4c's spans close in order: count them */
		return;
	}
	if (control != 0)
		inline_add_char(&m->t, control);
	o = &m->open[m->nopen++];
	snprintf(o->name, sizeof o->name, "%s", name);
	o->start = inline_pos(&m->t);
	o->style = style;
	o->link = link;
	o->open = control;
	o->close = control == 0                                 ? 0
	           : control == BIDI_LRO || control == BIDI_RLO ? BIDI_PDF
	                                                        : BIDI_PDI;
}

/* Closes the innermost open thing called name, and what opened inside it. */
static void
close_span(struct md *m, const char *name)
{
	int i;
	struct md_open *o;

	if (name[0] == '\0' && m->deep_open > 0) {
		m->deep_open--;
		return;
	}
	for (i = m->nopen - 1; i >= 0 && strcmp(m->open[i].name, name) != 0; i--)
		;
	while (i >= 0 && m->nopen > i) {
		o = &m->open[--m->nopen];
		if (o->style)
			inline_span(&m->t, o->start, o->style, o->link);
		if (o->close)
			inline_add_char(&m->t, o->close);
	}
}

/* A link target from md4c: its pieces, entities decoded. */
static uint32_t
attr_link(struct md *m, const MD_ATTRIBUTE *a)
{
	struct inline_text u = {0};
	unsigned i;
	uint32_t cp, link;
	size_t off, end;

	for (i = 0; a->substr_offsets[i] < a->size; i++) {
		off = a->substr_offsets[i];
		end = a->substr_offsets[i + 1];
		if (a->substr_types[i] == MD_TEXT_ENTITY &&
		    markup_entity(a->text + off, end - off, &cp))
			inline_add_char(&u, cp);
		else
			inline_add(&u, a->text + off, end - off, INLINE_SPACES);
	}
	link = doc_add_link(m->doc, u.buf ? u.buf : "", u.len);
	inline_free(&u);
	return link;
}

int
md_span_enter(MD_SPANTYPE type, void *detail, void *data)
{
	struct md *m = data;

	switch (type) {
	case MD_SPAN_EM:
		open_span(m, SPAN_ITALIC, 0, 0, "");
		break;
	case MD_SPAN_STRONG:
		open_span(m, SPAN_BOLD, 0, 0, "");
		break;
	case MD_SPAN_U:
		open_span(m, SPAN_UNDERLINE, 0, 0, "");
		break;
	case MD_SPAN_DEL:
		open_span(m, SPAN_STRIKE, 0, 0, "");
		break;
	case MD_SPAN_CODE:
		/* Code is a run of its own: its punctuation must not join the text around it. */
		open_span(m, SPAN_CODE, 0, BIDI_FSI, "");
		break;
	case MD_SPAN_A:
		open_span(m, SPAN_LINK, attr_link(m, &((MD_SPAN_A_DETAIL *)detail)->href), 0, "");
		break;
	case MD_SPAN_WIKILINK:
		open_span(m, SPAN_LINK, attr_link(m, &((MD_SPAN_WIKILINK_DETAIL *)detail)->target),
		          0, "");
		break;
	case MD_SPAN_IMG:
		/*
		 * The image as its description in brackets, a link to its source (U copies it),
		 * isolated so that the brackets pair whatever the text around.
		 */
		if (m->img++ > 0)
			break; /* an image in the description: its words only */
		open_span(m, SPAN_LINK, attr_link(m, &((MD_SPAN_IMG_DETAIL *)detail)->src),
		          BIDI_FSI, "");
		inline_add(&m->t, "[", 1, INLINE_SPACES);
		m->img_start = inline_pos(&m->t);
		break;
	default:
		break;
	}
	return 0;
}

int
md_span_leave(MD_SPANTYPE type, void *detail, void *data)
{
	struct md *m = data;

	(void)detail;
	if (type == MD_SPAN_IMG && --m->img > 0)
		return 0;
	if (type == MD_SPAN_IMG) {
		m->t.space = 0; /* "[alt]", not "[alt ]" */
		if (inline_pos(&m->t) == m->img_start)
			inline_add(&m->t, "image", 5, INLINE_SPACES);
		inline_add(&m->t, "]", 1, INLINE_SPACES);
	}
	if (type != MD_SPAN_LATEXMATH && type != MD_SPAN_LATEXMATH_DISPLAY)
		close_span(m, "");
	return 0;
}

/* A line break the author wants: a block of its own, joined to the one before. */
static void
hard_break(struct md *m)
{
	if (m->heading || m->in_table || m->code) {
		m->t.space = m->t.len > 0;
		return;
	}
	md_flush_context(m, 1);
	m->joined = 1;
}

/* An attribute's value with its entities decoded. */
static void
add_decoded(struct inline_text *u, const char *s, size_t len)
{
	const char *amp, *semi;
	uint32_t cp;

	while ((amp = memchr(s, '&', len)) != NULL) {
		inline_add(u, s, amp - s, INLINE_SPACES);
		len -= amp - s;
		s = amp;
		semi = memchr(s, ';', len < 40 ? len : 40);
		if (semi != NULL && markup_entity(s, semi + 1 - s, &cp)) {
			inline_add_char(u, cp);
			len -= semi + 1 - s;
			s = semi + 1;
		} else {
			inline_add(u, "&", 1, INLINE_SPACES);
			s++;
			len--;
		}
	}
	inline_add(u, s, len, INLINE_SPACES);
}

/* An inline tag: what it says of direction, style or links; the rest is dropped. */
static void
inline_tag(struct md *m, const char *s, size_t len)
{
	static const struct {
		const char *name;
		int style;
	} styles[] = {{"b", SPAN_BOLD},        {"strong", SPAN_BOLD}, {"i", SPAN_ITALIC},
	              {"em", SPAN_ITALIC},     {"cite", SPAN_ITALIC}, {"u", SPAN_UNDERLINE},
	              {"ins", SPAN_UNDERLINE}, {"s", SPAN_STRIKE},    {"del", SPAN_STRIKE},
	              {"strike", SPAN_STRIKE}, {"code", SPAN_CODE},   {"kbd", SPAN_CODE},
	              {"samp", SPAN_CODE},     {"tt", SPAN_CODE},     {"a", 0}};
	struct markup_tag tag;
	int style = 0, dir = -1;
	uint32_t control = 0, link = 0;
	size_t i;

	if (markup_tag(s, len, &tag) == 0 || tag.name[0] == '\0')
		return;
	if (strcmp(tag.name, "br") == 0) {
		hard_break(m);
		return;
	}
	if (tag.close) {
		close_span(m, tag.name);
		return;
	}
	if (tag.empty)
		return;
	for (i = 0; i < sizeof styles / sizeof styles[0]; i++)
		if (strcmp(tag.name, styles[i].name) == 0)
			style = styles[i].style;
	if (strcmp(tag.name, "a") == 0 && tag.has_href) {
		struct inline_text u = {0};

		add_decoded(&u, tag.href, tag.hreflen);
		style = SPAN_LINK;
		link = doc_add_link(m->doc, u.buf ? u.buf : "", u.len);
		inline_free(&u);
	}
	if (tag.has_dir)
		dir = doc_parse_dir(tag.dir, tag.dirlen);
	if (strcmp(tag.name, "bdo") == 0)
		control = dir == DIR_RTL ? BIDI_RLO : dir == DIR_LTR ? BIDI_LRO : 0;
	else if (dir >= 0 || strcmp(tag.name, "bdi") == 0 || style == SPAN_CODE)
		control = dir == DIR_RTL ? BIDI_RLI : dir == DIR_LTR ? BIDI_LRI : BIDI_FSI;
	if (style != 0 || control != 0)
		open_span(m, style, link, control, tag.name);
}

/* Columns of the white space s[0, n) at tab stops of stop. */
static size_t
columns(const char *s, size_t n, size_t stop)
{
	size_t i, col = 0;

	for (i = 0; i < n; i++)
		col = s[i] == '\t' ? (col / stop + 1) * stop : col + 1;
	return col;
}

/*
 * A piece of a code block. md4c gives a line's indentation as spaces of its own, counting
 * tabs to stops of 4 as CommonMark does; it is measured again here at stops of 8, as the
 * rest of the line's tabs are, from the white space the source has before the line's text.
 */
static void
code_text(struct md *m, const char *s, size_t len)
{
	const char *ws;
	size_t have, want;

	if ((s < m->src || s >= m->src + m->srclen) && len > 0 && strspn(s, " ") >= len) {
		m->indent += len; /* md4c's spaces: wait for the text they stand before */
		return;
	}
	if (m->indent > 0 && s >= m->src && s < m->src + m->srclen) {
		for (ws = s; ws > m->src && (ws[-1] == ' ' || ws[-1] == '\t'); ws--)
			;
		have = columns(ws, s - ws, 4);
		want = columns(ws, s - ws, 8);
		/* What md4c left out is the indentation of the block itself. */
		m->indent = have >= m->indent && want >= have - m->indent
		                ? want - (have - m->indent)
		                : m->indent;
	}
	for (; m->indent > 0; m->indent--)
		inline_add(&m->t, " ", 1, INLINE_VERBATIM);
	inline_add(&m->t, s, len, INLINE_VERBATIM);
}

static void
add_raw(struct md *m, const char *s, size_t len)
{
	if (m->rawlen + len + 1 > m->rawcap) {
		m->rawcap = (m->rawlen + len + 1) * 2;
		m->raw = xreallocarray(m->raw, m->rawcap, 1);
	}
	memcpy(m->raw + m->rawlen, s, len);
	m->rawlen += len;
}

int
md_text(MD_TEXTTYPE type, const MD_CHAR *s, MD_SIZE len, void *data)
{
	struct md *m = data;
	uint32_t cp;

	if (m->html) {
		if (m->rawline == 0)
			m->rawline = md_line_at(m, s);
		add_raw(m, s, len);
		return 0;
	}
	if (m->t.len == 0 && m->t.line == 0)
		m->t.line = md_line_at(m, s);
	switch (type) {
	case MD_TEXT_NORMAL:
	case MD_TEXT_LATEXMATH:
		inline_add(&m->t, s, len, INLINE_COLLAPSE);
		break;
	case MD_TEXT_CODE:
		if (m->code)
			code_text(m, s, len);
		else
			inline_add(&m->t, s, len, INLINE_SPACES);
		break;
	case MD_TEXT_NULLCHAR:
		inline_add_char(&m->t, 0xFFFD);
		break;
	case MD_TEXT_BR:
		hard_break(m);
		break;
	case MD_TEXT_SOFTBR:
		/* A heading or a table cell is one line whatever its source. */
		if (m->heading || m->in_table)
			inline_add(&m->t, " ", 1, INLINE_COLLAPSE);
		else
			inline_line_end(&m->t);
		break;
	case MD_TEXT_ENTITY:
		if (markup_entity(s, len, &cp))
			inline_add_char(&m->t, cp);
		else
			inline_add(&m->t, s, len, INLINE_COLLAPSE);
		break;
	case MD_TEXT_HTML:
		inline_tag(m, s, len);
		break;
	}
	return 0;
}
