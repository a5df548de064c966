#!/bin/sh
# Nothing a document holds reaches the terminal as a control: a text full of escape sequences
# (title-setting OSC ended by BEL and by ST, screen-clearing CSI, DCS, C1 CSI both as U+009B and
# as a raw 0x9B byte, colours, BEL, backspace, CR) is opened in the interactive reader in a pty,
# Space and q are pressed, and every byte qari wrote is searched for the document's payloads and
# for what ncurses never sends with TERM=xterm-256color (OSC, DCS, ST, C1, BEL). The reader shows
# the controls as pictures (U+241B for ESC), so the payloads' printable rest must be on screen.
# The same document through --dump must hold no ESC, C1 or BEL at all. Nor may a file's name:
# --search, --search --count, --dump and their error messages print a hostile one neutralised.
. "$(dirname "$0")/lib.sh"

PTY=$TOP_SRCDIR/tests/e2e/pty.py
have_python || skip_all "no python3 to drive a pty"

# The hostile document: the title line itself carries an OSC, the rest one sequence per line.
doc=$TMPD/hostile.txt
{
	printf 'Title \033]0;pwned-title\007 of the document\n\n'
	printf 'An OSC title ended by BEL: \033]0;pwned-bel\007 and by ST: \033]2;pwned-st\033\\ here.\n\n'
	printf 'Clear the screen \033[2J\033[Hhome-payload and go on.\n\n'
	printf 'A DCS string \033Pevil-dcs-payload\033\\ in the middle.\n\n'
	printf 'C1 CSI as UTF-8 \302\2332Jc1-utf8-payload and as a raw byte \2332Jc1-raw-payload.\n\n'
	printf 'Colours \033[31mred-payload\033[0m, a bell \007bell-payload, a backspace \010bs-payload, '
	printf 'a lone CR \rcr-payload.\n\n'
	printf 'مرحبا \033]0;عنوان-payload\007 بالعالم، نص عربي للقراءة.\n'
} >"$doc"

export TERM=xterm-256color LANG=C.UTF-8
export XDG_DATA_HOME="$TMPD/data" XDG_CONFIG_HOME="$TMPD/config"

# The checks over a capture, in Python: bytes are not text to a shell.
cat >"$TMPD/check.py" <<'PY'
import re, sys

out = open(sys.argv[1], "rb").read()
mode = sys.argv[2]
text = out.decode("utf-8", "surrogateescape")
fails = []

def no(cond, what):
    if cond:
        fails.append(what)

# Bytes no document may send: ESC ] (OSC), ESC P (DCS), ESC \ (ST), C1 controls as characters
# (U+0080-U+009F), invalid UTF-8 such as a raw 0x9B, BEL.
no("\x1b]" in text, "an OSC (ESC ]) was written")
no("\x1bP" in text, "a DCS (ESC P) was written")
no("\x1b\\" in text, "an ST (ESC \\) was written")
c1 = [hex(ord(c)) for c in text if 0x80 <= ord(c) <= 0x9F]
no(c1, "C1 controls were written: %s" % c1[:5])
bad = [hex(ord(c) - 0xDC00) for c in text if 0xDC80 <= ord(c) <= 0xDCFF]
no(bad, "bytes that are not UTF-8 were written (raw C1?): %s" % bad[:5])
no("\x07" in text, "BEL was written")
# The payloads right after their sequence, as a terminal would have taken them.
for seq in ["\x1b[2J\x1b[Hhome", "\x1b[31mred", "\x1b[0m,", "\x08bs", "\rcr-payload",
            "\u009b2Jc1", "\x1b]0;pwned", "\x1b]2;pwned", "\x1bPevil"]:
    no(seq in text, "the document's %r reached the terminal" % seq)
if mode == "reader":
    # Every ESC ncurses sends opens a CSI or is one of its few two-byte sequences.
    for m in re.finditer("\x1b(.)", text):
        no(m.group(1) not in "[()=>78M", "an unexpected ESC %r" % m.group(1))
    # The document was on screen, its controls shown as pictures.
    for s in ["pwned-title", "\u241b]0;pwned-bel", "home-payload", "evil-dcs-payload"]:
        no(s not in text, "%r is not on the screen" % s)
