#!/bin/sh
# The prompts' line editor, as a user types: the cursor moves and edits anywhere in the line
# (Left, Right, Home, End, Ctrl-A, Ctrl-E, Ctrl-W, Ctrl-U, Ctrl-K, Delete, Ctrl-Left), typed
# Arabic and Hebrew grow to the left with the cursor on their left, input without letters
# keeps its own order in an Arabic document, a long line scrolls to keep the cursor in sight,
# and a paste is text: two lines pasted into the note make one note, and pasted into the text
# they run no command.
. "${TOP_SRCDIR:?}/tests/e2e/tmux.sh"
SAMPLE=$TOP_SRCDIR/assets/articles/000_6e664869e5eb57da.txt

cursor_x() { tm display -p -t q '#{cursor_x}'; }
# type TEXT: types it literally into the pane, then waits for the screen.
type_in() {
	tm send-keys -t q -l "$1"
	settle
}

tm_start 60 15 "$SAMPLE"
started
keys /
type_in "helo wrld"
keys Left Left Left
type_in o
[ "$(status_line | sed 's/ *$//')" = "/helo world" ] && [ "$(cursor_x)" = 8 ]
ok $? "Left Left Left, o: the letter goes in the middle, the cursor after it ($(cursor_x))"
keys Home Right Right Right
type_in l
[ "$(status_line | sed 's/ *$//')" = "/hello world" ] && [ "$(cursor_x)" = 5 ]
ok $? "Home, Right x3, l: /hello world, the cursor at 5 ($(cursor_x))"
keys End C-w
[ "$(status_line | sed 's/ *$//')" = "/hello" ]
ok $? "End, Ctrl-W: the last word goes ($(status_line | sed 's/ *$//'))"
type_in " big world"
keys C-Left C-Left Delete Delete Delete Delete
[ "$(status_line | sed 's/ *$//')" = "/hello  world" ]
ok $? "Ctrl-Left twice, Delete x4: the word at the cursor goes ($(status_line | sed 's/ *$//'))"
keys C-a C-k
[ "$(status_line | sed 's/ *$//')" = "/" ] && [ "$(cursor_x)" = 1 ]
ok $? "Ctrl-A, Ctrl-K: the line is empty"
type_in "abc def"
keys Left Left Left C-u
[ "$(status_line | sed 's/ *$//')" = "/def" ] && [ "$(cursor_x)" = 1 ]
ok $? "Ctrl-U takes what is before the cursor only"
keys Escape

# Arabic: each letter appears on the left of the last, and the cursor stays left of them all,
# where the next goes; the text is what qari shows for the word (joined, in visual order).
keys /
type_in "كت"
c1=$(cursor_x)
type_in "ب"
c2=$(cursor_x)
shown=$(status_line | sed 's/ *$//')
want="/ $(printf 'كتب\n' | "$QARI" --dump --width 20 /dev/stdin | sed 's/^ *//')"
[ "$c1" = 1 ] && [ "$c2" = 1 ] && [ "$shown" = "$want" ]
ok $? "Arabic typed: the cursor stays left of the word ($c1, $c2), the word joined ($shown)"
keys Right
[ "$(cursor_x)" = 2 ]
ok $? "Right in Arabic input goes back one letter: the cursor moves right ($(cursor_x))"
keys Escape /
type_in "שלום"
[ "$(cursor_x)" = 1 ] && status_line | grep -q "^/ םולש"
ok $? "Hebrew typed: shown right to left, the cursor on its left ($(cursor_x))"
keys Escape

# No letters in an Arabic document: as typed, not turned around by the document's direction.
keys /
type_in "(2.4"
[ "$(status_line | sed 's/ *$//')" = "/(2.4" ] && [ "$(cursor_x)" = 5 ]
ok $? "(2.4 typed in an Arabic document shows as typed ($(status_line | sed 's/ *$//'))"
keys Escape

# A long line at 40 columns: the end, where the cursor is, shows; Home shows the start.
tm resize-window -t q -x 40 -y 12
settle
keys /
type_in "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN"
line=$(status_line)
echo "$line" | grep -q "ABCDEFGHIJKLMN" && [ "$(cursor_x)" -le 39 ]
ok $? "50 characters at 40 columns: the end shows, the cursor in sight ($(cursor_x))"
keys Home
status_line | grep -q "^/0123456789" && [ "$(cursor_x)" = 1 ]
ok $? "Home: the start shows again"
keys Escape
tm resize-window -t q -x 60 -y 15
settle

# Resized while a prompt waits: what was typed stays, and so does the cursor.
keys /
type_in "abc"
keys Left
tm resize-window -t q -x 50 -y 14
settle
[ "$(status_line | sed 's/ *$//')" = "/abc" ] && [ "$(cursor_x)" = 3 ]
ok $? "a resize in the prompt keeps the text and the cursor ($(cursor_x))"
keys Escape
tm resize-window -t q -x 60 -y 15
settle

# Pasted into the note: two lines make one note with a space; the second line ("q", "G")
# runs nothing.
page=$(status_line | grep -o 'page [0-9]*')
tm set-buffer -b qp "$(printf 'first line\nG then q')"
keys m Enter
tm paste-buffer -p -b qp -t q
settle
keys Enter C-l
"$QARI" --bookmarks "$SAMPLE" | grep -q "first line G then q"
ok $? "two pasted lines are one note"
status_line | grep -q "$page"
ok $? "and nothing of the paste ran as keys ($page)"

# Pasted into the text itself: no command runs, a message says where a paste goes.
tm set-buffer -b qp2 "G q"
tm paste-buffer -p -b qp2 -t q
settle
status_line | grep -q "paste is read only in a prompt"
ok $? "a paste into the text says where pastes go"
keys C-l
status_line | grep -q "$page" && [ -z "$(screen | grep QARI-EXIT=)" ]
ok $? "and runs nothing (still at $page, still running)"
tm send-keys -t q q
[ "$(exit_status)" = 0 ]
ok $? "q quits with 0"

# A resize inside every prompt and wait: after it, Esc leaves the screen a fresh start at the
# new size shows (text laid out anew, the status line there), and the prompt kept its text.
tm_start 60 15 "$SAMPLE"
started
f_i=0
while [ $f_i -lt 50 ] && status_line | grep -q '/…'; do
	sleep 0.1
	f_i=$((f_i + 1))
done
fresh=$(screen)
keys q
wait_for "QARI-EXIT=0"
for how in "/|search" "?|search backward" ":|command" "m Enter|note" "m|mark wait" "'|go-to-mark wait"; do
	opener=${how%%|*} what=${how#*|}
	tm_start 100 30 "$SAMPLE"
	started
	keys $opener
	case $what in *wait) ;; *) type_in "abc" ;; esac
	tm resize-window -t q -x 60 -y 15
	settle
	kept=0
	case $what in
	*wait) status_line | grep -q "[a-z]" && kept=1 ;;
	*) status_line | grep -q "abc" && kept=1 ;;
	esac
	keys Escape C-l
	same=0
	[ $kept = 1 ] && [ "$(screen)" = "$fresh" ] && same=1
	[ $same = 1 ] || {
		echo "# kept=$kept"
		screen >"$tmux_dir/got"
		echo "$fresh" | diff - "$tmux_dir/got" | sed 's/^/# /' | head -8
	}
	[ $same = 1 ]
	ok $? "resized 100x30 -> 60x15 inside the $what prompt: kept, then the screen of a fresh start"
	keys q
	wait_for "QARI-EXIT=0"
done
finish
