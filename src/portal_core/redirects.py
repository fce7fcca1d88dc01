"""Moved content keeps its old addresses: ``portal.redirects`` maps an old path to the
new one, and a request for the old path (or anything below it) answers 301.

Renamed or merged sites, renamed sections: call ``add_redirect`` after moving.
"""
from BTrees.OOBTree import OOBTree
from pyramid.traversal import find_root

MAX_DEPTH = 20


def add_redirect(context, old_path, new_path):
    """Remember that ``old_path`` is now ``new_path`` (writes the portal). Earlier
    redirects that pointed at ``old_path`` now point at ``new_path`` (no chains)."""
    portal = find_root(context)
    if portal.redirects is None:
        portal.redirects = OOBTree()
    old_path, new_path = _clean(old_path), _clean(new_path)
    for key, target in list(portal.redirects.items()):
        if target == old_path or target.startswith(old_path + "/"):
            portal.redirects[key] = new_path + target[len(old_path):]
    portal.redirects.pop(new_path, None)
    portal.redirects[old_path] = new_path


def redirect_for(portal, path):
    """The new path for ``path`` if it or one of its ancestors moved, else None."""
    redirects = getattr(portal, "redirects", None)
    if not redirects:
        return None
    parts = _clean(path).split("/")
    slash = "/" if path.endswith("/") and len(path) > 1 else ""
    for end in range(min(len(parts), MAX_DEPTH + 1), 1, -1):
        target = redirects.get("/".join(parts[:end]))
        if target is not None:
            rest = "/".join(parts[end:])
            return target + ("/" + rest if rest else "") + slash
    return None


def _clean(path):
    return "/" + path.strip("/")
