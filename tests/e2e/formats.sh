#!/bin/sh
# Markdown, HTML, standard input and folders, through the real binary: the dumps of the
# fixtures (front matter not shown, entities decoded, list numbers on the right side of RTL
# items), the format sniffed from standard input (`cat x.md | qari`, `qari -`), a folder with
# a bad file among good ones (a warning, the others dumped, status 2), --format, and the
# corpus's RTL Markdown articles opening with the right headings.
. "$(dirname "$0")/lib.sh"

MD=$DATA/article.md
HTML=$DATA/article.html

# The text of a dump in logical order, one block per line, no blank lines between.
logical() {
	"$QARI" --dump --bidi terminal --shape none --width 1000 "$@" 2>/dev/null | grep -v '^$'
}

# --- the fixtures ---
run_qari --dump --width 60 "$MD"
if [ "$rc" -eq 0 ] && [ -s "$TMPD/out" ] && [ ! -s "$TMPD/err" ]; then
	ok "article.md dumps, nothing on stderr"
else
	not_ok "article.md dumps, nothing on stderr"
	diag "exit status $rc" "$(cat "$TMPD/err")"
fi
cp "$TMPD/out" "$TMPD/md60"
logical "$MD" >"$TMPD/md-logical"
is "$(sed -n 1p "$TMPD/md-logical")" "دليل المساهمة" \
	"article.md: the front matter's title comes first"
is "$(sed -n 2p "$TMPD/md-logical")" "سارة · 2024-03-05" "... then its author and date"
is "$(sed -n 3p "$TMPD/md-logical")" "لماذا نساهم؟" "... then the first heading, its {#id} gone"
if grep -e 'title:' -e 'lang: ar' -e '&lrm;' -e '&amp;' -e '\*\*' -e '```' \
	"$TMPD/md-logical" >"$TMPD/syntax"; then
	not_ok "no front matter, entity or Markdown syntax in the text"
	diag "$(cat "$TMPD/syntax")"
else
	ok "no front matter, entity or Markdown syntax in the text"
fi
check "a table row reads 'الاسم │ العمر'" grep -qx 'الاسم │ العمر' "$TMPD/md-logical"
check "code keeps its indentation" grep -qx '        return 0;       /\* tab \*/' "$TMPD/md-logical"

# Visual order: the number of an RTL item is at its right edge, as UBA (and ICU) order it;
# an LTR item's at its left.
"$QARI" --dump --shape none --width 40 "$MD" | sed 's/^ *//; s/ *$//' >"$TMPD/md-visual"
check "an RTL item shows its number at the right: 'لوألا دنبلا .1'" \
	grep -qx 'لوألا دنبلا .1' "$TMPD/md-visual"
check "an RTL bullet at the right: 'ةطقن •'" grep -qx 'ةطقن •' "$TMPD/md-visual"
check "an LTR item (in <div dir=\"ltr\">) at the left: '1. First step'" \
	grep -qx '1. First step' "$TMPD/md-visual"
line=$(grep -n 'First step' "$TMPD/md-visual" | cut -d: -f1)
"$QARI" --dump --shape none --width 40 "$MD" | sed -n "${line}p" >"$TMPD/ltr-line"
check "... and an LTR block is flush left in the dump" grep -q '^1\. First step' "$TMPD/ltr-line"

run_qari --dump --width 60 "$HTML"
cp "$TMPD/out" "$TMPD/html60"
is "$rc" 0 "article.html dumps"
logical "$HTML" >"$TMPD/html-logical"
is "$(sed -n 1p "$TMPD/html-logical")" "مقال تجريبي" "article.html: the article's h1 comes first"
if grep -q -e 'NAV-' -e 'FOOTER' -e 'SCRIPT' -e 'SIDEBAR' -e 'ASIDE' -e 'FORM-' \
	"$TMPD/html-logical"; then
	not_ok "no navigation, footer, script, sidebar, aside or form text"
