"""Highlighted snippets: the part of a text around the words searched for, with those
words (accented or not) in ``<mark>``; everything else HTML-escaped."""
from markupsafe import Markup, escape

from ..text import fold
from .analysis import words

SNIPPET_CHARS = 240


def _marked(text, spans):
    out, last = [], 0
    for start, end in spans:
        out.append(escape(text[last:start]))
        out.append(Markup("<mark>%s</mark>") % text[start:end])
        last = end
    out.append(escape(text[last:]))
    return Markup("").join(out)


def highlight(text, parsed, size=SNIPPET_CHARS):
    """``text`` cut to about ``size`` characters around the first matches, with the
    matched words marked (safe markup)."""
    text = text or ""
    wanted = set(parsed.folded) if parsed else set()
    spans = [(s, e) for w, s, e in words(text) if fold(w) in wanted]
    begin = 0
    if spans and spans[0][0] > size // 3:
        begin = text.rfind(" ", 0, spans[0][0] - size // 4) + 1
    end = begin + size
    if end < len(text):
        cut = text.rfind(" ", begin, end)
        end = cut if cut > begin else end
    shown = [(s - begin, e - begin) for s, e in spans if s >= begin and e <= end]
    body = _marked(text[begin:end], shown)
    prefix = Markup("… ") if begin else Markup("")
    suffix = Markup(" …") if end < len(text) else Markup("")
    return prefix + body + suffix
