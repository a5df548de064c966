#!/usr/bin/python3
"""Makes the small EPUB books tests/e2e/epub.sh reads, good and broken, into a folder.

    make-epub.py DIR
"""
import os
import sys
import zipfile

CONTAINER = """<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>"""

OPF = """<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:title>كتاب الاختبار</dc:title><dc:creator>مؤلف مجهول</dc:creator><dc:language>ar</dc:language>
</metadata>
<manifest>
<item id="c1" href="text/ch1.xhtml" media-type="application/xhtml+xml"/>
<item id="c2" href="text/ch%202.xhtml" media-type="application/xhtml+xml"/>
<item id="gone" href="text/missing.xhtml" media-type="application/xhtml+xml"/>
<item id="evil" href="../../etc/passwd" media-type="application/xhtml+xml"/>
</manifest>
<spine page-progression-direction="rtl">
<itemref idref="c1"/><itemref idref="gone"/><itemref idref="c2"/><itemref idref="evil"/>
</spine>
</package>"""

CH1 = """<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">
<head><title>ch1</title></head>
<body><section><header><h1>الفصل الأول</h1></header>
<p>هذه الفقرة الأولى من الكتاب<a epub:type="noteref" href="#n1">1</a>.</p>
<aside epub:type="footnote" id="n1"><p>حاشية الفصل الأول.</p></aside>
</section></body></html>"""

CH2 = """<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>ch2</title></head>
<body><h1>الفصل الثاني</h1>
<p>فقرة من الفصل الثاني فيها كلمة نادرة: زبرجد.</p>
</body></html>"""


# A book whose chapters link to each other (a noteref, a fragment in another chapter), with an
# EPUB 3 nav (nested, a target missing) and an NCX that must lose to it.
LINKS_OPF = """<?xml version="1.0"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Linked book</dc:title>
<dc:language>en</dc:language></metadata>
<manifest>
<item id="nav" href="nav.xhtml" properties="nav" media-type="application/xhtml+xml"/>
<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>
<item id="c1" href="Text/ch1.xhtml" media-type="application/xhtml+xml"/>
<item id="c2" href="Text/ch2.xhtml" media-type="application/xhtml+xml"/>
</manifest>
<spine toc="ncx"><itemref idref="c1"/><itemref idref="c2"/></spine>
</package>"""

FILLER = "".join("<p>Filler paragraph %d of the chapter.</p>\n" % i for i in range(40))

LINKS_CH1 = """<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">
<head><title>one</title></head><body>
<h1>Chapter one</h1>
<p>See the note<a epub:type="noteref" href="#n1">1</a> and <a href="ch2.xhtml#mid">the middle</a>.</p>
%s<aside epub:type="footnote" id="n1"><p>NOTE-ONE says this.</p></aside>
</body></html>""" % FILLER

LINKS_CH2 = """<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>two</title></head><body>
<h1>Chapter two</h1>
%s<p id="mid">MIDDLE-OF-TWO is here.</p>
%s</body></html>""" % (FILLER, FILLER)

LINKS_NAV = """<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">
<head><title>nav</title></head><body>
<nav epub:type="toc"><ol>
<li><a href="Text/ch1.xhtml">Part one</a><ol>
<li><a href="Text/ch1.xhtml#n1">The note</a></li></ol></li>
<li><a href="Text/ch2.xhtml">Part two</a><ol>
<li><a href="Text/ch2.xhtml#mid">Middle of two</a></li>
<li><a href="Text/gone.xhtml">Missing part</a></li></ol></li>
</ol></nav></body></html>"""

LINKS_NCX = """<?xml version="1.0"?>
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1"><navMap>
<navPoint id="a"><navLabel><text>NCX entry</text></navLabel><content src="Text/ch1.xhtml"/>
</navPoint></navMap></ncx>"""