else
	ok "no navigation, footer, script, sidebar, aside or form text"
fi

# --- standard input: the format is sniffed ---
cat "$MD" | "$QARI" --dump --width 60 >"$TMPD/stdin-md" 2>"$TMPD/err"
check "cat article.md | qari --dump: the same dump as the file" cmp -s "$TMPD/stdin-md" "$TMPD/md60"
"$QARI" --dump --width 60 - <"$HTML" >"$TMPD/stdin-html" 2>"$TMPD/err"
check "qari --dump - <article.html: the same dump as the file" \
	cmp -s "$TMPD/stdin-html" "$TMPD/html60"
cat "$HTML" | COLUMNS=60 "$QARI" >"$TMPD/pipe-html" 2>"$TMPD/err"
check "cat article.html | qari (no argument, output a pipe): the dump" \
	cmp -s "$TMPD/pipe-html" "$TMPD/html60"

# --- a folder: its documents by name, a bad one a warning ---
mkdir -p "$TMPD/dir/sub"
cp "$MD" "$TMPD/dir/a.md"
cp "$HTML" "$TMPD/dir/b.html"
cp "$SAMPLE_002" "$TMPD/dir/c.txt"
head -c 3000 /dev/zero >"$TMPD/dir/bad.txt"
echo "not read" >"$TMPD/dir/notes.pdf"
echo "not read" >"$TMPD/dir/.hidden.md"
echo "# not read" >"$TMPD/dir/sub/e.md"
"$QARI" --dump --width 60 "$TMPD/dir/a.md" "$TMPD/dir/b.html" "$TMPD/dir/c.txt" >"$TMPD/want"
run_qari --dump --width 60 "$TMPD/dir"
is "$rc" 2 "a folder with a binary file: exit status 2 in dump mode"
if [ "$(lines_of "$TMPD/err")" -eq 1 ] && grep -q "qari: .*bad.txt: binary" "$TMPD/err"; then
	ok "... one warning line, naming the bad file"
else
	not_ok "... one warning line, naming the bad file"
	diag "$(cat "$TMPD/err")"
fi
check "... the other files dumped, in name order (a.md b.html c.txt), nothing else" \
	cmp -s "$TMPD/out" "$TMPD/want"
run_qari --dump --width 60 "$TMPD/dir/"
check "a folder named with a trailing slash: the same" cmp -s "$TMPD/out" "$TMPD/want"
# Every extension a single file opens by opens in a folder too (.mkd, .xhtml, .text...).
mkdir "$TMPD/exts"
for e in txt text md markdown mdown mkd mkdn html htm xhtml; do
	echo "file $e" >"$TMPD/exts/f-$e.$e"
done
n=$("$QARI" --dump --width 60 "$TMPD/exts" 2>/dev/null | grep -c "file ")
is "$n" 10 "a folder opens every extension a single file opens by (10 of 10)"
mkdir "$TMPD/chapters"
echo "two" >"$TMPD/chapters/ch2.txt"
echo "ten" >"$TMPD/chapters/ch10.txt"
is "$(logical "$TMPD/chapters" | tr '\n' ' ')" "two ten " "ch2 comes before ch10"
mkdir "$TMPD/empty"
run_qari --dump "$TMPD/empty"
if [ "$rc" -eq 2 ] && [ ! -s "$TMPD/out" ] &&
	grep -q "$TMPD/empty: is a directory with no" "$TMPD/err"; then
	ok "a folder with nothing to read: exit status 2, one line saying so"
else
	not_ok "a folder with nothing to read: exit status 2, one line saying so"
	diag "exit status $rc" "$(cat "$TMPD/err")"
fi

# --- --format ---
logical --format text "$MD" >"$TMPD/as-text"
check "--format text shows a Markdown file as it is (its front matter too)" \
	grep -q 'title: "دليل المساهمة"' "$TMPD/as-text"
