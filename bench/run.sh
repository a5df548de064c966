#!/bin/sh
# make bench (issue #7): qari's figures on a 34.5 MB book beside a reference tool's, in one
# table: metric | qari | reference | target | ok?. Times are medians of several runs.
#
# Environment (the bench target in Makefile.am sets them): QARI, the binary; BENCH_LAYOUT,
# bench/bench-layout; BENCH_RSS, bench/bench-rss; BENCH_WORST, bench/bench-worst; TOP_SRCDIR,
# the source tree; PYTHON3, for the pty driver; QARI_SHARED, the shared corpus (default:
# ../shared beside the source tree).
#
# Not part of make check: timings depend on the machine and its load, so they are reported
# here for a human to read, never asserted in a test.

set -u

TOP_SRCDIR=${TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
QARI=${QARI:-$TOP_SRCDIR/src/qari}
BENCH_LAYOUT=${BENCH_LAYOUT:-$(dirname "$QARI")/../bench/bench-layout}
BENCH_RSS=${BENCH_RSS:-$(dirname "$QARI")/../bench/bench-rss}
BENCH_WORST=${BENCH_WORST:-$(dirname "$QARI")/../bench/bench-worst}
PYTHON3=${PYTHON3:-/usr/bin/python3}
SHARED=${QARI_SHARED:-$TOP_SRCDIR/../shared}
BOOK=$SHARED/corpus/large/ar_tabari_jami-al-bayan.txt
BOOK2=$SHARED/corpus/large/ar_darimi_sunan_mushakkala.txt
SAMPLE=$TOP_SRCDIR/assets/articles/002_2927fe6f3b4253d6.txt
BENCH_DIR=$(cd "$(dirname "$0")" && pwd)

if [ ! -r "$BOOK" ]; then
	echo "make bench: skipped: the book is not there ($BOOK)."
	echo "Set QARI_SHARED to the directory that holds corpus/large/ to run the benchmarks."
	exit 0
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/qari-bench.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM

# The user's settings and bookmarks must not change the figures: empty directories instead.
mkdir "$TMP/data" "$TMP/config"
XDG_DATA_HOME=$TMP/data XDG_CONFIG_HOME=$TMP/config LC_ALL=C.UTF-8
export XDG_DATA_HOME XDG_CONFIG_HOME LC_ALL
unset COLUMNS LINES

# have CMD PACKAGE: whether CMD is there; as root, installs PACKAGE when it is not (a plain
# user would need sudo, which a benchmark should not ask for).
have() {
	command -v "$1" >/dev/null 2>&1 && return 0
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		echo "make bench: installing $2 for $1..." >&2
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null 2>&1 ||
			{ apt-get update -qq >/dev/null 2>&1 &&
				DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" \
					>/dev/null 2>&1; }
	fi
	command -v "$1" >/dev/null 2>&1
}

HYPERFINE=
have hyperfine hyperfine && HYPERFINE=$(command -v hyperfine)
FRIBIDI=
have fribidi libfribidi-bin && FRIBIDI=$(command -v fribidi)
[ -x "$PYTHON3" ] || PYTHON3=$(command -v python3 || true)

# quote ARG: ARG in single quotes, for the command lines hyperfine splits like a shell.
quote() {
	printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}

# median_ms RUNS CMD [ARG...]: the median wall time of CMD in milliseconds, or "failed" when it
# exits with a status above 1 (grep -c says 1 for no match). A first run, not counted, checks the
# status and brings the file into the page cache. The output goes to a file, never /dev/null:
# GNU grep stops at its first match when it sees its output is /dev/null, so grep -c would
# count nothing and look two or three times faster than it is.
median_ms() {
	runs=$1
	shift
	"$@" >/dev/null 2>"$TMP/err"
	if [ $? -gt 1 ]; then
		echo failed
		return
	fi
	if [ -n "$HYPERFINE" ]; then
		cmdline=
		for arg in "$@"; do
			cmdline="$cmdline $(quote "$arg")"
		done
		# -N: no shell in between, whose start-up would blur the millisecond figures;
		# -i: the status was checked above (grep's 1 is no failure).
		if ! "$HYPERFINE" -N -i --style none --warmup 1 --runs "$runs" \
			--output="$TMP/out" --export-csv "$TMP/hf.csv" "$cmdline" \
			>/dev/null 2>&1; then
			echo failed
			return
		fi
		# command,mean,stddev,median,user,system,min,max (seconds); counted from the end,
		# as a command with a comma in it would be quoted.
		awk -F, 'NR == 2 { printf "%.3f\n", $(NF - 4) * 1000 }' "$TMP/hf.csv"
		return
	fi
	: >"$TMP/times"
	i=0
	while [ "$i" -lt "$runs" ]; do
		t0=$(date +%s%N)
		"$@" >"$TMP/out" 2>&1
		t1=$(date +%s%N)
		echo $((t1 - t0)) >>"$TMP/times"
		i=$((i + 1))
	done
	sort -n "$TMP/times" | awk '{ v[NR] = $1 } END {
		m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%.3f\n", m / 1e6 }'
}

# max_rss_kb RUNS CMD [ARG...]: the median of CMD's peak resident memory (KiB), output thrown
# away, as bench-rss takes it (wait4's ru_maxrss).
max_rss_kb() {
	runs=$1
	shift
	i=0
	while [ "$i" -lt "$runs" ]; do
		"$BENCH_RSS" "$@" 2>/dev/null || echo -1
		i=$((i + 1))
	done | sort -n | awk '{ v[NR] = $1 } END {
		if (NR == 0 || v[1] < 0) print "failed"; else print v[int((NR + 1) / 2)] }'
}

# Figures as people read them.
fmt_ms() {
	case $1 in
	failed | n/a*) echo "$1" ;;
	*) awk -v v="$1" 'BEGIN {
		if (v >= 1000) printf "%.2f s", v / 1000
		else if (v >= 100) printf "%.0f ms", v
		else if (v >= 10) printf "%.1f ms", v
		else if (v >= 1) printf "%.2f ms", v
		else printf "%.3f ms", v }' ;;
	esac
}
# with TEXT LABEL: a formatted figure and what it is, or TEXT alone when it says why there is none.
with() {
	case $1 in
	failed | n/a*) echo "$1" ;;
	*) echo "$1 $2" ;;
	esac
}
fmt_kb() {
	case $1 in
	failed | n/a*) echo "$1" ;;
	*) awk -v v="$1" 'BEGIN { printf "%.1f MB", v * 1024 / 1e6 }' ;;
	esac
}

