/*
 * Fetching a web page with libcurl's multi interface: one transfer, moved on a step at a time
 * by whoever waits for it (the reader's loop between keys, or fetch_load). libcurl rather than
 * our own HTTP: redirects, TLS, proxies from the environment, chunked and compressed transfer
 * are each a source of bugs we would not want to own.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "config.h"
#include "doc-private.h"
#include "fetch.h"
#include "utf8.h"
#include "xmalloc.h"

struct fetch {
	CURLM *multi;
	CURL *easy;
	char *url; /* as asked */
	char *buf;
	size_t len, cap;
	int too_big;
	int done;
	CURLcode result;
	char *reason; /* the last status line's reason phrase ("Not Found") */
	char errbuf[CURL_ERROR_SIZE];
};

static long timeout_s = FETCH_TIMEOUT_S;

void
fetch_set_timeout(long seconds)
{
	timeout_s = seconds;
}

int
fetch_is_url(const char *s)
{
	return strncasecmp(s, "http://", 7) == 0 || strncasecmp(s, "https://", 8) == 0;
}

static size_t
on_data(char *data, size_t size, size_t n, void *arg)
{
	struct fetch *f = arg;

	n *= size;
	/* Counted decompressed: a small gzip body can be a huge page. */
	if (f->len + n > FETCH_MAX_SIZE) {
		f->too_big = 1;
		return 0;
	}
	if (f->len + n + 1 > f->cap) {
		f->cap = f->cap ? f->cap : 65536;
		while (f->cap < f->len + n + 1)
			f->cap *= 2;
		f->buf = xreallocarray(f->buf, f->cap, 1);
	}
	memcpy(f->buf + f->len, data, n);
	f->len += n;
	return n;
}

/* Each response's status line: the last one's reason phrase is what an error quotes. */
static size_t
on_header(char *data, size_t size, size_t n, void *arg)
{
	struct fetch *f = arg;
	size_t len = size * n, i = 0;

	if (len > 5 && strncmp(data, "HTTP/", 5) == 0) {
		while (i < len && data[i] != ' ')
			i++; /* the version */
		while (i < len && data[i] == ' ')
			i++;
		while (i < len && isdigit((unsigned char)data[i]))
			i++; /* the code, which curl gives */
		while (i < len && data[i] == ' ')
			i++;
		while (len > i && (data[len - 1] == '\r' || data[len - 1] == '\n'))
			len--;
		free(f->reason);
		f->reason = xstrndup(data + i, len - i);
	}
	return size * n;
}

