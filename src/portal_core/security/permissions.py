"""Permission names and the default permission → roles table.

The table is code, not data: ACLs are computed from it (and, later, from the object's
workflow state) at request time, so changing it needs no migration.
"""
from pyramid.authorization import Allow, Everyone

from .roles import (ANONYMOUS, AUTHENTICATED, CONTRIBUTOR, EDITOR, MANAGER, OWNER, READER,
                    REVIEWER, SITE_ADMIN)

VIEW = "portal.view"
EDIT = "portal.edit"
DELETE = "portal.delete"
ADD_PREFIX = "portal.add."
CONTENTS = "portal.contents"
REVIEW = "portal.review"
SUBMIT = "portal.submit"
MANAGE_SITE = "portal.manage-site"
MANAGE_PLUGINS = "portal.manage-plugins"
MANAGE_SHARING = "portal.manage-sharing"
MANAGE_USERS = "portal.manage-users"

_ADMINS = frozenset((MANAGER, SITE_ADMIN))
_EDITORS = _ADMINS | {EDITOR}
_WRITERS = _EDITORS | {CONTRIBUTOR}

DEFAULT_ROLES = {
    VIEW: frozenset((ANONYMOUS, AUTHENTICATED)),
    EDIT: _EDITORS | {OWNER},
    DELETE: _EDITORS | {OWNER},
    CONTENTS: _WRITERS | {REVIEWER, READER},
    REVIEW: _ADMINS | {REVIEWER},
    SUBMIT: _WRITERS | {OWNER},
    MANAGE_SITE: _ADMINS,
    MANAGE_PLUGINS: _ADMINS,
    MANAGE_SHARING: _ADMINS,
    MANAGE_USERS: _ADMINS,
}
ADD_ROLES = _WRITERS


def add_permission(type_name):
    """The permission that guards adding content of ``type_name``."""
    return ADD_PREFIX + type_name


def roles_for(permission):
    """Roles that hold ``permission`` in the default table (empty set if unknown)."""
    if permission.startswith(ADD_PREFIX):
        return ADD_ROLES
    return DEFAULT_ROLES.get(permission, frozenset())


def acl_for(permission, roles=None):
    """The ACL granting ``permission`` to ``roles`` (default: the table's roles)."""
    roles = roles_for(permission) if roles is None else roles
    acl = [(Allow, "role:" + role, permission) for role in sorted(roles)]
    if ANONYMOUS in roles:
        acl.append((Allow, Everyone, permission))
    return acl