# verdict VALUE REFERENCE LIMIT: "yes" when VALUE <= LIMIT x REFERENCE, with the ratio.
verdict() {
	case "$1 $2" in
	*failed* | *n/a* | *-*) echo "-" ;;
	*) awk -v v="$1" -v r="$2" -v l="$3" 'BEGIN {
		if (r <= 0) { print "-"; exit }
		printf "%s %.2fx", (v <= l * r ? "yes" : "no"), v / r }' ;;
	esac
}

# ratio VALUE REFERENCE: VALUE / REFERENCE, for figures with no target.
ratio() {
	case "$1 $2" in
	*failed* | *n/a*) echo "-" ;;
	*) awk -v v="$1" -v r="$2" 'BEGIN { if (r > 0) printf "%.2fx", v / r; else print "-" }' ;;
	esac
}

# under VALUE LIMIT: "yes" when VALUE < LIMIT, for figures with a fixed bound.
under() {
	case $1 in
	failed | n/a*) echo "-" ;;
	*) awk -v v="$1" -v l="$2" 'BEGIN { print v < l ? "yes" : "no" }' ;;
	esac
}

# The table is printed once complete, so its columns fit what they hold; until then, progress
# goes to standard error.
: >"$TMP/table"
row() {
	printf '%s\t%s\t%s\t%s\t%s\n' "$@" >>"$TMP/table"
}
progress() {
	echo "make bench: $*..." >&2
}

# width TEXT: TEXT's length in characters (not bytes: an Arabic letter takes two).
width() {
	printf '%s' "$1" | wc -m
}

