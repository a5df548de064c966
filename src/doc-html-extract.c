/*
 * The article in a web page, in the spirit of Readability and boilerpipe (our own code): every
 * paragraph-like element with some text gives its ancestors points for its length and its
 * punctuation (Latin, Arabic and CJK commas), an ancestor's class and id move its score up
 * (article, content, story) or down (nav, comment, related), and a score is cut by the share of
 * its text that is links. The best candidate is kept with those of its siblings that look like
 * more of it; then what is left inside that looks like furniture (link lists, share bars, ads)
 * goes. Page furniture that names itself (menus, sidebars, comments) is taken out before any
 * scoring. The title is the page's own metadata (JSON-LD, Dublin Core, Open Graph) else its
 * <title> with the site's name taken off.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "doc.h"
#include "doc-private.h"
#include "doc-html.h"
#include "utf8.h"
#include "xmalloc.h"

/*
 * Less text than this in the part kept, or less than EXTRACT_SHORT_CHARS that is not a quarter
 * of the page: a front page or a list, read whole.
 */
#define EXTRACT_MIN_CHARS   250
#define EXTRACT_SHORT_CHARS 500

struct score {
	double points;
	int candidate;
};

struct scores {
	struct score *all;
	size_t n, cap;
};

static int
is(xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && strcasecmp((const char *)n->name, name) == 0;
}

static int
is_any(xmlNode *n, const char *const *names)
{
	for (; *names != NULL; names++)
		if (is(n, *names))
			return 1;
	return 0;
}

static const char *const unread[] = {"script", "style", "noscript", "template", "svg", NULL};

/* Characters (not bytes) of text under n, and of it inside links. */
static void
count_text(xmlNode *n, size_t *chars, size_t *linked, int in_link)
{
	xmlNode *c;
	const unsigned char *s;

	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		size_t k = 0;
		int space = 1;

		for (s = n->content; s != NULL && *s != '\0'; s++) {
			if ((*s & 0xC0) == 0x80)
				continue;
			if (isspace(*s)) {
				k += !space;
				space = 1;
			} else {
				k++;
				space = 0;
			}
		}
		*chars += k;
		if (in_link)
			*linked += k;
		return;
	}
	if (n->type != XML_ELEMENT_NODE || is_any(n, unread))
		return;
	in_link = in_link || is(n, "a");
	for (c = n->children; c != NULL; c = c->next)
		count_text(c, chars, linked, in_link);
}

static size_t
text_chars(xmlNode *n)
{
	size_t chars = 0, linked = 0;

	count_text(n, &chars, &linked, 0);
	return chars;
}

static double
link_density(xmlNode *n)
{
	size_t chars = 0, linked = 0;

	count_text(n, &chars, &linked, 0);
	return chars > 0 ? (double)linked / (double)chars : 0;
}

/* Commas and their kin under n: each is a clause, the mark of prose. */
static size_t
commas(xmlNode *n)
{
	static const char *const marks[] = {",", "\u060C", "\uFF0C", "\u3001", "\u061B", NULL};
	size_t count = 0;
	xmlNode *c;

	if (n->type == XML_TEXT_NODE && n->content != NULL) {
		for (const char *const *m = marks; *m != NULL; m++)
			for (const char *p = (const char *)n->content; (p = strstr(p, *m)) != NULL;
			     p += strlen(*m))
				count++;
		return count;
	}
	if (n->type != XML_ELEMENT_NODE || is_any(n, unread))
		return 0;
	for (c = n->children; c != NULL; c = c->next)
		count += commas(c);
	return count;
}

/* n's class and id, lower case, a new string. */
static char *
names_of(xmlNode *n)
{
	char *class = html_attr(n, "class"), *id = html_attr(n, "id"), *s, *p;

	s = xasprintf(" %s %s ", class != NULL ? class : "", id != NULL ? id : "");
	for (p = s; *p != '\0'; p++)
		*p = tolower((unsigned char)*p);
	xmlFree(class);
	xmlFree(id);
	return s;
}

