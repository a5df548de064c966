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

done_testing
