#!/bin/sh
# Documents that are not in UTF-8, through the real binary: an HTML page in windows-1256 (meta
# charset) or windows-1255 (http-equiv), a cp1256 text with --encoding, UTF-16 texts with a
# byte order mark each dump as their UTF-8 originals do; a UTF-8 page that says windows-1256
# stays UTF-8; --encoding nonsense is one line and status 2; --search finds words in them; the
# reader shows them. The inputs are made from UTF-8 with iconv(1).
. "$(dirname "$0")/lib.sh"

command -v iconv >/dev/null 2>&1 || skip_all "iconv(1) is not installed"

# A dump in logical order, unshaped: the text as the file holds it.
logical() {
	"$QARI" --dump --bidi terminal --shape none --width 1000 "$@"
}

# to CHARSET IN OUT: IN converted from UTF-8.
to() {
	iconv -f UTF-8 -t "$1" <"$2" >"$3" || bail_out "iconv to $1 failed"
}

cat >"$TMPD/ar-utf8.html" <<'EOF'
<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
<meta charset="windows-1256">
<title>مقال قديم</title>
</head>
<body>
<h1>مقال قديم</h1>
<p>كتب هذا المقال في موقع يستعمل ترميز ويندوز القديم للعربية.</p>
<p>وفيه فقرة ثانية عن الكتب والقراءة.</p>
</body>
</html>
EOF
to WINDOWS-1256 "$TMPD/ar-utf8.html" "$TMPD/ar-1256.html"
sed 's/windows-1256/utf-8/' "$TMPD/ar-utf8.html" >"$TMPD/ar-ref.html"

cat >"$TMPD/he-utf8.html" <<'EOF'
<html><head>
<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=windows-1255">
<title>שלום עולם</title></head>
<body><p>זהו מאמר ישן בעברית.</p></body></html>
EOF
to WINDOWS-1255 "$TMPD/he-utf8.html" "$TMPD/he-1255.html"

cat >"$TMPD/ar-utf8.txt" <<'EOF'
رسالة قديمة

هذه رسالة محفوظة بترميز ويندوز، فيها كلمات عربية كثيرة للبحث عنها.
EOF
to CP1256 "$TMPD/ar-utf8.txt" "$TMPD/ar-1256.txt"
{
	printf '\377\376'
	iconv -f UTF-8 -t UTF-16LE "$TMPD/ar-utf8.txt"
} >"$TMPD/ar-utf16le.txt"
{
	printf '\376\377'
	iconv -f UTF-8 -t UTF-16BE "$TMPD/ar-utf8.txt"
} >"$TMPD/ar-utf16be.txt"

# --- HTML: the declared charset ---
logical "$TMPD/ar-ref.html" >"$TMPD/ar-ref" 2>&1
run_qari --dump --bidi terminal --shape none --width 1000 "$TMPD/ar-1256.html"
if [ "$rc" -eq 0 ] && cmp -s "$TMPD/out" "$TMPD/ar-ref" && [ ! -s "$TMPD/err" ]; then
	ok "a windows-1256 page (meta charset) dumps as its UTF-8 original"
else
	not_ok "a windows-1256 page (meta charset) dumps as its UTF-8 original"
	diag "exit status $rc" "$(cat "$TMPD/err")" "got:" "$(head -n 3 "$TMPD/out")"
fi
check "... which has the Arabic: 'كتب هذا المقال'" grep -q 'كتب هذا المقال' "$TMPD/ar-ref"
"$QARI" --dump --width 60 "$TMPD/ar-1256.html" >"$TMPD/shaped-1256" 2>&1
"$QARI" --dump --width 60 "$TMPD/ar-ref.html" >"$TMPD/shaped-ref" 2>&1
check "... and shaped, in visual order, at width 60: the same" \
	cmp -s "$TMPD/shaped-1256" "$TMPD/shaped-ref"
"$QARI" --dump --width 60 - <"$TMPD/ar-1256.html" >"$TMPD/stdin-1256" 2>&1
check "... read from standard input: the same" cmp -s "$TMPD/stdin-1256" "$TMPD/shaped-ref"

logical "$TMPD/ar-utf8.html" >"$TMPD/ar-liar" 2>&1
check "a UTF-8 page that declares windows-1256 stays UTF-8" cmp -s "$TMPD/ar-liar" "$TMPD/ar-ref"

logical "$TMPD/he-1255.html" >"$TMPD/he-out" 2>&1
logical "$TMPD/he-utf8.html" >"$TMPD/he-ref" 2>&1
check "a windows-1255 page (http-equiv Content-Type) dumps as its UTF-8 original" \
	cmp -s "$TMPD/he-out" "$TMPD/he-ref"
check "... which has the Hebrew: 'זהו מאמר ישן'" grep -q 'זהו מאמר ישן' "$TMPD/he-ref"

