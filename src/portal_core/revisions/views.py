"""Revision views: ``@@history`` (revisions and workflow history), ``@@diff`` (two
revisions field by field) and ``@@revert`` (POST: a new revision with an old one's values).

All three need ``portal.edit`` on the item. They read the item; only ``@@revert`` writes.
"""
from types import SimpleNamespace

from pyramid.httpexceptions import HTTPBadRequest, HTTPNotFound, HTTPSeeOther
from pyramid.renderers import render
from pyramid.view import view_config

from ..dates import format_datetime
from ..i18n import _, flash
from ..interfaces import IContent
from ..security.permissions import EDIT
from ..workflow.api import workflow_for
from .api import current_number, person_name, revert, schema_fields
from .diff import diff_values

ERROR = "portal_core:templates/error.pt"


def _int_param(request, name, params=None):
    value = (params if params is not None else request.GET).get(name, "")
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _titles(request, obj):
    return {name: node.title for name, node in schema_fields(request.registry, obj.type_name)}


def _summary(request, revision, titles):
    """A revision as template values: number, who, when, changed field titles."""
    return SimpleNamespace(
        number=revision.number, who=person_name(request, revision.actor) or "—",
        when=format_datetime(revision.time), reverted_from=revision.reverted_from,
        changed=[titles.get(name, name) for name in revision.changed],
        created=not revision.changed and revision.reverted_from is None)


def _state_title(workflow, name):
    return workflow.state(name).title if workflow is not None and name else (name or "—")


def _workflow_rows(request, obj):
    """The workflow history newest first, with state and transition titles."""
    workflow = workflow_for(obj, request.registry)
    rows = []
    for entry in reversed(list(obj.workflow_history or ())):
        transition = workflow.transition(entry["transition"]) if workflow else None
        rows.append(SimpleNamespace(
            when=format_datetime(entry.get("time")),
            who=person_name(request, entry.get("actor")) or "—",
            transition=transition.title if transition is not None
            else (entry["transition"] or _("Khởi tạo")),
            source=_state_title(workflow, entry.get("source")),
            dest=_state_title(workflow, entry.get("dest")),
            comment=entry.get("comment") or ""))
    return rows


@view_config(context=IContent, name="history", permission=EDIT,
             renderer="templates/history.pt")
def history_view(context, request):
    """Revisions newest first (with diff and revert links) and the workflow history."""
    history = context.revisions
    titles = _titles(request, context)
    rows = []
    for revision in (history.newest_first() if history is not None else ()):
        row = _summary(request, revision, titles)
        previous = history.previous(revision.number)
        row.previous = previous.number if previous is not None else None
        rows.append(row)
    return {"page_title": _("Lịch sử thay đổi"), "rows": rows,
            "latest": current_number(context),
            "dropped": history.dropped if history is not None else 0,
            "workflow_rows": _workflow_rows(request, context),
            "csrf_token": request.session.get_csrf_token()}


def diff_table(request, rows):
    """HTML of a field-by-field diff table (every value escaped by the template)."""
    return render("portal_core:revisions/templates/diff_table.pt", {"rows": rows},
                  request=request)


@view_config(context=IContent, name="diff", permission=EDIT, renderer="templates/diff.pt")
def diff_view(context, request):
    """``?a=N&b=M``: what changed from revision N to revision M (default: the latest and
    the one before it)."""
    history = context.revisions
    if history is None or not len(history):
        raise HTTPNotFound(_("Nội dung này chưa có phiên bản nào."))
    b_number = _int_param(request, "b")
    a_number = _int_param(request, "a")
    if ("a" in request.GET and a_number is None) or ("b" in request.GET and b_number is None):
        raise HTTPBadRequest(_("Số phiên bản không hợp lệ."))
    new = history.get(b_number) if b_number is not None else history.latest()
    if new is None:
        raise HTTPNotFound(_("Không có phiên bản ${n}.", mapping={"n": b_number}))
    old = history.get(a_number) if a_number is not None else history.previous(new.number)
    if old is None:
        if a_number is not None:
            raise HTTPNotFound(_("Không có phiên bản ${n}.", mapping={"n": a_number}))
        old = new
    rows, same = diff_values(request.registry, context.type_name, old.values, new.values)
    titles = _titles(request, context)
    return {"page_title": _("So sánh phiên bản"),
            "old": _summary(request, old, titles), "new": _summary(request, new, titles),
            "table": diff_table(request, rows) if rows else "", "same": same,
            "numbers": history.numbers()}


@view_config(context=IContent, name="revert", request_method="POST", permission=EDIT,
             renderer=ERROR)
def revert_view(context, request):
    """Apply revision ``revision``'s values as a new revision, unless the item changed
    since the history page was shown (``base``); back to ``@@history``."""
    number = _int_param(request, "revision", request.POST)
    history = context.revisions
    if number is None or history is None or history.get(number) is None:
        raise HTTPNotFound(_("Không có phiên bản này."))
    base = _int_param(request, "base", request.POST)
    if base is not None and base != current_number(context):
        request.response.status = 409
        latest = history.latest()
        return {"title": _("Không khôi phục được"),
                "message": _("Nội dung đã được ${who} sửa lúc ${when}",
                             mapping={"who": person_name(request, latest.actor) or "—",
                                      "when": format_datetime(latest.time)})}
    changed = revert(context, number, request)
    if changed:
        flash(request, _("Đã khôi phục phiên bản ${n} (thành phiên bản mới ${m}).",
                         mapping={"n": number, "m": current_number(context)}), "success")
    else:
        flash(request, _("Phiên bản ${n} giống nội dung hiện tại; không có gì thay đổi.",
                         mapping={"n": number}), "success")
    return HTTPSeeOther(request.resource_url(context, "@@history"))
