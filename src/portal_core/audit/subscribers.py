"""Subscribers that write the audit log in the transaction of the action they record.

Each reads the event (and its request, when there is one) and appends entries to
``portal.audit_log``; if the action's transaction aborts, its entry goes with it.
"""
import logging

from pyramid.traversal import find_root, resource_path

from ..interfaces import IPortal
from ..plugins.state import find_site
from ..text import nfc
from .storage import audit_log

log = logging.getLogger(__name__)
MAX_LOGIN = 64
MAX_COMMENT = 2000


def _client_ip(request):
    """The address the server saw (``REMOTE_ADDR``: waitress sets it from a trusted
    proxy's headers when configured with ``trusted_proxy``); never a client-supplied
    header, which anybody can forge."""
    return getattr(request, "remote_addr", None) if request is not None else None


def _forwarded_for(request):
    """An ``X-Forwarded-For`` header as claimed by the client or a proxy (kept, truncated,
    as a detail: useful behind an unconfigured proxy, but not trustworthy on its own)."""
    value = request.headers.get("X-Forwarded-For") if request is not None else None
    return value[:200] if value else None


def _portal(anchors, request):
    """The portal holding the first attached object of ``anchors``, else the request's."""
    for anchor in anchors:
        if anchor is None:
            continue
        root = find_root(anchor)
        if IPortal.providedBy(root):
            return root
    root = getattr(request, "root", None) if request is not None else None
    return root if IPortal.providedBy(root) else None


def _object_path(obj, parent=None):
    """``obj``'s path; for an object already detached from ``parent``, the path it had."""
    if obj is None:
        return None
    if obj.__parent__ is None and parent is not None and obj.__name__:
        return resource_path(parent).rstrip("/") + "/" + obj.__name__
    return resource_path(obj)


def _site_path(obj):
    site = find_site(obj) if obj is not None else None
    return resource_path(site) if site is not None else "/"


def record(request, action, obj=None, parent=None, site=None, actor=None, details=None,
           now=None):
    """Append one entry for ``action`` on ``obj`` (or about ``site``) by ``actor``.

    ``actor`` defaults to the request's authenticated user. Writes ``portal.audit_log``
    (creating it on first use); returns the entry's key, or None when no portal is found
    (an object outside any portal, a request without one: logged as a warning).
    """
    anchor = parent if obj is None or obj.__parent__ is None else obj
    portal = _portal((anchor, site), request)
    if portal is None:
        log.warning("audit: no portal for %s on %r; not recorded", action, obj)
        return None
    if actor is None and request is not None:
        actor = request.authenticated_userid
    details = dict(details or {})
    forwarded = _forwarded_for(request)
    if forwarded:
        details["forwarded_for"] = forwarded
    site_obj = site if site is not None else (anchor if anchor is not None else portal)
    return audit_log(portal, create=True).append(
        action, actor=actor, path=_object_path(obj, parent),
        title=nfc(obj.title) if obj is not None else None,
        site=_site_path(site_obj), details=details, ip=_client_ip(request), now=now)


def _request_site(request):
    return getattr(request, "context", None) or getattr(request, "root", None)


def audit_login(event):
    """LoginSucceeded: who logged in (the session is not readable yet in this request)."""
    record(event.request, "login", site=_request_site(event.request),
           actor=event.user.login)


def audit_login_failed(event):
    """LoginFailed: the attempted login name (truncated; it is anybody's input) and why."""
    record(event.request, "login-failed", site=_request_site(event.request),
           details={"login": nfc(event.login or "")[:MAX_LOGIN], "reason": event.reason})


def audit_logout(event):
    """LoggedOut: who logged out (the identity is already forgotten)."""
    record(event.request, "logout", site=_request_site(event.request),
           actor=event.user.login)


def audit_local_roles(event):
    """LocalRolesChanged: one ``role-granted`` and/or one ``role-revoked`` entry."""
    old, new = frozenset(event.old or ()), frozenset(event.new or ())
    for action, roles in (("role-granted", new - old), ("role-revoked", old - new)):
        if roles:
            record(event.request, action, obj=event.object,
                   details={"principal": event.principal, "roles": sorted(roles)})


def audit_plugin_enabled(event):
    """PluginEnabled: which plugin, on which site."""
    record(event.request, "plugin-enabled", obj=event.site, site=event.site,
           details={"plugin": event.name})


def audit_plugin_disabled(event):
    """PluginDisabled: which plugin, on which site."""
    record(event.request, "plugin-disabled", obj=event.site, site=event.site,
           details={"plugin": event.name})


def audit_transition(event):
    """WorkflowTransitioned: transition, source and destination states, comment."""
    record(event.request, "transition", obj=event.object,
           details={"transition": event.transition, "source": event.source,
                    "dest": event.dest, "comment": (event.comment or "")[:MAX_COMMENT],
                    "uid": event.object.uid})


def audit_removed(event):
    """ObjectRemoved: what was deleted (its path, title, type and uid)."""
    obj = event.object
    record(event.request, "deleted", obj=obj, parent=event.parent,
           details={"type": obj.type_name, "uid": obj.uid})


def audit_restored(event):
    """ObjectRestored: what came back from the trash, and where."""
    obj = event.object
    record(event.request, "restored", obj=obj, parent=event.parent,
           details={"type": obj.type_name, "uid": obj.uid})
