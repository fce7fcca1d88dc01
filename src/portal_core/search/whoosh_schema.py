"""The Whoosh schema and analyzers of the portal index.

Matching uses folded fields (no diacritics, đ → d); ``*_x`` fields keep the diacritics
and are used only to rank exact matches first. ``SCHEMA_HASH`` changes whenever the
schema or the analysis does, so a stale index is detected at start-up.
"""
import datetime
import hashlib

from whoosh import fields
from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, Tokenizer

from ..text import fold, nfc
from .analysis import WORD

ANALYSIS_VERSION = "vi-2"
NEVER = datetime.datetime(9999, 1, 1)


class NfcTokenizer(Tokenizer):
    """Splits NFC-normalised text into words (decomposed input is composed first)."""

    def __init__(self):
        self.inner = RegexTokenizer(WORD.pattern)

    def __eq__(self, other):
        return type(other) is type(self)

    def __call__(self, value, **kw):
        return self.inner(nfc(value), **kw)


class FoldFilter(Filter):
    """Strips diacritics from lower-cased tokens (đ → d)."""

    def __eq__(self, other):
        return type(other) is type(self)

    def __call__(self, tokens):
        for token in tokens:
            token.text = fold(token.text)
            yield token


def exact_analyzer():
    return NfcTokenizer() | LowercaseFilter()


def folded_analyzer():
    return NfcTokenizer() | LowercaseFilter() | FoldFilter()


def make_schema():
    folded, exact = folded_analyzer(), exact_analyzer()
    schema = fields.Schema(
        uid=fields.ID(unique=True, stored=True),
        path=fields.ID(stored=True),
        site=fields.ID(stored=True, sortable=True),
        section=fields.ID(stored=True, sortable=True),
        plugin=fields.ID(stored=True),
        type=fields.ID(stored=True, sortable=True),
        year=fields.ID(stored=True, sortable=True),
        state=fields.ID(stored=True),
        creator=fields.ID(stored=True),
        lineage=fields.KEYWORD(),
        codes=fields.KEYWORD(stored=True),
        title=fields.TEXT(analyzer=folded, stored=True, field_boost=3.0),
        title_x=fields.TEXT(analyzer=exact, field_boost=2.0),
        text=fields.TEXT(analyzer=folded, stored=True),
        text_x=fields.TEXT(analyzer=exact),
        all=fields.TEXT(analyzer=folded),
        date=fields.DATETIME(stored=True, sortable=True),
        effective=fields.DATETIME(),
        expires=fields.DATETIME(),
        public=fields.BOOLEAN(),
        deleted=fields.BOOLEAN(stored=True),
        version=fields.NUMERIC(bits=64, stored=True, signed=True),
    )
    schema.add("facet_*", fields.ID(stored=True, sortable=True), glob=True)
    return schema


def schema_hash(schema):
    """A fingerprint of the schema's fields, their types and analyzers."""
    parts = [ANALYSIS_VERSION]
    for name, field in sorted(schema.items()):
        analyzer = getattr(field, "analyzer", None)
        parts.append("%s:%s:%r" % (name, type(field).__name__,
                                   [type(a).__name__ for a in getattr(analyzer, "items", [])]))
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def to_whoosh(doc):
    """The Whoosh fields of a portal search document."""
    if doc.get("deleted"):
        return {"uid": doc["uid"], "deleted": True, "version": doc["version"]}
    fields_ = {
        "uid": doc["uid"], "path": doc["path"], "site": doc["site"],
        "section": doc["section"] or "-", "plugin": doc["plugin"] or "-",
        "type": doc["type"], "year": str(doc["year"]), "state": doc["state"] or "-",
        "creator": doc["creator"] or "-", "lineage": " ".join(doc["lineage"]),
        "codes": " ".join(doc["codes"]),
        "title": doc["title"], "title_x": doc["title"], "text": doc["text"],
        "text_x": doc["text"], "all": doc["title"] + " " + doc["text"],
        "date": _naive(doc["date"]), "effective": _naive(doc["effective"]) or
        datetime.datetime(1970, 1, 1), "expires": _naive(doc["expires"]) or NEVER,
        "public": bool(doc["public"]), "deleted": False, "version": doc["version"],
    }
    for name, value in doc.get("facets", {}).items():
        fields_["facet_" + name] = value
    return fields_


def from_whoosh(stored):
    """The stored part of a Whoosh document, as a portal search document."""
    doc = dict(stored)
    doc["codes"] = (doc.get("codes") or "").split()
    doc["date"] = _aware(doc.get("date"))
    for key in ("section", "plugin", "state", "creator"):
        if doc.get(key) == "-":
            doc[key] = ""
    doc["facets"] = {k[6:]: v for k, v in stored.items() if k.startswith("facet_")}
    return doc


def _naive(value):
    """Whoosh stores naive datetimes: UTC without tzinfo."""
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return value


def _aware(value):
    return value.replace(tzinfo=datetime.timezone.utc) if value is not None else None
