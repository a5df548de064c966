# The tmux helpers every test that drives the reader in tmux uses (tmux.sh for one session,
# signals.sh for several): a private server (-L $tmux_sock, no config), a session's screen as
# text, and waits that poll instead of sleeping blindly. The caller sets tmux_sock.
TMUX_BIN=${TMUX_BIN:-tmux}

tm() { "$TMUX_BIN" -L "$tmux_sock" "$@"; }

# tmux_screen SESSION: what the session shows, a line per row.
tmux_screen() { tm capture-pane -p -t "$1"; }

# tmux_wait SESSION TEXT: waits until the session shows TEXT (a fixed string), at most 5 s.
tmux_wait() {
	tw_i=0
	while [ $tw_i -lt 50 ]; do
		tmux_screen "$1" | grep -qF -- "$2" && return 0
		sleep 0.1
		tw_i=$((tw_i + 1))
	done
	return 1
}

# tmux_settle SESSION [INTERVAL]: waits until the screen is the same twice INTERVAL seconds
# apart (0.1 unless given), at most 40 times: after a key, or while the page count comes in.
tmux_settle() {
	ts_prev="" ts_i=0
	while [ $ts_i -lt 40 ]; do
		sleep "${2:-0.1}"
		ts_cur=$(tmux_screen "$1")
		[ "$ts_cur" = "$ts_prev" ] && return 0
		ts_prev=$ts_cur
		ts_i=$((ts_i + 1))
	done
}
