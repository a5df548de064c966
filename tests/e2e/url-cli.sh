#!/bin/sh
# qari URL on the command line (--dump and --search): a page fetched from the tests' own server
# with the headers each case needs, and one line and status 2 for each way a fetch fails.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/http-lib.sh"

have_python || skip_all "no python3 for the test web server"
export XDG_DATA_HOME="$TMPD/data" XDG_CONFIG_HOME="$TMPD/config"
start_http web

# fails_with DESC PATTERN ARGS...: status 2 and one line on stderr matching PATTERN, at once.
fails_with() {
	fw_desc=$1 fw_pat=$2
	shift 2
	fw_start=$(date +%s)
	run_qari "$@"
	fw_took=$(($(date +%s) - fw_start))
	if [ "$rc" -eq 2 ] && [ "$(lines_of "$TMPD/err")" -eq 1 ] && grep -q -- "$fw_pat" "$TMPD/err" &&
		[ ! -s "$TMPD/out" ] && [ "$fw_took" -le 5 ]; then
		ok "$fw_desc"
	else
		not_ok "$fw_desc"
		diag "status $rc, ${fw_took}s: $(head -c 400 "$TMPD/err")"
	fi
}

# --- pages ---
run_qari --dump --width 70 "$BASE/page/index.html"
if [ "$rc" -eq 0 ] && head -1 "$TMPD/out" | grep -q "^Links from the web$" &&
	grep -q "The far section" "$TMPD/out" && [ ! -s "$TMPD/err" ]; then
	ok "a page is fetched and read as HTML: its title first, its text, status 0"
else
	not_ok "a page is fetched and read as HTML: its title first, its text, status 0"
	diag "status $rc: $(head -3 "$TMPD/out") $(cat "$TMPD/err")"
fi

logical="--dump --bidi terminal --shape none"
# shellcheck disable=SC2086
run_qari $logical "$BASE/cp1256"
if [ "$rc" -eq 0 ] && grep -q "نص عربي مرمز" "$TMPD/out" && ! grep -q "�" "$TMPD/out"; then
	ok "a page in windows-1256 with the charset only in the Content-Type header reads as Arabic"
else
	not_ok "a page in windows-1256 with the charset only in the Content-Type header reads as Arabic"
	diag "status $rc: $(head -3 "$TMPD/out") $(cat "$TMPD/err")"
fi

# shellcheck disable=SC2086
run_qari $logical "$BASE/gzip"
if [ "$rc" -eq 0 ] && grep -q "هذه فقرة عربية" "$TMPD/out"; then
	ok "a gzip-compressed transfer is decompressed"
else
	not_ok "a gzip-compressed transfer is decompressed"
	diag "status $rc: $(head -c 300 "$TMPD/out") $(cat "$TMPD/err")"
fi

# shellcheck disable=SC2086
run_qari $logical "$BASE/redirect/5"
if [ "$rc" -eq 0 ] && grep -q "هذه فقرة عربية" "$TMPD/out"; then
	ok "a chain of 5 redirects is followed to the page"
else
	not_ok "a chain of 5 redirects is followed to the page"
	diag "status $rc: $(cat "$TMPD/err")"
fi

run_qari --dump "$BASE/markdown"
if [ "$rc" -eq 0 ] && head -1 "$TMPD/out" | grep -q "^Notes in Markdown$" &&
	grep -q "bold item" "$TMPD/out" && ! grep -q '\*\*' "$TMPD/out" && ! grep -q '^#' "$TMPD/out"; then
	ok "text/markdown reads as Markdown, though its URL has no extension"
else
	not_ok "text/markdown reads as Markdown, though its URL has no extension"
	diag "$(head -5 "$TMPD/out")"
fi
run_qari --dump "$BASE/page/notes.md"
if [ "$rc" -eq 0 ] && grep -q "bold item" "$TMPD/out" && ! grep -q '\*\*' "$TMPD/out"; then
	ok "text/plain under a .md name reads as Markdown (raw files are served so)"
else
	not_ok "text/plain under a .md name reads as Markdown (raw files are served so)"
	diag "$(head -5 "$TMPD/out")"
fi

run_qari --search "far section" "$BASE/page/index.html"
if [ "$rc" -eq 0 ] && grep -q "^$BASE/page/index.html:[0-9]*:[0-9]*:.*far section" "$TMPD/out"; then
	ok "--search on a URL names its matches by the URL"
else
	not_ok "--search on a URL names its matches by the URL"
	diag "status $rc: $(cat "$TMPD/out" "$TMPD/err")"
fi

