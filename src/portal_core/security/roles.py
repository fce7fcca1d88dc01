"""Roles granted globally (on the portal) or locally, inherited down the tree.

The root keeps ``role_holders`` ({(principal, uid): object}), so that "where does this
user hold roles?" is answered without walking the tree (search uses it).
"""
from BTrees.OOBTree import OOBTree
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
    _note_holder(obj, principal)


def revoke_role(obj, principal, role):
    """Take ``role`` away from ``principal`` on ``obj`` (writes ``obj``)."""
    current = frozenset(local_roles(obj).get(principal, ())) - {role}
    if current:
        obj.__local_roles__[principal] = current
    elif principal in local_roles(obj):
        del obj.__local_roles__[principal]
    _note_holder(obj, principal)


def _root(obj):
    while obj.__parent__ is not None:
        obj = obj.__parent__
    return obj


def _note_holder(obj, principal):
    """Keep the root's ``role_holders`` in step with ``obj``'s grants to ``principal``."""
    root = _root(obj)
    if not hasattr(root, "role_holders") or not obj.uid:
        return
    if root.role_holders is None:
        root.role_holders = OOBTree()
    key = (principal, obj.uid)
    if local_roles(obj).get(principal):
        root.role_holders[key] = obj
    else:
        root.role_holders.pop(key, None)


def holdings(root, principals):
    """``[(obj, roles)]``: the objects where one of ``principals`` holds local roles,
    with the roles they hold there."""
    found = {}
    holders = getattr(root, "role_holders", None)
    if holders is None:
        return []
    for principal in principals:
        for (_, uid), obj in holders.items(min=(principal, ""), max=(principal, "\uffff")):
            entry = found.setdefault(uid, [obj, set()])
            entry[1].update(local_roles(obj).get(principal, ()))
    return [(obj, frozenset(roles)) for obj, roles in found.values() if roles]


def index_role_holders(root):
    """Rebuild ``root.role_holders`` by walking the whole tree (an upgrade step)."""
    root.role_holders = OOBTree()
    stack = [root]
    while stack:
        obj = stack.pop()
        for principal in local_roles(obj):
            _note_holder(obj, principal)
        if hasattr(obj, "values") and hasattr(obj, "page"):
            stack.extend(obj.values())


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
