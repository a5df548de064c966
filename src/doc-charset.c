/*
 * Documents that are not in UTF-8: byte order marks, the charset an HTML page declares (the
 * HTML standard's prescan, roughly), and conversion to UTF-8 with iconv. Which of them applies
 * to a file is doc.c's to decide; every later stage sees UTF-8 only.
 */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "doc.h"
#include "doc-private.h"
#include "utf8.h"
#include "xmalloc.h"

/* A declaration further into a page is too late: the standard's prescan stops there too. */
#define PRESCAN_BYTES 1024
/* No charset label is longer; anything longer is not one. */
#define LABEL_MAX 40

/*
 * Labels glibc does not know, or reads otherwise than browsers do, and what they mean (the
 * WHATWG Encoding standard): pages labelled ISO-8859-1 or ASCII are windows-1252 in practice
 * (curly quotes, not C1 controls), and the -i/-e of the Hebrew and Arabic ISO charsets say
 * something of the order of the text, nothing of its bytes.
 */
static const struct alias {
	const char *label, *name;
} aliases[] = {
    {"ascii", "WINDOWS-1252"},      {"us-ascii", "WINDOWS-1252"},   {"iso-8859-1", "WINDOWS-1252"},
    {"iso8859-1", "WINDOWS-1252"},  {"iso88591", "WINDOWS-1252"},   {"iso_8859-1", "WINDOWS-1252"},
    {"latin1", "WINDOWS-1252"},     {"l1", "WINDOWS-1252"},         {"x-cp1252", "WINDOWS-1252"},
    {"iso-8859-6-e", "ISO-8859-6"}, {"iso-8859-6-i", "ISO-8859-6"}, {"csiso88596e", "ISO-8859-6"},
    {"csiso88596i", "ISO-8859-6"},  {"iso-8859-8-e", "ISO-8859-8"}, {"iso-8859-8-i", "ISO-8859-8"},
    {"csiso88598e", "ISO-8859-8"},  {"csiso88598i", "ISO-8859-8"},  {"logical", "ISO-8859-8"},
    {"visual", "ISO-8859-8"},
};

static const char *const utf8_labels[] = {
    "utf-8", "utf8", "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "x-unicode20utf8",
};

static int
is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

static int
is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

int
doc_charset_utf8(const char *label)
{
	size_t i;

	for (i = 0; i < sizeof utf8_labels / sizeof utf8_labels[0]; i++)
		if (strcasecmp(label, utf8_labels[i]) == 0)
			return 1;
	return 0;
}

/*
 * The name to give iconv for label, or NULL when label cannot be a charset's name: iconv must
 * not see "//TRANSLIT" or "//IGNORE" suffixes, or a path, from a file.
 */
static const char *
iconv_name(const char *label)
{
	size_t i, n = strlen(label);
	unsigned char c;

	if (n == 0 || n > LABEL_MAX)
		return NULL;
	for (i = 0; i < n; i++) {
		c = label[i];
		if (!is_alpha(c) && !(c >= '0' && c <= '9') && strchr("-_.:()", c) == NULL)
			return NULL;
	}
	for (i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
		if (strcasecmp(label, aliases[i].label) == 0)
			return aliases[i].name;
	return label;
}

int
doc_charset_known(const char *label)
{
	const char *name;
	iconv_t cd;

	if (doc_charset_utf8(label))
		return 1;
	if ((name = iconv_name(label)) == NULL || (cd = iconv_open("UTF-8", name)) == (iconv_t)-1)
		return 0;
	iconv_close(cd);
	return 1;
}

const char *
doc_charset_bom(const char *buf, size_t len, size_t *bomlen)
{
	*bomlen = 0;
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
		*bomlen = 3;
		return "UTF-8";
	}
	if (len >= 2 && memcmp(buf, "\xFF\xFE", 2) == 0) {
		*bomlen = 2;
		return "UTF-16LE";
	}
	if (len >= 2 && memcmp(buf, "\xFE\xFF", 2) == 0) {
		*bomlen = 2;
		return "UTF-16BE";
	}
	return NULL;
}

