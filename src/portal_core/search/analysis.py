"""Vietnamese text analysis for search: NFC, lower case, diacritic folding (đ → d) and
document numbers ("15/2021/QĐ-UBND") kept whole.

The same functions analyse indexed text and typed queries, so both sides always agree.
Backend-neutral: the Whoosh analyzers wrap these, and another backend can reuse them.
"""
import re

from ..text import fold, nfc

WORD = re.compile(r"\w+")
#: A document number: word characters joined by / . - with at least one "/" in it.
#: Spaces are allowed around "/" only ("15 / 2021"): around "." and "-" they would glue
#: a number to the next sentence ("QĐ-UBND. Theo") or to a word before a dash. It never
#: starts inside a word or right after a separator (linear time on long texts).
CODE = re.compile(r"(?<![\w./-])\w+(?:[.\-]\w+)*(?:\s*/\s*\w+(?:[.\-]\w+)*)+")
_CODE_SPACES = re.compile(r"\s+")
_TAIL = re.compile(r"\s*\S*$")
MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 12


def normalize_code(value):
    """A document number in its indexed form: NFC, no spaces, folded (``qd-ubnd``)."""
    return fold(_CODE_SPACES.sub("", nfc(value)))


def words(text):
    """``(word, start, end)`` for every word of NFC ``text``, lower-cased, accents kept."""
    return [(m.group().lower(), m.start(), m.end()) for m in WORD.finditer(text)]


def codes(text):
    """The document numbers found in ``text``, normalised."""
    return [normalize_code(m.group()) for m in CODE.finditer(nfc(text or ""))]


class ParsedQuery:
    """A typed query split into what the backends search for.

    ``words``: lower-cased words with their diacritics (for ranking);
    ``folded``: the same words folded (for matching); ``codes``: document numbers
    (matched exactly, or as the beginning of a longer number); ``prefix``: the folded
    last word when the query ends in it (not in a space, a number or past the limits;
    for search-as-you-type); ``truncated``: the query was longer than the limits.
    """

    def __init__(self, text):
        raw = nfc(text or "").strip()
        self.truncated = len(raw) > MAX_QUERY_CHARS
        if self.truncated:  # cut between words: a half word would have to match too
            raw = _TAIL.sub("", raw[:MAX_QUERY_CHARS + 1]) or raw[:MAX_QUERY_CHARS]
        self.text = raw
        self.codes = []
        rest = raw
        for match in CODE.finditer(raw):
            self.codes.append(normalize_code(match.group()))
            rest = rest.replace(match.group(), " ")
        self.codes = list(dict.fromkeys(self.codes))
        found = [w for w, _, _ in words(rest)]
        last_is_word = bool(found) and rest.rstrip() == rest and \
            raw.lower().endswith(found[-1]) and not text.endswith(" ")
        if len(found) > MAX_QUERY_WORDS:
            self.truncated = True
            found = found[:MAX_QUERY_WORDS]
            last_is_word = False
        self.words = list(dict.fromkeys(found))
        self.folded = list(dict.fromkeys(fold(w) for w in self.words))
        self.prefix = fold(found[-1]) if last_is_word else ""

    @property
    def has_accents(self):
        """True when the visitor typed diacritics (then exact matches rank first)."""
        return any(fold(w) != w for w in self.words)

    def __bool__(self):
        return bool(self.words or self.codes)

    def __repr__(self):
        return "<ParsedQuery words=%r codes=%r>" % (self.words, self.codes)