/* Whether s holds word as a whole token: between spaces, dashes or underscores. */
static int
has_token(const char *s, const char *word)
{
	size_t k = strlen(word);
	const char *p;

	for (p = s; (p = strstr(p, word)) != NULL; p++) {
		int before = p == s || strchr(" -_", p[-1]) != NULL;
		int after = p[k] == '\0' || strchr(" -_0123456789", p[k]) != NULL;

		if (before && after)
			return 1;
	}
	return 0;
}

/* Names that say furniture wherever they occur in a class or id. */
static const char *const bad_parts[] = {
    "comment",  "sidebar",      "related",    "social",   "footer",     "menu",
    "navbar",   "navigat",      "breadcrumb", "promo",    "banner",     "widget",
    "subscri",  "newsletter",   "sponsor",    "popup",    "cookie",     "share",
    "disqus",   "pagination",   "masthead",   "outbrain", "taboola",    "recommend",
    "trending", "most-read",    "mostread",   "signup",   "skyscraper", "advert",
    "tags",     "byline-share", "toolbar",    "tolinks",  NULL};
/* Short names that say it only as a whole token. */
static const char *const bad_tokens[] = {"ad",   "ads",     "nav",   "gallery", "rail",  "aside",
                                         "meta", "extra",   "print", "hidden",  "modal", "teaser",
                                         "more", "related", "tags",  "video",   NULL};
/* Names that say the text, in English and in Arabic sites' transliterations. */
static const char *const good_parts[] = {
    "article", "content", "story", "entry",  "post-body", "hentry", "main",   "body",
    "text",    "blog",    "maqal", "khabar", "matn",      "nass",   "detail", NULL};
static const char *const good_tokens[] = {"post", "page", NULL};

static int
names_bad(const char *s)
{
	for (const char *const *p = bad_parts; *p != NULL; p++)
		if (strstr(s, *p) != NULL)
			return 1;
	for (const char *const *p = bad_tokens; *p != NULL; p++)
		if (has_token(s, *p))
			return 1;
	return 0;
}

static int
names_good(const char *s)
{
	for (const char *const *p = good_parts; *p != NULL; p++)
		if (strstr(s, *p) != NULL)
			return 1;
	for (const char *const *p = good_tokens; *p != NULL; p++)
		if (has_token(s, *p))
			return 1;
	return 0;
}

/* What n's class and id say of it: positive for the text, negative for furniture. */
static int
class_weight(xmlNode *n)
{
	char *s = names_of(n);
	int w = (names_good(s) ? 25 : 0) - (names_bad(s) ? 25 : 0);

	free(s);
	return w;
}

static void
drop(xmlNode *n)
{
	xmlUnlinkNode(n);
	xmlFreeNode(n);
}

/* Whether n, by its role, class or id, is page furniture that may go before any scoring. */
static int
furniture(xmlNode *n)
{
	static const char *const roles[] = {"navigation",    "menu",        "menubar",
	                                    "complementary", "dialog",      "alertdialog",
	                                    "banner",        "contentinfo", NULL};
	static const char *const keep[] = {"body",  "html",  "main", "article", "a",
	                                   "table", "tbody", "tr",   "td",      "th",
	                                   "code",  "pre",   NULL};
	char *role, *s;
	int bad;

	if (is_any(n, keep))
		return 0;
	if (is(n, "nav") || is(n, "aside") || is(n, "footer"))
		return 1;
	if ((role = html_attr(n, "role")) != NULL) {
		bad = 0;
		for (const char *const *r = roles; *r != NULL && !bad; r++)
			bad = strcasecmp(role, *r) == 0;
		xmlFree(role);
		if (bad)
			return 1;
	}
	s = names_of(n);
	/* "comments-and-content", "main-menu-wrapper": a wrapper that says both stays. */
	bad = names_bad(s) && !names_good(s);
	free(s);
	return bad;
}

