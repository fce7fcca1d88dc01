"""Moving content into its site's trash, restoring it, purging what is past retention.

``site.trash`` is an OOBTree ``entry id → TrashEntry``. An entry id starts with the
inverted deletion time (fixed width), so the tree's own order is newest first and the
expired entries are one range at its end: listing and purging never sort or scan more
than they return. The random tail keeps ids unique without a counter on the site.
"""
import datetime
import uuid
from itertools import islice

from BTrees.OOBTree import OOBTree
from persistent import Persistent
from pyramid.traversal import resource_path

from ..content.api import add, remove
from ..content.resources import utcnow
from ..events import ObjectRestored
from ..i18n import _
from ..interfaces import IContainer, ISite
from ..plugins.state import find_site

TRASH_DAYS = 30
_MAX_MS = 10 ** 14 - 1  # inverted milliseconds since 1970 keep 14 digits until year 5138
_DIGITS = 14


class TrashError(ValueError):
    """Restoring is not possible; ``message`` is a translation string, ``status`` the HTTP
    status a view answers with (404 unknown entry, 410 expired, 409 no place to go)."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.message, self.status = message, status

    def __str__(self):
        return self.message.interpolate()


class TrashEntry(Persistent):
    """One deleted object (with its whole subtree) and where it came from.

    ``parent_path`` is the path of the original container *inside the site* ("/" for the
    site itself, "/tin-tuc" for a section): a path, not a reference, so it stays right
    when that container is trashed too, and when the site is renamed.
    """

    object = None
    parent_path = "/"
    name = ""
    title = ""
    type_name = ""
    deleted_by = None
    deleted_at = None

    def __init__(self, obj, parent_path, name, deleted_by, deleted_at):
        self.object = obj
        self.parent_path = parent_path
        self.name = name
        self.title = obj.title
        self.type_name = obj.type_name
        self.deleted_by = deleted_by
        self.deleted_at = deleted_at

    @property
    def path(self):
        """The object's original path inside its site."""
        return self.parent_path.rstrip("/") + "/" + self.name


def retention_days(registry):
    """Days an entry stays restorable: the ``portal.trash_days`` setting (default 30)."""
    try:
        days = int(registry.settings.get("portal.trash_days", TRASH_DAYS))
    except (TypeError, ValueError):
        return TRASH_DAYS
    return days if days > 0 else TRASH_DAYS


def _ms(moment):
    return int(moment.timestamp() * 1000)


def _new_id(deleted_at):
    return "%0*d-%s" % (_DIGITS, _MAX_MS - _ms(deleted_at), uuid.uuid4().hex[:12])


def _cutoff(now, days):
    return now - datetime.timedelta(days=days)


def is_expired(entry, now, days=TRASH_DAYS):
    """True when ``entry`` was deleted more than ``days`` days before ``now``."""
    return entry.deleted_at < _cutoff(now, days)


def _path_in_site(container, site):
    names = []
    node = container
    while node is not site:
        names.append(node.__name__)
        node = node.__parent__
    return "/" + "/".join(reversed(names))


def _resolve(site, path):
    """The container at ``path`` inside ``site``, or None if it is gone."""
    node = site
    for name in filter(None, path.split("/")):
        child = node.get(name) if IContainer.providedBy(node) else None
        if child is None:
            return None
        node = child
    return node if IContainer.providedBy(node) else None


def site_path(site, path):
    """``path`` inside ``site`` as a path from the portal root (for display)."""
    base = resource_path(site)
    if base == "/":
        return path
    return base if path == "/" else base + path


def move_to_trash(obj, request):
    """Take ``obj`` (and everything below it) out of the tree into its site's trash.

    Removes it like ``portal_core.content.remove`` (``ObjectRemoved`` is notified, so
    listings, the review queue and other indexes drop it), then writes a ``TrashEntry``
    into ``site.trash`` (created on first use). Returns the entry id. A site, or an
    object outside the tree, cannot be trashed (``ValueError``).
    """
    parent = obj.__parent__
    if ISite.providedBy(obj) or parent is None:
        raise ValueError("only content inside a site can be moved to the trash")
    site = find_site(parent)
    now = utcnow()
    entry = TrashEntry(obj, _path_in_site(parent, site), obj.__name__,
                       request.authenticated_userid, now)
    remove(parent, obj.__name__, request)
    if site.trash is None:
        site.trash = OOBTree()
    entry_id = _new_id(now)
    site.trash[entry_id] = entry
    return entry_id


def entries(site, now=None, days=TRASH_DAYS, limit=None):
    """Up to ``limit`` ``(entry_id, entry, expired)`` of ``site``'s trash, newest first
    (reads only those entries)."""
    if not site.trash:
        return []
    now = now or utcnow()
    return [(entry_id, entry, is_expired(entry, now, days))
            for entry_id, entry in islice(site.trash.items(), limit)]


def has_expired(site, now=None, days=TRASH_DAYS):
    """True when ``site``'s trash holds an entry past retention (reads the oldest one)."""
    if not site.trash:
        return False
    return is_expired(site.trash[site.trash.maxKey()], now or utcnow(), days)


def restore(site, entry_id, request, days=None):
    """Put entry ``entry_id`` back where it was and return the object.

    It goes into its original container under its original name, or a unique one
    (``name-2``, …) if that is taken meanwhile; its workflow state is kept. If the
    original container is gone (deleted itself), restoring is refused with
    ``TrashError`` (409) — restore that container first. An expired entry (older than
    ``days``, default ``portal.trash_days``, by the clock now) raises ``TrashError``
    (410), an unknown one 404.
    Writes the container and ``site.trash``; notifies ``ObjectAdded`` (listings, indexes)
    then ``ObjectRestored`` (audit log).
    """
    if days is None:
        days = retention_days(request.registry)
    entry = site.trash.get(entry_id) if site.trash else None
    if entry is None:
        raise TrashError(_("Không tìm thấy mục này trong thùng rác."), status=404)
    if is_expired(entry, utcnow(), days):
        raise TrashError(_("“${title}” đã ở trong thùng rác quá ${days} ngày nên không "
                           "khôi phục được nữa.",
                           mapping={"title": entry.title, "days": days}), status=410)
    parent = _resolve(site, entry.parent_path)
    if parent is None:
        raise TrashError(_("Không khôi phục được “${title}”: thư mục chứa nó "
                           "(${path}) không còn. Hãy khôi phục thư mục đó trước.",
                           mapping={"title": entry.title,
                                    "path": site_path(site, entry.parent_path)}),
                         status=409)
    obj = entry.object
    del site.trash[entry_id]
    add(parent, obj, request, name=entry.name)
    request.registry.notify(ObjectRestored(obj, request, parent=parent))
    return obj


def purge_expired(site, now=None, days=TRASH_DAYS):
    """Delete for good the entries of ``site``'s trash older than ``days`` at ``now``.

    Reads only the expired end of the tree; writes ``site.trash``. The objects' data
    (blobs included) leaves the database at the next pack. Returns how many went.
    """
    if not site.trash:
        return 0
    now = now or utcnow()
    # every entry deleted before the cutoff has a key at or after this bound
    bound = "%0*d" % (_DIGITS, _MAX_MS - _ms(_cutoff(now, days)))
    doomed = [entry_id for entry_id, entry in site.trash.items(min=bound)
              if is_expired(entry, now, days)]
    for entry_id in doomed:
        del site.trash[entry_id]
    return len(doomed)
