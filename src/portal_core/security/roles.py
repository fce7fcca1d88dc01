"""Roles granted globally (on the portal) or locally, inherited down the tree."""
from persistent.mapping import PersistentMapping

MANAGER, SITE_ADMIN, REVIEWER, EDITOR, CONTRIBUTOR, READER, OWNER = (
    "Manager", "SiteAdmin", "Reviewer", "Editor", "Contributor", "Reader", "Owner")
ANONYMOUS, AUTHENTICATED = "Anonymous", "Authenticated"
GRANTABLE_ROLES = (MANAGER, SITE_ADMIN, REVIEWER, EDITOR, CONTRIBUTOR, READER)
STAFF_ROLES = frozenset((MANAGER, SITE_ADMIN, REVIEWER, EDITOR, CONTRIBUTOR))


def local_roles(obj):
    """The ``{principal: frozenset(roles)}`` granted directly on ``obj``."""
    return obj.__local_roles__ or {}


def grant_role(obj, principal, role):
    """Grant ``role`` to ``principal`` on ``obj`` (writes ``obj``)."""
    if role not in GRANTABLE_ROLES:
        raise ValueError("unknown role: %s" % role)
    if obj.__local_roles__ is None:
        obj.__local_roles__ = PersistentMapping()
    obj.__local_roles__[principal] = frozenset(obj.__local_roles__.get(principal, ())) | {role}


def revoke_role(obj, principal, role):
    """Take ``role`` away from ``principal`` on ``obj`` (writes ``obj``)."""
    current = frozenset(local_roles(obj).get(principal, ())) - {role}
    if current:
        obj.__local_roles__[principal] = current
    elif principal in local_roles(obj):
        del obj.__local_roles__[principal]


def roles_in(context, principals):
    """Roles ``principals`` hold on ``context``: its own grants plus its ancestors'.

    Walks the lineage up to the first object that blocks inheritance.
    """
    roles = set()
    obj = context
    while obj is not None:
        granted = local_roles(obj)
        for principal in principals:
            roles.update(granted.get(principal, ()))
        if obj.__local_roles_block__:
            break
        obj = obj.__parent__
    return roles
