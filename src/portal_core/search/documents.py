"""From content objects to search documents, as each type declares.

A type is searchable when its ``TypeInfo`` carries ``search=Searchable(...)``: which
attributes hold its text, which hold document numbers, and which are facets.
"""
import time
from dataclasses import dataclass

from pyramid.traversal import resource_path

from ..dates import VIETNAM
from ..interfaces import ISection, ISite
from ..text import nfc, plain_text
from ..workflow import state_of
from .analysis import codes as find_codes
from .analysis import normalize_code

#: Stored text is cut here (snippets come from the beginning of long documents).
MAX_TEXT = 20000


@dataclass(frozen=True)
class Facet:
    """A type's own facet: ``name`` (a stable key), its ``title`` and the attribute (or a
    callable taking the object) that gives the value."""

    name: str
    title: str
    attribute: object


@dataclass(frozen=True)
class Searchable:
    """How a type is searched: ``text`` attributes (HTML is stripped), ``codes``
    attributes holding document numbers (found exactly), and ``facets``."""

    text: tuple = ("description", "body")
    codes: tuple = ()
    facets: tuple = ()


def new_version():
    """A version stamp for a document computed now (later writes carry larger stamps)."""
    return time.time_ns()


def searchable_of(obj, registry):
    """The ``Searchable`` of ``obj``'s type, or None."""
    info = registry.portal_types.get(getattr(obj, "type_name", None))
    return getattr(info, "search", None) if info is not None else None


def _value(obj, attribute):
    value = attribute(obj) if callable(attribute) else getattr(obj, attribute, None)
    return value


def _path(obj):
    return resource_path(obj) or "/"


def _ancestor(obj, iface):
    node = obj.__parent__
    while node is not None and not iface.providedBy(node):
        node = node.__parent__
    return node


def document_for(obj, registry, version=None):
    """The search document of ``obj`` (a dict), or None when its type is not searchable."""
    spec = searchable_of(obj, registry)
    if spec is None:
        return None
    texts = [plain_text(_value(obj, name) or "") for name in spec.text]
    texts.append(obj.former_unit or "")
    text = nfc(" ".join(t for t in texts if t))[:MAX_TEXT]
    declared = [normalize_code(c) for name in spec.codes
                for c in _as_list(_value(obj, name)) if c]
    found = find_codes(obj.title) + find_codes(text)
    site, section = _ancestor(obj, ISite), _ancestor(obj, ISection)
    state = state_of(obj, registry)
    info = registry.portal_types.get(obj.type_name)
    date = obj.effective or obj.created
    lineage = []
    node = obj
    while node is not None:
        if getattr(node, "uid", None):
            lineage.append(node.uid)
        node = node.__parent__
    return {
        "uid": obj.uid,
        "path": _path(obj),
        "site": _path(site) if site is not None else "/",
        "section": _path(section) if section is not None else "",
        "plugin": info.plugin or "",
        "type": obj.type_name,
        "title": nfc(obj.title),
        "text": text,
        "codes": list(dict.fromkeys(declared + found)),
        "date": date,
        "year": date.astimezone(VIETNAM).year if date else 0,
        "effective": obj.effective,
        "expires": obj.expires,
        "state": "%s:%s" % (info.workflow, state.name) if state is not None else "",
        "public": state is None or bool(state.public),
        "creator": obj.creator or "",
        "lineage": lineage,
        "facets": {f.name: nfc(str(v)) for f in spec.facets
                   for v in [_value(obj, f.attribute)] if v not in (None, "")},
        "version": version or new_version(),
        "deleted": False,
    }


def tombstone(uid, version=None):
    """A document that hides ``uid`` (a deletion that an older write cannot undo)."""
    return {"uid": uid, "deleted": True, "version": version or new_version()}


def _as_list(value):
    if value is None:
        return []
    if isinstance(value, (list, tuple, set, frozenset)):
        return list(value)
    return [value]