/* Takes out what never shows and what names itself furniture. */
static void
strip(xmlNode *n)
{
	xmlNode *c, *next;

	for (c = n->children; c != NULL; c = next) {
		next = c->next;
		if (c->type == XML_COMMENT_NODE) {
			drop(c);
			continue;
		}
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (xmlHasProp(c, (const xmlChar *)"hidden") != NULL || html_style_hidden(c) ||
		    is_any(c, unread) || furniture(c)) {
			drop(c);
			continue;
		}
		strip(c);
	}
}

static struct score *
score_of(struct scores *sc, xmlNode *n)
{
	size_t i = (size_t)(uintptr_t)n->_private;

	if (i == 0) {
		static const char *const good[] = {"div", "article", "main", "section", NULL};
		static const char *const so[] = {"pre", "td", "blockquote", NULL};
		static const char *const poor[] = {"address", "ol", "ul",   "dl", "dd",
		                                   "dt",      "li", "form", NULL};
		static const char *const bad[] = {"h1", "h2", "h3", "h4", "h5", "h6", "th", NULL};
		struct score *s;

		if (sc->n == sc->cap) {
			sc->cap = sc->cap ? sc->cap * 2 : 64;
			sc->all = xreallocarray(sc->all, sc->cap, sizeof *sc->all);
		}
		s = &sc->all[sc->n++];
		s->candidate = 1;
		s->points = class_weight(n);
		s->points += is_any(n, good)   ? 5
		             : is_any(n, so)   ? 3
		             : is_any(n, poor) ? -3
		             : is_any(n, bad)  ? -5
		                               : 0;
		if (is(n, "article"))
			s->points += 10; /* the page says so, though a teaser box says it too */
		n->_private = (void *)(uintptr_t)sc->n;
		return s;
	}
	return &sc->all[i - 1];
}

static const char *const block_names[] = {
    "p",  "div", "section", "article", "main",       "header", "address", "figure", "dl",
    "ul", "ol",  "table",   "pre",     "blockquote", "h1",     "h2",      "h3",     "h4",
    "h5", "h6",  "aside",   "form",    "fieldset",   "center", "details", NULL};

static int
has_block_child(xmlNode *n)
{
	xmlNode *c;

	for (c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE && is_any(c, block_names))
			return 1;
	return 0;
}

/* Gives the ancestors of each paragraph-like element under n its points. */
static void
score_paragraphs(struct scores *sc, xmlNode *n)
{
	static const char *const paras[] = {"p", "pre", "td", "blockquote", NULL};
	xmlNode *c, *a;
	size_t chars;
	double points;
	int level;

	for (c = n->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (!(is_any(c, paras) ||
		      ((is(c, "div") || is(c, "section")) && !has_block_child(c)))) {
			score_paragraphs(sc, c);
			continue;
		}
		if (is(c, "td") || is(c, "blockquote"))
			score_paragraphs(sc, c); /* a layout table's cell holds the paragraphs */
		if ((chars = text_chars(c)) < 25)
			continue;
		points = 1 + (double)commas(c) + (chars > 300 ? 3 : (double)chars / 100);
		for (a = c->parent, level = 0;
		     a != NULL && a->type == XML_ELEMENT_NODE && level < 5;
		     a = a->parent, level++) {
			if (is(a, "html"))
				break;
			score_of(sc, a)->points += points / (level == 0   ? 1
			                                     : level == 1 ? 2
			                                                  : level * 3);
		}
	}
}

/* The best candidate under n, its score cut by its links. */
static void
best(struct scores *sc, xmlNode *n, xmlNode **top, double *most)
{
	xmlNode *c;
	double s;

	for (c = n->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (c->_private != NULL) {
			s = score_of(sc, c)->points * (1 - link_density(c));
			if (*top == NULL || s > *most) {
				*top = c;
				*most = s;
			}
		}
		best(sc, c, top, most);
	}
}

static double
final_score(struct scores *sc, xmlNode *n)
{
	return n->_private != NULL ? score_of(sc, n)->points * (1 - link_density(n)) : 0;
}

