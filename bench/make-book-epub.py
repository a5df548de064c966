#!/usr/bin/python3
"""Makes a large EPUB book of a plain text file for make bench: its paragraphs (split at blank
lines) in CHAPTERS chapter files of about the same size in bytes, each under a heading, with an
EPUB 3 nav (each chapter's start and a paragraph in its middle), every entry deflated as books
are.

    make-book-epub.py TEXT OUT.epub [CHAPTERS]
"""
import html
import sys
import zipfile

CONTAINER = """<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
</rootfiles></container>"""

XHTML = """<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="ar" dir="rtl">
<head><title>%s</title></head>
<body>
%s
</body></html>"""


def main():
    text, out = sys.argv[1], sys.argv[2]
    nchap = int(sys.argv[3]) if len(sys.argv) > 3 else 100
    with open(text, encoding="utf-8", errors="replace") as f:
        paras = [p.strip() for p in f.read().split("\n\n") if p.strip()]
    # Chapters of about the same size in bytes (a paragraph is never cut).
    total = sum(len(p) for p in paras)
    chapters, cur, size = [], [], 0
    for p in paras:
        cur.append(p)
        size += len(p)
        if size >= total / nchap * (len(chapters) + 1) and len(chapters) < nchap - 1:
            chapters.append(cur)
            cur = []
    if cur:
        chapters.append(cur)
    items, refs, nav = [], [], []
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/epub+zip", zipfile.ZIP_STORED)
        z.writestr("META-INF/container.xml", CONTAINER)
        for n, chap in enumerate(chapters, 1):
            name = "Text/ch%03d.xhtml" % n
            title = "الجزء %d" % n
            body = ["<h1>%s</h1>" % title]
            body += ['<p id="p%d">%s</p>' % (i, html.escape(p).replace("\n", " "))
                     for i, p in enumerate(chap)]
            z.writestr("OEBPS/" + name, XHTML % (title, "\n".join(body)))
            items.append('<item id="c%d" href="%s" media-type="application/xhtml+xml"/>'
                         % (n, name))
            refs.append('<itemref idref="c%d"/>' % n)
            nav.append('<li><a href="%s">%s</a><ol><li><a href="%s#p%d">%s</a></li></ol></li>'
                       % (name, title, name, len(chap) // 2, "وسط " + title))
        z.writestr("OEBPS/nav.xhtml", XHTML % ("nav", '<nav epub:type="toc"><ol>%s</ol></nav>'
                                                % "".join(nav)))
        z.writestr("OEBPS/content.opf", """<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">bench</dc:identifier>
<dc:title>جامع البيان</dc:title><dc:language>ar</dc:language></metadata>
<manifest><item id="nav" href="nav.xhtml" properties="nav" media-type="application/xhtml+xml"/>
%s</manifest>
<spine page-progression-direction="rtl">%s</spine>
</package>""" % ("\n".join(items), "".join(refs)))


main()
