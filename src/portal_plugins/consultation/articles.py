"""The structure of a draft: lines such as "Chương I. Những quy định chung" or "Điều 1.
Phạm vi điều chỉnh", parsed into selectable parts with stable keys."""
import re

from portal_core.text import nfc, slugify

#: Heading words and their nesting level (for indentation only).
KINDS = {"Phần": 0, "Chương": 1, "Phụ lục": 1, "Mục": 2, "Tiểu mục": 3, "Điều": 4}
HEADING = re.compile(
    r"^(?P<kind>Phần|Chương|Phụ lục|Tiểu mục|Mục|Điều)\s+"
    r"(?P<number>thứ\s+[^\s.:]+|[0-9]+[a-zđ]?|[IVXLCDM]+[a-zđ]?)(?=$|[\s.:])",
    re.IGNORECASE)
MAX_LINES = 300
MAX_LINE = 250


def clean_lines(text):
    """The non-empty lines of ``text``: NFC, single spaces."""
    return [" ".join(nfc(line).split()) for line in (text or "").splitlines()
            if line.strip()]


def heading(line):
    """``(kind, number)`` of a structure line, or None when it is not a heading."""
    match = HEADING.match(line)
    if match is None:
        return None
    kind = next(k for k in KINDS if k.lower() == match.group("kind").lower())
    return kind, " ".join(match.group("number").split())


def parse_structure(lines):
    """``[(key, label, level)]`` for valid lines. Keys are slugs of the heading ("dieu-3",
    "chuong-ii"); a Mục or Tiểu mục is prefixed by its chapter ("chuong-ii-muc-1") since
    their numbers restart in each chapter. Lines that are not headings are skipped."""
    parts, chapter = [], ""
    for line in lines:
        found = heading(line)
        if found is None:
            continue
        kind, number = found
        key = slugify("%s %s" % (kind, number))
        if kind in ("Chương", "Phần", "Phụ lục"):
            chapter = key if kind == "Chương" else ""
        elif kind in ("Mục", "Tiểu mục") and chapter:
            key = "%s-%s" % (chapter, key)
        parts.append((key, line, KINDS[kind]))
    return parts