/* Whether a sibling of the best candidate reads as more of the article. */
static int
sibling_kept(struct scores *sc, xmlNode *top, xmlNode *s, double threshold)
{
	double bonus = 0, density;
	size_t chars;
	char *a, *b;

	if (s == top)
		return 1;
	a = html_attr(top, "class");
	b = html_attr(s, "class");
	/* Made by the same template as the best: the next step, the next page of it. */
	if (a != NULL && b != NULL && *a != '\0' && strcmp(a, b) == 0 && link_density(s) < 0.3)
		bonus = threshold;
	xmlFree(a);
	xmlFree(b);
	if (bonus > 0 && text_chars(s) > 0)
		return 1;
	if (s->_private != NULL && final_score(sc, s) + bonus >= threshold)
		return 1;
	if (!is(s, "p"))
		return 0;
	chars = text_chars(s);
	density = link_density(s);
	if (chars > 80 && density < 0.25)
		return 1;
	if (chars > 0 && chars <= 80 && density == 0) {
		char *t = (char *)xmlNodeGetContent(s);
		int sentence = t != NULL && (strstr(t, ". ") != NULL || strstr(t, "\u06D4") ||
		                             strstr(t, "\u061F") || t[strlen(t) - 1] == '.');

		xmlFree(t);
		return sentence;
	}
	return 0;
}

