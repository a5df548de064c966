#!/bin/sh
# A book's own table of contents and its links in the reader. links.epub (make-epub.py): the
# sidebar shows its EPUB 3 nav (not its NCX, not its headings: "The note" and "Middle of two"
# are no headings), nested, without the entry whose target is missing; Enter on an entry in the
# middle of a chapter goes there and the status line names it; a footnote reference (U, Enter)
# jumps to the note and Ctrl-O comes back; a link to another chapter's #id goes there. The
# corpus's books (when ../shared is there): the Hebrew one's nav, the Arabic one's mid-chapter
# entry, the Persian EPUB 2 book's NCX entry, and the place a TOC jump left kept on reopening.
. "${TOP_SRCDIR:?}/tests/e2e/tmux.sh"
: "${PYTHON3:=python3}"
if ! command -v "$PYTHON3" >/dev/null 2>&1; then
	echo "1..0 # SKIP python3 is needed to make the books"
	exit 0
fi
B=$tmux_dir/books
"$PYTHON3" "$TOP_SRCDIR/tests/e2e/make-epub.py" "$B"

# The text and the sidebar of screen row N, each trimmed: the sidebar is on the side of "│"
# its document's direction puts it (right for a right-to-left book).
text_of() { screen | sed -n "${1}p" | sed "s/ *│.*//; s/^ *//"; }
side_of() { screen | sed -n "${1}p" | sed 's/.*│ *//; s/ *$//'; }
ltr_side_of() { screen | sed -n "${1}p" | sed 's/ *│.*//; s/^ *//'; }
ltr_text_of() { screen | sed -n "${1}p" | sed 's/.*│ *//; s/ *$//'; }
# The first row of text that is not blank.
top_text() {
	for i in 1 2 3; do
		t=$($1 $i)
		[ -n "$t" ] && echo "$t" && return
	done
}

tm_start 100 24 "$B/links.epub"
started
keys Tab
side=$(screen | sed 's/ *│.*//; s/^ *//')
echo "$side" | sed -n 4,8p | tr '\n' '|' | grep -qF 'Part one|The note|Part two|Middle of two||'
ok $? "the sidebar shows the book's nav, in its order: $(echo "$side" | sed -n 4,8p | tr '\n' '|')"
! echo "$side" | grep -q 'NCX entry\|Missing part\|Chapter one'
ok $? "... not its NCX, not its headings, not an entry whose target is not in the book"
ind_top=$(screen | sed -n 6p | sed 's/[^ ].*//' | wc -c)
ind_sub=$(screen | sed -n 7p | sed 's/[^ ].*//' | wc -c)
[ "$ind_sub" -gt "$ind_top" ]
ok $? "... nested as the nav nests it (indents $ind_top, $ind_sub)"
keys j j j Enter
[ "$(top_text ltr_text_of)" = "MIDDLE-OF-TWO is here." ]
ok $? "Enter on a mid-chapter entry (ch2.xhtml#mid) goes there: $(top_text ltr_text_of)"
status_line | grep -q 'Linked book — Middle of two'
ok $? "... the status line names the entry: $(status_line | sed 's/  */ /g')"
keys m Enter
keys "mid note" Enter
status_line | grep -q "Bookmark saved"
ok $? "a bookmark in the middle of chapter two"
keys g m Enter
keys "start note" Enter
tm send-keys -t q q
wait_for "QARI-EXIT=0"
md=$("$QARI" --export-bookmarks markdown "$B/links.epub")
echo "$md" | grep -q '^### [0-9]*:0 · Middle of two (OEBPS/Text/ch2\.xhtml) · '
ok $? "--export-bookmarks markdown names the passage's chapter: $(echo "$md" | grep 'Middle' | cut -c1-60)"
echo "$md" | grep -q '^### 0:0 · Part one (OEBPS/Text/ch1\.xhtml) · '
ok $? "... the first chapter's too"
"$QARI" --export-bookmarks json "$B/links.epub" |
	grep -q '"qari:chapter": "Middle of two (OEBPS/Text/ch2.xhtml)",'
ok $? "--export-bookmarks json too (qari:chapter)"
"$QARI" --bookmarks "$B/links.epub" | awk -F '\t' 'NF != 5 { bad = 1 } END { exit bad }'
ok $? "--bookmarks keeps its five fields"

tm_start 100 24 "$B/links.epub"
started
keys g U
status_line | grep -qF 'Link 1 of 2'
ok $? "U shows the footnote reference: $(status_line | sed 's/.*: //')"
status_line | grep -qF 'Link 1 of 2: “NOTE-ONE says this.”  (Enter goes there)' && ! status_line | grep -qF '#OEBPS'
ok $? "... as the start of the note it leads to, not the book's inner name for it"
keys Enter
[ "$(rows | grep -v '^$' | head -n 1)" = "NOTE-ONE says this." ]
ok $? "Enter jumps to the note: $(rows | grep -v '^$' | head -n 1)"
keys C-o
[ "$(rows | grep -v '^$' | head -n 1)" = "Chapter one" ]
ok $? "Ctrl-O comes back: $(rows | grep -v '^$' | head -n 1)"
keys U U Enter
[ "$(rows | grep -v '^$' | head -n 1)" = "MIDDLE-OF-TWO is here." ]
ok $? "a link to ch2.xhtml#mid goes to the middle of the next chapter"
tm send-keys -t q q
wait_for "QARI-EXIT=0"

