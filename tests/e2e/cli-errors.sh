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
# A value of 10 MB: rejected at once, quoted by its first characters only.
"$PYTHON3" -c 'import sys; sys.stdout.write("shape = " + "x" * 10000000 + "\n")' >"$config"
start=$(date +%s)
run_qari --dump "$TMPD/a.txt"
took=$(($(date +%s) - start))
is "$rc" 2 "a bad settings value of 10 MB exits 2"
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

done_testing
