#!/bin/sh
# Signals, as a shell and a terminal send them. Dump mode dies quietly of SIGPIPE when the reader
# of its output goes away (head -1). The reader, sent SIGTERM or SIGHUP on page 3, gives the
# terminal back (its last words leave the alternate screen: rmcup) and saves its place, so that a
# new start on the same file opens on page 3. A storm of 200 resizes leaves the screen exactly as
# a fresh start at the final size shows the same place. The reader runs in tmux, which renders
# the screen, and in a pty (tests/e2e/pty.py) where every byte it writes is kept.
. "$(dirname "$0")/lib.sh"

. "$TOP_SRCDIR/tests/e2e/tmux-lib.sh"
export TERM=xterm-256color LANG=C.UTF-8
export XDG_DATA_HOME="$TMPD/data" XDG_CONFIG_HOME="$TMPD/config"

# --- dump mode: SIGPIPE ---
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do
	cat "$SAMPLE_000" "$SAMPLE_002"
done >"$TMPD/big.txt"
first=$({
	rc=0
	"$QARI" --dump --width 60 "$TMPD/big.txt" 2>"$TMPD/pipe-err" || rc=$?
	echo "$rc" >"$TMPD/pipe-rc"
} | head -n 1)
[ -n "$first" ] && [ ! -s "$TMPD/pipe-err" ]
check "qari --dump big | head -1 prints a line and nothing on stderr" [ $? -eq 0 ]
rc=$(cat "$TMPD/pipe-rc")
[ "$rc" -eq 0 ] || [ "$rc" -eq 141 ]
check "... and ends with status 0 or of SIGPIPE, not an error ($rc)" [ $? -eq 0 ]

if ! command -v "$TMUX_BIN" >/dev/null 2>&1; then
	diag "tmux is not installed: the reader's signals are not tested"
	done_testing
	exit $?
fi

tmux_sock="qari-signals-$$"
trap '"$TMUX_BIN" -L "$tmux_sock" kill-server 2>/dev/null; rm -rf "$TMPD"' EXIT
screen() { tmux_screen "$1"; }
status_of() { screen "$1" | tail -n 1; }
wait_for() { tmux_wait "$1" "$2"; }
# Slower steps than a key's: the page count comes in idle moments.
settle() { tmux_settle "$1" 0.15; }
# Starts qari on $SAMPLE_000 in session $1 of $2 x $3 cells; its pid goes to $TMPD/$1.pid.
start() {
	tm -f /dev/null new-session -d -s "$1" -x "$2" -y "$3" \
		"sh -c 'echo \$\$ >$TMPD/$1.pid; exec $QARI $SAMPLE_000'; echo QARI-EXIT=\$?; sleep 30"
	wait_for "$1" "page " && settle "$1"
}
title=$("$QARI" --dump --width 76 "$SAMPLE_000" | head -n 1 | sed 's/^ *//')

# --- SIGTERM and SIGHUP on page 3: the place is kept, the terminal given back ---
n=0
for sig in TERM HUP; do
	n=$((n + 1))
	rm -rf "$XDG_DATA_HOME"
	start "s$n" 80 24
	tm send-keys -t "s$n" Space
	settle "s$n"
	tm send-keys -t "s$n" Space
	settle "s$n"
	status_of "s$n" | grep -q "page 3/"
	check "SIG$sig: Space Space reaches page 3" [ $? -eq 0 ]
	kill -"$sig" "$(cat "$TMPD/s$n.pid")"
	wait_for "s$n" "QARI-EXIT="
	st=$(screen "s$n" | sed -n 's/.*QARI-EXIT=\([0-9]*\).*/\1/p')
	[ -n "$st" ] && [ "$st" -lt 128 ]
	check "SIG$sig: the reader exits (status $st)" [ $? -eq 0 ]
	! screen "s$n" | grep -qF "$title"
	check "SIG$sig: the alternate screen is gone" [ $? -eq 0 ]
	start "r$n" 80 24
	status_of "r$n" | grep -q "page 3/"
	check "SIG$sig: a new start opens on page 3 again" [ $? -eq 0 ] ||
		diag "status line: $(status_of "r$n")"
	tm send-keys -t "r$n" q
done

# The same in a pty, keeping every byte: the last sequence of substance leaves the alternate
# screen (rmcup), after the last time the reader entered it.
rmcup=$(tput -T xterm-256color rmcup 2>/dev/null) || rmcup=$(printf '\033[?1049l')
smcup=$(tput -T xterm-256color smcup 2>/dev/null) || smcup=$(printf '\033[?1049h')
if have_python; then
	for sig in TERM HUP; do
		res=$("$PYTHON3" "$TOP_SRCDIR/tests/e2e/pty.py" --out "$TMPD/pty-$sig.bin" settle \
			key:' ' settle signal:"$sig" -- "$QARI" "$SAMPLE_000")
		case $res in exit*) st=0 ;; *) st=1 ;; esac
		check "SIG$sig in a pty: the reader exits ($res)" [ $st -eq 0 ]
		"$PYTHON3" - "$TMPD/pty-$sig.bin" "$smcup" "$rmcup" <<'PY'
