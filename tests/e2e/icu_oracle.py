#!/usr/bin/python3
"""An independent check of qari's visual order, with ICU's bidi implementation as the oracle.

    icu_oracle.py SOURCE VISUAL LOGICAL WIDTH [--fallback rtl|ltr] [--skip-unless-one-per-line]

SOURCE is a text file with one block per non-blank line (the bundled articles are written so);
VISUAL is `qari --dump --shape none --width WIDTH SOURCE`, LOGICAL the same with
`--bidi terminal` (same line breaks, logical order, no padding). Blocks are separated by one
blank line in both dumps.

For each block, the paragraph is the source line with white space (NBSP too) stripped at both
ends, as qari's text loader does. Each logical line is located in the paragraph in sequence,
giving its [start, end) in code points. ICU then reorders that line of that paragraph:
setPara on the WHOLE paragraph, at the level of its first strong character (P2-P3; when it has
none, the document's direction, which is the direction most of its first 256 paragraphs take,
as doc.h defines it, or --fallback), then setLine(start, end), then
writeReordered with DO_MIRRORING | REMOVE_BIDI_CONTROLS | KEEP_BASE_COMBINING. KEEP_BASE_COMBINING
is there because a terminal cell holds a letter and then its marks, so qari sends marks after
their base in RTL runs too (FriBidi's REORDER_NSM); without it ICU would put them before.
Format characters qari never draws (ZWNJ, ZWJ, soft hyphen, ZWNBSP...) are left out of
ICU's result as well.

The result is compared with qari's visual line, its left padding removed; the padding itself
must bring an RTL line to exactly WIDTH cells. Prints "OK <lines checked>" and exits 0, or
"FAIL <what>" with the first mismatching line and exits 1; prints "SKIP <why>" and exits 77
when PyICU is missing, or with --skip-unless-one-per-line when the file is not one block per
line (a hard-wrapped file whose lines qari joins, say).
"""

import sys
import unicodedata

try:
    import icu
except ImportError:
    print("SKIP no PyICU (python3-icu) for %s" % sys.executable)
    sys.exit(77)

# What qari's para.c treats as invisible: bidi controls, joiners, word joiner..., the ZWNBSP
# (shaping fill), ALM, soft hyphen. It never draws them.
INVISIBLE = set(range(0x200B, 0x2010)) | set(range(0x202A, 0x202F)) | \
    set(range(0x2060, 0x206A)) | {0xFEFF, 0x061C, 0x00AD}

OPTIONS = icu.Bidi.DO_MIRRORING | icu.Bidi.REMOVE_BIDI_CONTROLS | icu.Bidi.KEEP_BASE_COMBINING

# ICU's character directions that are strong, and those that open or close an isolate.
D = icu.UCharDirection
STRONG = {D.LEFT_TO_RIGHT: 0, D.RIGHT_TO_LEFT: 1, D.RIGHT_TO_LEFT_ARABIC: 1}
ISOLATES = {D.LEFT_TO_RIGHT_ISOLATE, D.RIGHT_TO_LEFT_ISOLATE, D.FIRST_STRONG_ISOLATE}


def strip_ws(s):
    # qari's loader trims ASCII space, NBSP, U+2000-U+200A, U+202F, U+205F, U+3000.
    ws = ' \u00a0\u202f\u205f\u3000' + ''.join(chr(c) for c in range(0x2000, 0x200b))
    return s.strip(ws)


def para_level(s, fallback):
    """Rules P2-P3: the first strong character outside isolates; fallback when there is none."""
    depth = 0
    for c in s:
        d = icu.Char.charDirection(c)
        if d == D.POP_DIRECTIONAL_ISOLATE:
            depth = max(depth - 1, 0)
        elif d in ISOLATES:
            depth += 1
        elif depth == 0 and d in STRONG:
            return STRONG[d]
    return fallback


def cells(s):
    w = 0
    for c in s:
        if unicodedata.category(c) in ('Mn', 'Me', 'Cf'):
            continue
        w += 2 if unicodedata.east_asian_width(c) in ('W', 'F') else 1
    return w


def unmirror(c):
    """A bracket and its mirror compare equal: qari's logical dump has RTL brackets mirrored."""
    m = icu.Char.charMirror(c)
    return min(c, m)


def utf16_len(s):
    return sum(2 if ord(c) > 0xFFFF else 1 for c in s)