# --- failures: one line each, status 2 ---
fails_with "HTTP 404: the status and its reason" "^qari: $BASE/404: HTTP 404 Not Found\$" \
	--dump "$BASE/404"
fails_with "HTTP 500: the status and its reason" \
	"^qari: $BASE/500: HTTP 500 Internal Server Error\$" --dump "$BASE/500"
fails_with "a redirect loop stops after 10" "^qari: $BASE/loop: more than 10 redirects\$" \
	--dump "$BASE/loop"
fails_with "a body past the cap (no length said) is refused, not cut" \
	"^qari: $BASE/huge: larger than 32 MiB, the most qari fetches\$" --dump "$BASE/huge"
fails_with "a Content-Length past the cap is refused before the body" \
	"^qari: $BASE/huge-length: larger than 32 MiB" --dump "$BASE/huge-length"
fails_with "an image is no document" \
	"^qari: $BASE/image.png: image/png, not a document qari can read\$" --dump "$BASE/image.png"
fails_with "a server that says nothing: timed out after --timeout" \
	"^qari: $BASE/stall: timed out after 1 s, 0 bytes read (--timeout)\$" \
	--timeout 1 --dump "$BASE/stall"
fails_with "a page that comes too slowly: timed out, with the bytes read" \
	"^qari: $BASE/slow: timed out after 1 s, [1-9][0-9]* bytes read" --timeout 1 --dump "$BASE/slow"
# Ctrl-C (SIGINT) while a page comes: one line, the status of an interrupted command.
"$QARI" --dump "$BASE/stall" >"$TMPD/out" 2>"$TMPD/err" &
pid=$!
sleep 0.5
kill -INT $pid
wait $pid
rc=$?
if [ $rc -eq 130 ] && [ "$(cat "$TMPD/err")" = "qari: $BASE/stall: stopped" ]; then
	ok "Ctrl-C stops a fetch: one line, status 130"
else
	not_ok "Ctrl-C stops a fetch: one line, status 130"
	diag "status $rc: $(cat "$TMPD/err")"
fi
port=$(free_port)
fails_with "connection refused: the host, port and reason" \
	"^qari: http://127.0.0.1:$port/: cannot connect to 127.0.0.1 port $port: Connection refused\$" \
	--dump "http://127.0.0.1:$port/"
fails_with "a host that does not exist: DNS" \
	"^qari: http://no-such-host.invalid/x: host no-such-host.invalid not found (DNS)\$" \
	--timeout 5 --dump "http://no-such-host.invalid/x"
fails_with "--search on a URL that fails says so the same way" "HTTP 404 Not Found\$" \
	--search x "$BASE/404"
run_qari --timeout soon "$BASE/page/index.html"
if [ "$rc" -eq 2 ] && grep -q "^qari: invalid timeout 'soon' (a number from 1 to 3600)\$" "$TMPD/err"; then
	ok "an invalid --timeout is refused before anything is fetched"
else
	not_ok "an invalid --timeout is refused before anything is fetched"
fi

# A URL quoting an escape sequence comes back as its picture, never as the byte.
esc=$(printf '\033')
run_qari --dump "$BASE/404?${esc}[31mred"
if [ "$rc" -eq 2 ] && ! grep -q "$esc" "$TMPD/err" && grep -q "404?␛\[31mred" "$TMPD/err"; then
	ok "the URL in a message is made printable"
else
	not_ok "the URL in a message is made printable"
	diag "$(od -c "$TMPD/err" | head -5)"
fi

# A good page after a bad one: each URL on its own, the good one read.
run_qari --dump "$BASE/404" "$BASE/page/index.html"
if [ "$rc" -eq 2 ] && grep -q "HTTP 404" "$TMPD/err" && grep -q "Links from the web" "$TMPD/out"; then
	ok "a URL that fails does not keep the next from being read (status 2)"
else
	not_ok "a URL that fails does not keep the next from being read (status 2)"
fi

if command -v openssl >/dev/null 2>&1 &&
	openssl req -x509 -newkey rsa:2048 -nodes -keyout "$TMPD/key.pem" -out "$TMPD/cert.pem" \
		-days 2 -subj /CN=localhost >/dev/null 2>&1; then
	start_http tls --tls "$TMPD/cert.pem" "$TMPD/key.pem"
	fails_with "TLS: a certificate nobody vouches for is refused, and why" \
		"^qari: $BASE/page/index.html: TLS: .*self.signed certificate" \
		--dump "$BASE/page/index.html"
else
	ok "# SKIP no openssl to make a certificate"
fi

done_testing
