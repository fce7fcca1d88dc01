"""Content events → index operations queued in the current transaction."""
import transaction
from pyramid.threadlocal import get_current_registry
from pyramid.traversal import resource_path

from ..interfaces import IContainer
from ..plugins import section_of
from .documents import searchable_of
from .queue import queue_for


def _registry(event):
    request = getattr(event, "request", None)
    return request.registry if request is not None else get_current_registry()


def _transaction(event, obj):
    """The transaction the change belongs to: the request's, else that of the
    connection ``obj`` (or its nearest stored ancestor) was loaded by."""
    request = getattr(event, "request", None)
    if request is not None and hasattr(request, "tm"):
        return request.tm.get()
    node = obj
    while node is not None:
        jar = getattr(node, "_p_jar", None)
        if jar is not None:
            return jar.transaction_manager.get()
        node = node.__parent__
    return transaction.get()


def _queue(event, obj=None):
    obj = obj if obj is not None else getattr(event, "parent", None) or event.object
    return queue_for(_transaction(event, obj), _registry(event))


def subtree(obj):
    """``obj`` and everything inside it."""
    yield obj
    if IContainer.providedBy(obj):
        for child in obj.values():
            yield from subtree(child)


def reindex_tree(obj, registry, queue):
    for node in subtree(obj):
        if searchable_of(node, registry) is not None:
            queue.reindex(node)


def on_added(event):
    """New content (or content restored from the trash, with what it holds)."""
    registry = _registry(event)
    if IContainer.providedBy(event.object):
        reindex_tree(event.object, registry, _queue(event))
    elif searchable_of(event.object, registry) is not None:
        _queue(event).reindex(event.object)


def on_changed(event):
    """An edit or a workflow transition: the item's document is recomputed."""
    if searchable_of(event.object, _registry(event)) is not None:
        _queue(event).reindex(event.object)


def on_removed(event):
    """Deleted or trashed: the item (and, for a container, its subtree) leaves the index."""
    obj, queue = event.object, _queue(event)
    if obj.uid:
        queue.remove(obj.uid)
        if IContainer.providedBy(obj):
            queue.remove_where(lineage=obj.uid)


def on_plugin_disabled(event):
    """A disabled plugin's content leaves the site's results."""
    _queue(event, event.site).remove_where(site=resource_path(event.site) or "/",
                                           plugin=event.name)


def on_plugin_enabled(event):
    section = section_of(event.site, event.name)
    if section is not None:
        reindex_tree(section, _registry(event), _queue(event, event.site))
