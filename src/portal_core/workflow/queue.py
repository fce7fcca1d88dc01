"""The review queue (Chờ duyệt): pending items per site, kept up to date by subscribers."""
from BTrees.OOBTree import OOBTree

from ..plugins.state import find_site


def _queue(site, create=False):
    queue = site.review_queue if site is not None else None
    if queue is None and create:
        queue = site.review_queue = OOBTree()
    return queue


def pending_items(site):
    """``[(since, obj)]`` waiting for review in ``site``, oldest first."""
    queue = _queue(site)
    if not queue:
        return []
    return sorted(((since, obj) for since, obj in queue.values()), key=lambda pair: pair[0])


def track_pending(event):
    """WorkflowTransitioned: enter or leave the queue of the item's site."""
    obj, site = event.object, find_site(event.object)
    if event.dest == "pending":
        entry = obj.workflow_history[-1] if obj.workflow_history else None
        _queue(site, create=True)[obj.uid] = (entry["time"] if entry else None, obj)
    elif event.source == "pending":
        queue = _queue(site)
        if queue is not None and obj.uid in queue:
            del queue[obj.uid]


def untrack_removed(event):
    """ObjectRemoved: a deleted item leaves the queue."""
    obj = event.object
    if getattr(obj, "workflow_state", None) == "pending" and event.parent is not None:
        queue = _queue(find_site(event.parent))
        if queue is not None and obj.uid in queue:
            del queue[obj.uid]
