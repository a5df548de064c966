#!/bin/sh
# What the status line says, as a user reads it: the end of a document ("(END)", 100%, the last
# page), an empty document, a file name in Arabic that keeps its extension at its end, a title
# that uses the room there is and is not said twice, standard input named stdin (in exports
# too), "1 paragraph", a copy inside tmux that tmux holds back, a file that could not be opened.
. "${TOP_SRCDIR:?}/tests/e2e/tmux.sh"
keys() { tm send-keys -t q "$@"; tmux_settle q; }
SAMPLE=$TOP_SRCDIR/assets/articles/000_6e664869e5eb57da.txt

printf 'one short line\n' >"$tmux_dir/short.txt"
tm_start 100 20 "$tmux_dir/short.txt"
started
wait_for 'page 1/1  100% (END)'
ok $? "a document that fits on the screen is at its end: page 1/1, 100%, (END)"
keys C-g
status_line | grep -q ' 1 paragraph ·'
ok $? "Ctrl-G says \"1 paragraph\""
keys y
status_line | grep -q 'Not copied: tmux holds it back'
ok $? "y inside a tmux whose set-clipboard is not on says the copy is held back"
keys q
wait_for "QARI-EXIT=0"

tm_start 100 20 "$tmux_dir/short.txt"
tm set -s set-clipboard on
started
keys y
status_line | grep -q 'Copied 14 characters'
ok $? "... and with set-clipboard on, that it was copied"
keys q
wait_for "QARI-EXIT=0"

: >"$tmux_dir/empty.txt"
tm_start 100 20 "$tmux_dir/empty.txt"
started
status_line | grep -q 'empty document'
ok $? "an empty document says it is empty"
keys q
wait_for "QARI-EXIT=0"

cp "$SAMPLE" "$tmux_dir/مقالة.txt"
tm_start 120 20 "$tmux_dir/مقالة.txt" "$tmux_dir/missing.txt"
started
status_line | grep -q 'Not opened: .*missing.txt: No such file or directory'
ok $? "a file that could not be opened is said in the reader, not only on a hidden stderr"
keys C-g
status_line | grep -q 'ﺔﻟﺎﻘﻣ\.txt ·'
ok $? "an Arabic file name keeps its extension at its end in Ctrl-G"
keys g
status_line | grep -q '…'
[ $? -ne 0 ]
ok $? "at 120 columns the title is whole: $(status_line | sed 's/   */ /g')"
keys 5 0 %
status_line | grep -q '…'
[ $? -ne 0 ] && status_line | grep -q ' — '
ok $? "... and with its section beside it: $(status_line | sed 's/   */ /g')"
keys G
status_line | grep -Eq 'page ([0-9]+)/\1  100% \(END\)'
ok $? "G: the last page, 100%, (END): $(status_line | sed 's/.*page/page/')"
keys q
wait_for "QARI-EXIT=0"

printf '# The Only Title\n\nA first paragraph under the title.\n\n## Later\n\nMore.\n' \
	>"$tmux_dir/titled.md"
tm_start 100 20 "$tmux_dir/titled.md"
started
[ "$(status_line | grep -o 'The Only Title' | wc -l)" -eq 1 ]
ok $? "a section that is the title is not said twice: $(status_line | sed 's/   */ /g')"
keys q
wait_for "QARI-EXIT=0"

tm_start_sh 100 20 "printf 'from a pipe\\n\\nsecond\\n' | $QARI"
started
keys C-g
status_line | grep -q '^ *stdin ·'
ok $? "standard input is named stdin"
keys m Enter
keys "piped note" Enter
keys q
wait_for "QARI-EXIT=0"
"$QARI" --bookmarks | cut -f1 | grep -qx stdin
ok $? "... in --bookmarks too"
"$QARI" --export-bookmarks markdown | grep -qx '## stdin'
ok $? "... and in the Markdown export"
finish
