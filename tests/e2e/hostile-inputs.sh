#!/bin/sh
# Inputs no one should write but someone will open: invalid UTF-8 of every kind, NUL bytes, a 5 MB
# line, 100,000 tiny paragraphs, bidi controls nested past the 125 levels UAX #9 allows, 500 marks
# on one letter, wide characters amid RTL text, an empty file, a directory, a FIFO, an unreadable
# file, /dev/null. Each one renders with --dump (exit 0, valid UTF-8 with no control but newline,
# no line wider than the width but for a lone wide cluster) or is refused with a one-line message
# and exit 2; nothing crashes (exit >= 128) or hangs (timeout). The reader, in a pty, opens the
# 5 MB line and the nested controls and takes G, g, Space and q.
. "$(dirname "$0")/lib.sh"

have_python || skip_all "no python3 to generate the inputs"
TIMEOUT="timeout 20"
command -v timeout >/dev/null 2>&1 || TIMEOUT=""
in=$TMPD/in
mkdir -p "$in"

# The inputs, written by Python: bytes that a shell's printf handles badly (NUL) or slowly.
"$PYTHON3" - "$in" <<'PY'
import os, sys
d = sys.argv[1]
def put(name, data):
    with open(os.path.join(d, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))

ar = "مرحبا بالعالم، هذا نص عربي للقراءة. "
put("invalid-utf8.txt", b"Title\n\nOverlongs \xc0\xaf \xe0\x80\xaf \xf0\x80\x80\xaf, surrogates "
    b"\xed\xa0\x80 \xed\xbf\xbf, past U+10FFFF \xf4\x90\x80\x80, lone \x80\xbf, "
    b"\xfe\xff bytes, truncated \xe2\x82 and \xf0\x9f\x98 in \xd9 the middle.\n\n"
    + ar.encode() + b"\xd8\n\nEnds truncated \xf0\x9f\x98")
