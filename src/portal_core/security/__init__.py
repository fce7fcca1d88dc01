"""Security: users in ZODB, argon2 passwords, local roles, the security policy, login.

Public API: ``grant_role``, ``revoke_role``, ``roles_in``, ``add_user`` and the permission
constants in ``portal_core.security.permissions``.
"""
from pyramid.interfaces import ISecurityPolicy
from pyramid.session import SignedCookieSessionFactory

from . import throttle
from .permissions import add_permission  # noqa: F401  (public API)
from .policy import PortalSecurityPolicy
from .roles import GRANTABLE_ROLES, grant_role, revoke_role, roles_in  # noqa: F401

SESSION_COOKIE = "portal_session"


def user_roles(request, context):
    """Roles the current user holds on ``context`` (local roles on its lineage, Owner)."""
    return request.registry.getUtility(ISecurityPolicy).roles(request, context)


def includeme(config):
    """Install sessions, the security policy, CSRF checking and the login views."""
    settings = config.registry.settings
    secret = settings.get("portal.secret")
    if not secret:
        raise ValueError("portal.secret must be set (a long random string)")
    config.set_session_factory(SignedCookieSessionFactory(
        secret, cookie_name=SESSION_COOKIE, httponly=True, samesite="Lax",
        secure=settings.get("portal.secure_cookies", "false").lower() == "true",
        timeout=int(settings.get("portal.session_timeout", 7200)), reissue_time=600))
    config.set_security_policy(PortalSecurityPolicy(SESSION_COOKIE))
    config.set_default_csrf_options(require_csrf=True)
    throttle.install(config)
    config.scan(".views")
    config.scan(".people")
    config.scan(".groups")
    config.scan(".sharing")
