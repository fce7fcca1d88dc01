"""Login and logout."""
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.security import forget, remember
from pyramid.view import view_config

from ..i18n import _
from ..interfaces import ISite
from ..text import nfc

MAX_FIELD = 200


def safe_came_from(request, value):
    """A same-site path to return to after login; anything else becomes the site's home."""
    if (value and value.startswith("/") and not value.startswith("//") and "\\" not in value
            and value.isprintable()):
        return request.application_url + value
    return request.resource_url(request.context)


@view_config(context=ISite, name="login", renderer="portal_core:templates/login.pt")
def login_view(context, request):
    """GET shows the form; POST checks the password (argon2) and starts a session."""
    came_from = request.params.get("came_from", "")[:MAX_FIELD * 5]
    login = ""
    error = None
    if request.method == "POST":
        login = nfc(request.POST.get("login", "")).strip().lower()[:MAX_FIELD]
        password = request.POST.get("password", "")[:MAX_FIELD * 5]
        user = request.root.users.get(login)
        if user is not None and user.check_password(password):
            remember(request, user.login)
            return HTTPSeeOther(safe_came_from(request, came_from))
        error = _("Tên đăng nhập hoặc mật khẩu không đúng.")
        request.response.status = 400
    return {"login": login, "came_from": came_from, "error": error,
            "csrf_token": request.session.get_csrf_token()}


@view_config(context=ISite, name="logout", request_method="POST")
def logout_view(context, request):
    """End the session and drop its cookie."""
    forget(request)
    return HTTPSeeOther(request.resource_url(request.root))