put("nul-few.txt", "Title\n\n" + ar * 200 + "\0 a NUL\n\n" + ar * 200 + "\0\0 two more\n")
put("nul-binary.bin", b"\0\x01\x02text\0" * 2000)
put("line-5mb.txt", (ar * (5 * 1024 * 1024 // len(ar.encode()) + 1)).encode()[:5 * 1024 * 1024]
    .decode("utf-8", "ignore"))
put("paras-100k.txt", "ب\n\n" * 100000)
put("nested-embed.txt", "Nested\n\n" + "\u202b" * 200 + "abc " + ar + " 123" + "\u202c" * 200 +
    "\n\n" + "\u202a\u202e" * 150 + "override " + ar + "\u202c" * 300 + "\n")
put("nested-isolate.txt", "Isolates\n\n" + "\u2067" * 200 + "x עברית y " + ar +
    "\u2069" * 200 + "\n\n" + "\u2068\u2066" * 150 + "mixed" + "\u2069" * 300 + " tail\n")
put("marks-flood.txt", "Marks\n\n" + "ب" + "\u064e" * 500 + " and e" + "\u0301" * 500 +
    " then words after them " + ar + "\n")
wide = "漢字テキスト 😀 " + ar + " 한국어 🇲🇦 "
wide += "👩‍👩‍👧 עברית ＡＢＣ "
put("wide-mixed.txt", "Wide\n\n" + wide * 20 + "\n\n" + "中" * 300 + "\n")
put("empty.txt", b"")
PY
mkdir "$in/a-directory"

# Cells of a line as a terminal counts them (marks and format characters 0, East Asian wide 2),
# and how many clusters (a base and its marks) it holds: a line may be wider than the width only
# when it holds a single cluster.
cat >"$TMPD/sane.py" <<'PY'
import sys, unicodedata
width = int(sys.argv[2])
data = open(sys.argv[1], "rb").read()
try:
    text = data.decode("utf-8")
except UnicodeDecodeError as e:
    sys.exit("not UTF-8: %s" % e)
for c in text:
    o = ord(c)
    if (o < 0x20 and c != "\n") or 0x7F <= o <= 0x9F:
        sys.exit("control character U+%04X in the output" % o)
def cells(c):
    if unicodedata.category(c) in ("Mn", "Me", "Cf") or 0x1160 <= ord(c) <= 0x11FF:
        return 0
    return 2 if unicodedata.east_asian_width(c) in "WF" else 1
for n, line in enumerate(text.split("\n"), 1):
    w = sum(cells(c) for c in line)
    clusters = sum(1 for c in line.strip(" ") if cells(c) > 0)
    if w > width and clusters > 1:
        sys.exit("line %d is %d cells wide (width %d): %r" % (n, w, width, line[:80]))
PY

# dump DESC FILE WIDTH EXPECT: --dump --width WIDTH on FILE; EXPECT is "ok" (exit 0, sane
# output), "warned" (the same with one warning line that suggests --encoding) or "refused"
# (exit 2, one line on stderr, nothing on stdout).
dump() {
	desc=$1 file=$2 width=$3 expect=$4
	rc=0
	$TIMEOUT "$QARI" --dump --width "$width" "$file" >"$TMPD/out" 2>"$TMPD/err" || rc=$?
	if [ "$rc" -ge 124 ]; then
		not_ok "$desc: no crash, no hang"
		diag "exit status $rc (124: timed out; 128+N: killed by signal N)"
		return
	fi
	if [ "$expect" = warned ]; then
		if [ "$rc" -eq 0 ] && [ "$(lines_of "$TMPD/err")" -eq 1 ] &&
			grep -q '^qari: warning: .*--encoding' "$TMPD/err" &&
			"$PYTHON3" "$TMPD/sane.py" "$TMPD/out" "$width" >"$TMPD/why" 2>&1; then
			ok "$desc: renders at width $width, with a hint of --encoding"
		else
			not_ok "$desc: renders at width $width, with a hint of --encoding"
			diag "exit status $rc" "$(cat "$TMPD/err" "$TMPD/why")"
		fi
	elif [ "$expect" = ok ]; then
		if [ "$rc" -eq 0 ] && [ ! -s "$TMPD/err" ] &&
			"$PYTHON3" "$TMPD/sane.py" "$TMPD/out" "$width" >"$TMPD/why" 2>&1; then
			ok "$desc: renders at width $width"
		else
			not_ok "$desc: renders at width $width"
			diag "exit status $rc" "$(cat "$TMPD/err" "$TMPD/why")"
		fi
	elif [ "$rc" -eq 2 ] && [ ! -s "$TMPD/out" ] && [ "$(lines_of "$TMPD/err")" -eq 1 ] &&
		grep -q '^qari: ' "$TMPD/err"; then
		ok "$desc: refused with one line and exit 2 ($(cat "$TMPD/err"))"
	else
		not_ok "$desc: refused with one line and exit 2"
		diag "exit status $rc" "$(cat "$TMPD/err")"
	fi
}

dump "invalid UTF-8" "$in/invalid-utf8.txt" 40 warned
grep -q "$(printf '\357\277\275')" "$TMPD/out"
check "invalid UTF-8 shows as U+FFFD" [ $? -eq 0 ]
dump "invalid UTF-8" "$in/invalid-utf8.txt" 1 warned
dump "a few NUL bytes in a text" "$in/nul-few.txt" 60 ok
grep -q "$(printf '\342\220\200')" "$TMPD/out"
check "a NUL shows as its picture U+2400" [ $? -eq 0 ]
dump "NUL bytes everywhere" "$in/nul-binary.bin" 60 refused
dump "a 5 MB single line" "$in/line-5mb.txt" 80 ok
dump "100,000 tiny paragraphs" "$in/paras-100k.txt" 20 ok
is "$(lines_of "$TMPD/out")" 199999 "100,000 paragraphs give 199,999 lines"
dump "200 nested embeddings and overrides" "$in/nested-embed.txt" 30 ok
dump "200 nested isolates" "$in/nested-isolate.txt" 30 ok
dump "500 marks on one letter" "$in/marks-flood.txt" 30 ok
dump "500 marks on one letter" "$in/marks-flood.txt" 1 ok
dump "wide characters and emoji amid RTL" "$in/wide-mixed.txt" 25 ok
dump "wide characters and emoji amid RTL" "$in/wide-mixed.txt" 1 ok
dump "an empty file" "$in/empty.txt" 40 ok
dump "/dev/null" /dev/null 40 ok
dump "a directory" "$in/a-directory" 40 refused

# A FIFO with a writer: read to its end like a pipe.
if mkfifo "$in/fifo" 2>/dev/null; then
	(printf 'From a FIFO\n\nمرحبا من الأنبوب\n' >"$in/fifo") &
	dump "a FIFO with a writer" "$in/fifo" 40 ok
	grep -q "From a FIFO" "$TMPD/out"
	check "the FIFO's text is in the dump" [ $? -eq 0 ]
	wait
else
	ok "a FIFO with a writer # SKIP mkfifo failed"
fi

# An unreadable file: root reads it anyway.
printf 'secret\n' >"$in/unreadable.txt"
chmod 000 "$in/unreadable.txt"
if [ "$(id -u)" = 0 ]; then
	ok "an unreadable file is refused # SKIP root ignores permissions"
else
	dump "an unreadable file" "$in/unreadable.txt" 40 refused
fi
chmod 600 "$in/unreadable.txt"

# --- the reader in a pty: G, g, Space, q on the largest line and on the deepest nesting ---
export TERM=xterm-256color LANG=C.UTF-8
export XDG_DATA_HOME="$TMPD/data" XDG_CONFIG_HOME="$TMPD/config"
for f in line-5mb.txt nested-embed.txt nested-isolate.txt; do
	res=$("$PYTHON3" "$TOP_SRCDIR/tests/e2e/pty.py" --timeout 20 settle key:G settle key:g \
		settle key:' ' settle key:q -- "$QARI" "$in/$f")
	is "$res" "exit 0" "the reader on $f takes G, g, Space, q and exits 0"
done

done_testing
