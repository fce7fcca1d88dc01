"""The search page (``@@search``) and search-as-you-type suggestions
(``@@search-suggest``) of every site."""
from urllib.parse import urlencode

from pyramid.traversal import find_resource, find_root, resource_path
from pyramid.view import view_config

from ..interfaces import IPortal, ISite
from ..listing import page_number
from ..plugins import is_available
from ..security.permissions import EDIT, VIEW
from ..workflow import is_public
from .access import access_for
from .analysis import ParsedQuery
from .backend import SearchQuery
from .snippets import highlight

FACETS = ("type", "section", "site", "year")
FILTER_MAX = 200
PAGE_SIZE = 20
MAX_PAGE = 50


def _resolve(root, path):
    try:
        return find_resource(root, path)
    except KeyError:
        return None


def visible(obj, request):
    """Final check of a hit against the database: it still exists, its plugin is on,
    and the user may see it (anonymous visitors: public and live)."""
    if obj is None or not is_available(obj, request.registry):
        return False
    if not request.has_permission(VIEW, obj):
        return False
    if request.identity is None:
        return is_public(obj, request.registry) and obj.is_live()
    return True


def _filters(request, context):
    filters = {}
    for name in FACETS:
        value = request.GET.get(name, "").strip()
        if value and len(value) <= FILTER_MAX:
            filters[name] = value
    if not IPortal.providedBy(context):
        filters["site"] = resource_path(context) or "/"
    return filters


class FacetLabels:
    """Human names for facet values: type titles, section and site titles."""

    def __init__(self, request):
        self.request = request
        self.root = find_root(request.context)

    def __call__(self, facet, value):
        if facet == "type":
            info = self.request.registry.portal_types.get(value)
            return self.request.localizer.translate(info.title) if info else value
        if facet in ("section", "site"):
            obj = _resolve(self.root, value)
            return obj.title if obj is not None else value
        return str(value)


def _facet_url(request, name, value):
    params = {k: v for k, v in request.GET.items() if k != "page"}
    if value is None:
        params.pop(name, None)
    else:
        params[name] = value
    return request.path + ("?" + urlencode(params) if params else "")


@view_config(name="search", context=ISite, renderer="portal_core:templates/search.pt")
def search_view(context, request):
    """Results with snippets, facets, sort and paging; staff also see what they may
    edit (marked). Every hit shown is checked against the database first."""
    raw = request.GET.get("q", "")
    parsed = ParsedQuery(raw)
    filters = _filters(request, context)
    sort = "date" if request.GET.get("sort") == "date" else "relevance"
    page = min(page_number(request), MAX_PAGE)
    values = {"q": parsed.text, "parsed": parsed, "sort": sort, "results": None,
              "hits": [], "filters": filters, "correction": None, "too_long": parsed.truncated,
              "label": FacetLabels(request), "facet_url": lambda n, v: _facet_url(request, n, v),
              "page": page}
    chosen = {k: v for k, v in filters.items() if k in request.GET}
    if not parsed and not chosen:
        return values
    backend = request.registry.portal_search
    results = backend.search(SearchQuery(
        parsed=parsed, access=access_for(request), filters=filters,
        facets=FACETS if IPortal.providedBy(context) else FACETS[:2] + FACETS[3:],
        sort=sort, page=page, page_size=PAGE_SIZE))
    root = find_root(context)
    hits = []
    for hit in results.hits:
        obj = _resolve(root, hit["path"])
        if not visible(obj, request):
            continue
        live = is_public(obj, request.registry) and obj.is_live()
        hits.append({"obj": obj, "title": highlight(hit["title"], parsed, size=300),
                     "snippet": highlight(hit["text"], parsed), "date": hit["date"],
                     "type": FacetLabels(request)("type", hit["type"]),
                     "restricted": not live,
                     "editable": not live and request.has_permission(EDIT, obj)})
    values.update(results=results, hits=hits)
    if not results.total and parsed:
        values["correction"] = backend.corrections(parsed)
    return values


@view_config(name="search-suggest", context=ISite, renderer="json")
def suggest_view(context, request):
    """Up to 8 ``{"title", "url"}`` of visible items whose title words start with what is
    being typed (for the header box)."""
    parsed = ParsedQuery(request.GET.get("q", "")[:FILTER_MAX])
    if len(parsed.text) < 2 or not parsed.prefix:
        return []
    root = find_root(context)
    found = []
    for doc in request.registry.portal_search.suggest(parsed, access_for(request)):
        obj = _resolve(root, doc["path"])
        if visible(obj, request):
            found.append({"title": obj.title, "url": request.resource_url(obj)})
    request.response.cache_control = "private, max-age=60"
    return found

