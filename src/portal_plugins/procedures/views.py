"""Views of the procedures plugin: the browse page (the section's default view), a
procedure's page, its printable page and its form templates, the list of fields, and
the sidebar block."""
from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.renderers import get_renderer
from pyramid.view import view_config

from portal_core.blobs import file_response
from portal_core.forms import FormView
from portal_core.i18n import _, flash
from portal_core.plugins import find_site, section_of
from portal_core.security.permissions import MANAGE_SITE, VIEW
from portal_core.views.content import require_live_or_editor

from . import browse as browsing, legal
from .resources import IProcedure, IProcedureSection, LEVELS
from .schemas import FieldsSchema

PLUGIN = "procedures"
PROBLEMS = {
    "field": _("Lĩnh vực không có trong danh mục: đã bỏ qua điều kiện này."),
    "level": _("Cấp thực hiện không hợp lệ: đã bỏ qua điều kiện này."),
    "q": _("Từ khóa quá dài: đã bỏ qua."),
    "page": _("Số trang không hợp lệ: đã hiển thị trang đầu."),
}


@view_config(context=IProcedureSection, renderer="templates/browse.pt", permission=VIEW,
             plugin_enabled=PLUGIN)
def browse_view(context, request):
    """Tra cứu thủ tục hành chính: published procedures by field and level (with counts),
    optionally by words, paged; every choice is in the query string."""
    query = browsing.Browse.from_params(request.GET, context.fields)
    result = browsing.run(context, query)

    def url(**changes):
        return request.resource_url(context, query=query.params(page=None, **changes))

    return {"section": context, "query": query, "result": result, "url": url,
            "page_url": lambda n: request.resource_url(context, query=query.params(page=n)),
            "problems": [PROBLEMS[name] for name in dict.fromkeys(query.problems)],
            "levels": dict(LEVELS)}



def _record(context, request):
    return {"item": context, "preview": require_live_or_editor(context, request),
            "legal": legal.references(request, context.legal_basis),
            "decision": legal.references(request, (context.decision,))[:1],
            "record": get_renderer("templates/record.pt").implementation()}


@view_config(context=IProcedure, renderer="templates/procedure.pt", permission=VIEW,
             plugin_enabled=PLUGIN)
def procedure_view(context, request):
    """One procedure: every field of its record under its own heading."""
    return _record(context, request)


@view_config(context=IProcedure, name="print", renderer="templates/print.pt",
             permission=VIEW, plugin_enabled=PLUGIN)
def print_view(context, request):
    """``@@print``: the record alone on a page without the portal's header, navigation
    and sidebar, for printing."""
    return _record(context, request)


@view_config(context=IProcedure, name="template", permission=VIEW, plugin_enabled=PLUGIN)
def template_view(context, request):
    """``@@template/N``: the form template of the N-th dossier component (1-based), as a
    download with its Content-Type and file name."""
    require_live_or_editor(context, request)
    raw = request.subpath[0] if len(request.subpath) == 1 else ""
    number = int(raw) if raw.isdigit() and len(raw) < 4 else 0
    items = context.dossier_items
    if not 1 <= number <= len(items) or items[number - 1].template is None:
        raise HTTPNotFound()
    return file_response(request, items[number - 1].template, download=True)


@view_config(context=IProcedureSection, name="fields",
             renderer="portal_core:templates/form.pt", permission=MANAGE_SITE,
             plugin_enabled=PLUGIN)
class FieldsView(FormView):
    """``@@fields``: the section's list of fields (lĩnh vực), one a line (site admins).
    Procedures keep their field when it is removed from the list."""

    schema = FieldsSchema
    buttons = ("save", "cancel")
    title = _("Danh mục lĩnh vực")

    def appstruct(self):
        return {"fields": self.context.fields}

    def save_success(self, appstruct):
        if tuple(self.context.fields) != appstruct["fields"]:
            self.context.fields = appstruct["fields"]
        flash(self.request, _("Đã lưu danh mục."), "success")
        return HTTPSeeOther(self.request.resource_url(self.context, "@@fields"))


def lookup_block_vary(context, request):
    """The block differs only on the section itself (where it hides)."""
    return IProcedureSection.providedBy(context)


def lookup_block(context, request):
    """Sidebar "Tra cứu thủ tục hành chính": a search box and links by level to this
    site's procedures section (reads no procedure)."""
    section = section_of(find_site(context), PLUGIN)
    if section is None or context is section:
        return None
    return {"section": section, "levels": LEVELS}
