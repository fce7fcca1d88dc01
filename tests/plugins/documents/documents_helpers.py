"""Helpers of the documents plugin tests: sample files and page parsing."""
import html
import re

from portal_core.testing import sample_document

SECTION = "/van-ban/"


def pdf_bytes(pad=0):
    """A minimal PDF (only the magic matters to the check), ``pad`` bytes longer."""
    return sample_document("pdf", pad)


def docx_bytes():
    return sample_document("docx")


def odt_bytes():
    return sample_document("odt")


def table_numbers(page):
    """Numbers in the lookup table, in page order."""
    match = re.search(r'<table class="documents">(.*?)</table>', page.text, re.S)
    if not match:
        return []
    return [html.unescape(n) for n in re.findall(
        r'<td class="number"><a [^>]*>([^<]*)</a></td>', match.group(1))]


def relation_lines(page):
    """``(class, label, number)`` of the related documents on a document page."""
    match = re.search(r'<section class="relations">(.*?)</section>', page.text, re.S)
    if not match:
        return []
    return [(cls, html.unescape(label), html.unescape(number)) for cls, label, number in
            re.findall(r'<li class="(forward|backward)"><span>([^<]*)</span>:\s*'
                       r'<a href="[^"]*">([^<]*)</a>', match.group(1))]


def form_error(page):
    """The text of the form's inline errors."""
    return " ".join(html.unescape(e) for e in re.findall(
        r'<p class="invalid-feedback"[^>]*>(.*?)</p>', page.text, re.S))
