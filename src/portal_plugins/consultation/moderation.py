"""Staff views of a draft's comments: ``@@comments`` (moderation, with contact data) and
``@@comments.csv`` (every comment with every field). Both are for users who may edit or
review the draft; others get the login page (anonymous GET) or 403."""
import csv
import io

from pyramid.httpexceptions import HTTPBadRequest, HTTPConflict, HTTPForbidden, \
    HTTPSeeOther
from pyramid.response import Response
from pyramid.view import view_config

from portal_core.audit import record
from portal_core.csvexport import csv_cell
from portal_core.dates import local
from portal_core.i18n import _, flash
from portal_core.security.permissions import VIEW
from portal_core.text import slugify

from . import resources
from .resources import APPROVED, IDraft, PENDING, REJECTED, STATES
from .views import PLUGIN, may_moderate, when

STATE_LABELS = {PENDING: _("Chờ duyệt"), APPROVED: _("Đã duyệt"),
                REJECTED: _("Không đăng")}
ACTIONS = {"approve": APPROVED, "reject": REJECTED, "pending": PENDING}
#: The audit log's action for a moderation (the comment's id and new state; never any
#: contact data).
AUDIT_ACTION = "comment-moderated"
ERASE_ACTION = "comment-contacts-erased"


def _require_moderator(draft, request):
    if not may_moderate(draft, request):
        raise HTTPForbidden(_("Chỉ người biên tập, duyệt dự thảo mới xem được ý kiến góp ý "
                              "chưa duyệt và thông tin liên hệ."))


@view_config(context=IDraft, name="comments", renderer="templates/comments.pt",
             permission=VIEW, plugin_enabled=PLUGIN)
def comments_view(context, request):
    """GET lists the comments (``?state=`` filters); POST ``cid`` + ``action`` (approve,
    reject, pending) moderates one (CSRF checked by Pyramid) and records the moderator
    and the time on the comment and in the audit log."""
    _require_moderator(context, request)
    request.response.cache_control = "private, no-store"
    if request.method == "POST":
        state = ACTIONS.get(request.POST.get("action"))
        cid = request.POST.get("cid", "")[:64]
        if state is None or context.moderate(cid, state, request.authenticated_userid,
                                             resources.utcnow()) is None:
            raise HTTPBadRequest(_("Không có ý kiến này hoặc thao tác không hợp lệ."))
        record(request, AUDIT_ACTION, context, details={"comment": cid, "state": state})
        flash(request, _("Đã cập nhật trạng thái ý kiến."), "success")
        return HTTPSeeOther(request.resource_url(
            context, "@@comments", query={"state": request.POST.get("state", "")[:10]}))
    state = request.GET.get("state", "")
    state = state if state in STATES else ""
    comments = context.all_comments(state or None)
    comments.reverse()
    counts = {s: 0 for s in STATES}
    for comment in context.all_comments():
        counts[comment.state] += 1
    return {"item": context, "comments": comments, "state": state, "counts": counts,
            "labels": STATE_LABELS, "when": when, "closed": context.phase() == "closed",
            "csrf_token": request.session.get_csrf_token()}


@view_config(context=IDraft, name="erase-contacts", request_method="POST", permission=VIEW,
             plugin_enabled=PLUGIN)
def erase_contacts_view(context, request):
    """POST ``@@erase-contacts``: once the period is over, the moderators erase the
    commenters' personal data that is no longer needed (``Draft.erase_contacts``); the
    audit log records how many comments changed. Refused (409) while comments can still
    come in."""
    _require_moderator(context, request)
    if context.phase() != "closed":
        raise HTTPConflict(_("Chỉ xóa được thông tin liên hệ sau khi kết thúc lấy ý kiến."))
    changed = context.erase_contacts(resources.utcnow())
    record(request, ERASE_ACTION, context, details={"comments": changed})
    flash(request, _("Đã xóa thông tin liên hệ của ${count} ý kiến.",
                     mapping={"count": changed}), "success")
    return HTTPSeeOther(request.resource_url(context, "@@comments"))


HEADER = (_("Mã"), _("Thời gian gửi (giờ Việt Nam)"), _("Họ và tên"),
          _("Thư điện tử hoặc số điện thoại"), _("Cơ quan, tổ chức"), _("Đề mục"),
          _("Nội dung góp ý"), _("Trạng thái"), _("Người duyệt"),
          _("Thời gian duyệt"), _("Đồng ý xử lý dữ liệu cá nhân lúc"),
          _("Phiên bản thông báo"))


def _time(moment):
    return local(moment).strftime("%d/%m/%Y %H:%M:%S") if moment else ""


@view_config(context=IDraft, name="comments.csv", permission=VIEW, plugin_enabled=PLUGIN)
def comments_csv_view(context, request):
    """All comments as CSV (UTF-8 with BOM for Excel, formula-safe cells, Vietnam time).
    Reads the comments; writes nothing."""
    _require_moderator(context, request)
    translate = request.localizer.translate
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([translate(h) for h in HEADER])
    for c in context.all_comments():
        writer.writerow([csv_cell(v) for v in (
            c.id, _time(c.created), c.name, c.contact, c.organisation,
            c.article_label or c.article, c.text, translate(STATE_LABELS[c.state]),
            c.moderator or "", _time(c.moderated), _time(c.consent_at),
            c.consent_version)])
    response = Response(body=out.getvalue().encode("utf-8-sig"), content_type="text/csv",
                        charset="utf-8")
    stamp = local(resources.utcnow()).strftime("%Y%m%d-%H%M")
    name = slugify(context.__name__ or "") or "du-thao"
    response.content_disposition = 'attachment; filename="gop-y-%s-%s.csv"' % (name, stamp)
    response.cache_control = "private, no-store"
    return response
