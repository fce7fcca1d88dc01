"""Vietnamese text helpers: NFC normalisation, diacritic folding, slugs, HTML sanitising.

Pure functions; they read and write nothing but their arguments.
"""
import re
import unicodedata

import nh3

_D_MAP = str.maketrans({"đ": "d", "Đ": "D"})
_NON_SLUG = re.compile(r"[^a-z0-9]+")
SLUG_MAX = 80
VALID_NAME = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?$")

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "sub", "sup", "blockquote",
    "ul", "ol", "li", "h2", "h3", "h4", "a", "img", "figure", "figcaption",
    "table", "thead", "tbody", "tr", "th", "td", "caption", "hr", "span", "div",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}


def nfc(value):
    """Return ``value`` in Unicode NFC (the form Vietnamese text is stored in)."""
    return unicodedata.normalize("NFC", value or "")


def fold(value):
    """Lower-case ``value`` and strip its diacritics; đ/Đ become d (no decomposition exists)."""
    decomposed = unicodedata.normalize("NFD", (value or "").translate(_D_MAP))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped).lower()


def slugify(value, max_length=SLUG_MAX):
    """Make a URL name from a Vietnamese title: ``"Chợ Đồn"`` → ``"cho-don"``."""
    slug = _NON_SLUG.sub("-", fold(value)).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug.strip("-")


def is_valid_name(name):
    """True when ``name`` may be used as a content id (ASCII slug, no dots, no ``@@``)."""
    return bool(VALID_NAME.match(name or ""))


def sanitize_html(html):
    """Keep only safe formatting markup from rich-text input (scripts, styles, handlers go)."""
    return nh3.clean(
        nfc(html),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    )


def plain_text(html):
    """Strip all markup, leaving the text content (for summaries and search)."""
    return re.sub(r"\s+", " ", nh3.clean(html or "", tags=set())).strip()
