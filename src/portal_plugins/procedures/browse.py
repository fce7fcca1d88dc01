"""Browsing a section's published procedures by field, level and words, read from the
query string. Unknown or malformed values are ignored and reported to the visitor
(``problems``), never an error page.

The filtering and counting are done in Python over the section's listing (public, live
procedures only): a unit publishes a few hundred procedures, and ``MAX_SCAN`` bounds
the work. Results are sorted by field, then name.
"""
from dataclasses import dataclass, field

from portal_core.text import fold, nfc

from .resources import LEVELS

PAGE_SIZE = 20
MAX_SCAN = 3000
VALUE_MAX = 200
MAX_PAGE = 1000
FILTERS = ("field", "level", "q")


def _text(params, name):
    value = params.get(name, "")
    value = " ".join(nfc(value).split()) if isinstance(value, str) else ""
    return value if len(value) <= VALUE_MAX else None


@dataclass
class Browse:
    """The browse request as understood: ``filters``, ``page`` and the names of the
    parameters that were ignored (``problems``)."""

    filters: dict = field(default_factory=dict)
    page: int = 1
    problems: list = field(default_factory=list)

    @classmethod
    def from_params(cls, params, fields):
        """Read ``params``; a field must be one of ``fields``, a level one of LEVELS."""
        browse = cls()
        for name in FILTERS:
            value = _text(params, name)
            if value is None:
                browse.problems.append(name)
            elif value:
                browse.filters[name] = value
        if "level" in browse.filters and browse.filters["level"] not in dict(LEVELS):
            browse.problems.append("level")
            del browse.filters["level"]
        if "field" in browse.filters and browse.filters["field"] not in fields:
            browse.problems.append("field")
            del browse.filters["field"]
        raw = params.get("page", "1")
        if not (isinstance(raw, str) and raw.isdigit() and 1 <= int(raw) <= MAX_PAGE):
            browse.problems.append("page")
            raw = "1"
        browse.page = int(raw)
        return browse

    def params(self, **changes):
        """Query-string pairs of this browse with ``changes`` (None removes a filter);
        page 1 and empty filters are left out, so equal views have equal URLs."""
        values = dict(self.filters, page=self.page)
        values.update(changes)
        return [(k, values[k]) for k in FILTERS + ("page",)
                if values.get(k) not in (None, "") and not (k == "page" and values[k] == 1)]

    def matches(self, procedure, skip=None):
        """True when ``procedure`` passes every filter but ``skip``."""
        f = self.filters
        if skip != "field" and "field" in f and procedure.field != f["field"]:
            return False
        if skip != "level" and "level" in f and procedure.level != f["level"]:
            return False
        if "q" in f:
            haystack = fold(" ".join((procedure.title, procedure.code, procedure.agency,
                                      procedure.description)))
            if not all(word in haystack for word in fold(f["q"]).split()):
                return False
        return True


def sort_key(procedure):
    return (fold(procedure.field), fold(procedure.title), procedure.uid)


@dataclass
class Result:
    items: list
    total: int
    pages: int
    field_counts: list      # [(field, count)] in the section's order
    level_counts: list      # [(value, label, count)]


def run(section, browse):
    """The page of procedures and the counts per field and per level (each counted
    under the other filters, so the counts say what a click will show)."""
    live = section.listing.latest(MAX_SCAN)
    found = sorted((p for p in live if browse.matches(p)), key=sort_key)
    by_field, by_level = {}, {}
    for procedure in live:
        if browse.matches(procedure, skip="field"):
            by_field[procedure.field] = by_field.get(procedure.field, 0) + 1
        if browse.matches(procedure, skip="level"):
            by_level[procedure.level] = by_level.get(procedure.level, 0) + 1
    fields = list(section.fields) + sorted(set(by_field) - set(section.fields))
    pages = max(1, -(-len(found) // PAGE_SIZE))
    browse.page = min(browse.page, pages)
    start = (browse.page - 1) * PAGE_SIZE
    return Result(items=found[start:start + PAGE_SIZE], total=len(found), pages=pages,
                  field_counts=[(f, by_field[f]) for f in fields if by_field.get(f)],
                  level_counts=[(value, label, by_level.get(value, 0))
                                for value, label in LEVELS])
