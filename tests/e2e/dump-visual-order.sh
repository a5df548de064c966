#!/bin/sh
# qari's visual order checked against an independent implementation of the Unicode bidi
# algorithm, ICU (through PyICU): for each sample article at widths 40, 60 and 80, every line
# of `--dump --shape none` must be what ICU makes of the same line of the same paragraph (see
# icu_oracle.py). Also run on the mixed-direction fixture in tests/data, and on the shared
# corpus's articles when the corpus is there.
. "$(dirname "$0")/lib.sh"

ORACLE=$(dirname "$0")/icu_oracle.py

have_python icu || skip_all "$PYTHON3 has no PyICU (install python3-icu)"

# oracle NAME FILE WIDTH [ORACLE OPTION]: one TAP line for one file at one width. The file is
# read as plain text (--format text), whatever it looks like.
oracle() {
	name=$1
	file=$2
	w=$3
	shift 3
	if ! "$QARI" --dump --format text --shape none --width "$w" "$file" >"$TMPD/visual" \
		2>"$TMPD/err" ||
		! "$QARI" --dump --format text --shape none --bidi terminal --width "$w" "$file" \
			>"$TMPD/logical" 2>>"$TMPD/err"; then
		not_ok "$name at width $w: qari failed"
		diag "$(cat "$TMPD/err")"
		return
	fi
	res=$("$PYTHON3" "$ORACLE" "$@" "$file" "$TMPD/visual" "$TMPD/logical" "$w" 2>&1)
	case $res in
	"OK "*) ok "$name at width $w: ${res#OK } lines in ICU's visual order" ;;
	"SKIP "*) ok "$name at width $w # SKIP ${res#SKIP }" ;;
	*)
		not_ok "$name at width $w: visual order differs from ICU's"
		diag "$res"
		;;
	esac
}

for w in 40 60 80; do
	oracle "sample 000" "$SAMPLE_000" $w
	oracle "sample 002" "$SAMPLE_002" $w
done
for w in 30 50 80; do
	oracle "mixed Arabic/Hebrew/Persian/English fixture" "$DATA/mixed-rtl.txt" $w
done

# The shared corpus's articles, when it is beside the source tree (not in a tarball build), read
# as plain text; a file that is not one block per line (hard-wrapped, say) is skipped.
for f in "$SHARED"/corpus/articles/*.txt "$SHARED"/corpus/articles/*.md; do
	[ -r "$f" ] || continue
	case $f in
	*/000_6e664869e5eb57da.txt | */002_2927fe6f3b4253d6.txt) continue ;; # the samples
	esac
	oracle "corpus $(basename "$f")" "$f" 60 --skip-unless-one-per-line
done

done_testing
