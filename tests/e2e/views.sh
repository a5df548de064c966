#!/bin/sh
# A web page's two views in the reader (issue #16): :page shows the page whole (its menu too) at
# the passage that was on top, :reader comes back to the article, each view a document with its
# own place and bookmarks; neither is offered where it means nothing.
. "${TOP_SRCDIR:?}/tests/e2e/tmux.sh"
keys() { tm send-keys -t q "$@"; tmux_settle q; }
cmd() { tm send-keys -t q ":$1" Enter; tmux_settle q; }
is() {
	[ "$1" = "$2" ]
	ok $? "$3"
	[ "$1" = "$2" ] || printf '# got:  %s\n# want: %s\n' "$1" "$2"
}
top_row() { rows | grep -v '^$' | head -n 1; }
PAGE=$tmux_dir/news.html
cp "$TOP_SRCDIR/tests/data/news/ar.html" "$PAGE"
MENU='الصفحة الرئيسية'
THIRD='وتحتوي المكتبة على جناح خاص'

tm_start 60 12 --bidi terminal --shape none "$PAGE"
started
screen | grep -qF "$MENU"
[ $? -ne 0 ]
ok $? "the article is shown without the site's menu"
keys / "$THIRD" Enter Escape
keys j
before=$(top_row)
cmd page
status_line | grep -q 'The whole page'
ok $? ":page says it shows the whole page: $(status_line | sed 's/   */ /g')"
is "$(top_row)" "$before" ":page opens the page at the passage that was on top"
keys g
screen | grep -qF "$MENU"
ok $? "... and the page holds the site's menu"
keys C-o
cmd reader
status_line | grep -q 'The article of the page'
ok $? ":reader comes back to the article: $(status_line | sed 's/   */ /g')"
is "$(top_row)" "$before" "... at the same passage"
keys m Enter
keys "in the article" Enter
cmd page
keys g
keys m Enter
keys "in the page" Enter
keys q
wait_for "QARI-EXIT=0"
ok $? "q quits"
"$QARI" --bookmarks >"$tmux_dir/marks" 2>&1
sed 's/^/# /' "$tmux_dir/marks"
grep -q "news.html#page	0:0	.*in the page	افتتاح مكتبة" "$tmux_dir/marks" &&
	grep -q "news.html	2:[1-9].*in the article	الصباح حتى" "$tmux_dir/marks"
ok $? "each view keeps its own bookmark, at its own passage"
[ "$(grep -c 'moved\|orphan' "$tmux_dir/marks")" -eq 0 ]
ok $? "... none of them moved or orphaned"

tm_start 60 12 --bidi terminal --shape none "$PAGE"
started
status_line | grep -q 'moved'
[ $? -ne 0 ]
ok $? "reopened, the article's bookmark did not move"
is "$(top_row)" "$before" "... and it opens where it was left"
cmd page
is "$(top_row)" "$before" "... and :page shows the page at that passage"
keys q
wait_for "QARI-EXIT=0"

tm_start 80 20 --no-extract --bidi terminal --shape none "$PAGE"
started
cmd reader
screen | grep -qF "$MENU"
[ $? -ne 0 ] && status_line | grep -q 'The article'
ok $? "--no-extract, then :reader shows the article"
keys q
wait_for "QARI-EXIT=0"

tm_start 140 12 --bidi terminal --shape none "$PAGE"
started
cmd page
cmd reader
cmd page
keys Tab
screen | grep -qF '(whole page)'
ok $? "the sidebar's documents tell the whole page from the article"
is "$(screen | grep -c '(whole page)')" 1 "switching again goes to the view already open"
keys q q
wait_for "QARI-EXIT=0"

printf 'just text\n' >"$tmux_dir/plain.txt"
tm_start 80 20 "$tmux_dir/plain.txt"
started
cmd reader
status_line | grep -q 'Not a web page'
ok $? ":reader in a text file says it is not a web page"
keys q
wait_for "QARI-EXIT=0"
printf '<html><body><ul><li><a href="a">a</a></li><li><a href="b">b</a></li></ul></body></html>\n' \
	>"$tmux_dir/list.html"
tm_start 80 20 "$tmux_dir/list.html"
started
cmd page
status_line | grep -q 'No article stands out'
ok $? ":page on a page without an article says it is shown whole already"
keys q
wait_for "QARI-EXIT=0"
finish
