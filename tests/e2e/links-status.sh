#!/bin/sh
# What U says of a link fits the status line: a long address is cut in its middle, so its host
# and the end that names the page both stay (at 60 columns), and what Enter does comes after it
# while there is room (at 200); a link to a place in the text itself (#id) shows the start of
# the passage there, in Arabic too, and not the link's own form.
. "${TOP_SRCDIR:?}/tests/e2e/tmux.sh"
d=$tmux_dir/docs
mkdir -p "$d"
long='https://web.archive.org/web/20251207070642/https://www.errietta.me/blog/open-source/'
cat >"$d/links.html" <<EOF2
<html><body>
<p>Read <a href="$long">the post</a>, then <a href="#note">the note</a>.</p>
$(i=0; while [ $i -lt 40 ]; do echo "<p>Filler paragraph $i.</p>"; i=$((i + 1)); done)
<p id="note">هذه هي الحاشية التي يشير إليها الرابط في أول المقال.</p>
$(i=0; while [ $i -lt 20 ]; do echo "<p>More filler $i.</p>"; i=$((i + 1)); done)
</body></html>
EOF2

tm_start 60 12 "$d/links.html"
started
keys U
s=$(status_line | sed 's/^ *//; s/ *$//')
case $s in
"Link 1 of 2: https://web.archive.or"*…*"/blog/open-source/") ok 0 "at 60 columns the address is cut in its middle: $s" ;;
*) ok 1 "at 60 columns the address is cut in its middle: $s" ;;
esac
keys U
s=$(status_line | sed 's/^ *//; s/ *$//')
case $s in
"Link 2 of 2: “"*"”"*) ok 0 "a link within shows the passage it leads to: $s" ;;
*) ok 1 "a link within shows the passage it leads to: $s" ;;
esac
! status_line | grep -qF '#note'
ok $? "... not the link itself"
keys Enter
[ "$(rows | grep -v '^$' | head -n 1 | sed 's/^ *//')" = "$(printf '%s\n' 'هذه هي الحاشية التي يشير إليها الرابط في أول المقال.' |
	"$QARI" --dump --width 60 --format text | sed 's/^ *//' | head -n 1)" ]
ok $? "... and Enter goes there"
tm send-keys -t q q
wait_for "QARI-EXIT=0"

tm_start 200 12 "$d/links.html"
started
keys g U
status_line | grep -qF "Link 1 of 2: $long  (Enter opens it"
ok $? "at 200 columns the whole address, then what Enter does: $(status_line | sed 's/  */ /g')"
tm send-keys -t q q
wait_for "QARI-EXIT=0"
finish
