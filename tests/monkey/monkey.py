#!/usr/bin/env python3
"""A key-level fuzzer for the reader: the real binary in tmux, random and adversarial keys.

Each run picks, from its seed alone, a set of documents (empty, blank, whitespace only, one huge
line, a table only, an HTML page whose extraction leaves nothing, front matter only, real texts,
the corpus's books, stdin) and a terminal size, then plays several cycles: start qari with the
store of the previous cycle (so it reopens where it was left), play keys, resizes, prompts with
Arabic, Hebrew and Latin text, pastes, the mouse, Ctrl-C and Esc in every mode, then quit. A run fails on
a signal exit, a sanitizer report, a hang (no exit within the allowed time after q), or a
screen whose status line is missing or whose rows are wider than the terminal.

A failing run prints its seed and writes its script (documents, sizes and keys of each cycle)
as JSON; --replay plays such a script again exactly, which is how tests/monkey/regress/ keeps
every failure found as a regression.

    monkey.py --qari src/qari --seconds 60          random seeds for a minute
    monkey.py --qari src/qari --seed 17 --runs 1    one run again, as printed on a failure
    monkey.py --qari src/qari --replay FILE.json    a kept failure
"""
import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))

SIZES = [(80, 24), (50, 15), (120, 40), (200, 60), (40, 10), (60, 20), (30, 8), (20, 5),
         (10, 3), (2, 2), (1, 1), (100, 30), (72, 12)]

WORDS_AR = ["الله", "الامر", "أحمد", "مدرسة", "إسلام", "قرآن", "ﻻ", "بِسْمِ", "مـــدرسة", "٣٤٥", "ة", "ى"]
WORDS_HE = ["בית לחם", "שָׁלוֹם", "רות", "א"]
WORDS_LA = ["the", "x", "GNU", "(2.4", "a.b", "[", "*", "(.*)\\1", "\\", "^$", ".*", "a|b", "((("]
NOTES = ["ملاحظة مهمة", "note", "הערה", "", "a\tb", "مرحبا world 123", "x" * 300]


