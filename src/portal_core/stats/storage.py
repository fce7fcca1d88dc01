"""Persistent visit counters: written only by a flush in its own transaction, read by the
footer block and the ``@@stats`` page.

Shape
-----
The ZODB root's ``portal_stats`` is an ``OOBTree`` of site uid → ``SiteStats``:

- ``total``: a ``BTrees.Length.Length`` of page views counted here (``start_total``, a
  plain integer the administrator sets, is added to it for display);
- ``days`` / ``months``: ``OOBTree`` of ``"2025-06-01"`` / ``"2025-06"`` (Vietnam time) →
  ``Length``;
- ``items``: ``OOBTree`` of content uid → ``Length``;
- ``online``: ``OOBTree`` of process key → ``OnlineSlot`` (``{visitor hash: last seen}``
  of that process, rewritten by its flushes).

Conflicts
---------
``Length`` resolves concurrent increments (``committed + new - old``), so processes that
flush at the same time add up exactly. What a ``Length`` cannot resolve is two
transactions inserting the same new key (the first flush of a day by two processes, the
first view of an item) or a bucket split: the flush retries its transaction on
``ConflictError``. Each process writes only its own ``OnlineSlot``; slots of processes
gone for ``SLOT_EXPIRY`` are removed by any flush.
"""
from BTrees.Length import Length
from BTrees.OOBTree import OOBTree
from persistent import Persistent

from ..dates import VIETNAM

ROOT_KEY = "portal_stats"
ONLINE_WINDOW = 5 * 60            # seconds: "online now" = seen in the last 5 minutes
SLOT_EXPIRY = 60 * 60             # seconds before a silent process's slot is removed


def day_key(moment):
    """``"YYYY-MM-DD"`` of ``moment`` (aware) in Vietnam time."""
    return moment.astimezone(VIETNAM).strftime("%Y-%m-%d")


def month_key(moment):
    """``"YYYY-MM"`` of ``moment`` (aware) in Vietnam time."""
    return moment.astimezone(VIETNAM).strftime("%Y-%m")


class OnlineSlot(Persistent):
    """One process's recent visitors of one site: ``seen`` = ``{hash: epoch seconds}``."""

    updated = 0

    def __init__(self):
        self.seen = {}


class SiteStats(Persistent):
    """The counters of one site (see the module docstring)."""

    start_total = 0        # carried over from an older system; set on @@stats

    def __init__(self):
        self.total = Length()
        self.days = OOBTree()
        self.months = OOBTree()
        self.items = OOBTree()
        self.online = OOBTree()

    def counted(self):
        """Page views counted by this portal (without ``start_total``)."""
        return self.total()

    def visits(self):
        """The displayed total: ``start_total`` + page views counted here."""
        return self.start_total + self.total()

    def on_day(self, key):
        length = self.days.get(key)
        return length() if length is not None else 0

    def in_month(self, key):
        length = self.months.get(key)
        return length() if length is not None else 0

    def of_item(self, uid):
        length = self.items.get(uid)
        return length() if length is not None else 0

    def online_visitors(self, now_epoch):
        """Distinct visitors seen by any process in the last ``ONLINE_WINDOW`` seconds
        (a visitor served by two processes counts once). Reads every slot."""
        since = now_epoch - ONLINE_WINDOW
        visitors = set()
        for slot in self.online.values():
            if slot.updated >= since:
                visitors.update(h for h, seen in slot.seen.items() if seen >= since)
        return len(visitors)

    def online_signature(self):
        """What ``online_visitors`` depends on besides the time (for caching it)."""
        signature = []
        for key, slot in self.online.items():
            slot._p_activate()
            signature.append((key, slot._p_serial))
        return tuple(signature)


def stats_tree(root):
    """The ``{site uid: SiteStats}`` tree of the ZODB ``root``, or None before any flush."""
    return root.get(ROOT_KEY)


def site_stats(root, site_uid, create=False):
    """The ``SiteStats`` of ``site_uid`` (None if absent and not ``create``); creating
    writes the root (once) and the tree."""
    tree = root.get(ROOT_KEY)
    if tree is None:
        if not create:
            return None
        tree = root[ROOT_KEY] = OOBTree()
    stats = tree.get(site_uid)
    if stats is None and create:
        stats = tree[site_uid] = SiteStats()
    return stats


def _add(tree, key, count):
    length = tree.get(key)
    if length is None:
        length = tree[key] = Length()
    length.change(count)


def apply_batch(root, batch, process_key, now_epoch):
    """Add ``batch`` (a ``counter.Batch``) to the counters under ``root`` and rewrite this
    process's online slots; the caller commits (and retries on ConflictError)."""
    for site_uid, pending in batch.sites.items():
        stats = site_stats(root, site_uid, create=True)
        if pending.total:
            stats.total.change(pending.total)
        for key, count in pending.days.items():
            _add(stats.days, key, count)
        for key, count in pending.months.items():
            _add(stats.months, key, count)
        for uid, count in pending.items.items():
            _add(stats.items, uid, count)
    for site_uid, seen in batch.online.items():
        stats = site_stats(root, site_uid, create=True)
        slot = stats.online.get(process_key)
        if slot is None:
            slot = stats.online[process_key] = OnlineSlot()
        slot.seen = dict(seen)
        slot.updated = now_epoch
        _remove_expired_slots(stats.online, now_epoch)


def _remove_expired_slots(slots, now_epoch):
    expired = [key for key, slot in slots.items() if slot.updated < now_epoch - SLOT_EXPIRY]
    for key in expired:
        del slots[key]


def set_start_total(root, site_uid, value):
    """Set the total carried over from an older system (writes ``SiteStats`` only)."""
    stats = site_stats(root, site_uid, create=True)
    if stats.start_total != value:
        stats.start_total = value
