#!/bin/sh
# The key-level fuzzer's short seeded run (tests/monkey/monkey.py): every failure it ever found,
# kept in tests/monkey/regress/, is played again, then MONKEY_RUNS runs from fixed seeds (so
# that make check is the same run each time). `make monkey` runs it for longer.
set -u
: "${QARI:?}" "${TOP_SRCDIR:?}"
TMUX_BIN=${TMUX_BIN:-tmux}
if ! command -v "$TMUX_BIN" >/dev/null 2>&1; then
	echo "1..0 # SKIP tmux is not installed"
	exit 0
fi
failures=$(mktemp -d)
trap 'rm -rf "$failures"' EXIT
"${PYTHON3:-python3}" "$TOP_SRCDIR/tests/monkey/monkey.py" --tap --qari "$QARI" \
	--failures "$failures" --seed "${MONKEY_SEED:-1}" --runs "${MONKEY_RUNS:-8}" \
	--actions 40 --cycles 3 --replay "$TOP_SRCDIR"/tests/monkey/regress/*.json
