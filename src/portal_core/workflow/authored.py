"""Each site's index of who created what, for the "my items" page (``@@my-items``)."""
from BTrees.OOBTree import OOBTree

from ..plugins.state import find_site

_MAX = "\uffff"


def authored_by(site, login):
    """Objects ``login`` created in ``site`` (any state)."""
    index = site.authored if site is not None else None
    if not index or not login:
        return []
    return list(index.values(min=(login, ""), max=(login, _MAX)))


def index_author(event):
    """ObjectAdded: remember content with a workflow under its creator."""
    obj = event.object
    if obj.creator and obj.workflow_state is not None:
        site = find_site(obj)
        if site.authored is None:
            site.authored = OOBTree()
        site.authored[(obj.creator, obj.uid)] = obj


def unindex_author(event):
    """ObjectRemoved: forget it."""
    obj = event.object
    site = find_site(event.parent) if event.parent is not None else None
    index = site.authored if site is not None else None
    if index is not None and obj.creator:
        index.pop((obj.creator, obj.uid), None)
