#!/bin/sh
# Verse keeps its lines (--linebreaks, --dump): at auto the couplets of a Persian poem keep their
# two lines, side by side at 100 columns (the first hemistich on the right), one under the other
# at 40, while a prose paragraph hard-wrapped at 72 columns in the same file is still joined;
# join joins them as before, keep keeps the prose's lines too; the same for plain text; a
# masnavi's run of couplets in one paragraph is a row a couplet; and
# Hafez's divan in the shared corpus (skipped when absent) shows every couplet side by side.
. "$(dirname "$0")/lib.sh"

md=$DATA/verse-fa.md
txt=$DATA/verse-fa.txt
h1='بنی آدم اعضای یک پیکرند'
h2='که در آفرینش ز یک گوهرند'
p1='سعدی این شعر را در باب اول گلستان آورده است و امروز آن را بر سر در'

# What a line of text looks like on the screen alone: shaped, in visual order, unpadded.
shown() {
	printf '%s\n' "$1" | "$QARI" --dump --width 200 --format text | sed 's/^ *//; s/ *$//'
}
v1=$(shown "$h1")
v2=$(shown "$h2")
vp=$(shown "$p1")

# row OUT TEXT: the number of the row of file OUT that holds TEXT, or 0.
row() { grep -nF -- "$2" "$1" | head -n 1 | cut -d: -f1 | grep . || echo 0; }
# only OUT TEXT: the number of the row of OUT that is TEXT and nothing else but padding, or 0.
only() { sed 's/^ *//; s/ *$//' "$1" | grep -nxF -- "$2" | head -n 1 | cut -d: -f1 | grep . || echo 0; }
# col OUT TEXT: where TEXT starts in its row of OUT, in characters (1-based), or 0.
col() {
	awk -v t="$2" 'index($0, t) { print length(substr($0, 1, index($0, t) - 1)) + 1; f = 1; exit }
		END { if (!f) print 0 }' "$1"
}

# side_by_side DESC FILE ARGS...: both hemistichs on one row, the first on the right.
side_by_side() {
	desc=$1
	shift
	run_qari --dump "$@" >/dev/null
	r1=$(row "$TMPD/out" "$v1") r2=$(row "$TMPD/out" "$v2")
	c1=$(col "$TMPD/out" "$v1") c2=$(col "$TMPD/out" "$v2")
	if [ "$rc" -eq 0 ] && [ "$r1" -gt 0 ] && [ "$r1" = "$r2" ] && [ "$c2" -lt "$c1" ] &&
		! grep -qF -- "$v2 $v1" "$TMPD/out"; then
		ok "$desc"
	else
		not_ok "$desc"
		diag "exit $rc, rows $r1 and $r2, columns $c1 and $c2:"
		sed 's/^/  /' "$TMPD/out" "$TMPD/err" | head -n 20 | sed 's/^/# /'
	fi
}

# stacked DESC V1 V2 ARGS...: a row of V1 alone, then one of V2 right under it.
stacked() {
	desc=$1 s1=$2 s2=$3
	shift 3
	run_qari --dump "$@"
	r1=$(only "$TMPD/out" "$s1") r2=$(only "$TMPD/out" "$s2")
	if [ "$rc" -eq 0 ] && [ "$r1" -gt 0 ] && [ "$r2" -eq $((r1 + 1)) ]; then
		ok "$desc"
	else
		not_ok "$desc"
		diag "exit $rc, rows $r1 and $r2:"
		sed 's/^/  /' "$TMPD/out" "$TMPD/err" | head -n 20 | sed 's/^/# /'
	fi
}

# prose_joined DESC ARGS...: the prose paragraph's first source line is no row of its own,
# while the couplet in the same file keeps its lines (the first hemistich ends its row).
prose_joined() {
	desc=$1
	shift
	run_qari --dump "$@"
	if [ "$rc" -eq 0 ] && [ "$(only "$TMPD/out" "$vp")" -eq 0 ] &&
		[ "$(grep -c . "$TMPD/out")" -gt 5 ] && grep -qF -- "$v1" "$TMPD/out" &&
		! grep -qF -- "$v2 $v1" "$TMPD/out"; then
		ok "$desc"
	else
		not_ok "$desc"
		sed 's/^/  /' "$TMPD/out" "$TMPD/err" | head -n 12 | sed 's/^/# /'
	fi
}

