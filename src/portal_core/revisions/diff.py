"""Field-by-field differences between two sets of values (two revisions, or the stored item
and what an editor typed). Pure functions: they read their arguments and the type
registry, and return plain rows for a template (which escapes them)."""
import datetime
import difflib
import html
import re

from deform.widget import RichTextWidget

from ..dates import format_datetime
from ..text import plain_text
from .api import is_file, schema_fields

MAX_TOKENS = 30_000       # beyond this, a text is shown as replaced, not diffed word by word
_TOKENS = re.compile(r"\s+|[^\s]+")
_BLOCK_END = re.compile(r"(</(?:p|h[1-6]|li|ul|ol|blockquote|tr|table|figure|div)>|<br\s*/?>)",
                        re.I)


def display(value):
    """``value`` as text for a page: dates in Vietnam time, lists joined, files by name."""
    if value is None or value == "" or value == ():
        return "—"
    if isinstance(value, datetime.datetime):
        return format_datetime(value)
    if is_file(value):
        return "%s (%d KB)" % (value.filename, max(1, value.size // 1024))
    if isinstance(value, (tuple, list, set, frozenset)):
        return ", ".join(str(v) for v in value)
    return str(value)


def word_diff(old, new):
    """``[(op, text)]`` with op ``same``, ``del`` or ``ins``: ``old`` → ``new`` by words."""
    a, b = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    if len(a) + len(b) > MAX_TOKENS:
        return [(op, text) for op, text in (("del", old), ("ins", new)) if text]
    parts = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append(("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(("del", "".join(a[i1:i2])))
        if j2 > j1:
            parts.append(("ins", "".join(b[j1:j2])))
    return parts


def _text(html_value):
    """The words of rich text: one space between blocks, entities decoded (the page
    escapes them again)."""
    return html.unescape(plain_text(_BLOCK_END.sub(r"\1 ", html_value or "")))


def _html_lines(html_value):
    return [line for line in _BLOCK_END.sub(r"\1\n", html_value or "").splitlines()
            if line.strip()]


def html_diff(old, new):
    """``[(op, line)]`` of a unified diff of the raw HTML, one block element a line."""
    lines = difflib.unified_diff(_html_lines(old), _html_lines(new), lineterm="", n=1)
    rows = []
    for line in lines:
        if line.startswith(("---", "+++")):
            continue
        op = {"+": "ins", "-": "del", "@": "hunk"}.get(line[:1], "same")
        rows.append((op, line if op == "hunk" else line[1:]))
    return rows


def _is_rich_text(node):
    return isinstance(getattr(node, "widget", None), RichTextWidget)


def _empty(value):
    return value is None or value == "" or value == ()


def diff_values(registry, type_name, old, new):
    """Rows for the type's fields whose value differs between the mappings ``old`` and
    ``new``, in schema order, and the titles of the fields that are the same.

    A row is ``{"name", "title", "old", "new", "words", "html"}``: ``words`` is a word diff
    of text (of the plain text for rich-text fields), ``html`` a line diff of the raw HTML.
    """
    rows, same = [], []
    for name, node in schema_fields(registry, type_name):
        a, b = old.get(name), new.get(name)
        if a is b or a == b or (_empty(a) and _empty(b)):
            same.append(node.title)
            continue
        row = {"name": name, "title": node.title, "old": display(a), "new": display(b),
               "words": None, "html": None}
        texts = all(v is None or isinstance(v, str) for v in (a, b))
        if texts and _is_rich_text(node):
            row["words"] = word_diff(_text(a), _text(b))
            row["html"] = html_diff(a, b)
        elif texts:
            row["words"] = word_diff(a, b)
        rows.append(row)
    return rows, same
