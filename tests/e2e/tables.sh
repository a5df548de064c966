#!/bin/sh
# Tables wider than the text column (issue #17): each row stays one screen row with its columns
# lined up (never a cell wrapped under the first), cut at the column's edge with a mark, and
# Left and Right scroll them sideways: a left-to-right table from its left, a right-to-left
# one from its right; a search match in a cut-off cell is scrolled into view. --dump keeps each
# row whole. A table whose cells are paragraphs is still read as paragraphs.
. "${TOP_SRCDIR:?}/tests/e2e/tmux.sh"
keys() { tm send-keys -t q "$@"; tmux_settle q; }
T=$TOP_SRCDIR/tests/data/tables.md
# The columns of "│" in the rows holding $1 (one line of numbers per row).
bars() { rows | grep -- "$1" | while IFS= read -r l; do
	printf '%s\n' "$l" | awk -v FS= '{ s = ""; for (i = 1; i <= NF; i++) if ($i == "│") s = s " " i; print s }'
done | sort -u | wc -l; }

tm_start 50 20 "$T"
started
[ "$(rows | grep -c 'Egypt\|Iran\|Israel\|Country')" -eq 4 ] &&
	rows | grep -q '^Egypt *│ Cairo *│ 104,000,000 │'
ok $? "at 50 columns a 75-cell table keeps one row a screen row, lined up: $(rows | grep Egypt)"
[ "$(bars 'Egypt\|Iran\|Israel\|Country')" -eq 1 ]
ok $? "... its separators one under the other"
rows | grep -q '^Iran *│ Tehran *│  85,000,000 │'
ok $? "... a --: column's numbers stand at its right"
rows | grep 'Egypt' | grep -q '›$'
ok $? "... and the cut edge is marked"
rows | grep -q 'Currency\|Shekel'
[ $? -ne 0 ]
ok $? "... the last columns are past the edge"
# The Hebrew table reads from the right: ארץ (its first column) at the right edge.
rows | grep -q 'םירצמ *$'
ok $? "a right-to-left table starts at its right: $(rows | grep 'םירצמ')"
rows | grep -q 'תירצמ הריל'
[ $? -ne 0 ]
ok $? "... its last column (currency) past the left edge"
keys Right
rows | grep -q 'Currency' && rows | grep -q 'Shekel' && rows | grep -q '^‹'
ok $? "Right scrolls the table: its last columns show, the left edge marked: $(rows | grep Shekel)"
[ "$(bars 'Egypt\|Iran\|Israel\|Currency')" -eq 1 ]
ok $? "... still lined up, rows of every width"
keys Right Right
status_line | grep -q 'right edge of the table'
ok $? "... and past the end says so: $(status_line | sed 's/   */ /g')"
keys Left Left Left
rows | grep -q '^Country'
ok $? "Left comes back to the table's start"
rows | grep -q 'תירצמ הריל'
ok $? "... which Left showed: $(rows | grep 'הריל')"
keys Right Right Right
rows | grep -q 'םירצמ *$'
ok $? "... Right brings back its first"
keys / Shekel Enter
rows | grep -q 'Shekel'
ok $? "a search match in a cell past the edge is scrolled into view"
keys / 'שקל' Enter
rows | grep -q 'לקש'
ok $? "... in a right-to-left table too: $(rows | grep 'לקש')"
keys Escape g
keys Right
keys q
wait_for "QARI-EXIT=0"

printf 'Just prose, no table.\n' >"$tmux_dir/prose.txt"
tm_start 50 20 "$tmux_dir/prose.txt"
started
keys Right
status_line | grep -q 'Nothing on screen is wider'
ok $? "Right where nothing is wide says what it is for"
keys q
wait_for "QARI-EXIT=0"

"$QARI" --dump --width 40 --bidi terminal --shape none "$T" >"$tmux_dir/dump"
grep -q '^Egypt *│ Cairo *│ 104,000,000 │ 1,002,450 │ Arabic *│ Egyptian pound$' "$tmux_dir/dump"
ok $? "--dump at 40 columns prints each row whole, lined up"

# The sideways scroll is the document's tables': another document starts at their start.
cp "$T" "$tmux_dir/second.md"
tm_start 50 20 "$T" "$tmux_dir/second.md"
started
keys Right : && tm send-keys -t q -l 'next-document' && keys Enter
rows | grep -q '^Egypt *│ Cairo *│ 104,000,000 │'
ok $? "after Right, the next document's table is shown from its start: $(rows | grep Egypt)"
keys q
wait_for "QARI-EXIT=0"

long=$(awk 'BEGIN { for (i = 0; i < 40; i++) printf "word%d ", i }')
printf '<table><tr><td>%s</td><td>%s</td></tr></table>\n' "$long" "$long" >"$tmux_dir/layout.html"
"$QARI" --dump --width 60 "$tmux_dir/layout.html" >"$tmux_dir/dump2"
[ "$(awk '{ if (length($0) > m) m = length($0) } END { print m }' "$tmux_dir/dump2")" -le 60 ]
ok $? "a table whose cells are paragraphs wraps at the column as prose"
printf '<table><tr><td>a</td><td></td><td>%s</td></tr><tr><td>b</td><td></td><td>%s</td></tr></table>\n' \
	"$long" "$long" >"$tmux_dir/layout2.html"
"$QARI" --dump --width 60 "$tmux_dir/layout2.html" >"$tmux_dir/dump3"
[ "$(grep -c . "$tmux_dir/dump3")" -gt 2 ] # rows lined up are never wrapped: a line each
ok $? "... also when an empty column stands before the paragraph-wide one"
finish
