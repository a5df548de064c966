#!/bin/sh
# The command line and dump mode, as a user or a script meets them: --version and --help, exit
# status 2 with a one-line error for every kind of bad input, --dump's line widths and padding,
# --shape none, --page/--height, the dump when stdout is a pipe, no escape byte ever reaching
# the output, and a quiet exit when the reader of the pipe goes away (SIGPIPE).
. "$(dirname "$0")/lib.sh"

# The error lines in $TMPD/err: everything but the "Try 'qari --help'" hint.
error_lines() {
	grep -v "^Try 'qari --help' for more information.\$" "$TMPD/err" | wc -l | tr -d ' '
}

# A usage or file error: exit status 2, nothing on stdout, one error line naming $2.
check_error() {
	desc=$1
	what=$2
	shift 2
	run_qari "$@"
	if [ "$rc" -eq 2 ] && [ ! -s "$TMPD/out" ] && [ "$(error_lines)" -eq 1 ] &&
		grep -Eq '^([^ ]*/)?qari: ' "$TMPD/err" && grep -Fq -- "$what" "$TMPD/err"; then
		ok "$desc"
	else
		not_ok "$desc"
		diag "exit status $rc, stderr:"
		sed 's/^/#   /' "$TMPD/err"
	fi
}

# --- --version, --help ---
run_qari --version
if [ "$rc" -eq 0 ] && [ "$(lines_of "$TMPD/out")" -eq 1 ] &&
	grep -Eq '^qari [0-9]+\.[0-9]+(\.[0-9]+)?$' "$TMPD/out" && [ ! -s "$TMPD/err" ]; then
	ok "--version exits 0 and prints 'qari X.Y.Z'"
else
	not_ok "--version exits 0 and prints 'qari X.Y.Z'"
	diag "exit status $rc, output: $(cat "$TMPD/out")"
fi

run_qari --help
if [ "$rc" -eq 0 ] && grep -q '^usage: qari' "$TMPD/out" && grep -q -- '--dump' "$TMPD/out" &&
	grep -q -- '--shape' "$TMPD/out" && [ ! -s "$TMPD/err" ]; then
	ok "--help exits 0 and prints the usage on stdout"
else
	not_ok "--help exits 0 and prints the usage on stdout"
fi
run_qari -h
is "$rc" 0 "-h exits 0"
# Every option the man page documents is in --help, so no feature is hidden from it.
missing=
for o in $(grep -o '^\.B[IR]* \\-\\-[a-z\\-]*' "$TOP_SRCDIR/doc/qari.1" | sed 's/.* //; s/\\//g'); do
	grep -q -- "$o\b" "$TMPD/out" || missing="$missing $o"
done
if [ -z "$missing" ] && grep -q -- '--search' "$TMPD/out"; then
	ok "--help lists every option of qari(1)"
else
	not_ok "--help lists every option of qari(1)"
	diag "missing:$missing"
fi
if grep -q "h or F1" "$TMPD/out" && ! grep -q "press ?" "$TMPD/out"; then
	ok "--help names the key for the help screen (h or F1; ? searches back)"
else
	not_ok "--help names the key for the help screen (h or F1; ? searches back)"
fi

# --- usage errors and unreadable files: status 2, one line on stderr ---
check_error "an unknown option exits 2 with one error line naming it" "--bogus" \
	--dump --bogus "$SAMPLE_000"
check_error "an unknown short option exits 2" "-- 'x'" --dump -x "$SAMPLE_000"
check_error "a missing file exits 2 with one line naming the file" \
	"$TMPD/no-such-file.txt" --dump "$TMPD/no-such-file.txt"
check_error "a directory exits 2 with one line naming it" "$TMPD" --dump "$TMPD"
check_error "--width abc exits 2" "abc" --dump --width abc "$SAMPLE_000"
check_error "--width 0 exits 2" "'0'" --dump --width 0 "$SAMPLE_000"
check_error "--width 40x exits 2" "40x" --dump --width 40x "$SAMPLE_000"
check_error "--page without --height exits 2" "--height" --dump --page 2 "$SAMPLE_000"
check_error "--page 0 exits 2" "'0'" --dump --page 0 --height 10 "$SAMPLE_000"
check_error "--shape foo exits 2" "foo" --dump --shape foo "$SAMPLE_000"
check_error "--bidi foo exits 2" "foo" --dump --bidi foo "$SAMPLE_000"
check_error "--format foo exits 2" "foo" --dump --format foo "$SAMPLE_000"
check_error "a page past the end exits 2" "page 999" \
	--dump --width 40 --height 10 --page 999 "$SAMPLE_000"
