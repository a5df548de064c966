#!/bin/sh
# Which document a file is, as the reader finds its place and its bookmarks: two books of the
# same size whose first 64 KiB are the same are two documents (each opens where it was left,
# not at the other's place), an article both edited and renamed keeps its bookmark, found
# again by the passage it quotes, and the reading position follows its passage after an edit.
. "${TOP_SRCDIR:?}/tests/e2e/tmux.sh"
keys() { tm send-keys -t q "$@"; tmux_settle q; }
pct() { status_line | sed -n 's|.* \([0-9]*\)%.*|\1|p'; }

# Two books of about 600 KB (read on after their first 256 KiB), alike but for their last line.
base=$tmux_dir/base.txt
i=1
while [ $i -le 2500 ]; do
	printf 'الفقرة %04d من الكتاب، وفيها كلام عن العلم والعلماء والكتب والقراءة.\n\n' $i
	i=$((i + 1))
done >"$base"
{ cat "$base"; echo "Book A ends here."; } >"$tmux_dir/a.txt"
{ cat "$base"; echo "Book B ends here."; } >"$tmux_dir/b.txt"
[ "$(wc -c <"$tmux_dir/a.txt")" = "$(wc -c <"$tmux_dir/b.txt")" ]
ok $? "the two books have one size ($(wc -c <"$tmux_dir/a.txt") bytes)"

tm_start 80 24 "$tmux_dir/a.txt"
started
keys 5 0 %
a_at=$(pct)
keys q
wait_for "QARI-EXIT=0"
[ "${a_at:-0}" -ge 45 ]
ok $? "book A is left at 50% (the status line says ${a_at:-nothing}%)"

tm_start 80 24 "$tmux_dir/b.txt"
started
b_at=$(pct)
[ "${b_at:-99}" -le 1 ]
ok $? "book B opens at its start, not where A was left (${b_at:-nothing}%)"
keys q
wait_for "QARI-EXIT=0"

tm_start 80 24 "$tmux_dir/a.txt"
started
a_again=$(pct)
[ "${a_again:-0}" -ge 45 ]
ok $? "book A opens again where it was left (${a_again:-nothing}%)"
keys q
wait_for "QARI-EXIT=0"

# An article, a bookmark on its second paragraph; then renamed and edited.
art=$tmux_dir/draft.md
cat >"$art" <<'TEXT'
# مسودة المقالة

الفقرة الأولى من المقالة تتحدث عن الكتب القديمة وعن الذين يقرؤونها في المكتبات.

الفقرة الثانية تشرح كيف تُحفظ المخطوطات من الرطوبة والضوء والحشرات.
TEXT
tm_start 80 24 "$art"
started
keys j j
keys m
keys Enter
keys "ملاحظة" Enter
status_line | grep -q "Bookmark saved"
ok $? "a bookmark is saved in the article"
keys q
wait_for "QARI-EXIT=0"
quote=$("$QARI" --bookmarks "$art" | cut -f5 | head -n 1)
[ -n "$quote" ]
ok $? "--bookmarks lists it with its passage"

final=$tmux_dir/final.md
{
	sed -n 1,2p "$art"
	printf 'فقرة جديدة أضيفت في أول المقالة بعد العنوان.\n\n'
	sed -n '3,$p' "$art"
} >"$final"
rm "$art"
tm_start 80 24 "$final"
started
keys q
wait_for "QARI-EXIT=0"
"$QARI" --bookmarks "$final" >"$tmux_dir/list.tsv"
[ "$(wc -l <"$tmux_dir/list.tsv")" -eq 1 ] && cut -f4 "$tmux_dir/list.tsv" | grep -qx "ملاحظة"
ok $? "renamed and edited, the article keeps its bookmark (under its new name)"
# The reading position follows its passage when a paragraph is added above it.
pos=$tmux_dir/pos.txt
i=1
while [ $i -le 40 ]; do
	printf 'Paragraph %02d says something of its own, long enough to fill the row.\n\n' $i
	i=$((i + 1))
done >"$pos"
tm_start 80 24 "$pos"
started
keys Space Space
before=$(rows | sed -n 1p)
keys q
wait_for "QARI-EXIT=0"
{
	printf 'A new first paragraph, added after the reader left.\n\n'
	printf 'And a second one, so that the old place is two paragraphs off.\n\n'
	cat "$pos"
} >"$pos.new"
mv "$pos.new" "$pos"
tm_start 80 24 "$pos"
started
after=$(rows | sed -n 1p)
[ -n "$before" ] && [ "$after" = "$before" ]
ok $? "the reading position follows its passage after an edit above it ('$before' / '$after')"
keys q
wait_for "QARI-EXIT=0"
finish
