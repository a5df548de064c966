#!/bin/sh
# Bookmarks as a user makes them: m then Enter and a note on a passage, quit, open the same
# file again: the reader is back at the saved page, the bookmark is in the sidebar, Enter on it
# jumps to its passage; quick marks (m a, ' a) survive a restart too; qari --bookmarks and
# --export-bookmarks json list it.
. "${TOP_SRCDIR:?}/tests/e2e/tmux.sh"
SAMPLE=$TOP_SRCDIR/assets/articles/000_6e664869e5eb57da.txt
PYTHON3=${PYTHON3:-/usr/bin/python3}
title=$("$QARI" --dump --width 76 "$SAMPLE" | sed -n 1p | sed 's/^ *//')
tm_start 80 24 "$SAMPLE"
wait_for "$title"
# Page 2, three lines down: the passage to bookmark is the top row.
keys Space
keys j j j
top=$(rows | sed -n 1p)
keys m
status_line | grep -q "quick mark"
ok $? "m asks what to do (letter or Enter)"
keys Enter
keys "une note" Enter
status_line | grep -q "Bookmark saved"
ok $? "Enter and a note save the bookmark"
keys g
keys m a
status_line | grep -q "Mark 'a set"
ok $? "m a sets a quick mark at the start"
keys G
keys q
wait_for "QARI-EXIT=0"
ok $? "q quits"

"$QARI" --bookmarks "$SAMPLE" > "$tmux_dir/list.tsv"
lines=$(wc -l < "$tmux_dir/list.tsv")
[ "$lines" -eq 1 ] && cut -f4 "$tmux_dir/list.tsv" | grep -qx "une note"
ok $? "qari --bookmarks lists the one bookmark with its note"
if "$PYTHON3" -c 'import json,sys; d=json.load(sys.stdin); it=d["first"]["items"]; assert len(it)==1 and it[0]["body"]["value"]=="une note"' \
	< "$("$QARI" --export-bookmarks json "$SAMPLE" > "$tmux_dir/b.json"; echo "$tmux_dir/b.json")"; then
	ok 0 "--export-bookmarks json is a Web Annotation collection with the bookmark"
else
	ok 1 "--export-bookmarks json is a Web Annotation collection with the bookmark"
fi

# Reopen: back at the end (where we quit), the bookmark in the sidebar, Enter jumps to it.
tm_start 80 24 "$SAMPLE"
settle
[ "$(rows | sed -n 1p)" != "$title" ]
ok $? "the reader reopens where it was left, not at the title"
keys "'" a
[ "$(rows | sed -n 1p)" = "$title" ]
ok $? "' a goes back to quick mark a after a restart"
keys Tab
screen | grep -q "★"
ok $? "the bookmark shows in the sidebar"
keys G Enter
got=$(screen | sed -n 1p | sed 's/│.*//; s/^ *//; s/ *$//')
# Beside the sidebar the column is narrower, so compare the passage's first word.
word=${top##* }
case " $got " in *" $word "*) found=0 ;; *) found=1 ;; esac
ok $found "Enter on the bookmark puts its passage at the top ($word)"
keys Tab G d
screen | grep -q "★"
[ $? -ne 0 ]
ok $? "d deletes the bookmark"
keys u
screen | grep -q "★"
ok $? "u brings it back"
keys q q
wait_for "QARI-EXIT=0"
ok $? "q quits again"

# A document read once comes back when qari is started with no file, before the samples.
printf 'A recently read note\n\nIts only paragraph, long enough to be a paragraph and not a heading.\n' \
	> "$tmux_dir/recent.txt"
tm_start 80 24 "$tmux_dir/recent.txt"
wait_for "A recently read note"
keys q
tm_start 100 24
wait_for "A recently read note"
ok $? "qari with no file opens the recently read document first"
keys Tab
screen | grep -q "002_2927fe6f3b4253d6.txt"
ok $? "... and the bundled samples after it (in the sidebar)"
keys q q

# A book is opened on its first 256 KiB, so its bookmarks are found again in the text later (in
# idle time, or when one is jumped to). Bookmark a passage near the end, quit at the start, put
# new paragraphs before it: the bookmark must still lead to its passage.
big=$tmux_dir/big.txt
book() {
	echo "A long generated book"
	echo
	awk -v extra="$1" 'BEGIN {
		for (i = 1; i <= extra; i++)
			printf "Inserted paragraph %d, which moves every later one down.\n\n", i
		for (i = 1; i <= 3000; i++)
			printf "Paragraph p%d of the book, with enough words to fill a line or two of the reader at eighty columns.\n\n", i
	}'
}
book 0 > "$big"
tm_start 80 24 "$big"
wait_for "A long generated book"
keys G
keys k k k k
passage=$(rows | grep -o "p[0-9][0-9]*" | head -n 1)
keys m Enter
keys "late note" Enter
keys g q
wait_for "QARI-EXIT=0"
book 40 > "$big"
tm_start 100 24 "$big"
wait_for "A long generated book"
# Read to its end in idle time, the book has its bookmark found again: the status line says so
# (until the next key).
wait_for "1 bookmark(s) moved"
ok $? "the status line says the bookmark moved"
keys Tab G Enter
# A slow build (the sanitizers) may take a while to get there: poll the top row.
top_has() {
	i=0
	while [ $i -lt 50 ]; do
		screen | sed -n 1p | grep -q "$1" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}
top_has "$passage "
ok $? "a bookmark in a book edited before it still leads to its passage ($passage)"
keys q q

# With no database (a home that cannot be written), a 3 MB book still reads, and its pages are
# counted in idle time as with one (the bookmarks' idle work once kept the counting from going
# on after the book was read in).
awk 'BEGIN { print "A bigger book\n"; for (i = 1; i <= 30000; i++)
	printf "Paragraph p%d of the book, with words enough to fill a line or two.\n\n", i }' \
	>"$tmux_dir/bigger.txt"
saved_data=$XDG_DATA_HOME
XDG_DATA_HOME=/dev/null/qari
export XDG_DATA_HOME
tm_start 100 24 "$tmux_dir/bigger.txt"
wait_for "A bigger book"
status_line | grep -q "will not be kept"
ok $? "without a database the status line says positions will not be kept"
keys C-l # the message goes with the next key
i=0
until status_line | grep -q "page 1/[0-9]" || [ $i -ge 300 ]; do
	sleep 0.1
	i=$((i + 1))
done
status_line | grep -q "page 1/[0-9]"
ok $? "without a database the pages of a book are still counted ($(status_line | sed 's/^ *//'))"
keys q
XDG_DATA_HOME=$saved_data
export XDG_DATA_HOME

finish
