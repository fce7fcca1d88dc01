"""Legal basis and announcing decision: lines "number - title" typed by the editor,
turned into links at display time when a public, live item of a type that declares
document numbers (a legal document) has exactly that number. The plugin knows no other
plugin: it asks the core search index, then checks the item in the database."""
import re
from dataclasses import dataclass

from pyramid.traversal import find_resource, find_root, resource_path

from portal_core.caching import UntilCommit
from portal_core.content import utcnow
from portal_core.plugins import find_site, is_available
from portal_core.search import Access, ParsedQuery, SearchQuery, search_backend
from portal_core.search.analysis import normalize_code
from portal_core.workflow import is_public

#: Lines resolved per page at the most (each is one index query).
MAX_LINKS = 30
_LINE = re.compile(r"^\s*(\S+)(?:\s+[-–:]?\s*(.*))?$")


@dataclass(frozen=True)
class Reference:
    """A typed reference: ``number``, ``title`` (may be empty) and the ``target`` item
    it resolved to (None: shown as plain text)."""

    number: str
    title: str = ""
    target: object = None


def split(line):
    """``"15/2021/QĐ-UBND - Quyết định ..."`` → ``("15/2021/QĐ-UBND", "Quyết định ...")``."""
    match = _LINE.match(line or "")
    if not match:
        return "", ""
    return match.group(1), (match.group(2) or "").strip()


def _declares(obj, registry, key):
    """True when one of the code attributes ``obj``'s type declares is ``key``."""
    info = registry.portal_types.get(getattr(obj, "type_name", None))
    spec = getattr(info, "search", None)
    for name in getattr(spec, "codes", ()) or ():
        value = getattr(obj, name, None)
        values = value if isinstance(value, (tuple, list)) else (value,)
        if any(isinstance(v, str) and normalize_code(v) == key for v in values):
            return True
    return False


def _found_paths(registry):
    """The app's cache of resolved numbers (one per app: each has its own database)."""
    cache = getattr(registry, "procedures_legal_paths", None)
    if cache is None:
        cache = registry.procedures_legal_paths = UntilCommit()
    return cache


def find_public(request, number):
    """The public, live item whose declared number is ``number`` (one of this site's
    first, else any site's), or None. The path found is kept until the next commit or
    60 s (``UntilCommit``), so a page with many lines costs one search per line only
    once; the item itself is looked up in this request's connection."""
    root = find_root(request.context)
    here = find_site(request.context)
    key = (normalize_code(number), resource_path(here))
    path = _found_paths(request.registry).get(
        request, key, lambda: _search_public(request, number, root, here))
    if path is None:
        return None
    try:
        return find_resource(root, path)
    except KeyError:
        return None


def _search_public(request, number, root, here):
    """The path of what ``find_public`` returns, or None: reads the search index, then
    checks each hit in the database."""
    key = normalize_code(number)
    parsed = ParsedQuery(number)
    if not key or parsed.codes != [key]:
        return None
    access = Access(now=utcnow().replace(second=0, microsecond=0))
    results = search_backend(request.registry).search(
        SearchQuery(parsed=parsed, access=access, page_size=20))
    found = []
    for hit in results.hits:
        if key not in (hit["codes"] or ()):
            continue
        try:
            obj = find_resource(root, hit["path"])
        except KeyError:
            continue
        if (is_available(obj, request.registry) and is_public(obj, request.registry)
                and obj.is_live() and _declares(obj, request.registry, key)):
            found.append(obj)
    found.sort(key=lambda obj: find_site(obj) is not here)
    return resource_path(found[0]) if found else None


def references(request, lines):
    """``Reference`` of each line, the first ``MAX_LINKS`` looked up."""
    out = []
    for position, line in enumerate(lines):
        number, title = split(line)
        if not number:
            continue
        target = find_public(request, number) if position < MAX_LINKS else None
        out.append(Reference(number, title, target))
    return out
