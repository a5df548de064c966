#!/bin/sh
# The text column's typography in the reader: a code line the column cuts is marked at its end
# (↪, drawn, never copied), list items hang under their text on screen as in a dump, heading
# levels 1-3 look different from each other and the current search match from the others by
# more than bold, in colour and with NO_COLOR.
. "${TOP_SRCDIR:?}/tests/e2e/tmux.sh"
PYTHON3=${PYTHON3:-/usr/bin/python3}

printf '```\n%s\nshort();\n```\n\n%s\n\n%s\n\n%s\n' \
	'int main(void) { return printf("a line of code far too long for forty columns of text"); }' \
	'- an item with words enough in it to wrap onto a second row of the column' \
	'- بند في قائمة عربية طويل بما يكفي لكي يلتف على سطر ثان في العمود' \
	'A paragraph after.' >"$tmux_dir/code.md"
# 44 columns: the text column is 42 wide, from column 2 to 43.
tm_start 44 16 "$tmux_dir/code.md"
tm set -s set-clipboard on
started
wait_for "short();"
marks=$(screen | sed -n '1,4p' | sed 's/ *$//' | sed -n 's/.*\(.\)$/\1/p' | tr '\n' ' ')
cols=$(screen | sed -n '1,2p' | awk '{ print length($0) }' | tr '\n' ' ')
[ "$marks" = "↪ ↪ } ; " ]
ok $? "a code line cut twice by the column: ↪ at the end of its first two rows only (got: $marks)"
# A terminal counts characters, not bytes: the mark is in the column's last cell, 43.
n1=$(screen | sed -n 1p | sed 's/ *$//' | wc -m)
n2=$(screen | sed -n 2p | sed 's/ *$//' | wc -m)
[ "$n1" -eq 44 ] && [ "$n2" -eq 44 ]
ok $? "the mark is in the column's last cell (rows of $((n1 - 1)) and $((n2 - 1)) cells)"
keys v
keys j
keys j
keys y
buf=$(tm show-buffer 2>/dev/null)
[ "$buf" = 'int main(void) { return printf("a line of code far too long for forty columns of text"); }' ]
ok $? "v and y copy the code line as it is written, without the mark (got: $buf)"
keys Escape
keys / 'of code far' Enter
status_line | grep -q "match 1 of 1"
ok $? "a search finds words across the cut"
keys / '↪' Enter
status_line | grep -q "match" && ! status_line | grep -q "No match\|no match\|not found"
[ $? -ne 0 ]
ok $? "a search for the mark finds nothing: it is not in the text"
keys Escape

# The list item: its second row starts under its text (column 4: the column starts at 2, the
# bullet and its space take 2 cells); the Arabic item's second row ends at 41 (marker at 43).
row=$(screen | grep -n 'second row' | cut -d: -f1)
lead=$(screen | sed -n "${row}p" | sed 's/[^ ].*//' | wc -c)
[ "$lead" -eq 4 ]
ok $? "an item's wrapped row starts under its text, not under its bullet (column $lead)"
arow=$(screen | grep -n ' •$' | sed -n 1p | cut -d: -f1)
right=$(screen | sed -n "$((arow + 1))p" | sed 's/ *$//' | wc -m)
[ "$right" -eq 42 ]
ok $? "an Arabic item's wrapped row ends under its text, two cells in from its bullet (column $((right - 1)))"
keys q
wait_for "QARI-EXIT=0"

