"""Helpers of the notices tests: sample documents and page parsing."""
import html
import re

from portal_core.testing import sample_document as office_zip

SECTION = "/thong-bao/"
PDF = office_zip("pdf")
OLE2 = office_zip("doc")


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
