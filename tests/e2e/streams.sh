#!/bin/sh
# Input that comes slowly or never ends: a pipe is read like a book, what has come shows at once
# and the rest as it comes; q works at once whatever the writer does; /dev/urandom does not keep
# the reader from opening; a FIFO is waited for as cat waits for it; --dump reads a slow pipe to
# its end.
. "${TOP_SRCDIR:?}/tests/e2e/tmux.sh"
SAMPLE=$TOP_SRCDIR/assets/articles/000_6e664869e5eb57da.txt
title=$("$QARI" --dump --width 76 "$SAMPLE" | sed -n 1p | sed 's/^ *//; s/ *$//')

# Waits (at most 3 s) for no qari to run in the pane; says whether none does.
gone() {
	g_i=0
	while [ $g_i -lt 30 ]; do
		[ -z "$(qari_pid)" ] && return 0
		sleep 0.1
		g_i=$((g_i + 1))
	done
	return 1
}

# A pipe whose writer sends a paragraph, waits, then the article, then stays open.
tm_start_sh 80 24 "(printf 'First words\\n\\nsecond paragraph\\n\\n'; sleep 2; cat '$SAMPLE'; sleep 60) | $QARI"
wait_for "First words"
ok $? "a slow pipe: what has come shows at once"
tm send-keys -t q C-g
wait_for "stdin ·"
ok $? "Ctrl-G calls it stdin"
wait_for "$title"
ok $? "and what comes later shows as it comes"
tm send-keys -t q q
gone
ok $? "q ends the reader at once while the writer still holds the pipe open"

# An HTML page on a slow pipe: the reader opens at once (q works), the page shows when it ends.
html=$TOP_SRCDIR/tests/data/article.html
page=$("$QARI" --dump --width 76 "$html" | sed -n 1p | sed 's/^ *//; s/ *$//')
tm_start_sh 80 24 "(head -c 100 '$html'; sleep 2; cat '$html') | $QARI"
started
screen | grep -qF "$page"
[ $? != 0 ]
ok $? "an HTML page on a slow pipe: the reader opens before it ends"
wait_for "$page"
ok $? "and shows the page once it has come"
tm send-keys -t q q
gone && [ "$(exit_status)" = 0 ]
ok $? "and q ends it, with 0"
tm_start_sh 80 24 "(head -c 100 '$html'; sleep 30) | $QARI"
started
tm send-keys -t q j G g q
gone
ok $? "an HTML page whose writer stays: j, G, g and q work meanwhile"

# /dev/urandom: it opens (on its first bytes, with the not-UTF-8 hint) and q ends it.
if [ -r /dev/urandom ]; then
	tm_start 80 24 /dev/urandom
	# Liveness, not speed: a loaded machine (make -j2 distcheck) may take seconds.
	u_i=0
	while [ $u_i -lt 30 ] && [ -z "$(status_line | tr -d ' ')" ]; do
		sleep 1
		u_i=$((u_i + 1))
	done
	[ -n "$(status_line | tr -d ' ')" ]
	ok $? "qari /dev/urandom opens (status line after ${u_i} s)" ||
		echo "# screen: $(screen | tail -n 3 | tr -c '[:print:]\n' '?')"
	tm send-keys -t q j Space G q
	u_i=0
	while [ $u_i -lt 10 ] && ! gone; do
		u_i=$((u_i + 1))
	done
	[ -z "$(qari_pid)" ]
	ok $? "qari /dev/urandom: j, Space, G and q end it"
	# Some random streams end no paragraph for hundreds of MB: the first screen used to
	# wait for one (3 runs in 30 stuck over 10 s). Each of 8 runs opens within 10 s.
	u_stuck=0 u_run=0
	while [ $u_run -lt 8 ]; do
		tm_start 80 24 /dev/urandom
		u_i=0
		while [ $u_i -lt 100 ] && [ -z "$(status_line | tr -d ' ')" ]; do
			sleep 0.1
			u_i=$((u_i + 1))
		done
		[ -z "$(status_line | tr -d ' ')" ] && u_stuck=$((u_stuck + 1))
		u_run=$((u_run + 1))
	done
	[ $u_stuck -eq 0 ]
	ok $? "qari /dev/urandom opens every time ($u_stuck of 8 runs stuck)"
else
	echo "ok $((tap_n + 1)) # SKIP no /dev/urandom" && tap_n=$((tap_n + 1))
	echo "ok $((tap_n + 1)) # SKIP no /dev/urandom" && tap_n=$((tap_n + 1))
	echo "ok $((tap_n + 1)) # SKIP no /dev/urandom" && tap_n=$((tap_n + 1))
fi

# A FIFO whose writer stays open: the reader shows what came and quits on q.
fifo=$tmux_dir/fifo
mkfifo "$fifo"
(cat "$SAMPLE"; sleep 60) >"$fifo" &
writer=$!
tm_start 80 24 "$fifo"
wait_for "$title"
ok $? "a FIFO whose writer stays open: its text shows"
tm send-keys -t q q
gone
ok $? "and q ends the reader"
kill $writer 2>/dev/null

# A writer that says nothing for long (a FIFO held open, silent): the reader opens anyway and
# its text shows when it comes; q works before.
rm -f "$fifo"
mkfifo "$fifo"
(sleep 4; cat "$SAMPLE"; sleep 60) >"$fifo" &
writer=$!
tm_start 80 24 "$fifo"
sleep 2
[ -n "$(status_line | tr -d ' ')" ]
ok $? "a silent writer: the reader is open after 2 s ($(status_line | sed 's/  */ /g'))"
wait_for "$title"
ok $? "and the text shows when it comes"
tm send-keys -t q q
gone
ok $? "and q ends the reader"
kill $writer 2>/dev/null
rm -f "$fifo"
mkfifo "$fifo"
(sleep 60) >"$fifo" &
writer=$!
tm_start 80 24 "$fifo"
sleep 2
tm send-keys -t q q
gone
ok $? "a writer that never writes: q ends the reader"
kill $writer 2>/dev/null

# --dump waits for a FIFO's writer, as cat does (it printed nothing before one came).
rm -f "$fifo"
mkfifo "$fifo"
"$QARI" --dump --width 76 "$fifo" >"$tmux_dir/fifo-dump" 2>&1 &
dumper=$!
sleep 0.5
cat "$SAMPLE" >"$fifo"
wait $dumper
"$QARI" --dump --width 76 "$SAMPLE" | cmp -s - "$tmux_dir/fifo-dump"
ok $? "--dump on a FIFO waits for its writer and prints the whole text"

# --dump on a slow pipe reads it to its end.
(sleep 1; cat "$SAMPLE") | "$QARI" --dump --width 76 | cmp -s - "$tmux_dir/fifo-dump"
ok $? "--dump on a slow pipe prints the whole text"

finish