# sgr_at WORD N: the attributes the screen draws the Nth WORD with (bold 1, dim 2, underline 4,
# reverse 7, colours as fgN/bgN), from the escape sequences of a capture, in a stable order.
sgr_at() {
	tm capture-pane -e -p -t q | "$PYTHON3" -c '
import re, sys
word, nth = sys.argv[1], int(sys.argv[2])
text = sys.stdin.read()
state, seen, i = {}, 0, 0
names = {1: "bold", 2: "dim", 3: "italic", 4: "underline", 5: "blink", 7: "reverse"}
offs = {22: (1, 2), 23: (3,), 24: (4,), 25: (5,), 27: (7,)}
while i < len(text):
    m = re.match(r"\x1b\[([0-9;]*)m", text[i:])
    if m:
        ps = [int(p) if p else 0 for p in m.group(1).split(";")]
        j = 0
        while j < len(ps):
            p = ps[j]
            if p == 0:
                state = {}
            elif p in names:
                state[names[p]] = 1
            elif p in offs:
                for o in offs[p]:
                    state.pop(names[o], None)
            elif 30 <= p <= 37 or 90 <= p <= 97:
                state["fg"] = p
            elif p == 39:
                state.pop("fg", None)
            elif 40 <= p <= 47 or 100 <= p <= 107:
                state["bg"] = p
            elif p == 49:
                state.pop("bg", None)
            elif p in (38, 48):
                key = "fg" if p == 38 else "bg"
                state[key] = ":".join(map(str, ps[j:j + 3])) if ps[j + 1] == 5 else "rgb"
                j += 2 if ps[j + 1] == 5 else 4
            j += 1
        i += m.end()
        continue
    if text.startswith(word, i):
        seen += 1
        if seen == nth:
            print(" ".join(k if v == 1 else "%s%s" % (k, v) for k, v in sorted(state.items())) or "plain")
            sys.exit(0)
    i += 1
print("missing")
' "$1" "$2"
}

printf '# Heading one\n\nText.\n\n## Heading two\n\nText two.\n\n### Heading three\n\n%s\n' \
	'A line with alpha, then alpha again.' >"$tmux_dir/headings.md"
for nc in "" 1; do
	what=$([ -n "$nc" ] && echo "NO_COLOR" || echo "colour")
	tm_start_sh 60 16 "NO_COLOR=$nc $QARI $tmux_dir/headings.md"
	started
	wait_for "Heading three"
	h1=$(sgr_at "Heading one" 1)
	h2=$(sgr_at "Heading two" 1)
	h3=$(sgr_at "Heading three" 1)
	[ "$h1" != "$h2" ] && [ "$h2" != "$h3" ] && [ "$h1" != "$h3" ] && [ "$h1" != plain ] &&
		[ "$h2" != plain ] && [ "$h3" != plain ]
	ok $? "$what: H1, H2 and H3 each look different (H1: $h1; H2: $h2; H3: $h3)"
	keys / alpha Enter
	cur=$(sgr_at alpha 1)
	other=$(sgr_at alpha 2)
	# Without bold, the two must still differ: bold alone is too little to tell them apart.
	cur_nb=$(echo "$cur" | sed 's/bold//; s/  */ /g; s/^ //; s/ $//')
	other_nb=$(echo "$other" | sed 's/bold//; s/  */ /g; s/^ //; s/ $//')
	[ "$cur" != missing ] && [ "$other" != plain ] && [ "$cur_nb" != "$other_nb" ]
	ok $? "$what: the current match differs from the others by more than bold ($cur / $other)"
	keys q
	wait_for "QARI-EXIT=0"
done

# A click on a link in an item's hanging row finds the link where it is drawn.
printf -- '- %s [the manual](https://example.org/manual) %s\n' \
	"an item with words enough in it to wrap onto a second row where" "is linked" \
	>"$tmux_dir/link.md"
tm_start 44 12 "$tmux_dir/link.md"
tm set -s set-clipboard on # else the status line says why it was not copied, cutting the URL
started
wait_for "manual"
mouse() {
	tm send-keys -t q -l "$(printf '\033[M%b%b%b' "\\$(printf '%03o' $((32 + $1)))" \
		"\\$(printf '%03o' $((33 + $2)))" "\\$(printf '%03o' $((33 + $3)))")"
	settle
}
row=$(screen | grep -n "the manual" | head -n 1 | cut -d: -f1)
col=$(screen | sed -n "${row}p" | sed 's/the manual.*//' | wc -m)
mouse 0 $((col + 5)) $((row - 1))
mouse 3 $((col + 5)) $((row - 1))
[ "$row" -gt 1 ] && status_line | grep -q "https://example.org/manual"
ok $? "a click on a link in an item's hanging row shows it (row $row, column $col)"
keys q
wait_for "QARI-EXIT=0"

finish