cp "$MD" "$TMPD/article.txt"
logical "$TMPD/article.txt" >"$TMPD/txt-default"
logical --format markdown "$TMPD/article.txt" >"$TMPD/txt-md"
check "a .txt file is text by default" grep -q 'title: "دليل المساهمة"' "$TMPD/txt-default"
check "--format markdown reads it as Markdown" cmp -s "$TMPD/txt-md" "$TMPD/md-logical"
run_qari --dump --format rtf "$MD"
if [ "$rc" -eq 2 ] && grep -q "known: text, markdown, html" "$TMPD/err"; then
	ok "--format rtf: exit status 2, the known formats listed"
else
	not_ok "--format rtf: exit status 2, the known formats listed"
	diag "$(cat "$TMPD/err")"
fi

# --- the corpus's RTL Markdown articles ---
ARTICLES=$SHARED/corpus/articles
if [ ! -d "$ARTICLES" ]; then
	ok "# SKIP no shared corpus at $ARTICLES"
	done_testing
	exit
fi

# The dump leaves out characters that take no cell (ZWNJ in Persian); so do the comparisons.
ZWNJ=$(printf '\342\200\214')

# The first heading of a Markdown file, as a reader sees it.
first_heading() {
	grep -m1 '^#' "$1" | sed 's/\r$//; s/^#* //; s/ *{#.*}$//; s/<[^>]*>//g'
}

for name in ar_opensource-guide_how-to-contribute.md fa_opensource-guide_how-to-contribute.md \
	ar_contributor-covenant-2.1_code-of-conduct.md; do
	f=$ARTICLES/$name
	[ -r "$f" ] || {
		ok "# SKIP $name not in the corpus"
		continue
	}
	title=$(sed -n '2,12s/^title: //p' "$f" | head -1)
	logical "$f" | head -2 | sed "s/$ZWNJ//g" >"$TMPD/head"
	if [ -n "$title" ]; then
		want=$(printf '%s\n%s' "$title" "$(first_heading "$f")")
	else
		want=$(first_heading "$f")
		want=$(printf '%s\n%s' "$want" "$(grep '^#' "$f" | sed -n 2p |
			sed 's/\r$//; s/^#* //; s/ *{#.*}$//; s/<[^>]*>//g')")
	fi
	is "$(cat "$TMPD/head")" "$(printf '%s' "$want" | sed "s/$ZWNJ//g")" \
		"corpus $name opens with its title and first heading"
done

f=$ARTICLES/he_wlc_ruth.md
if [ -r "$f" ]; then
	is "$(logical "$f" | grep -x 'פרק [אבגד]' | tr '\n' ' ')" "פרק א פרק ב פרק ג פרק ד " \
		"corpus he_wlc_ruth.md: its four chapter headings, in order"
fi
f=$ARTICLES/mixed-ar-en_free-programming-books_free-courses-ar.md
if [ -r "$f" ]; then
	run_qari --dump --width 80 "$f"
	if [ "$rc" -eq 0 ] && ! grep -q -e '&lrm;' -e '&rlm;' "$TMPD/out"; then
		ok "corpus free-courses-ar.md: no &lrm; or &rlm; text left in the dump"
	else
		not_ok "corpus free-courses-ar.md: no &lrm; or &rlm; text left in the dump"
	fi
fi

# A table keeps its columns in the table's order on every row: in an Arabic table, a row of
# English words reads from the right too (each cell is isolated for the bidi algorithm).
printf '| الاسم | المدينة |\n|---|---|\n| علي | القاهرة |\n| Sarah Johnson | New York |\n' \
	>"$TMPD/table.md"
run_qari --dump --width 50 "$TMPD/table.md"
is "$(sed 's/^ *//' "$TMPD/out" | sed -n 3p)" "New York │ Sarah Johnson" \
	"a Latin row of an Arabic table has its first column on the right"

done_testing
