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

done_testing
