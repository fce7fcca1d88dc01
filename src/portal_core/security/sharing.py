"""``@@sharing``: grant and revoke local roles on a site, section or folder.

The page lists every user and group with roles granted here or inherited from above
(up to the first object that blocks inheritance), plus users and groups found by the
``q`` search. Each row has a checkbox per grantable role; Manager is grantable only by a
Manager. Every change goes through ``grant_role``/``revoke_role`` and notifies
``LocalRolesChanged(obj, principal, old, new, request)`` once per principal.
"""
from types import SimpleNamespace

from pyramid.httpexceptions import HTTPBadRequest, HTTPForbidden, HTTPSeeOther
from pyramid.view import view_config

from .. import events
from ..i18n import _, flash
from ..interfaces import IContainer
from . import user_roles
from ..text import fold, nfc
from .groups import groups_of
from .people import search_users
from .permissions import MANAGE_SHARING
from .policy import find_portal
from .roles import (CONTRIBUTOR, EDITOR, GRANTABLE_ROLES, MANAGER, READER, REVIEWER,
                    SITE_ADMIN, grant_role, local_roles, revoke_role)

ROLE_TITLES = {
    MANAGER: _("Quản trị hệ thống"),
    SITE_ADMIN: _("Quản trị trang"),
    REVIEWER: _("Người duyệt"),
    EDITOR: _("Biên tập viên"),
    CONTRIBUTOR: _("Cộng tác viên"),
    READER: _("Người đọc"),
}
SEARCH_LIMIT = 20
MAX_PRINCIPALS = 500
FIELD_PREFIX = "role."


def grantable_roles(context, request):
    """Roles the current user may grant or revoke on ``context``."""
    if MANAGER in user_roles(request, context):
        return GRANTABLE_ROLES
    return tuple(role for role in GRANTABLE_ROLES if role != MANAGER)


def inherited_roles(context):
    """``{principal: set(roles)}`` granted on the ancestors of ``context`` that it
    inherits from (none when ``context`` blocks inheritance). Reads the lineage."""
    inherited = {}
    if context.__local_roles_block__:
        return inherited
    obj = context.__parent__
    while obj is not None:
        for principal, roles in local_roles(obj).items():
            inherited.setdefault(principal, set()).update(roles)
        if obj.__local_roles_block__:
            break
        obj = obj.__parent__
    return inherited


def describe(portal, principal):
    """``(title, kind, exists)`` of ``user:<login>`` or ``group:<id>``."""
    kind, _sep, name = principal.partition(":")
    if kind == "user":
        user = portal.users.get(name)
        return (user.display_name if user else name), kind, user is not None
    if kind == "group":
        groups = groups_of(portal)
        group = groups.get(name) if groups is not None else None
        return (group.display_name if group else name), kind, group is not None
    return principal, kind, False


def search_principals(portal, query):
    """``user:``/``group:`` principals whose login, id, name, e-mail or unit contains
    ``query`` (diacritics and case ignored); at most ``SEARCH_LIMIT`` of each kind."""
    found = [user.principal for user in search_users(portal.users, query, SEARCH_LIMIT)]
    groups = groups_of(portal)
    if groups is not None:
        needle = fold(nfc(query)).strip()
        matching = [g.principal for g in groups.values()
                    if needle in fold(g.id + " " + g.title)]
        found.extend(matching[:SEARCH_LIMIT])
    return found


def sharing_rows(context, request, query=""):
    """One row per principal with roles here or above, then the search results."""
    portal = find_portal(request)
    local = local_roles(context)
    inherited = inherited_roles(context)
    principals = sorted(set(local) | set(inherited))
    if query:
        principals += [p for p in search_principals(portal, query) if p not in principals]
    rows = []
    for principal in principals:
        title, kind, exists = describe(portal, principal)
        rows.append(SimpleNamespace(
            principal=principal, title=title, kind=kind, exists=exists,
            local=frozenset(local.get(principal, ())),
            inherited=frozenset(inherited.get(principal, ()))))
    return rows


def _posted_changes(context, request, grantable):
    """``{principal: wanted roles}`` from the form; 400 on unknown principals or roles,
    403 on a role the user may not grant."""
    portal = find_portal(request)
    post = request.POST
    wanted = {p: set() for p in post.getall("principal")[:MAX_PRINCIPALS]}
    for key in post:
        if key.startswith(FIELD_PREFIX):
            role, _sep, principal = key[len(FIELD_PREFIX):].partition(".")
            if role not in GRANTABLE_ROLES:
                raise HTTPBadRequest(_("Vai trò không hợp lệ."))
            if role not in grantable:
                raise HTTPForbidden(_("Bạn không được cấp vai trò “${role}”.",
                                      mapping={"role": ROLE_TITLES[role]}))
            wanted.setdefault(principal, set()).add(role)
    local = local_roles(context)
    for principal in wanted:
        if principal not in local and not describe(portal, principal)[2]:
            raise HTTPBadRequest(_("Không có người dùng hoặc nhóm “${name}”.",
                                   mapping={"name": principal[:80]}))
    return wanted


def apply_changes(context, request, wanted, grantable):
    """Grant/revoke so that each principal holds ``wanted`` among ``grantable`` here
    (other roles are kept); notifies ``LocalRolesChanged``. Returns the number of
    principals changed. Writes ``context``."""
    changed = 0
    for principal, roles in sorted(wanted.items()):
        old = frozenset(local_roles(context).get(principal, ()))
        for role in sorted(roles - old):
            grant_role(context, principal, role)
        for role in sorted((old & set(grantable)) - roles):
            revoke_role(context, principal, role)
        new = frozenset(local_roles(context).get(principal, ()))
        if new != old:
            changed += 1
            request.registry.notify(events.LocalRolesChanged(context, principal, old, new,
                                                             request))
    return changed


@view_config(context=IContainer, name="sharing", renderer="portal_core:templates/sharing.pt",
             permission=MANAGE_SHARING)
def sharing_view(context, request):
    """GET: the table (``q`` adds matching users and groups). POST: apply the checkboxes
    of the rows that were shown."""
    grantable = grantable_roles(context, request)
    if request.method == "POST":
        wanted = _posted_changes(context, request, grantable)
        changed = apply_changes(context, request, wanted, grantable)
        if changed:
            flash(request, _("Đã lưu phân quyền (${count} thay đổi).",
                             mapping={"count": changed}))
        else:
            flash(request, _("Không có thay đổi nào."))
        return HTTPSeeOther(request.resource_url(context, "@@sharing"))
    query = request.GET.get("q", "")[:100].strip()
    return {"rows": sharing_rows(context, request, query), "query": query,
            "roles": GRANTABLE_ROLES, "grantable": grantable, "role_titles": ROLE_TITLES,
            "field": lambda role, principal: FIELD_PREFIX + role + "." + principal,
            "blocked": bool(context.__local_roles_block__)}
