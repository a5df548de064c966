#!/bin/sh
# Web pages in the reader, from the tests' own server: qari URL opens, U shows a link resolved
# against the page and Enter opens it as a new document (Ctrl-O comes back), a #fragment link
# jumps inside the page, a Markdown page and a local file open, mailto: is copied, a slow page
# shows its bytes on the status line while the keys go on and Esc stops it, SIGTERM ends qari
# during a fetch, and a bookmark on a fetched page is there again when the URL is reopened.
. "${TOP_SRCDIR:?}/tests/e2e/tmux.sh"
PYTHON3=${PYTHON3:-/usr/bin/python3}
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
export no_proxy='*'

"$PYTHON3" "$TOP_SRCDIR/tests/e2e/http-server.py" "$TOP_SRCDIR/tests/data/web" "$tmux_dir/port" &
server=$!
trap 'kill $server 2>/dev/null; "$TMUX_BIN" -L "$tmux_sock" kill-server 2>/dev/null; rm -rf "$tmux_dir"' EXIT
i=0
while [ ! -s "$tmux_dir/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
[ -s "$tmux_dir/port" ] || { echo "Bail out! the test web server did not start"; exit 99; }
BASE=http://127.0.0.1:$(cat "$tmux_dir/port")
INDEX=$BASE/page/index.html SECOND=$BASE/page/second.html

# Waits until the status line shows $1, at most 5 s.
status_wait() {
	sw_i=0
	while [ $sw_i -lt 50 ]; do
		status_line | grep -qF -- "$1" && return 0
		sleep 0.1
		sw_i=$((sw_i + 1))
	done
	return 1
}
top_row() { rows | sed -n 1p; }

tm_start 120 24 "$INDEX"
wait_for "Links from the web"
ok $? "qari URL opens the page in the reader"
keys C-g
status_line | grep -qF "$INDEX · html"
ok $? "Ctrl-G names the document by its URL"

keys U
status_line | grep -qF "Link 1 of 5: $SECOND"
s1=$?
status_line | grep -qF "(Enter opens it"
ok $((s1 + $?)) "U shows the first link made absolute against the page's URL"
keys Enter
status_wait "Opened as document 2 of 2; Ctrl-O comes back"
ok $? "Enter opens the link's page as a second document"
keys C-g
status_line | grep -qF "[2/2] $SECOND · html"
ok $? "the page opened is known by its URL"
keys U U Enter
status_wait "$BASE/404: HTTP 404 Not Found"
ok $? "a link to a page that is not there says so on the status line"
keys Escape Tab
screen | grep -q "Links from the web  *│\|│ *Links from the web" && screen | grep -qF "ﺔﻴﻧﺎﺜﻟا ﺔﺤﻔﺼﻟا"
ok $? "the sidebar lists both documents"
keys Tab C-o
[ "$(top_row)" = "Links from the web" ]
ok $? "Ctrl-O comes back to the first page, where it was"

keys U U Enter
[ "$(top_row)" = "The far section" ]
ok $? "a #fragment link jumps to its element in the page"
keys C-o
[ "$(top_row)" = "Links from the web" ]
ok $? "and Ctrl-O comes back from it"

keys U U U Enter
status_wait "Opened as document 3 of 3"
s1=$?
[ "$(top_row)" = "Notes in Markdown" ] && ! rows | grep -qF '**'
ok $((s1 + $?)) "a .md link served as text/plain opens as Markdown"
keys C-o

keys U U U U Enter
status_line | grep -qF "Not a page qari opens: mailto:reader@example.org"
ok $? "a mailto: link is not opened: it is copied, and the status line says so"

keys U Enter
status_line | grep -qF "Document 2 of 3, open already; Ctrl-O comes back"
ok $? "a link to a page already open goes to it, fetched again never"
keys C-o

# A slow page: its bytes on the status line, keys still work, Esc stops it.
keys U U U U U Enter
status_wait "Fetching $BASE/slow"
s1=$?
sleep 1
kb1=$(status_line | sed -n 's/.*… \([0-9]*\) KB.*/\1/p')
sleep 1
kb2=$(status_line | sed -n 's/.*… \([0-9]*\) KB.*/\1/p')
[ "$s1" = 0 ] && [ -n "$kb1" ] && [ -n "$kb2" ] && [ "$kb2" -gt "$kb1" ]
ok $? "a slow page's fetch counts its bytes on the status line ($kb1 KB, then $kb2 KB)"
tm send-keys -t q j
sleep 0.3
[ "$(top_row)" != "Links from the web" ]
ok $? "the keys work while it is fetched (j scrolled)"
keys Escape
status_line | grep -qF "Stopped fetching $BASE/slow"
s1=$?
sleep 0.5
still=0
status_line | grep -qF "Fetching" && still=1
[ $s1 = 0 ] && [ $still = 0 ]
ok $? "Esc stops the fetch, and says so"
keys C-g
status_line | grep -qF "[1/3]"
ok $? "no document was added by the fetch stopped"
keys U U U U U Enter
status_wait "Fetching $BASE/slow"
keys C-c
status_line | grep -qF "Stopped fetching $BASE/slow"
ok $? "Ctrl-C stops a fetch too"

# SIGTERM while a page is being fetched ends qari at once.
keys k U U U U U Enter
status_wait "Fetching $BASE/slow"
kill -TERM "$(qari_pid)"
es_start=$(date +%s)
st=$(exit_status)
[ "$st" = 0 ] && [ $(($(date +%s) - es_start)) -le 2 ]
ok $? "SIGTERM during a fetch ends qari at once (status $st)"

# A page with <base href>: its relative links are read against the base.
tm_start 120 24 "$BASE/page/base.html"
wait_for "A page with a base"
keys U
status_line | grep -qF "Link 1 of 2: $BASE/page/sub/target.html"
ok $? "a relative link resolves against <base href>, not the page's URL"
keys U
status_line | grep -qF "Link 2 of 2: https://example.org/elsewhere"
ok $? "an absolute link stays as it is"
keys q

# A bookmark on a fetched page, found again when the URL is opened once more.
tm_start 120 24 "$INDEX"
wait_for "Links from the web"
keys U Enter
status_wait "Opened as document 2 of 2"
keys m Enter
keys "a note on the web" Enter
status_line | grep -qF "Bookmark saved"
ok $? "a passage of a page opened from a link is bookmarked"
keys q
wait_for "QARI-EXIT=0"
"$QARI" --bookmarks "$SECOND" >"$tmux_dir/list.tsv"
[ "$(wc -l <"$tmux_dir/list.tsv")" -eq 1 ] && cut -f1 "$tmux_dir/list.tsv" | grep -qxF "$SECOND" &&
	cut -f4 "$tmux_dir/list.tsv" | grep -qx "a note on the web"
ok $? "qari --bookmarks URL lists it under the page's URL"
tm_start 120 24 "$SECOND"
started
keys Tab
screen | grep -qF "a note on the web"
ok $? "reopening the URL brings the bookmark back in the sidebar"
keys q q

# A page whose text changed since: found again by its URL, the bookmark's passage by its quote.
tm_start 120 5 "$BASE/changing"
wait_for "Edition 1 of this page, news 1."
keys j j j j m Enter
keys "kept across editions" Enter
status_line | grep -qF "Bookmark saved"
ok $? "a passage of a page is bookmarked"
keys q
wait_for "QARI-EXIT=0"
pos1=$("$QARI" --bookmarks "$BASE/changing" | cut -f2)
tm_start 120 24 "$BASE/changing"
wait_for "Edition 2 of this page, news 2."
keys Tab
screen | grep -qF "kept across editions" && ! screen | grep -qF "(gone)"
ok $? "the page, its text changed, is the same document by its URL: the bookmark is there"
keys Tab q
wait_for "QARI-EXIT=0"
pos2=$("$QARI" --bookmarks "$BASE/changing" | cut -f2)
[ -n "$pos1" ] && [ "$pos2" = "$((${pos1%%:*} + 1)):${pos1#*:}" ]
ok $? "its passage is found again one block on, where the text moved it ($pos1, then $pos2)"

# A fetched page's two views: :page shows it whole from what was fetched, under its URL.
tm_start 120 24 --bidi terminal --shape none "$BASE/page/news-ar.html"
wait_for "افتتاح مكتبة عامة"
tm send-keys -t q :page Enter
tmux_settle q
screen | grep -qF "الصفحة الرئيسية" && status_line | grep -qF "The whole page"
ok $? ":page shows a fetched page whole: $(status_line | sed 's/   */ /g')"
keys C-g
status_line | grep -qF "[2/2] $BASE/page/news-ar.html · html"
ok $? "... as a second document named by its URL: $(status_line | sed 's/   */ /g')"
keys q
wait_for "QARI-EXIT=0"

# Links of a local page open the files they name, relative to it.
tm_start 120 24 "$TOP_SRCDIR/tests/data/web/index.html"
wait_for "Links from the web"
keys U Enter
keys C-g
status_line | grep -qF "[2/2] second.html · html"
ok $? "a relative link in a local page opens the file beside it"
keys C-o U U U Enter
[ "$(top_row)" = "Notes in Markdown" ]
ok $? "and a local Markdown file too"
keys q

# A link is no way to open a FIFO (which would wait for a writer for ever).
mkfifo "$tmux_dir/fifo"
printf '<p><a href="fifo">a fifo</a></p>\n' >"$tmux_dir/fifo.html"
tm_start 120 10 "$tmux_dir/fifo.html"
wait_for "a fifo"
keys U Enter
status_line | grep -qF "Not a regular file: $tmux_dir/fifo"
ok $? "a link to a FIFO is refused, not waited on"
keys q
wait_for "QARI-EXIT=0"

finish
