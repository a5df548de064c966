#!/bin/sh
# The settings file as the reader takes it: a line with a mistake is a warning on the status
# line naming the line (the reader opens, that setting at its default, the others applied), a
# comment may follow a value, + and - say the width they set, and that width is there again at
# the next start, unless the settings file's column changed since.
. "${TOP_SRCDIR:?}/tests/e2e/tmux.sh"
conf=$XDG_CONFIG_HOME/qari/config
mkdir -p "$XDG_CONFIG_HOME/qari"
doc=$tmux_dir/words.txt
{
	printf 'Words\n\n'
	i=1
	while [ $i -le 12 ]; do
		printf 'one two three four five six seven eight nine ten eleven twelve thirteen. '
		i=$((i + 1))
	done
	printf '\n'
} >"$doc"
# The widest row of text on screen, in cells (the text is ASCII).
widest() { rows | awk '{ if (length($0) > w) w = length($0) } END { print w + 0 }'; }

printf '# mine\nbidi = banana\ncolumn = 40   # narrow, for reading\n' >"$conf"
tm_start 120 30 "$doc"
started
ok $? "the reader opens despite a mistake in the settings file"
status_line | grep -q "config:2: bad value 'banana' for bidi"
ok $? "the status line names the line at fault ($(status_line | sed 's/  */ /g'))"
w=$(widest)
[ "$w" -le 40 ] && [ "$w" -ge 34 ]
ok $? "column = 40 followed by a comment applies (widest row $w)"
keys +
status_line | grep -q "Text column 44 cells wide"
ok $? "+ says the new width ($(status_line | sed 's/  */ /g'))"
w=$(widest)
[ "$w" -le 44 ] && [ "$w" -gt 40 ]
ok $? "and the text is that wide (widest row $w)"
tm send-keys -t q q
[ "$(exit_status)" = 0 ]
ok $? "q quits with 0"

tm_start 120 30 "$doc"
started
w=$(widest)
[ "$w" -le 44 ] && [ "$w" -gt 40 ]
ok $? "the next start has the width + left (widest row $w)"
keys - -
status_line | grep -q "Text column 36 cells wide"
ok $? "- twice says 36 ($(status_line | sed 's/  */ /g'))"
tm send-keys -t q q
exit_status >/dev/null

printf 'column = 50\n' >"$conf"
tm_start 120 30 "$doc"
started
w=$(widest)
[ "$w" -le 50 ] && [ "$w" -gt 44 ]
ok $? "a column written in the settings since wins over the width remembered (widest row $w)"
keys + + + + + + + + + + + + + + + + + + + +
status_line | grep -q "Text column 130 cells wide (1[01][0-9] fit the window)"
ok $? "a width wider than the window says what fits ($(status_line | sed 's/  */ /g'))"
tm send-keys -t q q
exit_status >/dev/null
finish
