#!/bin/sh
# The bookmark database under faults, each injected for real: a damaged page (its readable rows
# are salvaged, the damaged file kept, a reader already running follows the new file), another
# program's database behind a symlink (refused, not a byte changed), a lock held by another
# process (the reader stays responsive, the bookmark is kept and written later), a read-only
# directory and a full disk (listing works, a bookmark attempt says why it cannot be saved).
# After each fault every bookmark written before it is still listed.
. "${TOP_SRCDIR:?}/tests/e2e/tmux.sh"
PYTHON3=${PYTHON3:-/usr/bin/python3}
SAMPLE=$TOP_SRCDIR/assets/articles/000_6e664869e5eb57da.txt
if ! "$PYTHON3" -c 'import sqlite3' >/dev/null 2>&1; then
	echo "1..0 # SKIP no python3 with sqlite3 to inject faults"
	exit 0
fi
full=$tmux_dir/full
trap 'umount "$full" 2>/dev/null; "$TMUX_BIN" -L "$tmux_sock" kill-server 2>/dev/null;
	chmod -R u+w "$tmux_dir" 2>/dev/null; rm -rf "$tmux_dir"' EXIT

skip() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $1 # SKIP $2"
}
db=$XDG_DATA_HOME/qari/qari.db
list() { "$QARI" --bookmarks 2>"$tmux_dir/list.err"; }
py() { "$PYTHON3" - "$@"; }

# A bookmark made in the reader (m, Enter, the note, Enter); $status gets the status line.
bookmark_in_reader() {
	tm send-keys -t q m
	tmux_wait q "quick mark"
	tm send-keys -t q Enter
	tmux_wait q "note"
	tm send-keys -t q "$1" Enter
	sleep 0.5
	status=$(status_line)
}

# Four documents with 100 bookmarks each, big enough to fill many pages.
list >/dev/null
mkdir -p "$tmux_dir/docs"
py "$db" "$tmux_dir/docs" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for d in range(1, 5):
    path = "%s/doc%d.txt" % (sys.argv[2], d)
    open(path, "w").write("document %d\n" % d)
    db.execute("INSERT INTO documents (id, hash, path, seen) VALUES (?, ?, ?, 0)",
               (d, 1000 + d, path))
    for i in range(100):
        db.execute("INSERT INTO bookmarks (doc, block, ch, len, created, note, exact, prefix,"
                   " suffix, start) VALUES (?, ?, 0, 40, 1700000000, ?, ?, ?, ?, 0)",
                   (d, i, "note %d-%d" % (d, i), "passage %d of document %d " % (i, d) * 4,
                    "before " * 5, "after " * 5))
db.commit()
EOF
list | sort >"$tmux_dir/before.tsv"
is_n=$(wc -l <"$tmux_dir/before.tsv")
[ "$is_n" -eq 400 ]
ok $? "400 bookmarks in 4 documents to start with ($is_n)"

# --- A damaged page, while a reader has the database open.
tm_start 80 24 "$SAMPLE"
started
py "$db" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
size = db.execute("PRAGMA page_size").fetchone()[0]
leaves = [r[0] for r in db.execute("SELECT pageno FROM dbstat WHERE name = 'bookmarks' AND "
                                   "pagetype = 'leaf' ORDER BY pageno")]
