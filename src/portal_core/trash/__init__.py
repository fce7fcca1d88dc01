"""The trash (Thùng rác): deleting moves content, with its whole subtree, into its site's
trash, from which a SiteAdmin (or Manager) can restore it; nothing is lost by a mis-click.

- ``@@delete`` calls ``move_to_trash``: the object leaves the tree (``ObjectRemoved``:
  listings, review queue and indexes drop it) and is kept in ``site.trash`` of the
  nearest site with its original container's path, name, title, type, who deleted it and
  when.
- ``@@trash`` on a site (permission ``portal.manage-site``) lists the entries newest first
  and restores one: back into its original container under its original name (a unique
  ``name-2`` if that is taken meanwhile), workflow state kept (``ObjectAdded`` then
  ``ObjectRestored``). If the original container is gone — deleted itself — restoring
  is refused with a message saying to restore that container first; content is never
  put somewhere its type may not live.
- **Retention: 30 days** (setting ``portal.trash_days``). Older entries are no longer
  offered for restore — decided by the clock when the trash is read, not by a job — and
  ``purge_expired`` deletes them for good. It runs from the "purge" button on
  ``@@trash`` and from ``portal CONFIG purge-trash [--site PATH]`` (a daily cron job per
  site is the intended use). Purged data leaves the database at the next ZODB pack.

Public API: ``move_to_trash(obj, request)``, ``restore(site, entry_id, request)``,
``purge_expired(site, now)``, ``entries``, ``retention_days``, ``TrashError``.
"""
from .api import (TRASH_DAYS, TrashEntry, TrashError, entries, has_expired,  # noqa: F401
                  is_expired, move_to_trash, purge_expired, restore, retention_days, site_path)


def includeme(config):
    config.scan(".views")
