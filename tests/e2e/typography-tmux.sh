#!/bin/sh
# The text column's typography in the reader: a code line the column cuts is marked at its end
# (↪, drawn, never copied), list items hang under their text on screen as in a dump.
. "${TOP_SRCDIR:?}/tests/e2e/tmux.sh"
esc=$(printf '\033')

printf '```\n%s\nshort();\n```\n\n%s\n\n%s\n\n%s\n' \
	'int main(void) { return printf("a line of code far too long for forty columns of text"); }' \
	'- an item with words enough in it to wrap onto a second row of the column' \
	'- بند في قائمة عربية طويل بما يكفي لكي يلتف على سطر ثان في العمود' \
	'A paragraph after.' >"$tmux_dir/code.md"
# 44 columns: the text column is 42 wide, from column 2 to 43.
tm_start 44 16 "$tmux_dir/code.md"
tm set -s set-clipboard on
started
wait_for "short();"
marks=$(screen | sed -n '1,4p' | sed 's/ *$//' | sed -n 's/.*\(.\)$/\1/p' | tr '\n' ' ')
cols=$(screen | sed -n '1,2p' | awk '{ print length($0) }' | tr '\n' ' ')
[ "$marks" = "↪ ↪ } ; " ]
ok $? "a code line cut twice by the column: ↪ at the end of its first two rows only (got: $marks)"
# A terminal counts characters, not bytes: the mark is in the column's last cell, 43.
n1=$(screen | sed -n 1p | sed 's/ *$//' | wc -m)
n2=$(screen | sed -n 2p | sed 's/ *$//' | wc -m)
[ "$n1" -eq 44 ] && [ "$n2" -eq 44 ]
ok $? "the mark is in the column's last cell (rows of $((n1 - 1)) and $((n2 - 1)) cells)"
keys v
keys j
keys j
keys y
buf=$(tm show-buffer 2>/dev/null)
[ "$buf" = 'int main(void) { return printf("a line of code far too long for forty columns of text"); }' ]
ok $? "v and y copy the code line as it is written, without the mark (got: $buf)"
keys Escape
keys / 'of code far' Enter
status_line | grep -q "match 1 of 1"
ok $? "a search finds words across the cut"
keys / '↪' Enter
status_line | grep -q "match" && ! status_line | grep -q "No match\|no match\|not found"
[ $? -ne 0 ]
ok $? "a search for the mark finds nothing: it is not in the text"
keys Escape

# The list item: its second row starts under its text (column 4: the column starts at 2, the
# bullet and its space take 2 cells); the Arabic item's second row ends at 41 (marker at 43).
row=$(screen | grep -n 'second row' | cut -d: -f1)
lead=$(screen | sed -n "${row}p" | sed 's/[^ ].*//' | wc -c)
[ "$lead" -eq 4 ]
ok $? "an item's wrapped row starts under its text, not under its bullet (column $lead)"
arow=$(screen | grep -n ' •$' | sed -n 1p | cut -d: -f1)
right=$(screen | sed -n "$((arow + 1))p" | sed 's/ *$//' | wc -m)
[ "$right" -eq 42 ]
ok $? "an Arabic item's wrapped row ends under its text, two cells in from its bullet (column $((right - 1)))"
keys q
wait_for "QARI-EXIT=0"

finish