db.close()
with open(sys.argv[1], "r+b") as f:
    f.seek((leaves[len(leaves) // 2] - 1) * size)
    f.write(bytes((i * 7 + 3) & 0xff for i in range(size)))
EOF
rc=0
list >"$tmux_dir/after.tsv" || rc=$?
n=$(wc -l <"$tmux_dir/after.tsv")
diag() { printf '# %s\n' "$@"; }
diag "salvaged: $n of 400 bookmarks listed; $(head -c 300 "$tmux_dir/list.err")"
[ $rc -eq 0 ] && [ "$n" -ge 360 ]
ok $? "a damaged page: most bookmarks are still listed ($n of 400)"
grep -q "saved" "$tmux_dir/list.err"
ok $? "... and stderr says how many rows were saved"
ls "$db".damaged-* >/dev/null 2>&1
ok $? "... the damaged file is kept beside the new one"
sort "$tmux_dir/after.tsv" | comm -13 "$tmux_dir/before.tsv" - | grep -q .
[ $? -ne 0 ]
ok $? "... and nothing listed that was not there before"
bookmark_in_reader "after salvage"
echo "$status" | grep -q "Bookmark saved"
ok $? "the reader that was running saves a bookmark ($status)"
tm send-keys -t q q
[ "$(exit_status)" = 0 ]
ok $? "... and quits"
list | grep -q "after salvage"
ok $? "... into the new database, not the damaged one"

# --- Another program's database behind a symlink.
foreign=$tmux_dir/foreign
mkdir -p "$foreign/qari"
py "$foreign/their.db" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT)")
db.execute("INSERT INTO accounts (name) VALUES ('theirs')")
db.execute("PRAGMA user_version = 7")
db.commit()
EOF
ln -s ../their.db "$foreign/qari/qari.db"
sum=$(cksum <"$foreign/their.db")
rc=0
XDG_DATA_HOME=$foreign "$QARI" --bookmarks >/dev/null 2>"$tmux_dir/foreign.err" || rc=$?
[ $rc -ne 0 ]
ok $? "a foreign database behind a symlink: --bookmarks fails (exit $rc)"
grep -q "not a qari database" "$tmux_dir/foreign.err"
ok $? "... saying it is not a qari database: $(head -c 200 "$tmux_dir/foreign.err")"
[ "$(cksum <"$foreign/their.db")" = "$sum" ] && [ ! -e "$foreign/their.db-wal" ]
ok $? "... and their file is unchanged"
py "$foreign/their.db" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("PRAGMA application_id = 305419896")
db.execute("CREATE TABLE documents (id INTEGER PRIMARY KEY)")
db.commit()
EOF
sum=$(cksum <"$foreign/their.db")
rc=0
XDG_DATA_HOME=$foreign "$QARI" --bookmarks >/dev/null 2>"$tmux_dir/foreign.err" || rc=$?
[ $rc -ne 0 ] && grep -q "not a qari database" "$tmux_dir/foreign.err" &&
	[ "$(cksum <"$foreign/their.db")" = "$sum" ]
ok $? "another program's application_id is refused too, the file unchanged"

# --- A lock held 12 s by another process while bookmarking and quitting.
list | sort >"$tmux_dir/before.tsv"
tm_start 80 24 "$SAMPLE"
started
py "$db" "$tmux_dir/locked" <<'EOF' &
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN EXCLUSIVE")
open(sys.argv[2], "w").close()
time.sleep(12)
db.execute("COMMIT")
EOF
locker=$!
i=0
while [ ! -e "$tmux_dir/locked" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
t0=$(date +%s%N)
bookmark_in_reader "under lock"
echo "$status" | grep -q "kept" && ! echo "$status" | grep -q "saved"
ok $? "a bookmark under a lock is kept, not falsely saved ($status)"
t1=$(date +%s%N)
tm send-keys -t q q
es=$(exit_status)
t2=$(date +%s%N)
diag "bookmark under lock: $(((t1 - t0) / 1000000)) ms; quit: $(((t2 - t1) / 1000000)) ms"
[ "$es" = 0 ] && [ $(((t2 - t1) / 1000000)) -lt 3000 ]
ok $? "... and quitting takes $(((t2 - t1) / 1000000)) ms, the lock being held 12 s"
wait $locker
list | sort >"$tmux_dir/after.tsv"
grep -q "under lock" "$tmux_dir/after.tsv"
ok $? "once the lock is gone the kept bookmark is listed"
[ -s "$tmux_dir/before.tsv" ] && [ -z "$(comm -23 "$tmux_dir/before.tsv" "$tmux_dir/after.tsv")" ]
ok $? "... with every bookmark made before the lock ($(wc -l <"$tmux_dir/before.tsv"))"

# --- A read-only directory. Root ignores permissions: the reader runs as nobody then.
list | sort >"$tmux_dir/before.tsv"
runas=""
if [ "$(id -u)" = 0 ]; then
	command -v setpriv >/dev/null 2>&1 && runas="setpriv --reuid=65534 --regid=65534 --clear-groups --"
	chmod -R a+rX "$tmux_dir"
fi
if [ "$(id -u)" = 0 ] && [ -z "$runas" ]; then
	skip "a read-only directory: listing works" "root, and no setpriv to drop it"
	skip "a read-only directory: a bookmark attempt says read-only" "root, and no setpriv"
else
	chmod a-w "$XDG_DATA_HOME/qari"
	rc=0
	$runas env XDG_DATA_HOME="$XDG_DATA_HOME" "$QARI" --bookmarks >"$tmux_dir/ro.tsv" \
		2>"$tmux_dir/ro.err" || rc=$?
	sort "$tmux_dir/ro.tsv" >"$tmux_dir/after.tsv"
	[ $rc -eq 0 ] && [ -s "$tmux_dir/before.tsv" ] &&
		cmp -s "$tmux_dir/before.tsv" "$tmux_dir/after.tsv"
	ok $? "a read-only directory: every bookmark is listed $(head -c 200 "$tmux_dir/ro.err")"
	tm_start_sh 80 24 "$runas $QARI $SAMPLE"
	started
	bookmark_in_reader "read-only"
	echo "$status" | grep -q "read-only"
	ok $? "... a bookmark attempt says read-only ($status)"
	tm send-keys -t q q
	exit_status >/dev/null
	chmod u+w "$XDG_DATA_HOME/qari"
fi

# --- A full disk: a small tmpfs, when we may mount one.
if [ "$(id -u)" = 0 ] && mkdir -p "$full" && mount -t tmpfs -o size=1m tmpfs "$full" 2>/dev/null
then
	export XDG_DATA_HOME=$full
	tm_start 80 24 "$SAMPLE"
	started
	tm send-keys -t q q
	exit_status >/dev/null
	py "$full/qari/qari.db" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for i in range(50):
    db.execute("INSERT INTO bookmarks (doc, block, ch, len, created, note, exact) VALUES"
               " ((SELECT min(id) FROM documents), ?, 0, 4, 1700000000, ?, 'text')",
               (i, "full %d" % i))
db.commit()
EOF
	list | sort >"$tmux_dir/before.tsv"
	dd if=/dev/zero of="$full/fill" bs=4k >/dev/null 2>&1
	dd if=/dev/zero of="$full/fill2" bs=512 >/dev/null 2>&1
	list | sort >"$tmux_dir/after.tsv"
	[ "$(wc -l <"$tmux_dir/before.tsv")" -eq 50 ] &&
		cmp -s "$tmux_dir/before.tsv" "$tmux_dir/after.tsv"
	ok $? "a full disk: every bookmark is listed $(head -c 200 "$tmux_dir/list.err")"
	tm_start 80 24 "$SAMPLE"
	started
	bookmark_in_reader "full"
	echo "$status" | grep -q "disk full"
	ok $? "... a bookmark attempt says disk full ($status)"
	tm send-keys -t q q
	exit_status >/dev/null
	tm kill-server 2>/dev/null
	rm -f "$full/fill" "$full/fill2"
	list | sort >"$tmux_dir/after.tsv"
	cmp -s "$tmux_dir/before.tsv" "$tmux_dir/after.tsv"
	ok $? "... and once there is room again, every bookmark is still there"
else
	skip "a full disk: listing works" "not root, or tmpfs cannot be mounted here"
	skip "a full disk: a bookmark attempt says disk full" "no tmpfs"
	skip "a full disk: nothing lost" "no tmpfs"
fi
finish
