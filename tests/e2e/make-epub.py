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
    enc = """<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container"
 xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData>
<enc:EncryptionMethod Algorithm="%s"/>
<enc:CipherData><enc:CipherReference URI="OEBPS/text/ch1.xhtml"/></enc:CipherData>
</enc:EncryptedData></encryption>"""
    book(os.path.join(d, "drm.epub"),
         good + [("META-INF/encryption.xml", enc % "http://www.w3.org/2001/04/xmlenc#aes128-cbc")])
    book(os.path.join(d, "fonts.epub"),
         good + [("META-INF/encryption.xml", enc % "http://www.idpf.org/2008/embedding")])
    with open(os.path.join(d, "good.epub"), "rb") as f:
        data = f.read()
    with open(os.path.join(d, "truncated.epub"), "wb") as f:
        f.write(data[: len(data) // 2])
    with open(os.path.join(d, "text.epub"), "w") as f:
        f.write("just some text, not a book\n")


main()
