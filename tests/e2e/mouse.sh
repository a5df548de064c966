#!/bin/sh
# The mouse, as tmux passes it on (X10 encoding, as TERM=screen asks): the wheel scrolls the
# text by three lines a notch, each way; over the sidebar it moves through the entries; a click
# on a heading in the sidebar goes there; a click on a link follows it (as U Enter); "mouse = off"
# in the settings leaves the terminal's mouse alone (qari asks for no mouse reports).
. "${TOP_SRCDIR:?}/tests/e2e/tmux.sh"
SAMPLE=$TOP_SRCDIR/assets/articles/000_6e664869e5eb57da.txt
d=$tmux_dir/docs
mkdir -p "$d"
{
	echo "# First part"
	echo
	echo "Read [the manual](mailto:manual@example.org) before, or [skip it](#second-part)."
	i=0
	while [ $i -lt 60 ]; do
		echo
		echo "Line $i of the first part."
		i=$((i + 1))
	done
	echo
	echo "# Second part"
	echo
	echo "The second part starts here."
} >"$d/parts.md"

# mouse BUTTON X Y: one mouse event at column X, row Y (from 0), X10-encoded.
mouse() {
	tm send-keys -t q -l "$(printf '\033[M%b%b%b' "\\$(printf '%03o' $((32 + $1)))" \
		"\\$(printf '%03o' $((33 + $2)))" "\\$(printf '%03o' $((33 + $3)))")"
	settle
}
wheel_down() { mouse 65 "$1" "$2"; }
wheel_up() { mouse 64 "$1" "$2"; }
# A click is a press, then a release (button code 3 in X10).
click() {
	mouse 0 "$1" "$2"
	mouse 3 "$1" "$2"
}
top_rows() { rows | head -n 3; }

tm_start 80 20 "$SAMPLE"
started
[ "$(tm display -p -t q '#{mouse_any_flag}')" = 1 ]
ok $? "the reader asks the terminal for mouse reports"
start=$(top_rows)
keys j j j
three=$(top_rows)
keys k k k
wheel_down 40 5
[ "$(top_rows)" = "$three" ] && [ "$three" != "$start" ]
ok $? "a notch of the wheel down scrolls three lines, as j j j does"
wheel_up 40 5
[ "$(top_rows)" = "$start" ]
ok $? "a notch up scrolls them back"
wheel_down 40 19
[ "$(top_rows)" = "$start" ]
ok $? "the wheel over the status line scrolls nothing"
tm send-keys -t q q
[ "$(exit_status)" = 0 ]
ok $? "q quits with 0"

# The sidebar: a click on "Second part" goes there; the wheel over it moves the selection.
tm_start 80 20 "$d/parts.md"
started
keys Tab
row=$(screen | grep -n "Second part" | head -n 1 | cut -d: -f1)
[ -n "$row" ]
ok $? "the sidebar lists the second part (row $row)"
click 3 $((row - 1))
rows | grep -q "The second part starts here"
ok $? "a click on it goes there"
before=$(rows)
wheel_down 3 2
[ "$(rows)" = "$before" ]
ok $? "the wheel over the sidebar leaves the text where it was"
keys Escape g
row=$(screen | grep -n "the manual" | head -n 1 | cut -d: -f1)
col=$(screen | sed -n "${row}p" | sed 's/the manual.*//' | wc -m)
click $((col + 2)) $((row - 1))
status_line | grep -q "Not a page qari opens: mailto:manual@example.org"
ok $? "a click on a link does what U then Enter do: a mail address is not opened but copied ($(status_line | sed 's/  */ /g'))"
col=$(screen | sed -n "${row}p" | sed 's/skip it.*//' | wc -m)
click $((col + 2)) $((row - 1))
rows | grep -q "The second part starts here"
ok $? "... a link to a place in the page goes there"
keys C-o
rows | grep -q "the manual"
ok $? "... and Ctrl-O comes back"
tm send-keys -t q q
[ "$(exit_status)" = 0 ]
ok $? "q quits with 0"

# In a terminal of its own (a pty, TERM=xterm-256color), as most terminals report the mouse: SGR
# (1006) sequences. Eight notches of the wheel down are 24 lines: page 2; eight up, page 1.
if [ -n "${PYTHON3:-}" ]; then
	down='key:\x1b[<65;20;5M' up='key:\x1b[<64;20;5M'
	res=$(TERM=xterm-256color "$PYTHON3" "$TOP_SRCDIR/tests/e2e/pty.py" --size 24x80 \
		--out "$tmux_dir/sgr.bin" settle \
		$down $down $down $down $down $down $down $down settle 'key:\x07' settle \
		snap:"$tmux_dir/sgr-down.bin" \
		$up $up $up $up $up $up $up $up settle 'key:\x07' settle key:q -- "$QARI" "$d/parts.md")
	grep -aq "$(printf '\033')\[?1006" "$tmux_dir/sgr.bin"
	ok $? "in a pty with TERM=xterm-256color qari asks for SGR mouse reports (1006)"
	grep -aq 'page 2/' "$tmux_dir/sgr-down.bin"
	ok $? "SGR wheel down, 8 notches: page 2"
	tail -c 400 "$tmux_dir/sgr.bin" | grep -aq 'page 1/'
	ok $? "SGR wheel up, 8 notches: page 1 again"
	[ "$res" = "exit 0" ]
	ok $? "q quits ($res)"
else
	for i in 1 2 3 4; do
		echo "ok $((tap_n + 1)) # SKIP python3 missing" && tap_n=$((tap_n + 1))
	done
fi

# mouse = off: no mouse reports asked for.
mkdir -p "$XDG_CONFIG_HOME/qari"
echo "mouse = off" >"$XDG_CONFIG_HOME/qari/config"
tm_start 80 20 "$SAMPLE"
started
[ "$(tm display -p -t q '#{mouse_any_flag}')" = 0 ]
ok $? "mouse = off: the terminal's mouse is left alone"
tm send-keys -t q q
rm -f "$XDG_CONFIG_HOME/qari/config"
finish