for f in "$md" "$txt"; do
	name=${f##*/}
	side_by_side "$name, auto, 100 columns: a couplet's hemistichs side by side, the first on the right" \
		--width 100 "$f"
	prose_joined "$name, auto, 100 columns: the prose paragraph wrapped at 72 is joined, the verse is not" \
		--width 100 "$f"
	stacked "$name, auto, 40 columns: the hemistichs one under the other, the first above" \
		"$v1" "$v2" --width 40 "$f"
	run_qari --dump --width 100 --linebreaks join "$f"
	if [ "$rc" -eq 0 ] && grep -qF -- "$v2 $v1" "$TMPD/out"; then
		ok "$name, join: the couplet is one line of text, as the lines of prose"
	else
		not_ok "$name, join: the couplet is one line of text, as the lines of prose"
		sed 's/^/# /' "$TMPD/out" "$TMPD/err" | head -n 20
	fi
	run_qari --dump --width 100 --linebreaks keep "$f"
	if [ "$rc" -eq 0 ] && [ "$(only "$TMPD/out" "$vp")" -gt 0 ]; then
		ok "$name, keep: the prose keeps its source lines too"
	else
		not_ok "$name, keep: the prose keeps its source lines too"
		sed 's/^/# /' "$TMPD/out" "$TMPD/err" | head -n 20
	fi
	side_by_side "$name, keep: couplets side by side as at auto" --width 100 --linebreaks keep "$f"
done

# A masnavi's opening, its couplets one after the other with no blank line: a row a couplet.
mas=$DATA/masnavi-fa.txt
m1=$(shown 'کز نیستان تا مرا ببریده‌اند') m2=$(shown 'در نفیرم مرد و زن نالیده‌اند')
run_qari --dump --width 80 "$mas"
n=$(grep -cE '[^ ]   +[^ ]' "$TMPD/out")
if [ "$rc" -eq 0 ] && [ "$n" -eq 3 ] && [ "$(grep -c . "$TMPD/out")" -eq 3 ] &&
	sed -n 2p "$TMPD/out" | grep -qE -- "$m2   +$m1\$"; then
	ok "masnavi-fa.txt, 80 columns: six lines, three couplets, a row each, in order"
else
	not_ok "masnavi-fa.txt, 80 columns: six lines, three couplets, a row each, in order"
	sed 's/^/# /' "$TMPD/out" "$TMPD/err"
fi
stacked "masnavi-fa.txt, 40 columns: a line a row" "$m1" "$m2" --width 40 "$mas"

# The settings file's linebreaks, and the command line's over it.
mkdir -p "$TMPD/config/qari"
printf 'linebreaks = join\n' >"$TMPD/config/qari/config"
XDG_CONFIG_HOME=$TMPD/config run_qari --dump --width 100 "$md"
grep -qF -- "$v2 $v1" "$TMPD/out" && [ ! -s "$TMPD/err" ]
check "linebreaks = join in the settings file joins the couplet" [ $? -eq 0 ]
XDG_CONFIG_HOME=$TMPD/config run_qari --dump --width 100 --linebreaks auto "$md"
r1=$(row "$TMPD/out" "$v1")
check "--linebreaks auto wins over the settings file" \
	test "$r1" -gt 0 -a "$r1" = "$(row "$TMPD/out" "$v2")"
printf 'linebreaks = verse\n' >"$TMPD/config/qari/config"
XDG_CONFIG_HOME=$TMPD/config run_qari --dump --width 100 "$md"
if [ "$rc" -eq 0 ] && grep -qF "config:1: bad value 'verse' for linebreaks" "$TMPD/err"; then
	ok "a bad linebreaks value is a warning naming the line"
else
	not_ok "a bad linebreaks value is a warning naming the line"
	sed 's/^/# /' "$TMPD/err"
fi
run_qari --dump --linebreaks sometimes "$md"
if [ "$rc" -eq 2 ] && grep -qF -- "invalid --linebreaks 'sometimes' (auto, keep or join)" "$TMPD/err"; then
	ok "--linebreaks with a bad value: exit 2 and what it takes"
else
	not_ok "--linebreaks with a bad value: exit 2 and what it takes"
	sed 's/^/# /' "$TMPD/err"
fi

# Hafez: 835 couplets, one hemistich a line, a blank line between couplets.
hafez=$SHARED/corpus/articles/fa_hafez_divan_ghazals.md
if [ -r "$hafez" ]; then
	# A couplet row: text, a gap of three cells or more, text.
	couplets() { grep -cE '[^ ]   +[^ ]' "$TMPD/out"; }
	run_qari --dump --width 100 "$hafez"
	n=$(couplets)
	check "Hafez at 100 columns: all 835 couplets side by side (got $n)" [ "$n" -eq 835 ]
	stacked "Hafez at 40 columns: the first couplet's hemistichs one under the other" \
		"$(shown 'الا یا ایها الساقی ادر کاسا و ناولها')" \
		"$(shown 'که عشق آسان نمود اول ولی افتاد مشکل‌ها')" --width 40 "$hafez"
	n=$(couplets)
	check "Hafez at 40 columns: no couplet side by side, the hemistichs kept ($n)" \
		test "$rc" -eq 0 -a "$n" -eq 0 -a "$(only "$TMPD/out" "$(shown 'ز تاب جعد مشکینش چه خون افتاد در دل‌ها')")" -gt 0
	run_qari --dump --width 100 --linebreaks join "$hafez"
	n=$(couplets) rows=$(grep -c . "$TMPD/out")
	check "Hafez joined: no couplet row, a couplet a line ($rows rows)" \
		test "$rc" -eq 0 -a "$n" -eq 0 -a "$rows" -lt 1000
else
	for i in 1 2 3 4; do ok "Hafez # SKIP no shared corpus at $SHARED"; done
fi

done_testing