/* The bytes of a UTF-8 sequence that starts with lead byte c (0xC2 to 0xF4). */
static size_t
seq_len(unsigned char c)
{
	return c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

int
doc_charset_is_utf8(const char *buf, size_t len)
{
	const unsigned char *p = (const unsigned char *)buf;
	size_t i = 0, j, n;
	uint32_t cp;

	while (i < len) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		if ((n = utf8_decode(p + i, len - i, &cp)) == 1) {
			/* A file cut short in its last character is UTF-8 all the same. */
			if (p[i] < 0xC2 || p[i] > 0xF4 || len - i >= seq_len(p[i]))
				return 0;
			for (j = i + 1; j < len; j++)
				if ((p[j] & 0xC0) != 0x80)
					return 0;
			return 1;
		}
		i += n;
	}
	return 1;
}

/* An attribute as the prescan reads it: the name lowercased, the value as written. */
struct attr {
	char name[16]; /* longer names are none the prescan looks for: kept empty */
	const char *value;
	size_t valuelen;
};

/*
 * The next attribute of a tag from s[*pos] ("get an attribute" in the HTML standard); 0 at the
 * tag's end (left at its '>') or at the end of the bytes.
 */
static int
get_attr(const char *s, size_t n, size_t *pos, struct attr *a)
{
	size_t i = *pos, namelen = 0;
	int toolong = 0;
	char q;

	while (i < n && (is_space(s[i]) || s[i] == '/'))
		i++;
	if (i >= n || s[i] == '>') {
		*pos = i;
		return 0;
	}
	a->value = NULL;
	a->valuelen = 0;
	for (; i < n; i++) {
		if (s[i] == '=' && namelen + toolong > 0)
			break;
		if (is_space(s[i]) || s[i] == '/' || s[i] == '>')
			break;
		if (namelen + 1 < sizeof a->name)
			a->name[namelen++] = s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i];
		else
			toolong = 1;
	}
	a->name[toolong ? 0 : namelen] = '\0';
	while (i < n && is_space(s[i]))
		i++;
	if (i >= n || s[i] != '=') {
		*pos = i;
		return i < n;
	}
	i++;
	while (i < n && is_space(s[i]))
		i++;
	if (i < n && (s[i] == '"' || s[i] == '\'')) {
		q = s[i++];
		a->value = s + i;
		while (i < n && s[i] != q)
			i++;
		a->valuelen = s + i - a->value;
		*pos = i + 1;
		return i < n;
	}
	a->value = s + i;
	while (i < n && !is_space(s[i]) && s[i] != '>')
		i++;
	a->valuelen = s + i - a->value;
	*pos = i;
	return i < n;
}

/* A new string: the label in s (len bytes), white space around it trimmed; NULL when empty. */
static char *
label_dup(const char *s, size_t len)
{
	markup_trim(&s, &len);
	return len > 0 && len <= LABEL_MAX ? xstrndup(s, len) : NULL;
}

/* The charset in the content of a meta http-equiv ("text/html; charset=..."), or NULL. */
static char *
content_charset(const char *s, size_t n)
{
	size_t i = 0, start;
	char q;

	for (;;) {
		while (i + 7 <= n && strncasecmp(s + i, "charset", 7) != 0)
			i++;
		if (i + 7 > n)
			return NULL;
		i += 7;
		while (i < n && is_space(s[i]))
			i++;
		if (i < n && s[i] == '=')
			break;
	}
	i++;
	while (i < n && is_space(s[i]))
		i++;
	if (i >= n)
		return NULL;
	if (s[i] == '"' || s[i] == '\'') {
		q = s[i];
		start = ++i;
		while (i < n && s[i] != q)
			i++;
		return i < n ? label_dup(s + start, i - start) : NULL;
	}
	for (start = i; i < n && !is_space(s[i]) && s[i] != ';'; i++)
		;
	return label_dup(s + start, i - start);
}

/*
 * Whether the charset writes ASCII as ASCII, as a page whose declaration the prescan could read
 * does: UTF-32 or EBCDIC are not what such a page is in.
 */