print_table() {
	w1=0 w2=0 w3=0 w4=0
	while IFS='	' read -r c1 c2 c3 c4 c5; do
		n=$(width "$c1") && [ "$n" -gt "$w1" ] && w1=$n
		n=$(width "$c2") && [ "$n" -gt "$w2" ] && w2=$n
		n=$(width "$c3") && [ "$n" -gt "$w3" ] && w3=$n
		n=$(width "$c4") && [ "$n" -gt "$w4" ] && w4=$n
	done <"$TMP/table"
	first=yes
	while IFS='	' read -r c1 c2 c3 c4 c5; do
		printf '%s%*s | %s%*s | %s%*s | %s%*s | %s\n' \
			"$c1" $((w1 - $(width "$c1"))) "" "$c2" $((w2 - $(width "$c2"))) "" \
			"$c3" $((w3 - $(width "$c3"))) "" "$c4" $((w4 - $(width "$c4"))) "" "$c5"
		if [ -n "$first" ]; then
			# The rule under the header: as wide as each column.
			printf '%*s-+-%*s-+-%*s-+-%*s-+----\n' "$w1" "" "$w2" "" "$w3" "" "$w4" "" |
				sed 's/ /-/g'
			first=
		fi
	done <"$TMP/table"
}

size_of() {
	wc -c <"$1" | tr -d ' '
}

BOOK_KB=$(($(size_of "$BOOK") / 1024))
row "metric" "qari" "reference" "target" "ok?"

progress "first page"
# 1. The first page: opening the book must cost about what opening an article costs, as only
#    its first 256 KiB are read and its first paragraphs laid out.
q=$(median_ms 21 "$QARI" --dump --width 80 --height 24 --page 1 "$BOOK")
r=$(median_ms 21 "$QARI" --dump --width 80 --height 24 --page 1 "$SAMPLE")
row "first page, --page 1 (process)" "$(fmt_ms "$q")" "$(with "$(fmt_ms "$r")" "13 KB article")" \
	"<= 2x article" "$(verdict "$q" "$r" 2)"

# 3. In-process figures from bench-layout: the first page without process start-up, and the
#    re-layout of the visible page at a new width at 0-100% of the book.
progress "bench-layout (first page and resize in process)"
"$BENCH_LAYOUT" "$BOOK" "$SAMPLE" >"$TMP/layout" 2>"$TMP/layout.err" ||
	echo "bench-layout failed: $(cat "$TMP/layout.err")" >&2
get() {
	awk -v k="$1" '$1 == k { print $2; found = 1 } END { if (!found) print "failed" }' "$2"
}
q=$(get first_page_book "$TMP/layout")
r=$(get first_page_sample "$TMP/layout")
row "first page, in process" "$(fmt_ms "$q")" "$(with "$(fmt_ms "$r")" "13 KB article")" \
	"(no target)" "$(ratio "$q" "$r")"
q=$(get resize_median "$TMP/layout")
m=$(get resize_max "$TMP/layout")
row "resize 80->60, 0-100%: median" "$(fmt_ms "$q")" "-" "< 5 ms" "$(under "$q" 5)"
row "resize 80->60, 0-100%: max" "$(fmt_ms "$m")" "-" "< 5 ms" "$(under "$m" 5)"
q=$(get resize_longest "$TMP/layout")
row "resize 80->60, longest paragraph" "$(fmt_ms "$q")" "-" "< 5 ms" "$(under "$q" 5)"

progress "full dump, qari and fribidi"
# 2. The whole book through the bidi algorithm, against FriBidi's own command line tool.
if [ -n "$FRIBIDI" ]; then
	r=$(median_ms 5 "$FRIBIDI" --width 80 "$BOOK")
else
	r="n/a (fribidi missing: libfribidi-bin)"
fi
q=$(median_ms 5 "$QARI" --dump --width 80 "$BOOK")
row "full --dump --width 80" "$(fmt_ms "$q")" "$(with "$(fmt_ms "$r")" fribidi)" \
	"< fribidi (aim 0.5x)" "$(verdict "$q" "$r" 1)"

