#!/usr/bin/python3
"""Drive a pager in an 80x24 pseudo-terminal and count what it writes, for make bench.

    pty-bytes.py CMD [ARG...]

Starts CMD (qari, or less for comparison) in a pty with TERM=xterm-256color, LANG=C.UTF-8 and
empty XDG/HOME directories (so no settings, history or bookmarks of the user change the result),
waits for the first screen to settle (no output for 300 ms), then presses j (one line down),
Space (one page down) and G (the end of the text), counting the bytes written after each key,
reads the program's peak resident memory (VmHWM) at the end, and quits with q.

Prints "key value..." lines for bench/run.sh:
    first BYTES MS    the first screen, and when its last byte came
    j BYTES           one line scrolled
    space BYTES       one page turned
    G BYTES MS        jump to the end, and when its last byte came
    hwm KB            peak RSS, read before quitting
"""

import fcntl
import os
import pty
import select
import signal
import struct
import sys
import tempfile
import termios
import time

ROWS, COLS = 24, 80
SETTLE = 0.3  # seconds without output: the screen is drawn
LIMIT = 60.0  # seconds at most for one key: a hung program must not hang make bench


def settle(fd, first=SETTLE):
    """Reads until the program has been quiet for SETTLE s (first s before its first byte: a
    key that reads a whole book may keep it quiet longer); returns (bytes, seconds to last)."""
    total, start, last = 0, time.monotonic(), None
    while time.monotonic() - start < LIMIT:
        ready, _, _ = select.select([fd], [], [], SETTLE if total else first)
        if not ready:
            break
        try:
            data = os.read(fd, 65536)
        except OSError:  # EIO: the program has gone, and its side of the pty with it
            break
        if not data:
            break
        total += len(data)
        last = time.monotonic()
    return total, (last or start) - start


def peak_rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return -1


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: pty-bytes.py CMD [ARG...]")
    cmd = sys.argv[1:]
    with tempfile.TemporaryDirectory(prefix="qari-bench-") as tmp:
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("LC_", "LESS", "XDG_")) and k not in ("COLUMNS", "LINES")}
        for sub in ("data", "config", "cache", "state"):
            os.mkdir(os.path.join(tmp, sub))
        env.update(TERM="xterm-256color", LANG="C.UTF-8", HOME=tmp, LESSHISTFILE="-",
                   XDG_DATA_HOME=os.path.join(tmp, "data"),
                   XDG_CONFIG_HOME=os.path.join(tmp, "config"),
                   XDG_CACHE_HOME=os.path.join(tmp, "cache"),
                   XDG_STATE_HOME=os.path.join(tmp, "state"))

        pid, fd = pty.fork()
        if pid == 0:
            # The size is set on our side of the pty before exec, so the first screen is
            # already 80x24 and no SIGWINCH redraw is counted.
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
            try:
                os.execvpe(cmd[0], cmd, env)
            finally:
                os._exit(127)

        n, secs = settle(fd)
        print(f"first {n} {secs * 1000:.0f}")
        for key, name in ((b"j", "j"), (b" ", "space")):
            os.write(fd, key)
            print(f"{name} {settle(fd)[0]}")
        os.write(fd, b"G")
        n, secs = settle(fd, LIMIT)
        print(f"G {n} {secs * 1000:.0f}")
        print(f"hwm {peak_rss_kb(pid)}")

        os.write(fd, b"q")
        settle(fd)
        for _ in range(50):
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            time.sleep(0.1)
        else:
            os.kill(pid, signal.SIGTERM)  # our own child, which did not quit on q
            os.waitpid(pid, 0)
            sys.exit(f"pty-bytes.py: {cmd[0]} did not quit on q")
        os.close(fd)


if __name__ == "__main__":
    main()
