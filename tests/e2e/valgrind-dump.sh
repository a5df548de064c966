#!/bin/sh
# Dump mode under valgrind: no invalid read or write, no use of uninitialised memory and no
# definite leak, on both sample articles, the fixtures, a document large enough for dump.c's
# second thread, a single page (--page) and standard input. The sanitizer build of CI checks the
# same with ASan; valgrind also sees the libraries (FriBidi, libunibreak, HarfBuzz) and needs no
# rebuild.
. "$(dirname "$0")/lib.sh"

command -v valgrind >/dev/null 2>&1 || skip_all "valgrind is not installed"
# ASan's shadow memory and valgrind cannot share a process: the sanitizer build checks with ASan.
grep -q -a __asan_init "$QARI" && skip_all "qari is built with AddressSanitizer"

VG="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite"

# vg DESC ARGS...: qari under valgrind, output thrown away; the report goes to the diagnostics.
vg() {
	desc=$1
	shift
	rc=0
	$VG "$QARI" "$@" >/dev/null 2>"$TMPD/vg" || rc=$?
	if [ "$rc" -eq 0 ]; then
		ok "$desc"
	else
		not_ok "$desc"
		diag "exit status $rc (99: valgrind found errors)" "$(head -n 40 "$TMPD/vg")"
	fi
}

vg "sample 000 at width 60" --dump --width 60 "$SAMPLE_000"
vg "sample 002 at width 60" --dump --width 60 "$SAMPLE_002"
vg "tests/data/mixed-rtl.txt, --bidi terminal" --dump --width 60 --bidi terminal \
	"$DATA/mixed-rtl.txt"
vg "tests/data/escapes.txt, unshaped" --dump --width 60 --shape none "$DATA/escapes.txt"
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
	cat "$SAMPLE_000" "$SAMPLE_002"
done >"$TMPD/big.txt"
vg "a 370 KB document, laid out by two threads" --dump --width 60 "$TMPD/big.txt"
# Markdown without front matter: md_front_matter once read where its body would start.
printf '# A title\n\nA paragraph with *emphasis* and `code`.\n\n- an item\n' >"$TMPD/plain.md"
vg "Markdown without front matter" --dump --width 60 "$TMPD/plain.md"
vg "page 3 of 20 lines" --dump --width 60 --height 20 --page 3 "$SAMPLE_000"
rc=0
$VG "$QARI" --dump --width 60 - <"$SAMPLE_002" >/dev/null 2>"$TMPD/vg" || rc=$?
is "$rc" 0 "standard input"

done_testing
