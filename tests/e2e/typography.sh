#!/bin/sh
# The text column as a reader of it sees its typography, through --dump: the right edge of an
# Arabic paragraph is straight even where the text hides RLM marks between its words (the Darimi
# book), list items hang under their text, code and quotes keep their indent on every line, and
# a tight list has no blank line before the list nested in it.
. "$(dirname "$0")/lib.sh"

rlm=$(printf '\342\200\217')

# Rows of the dump in $1 that end in a space: a row right-aligned one column short of the edge.
short_rows() {
	grep -c ' $' "$1"
}

# --- The right edge: RLM, space, RLM between words, as in the Darimi book ---
words="حدثنا محمد بن يوسف عن سفيان عن الأعمش عن أبي وائل عن عبد الله قال جاء رجل إلى رسول الله"
para=""
for w in $words $words $words; do
	para="$para$rlm $rlm$w "
done
printf '%s\n\n%s\n' "$para" "$para" >"$TMPD/rlm.txt"
run_qari --dump --width 50 "$TMPD/rlm.txt"
n=$(lines_of "$TMPD/out")
short=$(short_rows "$TMPD/out")
if [ "$rc" -eq 0 ] && [ "$n" -gt 8 ] && [ "$short" -eq 0 ]; then
	ok "RLM, space, RLM between words: every row at 50 columns reaches the right edge ($n rows)"
else
	not_ok "RLM, space, RLM between words: every row at 50 columns reaches the right edge"
	diag "$short of $n rows end one column short"
fi

darimi=$SHARED/corpus/large/ar_darimi_sunan_mushakkala.txt
if [ -r "$darimi" ]; then
	head -n 400 "$darimi" >"$TMPD/darimi.txt"
	run_qari --dump --width 50 "$TMPD/darimi.txt"
	n=$(lines_of "$TMPD/out")
	short=$(short_rows "$TMPD/out")
	if [ "$rc" -eq 0 ] && [ "$n" -gt 1000 ] && [ "$short" -eq 0 ]; then
		ok "the Darimi book's first 400 lines at 50 columns: a straight right edge ($n rows)"
	else
		not_ok "the Darimi book's first 400 lines at 50 columns: a straight right edge"
		diag "$short of $n rows end one column short"
	fi
else
	ok "# SKIP the shared corpus is not at $SHARED"
fi

# --- No blank row before a list nested in a tight list ---
printf -- '- one\n- two\n  - two a\n  - two b\n- three\n\nafter\n' >"$TMPD/tight.md"
printf '<ul><li>one</li><li>two<ul><li>two a</li><li>two b</li></ul></li><li>three</li></ul>\n<p>after</p>\n' >"$TMPD/tight.html"
printf -- '- واحد\n- اثنان\n  - اثنان أ\n  - اثنان ب\n- ثلاثة\n' >"$TMPD/tight-rtl.md"
for f in tight.md tight.html tight-rtl.md; do
	run_qari --dump --width 40 "$TMPD/$f"
	# The rows of the list: up to the first blank row after "three" (the paragraph after it).
	blank=$(sed -n '1,/three\|ثلاثة/p' "$TMPD/out" | grep -c '^ *$')
	rows=$(sed -n '1,/three\|ثلاثة/p' "$TMPD/out" | wc -l | tr -d ' ')
	if [ "$rc" -eq 0 ] && [ "$rows" -eq 5 ] && [ "$blank" -eq 0 ]; then
		ok "$f: a tight list with a nested one is 5 rows, no blank row among them"
	else
		not_ok "$f: a tight list with a nested one is 5 rows, no blank row among them"
		diag "$rows rows, $blank blank:" "$(cat "$TMPD/out")"
	fi
done
printf -- '- one\n\n- two\n\n  - two a\n' >"$TMPD/loose.md"
printf '<ul><li><p>one</p></li><li><p>two</p></li></ul>\n' >"$TMPD/loose.html"
for f in loose.md loose.html; do
	run_qari --dump --width 40 "$TMPD/$f"
	if [ "$(grep -c '^ *$' "$TMPD/out")" -ge 1 ]; then
		ok "$f: a loose list keeps its blank rows"
	else
		not_ok "$f: a loose list keeps its blank rows"
		diag "$(cat "$TMPD/out")"
	fi
done

# --- Hanging indents: an item's wrapped rows start under its text, not under its marker ---
# cols FILE: each row of the dump as "LEFT RIGHT TEXT", the columns (1-based) of its first and
# last cells; marks (harakat) take no cell.
cols() {
	"$PYTHON3" -c '
import sys, unicodedata
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.rstrip("\n")
    cells = [c for c in line if not unicodedata.combining(c)]
    text = "".join(cells)
    if text.strip():
        left = len(text) - len(text.lstrip(" ")) + 1
        print(left, len(text.rstrip(" ")), text.strip())
' "$1"
}
cat >"$TMPD/lists.md" <<'MD'
- alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike
  - november oscar papa quebec romeo sierra tango uniform victor whiskey
1. xray yankee zulu alpha bravo charlie delta echo foxtrot golf hotel india

- واحد اثنان ثلاثة أربعة خمسة ستة سبعة ثمانية تسعة عشرة أحد عشر اثنا عشر
  - ثلاثة عشر أربعة عشر خمسة عشر ستة عشر سبعة عشر ثمانية عشر تسعة عشر عشرون
