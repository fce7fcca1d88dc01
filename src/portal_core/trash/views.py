"""``@@trash`` on a site: the deleted items (newest first), restore, purge the expired."""
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from ..i18n import _, flash
from ..interfaces import ISite
from ..security.permissions import MANAGE_SITE
from . import api

TRASH_TEMPLATE = "portal_core:templates/trash.pt"
ERROR = "portal_core:templates/error.pt"
SHOWN = 500


@view_config(context=ISite, name="trash", renderer=TRASH_TEMPLATE, permission=MANAGE_SITE,
             request_method="GET")
def trash_view(context, request):
    """The newest ``SHOWN`` entries with who deleted them and when; restore buttons for
    those still inside the retention period (reads only)."""
    days, now = api.retention_days(request.registry), api.utcnow()
    users = request.root.users
    types = request.registry.portal_types
    rows = []
    for entry_id, entry, expired in api.entries(context, now, days, limit=SHOWN):
        user = users.get(entry.deleted_by) if entry.deleted_by else None
        info = types.get(entry.type_name)
        rows.append({
            "id": entry_id, "entry": entry, "expired": expired,
            "type": info.title if info is not None else entry.type_name,
            "path": api.site_path(context, entry.path),
            "deleted_by": user.display_name if user is not None else (entry.deleted_by or ""),
        })
    return {"rows": rows, "days": days, "any_expired": api.has_expired(context, now, days),
            "csrf_token": request.session.get_csrf_token()}


@view_config(context=ISite, name="trash", renderer=ERROR, permission=MANAGE_SITE,
             request_method="POST")
def trash_post(context, request):
    """``restore=<entry id>`` puts that entry back and goes to it; ``purge`` deletes the
    expired entries for good and comes back here. CSRF is checked by Pyramid."""
    if "purge" in request.POST:
        count = api.purge_expired(context, api.utcnow(),
                                  days=api.retention_days(request.registry))
        flash(request, _("Đã xóa hẳn ${count} mục quá hạn khỏi thùng rác.",
                         mapping={"count": count}))
        return HTTPSeeOther(request.resource_url(context, "@@trash"))
    entry_id = request.POST.get("restore", "")
    try:
        obj = api.restore(context, entry_id, request)
    except api.TrashError as error:
        request.response.status = error.status
        return {"title": _("Không khôi phục được"), "message": error.message}
    flash(request, _("Đã khôi phục “${title}” về ${path}.", mapping={
        "title": obj.title, "path": request.resource_path(obj)}), "success")
    return HTTPSeeOther(request.resource_url(obj))
