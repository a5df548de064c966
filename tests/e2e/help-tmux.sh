#!/bin/sh
# The help screen: its footer says what the keys do there (Space scrolls, q or Esc returns), it
# opens at its top each time, and on a narrow screen (40 columns) its lines wrap instead of
# being cut.
. "${TOP_SRCDIR:?}/tests/e2e/tmux.sh"
SAMPLE=$TOP_SRCDIR/assets/articles/000_6e664869e5eb57da.txt

tm_start 40 12 "$SAMPLE"
started
keys h
status_line | grep -q "Space or j/k scroll, q or Esc returns"
ok $? "the footer says Space scrolls and q or Esc returns ($(status_line | sed 's/  */ /g'))"
screen | head -n 2 | tr '\n' ' ' | tr -s ' ' | grep -q "keys (each a command: its name on the right)"
ok $? "the title wraps at 40 columns instead of being cut"
screen | grep -q ":page-down"
ok $? "and so does the first key's line, its command's name shown"
first=$(screen | head -n 1)
keys Space
[ "$(screen | head -n 1)" != "$first" ]
ok $? "Space scrolls the help"
keys q
screen | grep -q "keys (each" && fail=1 || fail=0
ok $fail "q returns to the text"
keys h
screen | head -n 1 | grep -q "qari — keys"
ok $? "h opens the help at its top again ($(screen | head -n 1))"
keys Escape
screen | grep -q "keys (each" && fail=1 || fail=0
ok $fail "Esc returns too"
tm send-keys -t q q
[ "$(exit_status)" = 0 ]
ok $? "q quits with 0"
finish