import re, sys
out = open(sys.argv[1], "rb").read()
smcup, rmcup = (s.encode("latin-1", "surrogateescape") for s in sys.argv[2:4])
enter, leave = out.rfind(smcup), out.rfind(rmcup)
# After rmcup: only mode resets (keypad, BiDi mode, cursor), no text drawn on the screen.
tail = re.sub(rb"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[=>()][0-9A-B]?|\r", b"", out[leave + len(rmcup):])
sys.exit(0 if enter >= 0 and leave > enter and not tail.strip() else 1)
PY
		check "SIG$sig in a pty: the output ends leaving the alternate screen (rmcup)" [ $? -eq 0 ]
	done
fi

# --- busy, or without a terminal: the place is still kept, at once ---
# One paragraph of 12 MB takes the reader a second or more to lay out (many under the
# sanitizers); SIGTERM or a hangup in the middle of it ends qari within a tenth of a second, its
# place saved by the watchdog. A terminal that goes away without a SIGHUP (the pty is not the
# controlling terminal, as under nohup) ends the reader too, instead of a loop reading errors.
if have_python; then
	"$PYTHON3" -c '
import sys
w = ["\u0643\u0644\u0645\u0629", "\u0641\u064a", "word", "123", "\u05e9\u05dc\u05d5\u05dd"]
sys.stdout.write(" ".join(w[(i * 7 + i // 3) % 5] for i in range(2000000)) + "\n")' >"$TMPD/huge.txt"
	# page_after KEYS: a new start on $SAMPLE_000 shows which page (in a pty, then q).
	page_after() {
		"$PYTHON3" "$TOP_SRCDIR/tests/e2e/pty.py" --out "$TMPD/again.bin" settle key:q -- \
			"$QARI" "$SAMPLE_000" >/dev/null
		"$PYTHON3" -c 'import re, sys
p = re.findall(rb"page (\d+)/", open(sys.argv[1], "rb").read())
print(p[-1].decode() if p else "none")' "$TMPD/again.bin"
	}
	# fast RESULT: the reader ended with status 0 within half a second of the signal or hangup.
	fast() {
		case $1 in "exit 0 in "*) ;; *) return 1 ;; esac
		t=${1#exit 0 in }
		t=${t% s}
		"$PYTHON3" -c 'import sys; sys.exit(0 if float(sys.argv[1]) < 0.5 else 1)' "$t"
	}
	for how in signal:TERM signal:HUP hangup; do
		rm -rf "$XDG_DATA_HOME"
		ctty=
		[ $how = hangup ] && ctty=--no-ctty
		# shellcheck disable=SC2086
		res=$("$PYTHON3" "$TOP_SRCDIR/tests/e2e/pty.py" $ctty settle key:' ' settle key:' ' \
			settle key:':next\r' sleep:0.2 $how -- "$QARI" "$SAMPLE_000" "$TMPD/huge.txt")
		fast "$res"
		check "$how while a 12 MB paragraph is laid out: qari ends within 0.5 s ($res)" \
			[ $? -eq 0 ]
		p=$(page_after)
		check "$how while busy: a new start opens where the reader was before :next (page $p)" \
			[ "$p" = 3 ]
	done
	rm -rf "$XDG_DATA_HOME"
	res=$("$PYTHON3" "$TOP_SRCDIR/tests/e2e/pty.py" --no-ctty settle key:' ' settle key:' ' \
		settle hangup -- "$QARI" "$SAMPLE_000")
	fast "$res"
	check "the terminal closes without a SIGHUP: the reader ends ($res)" [ $? -eq 0 ]
	p=$(page_after)
	check "... and a new start opens where it was (page $p)" [ "$p" = 3 ]
	rm -f "$TMPD/huge.txt"
fi

# --- a storm of 200 resizes, ending at 72x22: the screen a fresh start at 72x22 shows ---
rm -rf "$XDG_DATA_HOME"
start w 80 24
tm send-keys -t w Space
settle w
i=0
while [ $i -lt 100 ]; do
	tm resize-window -t w -x 60 -y 20
	tm resize-window -t w -x $((90 - i % 7)) -y $((25 + i % 3))
	i=$((i + 1))
done
tm resize-window -t w -x 72 -y 22
settle w
screen w >"$TMPD/after-storm"
tm send-keys -t w q
wait_for w "QARI-EXIT=0"
check "after the storm q quits with status 0" [ $? -eq 0 ]
start f 72 22
screen f >"$TMPD/fresh"
if cmp -s "$TMPD/after-storm" "$TMPD/fresh"; then
	ok "after 200 resizes the screen is what a fresh start at 72x22 shows"
else
	not_ok "after 200 resizes the screen is what a fresh start at 72x22 shows"
	diag "$(diff "$TMPD/after-storm" "$TMPD/fresh")"
fi
tm send-keys -t f q

# And in a pty: 200 TIOCSWINSZ (each a SIGWINCH) in a row, then q.
if have_python; then
	res=$("$PYTHON3" "$TOP_SRCDIR/tests/e2e/pty.py" settle storm:200 settle key:q -- \
		"$QARI" "$SAMPLE_000")
	is "$res" "exit 0" "200 SIGWINCH in a row in a pty, then q: exit 0"
fi

done_testing
