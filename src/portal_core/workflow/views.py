"""Workflow views: the transition POST (``@@workflow``), the review queue (``@@review``)
and a user's own items (``@@my-items``)."""
from pyramid.httpexceptions import HTTPForbidden, HTTPSeeOther
from pyramid.view import view_config

from ..i18n import _, flash
from ..interfaces import IContent, IPortal, ISite
from ..security.permissions import REVIEW, VIEW
from ..views.content import safe_return_url
from .authored import authored_by
from .api import WorkflowError, do_transition, last_entry, state_of
from .queue import pending_items

MAX_COMMENT = 2000
MY_ITEMS_LIMIT = 200


@view_config(context=IContent, name="workflow", request_method="POST", permission=VIEW,
             renderer="portal_core:templates/error.pt")
def workflow_view(context, request):
    """Take ``transition`` (with ``comment``) and go back to ``came_from`` or the item."""
    name = request.POST.get("transition", "")
    comment = request.POST.get("comment", "")[:MAX_COMMENT]
    try:
        transition = do_transition(context, name, request, comment)
    except WorkflowError as error:
        if error.status == 403:
            raise HTTPForbidden(error.message)
        request.response.status = 400
        return {"title": _("Không thực hiện được"), "message": error.message}
    flash(request, _("Đã “${title}”: ${item}.", mapping={"title": transition.title,
                                                          "item": context.title}))
    return HTTPSeeOther(safe_return_url(request, request.POST.get("came_from"), context))


def _require_login(request):
    if request.authenticated_userid is None:
        raise HTTPForbidden()


@view_config(context=ISite, name="review", renderer="portal_core:templates/review.pt")
def review_view(context, request):
    """Pending items of this site the user may review, oldest first, with who and since.

    Open to any logged-in user: reviewers often hold their role on one section only; each
    item is shown only if the user may review it.
    """
    _require_login(request)
    users = request.root.users
    rows = []
    for since, item in pending_items(context):
        if not request.has_permission(REVIEW, item):
            continue
        author = users.get(item.creator)
        rows.append({"item": item, "since": since, "author": author,
                     "unit": author.unit if author is not None else ""})
    return {"rows": rows, "csrf_token": request.session.get_csrf_token(),
            "stale": _stale_count(context, request)}


def _stale_count(context, request):
    """How many sites are late with updates, for the board on the portal's queue."""
    from ..reports import stale_sites
    if not IPortal.providedBy(context) or not request.has_permission(REVIEW, context):
        return 0
    return len(stale_sites(context, request.registry))


@view_config(context=ISite, name="my-items", renderer="portal_core:templates/my_items.pt")
def my_items_view(context, request):
    """What the current user created here, newest first, with state and any rejection."""
    _require_login(request)
    items = sorted(authored_by(context, request.authenticated_userid),
                   key=lambda item: item.modified, reverse=True)[:MY_ITEMS_LIMIT]
    rows = []
    for item in items:
        rejected = last_entry(item, "reject")
        rows.append({"item": item, "state": state_of(item, request.registry),
                     "rejected": rejected if item.workflow_state == "draft" else None})
    return {"rows": rows}
