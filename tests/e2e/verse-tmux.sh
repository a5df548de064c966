#!/bin/sh
# Verse in the reader: a couplet's hemistichs side by side on a wide screen (the first on the
# right), in the room beside the text column (76 cells, the default) when it needs it, L and :linebreaks switch between auto, keep and join and say so on the status line,
# the top of the screen stays at its passage through every switch (Hafez's divan, skipped
# without the shared corpus), search lights a match inside a couplet row, y on a couplet row
# copies its two lines in their order, as text, and m bookmarks the couplet.
. "${TOP_SRCDIR:?}/tests/e2e/tmux.sh"
md=$TOP_SRCDIR/tests/data/verse-fa.md
h1='بنی آدم اعضای یک پیکرند'
h2='که در آفرینش ز یک گوهرند'
# What a line of text looks like on the screen alone: shaped, in visual order, unpadded.
shown() {
	printf '%s\n' "$1" | "$QARI" --dump --width 200 --format text | sed 's/^ *//; s/ *$//'
}
v1=$(shown "$h1")
v2=$(shown "$h2")
# The row that holds $1, without the spaces at either end.
row_of() { rows | grep -F -- "$1" | head -n 1; }
# Whether row $1 holds a couplet side by side: $2 on its left, a gap of 3 cells or more, $3.
pair() { printf '%s\n' "$1" | grep -qE -- "^$2   +$3\$"; }
status() { status_line | sed 's/  */ /g'; }

tm_start 110 20 "$md"
started
pair "$(row_of "$v1")" "$v2" "$v1"
ok $? "110 columns: the couplet is one row, its first hemistich on the right"
keys L
status_line | grep -q 'Line breaks: keep (every line of a paragraph kept)'
ok $? "L: keep, said on the status line ($(status))"
keys L
status_line | grep -q 'Line breaks: join (lines joined into paragraphs)' &&
	[ "$(row_of "$v1")" = "$v2 $v1" ]
ok $? "L again: join, the couplet one line of text ($(status))"
keys : && tm send-keys -t q -l 'linebreaks auto' && keys Enter
status_line | grep -q 'Line breaks: auto (verse keeps its lines, prose is joined)' &&
	pair "$(row_of "$v1")" "$v2" "$v1"
ok $? ":linebreaks auto: side by side again ($(status))"
keys : && tm send-keys -t q -l 'linebreaks often' && keys Enter
status_line | grep -q 'Line breaks are auto, keep or join: not often'
ok $? ":linebreaks with a bad value says what it takes ($(status))"
keys : && tm send-keys -t q -l 'width 30' && keys Enter
pair "$(row_of "$v1")" "$v2" "$v1" && keys Right &&
	status_line | grep -q 'Nothing on screen is wider than the column'
ok $? "a couplet wider than a 30-cell column is no table: Right says so ($(status))"
keys : && tm send-keys -t q -l 'width 76' && keys Enter
keys / && tm send-keys -t q -l 'گوهرند' && keys Enter
status_line | grep -q 'match 1 of 1' && pair "$(row_of "$v1")" "$v2" "$v1" &&
	tm capture-pane -p -e -t q | grep -F -- "$v1" | grep -q "$(printf '\033')\[[0-9;]*m$(shown 'گوهرند')"
ok $? "a search lights its match in the couplet row ($(status))"
keys q
exit_status >/dev/null

# A poem opened from a link takes the linebreaks the others have.
cp "$md" "$tmux_dir/poem.md"
printf '# Links\n\nRead [the poem](poem.md).\n' >"$tmux_dir/links.md"
tm_start 110 20 "$tmux_dir/links.md"
started
keys : && tm send-keys -t q -l 'linebreaks join' && keys Enter
status_line | grep -q 'Line breaks: join'
said=$?
keys U && keys Enter
[ $said = 0 ] && wait_for "$v2 $v1"
ok $? "after :linebreaks join, a poem opened from a link is joined too ($(status))"
keys : && tm send-keys -t q -l 'linebreaks auto' && keys Enter
pair "$(row_of "$v1")" "$v2" "$v1"
ok $? "and :linebreaks auto sets it side by side"
keys q
exit_status >/dev/null

# 40 columns: one hemistich under the other, each a row of its own.
tm_start 40 24 "$md"
started
r1=$(rows | grep -nxF -- "$v1" | cut -d: -f1)
r2=$(rows | grep -nxF -- "$v2" | cut -d: -f1)
[ -n "$r1" ] && [ "$r2" = $((r1 + 1)) ]
ok $? "40 columns: the hemistichs one under the other, the first above (rows $r1, $r2)"
keys q
exit_status >/dev/null

# y copies the top row: on a couplet, both hemistichs as the text has them.
tm_start 110 6 "$md"
tm set -s set-clipboard on
started
i=0
while [ $i -lt 12 ] && ! rows | head -n 1 | grep -qF -- "$v1"; do
	keys j
	i=$((i + 1))
done
pair "$(rows | head -n 1)" "$v2" "$v1"
on_pair=$?
[ $on_pair = 0 ] && keys y &&
	status_line | grep -q "Copied $(printf '%s\n%s' "$h1" "$h2" | wc -m | tr -d ' ') characters" &&
	[ "$(tm show-buffer)" = "$(printf '%s\n%s' "$h1" "$h2")" ]
ok $? "y on a couplet row copies its two lines, first then second ($(status))"
keys m Enter && tm send-keys -t q -l 'ghazal' && keys Enter
keys q
exit_status >/dev/null
[ $on_pair = 0 ] && "$QARI" --bookmarks "$md" | grep -qF -- "$(printf '2:0\t')" &&
	"$QARI" --bookmarks "$md" | grep -qF -- "$(printf 'ghazal\t%s %s' "$h1" "$h2")"
ok $? "m on a couplet row bookmarks the couplet: its block, its two lines quoted"

hafez=${QARI_SHARED:-$TOP_SRCDIR/../shared}/corpus/articles/fa_hafez_divan_ghazals.md
if [ -r "$hafez" ]; then
	tm_start 100 20 "$hafez"
	started
	n=$(rows | grep -cE '[^ ]   +[^ ]')
	[ "$n" -ge 5 ]
	ok $? "Hafez at 100 columns, the text column 76: its couplets side by side ($n on screen)"
	keys 5 0 %
	i=0
	while [ $i -lt 4 ] && ! rows | head -n 1 | grep -qE '[^ ]   +[^ ]'; do
		keys j
		i=$((i + 1))
	done
	top=$(rows | head -n 1)
	# The first hemistich: what is right of the gap.
	first=$(printf '%s\n' "$top" | sed -n 's/.*[^ ]   *//p')
	keys : && tm send-keys -t q -l 'linebreaks join' && keys Enter
	joined=$(rows | head -n 1)
	[ -n "$first" ] && printf '%s\n' "$joined" | grep -qF -- "$first" &&
		! printf '%s\n' "$joined" | grep -qE '[^ ]   +[^ ]' &&
		status_line | grep -q 'Line breaks: join'
	ok $? "Hafez at 50%: join keeps the couplet at the top, as one line"
	keys : && tm send-keys -t q -l 'linebreaks keep' && keys Enter
	[ -n "$first" ] && [ "$(rows | head -n 1)" = "$top" ] && status_line | grep -q 'Line breaks: keep'
	ok $? "and keep puts the same couplet row back at the top"
	keys q
	exit_status >/dev/null
else
	for i in 1 2 3; do echo "ok $((tap_n + i)) # SKIP no shared corpus"; done
	tap_n=$((tap_n + 3))
fi
finish