progress "search, qari and grep"
# 4. Search of the whole book, against grep -c: a word as written (الله) and a word typed
#    without its hamza (الامر for الأمر), which qari must still find.
"$QARI" --search x /dev/null >/dev/null 2>"$TMP/search.err"
if [ $? = 2 ] && grep -q "Try 'qari --help'" "$TMP/search.err"; then
	search=
else
	search=yes
fi
#    --count is the like of grep -c (qari counts matches, grep lines); the full listing, which
#    prints every match with its context, is shown as well.
for word in "الله" "الامر"; do
	r=$(median_ms 9 grep -c "$word" "$BOOK")
	if [ -n "$search" ]; then
		q=$(median_ms 9 "$QARI" --search "$word" --count "$BOOK")
		l=$(median_ms 5 "$QARI" --search "$word" "$BOOK")
		o=$(median_ms 5 grep -on "$word" "$BOOK")
	else
		q="n/a (qari --search not available)"
		l=$q
		o=$q
	fi
	row "search $word --count" "$(fmt_ms "$q")" "$(with "$(fmt_ms "$r")" "grep -c")" \
		"<= 5x grep" "$(verdict "$q" "$r" 5)"
	row "search $word, every match listed" "$(fmt_ms "$l")" "$(with "$(fmt_ms "$o")" "grep -on")" \
		"(no target)" "$(ratio "$l" "$o")"
done
q=$(median_ms 9 "$QARI" --version)
r=$(median_ms 9 grep --version)
row "start-up (--version)" "$(fmt_ms "$q")" "$(with "$(fmt_ms "$r")" "grep")" "(no target)" ""


progress "peak memory of the dump"
# 5. Memory: the dump keeps the text and a few chunks being laid out; the reader the text and
#    a cache of paragraphs.
q=$(max_rss_kb 3 "$QARI" --dump --width 80 "$BOOK")
row "peak RSS, --dump --width 80" "$(fmt_kb "$q")" "$(fmt_kb "$BOOK_KB") file" "<= 2x file" \
	"$(verdict "$q" "$BOOK_KB" 2)"
# What any run costs before it reads a byte: the shared libraries (ncurses, FriBidi, HarfBuzz and
# libxml2 with theirs: glib, ICU, libstdc++...).
q=$(max_rss_kb 3 "$QARI" --version)
r=$(max_rss_kb 3 grep --version)
row "peak RSS, start-up (--version)" "$(fmt_kb "$q")" "$(with "$(fmt_kb "$r")" grep)" \
	"(no target)" "$(ratio "$q" "$r")"

progress "the reader and less in a pty"
# 6. The reader in a pty: bytes written for one line down and one page down, next to less; and
#    its peak memory once it has jumped to the end.
if [ -n "$PYTHON3" ]; then
	"$PYTHON3" "$BENCH_DIR/pty-bytes.py" "$QARI" "$BOOK" >"$TMP/pty.qari" 2>&1 ||
		echo "pty-bytes.py (qari) failed: $(cat "$TMP/pty.qari")" >&2
	if command -v less >/dev/null 2>&1; then
		"$PYTHON3" "$BENCH_DIR/pty-bytes.py" less "$BOOK" >"$TMP/pty.less" 2>&1 ||
			echo "pty-bytes.py (less) failed: $(cat "$TMP/pty.less")" >&2
		# The same text as the reader writes it (shaped: 3 bytes a letter where the file
		# has 2), for a like-for-like count of what scrolling costs.
		"$QARI" --dump --width 76 "$BOOK" >"$TMP/shown.txt" 2>/dev/null
		"$PYTHON3" "$BENCH_DIR/pty-bytes.py" less "$TMP/shown.txt" >"$TMP/pty.less2" 2>&1 ||
			echo "pty-bytes.py (less, shaped) failed: $(cat "$TMP/pty.less2")" >&2
	else
		echo "less missing" >"$TMP/pty.less"
		echo "less missing" >"$TMP/pty.less2"
	fi
else
	echo "python3 missing" >"$TMP/pty.qari"
	echo "python3 missing" >"$TMP/pty.less"
	echo "python3 missing" >"$TMP/pty.less2"