static int
ascii_compatible(const char *label)
{
	static const char probe[] = "<meta charset=\"x\">";
	const char *name = iconv_name(label);
	char out[64], *in = (char *)probe, *o = out;
	size_t left = sizeof probe - 1, room = sizeof out;
	iconv_t cd;
	int same;

	if (name == NULL || (cd = iconv_open("UTF-8", name)) == (iconv_t)-1)
		return 0;
	same = iconv(cd, &in, &left, &o, &room) != (size_t)-1 &&
	       (size_t)(o - out) == sizeof probe - 1 && memcmp(out, probe, sizeof probe - 1) == 0;
	iconv_close(cd);
	return same;
}

/*
 * What a declared label stands for, as the standard says: a page read as ASCII cannot be in
 * UTF-16, and x-user-defined means windows-1252. Takes label; NULL when it names nothing iconv
 * knows that such a page could be in, so the prescan goes on.
 */
static char *
declared(char *label)
{
	if (label == NULL)
		return NULL;
	if (strncasecmp(label, "utf-16", 6) == 0) {
		free(label);
		return xstrdup("UTF-8");
	}
	if (strcasecmp(label, "x-user-defined") == 0) {
		free(label);
		return xstrdup("windows-1252");
	}
	if (doc_charset_utf8(label) || ascii_compatible(label))
		return label;
	free(label);
	return NULL;
}

/* The charset of the meta element whose attributes start at s[*pos], or NULL. */
static char *
meta_charset(const char *s, size_t n, size_t *pos)
{
	struct attr a;
	char *charset = NULL;
	int need_pragma = -1, got_pragma = 0, seen = 0;

	while (get_attr(s, n, pos, &a)) {
		/* The first of attributes of the same name counts. */
		if (strcmp(a.name, "http-equiv") == 0 && !(seen & 1)) {
			seen |= 1;
			got_pragma =
			    a.valuelen == 12 && strncasecmp(a.value, "content-type", 12) == 0;
		} else if (strcmp(a.name, "content") == 0 && !(seen & 2)) {
			seen |= 2;
			if (charset == NULL &&
			    (charset = content_charset(a.value, a.valuelen)) != NULL)
				need_pragma = 1;
		} else if (strcmp(a.name, "charset") == 0 && !(seen & 4)) {
			seen |= 4;
			free(charset);
			charset = label_dup(a.value, a.valuelen);
			need_pragma = 0;
		}
	}
	if (need_pragma == -1 || (need_pragma == 1 && !got_pragma)) {
		free(charset);
		return NULL;
	}
	return declared(charset);
}

/* The encoding of an XML declaration at the start of s, or NULL. */
static char *
xml_encoding(const char *s, size_t n)
{
	struct attr a;
	size_t pos = 5;

	if (n < 6 || strncmp(s, "<?xml", 5) != 0 || !is_space(s[5]))
		return NULL;
	while (get_attr(s, n, &pos, &a))
		if (strcmp(a.name, "encoding") == 0)
			return declared(label_dup(a.value, a.valuelen));
	return NULL;
}

/* Moves *pos past the next '>' from it, or to n. */
static void
skip_to_gt(const char *s, size_t n, size_t *pos)
{
	const char *gt = memchr(s + *pos, '>', n - *pos);

	*pos = gt != NULL ? (size_t)(gt - s) + 1 : n;
}

char *
doc_charset_html(const char *buf, size_t len)
{
	size_t n = len < PRESCAN_BYTES ? len : PRESCAN_BYTES, i = 0, k;
	char *found;
	struct attr a;

	while (i < n) {
		if (buf[i] != '<') {
			i++;
			continue;
		}
		if (n - i >= 4 && memcmp(buf + i, "<!--", 4) == 0) {
			/* The "--" of "-->" may be those of "<!--", as in "<!-->". */
			for (k = i + 2; k + 3 <= n && memcmp(buf + k, "-->", 3) != 0; k++)
				;
			i = k + 3;
		} else if (n - i >= 6 && strncasecmp(buf + i, "<meta", 5) == 0 &&
		           (is_space(buf[i + 5]) || buf[i + 5] == '/')) {
			i += 5;
			if ((found = meta_charset(buf, n, &i)) != NULL)
				return found;
		} else if (n - i >= 2 &&
		           (is_alpha(buf[i + 1]) ||
		            (buf[i + 1] == '/' && n - i >= 3 && is_alpha(buf[i + 2])))) {
			/* Another tag: its attributes are skipped whole, a "<meta" in them too. */
			while (i < n && !is_space(buf[i]) && buf[i] != '>')
				i++;
			while (get_attr(buf, n, &i, &a))
				;
		} else if (n - i >= 2 &&
		           (buf[i + 1] == '!' || buf[i + 1] == '/' || buf[i + 1] == '?'))
			skip_to_gt(buf, n, &i);
		else
			i++;
	}
	/* Not HTML's own way, but an XHTML page may say it no other way. */
	return xml_encoding(buf, n);
}