# A book of 30 chapters (1.8 MB of text): its first chapters open it, the rest come as the
# reader goes.
"$PYTHON3" -c 'for i in range(20000): print("Paragraph %d of the long book, with words enough to make it longer.\n" % i)' >"$B/long.txt"
"$PYTHON3" "$TOP_SRCDIR/bench/make-book-epub.py" "$B/long.txt" "$B/long.epub" 30
tm_start 100 24 "$B/long.epub"
started
keys C-g
status_line | grep -qF '+ paragraphs'
ok $? "a long book opens before it is read whole: $(status_line | sed 's/  */ /g')"
keys G
wait_for "Paragraph 19999 of the long book"
ok $? "G goes to the end of its last chapter"
keys g / "Paragraph 12345 " Enter
wait_for "Paragraph 12345 of"
ok $? "a search finds a paragraph in the middle of the book"
tm send-keys -t q q
wait_for "QARI-EXIT=0"
tm_start 100 24 "$B/long.epub"
started
wait_for "Paragraph 12345 of"
ok $? "... and the book opens again there, past its first chapters"
tm send-keys -t q q
wait_for "QARI-EXIT=0"

# A link in the first chapter to a paragraph of the last, which is not read yet at open.
"$PYTHON3" - "$B/long.epub" "$B/far.epub" >"$B/far.want" <<'PY'
import re, sys, zipfile
src, dst = zipfile.ZipFile(sys.argv[1]), zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED)
for item in src.infolist():
    data = src.read(item.filename)
    if item.filename.endswith("ch001.xhtml"):
        data = data.replace(b"</h1>", b'</h1><p>See <a href="ch030.xhtml#p7">the far note</a>.</p>', 1)
    if item.filename.endswith("ch030.xhtml"):
        print(re.search(rb'<p id="p7">([^<,]*)', data).group(1).decode())
    dst.writestr(item, data)
dst.close()
PY
tm_start 100 24 "$B/far.epub"
started
keys C-g
status_line | grep -qF '+ paragraphs'
ok $? "the book with a far link opens before it is read whole"
keys g U
status_line | grep -qF 'Link 1 of 1: Text/ch030.xhtml#p7  (Enter goes there)'
ok $? "U on a link into a chapter not read yet says where it points: $(status_line | sed 's/  */ /g')"
keys Enter
wait_for "$(cat "$B/far.want")"
ok $? "Enter reads on to that chapter and goes to the paragraph: $(cat "$B/far.want")"
keys C-o
wait_for "See the far note"
ok $? "... and Ctrl-O comes back"
tm send-keys -t q q
wait_for "QARI-EXIT=0"

CORPUS=$TOP_SRCDIR/../shared/corpus/epub
if [ -d "$CORPUS" ]; then
	tm_start 100 24 "$CORPUS/he_wlc_ruth.epub"
	started
	keys Tab
	# Hebrew in visual order, as the terminal shows it: מגילת רות, פרק א ... פרק ד.
	side=$(screen | sed 's/.*│ *//; s/ *$//')
	echo "$side" | tr '\n' '|' | grep -qF 'תור תליגמ|א קרפ|ב קרפ|ג קרפ|ד קרפ|'
	ok $? "the Hebrew book's sidebar is its nav: $(echo "$side" | sed -n 4,8p | tr '\n' '|')"
	tm send-keys -t q q
	wait_for "QARI-EXIT=0"

	tm_start 100 24 "$CORPUS/ar_opensource-guide_how-to-contribute.epub"
	started
	keys Tab g j j j
	entry=$(side_of 6)
	keys Enter
	[ -n "$entry" ] && [ "$(top_text text_of)" = "$entry" ]
	ok $? "the Arabic book: Enter on a nav entry inside its one chapter goes to its heading"
	status_line | grep -qF -- "— $entry"
	ok $? "... and the status line names it"
	tm send-keys -t q q
	wait_for "QARI-EXIT=0"

	book=$CORPUS/fa_hafez_divan_ghazals.epub
	tm_start 100 24 "$book"
	started
	keys Tab g j j j j j j
	entry=$(side_of 9)
	keys Enter
	at=$(top_text text_of)
	[ -n "$entry" ] && [ "$at" = "$entry" ]
	ok $? "the Persian EPUB 2 book: an NCX entry inside a chapter (غزل ۳) goes there ($at)"
	tm send-keys -t q q
	wait_for "QARI-EXIT=0"
	tm_start 100 24 "$book"
	started
	settle
	[ "$(top_text text_of)" = "$at" ]
	ok $? "... and the book opens again where that left it"
	tm send-keys -t q q
	wait_for "QARI-EXIT=0"
else
	for i in 1 2 3 4 5; do
		echo "ok $((tap_n + 1)) # SKIP ../shared/corpus/epub is not here" && tap_n=$((tap_n + 1))
	done
fi
finish
