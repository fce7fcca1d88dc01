"""Views of the documents plugin: the lookup page (the section's default view), a
document's page and its files, documents sent to the user's unit, the vocabularies form
and the home block."""
import colander
from pyramid.httpexceptions import HTTPForbidden, HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config

from portal_core.blobs import file_response
from portal_core.content.schemas import NO_MARKUP, Lines, PortalSchema, has_markup
from portal_core.forms import FormView
from portal_core.i18n import _, flash
from portal_core.plugins import find_site, section_of
from portal_core.security.permissions import MANAGE_SITE, VIEW
from portal_core.text import fold
from portal_core.views.content import require_live_or_editor
from portal_core.workflow import is_public

from . import indexes, lookup as lookups
from .resources import (ILegalDocument, ILegalDocumentSection, RELATIONS, VALIDITY)

PLUGIN = "documents"
FORWARD = {name: label for name, label, _r in RELATIONS}
BACKWARD = {name: label for name, _f, label in RELATIONS}


def visible(doc, request):
    """The user may see ``doc`` here: anonymous visitors only public, live documents."""
    if doc is None or not request.has_permission(VIEW, doc):
        return False
    if request.identity is None:
        return is_public(doc, request.registry) and doc.is_live()
    return True


@view_config(context=ILegalDocumentSection, renderer="templates/lookup.pt", permission=VIEW,
             plugin_enabled=PLUGIN)
def lookup_view(context, request):
    """Tra cứu văn bản: filter, sort and page the published documents; every choice is in
    the query string, so a URL can be shared."""
    query = lookups.Lookup.from_params(request.GET)
    items, total, pages = lookups.run(context, query)

    def url(**changes):
        return request.resource_url(context, query=query.params(**changes))

    def sort_url(name):
        order = "asc" if query.sort == name and query.order == "desc" else "desc"
        return url(sort=name, order=order, page=None)

    return {"items": items, "total": total, "pages": pages, "query": query, "url": url,
            "sort_url": sort_url, "section": context, "validity": dict(VALIDITY)}


@view_config(context=ILegalDocument, renderer="templates/document.pt", permission=VIEW,
             plugin_enabled=PLUGIN)
def document_view(context, request):
    """One document: its record, files, the documents it refers to and those that refer
    to it (from the section's reverse index)."""
    preview = require_live_or_editor(context, request)
    section = context.__parent__
    forward = [(FORWARD[name], doc) for name, uid in context.relations()
               for doc in [indexes.document(section, uid)] if visible(doc, request)]
    backward = [(BACKWARD.get(name, name), doc)
                for name, doc in indexes.reverse_links(section, context)
                if visible(doc, request)]
    return {"item": context, "forward": forward, "backward": backward, "preview": preview}



@view_config(context=ILegalDocument, name="download", permission=VIEW, plugin_enabled=PLUGIN)
def download_view(context, request):
    """``@@download/main_file`` or ``@@download/extra_file``: the file as an attachment,
    with its Content-Type and (RFC 5987) file name."""
    key = request.subpath[0] if request.subpath else "main_file"
    stored = getattr(context, key, None) if key in ("main_file", "extra_file") else None
    if stored is None:
        raise HTTPNotFound()
    require_live_or_editor(context, request)
    return file_response(request, stored, download=True)


@view_config(context=ILegalDocumentSection, name="sent-to-my-unit",
             renderer="templates/sent.pt", permission=VIEW, plugin_enabled=PLUGIN)
def sent_to_my_unit_view(context, request):
    """Published documents whose recipients (nơi nhận) include the user's unit."""
    user = request.identity
    if user is None:
        raise HTTPForbidden(_("Vui lòng đăng nhập để xem văn bản gửi đơn vị mình."))
    unit = (getattr(user, "unit", "") or "").strip()
    items = []
    if unit:
        key = " ".join(fold(unit).lower().split())
        items = context.listing.latest(
            lookups.MAX_SCAN,
            where=lambda doc: any(" ".join(fold(r).lower().split()) == key
                                  for r in doc.recipients))
    request.response.cache_control = "private, no-store"
    return {"unit": unit, "items": items}


class VocabulariesSchema(PortalSchema):
    doc_types = colander.SchemaNode(Lines(), title=_("Loại văn bản"),
                                    description=_("Mỗi dòng một giá trị."))
    agencies = colander.SchemaNode(Lines(), title=_("Cơ quan ban hành"),
                                   description=_("Mỗi dòng một giá trị."))
    fields = colander.SchemaNode(Lines(), title=_("Lĩnh vực"),
                                 description=_("Mỗi dòng một giá trị."))

    def validator(self, node, value):
        error = colander.Invalid(node)
        for name in ("doc_types", "agencies", "fields"):
            if not value.get(name):
                error[name] = _("Danh mục không được để trống.")
            elif has_markup(value[name]):
                error[name] = NO_MARKUP
        if error.children:
            raise error


@view_config(context=ILegalDocumentSection, name="vocabularies",
             renderer="portal_core:templates/form.pt", permission=MANAGE_SITE,
             plugin_enabled=PLUGIN)
class VocabulariesView(FormView):
    """``@@vocabularies``: the section's lists of types, agencies and fields, one value a
    line (site admins). Documents keep the values they have when a value is removed."""

    schema = VocabulariesSchema
    buttons = ("save", "cancel")
    title = _("Danh mục văn bản")

    def appstruct(self):
        return {name: getattr(self.context, name)
                for name in ("doc_types", "agencies", "fields")}

    def save_success(self, appstruct):
        for name in ("doc_types", "agencies", "fields"):
            if tuple(getattr(self.context, name)) != appstruct[name]:
                setattr(self.context, name, appstruct[name])
        flash(self.request, _("Đã lưu danh mục."), "success")
        return HTTPSeeOther(self.request.resource_url(self.context, "@@vocabularies"))


def latest_documents_block(context, request, limit=5):
    """Home tile "Văn bản mới": the newest published documents of this site (hidden while
    there are none)."""
    section = section_of(find_site(context), PLUGIN)
    items = section.listing.latest(limit) if section is not None else []
    return {"section": section, "items": items} if items else None