MD
run_qari --dump --width 40 "$TMPD/lists.md"
cols "$TMPD/out" >"$TMPD/cols"
# The first item's rows: under "alpha" (column 3); the nested one's: under "november" (5); the
# ordered one's: under "xray" (4).
got=$(awk '$3 !~ /^(•|◦|1\.)$/ && $1 > 0 { print $1 }' "$TMPD/cols" | head -n 20 | tr '\n' ' ')
rows_of() { # rows_of WORD: the left columns of the rows from the one that starts with WORD on
	awk -v w="$1" 'found && ($3 ~ /^(•|◦|[0-9]+\.)$/ || $0 ~ / (•|◦)$/) { exit }
		found { print $1 } $3 == w || $4 == w { found = 1 }' "$TMPD/cols" | tr '\n' ' '
}
for spec in "alpha 3" "november 5" "xray 4"; do
	set -- $spec
	lefts=$(rows_of "$1")
	want=$(for l in $lefts; do printf '%s ' "$2"; done)
	if [ -n "$lefts" ] && [ "$lefts" = "$want" ]; then
		ok "an LTR item's wrapped rows start under its text, at column $2 (the $1 item)"
	else
		not_ok "an LTR item's wrapped rows start under its text, at column $2 (the $1 item)"
		diag "left columns of its wrapped rows: $lefts" "$(cat "$TMPD/out")"
	fi
done
# Arabic items: their marker is on the right, at column 40 (38 nested); their wrapped rows end
# under their text, at column 38 (36 nested).
rtl_rows() { # rtl_rows LAST-COLUMN-OF-MARKER: right columns of the wrapped rows after it
	awk -v m="$1" 'found && $0 ~ / (•|◦)$/ { exit } found { print $2 }
		$0 ~ / (•|◦)$/ && $2 == m { found = 1 }' "$TMPD/cols" | tr '\n' ' '
}
for spec in "40 38" "38 36"; do
	set -- $spec
	rights=$(rtl_rows "$1")
	want=$(for l in $rights; do printf '%s ' "$2"; done)
	if [ -n "$rights" ] && [ "$rights" = "$want" ]; then
		ok "an Arabic item (marker at column $1) hangs: its wrapped rows end at column $2"
	else
		not_ok "an Arabic item (marker at column $1) hangs: its wrapped rows end at column $2"
		diag "right columns of its wrapped rows: $rights" "$(cat "$TMPD/out")"
	fi
done
printf '<ul><li>alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima</li></ul>\n' >"$TMPD/list.html"
run_qari --dump --width 40 "$TMPD/list.html"
cols "$TMPD/out" >"$TMPD/cols"
lefts=$(rows_of alpha)
if [ "$lefts" = "3 " ]; then
	ok "an HTML item hangs under its text too"
else
	not_ok "an HTML item hangs under its text too"
	diag "left columns of its wrapped rows: $lefts" "$(cat "$TMPD/out")"
fi
# An item that opens with a code block shows its marker once (HTML showed "• •").
printf '<ul><li><pre>x = 1</pre></li></ul>\n' >"$TMPD/pre.html"
run_qari --dump --width 40 "$TMPD/pre.html"
is "$(grep -c '•' "$TMPD/out") $(grep -c '• •' "$TMPD/out")" "1 0" \
	"an HTML item that opens with code shows its marker once"

# Quotes and code keep their indent on every row; code keeps the column's last cell free (the
# reader marks a cut line there; a dump has no mark, so it copies as the code it is).
printf '> %s\n\n- item\n\n      %s\n' \
	"a quote with words enough in it to wrap onto a second and a third row at forty" \
	"call(first_argument, second_argument, third_argument_and_then_some_more_argument);" \
	>"$TMPD/qc.md"
run_qari --dump --width 40 "$TMPD/qc.md"
cols "$TMPD/out" >"$TMPD/cols"
q=$(awk '$3 != "•" && $3 !~ /call|argument/ { print $1 }' "$TMPD/cols" | sort -u | tr '\n' ' ')
is "$q" "3 " "a quote's rows all start at column 3"
c=$(grep -c 'argument' "$TMPD/out")
wide=$(awk '$3 ~ /call|argument/ && $2 > 39 { print }' "$TMPD/cols" | wc -l | tr -d ' ')
if [ "$c" -ge 2 ] && [ "$wide" -eq 0 ] && ! grep -q '↪' "$TMPD/out"; then
	ok "a wrapped code line: $c rows, none past column 39, no mark in the dump"
else
	not_ok "a wrapped code line: $c rows, none past column 39, no mark in the dump"
	diag "$(cat "$TMPD/out")"
fi

# A list in a quote keeps the quote's indent: its bullet at column 3, its wrapped rows at 5.
printf '> %s\n>\n> - %s\n' "a quote that opens a list:" \
	"a list in a quote with enough words to wrap onto a second row" >"$TMPD/ql.md"
printf '<blockquote><p>%s</p><ul><li>%s</li></ul></blockquote>\n' "a quote that opens a list:" \
	"a list in a quote with enough words to wrap onto a second row" >"$TMPD/ql.html"
for f in ql.md ql.html; do
	run_qari --dump --width 40 "$TMPD/$f"
	cols "$TMPD/out" >"$TMPD/cols"
	got=$(awk '{ print $1 }' "$TMPD/cols" | tr '\n' ' ')
	if [ "$got" = "3 3 5 " ]; then
		ok "$f: a list in a quote keeps the quote's indent, its item hanging (columns $got)"
	else
		not_ok "$f: a list in a quote keeps the quote's indent, its item hanging"
		diag "left columns: $got" "$(cat "$TMPD/out")"
	fi
done

done_testing
