"""Error pages that explain in plain Vietnamese; no traceback ever reaches the public."""
import logging

from pyramid.csrf import BadCSRFToken
from pyramid.httpexceptions import (HTTPBadRequest, HTTPClientError, HTTPMovedPermanently,
                                    HTTPNotFound, HTTPSeeOther)
from pyramid.view import exception_view_config, forbidden_view_config, notfound_view_config

from pyramid_retry import is_error_retryable, is_last_attempt

from ..i18n import _
from ..redirects import redirect_for
from ..security.permissions import VIEW
from ..security.policy import find_portal

log = logging.getLogger(__name__)
ERROR = "portal_core:templates/error.pt"


def _message(exc, default):
    detail = getattr(exc, "detail", None)
    return detail if detail and not isinstance(detail, Exception) else default


@notfound_view_config(renderer=ERROR)
def not_found(exc, request):
    """404, or 301 to the new address of content that was moved (``redirects``)."""
    portal = find_portal(request) if request.method in ("GET", "HEAD") else None
    vroot = request.environ.get("HTTP_X_VHM_ROOT", "").rstrip("/")
    target = redirect_for(portal, vroot + request.path_info) if portal is not None else None
    if target is not None:
        if vroot and target.startswith(vroot + "/"):
            target = target[len(vroot):]
        location = request.application_url + target
        if request.query_string:
            location += "?" + request.query_string
        return HTTPMovedPermanently(location=location)
    request.response.status = 404
    return {"title": _("Không tìm thấy trang"),
            "message": _message(exc, _("Trang bạn tìm không có hoặc đã được chuyển đi. "
                                       "Hãy kiểm tra lại địa chỉ hoặc về trang chủ."))}


@forbidden_view_config(renderer=ERROR)
def forbidden(exc, request):
    """Anonymous visitors are sent to the login page; logged-in users get a clear 403.

    Content the user may not even view answers 404, so that guessing the address of a
    draft does not confirm it exists.
    """
    context = getattr(request, "context", None)
    if getattr(getattr(exc, "result", None), "permission", None) == VIEW or (
            context is not None and not request.has_permission(VIEW, context)):
        return not_found(HTTPNotFound(), request)
    if request.authenticated_userid is None and request.method == "GET":
        return HTTPSeeOther(request.resource_url(
            find_portal(request), "@@login", query={"came_from": request.path_qs[:1000]}))
    request.response.status = 403
    return {"title": _("Không có quyền truy cập"),
            "message": _message(exc, _("Tài khoản của bạn không có quyền thực hiện việc này."))}


@exception_view_config(BadCSRFToken, renderer=ERROR)
def bad_csrf(exc, request):
    request.response.status = 400
    return {"title": _("Phiên làm việc không hợp lệ"),
            "message": _("Biểu mẫu đã hết hạn hoặc không gửi từ trang này. Hãy tải lại "
                         "trang và gửi lại; không có dữ liệu nào được lưu.")}


@exception_view_config(HTTPBadRequest, renderer=ERROR)
def bad_request(exc, request):
    request.response.status = 400
    return {"title": _("Yêu cầu không hợp lệ"),
            "message": _message(exc, _("Dữ liệu gửi lên không hợp lệ."))}


@exception_view_config(HTTPClientError, renderer=ERROR)
def client_error(exc, request):
    """Any other 4xx a view raises (409 Conflict, 429, …): its status and its message."""
    request.response.status = exc.code
    return {"title": _("Không thực hiện được yêu cầu"),
            "message": _message(exc, _("Yêu cầu không thực hiện được lúc này; không có gì "
                                       "được lưu."))}


@exception_view_config(UnicodeDecodeError, renderer=ERROR)
def bad_encoding(exc, request):
    request.response.status = 400
    return {"title": _("Yêu cầu không hợp lệ"),
            "message": _("Dữ liệu gửi lên không phải văn bản UTF-8 hợp lệ; không có gì "
                         "được lưu.")}


@exception_view_config(Exception, renderer=ERROR)
def server_error(exc, request):
    """Log the traceback for the operators; show the visitor a calm page.

    A conflict that pyramid_retry will retry is not logged (the retry usually succeeds).
    """
    if not (is_error_retryable(request, exc) and not is_last_attempt(request)):
        log.exception("Unhandled error on %s %s", request.method, request.path_qs[:500])
    request.response.status = 500
    return {"title": _("Lỗi hệ thống"),
            "message": _("Đã có lỗi ngoài ý muốn; thao tác chưa được lưu. Lỗi đã được "
                         "ghi lại để bộ phận kỹ thuật xử lý. Hãy thử lại sau.")}
