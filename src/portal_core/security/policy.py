"""The Pyramid security policy: session identity + roles from local roles on the lineage."""
from pyramid.authorization import ACLHelper, Authenticated, Everyone
from pyramid_zodbconn import get_connection

from .permissions import acl_for
from .roles import ANONYMOUS, AUTHENTICATED, MANAGER, OWNER, roles_in

SESSION_KEY = "portal.login"
EPOCH_KEY = "portal.epoch"


class _ACLContext:
    __slots__ = ("__acl__",)

    def __init__(self, acl):
        self.__acl__ = acl


def find_portal(request):
    """The portal object for ``request``: its traversal root, or the stored one if the
    root is not known yet."""
    root = getattr(request, "root", None)
    if root is None:
        root = get_connection(request).root().get("portal")
    return root


class PortalSecurityPolicy:
    """Identity from the signed-cookie session; no cookie means anonymous (nothing read)."""

    def __init__(self, session_cookie_name):
        self.cookie_name = session_cookie_name
        self.helper = ACLHelper()

    def identity(self, request):
        """The logged-in ``User`` or None; cached on the request."""
        cache = request.__dict__
        if "_portal_identity" not in cache:
            cache["_portal_identity"] = self._load_identity(request)
        return cache["_portal_identity"]

    def _load_identity(self, request):
        if self.cookie_name not in request.cookies:
            return None
        login = request.session.get(SESSION_KEY)
        if not login:
            return None
        users = getattr(find_portal(request), "users", None)
        user = users.get(login) if users is not None else None
        if user is None or request.session.get(EPOCH_KEY) != user.session_epoch:
            return None
        return user

    def authenticated_userid(self, request):
        user = self.identity(request)
        return user.login if user is not None else None

    def user_principals(self, request):
        """Principals of the identity, independent of context."""
        user = self.identity(request)
        if user is None:
            return (Everyone,)
        return (Everyone, Authenticated, user.principal) + tuple(
            "group:" + g for g in user.groups)

    def roles(self, request, context):
        """Roles the current user holds on ``context`` (cached per request and object)."""
        cache = request.__dict__.setdefault("_portal_roles", {})
        key = id(context)
        if key not in cache:
            cache[key] = (context, self._compute_roles(request, context))
        return cache[key][1]

    def _compute_roles(self, request, context):
        user = self.identity(request)
        if user is None:
            return frozenset((ANONYMOUS,))
        principals = self.user_principals(request)
        roles = roles_in(context, principals) | {AUTHENTICATED}
        root = find_portal(request)
        if root is not None and root is not context:
            roles |= roles_in(root, principals) & {MANAGER}
        if getattr(context, "creator", None) == user.login:
            roles.add(OWNER)
        return frozenset(roles)

    def effective_principals(self, request, context):
        return list(self.user_principals(request)) + [
            "role:" + r for r in sorted(self.roles(request, context))]

    def permits(self, request, context, permission):
        """Grant ``permission`` when one of the user's roles on ``context`` holds it.

        The roles that hold it come from ``registry.portal_roles_for(registry, context,
        permission)`` (the workflow state's table) or else the default table.
        """
        roles_for_context = getattr(request.registry, "portal_roles_for", None)
        roles = roles_for_context(request.registry, context, permission) \
            if roles_for_context is not None else None
        acl_context = _ACLContext(acl_for(permission, roles))
        return self.helper.permits(acl_context, self.effective_principals(request, context),
                                   permission)

    def remember(self, request, userid, **kw):
        """Start a fresh session for ``userid`` (new CSRF token against fixation)."""
        request.session.invalidate()
        request.session[SESSION_KEY] = userid
        request.session[EPOCH_KEY] = find_portal(request).users.get(userid).session_epoch
        request.session.new_csrf_token()
        request.__dict__.pop("_portal_identity", None)
        request.__dict__.pop("_portal_roles", None)
        return []

    def forget(self, request, **kw):
        """End the user's sessions (every copy of the cookie stops working; writes the
        User) and drop the cookie from this browser."""
        user = self.identity(request)
        if user is not None:
            user.end_sessions()
        name = self.cookie_name
        request.add_response_callback(lambda req, response: response.delete_cookie(name))
        request.__dict__["_portal_identity"] = None
        request.__dict__.pop("_portal_roles", None)
        return []
