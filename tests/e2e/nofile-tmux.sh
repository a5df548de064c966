#!/bin/sh
# qari with no file opens what --help, the man page and the README say it opens: the documents
# read most recently, then the bundled sample articles.
. "${TOP_SRCDIR:?}/tests/e2e/tmux.sh"
doc=$tmux_dir/notes.txt
printf 'Zebra notes\n\nA first paragraph about zebras and their stripes.\n' >"$doc"

"$QARI" --help | tr '\n' ' ' | tr -s ' ' | grep -q "documents read most recently"
ok $? "--help says that no FILE opens the documents read most recently"
sed 's/\\f[BIR]//g' "$TOP_SRCDIR/doc/qari.1" | tr '\n' ' ' | grep -q "documents read most recently"
ok $? "and so does the man page"

tm_start 80 24 "$doc"
started
tm send-keys -t q q
exit_status >/dev/null
tm_start 80 24
started
rows | grep -q "zebras and their stripes"
ok $? "with no file, the document read last opens first"
keys Tab
z=$(screen | grep -n "Zebra notes" | head -n 1 | cut -d: -f1)
s=$(screen | grep -n "002_2927fe6f3b4253d6.txt" | head -n 1 | cut -d: -f1)
[ -n "$z" ] && [ -n "$s" ] && [ "$z" -lt "$s" ]
ok $? "and the sidebar lists the samples after it (rows ${z:-none} and ${s:-none})"
tm send-keys -t q q
[ "$(exit_status)" = 0 ]
ok $? "q quits with 0"
finish
