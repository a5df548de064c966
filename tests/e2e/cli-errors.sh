#!/bin/sh
# What the command line says when something outside it goes wrong: a settings file that makes no
# sense (quoted shortened, written at once, a BOM accepted, a folder named as such, and no
# bother to the modes that do not read it), standard output that cannot be written, and a file
# named to --bookmarks that is not there.
. "$(dirname "$0")/lib.sh"

export XDG_DATA_HOME="$TMPD/data" XDG_CONFIG_HOME="$TMPD/config"
mkdir -p "$XDG_CONFIG_HOME/qari"
config=$XDG_CONFIG_HOME/qari/config
printf 'hello world\nanother line\n' >"$TMPD/a.txt"

# --- the settings file ---
# A value of 10 MB: a warning at once, quoting its first characters only; the text still shows.
"$PYTHON3" -c 'import sys; sys.stdout.write("shape = " + "x" * 10000000 + "\n")' >"$config"
start=$(date +%s)
run_qari --dump "$TMPD/a.txt"
took=$(($(date +%s) - start))
if [ "$rc" -eq 0 ] && grep -q "hello world" "$TMPD/out"; then
	ok "a bad settings value of 10 MB is a warning: the text is printed, status 0"
else
	not_ok "a bad settings value of 10 MB is a warning: the text is printed, status 0"
	diag "exit status $rc"
fi
bytes=$(wc -c <"$TMPD/err" | tr -d ' ')
if [ "$bytes" -lt 300 ] && [ "$(lines_of "$TMPD/err")" -eq 1 ] &&
	grep -q "bad value 'xxxxxxxxxx.*…' for shape" "$TMPD/err"; then
	ok "its message is one short line, the value cut with …"
else
	not_ok "its message is one short line, the value cut with …"
	diag "$bytes bytes: $(head -c 300 "$TMPD/err")"
fi
if [ "$took" -le 2 ]; then ok "and comes at once"; else not_ok "and comes at once (${took}s)"; fi
rm -f "$config"

# A mistake in the file is said only by what reads it: the reader and --dump.
printf 'no such = thing\n' >"$config"
run_qari --version
is "$rc" 0 "--version works whatever the settings file holds"
run_qari --bookmarks
if [ "$rc" -eq 0 ] && [ ! -s "$TMPD/err" ]; then
	ok "--bookmarks works whatever the settings file holds"
else
	not_ok "--bookmarks works whatever the settings file holds"
	diag "exit status $rc: $(cat "$TMPD/err")"
fi
run_qari --search hello "$TMPD/a.txt"
is "$rc" 0 "--search works whatever the settings file holds"
run_qari --dump "$TMPD/a.txt"
if [ "$rc" -eq 0 ] && grep -q "config:1: unknown setting 'no such'" "$TMPD/err" &&
	grep -q "hello world" "$TMPD/out"; then
	ok "--dump names the line of the settings file at fault, and goes on"
else
	not_ok "--dump names the line of the settings file at fault, and goes on"
	diag "exit status $rc: $(cat "$TMPD/err")"
fi

# A BOM before the first setting, as some editors write it; the command line still wins.
printf '\357\273\277shape = none\n' >"$config"
printf '\331\205\330\261\330\255\330\250\330\247\n' >"$TMPD/ar.txt"
run_qari --dump --bidi terminal "$TMPD/ar.txt"
if [ "$rc" -eq 0 ] && [ ! -s "$TMPD/err" ] && grep -q "$(printf '\331\205\330\261')" "$TMPD/out"; then
	ok "a settings file that opens with a BOM is read (shape = none applies)"
else
	not_ok "a settings file that opens with a BOM is read (shape = none applies)"
	diag "exit status $rc: $(cat "$TMPD/err")"
fi
run_qari --dump --bidi terminal --shape arabic "$TMPD/ar.txt"
if [ "$rc" -eq 0 ] && ! grep -q "$(printf '\331\205\330\261')" "$TMPD/out"; then
	ok "--shape on the command line wins over the file's"
else
	not_ok "--shape on the command line wins over the file's"
fi
rm -f "$config"

mkdir "$config"
run_qari --dump "$TMPD/a.txt"
if [ "$rc" -eq 0 ] && grep -q "qari/config: Is a directory" "$TMPD/err"; then
	ok "a settings path that is a folder is a warning that says so"
else
	not_ok "a settings path that is a folder is a warning that says so"
	diag "exit status $rc: $(cat "$TMPD/err")"
fi
rmdir "$config"

# --- standard output that takes nothing ---
# full DESC ARGS...: qari with stdout on /dev/full exits non-zero and says why.
full() {
	desc=$1
	shift
	rc=0
	"$QARI" "$@" >/dev/full 2>"$TMPD/err" || rc=$?
	if [ "$rc" -ne 0 ] && [ "$(lines_of "$TMPD/err")" -eq 1 ] &&
		grep -q "No space left on device" "$TMPD/err"; then
		ok "$desc"
	else
		not_ok "$desc"
		diag "exit status $rc, stderr: $(cat "$TMPD/err")"
	fi
}
if [ -w /dev/full ]; then
	full "--search to a full disk says so" --search hello "$TMPD/a.txt"
	if grep -q "^qari: writing the results: No space left on device\$" "$TMPD/err"; then
		ok "in one line: writing the results"
	else
		not_ok "in one line: writing the results"
	fi
	full "--search --count to a full disk says so" --search hello --count "$TMPD/a.txt"
	full "--dump to a full disk says so" --dump "$TMPD/a.txt"
	full "--version to a full disk says so" --version
	full "--export-bookmarks markdown to a full disk says so" --export-bookmarks markdown
else
	for i in 1 2 3 4 5 6; do ok "# SKIP no /dev/full"; done
fi

# --- a file named to --bookmarks that is not there ---
run_qari --bookmarks "$TMPD/no-such.txt"
if [ "$rc" -eq 2 ] && grep -q "no-such.txt: No such file or directory" "$TMPD/err"; then
	ok "--bookmarks of a missing file is an error that names it"
else
	not_ok "--bookmarks of a missing file is an error that names it"
	diag "exit status $rc: $(cat "$TMPD/err")"
fi
run_qari --bookmarks "$TMPD/a.txt"
if [ "$rc" -eq 0 ] && [ ! -s "$TMPD/err" ]; then
	ok "--bookmarks of a file with none prints nothing and exits 0"
else
	not_ok "--bookmarks of a file with none prints nothing and exits 0"
fi

done_testing