fi
q=$(get hwm "$TMP/pty.qari")
row "peak RSS, reader after G (VmHWM)" "$(fmt_kb "$q")" "$(fmt_kb "$BOOK_KB") file" \
	"<= 2x file" "$(verdict "$q" "$BOOK_KB" 2)"
for key in j space; do
	q=$(get $key "$TMP/pty.qari")
	r=$(get $key "$TMP/pty.less")
	case $key in
	j) what="bytes to the terminal, j (1 line)" ;;
	*) what="bytes to the terminal, Space (page)" ;;
	esac
	row "$what" "$(with "$q" B)" "$(with "$r" "B less")" "(no target)" "$(ratio "$q" "$r")"
	r=$(get $key "$TMP/pty.less2")
	row "$what, shaped text" "$(with "$q" B)" "$(with "$r" "B less")" "<= 1.15x less" \
		"$(verdict "$q" "$r" 1.15)"
done

progress "the same book as an EPUB of 100 chapters"
# 7. The book as EPUB (bench/make-book-epub.py: 100 chapter files of about the same size,
#    deflated, with a nav): its first chapter is read at open and the rest as the reader goes,
#    so the first page must cost about what an article's does; read whole (--dump, --search)
#    its chapters are unzipped and parsed by libxml2 (helper threads, ahead of the walk), so it
#    is measured against the same text as .txt.
EPUB=$TMP/book.epub
if [ -n "$PYTHON3" ] && "$PYTHON3" "$BENCH_DIR/make-book-epub.py" "$BOOK" "$EPUB" 100 \
	2>"$TMP/epub.err"; then
	EPUB_KB=$(($(size_of "$EPUB") / 1024))
	q=$(median_ms 21 "$QARI" --dump --width 80 --height 24 --page 1 "$EPUB")
	r=$(median_ms 21 "$QARI" --dump --width 80 --height 24 --page 1 "$SAMPLE")
	row "EPUB ($(fmt_kb "$EPUB_KB")): first page" "$(fmt_ms "$q")" \
		"$(with "$(fmt_ms "$r")" "13 KB article")" "<= 2x article" "$(verdict "$q" "$r" 2)"
	q=$(median_ms 5 "$QARI" --dump --width 80 "$EPUB")
	r=$(median_ms 5 "$QARI" --dump --width 80 "$BOOK")
	row "EPUB: full --dump --width 80" "$(fmt_ms "$q")" "$(with "$(fmt_ms "$r")" ".txt")" \
		"<= 1.3x .txt" "$(verdict "$q" "$r" 1.3)"
	q=$(median_ms 5 "$QARI" --search "الله" --count "$EPUB")
	r=$(median_ms 5 "$QARI" --search "الله" --count "$BOOK")
	row "EPUB: search الله --count" "$(fmt_ms "$q")" "$(with "$(fmt_ms "$r")" ".txt")" \
		"(no target)" "$(ratio "$q" "$r")"
	q=$(max_rss_kb 3 "$QARI" --dump --width 80 "$EPUB")
	row "EPUB: peak RSS, --dump" "$(fmt_kb "$q")" "$(fmt_kb "$BOOK_KB") text" "<= 2x text" \
		"$(verdict "$q" "$BOOK_KB" 2)"
	if [ -n "$PYTHON3" ]; then
		"$PYTHON3" "$BENCH_DIR/pty-bytes.py" "$QARI" "$EPUB" >"$TMP/pty.epub" 2>&1 ||
			echo "pty-bytes.py (EPUB) failed: $(cat "$TMP/pty.epub")" >&2
		q=$(awk '$1 == "G" { print $3 }' "$TMP/pty.epub")
		r=$(awk '$1 == "G" { print $3 }' "$TMP/pty.qari")
		row "EPUB: G in the reader (last byte)" "$(fmt_ms "${q:-failed}")" \
			"$(with "$(fmt_ms "${r:-failed}")" ".txt")" "(no target)" \
			"$(ratio "${q:-failed}" "${r:-failed}")"
		q=$(get hwm "$TMP/pty.epub")
		row "EPUB: peak RSS, reader after G" "$(fmt_kb "$q")" "$(fmt_kb "$BOOK_KB") text" \
			"<= 2x text" "$(verdict "$q" "$BOOK_KB" 2)"
	fi
