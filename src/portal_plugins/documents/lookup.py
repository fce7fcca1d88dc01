"""Tra cứu văn bản: filters, sort and paging of a section's published documents, read
from the query string (every value optional, bad values ignored, never an error).

The filtering is done in Python over the section's listing (public, live documents
only): fine for the few thousand documents a unit publishes; the search page covers
larger needs with the full-text index.
"""
import datetime
import re
from dataclasses import dataclass, field

from portal_core.search.analysis import normalize_code
from portal_core.text import fold, nfc

PAGE_SIZE = 20
MAX_SCAN = 5000
VALUE_MAX = 200
SORTS = ("issued", "number")
ORDERS = ("desc", "asc")
FILTERS = ("type", "agency", "field", "year", "number", "q")
_DIGITS = re.compile(r"(\d+)")


def _text(params, name):
    value = params.get(name, "")
    value = nfc(value).strip() if isinstance(value, str) else ""
    return " ".join(value.split()) if len(value) <= VALUE_MAX else ""


@dataclass
class Lookup:
    """The lookup request as understood: filters, sort, order, page and the problems
    found in it (shown to the visitor, never an error page)."""

    filters: dict = field(default_factory=dict)
    sort: str = "issued"
    order: str = "desc"
    page: int = 1
    problems: list = field(default_factory=list)

    @classmethod
    def from_params(cls, params):
        lookup = cls()
        for name in FILTERS:
            value = _text(params, name)
            if value:
                lookup.filters[name] = value
        year = lookup.filters.get("year")
        if year is not None:
            if not (year.isdigit() and 1900 <= int(year) <= 2100):
                lookup.problems.append("year")
                del lookup.filters["year"]
        if params.get("sort") in SORTS:
            lookup.sort = params["sort"]
        if params.get("order") in ORDERS:
            lookup.order = params["order"]
        try:
            lookup.page = max(1, min(int(params.get("page", 1)), 10000))
        except (TypeError, ValueError):
            lookup.page = 1
        return lookup

    def params(self, **changes):
        """The query-string parameters of this lookup with ``changes`` (None removes);
        defaults are left out so that equal lookups have equal URLs."""
        values = dict(self.filters)
        values.update(sort=self.sort, order=self.order, page=self.page)
        values.update(changes)
        defaults = {"sort": "issued", "order": "desc", "page": 1}
        return [(k, values[k]) for k in FILTERS + ("sort", "order", "page")
                if values.get(k) not in (None, "") and defaults.get(k) != values[k]]

    def matcher(self):
        """A predicate over documents for the filters."""
        f = self.filters
        year = int(f["year"]) if "year" in f else None
        number = normalize_code(f["number"]) if "number" in f else None
        words = fold(f["q"]).lower().split() if "q" in f else ()

        def match(doc):
            if "type" in f and doc.doc_type != f["type"]:
                return False
            if "agency" in f and doc.agency != f["agency"]:
                return False
            if "field" in f and doc.field != f["field"]:
                return False
            if year is not None and doc.year != year:
                return False
            if number is not None and not normalize_code(doc.number).startswith(number):
                return False
            if words:
                haystack = fold(" ".join((doc.title, doc.description, doc.number,
                                          doc.signer, doc.agency, doc.doc_type))).lower()
                if not all(w in haystack for w in words):
                    return False
            return True
        return match

    def sort_key(self):
        if self.sort == "number":
            def key(doc):
                parts = _DIGITS.split(normalize_code(doc.number))
                return ([(0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts],
                        doc.uid)
            return key
        return lambda doc: (doc.issue_date or datetime.date.min, doc.number, doc.uid)


def run(section, lookup):
    """``(documents of the page, total, pages)``; the page is clamped to the last one."""
    found = section.listing.latest(MAX_SCAN, where=lookup.matcher())
    found.sort(key=lookup.sort_key(), reverse=lookup.order == "desc")
    pages = max(1, -(-len(found) // PAGE_SIZE))
    lookup.page = min(lookup.page, pages)
    start = (lookup.page - 1) * PAGE_SIZE
    return found[start:start + PAGE_SIZE], len(found), pages
