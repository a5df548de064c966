#!/bin/sh
# The key table: the help lists each command with its keys and its name, ':' runs every one of
# those names, and "bind = KEY COMMAND" in the settings rebinds a key (the help shows it, the
# old key stops, the new one works); a bad bind is a warning, with the line it is on.
. "${TOP_SRCDIR:?}/tests/e2e/tmux.sh"
SAMPLE=$TOP_SRCDIR/assets/articles/000_6e664869e5eb57da.txt
OTHER=$TOP_SRCDIR/assets/articles/002_2927fe6f3b4253d6.txt
conf=$XDG_CONFIG_HOME/qari/config
mkdir -p "$XDG_CONFIG_HOME/qari"
page() { status_line | grep -o 'page [0-9]*' | head -n 1; }

tm_start 80 60 "$SAMPLE" "$OTHER"
started
keys h
screen >"$tmux_dir/help"
names=$(grep -o ':[a-z-]*$' "$tmux_dir/help" | tr -d :)
n=$(echo "$names" | wc -l)
[ "$n" -ge 30 ]
ok $? "the help lists the commands by name ($n)"
grep -q "^ *Space  f  PgDn  Ctrl-F .*next page.*:page-down" "$tmux_dir/help"
ok $? "with their keys: Space f PgDn Ctrl-F for :page-down"
keys q
# Every name the help shows runs after ':' (a prompt or a wait it opens is cancelled).
bad=
for name in $names; do
	[ "$name" = quit ] && continue
	tm send-keys -t q : && tm send-keys -t q -l "$name" && tm send-keys -t q Enter
	settle
	if status_line | grep -q "Unknown command"; then
		bad="$bad $name"
	fi
	keys Escape Escape
	[ -n "$(screen | grep QARI-EXIT=)" ] && bad="$bad (ended at $name)" && break
done
[ -z "$bad" ]
ok $? "':' runs every command the help lists (unknown:${bad:- none})"
keys g G
by_key=$(status_line)
keys g
tm send-keys -t q : && tm send-keys -t q -l "bottom" && tm send-keys -t q Enter
settle
[ "$(status_line)" = "$by_key" ] && [ "$(page)" != "page 1" ]
ok $? ":bottom goes where G goes ($(page))"
tm send-keys -t q : && tm send-keys -t q -l "no-such-thing" && tm send-keys -t q Enter
settle
status_line | grep -q "Unknown command: no-such-thing"
ok $? "an unknown command says so"
tm send-keys -t q : && tm send-keys -t q -l "quit" && tm send-keys -t q Enter
[ "$(exit_status)" = 0 ]
ok $? ":quit quits with 0"

printf 'bind = J page-down\nbind = Space none\nbind = Ctrl-N next-match\n' >"$conf"
rm -rf "$XDG_DATA_HOME"
tm_start 80 24 "$SAMPLE"
started
keys J
[ "$(page)" = "page 2" ]
ok $? "bind = J page-down: J goes to page 2 ($(page))"
keys Space
[ "$(page)" = "page 2" ]
ok $? "bind = Space none: Space does nothing now ($(page))"
tm resize-window -t q -x 80 -y 60
keys h
screen | grep -q "^ *J  f  PgDn  Ctrl-F .*:page-down"
ok $? "the help shows J, not Space, for :page-down"
screen | grep -q "^ *n  Ctrl-N .*:next-match"
ok $? "and Ctrl-N beside n for :next-match"
keys q
tm send-keys -t q q
[ "$(exit_status)" = 0 ]
ok $? "q quits with 0"

printf '# keys\nbind = J jump-around\n' >"$conf"
err=$("$QARI" "$SAMPLE" 2>&1 >/dev/null)
rc=$?
[ $rc = 0 ] && echo "$err" | grep -q "config:2: bind: unknown command 'jump-around'"
ok $? "an unknown command in a bind is a warning with its line ($rc: $err)"
printf 'bind = Hyper-Q quit\n' >"$conf"
err=$("$QARI" "$SAMPLE" 2>&1 >/dev/null)
echo "$err" | grep -q "unknown key 'Hyper-Q'"
ok $? "so does an unknown key ($err)"
rm -f "$conf"
finish
