# Helpers for the tests that drive the reader in one tmux session: TAP output (ok STATUS
# MESSAGE, finish), a server of its own for each start, and tmux-lib.sh's screen and waits for
# session q. Each test gets its own XDG directories, so saved positions never leak between runs.

set -u
: "${QARI:?}" "${TOP_SRCDIR:?}"
tap_n=0 tap_failed=0

ok() {
	tap_n=$((tap_n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $tap_n - $2"
	else
		echo "not ok $tap_n - $2"
		tap_failed=$((tap_failed + 1))
	fi
}

finish() {
	echo "1..$tap_n"
	[ $tap_failed -eq 0 ]
	exit $?
}

. "$TOP_SRCDIR/tests/e2e/tmux-lib.sh"
if ! command -v "$TMUX_BIN" >/dev/null 2>&1; then
	echo "1..0 # SKIP tmux is not installed"
	exit 0
fi
tmux_dir=$(mktemp -d)
tmux_runs=0
tmux_sock="qari-test-$$-0"
trap '"$TMUX_BIN" -L "$tmux_sock" kill-server 2>/dev/null; rm -rf "$tmux_dir"' EXIT
export XDG_DATA_HOME="$tmux_dir/data" XDG_CONFIG_HOME="$tmux_dir/config"

# Starts a shell command line (qari in it) in window q of WxH; the shell prints its exit
# status. Each start gets a server of its own: a server being killed may still hold the old
# socket.
tm_start_sh() {
	w=$1 h=$2
	tm kill-server 2>/dev/null
	tmux_runs=$((tmux_runs + 1))
	tmux_sock="qari-test-$$-$tmux_runs"
	tm -f /dev/null new-session -d -s q -x "$w" -y "$h" \
	    "trap : INT; $3; echo QARI-EXIT=\$?; sleep 60"
}
# Starts qari with the given arguments.
tm_start() {
	w=$1 h=$2
	shift 2
	tm_start_sh "$w" "$h" "$QARI $*"
}
# Waits until qari shows its status line (the last row is not blank), at most 10 s.
started() {
	st_i=0
	while [ $st_i -lt 100 ]; do
		[ -n "$(screen | tail -n 1 | tr -d ' ')" ] && return 0
		sleep 0.1
		st_i=$((st_i + 1))
	done
	return 1
}
# The pid of the qari that tm_start started (a child of the pane's shell).
qari_pid() { pgrep -P "$(tm display -p -t q '#{pane_pid}')" -x qari; }
# Waits for qari to end; prints its exit status (empty when it has not ended in 10 s).
exit_status() {
	es_i=0
	while [ $es_i -lt 100 ]; do
		es=$(screen | sed -n 's/.*QARI-EXIT=\([0-9]*\).*/\1/p' | tail -n 1)
		[ -n "$es" ] && echo "$es" && return 0
		sleep 0.1
		es_i=$((es_i + 1))
	done
}
screen() { tmux_screen q; }
# Text rows of the screen (all but the status line), without the spaces at either end.
rows() { screen | sed '$d' | sed 's/^ *//; s/ *$//'; }
status_line() { screen | tail -n 1; }
# Waits until the screen shows $1 (a fixed string), at most 5 s.
wait_for() { tmux_wait q "$1"; }
# Waits until the screen stops changing after a key.
settle() { tmux_settle q; }
keys() {
	tm send-keys -t q "$@"
	settle
}