/* Doubles the output buffer, up to max bytes and room for one more character and the NUL. */
static int
grow(char **out, size_t *cap, size_t max)
{
	if (*cap >= max + 16)
		return -1;
	*cap = *cap > (max + 16) / 2 ? max + 16 : *cap * 2;
	*out = xreallocarray(*out, *cap, 1);
	return 0;
}

/*
 * Lets out what a stateful decoder holds back (windows-1255 keeps a letter until it knows no
 * point follows it) and starts it afresh.
 */
static int
flush(iconv_t cd, char **out, size_t *olen, size_t *cap, size_t max)
{
	char *o;
	size_t room, r;

	for (;;) {
		o = *out + *olen;
		room = *cap - *olen - 1; /* the NUL */
		r = iconv(cd, NULL, NULL, &o, &room);
		*olen = o - *out;
		if (r != (size_t)-1 || errno != E2BIG)
			return 0;
		if (grow(out, cap, max) != 0)
			return -1;
	}
}

/* Bytes to skip past an invalid sequence: one, or a code unit in UTF-16 and UTF-32. */
static size_t
code_unit(const char *name)
{
	if (strncasecmp(name, "UTF-16", 6) == 0 || strncasecmp(name, "UTF16", 5) == 0 ||
	    strncasecmp(name, "UCS-2", 5) == 0 || strncasecmp(name, "UCS2", 4) == 0)
		return 2;
	if (strncasecmp(name, "UTF-32", 6) == 0 || strncasecmp(name, "UTF32", 5) == 0 ||
	    strncasecmp(name, "UCS-4", 5) == 0 || strncasecmp(name, "UCS4", 4) == 0)
		return 4;
	return 1;
}

char *
doc_charset_convert(const char *buf, size_t len, const char *label, size_t max, size_t *outlen,
                    char **cause)
{
	const char *name = iconv_name(label);
	iconv_t cd = name != NULL ? iconv_open("UTF-8", name) : (iconv_t)-1;
	size_t cap, olen = 0, left = len, room, unit, r;
	char *out, *in = (char *)buf, *o;

	if (cd == (iconv_t)-1) {
		*cause = xasprintf("unknown encoding '%s'", label);
		return NULL;
	}
	unit = code_unit(name);
	/* Arabic or Hebrew letters take two bytes in UTF-8: mostly one allocation. */
	cap = len < (max + 16) / 2 - 32 ? len * 2 + 64 : max + 16;
	out = xmalloc(cap);
	while (left > 0) {
		o = out + olen;
		room = cap - olen - 1; /* the NUL */
		r = iconv(cd, &in, &left, &o, &room);
		olen = o - out;
		if (r != (size_t)-1)
			break;
		if (errno == E2BIG) {
			if (grow(&out, &cap, max) != 0)
				goto too_large;
			continue;
		}
		/* EILSEQ or EINVAL: invalid, or cut short by the end of the input. */
		if (flush(cd, &out, &olen, &cap, max) != 0 ||
		    (cap - olen < 4 && grow(&out, &cap, max) != 0))
			goto too_large;
		memcpy(out + olen, "\xEF\xBF\xBD", 3);
		olen += 3;
		r = unit < left ? unit : left;
		in += r;
		left -= r;
	}
	if (flush(cd, &out, &olen, &cap, max) != 0)
		goto too_large;
	if (olen > max)
		goto too_large;
	iconv_close(cd);
	out[olen] = '\0';
	*outlen = olen;
	return out;
too_large:
	iconv_close(cd);
	free(out);
	if (max % ((size_t)1 << 30) == 0)
		*cause =
		    xasprintf("file too large once converted to UTF-8 (over %zu GiB)", max >> 30);
	else
		*cause = xasprintf("file too large once converted to UTF-8 (over %zu bytes)", max);
	return NULL;
}