def blocks_of(path):
    text = open(path, encoding='utf-8').read()
    if text.endswith('\n'):
        text = text[:-1]
    blocks, cur = [], []
    for line in text.split('\n'):
        if line == '':
            if cur:
                blocks.append(cur)
            cur = []
        else:
            cur.append(line)
    if cur:
        blocks.append(cur)
    return blocks


def locate(para, pos, line):
    """Where logical line `line` sits in para from pos on: (start, end) in code points."""
    # The white space a break left hangs at the end of the line before: skip it.
    while pos < len(para) and (para[pos] == ' ' or ord(para[pos]) in INVISIBLE):
        pos += 1
    start, i, k = pos, pos, 0
    while k < len(line):
        if i >= len(para):
            return None
        if unmirror(para[i]) == unmirror(line[k]):
            i += 1
            k += 1
        elif ord(para[i]) in INVISIBLE:
            i += 1  # qari does not print it
        else:
            return None
    return start, i


def main():
    args = sys.argv[1:]
    fallback = None
    if '--fallback' in args:
        j = args.index('--fallback')
        fallback = 1 if args[j + 1] == 'rtl' else 0
        del args[j:j + 2]
    may_skip = '--skip-unless-one-per-line' in args
    if may_skip:
        args.remove('--skip-unless-one-per-line')
    source, visual, logical, width = args[0], args[1], args[2], int(args[3])

    paras = [strip_ws(l) for l in open(source, encoding='utf-8').read().split('\n')]
    paras = [p for p in paras if p]
    vblocks, lblocks = blocks_of(visual), blocks_of(logical)
    if not (len(paras) == len(vblocks) == len(lblocks)):
        msg = "%d paragraphs in the source, %d blocks in the visual dump, %d in the logical " \
              "one" % (len(paras), len(vblocks), len(lblocks))
        if may_skip and len(vblocks) == len(lblocks):
            print("SKIP not one block per line: " + msg)
            return 77
        print("FAIL " + msg)
        return 1
    if fallback is None:
        # The document's direction: the one most paragraphs take (doc_finish, first 256).
        first = [para_level(p, None) for p in paras[:256]]
        fallback = 1 if first.count(1) > first.count(0) else 0

    checked = 0
    for b, (para, vlines, llines) in enumerate(zip(paras, vblocks, lblocks)):
        if len(vlines) != len(llines):
            print("FAIL block %d: %d visual lines, %d logical ones" % (b, len(vlines), len(llines)))
            return 1
        level = para_level(para, fallback)
        text = icu.UnicodeString(para)
        bidi = icu.Bidi()
        bidi.setPara(text, level)
        pos = 0
        for n, (vline, lline) in enumerate(zip(vlines, llines)):
            where = locate(para, pos, lline)
            if where is None:
                print("FAIL block %d line %d: logical line not found in the paragraph at %d\n"
                      "  logical: %r\n  source:  %r" % (b, n, pos, lline, para[pos:pos + 80]))
                return 1
            start, end = where
            pos = end
            line = bidi.setLine(utf16_len(para[:start]), utf16_len(para[:end]))
            want = str(line.writeReordered(OPTIONS))
            want = ''.join(c for c in want if ord(c) not in INVISIBLE)
            got = vline.lstrip(' ') if level == 1 else vline
            pad = len(vline) - len(got)
            # With --shape none qari keeps ZWNJ/ZWJ for a terminal that shapes; they take no cell.
            got = ''.join(c for c in got if ord(c) not in (0x200C, 0x200D))
            if got != want:
                print("FAIL block %d line %d (chars %d-%d, paragraph level %d):\n"
                      "  qari: %r\n  ICU:  %r\n  logical: %r" %
                      (b, n, start, end, level, got, want, lline))
                return 1
            if level == 1 and pad + cells(got) != width:
                print("FAIL block %d line %d: RTL line padded to %d cells, not %d: %r" %
                      (b, n, pad + cells(got), width, vline))
                return 1
            if level == 0 and pad != 0:
                print("FAIL block %d line %d: LTR line padded: %r" % (b, n, vline))
                return 1
            checked += 1
        rest = strip_ws(para[pos:])
        if rest:
            print("FAIL block %d: text after the last line: %r" % (b, rest[:80]))
            return 1
    print("OK %d" % checked)
    return 0


if __name__ == '__main__':
    sys.exit(main())
