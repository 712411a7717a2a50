#!/usr/bin/env python3
"""Writes advisory.pdf (a two-page PDF with one text line per page, standard Helvetica, exact
xref offsets) and corrupt.pdf (its first 300 bytes followed by garbage), the search tests'
fixtures. Run from this folder: python3 make_pdf.py"""

PAGES = ["Fall armyworm control with neem extract", "Irrigate maize every seven days"]


def pdf(pages):
    objs = ["<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [%s] /Count %d >>" % (
                " ".join("%d 0 R" % (4 + 2 * i) for i in range(len(pages))), len(pages)),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    for i, text in enumerate(pages):
        stream = "BT /F1 18 Tf 72 720 Td (%s) Tj ET" % text
        objs.append("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                    "/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (5 + 2 * i))
        objs.append("<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    objs.append("<< /Title (Maize advisory) >>")
    out = b"%PDF-1.4\n"
    offsets = []
    for n, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += ("%d 0 obj\n%s\nendobj\n" % (n, body)).encode("latin-1")
    xref = len(out)
    out += ("xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)).encode()
    for off in offsets:
        out += ("%010d 00000 n \n" % off).encode()
    out += ("trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objs) + 1, len(objs), xref)).encode()
    return out


good = pdf(PAGES)
with open("advisory.pdf", "wb") as f:
    f.write(good)
with open("corrupt.pdf", "wb") as f:
    f.write(good[:300] + bytes(range(256)) * 4)
