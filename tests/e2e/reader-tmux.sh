#!/bin/sh
# The interactive reader, driven in a private tmux server the way a user drives it: the first
# screen shows the title shaped and in visual order, Space turns the page, Tab then Enter on a
# heading in the sidebar jumps to it, a resize keeps the same passage at the top, and q quits
# with the terminal given back. What the screen should show is taken from `qari --dump`, which
# dump-visual-order.sh checks against ICU.
. "${TOP_SRCDIR:?}/tests/e2e/tmux.sh"
SAMPLE=$TOP_SRCDIR/assets/articles/000_6e664869e5eb57da.txt
# Line $2 (1-based) of the dump at width $1, trimmed.
dump_line() { "$QARI" --dump --width "$1" "$SAMPLE" | sed -n "${2}p" | sed 's/^ *//; s/ *$//'; }

tm_start 80 24 "$SAMPLE"

# 80 columns: the text column is the default 76 cells wide.
title=$(dump_line 76 1)
wait_for "$title"
ok $? "the title shows shaped, in visual order: $title"
first=$(rows | sed -n 1p)
[ "$first" = "$title" ]
ok $? "the title is the first row"
screen | tail -n 1 | grep -q "page 1/"
ok $? "the status line says page 1"

# Space: the top row becomes the first row of page 2 (pages of 23 rows at width 76).
page2=$("$QARI" --dump --width 76 --height 23 --page 2 "$SAMPLE" | sed -n 1p | sed 's/^ *//; s/ *$//')
tm send-keys -t q Space
settle
[ "$(rows | sed -n 1p)" = "$page2" ]
ok $? "Space turns the page"
screen | tail -n 1 | grep -q "page 2/"
ok $? "the status line says page 2"

# Tab opens the sidebar (on the right: the document is RTL); j moves to the first heading;
# Enter jumps there. The text column is narrower beside the sidebar: 80 - 26 - 1 - 2 = 51.
heading=$("$QARI" --dump --width 51 "$SAMPLE" | grep -F "$(printf 'ﻦﻃاﻮﻤﻠﻟ بﺮﻗأ ﺔﻃﺮﺷ')" | head -n 1 |
	sed 's/^ *//; s/ *$//')
tm send-keys -t q Tab
settle
screen | grep -q "│"
ok $? "Tab shows the sidebar"
tm send-keys -t q g j Enter
settle
top=$(screen | sed -n 1p | sed 's/│.*//; s/^ *//; s/ *$//')
[ -n "$heading" ] && [ "$top" = "$heading" ]
ok $? "Enter on the heading in the sidebar puts it at the top ($top)"

# Esc leaves the sidebar; Tab twice hides it. Then scroll into a paragraph and resize.
tm send-keys -t q Tab Tab
settle
tm send-keys -t q j j j
settle
before=$(rows | sed -n 1p)
lastword_before=${before##* }
tm resize-window -t q -x 60 -y 20
settle
after=$(rows | sed -n 1p)
# An RTL line's logical start is its right end. The char at the top of the screen is kept, so
# the word that opened the top row is still in the top row (which may now start earlier).
case " $after " in
*" $lastword_before "*) found=0 ;;
*) found=1 ;;
esac
[ -n "$lastword_before" ] && [ "$before" != "$after" ]
ok $? "a resize to 60 columns re-wraps the text"
ok $found "after the resize the same passage is at the top ($lastword_before)"

# Below 60 columns the sidebar covers the text; Enter on a heading jumps and gives the text back.
tm resize-window -t q -x 50 -y 15
settle
keys Tab g j Enter
narrow=$("$QARI" --dump --width 48 "$SAMPLE" | grep -F "$(printf 'ﻦﻃاﻮﻤﻠﻟ بﺮﻗأ ﺔﻃﺮﺷ')" | head -n 1 |
	sed 's/^ *//; s/ *$//')
[ -n "$narrow" ] && [ "$(rows | sed -n 1p)" = "$narrow" ]
ok $? "at 50 columns, Enter in the sidebar shows the text at the heading"

# Ctrl-G says which document this is, its format and size, and where in it (the rest is
# past the 50 columns of the screen now).
tm send-keys -t q C-g
settle
status_line | grep -q "$(basename "$SAMPLE") · text, [0-9]* KB"
ok $? "Ctrl-G shows the document's name, format and size"

# h shows the help; any key closes it; q quits and gives the terminal back.
tm send-keys -t q h
settle
screen | grep -q "next page"
ok $? "h shows the help screen"
tm send-keys -t q x
settle
tm send-keys -t q q
wait_for "QARI-EXIT=0"
ok $? "q quits with status 0"
! screen | grep -qF "$title"
ok $? "the reader's screen is gone after q (alternate screen restored)"

# A file in an old Arabic charset: the status line says what to do about the U+FFFD shown.
printf '\307\341\343\312\307\310 \307\341\343\326\321\326\n\n\343\322\314\n' \
	>"$tmux_dir/cp1256.txt"
tm_start 100 10 "$tmux_dir/cp1256.txt"
settle
status_line | grep -q "not UTF-8.*--encoding windows-1256"
ok $? "a file that is not UTF-8: the status line suggests --encoding"
tm send-keys -t q q
wait_for "QARI-EXIT=0"

# An RLO in a file's name: Ctrl-G shows it as U+FFFD, and the rest of the line in its order
# (the RLO used to reverse "txt.exe · text, 1 KB" and what followed it).
evil=$(printf 'abc\342\200\256txt.exe')
printf 'one paragraph\n' >"$tmux_dir/$evil"
tm_start 100 10 "'$tmux_dir/$evil'"
started
tm send-keys -t q C-g
settle
status_line | grep -q "abc�txt.exe · text, 1 KB, 1 paragraph · page 1"
ok $? "Ctrl-G shows a name with an RLO neutralised, the line in its order"
tm send-keys -t q q
wait_for "QARI-EXIT=0"

finish
