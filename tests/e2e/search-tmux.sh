#!/bin/sh
# Search as a reader of Arabic uses it: typing "الامن" without the hamza finds "الأمن" and
# "الأمنية"; the status line counts the matches; the highlight lands on the cells that show the
# word the author wrote (in visual order, shaped); n goes on. And the command-line search, with
# grep's exit statuses.
. "${TOP_SRCDIR:?}/tests/e2e/tmux.sh"
SAMPLE=$TOP_SRCDIR/assets/articles/000_6e664869e5eb57da.txt
# The command line first: it needs no terminal.
"$QARI" --search 'الامن' "$SAMPLE" > "${TMPDIR:-/tmp}/qari-search.$$"
rc=$?
total=$(wc -l < "${TMPDIR:-/tmp}/qari-search.$$")
first=$(head -n 1 "${TMPDIR:-/tmp}/qari-search.$$")
rm -f "${TMPDIR:-/tmp}/qari-search.$$"
[ $rc -eq 0 ] && [ "$total" -gt 10 ]
ok $? "qari --search finds الأمن typed as الامن ($total matches, exit 0)"
case "$first" in
"$SAMPLE:1:7: صناعة الأمن الجديد"*) ok 0 "a match prints as FILE:LINE:COL: context, in logical order" ;;
*) ok 1 "a match prints as FILE:LINE:COL: context, in logical order (got: $first)" ;;
esac
"$QARI" --search 'qqqzzz' "$SAMPLE" > /dev/null
[ $? -eq 1 ]
ok $? "no match: exit 1"
"$QARI" --search 'x' /nonexistent/file > /dev/null 2>&1
[ $? -eq 2 ]
ok $? "a missing file: exit 2"
exact=$("$QARI" --search 'الامن' --exact "$SAMPLE" | wc -l)
[ "$exact" -lt "$total" ]
ok $? "--exact turns folding off ($exact exact matches)"

export NO_COLOR=1 # matches in reverse video, which is easy to find in the capture

title=$("$QARI" --dump --width 76 "$SAMPLE" | sed -n 1p | sed 's/^ *//')
tm_start 80 24 "$SAMPLE"
wait_for "$title"
keys / 'الامن' Enter
status_line | grep -q "match 1 of $total"
ok $? "the status line says match 1 of $total"
# The highlighted cells of the title row: what stands between reverse video on and the next
# attribute change.
esc=$(printf '\033')
lit=$(tm capture-pane -p -e -t q | sed -n 1p | sed -n "s/.*${esc}\[7m\([^${esc}]*\).*/\1/p")
[ "$lit" = "ﻦﻣﻷا" ]
ok $? "the highlight covers the word as written and shown, ﻦﻣﻷا (got: $lit)"
keys Escape
tm capture-pane -p -e -t q | sed '$d' | grep -q "${esc}\[7m"
[ $? -ne 0 ]
ok $? "Esc puts the highlights away"
keys n
status_line | grep -q "match 2 of $total"
ok $? "n goes to match 2"
tm capture-pane -p -e -t q | sed '$d' | grep -q "${esc}\[7m"
ok $? "... and brings the highlights back"
keys N
status_line | grep -q "match 1 of $total"
ok $? "N comes back to match 1"
keys Tab
screen | grep -qF "الامن" || screen | grep -qF "ﻦﻣﻻا"
ok $? "the sidebar lists the matches under the pattern"
keys Tab

# Ctrl-R in the prompt: a regular expression over the folded text, as --search --regex has it.
nre=$("$QARI" --search 'الا(من|مر)' --regex --count "$SAMPLE")
keys /
keys C-r
status_line | grep -q "^Regex /"
ok $? "Ctrl-R in the search prompt switches to a regular expression"
keys 'الا(من|مر)' Enter
status_line | grep -q "match [0-9]* of $nre"
ok $? "the regular expression finds what --search --regex does ($nre)"
# Up brings back the last pattern, as a regex or not as it was; the prompt stays a regex one
# until Ctrl-R or a plain pattern comes back.
keys g
keys /
status_line | grep -q "^Regex /"
ok $? "the next prompt is still a regular expression one"
keys Up Enter
status_line | grep -q "match 1 of $nre"
ok $? "Up brings the last pattern back (match 1 of $nre again)"
keys / Up Up
status_line | grep -q "^/"
ok $? "Up twice: the plain pattern before, in a plain prompt again"
keys Enter
status_line | grep -q "match 1 of $total"
ok $? "... which finds what it found (match 1 of $total)"
keys q
wait_for "QARI-EXIT=0"
ok $? "q quits"

# The patterns are kept for the next run, as less keeps its history.
tm_start 80 24 "$SAMPLE"
settle
keys / Up Enter
status_line | grep -q "match [0-9]* of $total"
ok $? "after a restart, Up in the prompt brings back the last pattern"
keys / Up Up
status_line | grep -q "^Regex /"
ok $? "... and the one before, a regular expression, in a regex prompt"
keys Enter
status_line | grep -q "match [0-9]* of $nre"
ok $? "... which finds what it found before ($nre)"
keys q
wait_for "QARI-EXIT=0"

finish
