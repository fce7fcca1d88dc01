"""Helpers shared by the news plugin tests: parsing pages, making images and dates."""
import datetime
import html
import io
import re

from portal_core.content import utcnow

SECTION = "/tin-tuc/"


def ago(days=0, hours=0):
    """A moment ``days``/``hours`` before now (negative values are in the future)."""
    return utcnow() - datetime.timedelta(days=days, hours=hours)


def listed_titles(page):
    """Titles of the articles in a section/category listing, in page order."""
    match = re.search(r'<ul class="listing news-listing">(.*?)</ul>', page.text, re.S)
    assert match, "no news listing on %s" % page.request.path
    return [html.unescape(t) for t in re.findall(r"<h2><a [^>]*>([^<]*)</a></h2>",
                                                 match.group(1))]


def block_titles(page):
    """Titles in the home page's "Tin mới" block, in order."""
    match = re.search(r'<section class="block news-latest">(.*?)</section>', page.text, re.S)
    assert match, "no 'Tin mới' block on the page"
    return [html.unescape(t) for t in re.findall(r'<li>\s*<a href="[^"]*">([^<]*)</a>',
                                                 match.group(1))]


def prevnext(page):
    """``{"prev": (href, title), "next": (href, title)}`` of an article page's links
    (empty when the article has no neighbour and the navigation is left out)."""
    assert "<article" in page.text, "not an article page"
    match = re.search(r'<nav class="prevnext"[^>]*>(.*?)</nav>', page.text, re.S)
    links = {}
    if not match:
        return links
    for href, rel, label, title in re.findall(
            r'<a href="([^"]*)" rel="(prev|next)">\s*<span>([^<]*)</span>:\s*([^<]*)</a>',
            match.group(1)):
        links[rel] = (href, html.unescape(title).strip(), label)
    return links


def related_titles(page):
    """Titles under "Tin liên quan" (empty when the block is absent)."""
    match = re.search(r'<section class="related">(.*?)</section>', page.text, re.S)
    if not match:
        return []
    return [html.unescape(t) for t in re.findall(r'<a href="[^"]*">([^<]*)</a>',
                                                 match.group(1))]


def image_bytes(fmt="PNG", size=(32, 24)):
    """A real small image made by Pillow."""
    from PIL import Image
    buf = io.BytesIO()
    Image.new("RGB", size, (180, 30, 40)).save(buf, fmt)
    return buf.getvalue()
