"""Helpers of the procedures plugin tests: sample files and page parsing."""
import html
import re

from portal_core.testing import sample_document

SECTION = "/thu-tuc-hanh-chinh/"
PDF = sample_document("pdf")
DOCX = sample_document("docx")


def table_codes(page):
    """Procedure codes in the browse table, in page order."""
    match = re.search(r'<table class="procedures">(.*?)</table>', page.text, re.S)
    if not match:
        return []
    return re.findall(r'<td class="code">([^<]*)</td>', match.group(1))


def facet_counts(page, kind):
    """``{label: count}`` of the ``levels`` or ``fields`` facet links."""
    match = re.search(r'<ul class="%s">(.*?)</ul>' % kind, page.text, re.S)
    assert match, "no %s facet on %s" % (kind, page.request.path)
    return {html.unescape(label): int(count) for label, count in re.findall(
        r'<a [^>]*>([^<]*)</a> <span class="count">\((\d+)\)</span>', match.group(1))}


def form_error(page):
    """The text of the form's inline errors."""
    return " ".join(html.unescape(e) for e in re.findall(
        r'<p class="invalid-feedback"[^>]*>(.*?)</p>', page.text, re.S))
