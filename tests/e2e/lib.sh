# Shared helpers for the end-to-end tests, sourced by tests/e2e/*.sh. They speak TAP for
# automake's tap-driver.sh: ok/not_ok lines with a running number, "# " diagnostics, the plan at
# the end (done_testing), or "1..0 # SKIP why" for a test that cannot run here (skip_all).
#
# Environment (make check's AM_TESTS_ENVIRONMENT sets them): QARI, the binary under test;
# TOP_SRCDIR, the source tree; PYTHON3, a Python with PyICU (Debian's /usr/bin/python3 with
# python3-icu); QARI_SHARED, the shared corpus (default: ../shared beside the source tree).

set -u

TOP_SRCDIR=${TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
QARI=${QARI:-$TOP_SRCDIR/src/qari}
PYTHON3=${PYTHON3:-/usr/bin/python3}
SHARED=${QARI_SHARED:-$TOP_SRCDIR/../shared}
LC_ALL=${LC_ALL:-C.UTF-8}
export LC_ALL
unset COLUMNS LINES

SAMPLES=$TOP_SRCDIR/assets/articles
SAMPLE_000=$SAMPLES/000_6e664869e5eb57da.txt
SAMPLE_002=$SAMPLES/002_2927fe6f3b4253d6.txt
DATA=$TOP_SRCDIR/tests/data

tap_n=0
tap_failed=0

ok() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $*"
}

not_ok() {
	tap_n=$((tap_n + 1))
	tap_failed=$((tap_failed + 1))
	echo "not ok $tap_n - $*"
}

diag() {
	printf '%s\n' "$@" | sed 's/^/# /'
}

# check DESC COMMAND...: ok when the command succeeds.
check() {
	desc=$1
	shift
	if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}

# is GOT WANT DESC
is() {
	if [ "$1" = "$2" ]; then
		ok "$3"
	else
		not_ok "$3"
		diag "got:  $1" "want: $2"
	fi
}

skip_all() {
	echo "1..0 # SKIP $*"
	exit 0
}

bail_out() {
	echo "Bail out! $*"
	exit 99
}

done_testing() {
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}

# A scratch directory, removed on exit.
TMPD=$(mktemp -d "${TMPDIR:-/tmp}/qari-e2e.XXXXXX") || bail_out "mktemp failed"
trap 'rm -rf "$TMPD"' EXIT

[ -x "$QARI" ] || bail_out "no qari binary at $QARI (set QARI)"
[ -r "$SAMPLE_000" ] || bail_out "no sample articles under $SAMPLES (set TOP_SRCDIR)"

# Whether $PYTHON3 runs and, with an argument, has that module.
have_python() {
	"$PYTHON3" -c "import ${1:-sys}" >/dev/null 2>&1
}

# Runs qari with the arguments, stdout to $TMPD/out, stderr to $TMPD/err; sets $rc.
run_qari() {
	rc=0
	"$QARI" "$@" >"$TMPD/out" 2>"$TMPD/err" || rc=$?
}

# Lines in a file (0 for an empty file).
lines_of() {
	wc -l <"$1" | tr -d ' '
}
