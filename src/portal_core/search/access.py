"""Who may see what in search results, as an ``Access`` for the backends.

Anonymous visitors get public, live items. A logged-in user also gets, per workflow
state, the items below the places where they hold a role that may edit in that state
(and their own items where the owner may edit). This is decided at query time from
``role_holders``, so granting a role needs no reindexing.
"""
from pyramid.traversal import find_root

from ..content.resources import utcnow
from ..security.permissions import EDIT, roles_for
from ..security.roles import OWNER, holdings
from .backend import Access, Grant


def _minute(now):
    return now.replace(second=0, microsecond=0)


def _state_tables(registry):
    """``{"workflow:state": roles that may edit there}``, plus ``""`` for content without
    a workflow (the default table)."""
    tables = {"": roles_for(EDIT)}
    for workflow in registry.portal_workflows.values():
        for state in workflow.states:
            roles = state.roles.get(EDIT)
            tables["%s:%s" % (workflow.name, state.name)] = \
                tables[""] if roles is None else roles
    return tables


def access_for(request, now=None):
    """The ``Access`` of the current user (results are cached per minute: ``now`` is
    rounded down to it)."""
    now = _minute(now or utcnow())
    user = request.identity
    if user is None:
        return Access(now=now)
    root = find_root(request.context)
    held = holdings(root, [user.principal] + ["group:" + g for g in user.groups])
    grants = {}
    for state, roles in _state_tables(request.registry).items():
        within = frozenset(obj.uid for obj, have in held if have & roles)
        owner = user.login if OWNER in roles else None
        if within or owner:
            grants.setdefault((within, owner), set()).add(state)
    return Access(now=now, grants=tuple(
        Grant(states=frozenset(states), within=within, owner=owner)
        for (within, owner), states in sorted(grants.items(), key=lambda kv: sorted(kv[1]))))

