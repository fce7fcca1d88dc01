"""Generic views built from the type registry: add, edit, delete, folder contents."""
import datetime

import colander
import deform
from pyramid.httpexceptions import HTTPForbidden, HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config

from ..attachments import AttachmentList, file_number
from ..blobs import BlobFile
from ..content import api
from ..content.schemas import ContentSchema
from ..dates import local
from ..forms import FormView
from ..i18n import _, flash
from ..interfaces import IContainer, IContent, ISite
from ..listing import page_number
from ..plugins.state import find_site, is_enabled
from ..revisions.api import current_number
from ..revisions.conflict import conflict_notice
from ..security import permissions as perm

FORM = "portal_core:templates/form.pt"
CONTENTS_PAGE_SIZE = 50
BASE_REVISION = "base_revision"


def safe_return_url(request, value, fallback):
    """``value`` as a URL on this site if it is a plain same-site path, else ``fallback``'s
    URL (no open redirects, no header injection)."""
    if (value and value.startswith("/") and not value.startswith("//") and "\\" not in value
            and value.isprintable() and len(value) <= 2000):
        return request.application_url + value
    return request.resource_url(fallback)


def addable_types(container, request):
    """``TypeInfo``s the current user may add in ``container`` (plugin enabled, permitted)."""
    site = find_site(container)
    return [info for info in request.registry.portal_types.addable_in(container)
            if (info.plugin is None or is_enabled(site, info.plugin))
            and request.has_permission(info.add_permission, container)]


def _type_for_add(context, request):
    """The TypeInfo named by the sub-path, or a 404 explaining why it cannot be added here."""
    name = request.subpath[0] if request.subpath else ""
    info = request.registry.portal_types.get(name)
    if info is None:
        raise HTTPNotFound(_("Không có loại nội dung “${name}”.", mapping={"name": name[:80]}))
    if context.type_name not in info.addable_to or (
            info.plugin and not is_enabled(find_site(context), info.plugin)):
        raise HTTPNotFound(_("Không thể thêm “${title}” vào đây.",
                             mapping={"title": info.title}))
    if not request.has_permission(info.add_permission, context):
        raise HTTPForbidden(_("Bạn không có quyền thêm “${title}” vào đây.",
                              mapping={"title": info.title}))
    return info


@view_config(context=IContainer, name="add", renderer=FORM, permission=perm.CONTENTS)
class AddView(FormView):
    """``/section/@@add/TypeName``: a form from the type's schema; saving creates the item."""

    buttons = ("save", "cancel")

    def __init__(self, context, request):
        super().__init__(context, request)
        self.info = _type_for_add(context, request)
        self.schema = self.info.schema
        self.title = _("Thêm ${title}", mapping={"title": self.info.title})

    def save_success(self, appstruct):
        name = appstruct.get("name") or None
        if name and name in self.context:
            raise colander.Invalid(self.form.schema["name"],
                                   _("Tên này đã có trong thư mục."))
        obj = api.create(self.request, self.info.name, appstruct)
        name = api.add(self.context, obj, self.request, name=name)
        flash(self.request, _("Đã lưu."), "success")
        return HTTPSeeOther(self.request.resource_url(self.context[name]))


@view_config(context=AttachmentList, name="remove-attachment", request_method="POST",
             permission=perm.EDIT)
def remove_attachment(context, request):
    """POST ``@@remove-attachment`` (``number``): the file leaves the item's list (the
    item's history keeps it; other files keep their numbers); back to the item."""
    number = file_number(request.POST.get("number"))
    stored = context.attachment_number(number)
    if stored is None:
        raise HTTPNotFound()
    api.edit(context, {"attachments": context.without_attachment(number)}, request)
    flash(request, _("Đã gỡ tệp “${name}”.", mapping={"name": stored.filename}), "success")
    return HTTPSeeOther(request.resource_url(context))