else:
    no("\x1b" in text, "ESC in the dump")
    ctl = sorted({hex(ord(c)) for c in text if ord(c) < 0x20 and c != "\n"})
    no(ctl, "C0 controls other than newline in the dump: %s" % ctl)
    # Lines wide enough to hold each payload whole show it with its pictures.
    for s in ["\u241b]0;pwned-bel", "\u241b[2J\u241b[Hhome-payload", "\u2407bell-payload",
              "\u2408bs-payload", "\u240dcr-payload"]:
        no(mode == "dump" and s not in text, "%r is not in the dump" % s)
for f in fails:
    print(f)
sys.exit(1 if fails else 0)
PY

# check_capture DESC FILE MODE
check_capture() {
	if "$PYTHON3" "$TMPD/check.py" "$2" "$3" >"$TMPD/why" 2>&1; then
		ok "$1"
	else
		not_ok "$1"
		diag "$(cat "$TMPD/why")"
	fi
}

# --- the reader in a pty: the first page, Space, q ---
res=$("$PYTHON3" "$PTY" --out "$TMPD/reader.bin" settle key:' ' settle key:q -- "$QARI" "$doc")
is "$res" "exit 0" "the reader shows the hostile document and quits with status 0"
check_capture "the reader writes none of the document's control sequences" "$TMPD/reader.bin" reader

# The sidebar lists the document by its title: Tab shows it, with the title's OSC as a picture.
res=$("$PYTHON3" "$PTY" --out "$TMPD/sidebar.bin" settle key:'\t' settle key:'\t' settle key:q -- \
	"$QARI" "$doc")
is "$res" "exit 0" "the reader with the sidebar open quits with status 0"
check_capture "the sidebar writes none of the document's control sequences" "$TMPD/sidebar.bin" \
	reader

# A file whose name is hostile and that has no title: the status line shows the name instead.
evil=$(printf 'name\033]0;pwned-name\007\2332J.txt')
printf 'one paragraph and no title\n' >"$TMPD/$evil"
res=$("$PYTHON3" "$PTY" --out "$TMPD/name.bin" settle key:q -- "$QARI" "$TMPD/$evil")
is "$res" "exit 0" "the reader opens a file with escape sequences in its name"
if "$PYTHON3" - "$TMPD/name.bin" <<'PY'; then
import sys
t = open(sys.argv[1], "rb").read().decode("utf-8", "surrogateescape")
bad = "\x1b]" in t or "\x07" in t or any(0x80 <= ord(c) <= 0x9F or 0xDC80 <= ord(c) <= 0xDCFF
                                         for c in t)
sys.exit(1 if bad or "pwned-name" not in t else 0)
PY
	ok "the name shows in the status line with its controls neutralised"
else
	not_ok "the name shows in the status line with its controls neutralised"
fi

# --- a terminal the reader cannot draw on: refused before anything is sent, --dump suggested ---
for t in dumb qari-no-such-terminal; do
	res=$(TERM=$t "$PYTHON3" "$PTY" --out "$TMPD/term.bin" settle key:q -- "$QARI" "$doc")
	if [ "$res" = "exit 1" ] && grep -q "qari --dump FILE" "$TMPD/term.bin" &&
		! grep -q "$(printf '\033')" "$TMPD/term.bin"; then
		ok "TERM=$t: the reader refuses at once, suggests --dump, sends no escape"
	else
		not_ok "TERM=$t: the reader refuses at once, suggests --dump, sends no escape"
		diag "$res: $(head -c 300 "$TMPD/term.bin" | od -c | head -n 5)"
	fi
done

# --- dump mode: no ESC, C1 or BEL at all, in every variant ---
for args in "--width 60" "--width 60 --bidi terminal" "--width 60 --shape none" "--width 7"; do
	# shellcheck disable=SC2086
	run_qari --dump $args "$doc"
	is "$rc" 0 "--dump $args exits 0"
	mode=dump
	[ "$args" = "--width 7" ] && mode=dump-narrow
	check_capture "--dump $args writes no ESC, C1, BEL or other control" "$TMPD/out" $mode
done
rc=0
"$QARI" --dump --width 60 - <"$doc" >"$TMPD/out" 2>"$TMPD/err" || rc=$?
is "$rc" 0 "--dump from standard input exits 0"
check_capture "--dump from standard input writes no control" "$TMPD/out" dump

# --- the command-line modes: a hostile file name in every line they print about it ---
# The name holds ESC [31m, BEL, a tab, a newline (which could forge a line of output), DEL, C1 CSI
# as UTF-8 and as a raw byte. --search prints it before each match and in --count's totals, the
# error messages quote it: nowhere may one of its bytes reach the terminal as it is.
cat >"$TMPD/clean.py" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
text = data.decode("utf-8", "surrogateescape")
bad = sorted({"U+%04X" % ord(c) for c in text
              if (ord(c) < 0x20 and c != "\n") or 0x7F <= ord(c) <= 0x9F})