def doc_matrix(work, shared):
    """Writes the documents of the matrix; returns {name: path} (books only when shared is)."""
    d = os.path.join(work, "docs")
    os.makedirs(d, exist_ok=True)
    rng = random.Random(1)

    def put(name, data):
        p = os.path.join(d, name)
        with open(p, "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode())
        return p

    words = WORDS_AR + WORDS_LA[:4] + ["שָׁלוֹם"]
    docs = {
        "empty.txt": put("empty.txt", b""),
        "blank.txt": put("blank.txt", b"\n"),
        "spaces.txt": put("spaces.txt", "   \n \t \n\n\u00a0  \n"),
        "huge-line.txt": put("huge-line.txt", " ".join(rng.choice(words) for _ in range(60000))),
        "table.md": put("table.md", "| الاسم | Name | ٣ |\n|---|---|---|\n" +
                        "".join("| مدرسة %d | school %d | %d |\n" % (i, i, i) for i in range(40))),
        "nothing.html": put("nothing.html", "<html><head><title></title><script>x()</script>"
                            "</head><body><nav><a href=/>الرئيسية</a></nav><footer>©</footer>"
                            "<form><input></form></body></html>"),
        "frontmatter.md": put("frontmatter.md", "---\ntitle: عنوان\nlang: ar\n---\n"),
        "escapes.txt": put("escapes.txt", "\x1b[31mred\x1b]0;title\x07 \x9b2J مرحبا\r\n\x00x\n"),
        "mixed.md": put("mixed.md", "# عنوان\n\nنص عربي with English and ٣٤٥ numbers.\n\n"
                        "## פרק\n\nשָׁלוֹם עולם.\n\n- one\n- اثنان\n\n> اقتباس\n\n"
                        "```\ncode()\n```\n\n[رابط](table.md) [٢](http://127.0.0.1:9/x) **غامق**\n"),
    }
    # Books: a small one with a missing chapter and a spine item leaving the archive, and one
    # with no chapter at all (refused: the run goes on with the others).
    def epub(name, chapters, spine):
        p = os.path.join(d, name)
        with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("mimetype", "application/epub+zip", zipfile.ZIP_STORED)
            z.writestr("META-INF/container.xml", '<container><rootfiles><rootfile '
                       'full-path="c.opf"/></rootfiles></container>')
            items = "".join('<item id="i%d" href="%s"/>' % (i, h) for i, h in enumerate(spine))
            refs = "".join('<itemref idref="i%d"/>' % i for i in range(len(spine)))
            z.writestr("c.opf", '<package xmlns:dc="x"><metadata><dc:title>كتاب</dc:title>'
                       '<dc:language>ar</dc:language></metadata><manifest>%s</manifest>'
                       '<spine>%s</spine></package>' % (items, refs))
            for h, body in chapters:
                z.writestr(h, "<html><body>%s</body></html>" % body)
        return p

    docs["book.epub"] = epub("book.epub", [
        ("a.xhtml", "<h1>الفصل</h1><p>%s</p>" % " ".join(rng.choice(words) for _ in range(400))),
        ("b.xhtml", "<header><h2>פרק</h2></header><aside>حاشية</aside><p>two</p>")],
        ["a.xhtml", "gone.xhtml", "b.xhtml", "../../etc/passwd"])
    docs["nothing.epub"] = epub("nothing.epub", [], [])
    # A long one (2 MB of text in 40 chapters): its first chapters open it, the rest are read
    # as the keys go, or by helper threads when it is read whole (G, a search); a link in the
    # first chapter to a note in the last, a chapter missing, one that is not well-formed.
    long = [("c0.xhtml", '<h1>البداية</h1><p><a href="c39.xhtml#note">حاشية</a></p>')]
    for i in range(1, 40):
        text = " ".join(rng.choice(words) for _ in range(7000))
        body = "<h1>الفصل %d</h1><p>%s</p>" % (i, text)
        if i == 39:
            body += '<p id="note">الحاشية هنا</p>'
        if i == 20:
            body = body.replace("</p>", "<p>&nbsp;<b>open", 1)
        long.append(("c%d.xhtml" % i, body))
    docs["long.epub"] = epub("long.epub", long[:30] + long[31:],
                             ["c%d.xhtml" % i for i in range(40)])
    for name in ["ar.html", "he.html", "front.html"]:  # pages with an article, and without
        docs["news-" + name] = os.path.join(TOP, "tests", "data", "news", name)
    for name in sorted(os.listdir(os.path.join(TOP, "assets", "articles"))):
        docs["asset-" + name] = os.path.join(TOP, "assets", "articles", name)
    if shared:
        arts = os.path.join(shared, "corpus", "articles")
        for name in ["he_wlc_ruth.md", "fa_hafez_divan_ghazals.md",
                     "mixed-ar-en_learnxinyminutes_python.md"]:
            if os.path.exists(os.path.join(arts, name)):
                docs[name] = os.path.join(arts, name)
        books = os.path.join(shared, "corpus", "epub")
        if os.path.isdir(books):
            for name in sorted(os.listdir(books)):
                docs[name] = os.path.join(books, name)
        large = os.path.join(shared, "corpus", "large")
        for name in ["ar_darimi_sunan_mushakkala.txt", "ar_tabari_jami-al-bayan.txt"]:
            if os.path.exists(os.path.join(large, name)):
                docs[name] = os.path.join(large, name)
    folder = os.path.join(work, "folder")
    os.makedirs(folder, exist_ok=True)
    for name in ["empty.txt", "blank.txt", "table.md", "mixed.md"]:
        shutil.copy(docs[name], folder)
    docs["folder/"] = folder
    return docs


EMPTYISH = ["empty.txt", "blank.txt", "spaces.txt", "nothing.html", "frontmatter.md"]
BOOKS = ["ar_darimi_sunan_mushakkala.txt", "ar_tabari_jami-al-bayan.txt"]


def pick_docs(rng, docs, big):
    """A document set: one, two or ten documents, or stdin, leaning on the hostile ones."""
    names = [n for n in docs if big or n != BOOKS[1]]
    r = rng.random()
    if r < 0.35:
        return {"args": [rng.choice(EMPTYISH + names)]}
    if r < 0.55:
        return {"args": [rng.choice(names), rng.choice(EMPTYISH + names)]}
    if r < 0.70:
        return {"args": [rng.choice(EMPTYISH + names) for _ in range(10)]}
    if r < 0.80:
        return {"args": [], "stdin": rng.choice([n for n in EMPTYISH + names if n != "folder/"])}
    if r < 0.85:  # a FIFO whose writer is slow and stays open
        return {"args": [], "fifo": rng.choice([n for n in EMPTYISH + names if n != "folder/"])}
    books = [b for b in BOOKS if b in docs and (big or b != BOOKS[1])]
    return {"args": [rng.choice(books or names)]}


def text(rng):
    pool = rng.choice([WORDS_AR, WORDS_HE, WORDS_LA, WORDS_AR + WORDS_LA])
    return " ".join(rng.choice(pool) for _ in range(rng.randint(1, 3)))


def prompt_keys(rng):
    """What is typed into a prompt, and how it ends."""
    keys = [["lit", text(rng)]]
    for _ in range(rng.randint(0, 5)):
        keys.append(["key", rng.choice(["BSpace", "C-u", "C-r", "Up", "Down", "Left", "C-w",
                                        "Home", "End", "C-a", "C-e", "Right", "C-Left",
                                        "C-Right", "DC", "C-k", "C-d", "C-b", "C-f"])])
        if rng.random() < 0.5:
            keys.append(["lit", text(rng)])
    if rng.random() < 0.15:  # the terminal resized while the prompt waits
        keys.append(["resize"] + list(rng.choice(SIZES)))
    keys.append(["key", rng.choice(["Enter"] * 6 + ["Escape"] * 3 + ["C-c", "C-g"])])
    return keys


def action(rng):
    """One random action: a list of steps for tmux."""
    r = rng.random()
    simple = ["j", "k", "Space", "b", "g", "G", "d", "u", "]", "[", "Tab", "Enter", "Escape",
              "y", "v", "U", "+", "-", "C-o", "C-p", "h", "n", "N", "S", "C-g", "C-l", "e",
              "PageDown", "PageUp", "Home", "End", "Up", "Down", "Left", "Right", "F1", "BSpace",
              "DC", "r", "l", "%", "'", "M-x", "C-f", "C-b", "<", ">", "=", "0", "x", "?", "f",
              "KPEnter", "C-i", "C-h", "Tab", "BTab", "F5", "Insert", "L"]
    if r < 0.45:
        return [["key", rng.choice(simple)]]
    if r < 0.52:
        return [["lit", rng.choice(["5%", "50%", "95%", "100%", "0%", "3G", "999999G", "12j",
                                    "40k", "1G", "2%", "99%", "7G"])]]
    if r < 0.62:
        return [["key", rng.choice(["/", "?", "/", "C-r"])]] + prompt_keys(rng)
    if r < 0.70:
        return [["lit", "m"], ["key", "Enter"], ["lit", rng.choice(NOTES)],
                ["key", rng.choice(["Enter"] * 5 + ["Escape"] * 2 + ["C-c"])]]
    if r < 0.74:
        steps = [["lit", rng.choice(["m", "'"])]]
        if rng.random() < 0.2:  # a resize while m or ' waits for its letter
            steps.append(["resize"] + list(rng.choice(SIZES)))
        return steps + [["lit", rng.choice(["a", "b", "'", "Z", "`", "1", " "])]]
    if r < 0.78:
        return [["lit", "v"]] + [["key", rng.choice(["j", "k", "j"])]
                                 for _ in range(rng.randint(0, 5))] + \
               [["key", rng.choice(["m", "y", "Escape", "v", "q"])]]
    if r < 0.84:
        return [["key", ":"], ["lit", rng.choice(["next", "prev", "n", "p", "3", "0", "width 1",
                                                  "width 9999", "f", "noh", "help", "zzz",
                                                  "width", "-5", "99999999999999999999", "page",
                                                  "reader", "page", "reader",
                                                  "linebreaks keep", "linebreaks join",
                                                  "linebreaks auto", "linebreaks", "linebreaks x"])],
                ["key", rng.choice(["Enter", "Enter", "Escape", "C-c"])]]
    if r < 0.90:
        steps = [["key", "Tab"]]
        for _ in range(rng.randint(1, 6)):
            steps.append(["key", rng.choice(["j", "k", "G", "g", "Enter", "d", "u", "y",
                                             "Escape", "Tab", "l", "h", "DC"])])
        if rng.random() < 0.3:
            steps += [["key", "r"], ["lit", rng.choice(NOTES)], ["key", "Enter"]]
        return steps
    if r < 0.95:
        w, h = rng.choice(SIZES)
        return [["resize", w, h]]
    if r < 0.96:  # rapid repeats
        return [["lit", rng.choice(["j", "k", "Space", "b", "n", "G", "g"]) * rng.randint(5, 60)]]
    if r < 0.975:  # the mouse, as tmux passes it on (X10): wheel notches, clicks anywhere
        steps = []
        for _ in range(rng.randint(1, 4)):
            x, y = rng.randint(0, 90), rng.randint(0, 60)
            button = rng.choice([64, 65, 65, 0])
            for b in ([button, 3] if button == 0 else [button]):
                steps.append(["lit", "\x1b[M" + chr(32 + b) + chr(33 + x) + chr(33 + y)])
        return steps
    if r < 0.99:  # a paste, lines and all, into a prompt or into the text
        return [["key", rng.choice(["/", "m", ":", "j"])],
                ["paste", rng.choice(NOTES) + "\n" + text(rng) + "\nq\n"]]
    return [["key", "C-c"]]


def make_script(seed, docs, big, cycles, nactions):
    rng = random.Random(seed)
    script = {"seed": seed, "docs": pick_docs(rng, docs, big), "cycles": []}
    for _ in range(cycles):
        w, h = rng.choice(SIZES[:8] + SIZES[11:])
        script["cycles"].append({"size": [w, h],
                                 "actions": [action(rng) for _ in range(nactions)]})
    return script


def width(s):
    n = 0
    for ch in s:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        n += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return n


REVERSE = re.compile(r"\x1b\[(?:[0-9]*;)*7(?:;[0-9]*)*m")


class Failure(Exception):
    pass


class Runner:
    def __init__(self, qari, work, docs, hang, sock, verbose=False):
        self.qari, self.work, self.docs, self.hang = qari, work, docs, hang
        self.sock = self.sock_base = sock
        self.verbose = verbose
        self.starts = 0
        self.cpu = 0.0
        self.slow = 0

    def tm(self, *args, check=False):
        return subprocess.run(["tmux", "-L", self.sock, "-f", "/dev/null"] + list(args),
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                              check=check).stdout

    def capture(self, escapes=False):
        return self.tm("capture-pane", "-p", "-t", "m", *(["-e"] if escapes else []))

    def size(self):
        out = self.tm("display", "-p", "-t", "m", "#{pane_width} #{pane_height}").split()
        return (int(out[0]), int(out[1])) if len(out) == 2 else (0, 0)

    def exited(self):
        st = os.path.join(self.run_dir, "st")
        if os.path.exists(st):
            with open(st) as f:
                s = f.read().strip()
            if s:
                return int(s)
        return None

    def qari_pid(self):
        shell = self.tm("display", "-p", "-t", "m", "#{pane_pid}").strip()
        for pid in os.listdir("/proc"):
            try:
                with open("/proc/%s/stat" % pid) as f:
                    st = f.read()
            except (OSError, ValueError):
                continue
            fields = st[st.rindex(")") + 2:].split()
            if fields[1] == shell and st[st.index("(") + 1:st.rindex(")")] == "qari":
                return pid
        return None

    def stack(self):
        """Where a hung qari is: its state and, when gdb is here, its stack."""
        pid = self.qari_pid()
        if pid is None:
            return "(qari is not running: the shell around it is what waits)"
        out = "state: " + open("/proc/%s/stat" % pid).read().split(") ")[1][:1]
        if shutil.which("gdb"):
            try:
                out += "\n" + subprocess.run(["gdb", "-p", pid, "-batch", "-ex", "bt"],
                                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                             text=True, timeout=30).stdout[-3000:]
            except subprocess.TimeoutExpired:
                pass
        return out

    def cpu_ticks(self):
        """qari's CPU time so far, in clock ticks (None when it is not running)."""
        try:
            with open("/proc/%s/stat" % self.qari_pid()) as f:
                st = f.read()
            fields = st[st.rindex(")") + 2:].split()
            return int(fields[11]) + int(fields[12])
        except (OSError, TypeError, IndexError, ValueError):
            return None

    def settle(self, limit=3.0):
        """Waits for the screen to stay the same while qari uses no CPU; whether it did."""
        prev, ticks, t0 = None, None, time.time()
        while time.time() - t0 < limit:
            time.sleep(0.1)
            cur, now = self.capture(), self.cpu_ticks()
            if self.exited() is not None:
                return True
            if cur == prev and (now is None or (ticks is not None and now - ticks <= 1)):
                return True
            prev, ticks = cur, now
        return False

    def check_screen(self, where):
        """After Esc: the status line (reverse video) is there and no row is too wide."""
        w, h = self.size()
        if self.exited() is not None or w < 20 or h < 3:
            return
        self.tm("send-keys", "-t", "m", "Escape")
        time.sleep(0.08)
        self.tm("send-keys", "-t", "m", "Escape")
        if not self.settle(self.hang):
            self.slow += 1  # still working (a long search, say): not this check's business
            return
        if self.exited() is not None:
            return
        w, h = self.size()
        plain = self.capture().split("\n")
        for i, line in enumerate(plain[:h]):
            if width(line) > w:
                raise Failure("%s: row %d is %d cells wide, the terminal %d" %
                              (where, i, width(line), w))
        rows = self.capture(True).rstrip("\n").split("\n")
        last = rows[h - 1] if len(rows) >= h else ""
        if not REVERSE.search(last):
            raise Failure("%s: no status line at %dx%d; screen:\n%s" %
                          (where, w, h, "\n".join(plain)))

    def start(self, script, cycle):
        d = script["docs"]
        w, h = script["cycles"][cycle]["size"]
        env = "XDG_DATA_HOME=%s/data XDG_CONFIG_HOME=%s/conf HOME=%s" % ((self.run_dir,) * 3)
        args = " ".join("'%s'" % self.docs[a] for a in d["args"])
        cmd = "%s %s %s" % (env, self.qari, args)
        if "stdin" in d:
            cmd = "cat '%s' | %s" % (self.docs[d["stdin"]], cmd)
        if "fifo" in d:
            src = self.docs[d["fifo"]]
            cmd = ("rm -f fifo; mkfifo fifo; (head -c 3000 '%s'; sleep 1; cat '%s'; sleep 60) "
                   ">fifo & %s fifo" % (src, src, cmd))
        for f in ("st", "err", "cpu"):
            p = os.path.join(self.run_dir, f)
            if os.path.exists(p):
                os.unlink(p)
        wrapper = ("trap : INT; cd %s; %s 2>err; s=$?; times >cpu; echo $s >st" % (self.run_dir, cmd))
        # A server of its own for each start: a server being killed may still hold its socket,
        # and a new session there would never start.
        self.tm("kill-server")
        self.starts += 1
        self.sock = "%s-%d" % (self.sock_base, self.starts)
        self.tm("new-session", "-d", "-s", "m", "-x", str(w), "-y", str(h), "sh", "-c", wrapper)
        self.tm("set", "-g", "remain-on-exit", "on")
        # Keys before qari has its terminal would go to a program not reading keys yet (and
        # Ctrl-C would end it as any program): wait for the status line first.
        t0 = time.time()
        while time.time() - t0 < 10 and self.exited() is None and \
                not self.capture().rstrip("\n").split("\n")[-1].strip():
            time.sleep(0.05)
        self.settle(5.0)

    def step(self, s):
        kind = s[0]
        if kind == "key":
            self.tm("send-keys", "-t", "m", s[1])
        elif kind == "lit":
            self.tm("send-keys", "-t", "m", "-l", s[1])
        elif kind == "paste":
            self.tm("set-buffer", "-b", "p", s[1])
            self.tm("paste-buffer", "-b", "p", "-t", "m", "-p")
        elif kind == "resize":
            self.tm("resize-window", "-t", "m", "-x", str(s[1]), "-y", str(s[2]))
        time.sleep(0.02)

    def quit(self, where):
        """Esc, then q, until qari exits; a hang if it does not within the time allowed."""
        t0 = time.time()
        n = 0
        while self.exited() is None:
            if time.time() - t0 > self.hang:
                raise Failure("%s: no exit %d s after q; screen:\n%s\n%s" %
                              (where, self.hang, self.capture(), self.stack()))
            if n < 6:
                for k in (["Escape", "q"] if n % 2 == 0 else ["C-c"]):
                    self.tm("send-keys", "-t", "m", k)
                    time.sleep(0.1)
                n += 1
            time.sleep(0.3)

    def finish(self, where):
        code = self.exited()
        err = ""
        p = os.path.join(self.run_dir, "err")
        if os.path.exists(p):
            with open(p, errors="replace") as f:
                err = f.read()
        cpu = os.path.join(self.run_dir, "cpu")
        if os.path.exists(cpu):
            with open(cpu) as f:
                lines = f.read().split("\n")
            if len(lines) > 1:
                for t in lines[1].split():
                    m, sec = t.rstrip("s").split("m")
                    self.cpu += int(m) * 60 + float(sec)
        for pat in ("AddressSanitizer", "runtime error", "LeakSanitizer", "UndefinedBehavior"):
            if pat in err:
                raise Failure("%s: sanitizer report:\n%s" % (where, err[-4000:]))
        if code is None or code >= 128 or code < 0:
            raise Failure("%s: exit status %s (signal %s); stderr:\n%s" %
                          (where, code, code - 128 if code else "?", err[-2000:]))
        if code not in (0, 1, 2):
            raise Failure("%s: exit status %d; stderr:\n%s" % (where, code, err[-2000:]))
        if code != 0 and self.verbose:
            print("  exit %d: %s" % (code, err.strip()[:200]))

    def play(self, script):
        self.run_dir = tempfile.mkdtemp(prefix="run-", dir=self.work)
        try:
            for c, cyc in enumerate(script["cycles"]):
                self.start(script, c)
                for i, act in enumerate(cyc["actions"]):
                    where = "cycle %d action %d %s" % (c + 1, i + 1, json.dumps(act,
                                                                             ensure_ascii=False))
                    for s in act:
                        self.step(s)
                    if self.exited() is not None:
                        break
                    if i % 10 == 9:
                        self.check_screen(where)
                self.quit("cycle %d quit" % (c + 1))
                self.finish("cycle %d" % (c + 1))
        finally:
            if not os.environ.get("MONKEY_KEEP"):
                self.tm("kill-server")
                shutil.rmtree(self.run_dir, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--qari", required=True)
    ap.add_argument("--seed", type=int)
    ap.add_argument("--runs", type=int)
    ap.add_argument("--seconds", type=float, default=float(os.environ.get("MONKEY_SECONDS", 60)))
    ap.add_argument("--cycles", type=int, default=3)
    ap.add_argument("--actions", type=int, default=60)
    ap.add_argument("--shared", default=os.environ.get("QARI_SHARED",
                                                       os.path.join(TOP, "..", "shared")))
    ap.add_argument("--big", action="store_true", help="the 34.5 MB book too")
    ap.add_argument("--hang", type=float, default=float(os.environ.get("MONKEY_HANG", 15)))
    ap.add_argument("--replay", nargs="*", default=[],
                    help="scripts to play first (then --runs seeds, or none unless MONKEY_SECONDS)")
    ap.add_argument("--failures", default=os.environ.get("MONKEY_FAILURES", "monkey-failures"))
    ap.add_argument("--tap", action="store_true", help="speak TAP (make check)")
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()

    shared = a.shared if os.path.isdir(os.path.join(a.shared, "corpus")) else None
    work = tempfile.mkdtemp(prefix="qari-monkey-")
    docs = doc_matrix(work, shared)
    runner = Runner(os.path.abspath(a.qari), work, docs, a.hang,
                    "monkey-%d" % os.getpid(), a.verbose)
    scripts = []
    for path in a.replay:
        with open(path) as f:
            s = json.load(f)
        s["name"] = os.path.basename(path)
        scripts.append(s)
    t0 = time.time()
    seed = a.seed if a.seed is not None else int(time.time()) % 1000000
    runs = a.runs if a.runs is not None else (0 if a.replay and "MONKEY_SECONDS" not in
                                              os.environ else None)
    failed = done = 0
    try:
        while True:
            if done < len(scripts):
                script = scripts[done]
            else:
                n = done - len(scripts)
                if (runs is not None and n >= runs) or \
                   (runs is None and time.time() - t0 > a.seconds):
                    break
                script = make_script(seed + n, docs, a.big, a.cycles, a.actions)
            done += 1
            name = script.get("name", "seed %d" % script["seed"])
            missing = [d for d in script["docs"]["args"] + [script["docs"].get("stdin"),
                                                           script["docs"].get("fifo")]
                       if d is not None and d not in docs]
            if missing:
                print("ok %d - %s # SKIP needs %s" % (done, name, ", ".join(missing))
                      if a.tap else "skip %s: needs %s" % (name, missing))
                continue
            desc = "%s %s" % (name, " ".join(script["docs"]["args"]) +
                              (" <" + script["docs"]["stdin"] if "stdin" in
                               script["docs"] else "") +
                              (" fifo<" + script["docs"]["fifo"] if "fifo" in
                               script["docs"] else ""))
            try:
                runner.play(script)
                print("ok %d - %s" % (done, desc) if a.tap else "ok   %s" % desc, flush=True)
            except Failure as e:
                failed += 1
                os.makedirs(a.failures, exist_ok=True)
                out = os.path.join(a.failures, "seed-%d.json" % script["seed"])
                with open(out, "w") as f:
                    json.dump({k: v for k, v in script.items() if k != "name"}, f,
                              ensure_ascii=False, indent=1)
                msg = "FAIL %s: %s\n  replay: %s --qari %s --replay %s\n  or: --seed %d --runs 1" \
                      % (desc, e, sys.argv[0], a.qari, out, script["seed"])
                if a.tap:
                    print("not ok %d - %s" % (done, desc))
                    print("\n".join("# " + l for l in msg.split("\n")), flush=True)
                else:
                    print(msg, flush=True)
    finally:
        if not os.environ.get("MONKEY_KEEP"):
            shutil.rmtree(work, ignore_errors=True)
    summary = "monkey: %d runs, %d failed, %.1f s, qari CPU %.1f s, %d checks skipped (busy), " \
        "first seed %d" % (done, failed, time.time() - t0, runner.cpu, runner.slow, seed)
    if a.tap:
        print("1..%d" % done)
        print("# " + summary)
    else:
        print(summary)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
