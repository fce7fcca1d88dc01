"""Revision history: each save of a content item stores a numbered revision (who, when,
which fields changed, a snapshot of the values); ``@@history``, ``@@diff`` and
``@@revert`` show, compare and restore them; ``EditView`` refuses a save made from an
outdated form (see ``conflict``).

Storage and its bound are described in ``portal_core.revisions.api`` and
``docs/revisions.md``. Public API: ``record``, ``revert``, ``current_number``,
``RevisionHistory``, ``Revision``, ``KEEP_LATEST``.
"""
from ..events import ObjectAdded, ObjectModified
from .api import (KEEP_LATEST, Revision, RevisionHistory, current_number,  # noqa: F401
                  record, record_on_add, record_on_modify, revert)


def includeme(config):
    """Subscribers storing revisions, the bound from ``portal.revisions.keep``, views."""
    settings = config.registry.settings
    config.registry.portal_revisions_keep = max(
        1, int(settings.get("portal.revisions.keep", KEEP_LATEST)))
    config.add_subscriber(record_on_add, ObjectAdded)
    config.add_subscriber(record_on_modify, ObjectModified)
    config.scan(".views")