# --- --encoding ---
logical "$TMPD/ar-utf8.txt" >"$TMPD/txt-ref" 2>&1
run_qari --dump --bidi terminal --shape none --width 1000 --encoding cp1256 "$TMPD/ar-1256.txt"
if [ "$rc" -eq 0 ] && cmp -s "$TMPD/out" "$TMPD/txt-ref" && [ ! -s "$TMPD/err" ]; then
	ok "--encoding cp1256: a cp1256 text dumps as its UTF-8 original"
else
	not_ok "--encoding cp1256: a cp1256 text dumps as its UTF-8 original"
	diag "exit status $rc" "$(cat "$TMPD/err")" "got:" "$(head -n 3 "$TMPD/out")"
fi
logical --encoding WINDOWS-1256 --format text - <"$TMPD/ar-1256.txt" >"$TMPD/txt-stdin" 2>&1
check "... --encoding WINDOWS-1256 --format text from standard input: the same" \
	cmp -s "$TMPD/txt-stdin" "$TMPD/txt-ref"
logical "$TMPD/ar-1256.txt" >"$TMPD/txt-raw" 2>&1
check "... without --encoding: replacement characters (a text says nothing of its charset)" \
	grep -q "$(printf '\357\277\275')" "$TMPD/txt-raw"
logical --encoding windows-1255 "$TMPD/ar-1256.html" >"$TMPD/forced" 2>&1
if cmp -s "$TMPD/forced" "$TMPD/ar-ref"; then
	not_ok "--encoding overrides a page's own declaration"
else
	ok "--encoding overrides a page's own declaration"
fi

run_qari --dump --encoding nonsense "$TMPD/ar-1256.txt"
is "$rc" 2 "--encoding nonsense: exit status 2"
is "$(lines_of "$TMPD/err")" 1 "... one line on stderr"
check "... naming the encoding" grep -q "unknown encoding 'nonsense'" "$TMPD/err"
check "... and nothing on stdout" test ! -s "$TMPD/out"
run_qari --dump --encoding 'utf-8//TRANSLIT' "$TMPD/ar-utf8.txt"
is "$rc" 2 "--encoding with an iconv suffix (utf-8//TRANSLIT) is refused"

# --- byte order marks ---
logical "$TMPD/ar-utf16le.txt" >"$TMPD/le" 2>&1
check "a UTF-16LE text with a BOM dumps as its UTF-8 original" cmp -s "$TMPD/le" "$TMPD/txt-ref"
logical "$TMPD/ar-utf16be.txt" >"$TMPD/be" 2>&1
check "a UTF-16BE text with a BOM dumps as its UTF-8 original" cmp -s "$TMPD/be" "$TMPD/txt-ref"
{
	printf '\357\273\277'
	cat "$TMPD/ar-utf8.txt"
} >"$TMPD/ar-bom.txt"
logical "$TMPD/ar-bom.txt" >"$TMPD/bom" 2>&1
check "a UTF-8 BOM is dropped, not shown" cmp -s "$TMPD/bom" "$TMPD/txt-ref"

# --- --search ---
run_qari --search 'ترميز ويندوز' --encoding cp1256 "$TMPD/ar-1256.txt"
is "$rc" 0 "--search --encoding cp1256 on a .txt finds a phrase"
check "... FILE:LINE:COL: context, in UTF-8" \
	grep -q "^$TMPD/ar-1256.txt:3:[0-9]*: .*ترميز ويندوز" "$TMPD/out"
run_qari --search 'ترميز ويندوز' "$TMPD/ar-1256.txt"
is "$rc" 1 "... without --encoding: no match"
run_qari --search 'القراءة' --count --encoding windows-1256 "$TMPD/ar-1256.html"
is "$(cat "$TMPD/out")" 1 "--search --count --encoding on an HTML page: 1"
run_qari --search 'القراءة' "$TMPD/ar-1256.html"
is "$rc" 0 "--search on a windows-1256 page finds a word (its meta charset)"
run_qari --search 'كلمات عربية' "$TMPD/ar-utf16le.txt"
is "$rc" 0 "--search on a UTF-16LE .txt finds a phrase (its BOM)"
run_qari --search 'x' --encoding nonsense "$TMPD/ar-1256.txt"
is "$rc" 2 "--search --encoding nonsense: exit status 2"

# --- the reader ---
if have_python; then
	export TERM=xterm-256color LANG=C.UTF-8
	export XDG_DATA_HOME="$TMPD/data" XDG_CONFIG_HOME="$TMPD/config"
	res=$("$PYTHON3" "$TOP_SRCDIR/tests/e2e/pty.py" --out "$TMPD/pty.bin" settle key:q -- \
		"$QARI" --bidi terminal --shape none --encoding cp1256 "$TMPD/ar-1256.txt")
	is "$res" "exit 0" "the reader opens a cp1256 text with --encoding and quits"
	check "... and shows its Arabic" grep -q 'رسالة قديمة' "$TMPD/pty.bin"
else
	ok "the reader with --encoding # SKIP no $PYTHON3"
fi

done_testing