@view_config(context=IContent, name="edit", renderer=FORM, permission=perm.EDIT)
class EditView(FormView):
    """``@@edit``: the type's schema filled with the object's values.

    The form carries the item's revision number (``base_revision``, never stored); a save
    from a form opened before someone else's save is refused (409) and the form comes
    back with what the user typed and the other editor's changes (``revisions.conflict``).
    """

    buttons = ("save", "cancel")

    def __init__(self, context, request):
        super().__init__(context, request)
        info = request.registry.portal_types.get(context.type_name)
        self.schema = info.schema if info is not None else ContentSchema
        self.title = _("Sửa: ${title}", mapping={"title": context.title})

    def make_schema(self):
        schema = self.schema()
        if "name" in schema:
            del schema["name"]
        schema.add(colander.SchemaNode(colander.Integer(), name=BASE_REVISION, missing=None,
                                       widget=deform.widget.HiddenWidget()))
        return schema

    def appstruct(self):
        schema = self.make_schema()
        values = {node.name: getattr(self.context, node.name, None) for node in schema.children
                  if node.name not in ("csrf_token", BASE_REVISION)}
        values = {key: local(value) for key, value in values.items()
                  if value is not None and not isinstance(value, BlobFile)}
        values[BASE_REVISION] = current_number(self.context)
        return values

    def save_success(self, appstruct):
        base = appstruct.pop(BASE_REVISION, None)
        appstruct = self._same_minute_kept(appstruct)
        current = current_number(self.context)
        if base is not None and base != current:
            return self._conflict(appstruct, base, current)
        api.edit(self.context, appstruct, self.request)
        flash(self.request, _("Đã lưu thay đổi."), "success")
        return HTTPSeeOther(self.request.resource_url(self.context))

    def _same_minute_kept(self, appstruct):
        """The form shows times to the minute: a date equal to the stored one at that
        precision is the stored one (so an untouched date is no change in the history)."""
        def minute(value):
            return value.replace(second=0, microsecond=0)
        for key, value in appstruct.items():
            stored = getattr(self.context, key, None)
            if (isinstance(value, datetime.datetime) and isinstance(stored, datetime.datetime)
                    and minute(value) == minute(stored)):
                appstruct[key] = stored
        return appstruct

    def _conflict(self, appstruct, base, current):
        """Store nothing; re-render the typed values (now based on ``current``, so saving
        again is a deliberate overwrite) under the conflict notice."""
        self.request.response.status = 409
        notice = conflict_notice(self.request, self.context, base, appstruct)
        values = {key: local(value) for key, value in appstruct.items()
                  if value is not None and not isinstance(value, BlobFile)}
        values[BASE_REVISION] = current
        return self.response(notice + self.form.render(values), self.form)


@view_config(context=IContent, name="delete", renderer="portal_core:templates/delete.pt",
             permission=perm.DELETE)
def delete_view(context, request):
    """GET asks for confirmation; POST moves the object, with everything below it, into
    its site's trash (restorable by a SiteAdmin for 30 days). Never a site."""
    from ..trash import move_to_trash
    if ISite.providedBy(context) or context.__parent__ is None:
        raise HTTPForbidden(_("Không thể xóa một trang thông tin từ đây."))
    if request.method == "POST" and "delete" in request.POST:
        parent = context.__parent__
        move_to_trash(context, request)
        flash(request, _("Đã xóa “${title}”.", mapping={"title": context.title}),
                              "success")
        return HTTPSeeOther(request.resource_url(parent))
    return {"item": context, "csrf_token": request.session.get_csrf_token()}


@view_config(context=IContainer, name="contents", renderer="portal_core:templates/contents.pt",
             permission=perm.CONTENTS)
def contents_view(context, request):
    """Children in name order, paged (O(page) with the OOBTree), and the add menu."""
    page = page_number(request)
    total = len(context)
    pages = max(1, -(-total // CONTENTS_PAGE_SIZE))
    types = request.registry.portal_types
    rows = [(name, obj, types.get(obj.type_name))
            for name, obj in context.page((page - 1) * CONTENTS_PAGE_SIZE, CONTENTS_PAGE_SIZE)]
    return {"rows": rows, "page": page, "pages": pages, "total": total,
            "addable": addable_types(context, request)}


def require_live_or_editor(item, request):
    """For a plugin's item view: 404 for an item outside its effective/expiry dates
    unless the user may edit it. Returns True when the page is such an editor's preview."""
    if item.is_live():
        return False
    if not request.has_permission(perm.EDIT, item):
        raise HTTPNotFound()
    return True


@view_config(context=IContent, renderer="portal_core:templates/item.pt",
             permission=perm.VIEW)
def item_view(context, request):
    """Fallback public view for content without a view of its own (404 outside its
    dates, except to its editors)."""
    return {"item": context, "preview": require_live_or_editor(context, request)}


@view_config(context=IContainer, renderer="portal_core:templates/folder.pt",
             permission=perm.VIEW)
def folder_view(context, request):
    """Fallback public view for containers: a page of children in name order."""
    page = page_number(request)
    pages = max(1, -(-len(context) // CONTENTS_PAGE_SIZE))
    items = [obj for _name, obj in context.page((page - 1) * CONTENTS_PAGE_SIZE,
                                                 CONTENTS_PAGE_SIZE)]
    return {"items": items, "page": page, "pages": pages}
