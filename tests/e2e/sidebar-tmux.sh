#!/bin/sh
# The sidebar: its sections are named (Documents, Contents, Bookmarks, Matches); the matches are
# listed under the pattern as typed, each in its words with the match lit; a bookmark shows its
# note, then its passage; j and k step over the sections' names; the selection bar is unbroken.
. "${TOP_SRCDIR:?}/tests/e2e/tmux.sh"
doc=$tmux_dir/guide.md
cat >"$doc" <<'MD'
# Guide to zebras

## Intro

The zebra lives in Africa, on the grass plains, and eats grass all day long.

## Habits

Herds of zebra move together. A zebra foal stands within an hour of birth.
MD
# The sidebar's part of row $1 (from 1) of the screen, with its escape sequences.
side_row() { tm capture-pane -p -e -t q | sed -n "${1}p" | sed 's/│.*//'; }
row_of() { screen | grep -n -- "$1" | head -n 1 | cut -d: -f1; }

tm_start 100 20 "$doc"
started
keys Tab
screen | grep -q "^ Documents  *│"
ok $? "the documents are under 'Documents'"
screen | grep -q "^   Contents  *│"
ok $? "the headings under 'Contents'"
keys Tab
keys m Enter
keys m y Space n o t e Enter
keys Tab
screen | grep -q "^   Bookmarks  *│"
ok $? "the bookmarks under 'Bookmarks'"
screen | grep -q "★ my note · “Guide to zebras”"
ok $? "a bookmark shows its note, then its passage ($(screen | grep '★' | sed 's/│.*//'))"
keys g j j j j
y=$(row_of "★ my note")
side_row "$y" | sed 's/★.*//' >"$tmux_dir/before"
side_row "$y" | sed 's/.*★//; s/”.*//' >"$tmux_dir/after"
grep -q "7m" "$tmux_dir/before" && ! grep -q "\[0m\|\[m\|27m" "$tmux_dir/before" &&
	! grep -q "\[0m\|\[m\|27m" "$tmux_dir/after"
ok $? "j steps over the names to the bookmark, whose bar is unbroken ($(side_row "$y" | cat -v))"
keys Tab
keys / z e b r a Enter
keys Tab
screen | grep -q "^ Matches for “zebra” (4)"
ok $? "the matches are under the pattern as typed, and how many"
! screen | grep -q "›" && screen | grep -q "^   Herds of zebra move together" &&
	screen | grep -q "^   The zebra lives in Africa"
ok $? "each match shows in its words, not under its heading"
y=$(row_of "^   Herds of zebra")
printf '%s' "$(side_row "$y")" | grep -q "$(printf 'of \033\\[[0-9;]*m')"
ok $? "and the match is lit in its row ($(side_row "$y" | cat -v))"
tm send-keys -t q Escape q
[ "$(exit_status)" = 0 ]
ok $? "q quits with 0"
finish
