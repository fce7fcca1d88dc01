"""Rebuilding the index from ZODB (``portal CONFIG reindex``, and at start-up when the
index is missing, from another schema or unreadable)."""
import logging
import threading

import transaction

from ..bootstrap import ROOT_KEY
from ..plugins import is_available
from .documents import document_for, new_version

log = logging.getLogger(__name__)


def documents(portal, registry, version):
    """Search documents of every searchable item reachable from ``portal`` (content of
    disabled plugins is left out)."""
    stack = [portal]
    while stack:
        obj = stack.pop()
        if hasattr(obj, "values") and hasattr(obj, "page"):
            if obj is not portal and not is_available(obj, registry):
                continue
            stack.extend(obj.values())
        doc = document_for(obj, registry, version)
        if doc is not None:
            yield doc


def rebuild(registry):
    """Rebuild the whole index from a consistent snapshot of the database; returns the
    number of documents."""
    backend = registry.portal_search
    tm = transaction.TransactionManager()
    conn = registry._zodb_databases[""].open(transaction_manager=tm)
    count = 0

    def counted(portal, version):
        nonlocal count
        for doc in documents(portal, registry, version):
            count += 1
            yield doc
    try:
        portal = conn.root().get(ROOT_KEY)
        if portal is None:
            return 0
        version = new_version()
        backend.rebuild(counted(portal, version), live_version=version)
    finally:
        tm.abort()
        conn.close()
    log.info("search index rebuilt: %d documents", count)
    return count


def rebuild_in_background(registry):
    """Start a rebuild in a daemon thread; pages keep being served meanwhile."""
    def run():
        try:
            rebuild(registry)
        except Exception:
            log.exception("rebuilding the search index failed; run `portal CONFIG reindex`")
    thread = threading.Thread(target=run, name="portal-search-rebuild", daemon=True)
    thread.start()
    return thread
