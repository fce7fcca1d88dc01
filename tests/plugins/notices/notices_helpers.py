"""Helpers of the notices tests: sample documents and page parsing."""
import html
import io
import re
import zipfile

SECTION = "/thong-bao/"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def office_zip(kind):
    """A minimal DOCX/XLSX/ODT container (what the checks look at)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        if kind == "docx":
            archive.writestr("word/document.xml", "<w:document/>")
        elif kind == "xlsx":
            archive.writestr("xl/workbook.xml", "<workbook/>")
        else:
            archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
            archive.writestr("content.xml", "<office:document-content/>")
        archive.writestr("[Content_Types].xml", "<Types/>")
    return buf.getvalue()


def listed_titles(page):
    match = re.search(r'<ul class="listing notices-listing">(.*?)</ul>', page.text, re.S)
    assert match, "no notices listing on %s" % page.request.path
    return [html.unescape(t) for t in re.findall(r"<h2><a [^>]*>([^<]*)</a></h2>",
                                                 match.group(1))]


def block_titles(page):
    match = re.search(r'<section class="block notices-latest">(.*?)</section>', page.text,
                      re.S)
    assert match, "no 'Thông báo' block on the page"
    return [html.unescape(t) for t in re.findall(r'<li>\s*<a href="[^"]*">([^<]*)</a>',
                                                 match.group(1))]
