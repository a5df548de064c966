"""Runs a program in a pseudo-terminal the way a user's terminal would, and records every byte it
writes there. For the end-to-end tests of the reader that need the raw output (tmux only shows
what it rendered) or need to signal and resize the program directly.

usage: pty.py [--size ROWSxCOLS] [--out FILE] [--timeout S] [--no-ctty] ACTION... -- COMMAND [ARG...]

--no-ctty: the pty is not the program's controlling terminal, so closing it sends no SIGHUP
(as under nohup): the program only learns from its reads that the terminal is gone.

Actions, run in order while the output is read all along:
  settle        wait until the program has been quiet for 0.3 s (at most 5 s)
  sleep:S       wait S seconds
  key:TEXT      type TEXT (Python escapes allowed: key:\\x1b for Esc)
  signal:NAME   send signal NAME (TERM, HUP, INT, WINCH...) to the program
  resize:RxC    set the terminal's size, which sends SIGWINCH
  storm:N       N resizes in a row, alternating between two sizes, ending at the current one
  snap:FILE     write the bytes so far to FILE
  hangup        close the terminal (the window closed, the link dropped)

After the actions, waits for the program to end (at most --timeout seconds, default 10), then
prints one line: "exit N", "signal N" or "timeout" (the program is then killed), followed,
after a signal or a hangup, by "in S s": how long the program took to end after the last one.
"""

import fcntl
import os
import select
import signal
import struct
import sys
import termios
import time


def set_size(fd, rows, cols):
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))


class Session:
    def __init__(self, argv, rows, cols, ctty=True):
        self.rows, self.cols = rows, cols
        self.mark = self.ended = None
        self.out = bytearray()
        self.status = None
        master, slave = os.openpty()
        set_size(slave, rows, cols)
        pid = os.fork()
        if pid == 0:
            os.close(master)
            os.setsid()
            if ctty:
                fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
            for fd in (0, 1, 2):
                os.dup2(slave, fd)
            if slave > 2:
                os.close(slave)
            try:
                os.execvp(argv[0], argv)
            finally:
                os._exit(127)
        os.close(slave)
        self.pid, self.fd = pid, master

    def pump(self, seconds):
        """Reads output for up to seconds; returns whether anything came."""
        got = False
        end = time.monotonic() + seconds
        while self.fd is not None:
            left = end - time.monotonic()
            if left <= 0:
                break
            r, _, _ = select.select([self.fd], [], [], left)
            if not r:
                break
            try:
                data = os.read(self.fd, 65536)
            except OSError:
                data = b""
            if not data:
                os.close(self.fd)
                self.fd = None
                break
            self.out += data
            got = True
        return got

    def settle(self, quiet=0.3, most=5.0):
        end = time.monotonic() + most
        while time.monotonic() < end and self.pump(quiet):
            pass

    def poll(self):
        if self.status is None:
            pid, st = os.waitpid(self.pid, os.WNOHANG)
            if pid != 0:
                self.status = st
                self.ended = time.monotonic()
        return self.status

    def wait(self, timeout):
        end = time.monotonic() + timeout
        while self.poll() is None and time.monotonic() < end:
            if self.fd is None:
                time.sleep(0.002)
            else:
                self.pump(0.002)
        self.pump(0.2)
        if self.poll() is None:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            return "timeout"
        if os.WIFSIGNALED(self.status):
            res = "signal %d" % os.WTERMSIG(self.status)
        else:
            res = "exit %d" % os.WEXITSTATUS(self.status)
        if self.mark is not None:
            res += " in %.3f s" % (self.ended - self.mark)
        return res


def main():
    args = sys.argv[1:]
    rows, cols, out, timeout, ctty = 24, 80, None, 10.0, True
    while args and args[0].startswith("--") and args[0] != "--":
        opt = args.pop(0)
        if opt == "--size":
            rows, cols = (int(x) for x in args.pop(0).split("x"))
        elif opt == "--out":
            out = args.pop(0)
        elif opt == "--timeout":
            timeout = float(args.pop(0))
        elif opt == "--no-ctty":
            ctty = False
        else:
            sys.exit("pty.py: unknown option %s" % opt)
    if "--" not in args:
        sys.exit(__doc__)
    sep = args.index("--")
    actions, argv = args[:sep], args[sep + 1:]

    s = Session(argv, rows, cols, ctty)
    for act in actions:
        name, _, arg = act.partition(":")
        if s.fd is None:
            break  # the program has ended (or closed the terminal): nothing more to do
        if name == "settle":
            s.settle()
        elif name == "sleep":
            s.pump(float(arg))
        elif name == "key":
            os.write(s.fd, arg.encode("utf-8").decode("unicode_escape").encode("latin-1"))
        elif name == "signal":
            os.kill(s.pid, getattr(signal, "SIG" + arg))
            s.mark = time.monotonic()
        elif name == "hangup":
            os.close(s.fd)
            s.fd = None
            s.mark = time.monotonic()
        elif name == "resize":
            s.rows, s.cols = (int(x) for x in arg.split("x"))
            set_size(s.fd, s.rows, s.cols)
        elif name == "storm":
            final = (s.rows, s.cols)
            for i in range(int(arg)):
                r, c = (final[0] + 7, final[1] - 23) if i % 2 == 0 else final
                set_size(s.fd, r, c)
                s.pump(0.002)
            set_size(s.fd, *final)
        elif name == "snap":
            with open(arg, "wb") as f:
                f.write(s.out)
        else:
            sys.exit("pty.py: unknown action %s" % act)
    result = s.wait(timeout)
    if out is not None:
        with open(out, "wb") as f:
            f.write(s.out)
    print(result)


if __name__ == "__main__":
    main()