head -c 3000 /dev/zero >"$TMPD/zeros.bin"
check_error "a binary file exits 2" "binary" --dump "$TMPD/zeros.bin"

# --- --dump --width 40 on sample 000: every line RTL, exactly 40 cells ---
run_qari --dump --width 40 "$SAMPLE_000"
cp "$TMPD/out" "$TMPD/dump40"
is "$rc" 0 "--dump --width 40 exits 0"
is "$(grep -c '^$' "$TMPD/dump40")" 39 "--dump: 40 blocks, 39 blank lines between them"
if have_python unicodedata; then
	# Cells as a terminal counts them: marks and format characters 0, East Asian wide 2.
	cat >"$TMPD/widths.py" <<'PY'
import sys, unicodedata
def width(s):
    w = 0
    for c in s:
        if unicodedata.category(c) in ('Mn', 'Me', 'Cf'):
            continue
        w += 2 if unicodedata.east_asian_width(c) in ('W', 'F') else 1
    return w
want = int(sys.argv[2])
lines = open(sys.argv[1], encoding='utf-8').read().split('\n')[:-1]
bad = [(i + 1, width(l)) for i, l in enumerate(lines) if l and width(l) != want]
wider = [(i + 1, width(l)) for i, l in enumerate(lines) if width(l) > want]
print(len([l for l in lines if l]), len(bad), len(wider))
for n, w in bad[:3]:
    print('line %d is %d cells: %r' % (n, w, lines[n - 1]))
PY
	for f in 000 002; do
		eval "sample=\$SAMPLE_$f"
		for w in 40 61; do
			"$QARI" --dump --width $w "$sample" >"$TMPD/d" 2>/dev/null
			"$PYTHON3" "$TMPD/widths.py" "$TMPD/d" $w >"$TMPD/wres"
			set -- $(head -1 "$TMPD/wres")
			if [ "$1" -gt 50 ] && [ "$2" -eq 0 ] && [ "$3" -eq 0 ]; then
				ok "sample $f at --width $w: all $1 RTL lines exactly $w cells, none wider"
			else
				not_ok "sample $f at --width $w: all RTL lines exactly $w cells, none wider"
				diag "$(cat "$TMPD/wres")"
			fi
		done
	done
else
	ok "# SKIP no python3 to measure cells"
fi
# Sample 000 has one mark, a fathatan: it must reach the output, on its letter.
marks=$(grep -c "$(printf '\331\213')" "$TMPD/dump40")
is "$marks" 1 "sample 000: the one line with a fathatan keeps it"

# --- shaping ---
presentation() {
	if have_python; then
		"$PYTHON3" -c 'import sys
s = open(sys.argv[1], encoding="utf-8").read()
print(sum(1 for c in s if 0xFB50 <= ord(c) <= 0xFDFF or 0xFE70 <= ord(c) <= 0xFEFF))' "$1"
	else
		grep -c "$(printf '\357\273')\|$(printf '\357\272')" "$1"
	fi
}
run_qari --dump --width 60 --shape none "$SAMPLE_000"
n_none=$(presentation "$TMPD/out")
run_qari --dump --width 60 "$SAMPLE_000"
n_default=$(presentation "$TMPD/out")
is "$n_none" 0 "--shape none: no presentation form (U+FB50-FDFF, U+FE70-FEFF) in the output"
if [ "$n_default" -gt 1000 ]; then
	ok "default (--shape arabic): $n_default presentation forms in the output"
else
	not_ok "default (--shape arabic): presentation forms in the output (got $n_default)"
fi
run_qari --dump --width 60 --shape arabic "$SAMPLE_000"
is "$(presentation "$TMPD/out")" "$n_default" "--shape arabic is the default"

# --- stdout not a terminal: the dump, at $COLUMNS or 80 ---
"$QARI" --dump --width 80 "$SAMPLE_000" >"$TMPD/dump80"
"$QARI" "$SAMPLE_000" | cat >"$TMPD/piped"
if [ -s "$TMPD/piped" ] && cmp -s "$TMPD/piped" "$TMPD/dump80"; then
	ok "qari FILE | cat prints the dump at width 80"
else
	not_ok "qari FILE | cat prints the dump at width 80"
