#!/bin/sh
# Percentages in the reader: the status line's N% and the N% key, on a document that is one
# long code block after a short introduction (like the mixed-script Python tutorial of the
# corpus). The percent of the top row is counted inside its block, so it grows page by page
# instead of staying at the block's start, and 25% 50% 75% land a quarter, half and three
# quarters of the way, the status line showing what was asked.
. "$TOP_SRCDIR/tests/e2e/tmux.sh"

doc=$tmux_dir/tutorial.md
{
	printf '# دليل بايثون\n\nمقدمة قصيرة عن اللغة قبل الشيفرة.\n\n```python\n'
	i=1
	while [ $i -le 600 ]; do
		printf '# سطر %d من الشيفرة\nx_%d = %d  # => %d\n' $i $i $i $i
		i=$((i + 1))
	done
	printf '```\n\nخاتمة.\n'
} >"$doc"

# The status line's page X/Y and N%: prints "X Y N".
where() { status_line | sed -n 's|.*page \([0-9]*\)/\([0-9]*\)  *\([0-9]*\)%.*|\1 \2 \3|p'; }

tm_start 80 24 "$doc"
started
ok $? "the reader opens the tutorial"
tm send-keys -t q G
settle
tm send-keys -t q g
settle

# Page by page, the percent grows and is never stuck.
prev=-1 grows=0 stuck=0
for i in 1 2 3 4 5 6 7 8 9 10; do
	tm send-keys -t q Space
	settle
	set -- $(where)
	[ "${3:-0}" -gt "$prev" ] && grows=$((grows + 1))
	[ "${3:-0}" -lt "$prev" ] && stuck=1
	prev=${3:-0}
done
[ $grows -ge 9 ] && [ $stuck -eq 0 ]
ok $? "the percent grows with each page inside the code block (10 pages: $grows rises, at $prev%)"

# N% lands N% of the way and the status line says N%.
for n in 25 50 75; do
	tm send-keys -t q g
	settle
	tm send-keys -t q $n %
	settle
	set -- $(where)
	page=${1:-0} total=${2:-1} pct=${3:-0}
	want=$((total * n / 100))
	[ "$pct" -ge $((n - 1)) ] && [ "$pct" -le $((n + 1)) ] &&
		[ "$page" -ge $((want - 2)) ] && [ "$page" -le $((want + 2)) ]
	ok $? "$n% goes to page $page of $total and the status line shows $pct%"
done

tm send-keys -t q q
wait_for "QARI-EXIT=0"
ok $? "q quits with status 0"
finish