struct fetch *
fetch_start(const char *url, char **cause)
{
	static int started;
	struct fetch *f;
	char agent[64];

	if (!started) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0) {
			*cause = xasprintf("%s: libcurl cannot start", url);
			return NULL;
		}
		started = 1;
	}
	f = xcalloc(1, sizeof *f);
	f->url = xstrdup(url);
	if ((f->easy = curl_easy_init()) == NULL || (f->multi = curl_multi_init()) == NULL) {
		*cause = xasprintf("%s: libcurl cannot start", url);
		fetch_free(&f);
		return NULL;
	}
	snprintf(agent, sizeof agent, "qari/%s", PACKAGE_VERSION);
	curl_easy_setopt(f->easy, CURLOPT_URL, url);
	curl_easy_setopt(f->easy, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(f->easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(f->easy, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(f->easy, CURLOPT_MAXREDIRS, (long)FETCH_REDIRECTS);
	curl_easy_setopt(f->easy, CURLOPT_ACCEPT_ENCODING, ""); /* all that libcurl decodes */
	curl_easy_setopt(f->easy, CURLOPT_CONNECTTIMEOUT, (long)FETCH_CONNECT_S);
	curl_easy_setopt(f->easy, CURLOPT_TIMEOUT, timeout_s);
	curl_easy_setopt(f->easy, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)FETCH_MAX_SIZE);
	curl_easy_setopt(f->easy, CURLOPT_USERAGENT, agent);
	curl_easy_setopt(f->easy, CURLOPT_NOSIGNAL, 1L); /* the reader has its own signals */
	curl_easy_setopt(f->easy, CURLOPT_ERRORBUFFER, f->errbuf);
	curl_easy_setopt(f->easy, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(f->easy, CURLOPT_WRITEDATA, f);
	curl_easy_setopt(f->easy, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(f->easy, CURLOPT_HEADERDATA, f);
	curl_multi_add_handle(f->multi, f->easy);
	return f;
}

int
fetch_step(struct fetch *f, int ms, int fd)
{
	struct curl_waitfd w = {.fd = fd, .events = CURL_WAIT_POLLIN};
	int running = 0, left;
	CURLMsg *msg;

	if (f->done)
		return f->result == CURLE_OK ? 0 : -1;
	curl_multi_perform(f->multi, &running);
	if (running > 0 && ms > 0) {
		curl_multi_poll(f->multi, fd >= 0 ? &w : NULL, fd >= 0 ? 1 : 0, ms, NULL);
		curl_multi_perform(f->multi, &running);
	}
	while ((msg = curl_multi_info_read(f->multi, &left)) != NULL)
		if (msg->msg == CURLMSG_DONE) {
			f->done = 1;
			f->result = msg->data.result;
		}
	if (!f->done)
		return 1;
	return f->result == CURLE_OK ? 0 : -1;
}

size_t
fetch_bytes(const struct fetch *f)
{
	return f->len;
}

const char *
fetch_url(const struct fetch *f)
{
	return f->url;
}

void
fetch_free(struct fetch **fp)
{
	struct fetch *f = *fp;

	if (f == NULL)
		return;
	if (f->multi != NULL && f->easy != NULL)
		curl_multi_remove_handle(f->multi, f->easy);
	if (f->easy != NULL)
		curl_easy_cleanup(f->easy);
	if (f->multi != NULL)
		curl_multi_cleanup(f->multi);
	free(f->url);
	free(f->buf);
	free(f->reason);
	free(f);
	*fp = NULL;
}

/* A part of url (CURLUPART_HOST...) as a new string, or NULL. */
static char *
url_part(const char *url, CURLUPart what, unsigned flags)
{
	CURLU *u = curl_url();
	char *part = NULL, *s = NULL;

	if (u != NULL &&
	    curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK &&
	    curl_url_get(u, what, &part, flags) == CURLUE_OK) {
		s = xstrdup(part);
		curl_free(part);
	}
	curl_url_cleanup(u);
	return s;
}

static int
tls_error(CURLcode rc)
{
	switch (rc) {
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
	case CURLE_SSL_ENGINE_NOTFOUND:
	case CURLE_SSL_ENGINE_SETFAILED:
	case CURLE_SSL_ENGINE_INITFAILED:
	case CURLE_SSL_SHUTDOWN_FAILED:
	case CURLE_SSL_CRL_BADFILE:
	case CURLE_USE_SSL_FAILED:
		return 1;
	default:
		return 0;
	}
}

/* Why a transfer failed, in one line without the URL. */
static char *
failure(struct fetch *f)
{
	const char *detail = f->errbuf[0] != '\0' ? f->errbuf : curl_easy_strerror(f->result);
	char *where = NULL, *host, *port, *s;
	curl_off_t connected = 0;
	long err = 0;

	curl_easy_getinfo(f->easy, CURLINFO_EFFECTIVE_URL, &where);
	host = url_part(where != NULL ? where : f->url, CURLUPART_HOST, 0);
	port = url_part(where != NULL ? where : f->url, CURLUPART_PORT, CURLU_DEFAULT_PORT);
	if (f->too_big || f->result == CURLE_FILESIZE_EXCEEDED)
		s = xstrdup("larger than " FETCH_MAX_SIZE_TEXT ", the most qari fetches");
	else if (f->result == CURLE_COULDNT_RESOLVE_HOST)
		s = xasprintf("host %s not found (DNS)", host != NULL ? host : "?");
	else if (f->result == CURLE_COULDNT_RESOLVE_PROXY)
		s = xasprintf("proxy not found (DNS): %s", detail);
	else if (f->result == CURLE_COULDNT_CONNECT) {
		curl_easy_getinfo(f->easy, CURLINFO_OS_ERRNO, &err);
		s = xasprintf("cannot connect to %s port %s: %s", host ? host : "?",
		              port ? port : "?", err ? strerror((int)err) : detail);
	} else if (f->result == CURLE_OPERATION_TIMEDOUT) {
		curl_easy_getinfo(f->easy, CURLINFO_CONNECT_TIME_T, &connected);
		s = connected == 0 ? xasprintf("timed out: no connection to %s within %d s",
		                               host ? host : "?", FETCH_CONNECT_S)
		                   : xasprintf("timed out after %ld s, %zu bytes read (--timeout)",
		                               timeout_s, f->len);
	} else if (tls_error(f->result))
		s = xasprintf("TLS: %s", detail);
	else if (f->result == CURLE_TOO_MANY_REDIRECTS)
		s = xasprintf("more than %d redirects", FETCH_REDIRECTS);
	else if (f->result == CURLE_UNSUPPORTED_PROTOCOL)
		s = xstrdup("redirected to a URL that is not http or https");
	else if (f->result == CURLE_URL_MALFORMAT)
		s = xstrdup("not a valid URL");
	else if (f->result == CURLE_GOT_NOTHING)
		s = xstrdup("the server closed the connection without a reply");
	else
		s = xasprintf("%s", detail);
	free(host);
	free(port);
	return s;
}

/* The media type of a Content-Type (lower case, a new string) and its charset (or NULL). */
static char *
media_type(const char *ct, char **charset)
{
	const char *p, *end;
	char *type;
	size_t i, n;

	*charset = NULL;
	if (ct == NULL)
		return xstrdup("");
	n = strcspn(ct, "; \t");
	type = xstrndup(ct, n);
	for (i = 0; i < n; i++)
		type[i] = tolower((unsigned char)type[i]);
	for (p = ct; (p = strchr(p, ';')) != NULL;) {
		p++;
		p += strspn(p, " \t");
		if (strncasecmp(p, "charset=", 8) != 0)
			continue;
		p += 8;
		if (*p == '"')
			end = strchr(++p, '"');
		else
			end = p + strcspn(p, "; \t");
		if (end == NULL)
			end = p + strlen(p);
		free(*charset);
		*charset = xstrndup(p, end - p);
	}
	return type;
}

/*
 * The loader for a page: its Content-Type says, text/plain reads as Markdown when its URL's
 * name says so (raw files are served as text/plain), and without a type that says, the URL's
 * name and then the bytes do. NULL in *format for the bytes to decide; -1 when the type is no
 * document (an image, a PDF).
 */
static int
pick_format(const char *type, const char *url, const char **format)
{
	char *path = url_part(url, CURLUPART_PATH, 0);
	enum doc_named named = path != NULL ? doc_named(path) : DOC_NAMED_NONE;

	free(path);
	*format = NULL;
	if (strcmp(type, "text/html") == 0 || strcmp(type, "application/xhtml+xml") == 0)
		*format = "html";
	else if (strcmp(type, "text/markdown") == 0 || strcmp(type, "text/x-markdown") == 0)
		*format = "markdown";
	else if (strncmp(type, "text/", 5) == 0)
		*format = named == DOC_NAMED_MARKDOWN ? "markdown" : "text";
	else if (*type != '\0' && strcmp(type, "application/octet-stream") != 0 &&
	         strcmp(type, "binary/octet-stream") != 0)
		return -1;
	else if (named == DOC_NAMED_MARKDOWN)
		*format = "markdown";
	else if (named == DOC_NAMED_HTML)
		*format = "html";
	else if (named == DOC_NAMED_TEXT)
		*format = "text";
	return 0;
}

char *
fetch_resolve(const char *base, const char *href)
{
	CURLU *u;
	char *out = NULL, *s = NULL;
	size_t n =
	    strspn(href, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-");

	/* A scheme of its own that we do not fetch (mailto:, tel:): kept as written. */
	if (n > 0 && href[n] == ':' && isalpha((unsigned char)href[0]) &&
	    !((n == 4 || n == 5) && strncasecmp(href, "https", n) == 0) &&
	    !(n == 4 && strncasecmp(href, "file", 4) == 0))
		return NULL;
	if ((u = curl_url()) == NULL)
		return NULL;
	if (curl_url_set(u, CURLUPART_URL, base, CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK &&
	    curl_url_set(u, CURLUPART_URL, href, CURLU_NON_SUPPORT_SCHEME | CURLU_URLENCODE) ==
	        CURLUE_OK &&
	    curl_url_get(u, CURLUPART_URL, &out, 0) == CURLUE_OK) {
		s = xstrdup(out);
		curl_free(out);
	}
	curl_url_cleanup(u);
	return s;
}

char *
fetch_file_url(const char *path)
{
	char *real = realpath(path, NULL), *out = NULL, *s = NULL;
	CURLU *u;

	if (real == NULL || (u = curl_url()) == NULL) {
		free(real);
		return NULL;
	}
	/* Encoded by curl: a name may hold spaces, '#' or '%'. */
	if (curl_url_set(u, CURLUPART_SCHEME, "file", 0) == CURLUE_OK &&
	    curl_url_set(u, CURLUPART_PATH, real, CURLU_URLENCODE) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_URL, &out, 0) == CURLUE_OK) {
		s = xstrdup(out);
		curl_free(out);
	}
	curl_url_cleanup(u);
	free(real);
	return s;
}

char *
fetch_file_path(const char *url)
{
	char *scheme = url_part(url, CURLUPART_SCHEME, 0), *path = NULL;

	if (scheme != NULL && strcmp(scheme, "file") == 0)
		path = url_part(url, CURLUPART_PATH, CURLU_URLDECODE);
	free(scheme);
	return path;
}

/*
 * A page's links made absolute, against its <base href> (itself against the page's URL) or
 * its URL: what U shows and the reader follows. A link to a place in the page (#id) stays as
 * it is, to be found in the page itself.
 */
static void
resolve_links(struct doc *doc, const char *url)
{
	char *base = doc->base != NULL ? fetch_resolve(url, doc->base) : NULL, *abs;
	size_t i;

	free(doc->base);
	doc->base = base != NULL ? base : xstrdup(url);
	for (i = 0; i < doc->nlinks; i++) {
		if (doc->links[i][0] == '#' ||
		    (abs = fetch_resolve(doc->base, doc->links[i])) == NULL)
			continue;
		free(doc->links[i]);
		doc->links[i] = abs;
	}
}

void
fetch_doc_named(struct doc *doc, const char *url)
{
	char *old;

	/* Named by its whole URL, made printable: it may hold anything. */
	old = doc->name;
	doc->name = utf8_printable(url);
	if (doc->title != NULL && strcmp(doc->title, old) == 0) {
		free(doc->title);
		doc->title = xstrdup(doc->name);
	}
	free(old);
	/* The same text at another URL is another document, with its own place and bookmarks. */
	doc->hash = doc_hash_more(doc->hash, url, strlen(url));
	doc->content = doc_hash_more(doc->content, url, strlen(url));
	doc->tail = 0;
	resolve_links(doc, url);
}

struct doc *
fetch_doc(struct fetch *f, const char *format, const char *encoding, char **cause)
{
	char *where = NULL, *ct = NULL, *type, *charset, *url;
	const char *fmt = NULL;
	struct doc *doc = NULL;
	long status = 0;

	if (!f->done || f->result != CURLE_OK) {
		char *why = f->done ? failure(f) : xstrdup("cancelled");

		*cause = xasprintf("%s: %s", f->url, why);
		free(why);
		return NULL;
	}
	curl_easy_getinfo(f->easy, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(f->easy, CURLINFO_EFFECTIVE_URL, &where);
	curl_easy_getinfo(f->easy, CURLINFO_CONTENT_TYPE, &ct);
	if (status >= 300) {
		char *cut = utf8_shorten(f->reason != NULL ? f->reason : "", UTF8_QUOTE_MAX),
		     *reason = utf8_printable(cut);

		free(cut);

		*cause = xasprintf("%s: HTTP %ld%s%s", f->url, status, *reason ? " " : "", reason);
		free(reason);
		return NULL;
	}
	url = xstrdup(where != NULL ? where : f->url);
	type = media_type(ct, &charset);
	if (format == NULL && pick_format(type, url, &fmt) != 0) {
		*cause = xasprintf("%s: %s, not a document qari can read", f->url, type);
		goto out;
	}
	if (format != NULL)
		fmt = format;
	/* The server's charset, then (for HTML) the page's own: as browsers read them. */
	if (encoding == NULL && charset != NULL && doc_charset_known(charset))
		encoding = charset;
	if ((doc = doc_load_buffer_encoded(url, f->buf != NULL ? f->buf : "", f->len, fmt, encoding,
	                                   cause)) == NULL)
		goto out;
	fetch_doc_named(doc, url);
out:
	free(url);
	free(type);
	free(charset);
	return doc;
}

struct doc *
fetch_load(const char *url, const char *format, const char *encoding, int (*progress)(size_t bytes),
           char **cause)
{
	struct fetch *f;
	struct doc *doc;

	if ((f = fetch_start(url, cause)) == NULL)
		return NULL;
	while (fetch_step(f, 200, -1) == 1)
		if (progress != NULL && progress(f->len) != 0) {
			*cause = xasprintf("%s: stopped", url);
			fetch_free(&f);
			return NULL;
		}
	doc = fetch_doc(f, format, encoding, cause);
	fetch_free(&f);
	return doc;
}