else
	echo "make-book-epub.py failed: $(cat "$TMP/epub.err")" >&2
fi

progress "hostile inputs (bench-worst)"
# The inputs that once took seconds to minutes (a long paragraph full of matches, a paragraph of
# inline spans): one search of a paragraph serves all its matches, spans are placed in one walk.
if "$BENCH_WORST" >"$TMP/worst" 2>"$TMP/worst.err"; then
	q=$(get search_100k "$TMP/worst")
	r=$(get search_400k "$TMP/worst")
	row "/x, one 100,000-char paragraph" "$(fmt_ms "$q")" "$(with "$(fmt_ms "$r")" "400,000 chars")" \
		"< 50 ms" "$(under "$q" 50)"
	q=$(get regex_100k "$TMP/worst")
	r=$(get regex_400k "$TMP/worst")
	row "regex x, the same paragraph" "$(fmt_ms "$q")" "$(with "$(fmt_ms "$r")" "400,000 chars")" \
		"< 200 ms" "$(under "$q" 200)"
	q=$(get md_spans_100k "$TMP/worst")
	row "load 100,000 **bold** spans" "$(fmt_ms "$q")" "-" "< 1 s" "$(under "$q" 1000)"
	q=$(get html_links_50k "$TMP/worst")
	row "load 50,000 links in one <p>" "$(fmt_ms "$q")" "-" "< 1 s" "$(under "$q" 1000)"
else
	echo "bench-worst failed: $(cat "$TMP/worst.err")" >&2
fi

progress "the second book"
# The second book: 3 MB with 124k RLM marks, the stress case for bidi controls.
if [ -r "$BOOK2" ]; then
	BOOK2_KB=$(($(size_of "$BOOK2") / 1024))
	r="n/a (fribidi missing)"
	[ -n "$FRIBIDI" ] && r=$(median_ms 5 "$FRIBIDI" --width 80 "$BOOK2")
	q=$(median_ms 5 "$QARI" --dump --width 80 "$BOOK2")
	row "darimi (3 MB, RLMs): full --dump" "$(fmt_ms "$q")" "$(with "$(fmt_ms "$r")" fribidi)" \
		"< fribidi" "$(verdict "$q" "$r" 1)"
	q=$(max_rss_kb 3 "$QARI" --dump --width 80 "$BOOK2")
	# No target: at 3 MB the libraries' start-up memory is most of the figure.
	row "darimi: peak RSS, --dump" "$(fmt_kb "$q")" "$(fmt_kb "$BOOK2_KB") file" "(no target)" \
		"$(ratio "$q" "$BOOK2_KB")"
fi

echo "qari $("$QARI" --version | cut -d' ' -f2) on $(basename "$BOOK") ($(fmt_kb "$BOOK_KB")," \
	"$(wc -l <"$BOOK" | tr -d ' ') lines), $(nproc 2>/dev/null || echo '?') CPUs," \
	"timer: $([ -n "$HYPERFINE" ] && echo hyperfine || echo "date +%s%N loop")"
echo
print_table
echo
g_ms=$(awk '$1 == "G" { print $3 }' "$TMP/pty.qari")
by_pos=$(awk '$1 ~ /^resize_at_/ {
	sub("resize_at_", "", $1); printf "%s%s %s ms", sep, $1, $2; sep = ", " }' "$TMP/layout")
echo "Notes: first screen of the reader $(get first "$TMP/pty.qari") B," \
	"less $(get first "$TMP/pty.less") B; G took ${g_ms:-?} ms in the reader;" \
	"less after G: $(fmt_kb "$(get hwm "$TMP/pty.less")")."
echo "bench-layout: whole book read and split in $(fmt_ms "$(get load_all "$TMP/layout")")," \
	"$(get blocks "$TMP/layout") paragraphs; resize by position (median): $by_pos."
exit 0