def many(nchap=40, paras=300):
    """A book of nchap chapters of about 70 KB each, so that only the first is read at open, with
    a nav of every chapter's start and, last, a place in the middle of the last chapter."""
    opf = ['<?xml version="1.0"?>\n<package xmlns="http://www.idpf.org/2007/opf" version="3.0" '
           'unique-identifier="id">\n<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
           '<dc:title>Many chapters</dc:title><dc:language>en</dc:language></metadata>\n'
           '<manifest>\n<item id="nav" href="nav.xhtml" properties="nav" '
           'media-type="application/xhtml+xml"/>\n']
    nav = ['<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml" '
           'xmlns:epub="http://www.idpf.org/2007/ops"><head><title>nav</title></head><body>'
           '<nav epub:type="toc"><ol>\n']
    entries = []
    for c in range(1, nchap + 1):
        name = "Text/ch%02d.xhtml" % c
        opf.append('<item id="c%d" href="%s" media-type="application/xhtml+xml"/>\n' % (c, name))
        body = ["<h1>Chapter %d</h1>" % c]
        for k in range(paras):
            if c == nchap and k == paras // 2:
                body.append('<p id="mid">MID-LAST is here.</p>')
            body.append("<p>Filler of chapter %d, paragraph %d, there to make it long "
                        "enough to need a step of its own.</p>" % (c, k))
        entries.append(("OEBPS/" + name, '<?xml version="1.0"?>\n<html xmlns='
                        '"http://www.w3.org/1999/xhtml"><head><title>c</title></head><body>'
                        + "\n".join(body) + "</body></html>"))
        sub = ('<ol><li><a href="%s#mid">Middle of the last</a></li></ol>' % name
               if c == nchap else "")
        nav.append('<li><a href="%s">Chapter %d</a>%s</li>\n' % (name, c, sub))
    opf.append('</manifest>\n<spine>%s</spine>\n</package>' %
               "".join('<itemref idref="c%d"/>' % c for c in range(1, nchap + 1)))
    nav.append("</ol></nav></body></html>")
    return [("META-INF/container.xml", CONTAINER), ("OEBPS/content.opf", "".join(opf)),
            ("OEBPS/nav.xhtml", "".join(nav))] + entries


def book(path, entries, mimetype=True, stored_first=True):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        if mimetype:
            z.writestr("mimetype", "application/epub+zip", zipfile.ZIP_STORED)
        for name, data in entries:
            z.writestr(name, data)


def main():
    d = sys.argv[1]
    os.makedirs(d, exist_ok=True)
    good = [("META-INF/container.xml", CONTAINER), ("OEBPS/content.opf", OPF),
            ("OEBPS/text/ch1.xhtml", CH1), ("OEBPS/text/ch 2.xhtml", CH2)]
    book(os.path.join(d, "good.epub"), good)
    book(os.path.join(d, "nomime.epub"), good, mimetype=False)
    book(os.path.join(d, "nocontainer.epub"), good[1:])
    book(os.path.join(d, "badopf.epub"),
         [good[0], ("OEBPS/content.opf", "this is not XML <<<")] + good[2:])
    # A package document in a declared charset with bytes it has no character for.
    book(os.path.join(d, "badenc.epub"),
         [good[0], ("OEBPS/content.opf", b'<?xml version="1.0" encoding="ISO-8859-6"?>\n'
                    b'<package xmlns="http://www.idpf.org/2007/opf"><metadata><title>\xff\x7f'
                    b'</title></metadata></package>')] + good[2:])
    enc = """<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container"
 xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData>
<enc:EncryptionMethod Algorithm="%s"/>
<enc:CipherData><enc:CipherReference URI="OEBPS/text/ch1.xhtml"/></enc:CipherData>
</enc:EncryptedData></encryption>"""
    book(os.path.join(d, "drm.epub"),
         good + [("META-INF/encryption.xml", enc % "http://www.w3.org/2001/04/xmlenc#aes128-cbc")])
    book(os.path.join(d, "fonts.epub"),
         good + [("META-INF/encryption.xml", enc % "http://www.idpf.org/2008/embedding")])
    links = [("META-INF/container.xml", CONTAINER), ("OEBPS/content.opf", LINKS_OPF),
             ("OEBPS/nav.xhtml", LINKS_NAV), ("OEBPS/toc.ncx", LINKS_NCX),
             ("OEBPS/Text/ch1.xhtml", LINKS_CH1), ("OEBPS/Text/ch2.xhtml", LINKS_CH2)]
    book(os.path.join(d, "links.epub"), links)
    book(os.path.join(d, "many.epub"), many())
    with open(os.path.join(d, "good.epub"), "rb") as f:
        data = f.read()
    with open(os.path.join(d, "truncated.epub"), "wb") as f:
        f.write(data[: len(data) // 2])
    with open(os.path.join(d, "text.epub"), "w") as f:
        f.write("just some text, not a book\n")


main()
