#!/bin/sh
# A book's whole table of contents is in the sidebar from the start, before the chapters its
# entries lead into are read, and Enter on such an entry reads the book on to it and goes
# there. many.epub (make-epub.py): 40 chapters, a few read at open; its nav names every
# chapter's start and, last, a place in the middle of the last chapter.
. "${TOP_SRCDIR:?}/tests/e2e/tmux.sh"
: "${PYTHON3:=python3}"
if ! command -v "$PYTHON3" >/dev/null 2>&1; then
	echo "1..0 # SKIP python3 is needed to make the books"
	exit 0
fi
B=$tmux_dir/books
"$PYTHON3" "$TOP_SRCDIR/tests/e2e/make-epub.py" "$B"

# The sidebar (left of "│": the book is left-to-right) and the text of every row, trimmed.
side() { screen | sed '$d' | sed 's/ *│.*//; s/^ *//'; }
# The first row of text that is not blank.
top_text() { screen | sed '$d' | sed 's/.*│ *//; s/ *$//' | grep -v '^$' | head -n 1; }
# Waits until that row is $1, at most 5 s: the book is read on first (slow under sanitizers).
wait_top() {
	wt_i=0
	while [ $wt_i -lt 50 ] && [ "$(top_text)" != "$1" ]; do
		sleep 0.1
		wt_i=$((wt_i + 1))
	done
}

tm_start 100 24 "$B/many.epub"
started
keys Tab G
side | grep -qx 'Chapter 40'
ok $? "at open, the sidebar has the last chapter's entry: $(side | tail -n 3 | tr '\n' '|')"
side | grep -qx 'Middle of the last'
ok $? "... and the entry in the middle of the last chapter"
keys Enter
wait_top "MID-LAST is here."
[ "$(top_text)" = "MID-LAST is here." ]
ok $? "Enter on it reads the book on and goes to its place mid-chapter: $(top_text)"
status_line | grep -q 'Many chapters — Middle of the last'
ok $? "... the status line names the entry: $(status_line | sed 's/  */ /g')"
keys C-o
[ "$(top_text)" = "Chapter 1" ]
ok $? "Ctrl-O comes back to where the jump was made: $(top_text)"

tm_start 100 24 "$B/many.epub"
started
keys Tab G k Enter
wait_top "Chapter 40"
[ "$(top_text)" = "Chapter 40" ]
ok $? "Enter on a chapter's entry not read yet goes to its start: $(top_text)"
keys Tab
dups=$(side | grep '^Chapter [0-9]*$' | sort | uniq -d | tr '\n' '|')
[ -z "$dups" ] && [ "$(side | grep -c '^Chapter [0-9]*$')" -ge 20 ]
ok $? "... and the sidebar lists each chapter once, read or not (twice: '$dups')"
finish
