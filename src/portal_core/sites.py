"""Every site of the portal (the portal itself and the sites inside it, such as commune
sites), without walking the tree: the portal keeps ``site_registry`` ({uid: site})."""
from BTrees.OOBTree import OOBTree
from pyramid.traversal import find_root

from .events import ObjectAdded, ObjectRemoved
from .interfaces import IPortal, ISite


def all_sites(portal):
    """``[portal, *sites]``: the portal first, then its sites by title."""
    registry = portal.site_registry
    sites = [s for s in registry.values() if s.__parent__ is not None] if registry else []
    return [portal] + sorted(sites, key=lambda s: (s.title, s.uid))


def register_site(event):
    """ObjectAdded: a new (or restored) site is known to its portal."""
    site = event.object
    if not ISite.providedBy(site) or IPortal.providedBy(site):
        return
    root = find_root(event.parent if event.parent is not None else site)
    if not IPortal.providedBy(root):
        return
    if root.site_registry is None:
        root.site_registry = OOBTree()
    root.site_registry[site.uid] = site


def unregister_site(event):
    """ObjectRemoved: a deleted (or trashed) site is forgotten."""
    site = event.object
    if not ISite.providedBy(site) or event.parent is None:
        return
    root = find_root(event.parent)
    if IPortal.providedBy(root) and root.site_registry is not None:
        root.site_registry.pop(site.uid, None)


def includeme(config):
    config.add_subscriber(register_site, ObjectAdded)
    config.add_subscriber(unregister_site, ObjectRemoved)
