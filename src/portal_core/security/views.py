"""Login and logout."""
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.security import forget, remember
from pyramid.view import view_config

from ..events import LoggedOut, LoginFailed, LoginSucceeded
from ..interfaces import ISite
from ..text import nfc
from ..views.content import safe_return_url
from .throttle import authenticate

MAX_FIELD = 200


@view_config(context=ISite, name="login", renderer="portal_core:templates/login.pt")
def login_view(context, request):
    """GET shows the form; POST checks the password (argon2) and starts a session.

    Failures are throttled (``security.throttle``): 400 for wrong credentials or a
    disabled account, 429 while the account or the client address is locked out."""
    came_from = request.params.get("came_from", "")[:MAX_FIELD * 5]
    login = ""
    error = None
    if request.method == "POST":
        login = nfc(request.POST.get("login", "")).strip().lower()[:MAX_FIELD]
        password = request.POST.get("password", "")[:MAX_FIELD * 5]
        user, refusal = authenticate(request, request.root.users, login, password)
        if user is not None:
            remember(request, user.login)
            request.registry.notify(LoginSucceeded(user, request))
            return HTTPSeeOther(safe_return_url(request, came_from, request.context))
        request.registry.notify(LoginFailed(login, request, refusal.reason))
        error = refusal.message
        request.response.status = refusal.status
    return {"login": login, "came_from": came_from, "error": error,
            "csrf_token": request.session.get_csrf_token()}


@view_config(context=ISite, name="logout", request_method="POST")
def logout_view(context, request):
    """End the session and drop its cookie."""
    user = request.identity
    forget(request)
    if user is not None:
        request.registry.notify(LoggedOut(user, request))
    return HTTPSeeOther(request.resource_url(request.root))