fi
COLUMNS=50 "$QARI" "$SAMPLE_000" >"$TMPD/piped50"
"$QARI" --dump --width 50 "$SAMPLE_000" >"$TMPD/dump50"
check "with COLUMNS=50 the dump is 50 wide" cmp -s "$TMPD/piped50" "$TMPD/dump50"
"$QARI" --dump --width 80 - <"$SAMPLE_000" >"$TMPD/stdin"
check "'-' reads standard input" cmp -s "$TMPD/stdin" "$TMPD/dump80"

# --- pages ---
run_qari --dump --width 40 --height 10 --page 2 "$SAMPLE_000"
is "$rc" 0 "--page 2 --height 10 exits 0"
is "$(lines_of "$TMPD/out")" 10 "--page 2 --height 10 prints exactly 10 lines"
sed -n '11,20p' "$TMPD/dump40" >"$TMPD/want"
check "page 2 is lines 11-20 of the whole dump" cmp -s "$TMPD/out" "$TMPD/want"
total=$(lines_of "$TMPD/dump40")
pages=$(((total + 6) / 7))
: >"$TMPD/all-pages"
p=1
while [ $p -le $pages ]; do
	"$QARI" --dump --width 40 --height 7 --page $p "$SAMPLE_000" >>"$TMPD/all-pages" || break
	p=$((p + 1))
done
check "the $pages pages of 7 lines, end to end, are the whole dump" \
	cmp -s "$TMPD/all-pages" "$TMPD/dump40"
run_qari --dump --width 40 --height 7 --page $((pages + 1)) "$SAMPLE_000"
is "$rc" 2 "page $((pages + 1)) of 7 lines (one past the last) exits 2"

# --- logical order for terminals that reorder ---
run_qari --dump --width 200 --shape none --bidi terminal "$SAMPLE_000"
is "$(head -1 "$TMPD/out")" "$(head -1 "$SAMPLE_000")" \
	"--bidi terminal --shape none: the title line is the source text, unpadded"

# --- escape sequences never reach the output ---
for f in "$DATA/escapes.txt"; do
	run_qari --dump --width 60 "$f"
	is "$rc" 0 "a file with escape sequences dumps"
	if LC_ALL=C grep -q "$(printf '\033')" "$TMPD/out"; then
		not_ok "no ESC byte in the dump of a file full of escape sequences"
	else
		ok "no ESC byte in the dump of a file full of escape sequences"
	fi
	if LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$TMPD/out" ||
		LC_ALL=C grep -q "$(printf '\302[\200-\237]')" "$TMPD/out"; then
		not_ok "no other C0 or C1 control in the dump"
	else
		ok "no other C0 or C1 control in the dump"
	fi
	check "ESC is shown as U+241B" grep -q "$(printf '\342\220\233')" "$TMPD/out"
done

# --- SIGPIPE: a reader that stops early ---
i=0
: >"$TMPD/big.txt"
while [ $i -lt 150 ]; do
	cat "$SAMPLE_000" "$SAMPLE_002" >>"$TMPD/big.txt"
	i=$((i + 1))
done
first=$( ("$QARI" --dump --width 80 "$TMPD/big.txt" 2>"$TMPD/err"; echo $? >"$TMPD/rc") | head -1)
[ -n "$first" ] && ok "qari --dump BIG | head -1 prints a line" ||
	not_ok "qari --dump BIG | head -1 prints a line"
if [ ! -s "$TMPD/err" ]; then
	ok "qari --dump BIG | head -1: nothing on stderr"
else
	not_ok "qari --dump BIG | head -1: nothing on stderr"
	diag "$(cat "$TMPD/err")"
fi
rc=$(cat "$TMPD/rc")
case $rc in
0 | 141) ok "qari --dump BIG | head -1: killed by SIGPIPE or exits 0 (status $rc)" ;;
*) not_ok "qari --dump BIG | head -1: status $rc" ;;
esac

# A file name is the user's, or a folder's: a name holding escape sequences must not reach the
# terminal raw through an error message.
esc=$(printf '\033')
"$QARI" --dump "$TMPD/no${esc}]0;pwned$(printf '\007')file" 2>"$TMPD/err" >/dev/null
if grep -q "$esc" "$TMPD/err" || grep -q "$(printf '\007')" "$TMPD/err"; then
	not_ok "an error naming a file with escapes in its name shows them as symbols"
else
	ok "an error naming a file with escapes in its name shows them as symbols"
fi
"$QARI" --width "x${esc}[2J" 2>"$TMPD/err" >/dev/null
if grep -q "$esc" "$TMPD/err"; then
	not_ok "a bad option value with escapes is quoted safely"
else
	ok "a bad option value with escapes is quoted safely"
fi

done_testing
