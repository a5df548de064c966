#!/bin/sh
# A compressed file (gzip, bzip2, xz) is refused with what it is and the command that reads it,
# status 2, nothing printed: shown as it is, it was garbage with a hint to try --encoding.
# Standard input too, and --search.
. "$(dirname "$0")/lib.sh"
export XDG_DATA_HOME="$TMPD/data" XDG_CONFIG_HOME="$TMPD/config"

"$PYTHON3" - "$SAMPLE_000" "$TMPD" <<'PY'
import bz2, gzip, lzma, sys
text = open(sys.argv[1], "rb").read()
for ext, mod in (("gz", gzip), ("bz2", bz2), ("xz", lzma)):
    open("%s/article.txt.%s" % (sys.argv[2], ext), "wb").write(mod.compress(text))
PY
for kind in gzip:gz:zcat bzip2:bz2:bzcat xz:xz:xzcat; do
	name=${kind%%:*} rest=${kind#*:}
	ext=${rest%%:*} cat=${rest#*:}
	f=$TMPD/article.txt.$ext
	run_qari --dump "$f"
	if [ "$rc" -eq 2 ] && [ ! -s "$TMPD/out" ] &&
		grep -q "article.txt.$ext: compressed file ($name): read it with $cat FILE | qari" \
			"$TMPD/err"; then
		ok "a .$ext file is refused, saying it is $name and how to read it"
	else
		not_ok "a .$ext file is refused, saying it is $name and how to read it"
		diag "exit status $rc: $(head -c 300 "$TMPD/err")" "$(head -c 200 "$TMPD/out")"
	fi
done
rc=0
"$QARI" --dump - <"$TMPD/article.txt.gz" >"$TMPD/out" 2>"$TMPD/err" || rc=$?
if [ "$rc" -eq 2 ] && grep -q "compressed input (gzip): pipe it through zcat first" "$TMPD/err"
then
	ok "so is compressed standard input"
else
	not_ok "so is compressed standard input"
	diag "exit status $rc: $(head -c 300 "$TMPD/err")"
fi
run_qari --search الامن "$TMPD/article.txt.xz"
if [ "$rc" -eq 2 ] && grep -q "compressed file (xz)" "$TMPD/err"; then
	ok "--search says it too (status 2)"
else
	not_ok "--search says it too (status 2)"
	diag "exit status $rc: $(head -c 300 "$TMPD/err")"
fi
done_testing