static size_t
count_named(xmlNode *n, const char *name)
{
	size_t k = is(n, name);
	xmlNode *c;

	for (c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			k += count_named(c, name);
	return k;
}

/* Whether an element inside the article is furniture after all, by what it holds. */
static int
suspect(xmlNode *n)
{
	static const char *const kinds[] = {"div",  "section", "ul", "ol",
	                                    "form", "header",  "dl", NULL};
	int weight;
	size_t chars, p, img, li, input;
	double density;

	if (!is_any(n, kinds))
		return 0;
	weight = class_weight(n);
	if (weight < 0)
		return 1;
	if (commas(n) >= 10)
		return 0;
	chars = text_chars(n);
	density = link_density(n);
	p = count_named(n, "p");
	img = count_named(n, "img");
	li = count_named(n, "li");
	input = count_named(n, "input");
	if (is(n, "ul") || is(n, "ol"))
		return density > 0.5 || (li > 0 && chars / li < 20 && density > 0.3);
	if (input > p / 3 + 1)
		return 1;
	if (img > 1 && (double)p / (double)img < 0.5 && chars < 200)
		return 1;
	if (li > p + 3 && density > 0.3)
		return 1;
	if (weight < 25 && density > 0.3 && chars > 0)
		return 1;
	if (weight >= 25 && density > 0.5)
		return 1;
	return chars < 25 && img == 0 && count_named(n, "table") == 0 &&
	       count_named(n, "math") == 0 && count_named(n, "pre") == 0 && p == 0 &&
	       count_named(n, "h1") + count_named(n, "h2") + count_named(n, "h3") == 0;
}

static void
clean(xmlNode *n)
{
	xmlNode *c, *next;

	for (c = n->children; c != NULL; c = next) {
		next = c->next;
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (suspect(c))
			drop(c);
		else
			clean(c);
	}
}

static void
forget(xmlNode *n)
{
	xmlNode *c;

	n->_private = NULL;
	for (c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			forget(c);
}

static int
too_little(size_t kept, size_t page)
{
	return kept < EXTRACT_MIN_CHARS || (kept < EXTRACT_SHORT_CHARS && kept < page / 4);
}

/* Whether an element beside n has n's class and some text that is not links. */
static int
has_twin(xmlNode *n)
{
	char *mine = html_attr(n, "class"), *theirs;
	xmlNode *c;
	int twin = 0;

	if (mine == NULL || *mine == '\0' || n->parent == NULL) {
		xmlFree(mine);
		return 0;
	}
	for (c = n->parent->children; c != NULL && !twin; c = c->next) {
		if (c == n || c->type != XML_ELEMENT_NODE)
			continue;
		theirs = html_attr(c, "class");
		twin = theirs != NULL && strcmp(mine, theirs) == 0 && text_chars(c) >= 25 &&
		       link_density(c) < 0.3;
		xmlFree(theirs);
	}
	xmlFree(mine);
	return twin;
}

/* Whether n is all its parent holds, white space aside. */
static int
only_child(xmlNode *n)
{
	xmlNode *c;

	for (c = n->parent->children; c != NULL; c = c->next) {
		if (c == n || c->type == XML_COMMENT_NODE)
			continue;
		if (c->type != XML_TEXT_NODE || c->content == NULL ||
		    strspn((const char *)c->content, " \t\r\n") < strlen((const char *)c->content))
			return 0;
	}
	return 1;
}

xmlNode *
html_extract(xmlNode *html)
{
	struct scores sc = {0};
	xmlNode *body = html_find(html, "body"), *top = NULL, *box, *s, *next, *parent;
	double most = 0, threshold;
	size_t page, kept;
	int close;

	if (body == NULL)
		return NULL;
	strip(body);
	page = text_chars(body);
	score_paragraphs(&sc, body);
	best(&sc, body, &top, &most);
	/* The paragraphs are the body's own children: the body is the article. */
	if (top != NULL && body->_private != NULL && final_score(&sc, body) > most * 1.5) {
		forget(html);
		free(sc.all);
		clean(body);
		return too_little(text_chars(body), page) ? NULL : body;
	}
	if (top == NULL) {
		forget(html);
		free(sc.all);
		return NULL;
	}
	/* A parent that scores more than its best child holds more of the article than it. */
	{
		double last = most, floor = most / 3, ps;

		for (parent = top->parent;
		     parent != NULL && !is(parent, "body") && !is(parent, "html");
		     parent = parent->parent) {
			if (parent->_private == NULL)
				continue;
			if ((ps = final_score(&sc, parent)) < floor)
				break;
			if (ps > last) {
				top = parent;
				break;
			}
			last = ps;
		}
	}
	/* A lone child says no more than its parent, whose siblings may be the rest of it. */
	while (top->parent != NULL && !is(top->parent, "body") && only_child(top))
		top = top->parent;
	/* Several close candidates under one parent: that parent is the article. */
	parent = top->parent;
	if (parent != NULL && !is(parent, "body")) {
		close = 0;
		for (s = parent->children; s != NULL; s = s->next)
			if (s != top && s->type == XML_ELEMENT_NODE && s->_private != NULL &&
			    final_score(&sc, s) >= most * 0.75)
				close++;
		if (close >= 2)
			top = parent;
	}
	/* An ancestor with a twin beside it (the next step of a how-to) is where the article is. */
	for (parent = top, close = 0; parent != NULL && close < 3 && !is(parent, "body");
	     parent = parent->parent, close++)
		if (has_twin(parent)) {
			top = parent;
			break;
		}
	threshold = final_score(&sc, top) * 0.2;
	if (threshold < 10)
		threshold = 10;
	box = xmlNewNode(NULL, (const xmlChar *)"div");
	xmlAddPrevSibling(top, box);
	for (s = box->parent->children; s != NULL; s = next) {
		next = s->next;
		if (s == box || s->type != XML_ELEMENT_NODE ||
		    !sibling_kept(&sc, top, s, threshold))
			continue;
		xmlUnlinkNode(s);
		/* A layout table's cell, out of its row, is a block like any other. */
		if (is(s, "td") || is(s, "th") || is(s, "tr"))
			xmlNodeSetName(s, (const xmlChar *)"div");
		xmlAddChild(box, s);
	}
	forget(html);
	free(sc.all);
	clean(box);
	kept = text_chars(box);
	return too_little(kept, page) ? NULL : box;
}

/* Loose text: letters and digits only, lower case, for comparing titles. */
static char *
loose(const char *s)
{
	char *out = xmalloc(strlen(s) + 1), *o = out;
	int gap = 0;

	for (; *s != '\0'; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch >= 0x80 || isalnum(ch)) {
			if (gap && o > out)
				*o++ = ' ';
			*o++ = ch < 0x80 ? (char)tolower(ch) : (char)ch;
			gap = 0;
		} else
			gap = 1;
	}
	*o = '\0';
	return out;
}

int
html_same_title(const char *a, const char *b)
{
	char *x = loose(a), *y = loose(b);
	int same = strcmp(x, y) == 0;

	free(x);
	free(y);
	return same;
}

static size_t
word_count(const char *s)
{
	size_t k = 0;
	int in = 0;

	for (; *s != '\0'; s++) {
		if (*s == ' ')
			in = 0;
		else if (!in) {
			in = 1;
			k++;
		}
	}
	return k;
}

/* Where in title a separator between the headline and the site's name starts, or NULL. */
static const char *
separator(const char *t, int last, size_t *len)
{
	static const char *const seps[] = {" | ", " - ",  " \u2013 ", " \u2014 ", " \u00BB ",
	                                   " / ", " \\ ", " > ",      " :: ",     NULL};
	const char *hit = NULL, *p;

	for (const char *const *s = seps; *s != NULL; s++)
		for (p = t; (p = strstr(p, *s)) != NULL; p++)
			if (hit == NULL || (last ? p > hit : p < hit)) {
				hit = p;
				*len = strlen(*s);
			}
	return hit;
}

static int
same_as(const char *t, const char *heading)
{
	return heading != NULL && html_same_title(t, heading);
}

char *
html_clean_title(const char *title, const char *heading)
{
	const char *last, *first, *colon;
	size_t n = 0, k = 0;
	char *before, *after;

	if ((last = separator(title, 1, &n)) != NULL) {
		first = separator(title, 0, &k);
		before = xstrndup(title, (size_t)(last - title));
		after = xstrdup(first + k);
		/* The page's own heading tells which side is the headline. */
		if (same_as(after, heading) || (!same_as(before, heading) &&
		                                word_count(before) < 3 && word_count(after) >= 3)) {
			free(before);
			return after;
		}
		free(after);
		if (same_as(before, heading) || word_count(before) >= 3)
			return before;
		free(before);
	} else if ((colon = strstr(title, ": ")) != NULL && strstr(colon + 2, ": ") == NULL &&
	           colon - title < 30 && word_count(colon + 2) >= 3 &&
	           (same_as(colon + 2, heading) ||
	            (heading != NULL && !same_as(title, heading) &&
	             word_count(title) - word_count(colon + 2) <= 2))) {
		/* "Site: Headline" */
		return xstrdup(colon + 2);
	}
	return xstrdup(title);
}

/* The string value after "key": in a JSON text, decoded; NULL when it has none. */
char *
html_json_string(const char *json, const char *key)
{
	char *want = xasprintf("\"%s\"", key), *out = NULL, *o;
	const char *p = json;

	while ((p = strstr(p, want)) != NULL) {
		p += strlen(want);
		while (isspace((unsigned char)*p))
			p++;
		if (*p != ':')
			continue;
		p++;
		while (isspace((unsigned char)*p))
			p++;
		if (*p != '"')
			continue;
		o = out = xmalloc(strlen(p) + 1);
		for (p++; *p != '\0' && *p != '"'; p++) {
			if (*p != '\\') {
				*o++ = *p;
				continue;
			}
			p++;
			if (*p == 'u' && isxdigit((unsigned char)p[1]) &&
			    isxdigit((unsigned char)p[2]) && isxdigit((unsigned char)p[3]) &&
			    isxdigit((unsigned char)p[4])) {
				char hex[5] = {p[1], p[2], p[3], p[4], 0};
				uint32_t cp = (uint32_t)strtoul(hex, NULL, 16);

				if (cp >= 0xD800 && cp < 0xE000)
					cp = 0xFFFD; /* a surrogate half: no character of its own */
				o += utf8_encode(cp, o);
				p += 4;
			} else if (*p == 'n' || *p == 't' || *p == 'r')
				*o++ = ' ';
			else if (*p != '\0')
				*o++ = *p;
			else
				break;
		}
		*o = '\0';
		break;
	}
	free(want);
	return out;
}
