#!/bin/sh
# qari --search and --bookmarks on a terminal print Arabic as the reader shows it (visual
# order, shaped), the match in colour as grep --color=auto does; to a pipe, logical text as
# stored, without escapes; NO_COLOR leaves the colour out, --bidi terminal the reordering.
. "${TOP_SRCDIR:?}/tests/e2e/tmux.sh"
SAMPLE=$TOP_SRCDIR/assets/articles/000_6e664869e5eb57da.txt
esc=$(printf '\033')

tm_start_sh 160 12 "$QARI --search 'الأمن الجديد' '$SAMPLE'"
wait_for "QARI-EXIT=0"
screen | grep -q 'ﺪﻳﺪﺠﻟا ﻦﻣﻷا'
ok $? "--search on a terminal: the match's line in visual order, shaped"
tm capture-pane -e -p -t q | grep -q "${esc}\[1m${esc}\[31mﺪﻳﺪﺠﻟا ﻦﻣﻷا"
ok $? "... the match in bold red"
! screen | grep -q 'الأمن'
ok $? "... and no logical (unshaped) Arabic left"

out=$("$QARI" --search 'الأمن الجديد' "$SAMPLE")
echo "$out" | grep -q 'الأمن الجديد' && ! echo "$out" | grep -q "$esc"
ok $? "--search to a pipe: logical text, no escapes"

tm_start_sh 160 12 "NO_COLOR=1 $QARI --search 'الأمن الجديد' '$SAMPLE'"
wait_for "QARI-EXIT=0"
screen | grep -q 'ﺪﻳﺪﺠﻟا ﻦﻣﻷا' && ! tm capture-pane -e -p -t q | grep -q "${esc}\[1m"
ok $? "NO_COLOR: visual order without colour"

tm_start_sh 160 12 "$QARI --bidi terminal --search 'الأمن الجديد' '$SAMPLE'"
wait_for "QARI-EXIT=0"
screen | grep -q 'الأمن الجديد'
ok $? "--bidi terminal: logical order for a terminal that reorders itself"

tm_start 100 20 "$SAMPLE"
started
tm send-keys -t q j j m Enter
tmux_settle q
tm send-keys -t q "ملاحظة مهمة" Enter
tmux_settle q
tm send-keys -t q q
wait_for "QARI-EXIT=0"
tm_start_sh 160 12 "$QARI --bookmarks"
wait_for "QARI-EXIT=0"
screen | grep -q 'ﺔﻤﻬﻣ ﺔﻈﺣﻼﻣ'
ok $? "--bookmarks on a terminal: the note in visual order, shaped"
"$QARI" --bookmarks | cut -f4 | grep -qx 'ملاحظة مهمة'
ok $? "--bookmarks to a pipe: the note as stored"
finish