bad += sorted({"byte %02X" % (ord(c) - 0xDC00) for c in text if 0xDC80 <= ord(c) <= 0xDCFF})
if bad:
    print("raw in the output: " + ", ".join(bad))
lines = text.count("\n")
if len(sys.argv) > 2 and lines != int(sys.argv[2]):
    print("%d lines, not %s: a name broke a line" % (lines, sys.argv[2]))
    bad = True
if len(sys.argv) > 3 and sys.argv[3] not in text:
    print("%r is not in the output" % sys.argv[3])
    bad = True
sys.exit(1 if bad else 0)
PY
# clean DESC FILE [LINES [SUBSTRING]]: FILE holds no control but newline and no invalid UTF-8
# (and has LINES lines, and shows SUBSTRING).
clean() {
	desc=$1
	shift
	if "$PYTHON3" "$TMPD/clean.py" "$@" >"$TMPD/why" 2>&1; then
		ok "$desc"
	else
		not_ok "$desc"
		diag "$(cat "$TMPD/why")"
	fi
}
names=$TMPD/names
mkdir "$names"
evil=$(printf 'n\033[31mred\007\tt\nl\177\302\233\233z')
printf 'a line to find\n' >"$names/$evil.txt"
printf '# Title\n\na paragraph to find\n' >"$names/$evil.md"
mkdir "$names/$evil-dir.txt"
shown=$(printf 'n\342\220\233[31mred') # the name as it must show: ESC as U+241B
for args in "--search find" "--search find --count"; do
	# shellcheck disable=SC2086
	run_qari $args "$names/$evil.txt" "$names/$evil.md"
	is "$rc" 0 "qari $args on files with controls in their names exits 0"
	clean "qari $args prints the names with their controls neutralised" "$TMPD/out" 2 \
		"$shown"
	clean "qari $args writes nothing raw on standard error" "$TMPD/err" 0
done
run_qari --search find "$names/$evil-dir.txt" "$names/$evil-missing.txt"
is "$rc" 2 "qari --search on a directory and a missing file with such names exits 2"
clean "their error messages are one line each, the names neutralised" "$TMPD/err" 2 \
	"$shown"
run_qari --dump "$names/$evil.txt" "$names/$evil-dir.txt" "$names/$evil-missing.txt"
is "$rc" 2 "qari --dump with a directory and a missing file among them exits 2"
clean "qari --dump writes no control of a name on standard output" "$TMPD/out" 1
clean "qari --dump's error messages are one line each, the names neutralised" "$TMPD/err" 2 \
	"$shown"

# --- the document's own bidi controls: --search leaves them out, as --dump does ---
# An RLO, an RLE and isolates never closed would reorder the rest of the output line (the
# name, the next fields) on a terminal that runs the bidi algorithm. ZWNJ is a letter's shape.
printf 'abc \342\200\256RLO text here\nand \342\201\246isolate \342\200\253open text\n' >"$TMPD/bidi.txt"
printf 'zwnj: \331\205\333\214\342\200\214\330\256\331\210\330\247\331\207\331\205 text\n' >>"$TMPD/bidi.txt"
printf '# t\n\n\342\200\256RLO text in Markdown\n' >"$TMPD/bidi.md"
cat >"$TMPD/bidi.py" <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8").read()
bad = sorted({"U+%04X" % ord(c) for c in text
              if 0x202A <= ord(c) <= 0x202E or 0x2066 <= ord(c) <= 0x2069})
if bad:
    print("bidi controls in the output: " + ", ".join(bad))
if "\u200c" not in text:
    print("the ZWNJ is gone")
sys.exit(1 if bad or "\u200c" not in text else 0)
PY
for f in bidi.txt bidi.md; do
	run_qari --search text "$TMPD/bidi.txt" "$TMPD/$f"
	if "$PYTHON3" "$TMPD/bidi.py" "$TMPD/out" >"$TMPD/why" 2>&1; then
		ok "qari --search on $f prints no bidi control of the document, keeps ZWNJ"
	else
		not_ok "qari --search on $f prints no bidi control of the document, keeps ZWNJ"
		diag "$(cat "$TMPD/why")"
	fi
done

done_testing
