"""Full-text search: Vietnamese analysis, a transaction-joined index queue, a backend
interface with Whoosh as the embedded default, permission-aware queries, the search
page and the header search box.

Public API: ``Searchable``, ``Facet`` (declared on a ``TypeInfo`` as ``search=``),
``SearchBackend``, ``SearchQuery``, ``ParsedQuery``, ``access_for``, ``search_backend``.

Settings: ``portal.search.dir`` (index directory; unset keeps it in memory, one process
only), ``portal.search.synchronous`` (write in the committing thread; for tests and
tools), ``portal.search.rebuild`` (``background`` (default), ``sync`` or ``off``: what to
do at start-up with a missing, stale or unreadable index).
"""
import logging

from pyramid.settings import asbool

from ..events import (ObjectAdded, ObjectModified, ObjectRemoved, PluginDisabled,
                      PluginEnabled, WorkflowTransitioned)
from .access import access_for  # noqa: F401
from .analysis import ParsedQuery  # noqa: F401
from .backend import Access, Grant, SearchBackend, SearchQuery, SearchResults  # noqa: F401
from .documents import Facet, Searchable  # noqa: F401
from .queue import IndexWriter
from .rebuild import rebuild, rebuild_in_background
from . import subscribers
from .whoosh_backend import WhooshBackend

log = logging.getLogger(__name__)


def search_backend(registry):
    """The process's ``SearchBackend``."""
    return registry.portal_search


def start(registry):
    """At start-up (after the portal exists): rebuild the index if it was missing, of
    another schema or unreadable; pages are served meanwhile."""
    state = registry.portal_search_state
    registry.portal_search_rebuilding = None
    if state == "ok":
        return None
    mode = registry.settings.get("portal.search.rebuild", "background")
    log.warning("search index %s: %s", state,
                "rebuilding" if mode != "off" else "run `portal CONFIG reindex`")
    if mode == "sync":
        rebuild(registry)
    elif mode != "off":
        registry.portal_search_rebuilding = rebuild_in_background(registry)
    return registry.portal_search_rebuilding


def includeme(config):
    settings = config.registry.settings
    backend = WhooshBackend(settings.get("portal.search.dir") or None)
    config.registry.portal_search = backend
    config.registry.portal_search_state = backend.store.ensure()
    config.registry.portal_search_writer = IndexWriter(
        backend, synchronous=asbool(settings.get("portal.search.synchronous", False)))
    config.add_subscriber(subscribers.on_added, ObjectAdded)
    config.add_subscriber(subscribers.on_changed, ObjectModified)
    config.add_subscriber(subscribers.on_changed, WorkflowTransitioned)
    config.add_subscriber(subscribers.on_removed, ObjectRemoved)
    config.add_subscriber(subscribers.on_plugin_enabled, PluginEnabled)
    config.add_subscriber(subscribers.on_plugin_disabled, PluginDisabled)
    config.scan(".views")
