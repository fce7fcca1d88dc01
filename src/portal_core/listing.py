"""ZODB-native "newest first" listing indexes for sections, categories and home blocks.

A ``Listing`` keeps ``(-effective timestamp, uid) → object`` in an OOBTree, so page 1 of
a 100,000-item section costs what page 1 of a 100-item one costs: no folder scan, no
full-text engine. Items whose effective date is still ahead are skipped by starting the
range at "now"; expired items are filtered while reading, from expiry times kept in the
listing itself. Only items in a public workflow state are indexed: publishing adds an
item, retracting or archiving removes it. Containers that have a
``listing`` attribute are maintained by the core subscribers below in the same
transaction as the change, so a listing is always consistent with the tree.
"""
from itertools import islice

from BTrees.Length import Length
from BTrees.OOBTree import OOBTree
from persistent import Persistent

from .content.resources import utcnow
from .interfaces import IListable
from .workflow.api import is_public

PAGE_SIZE = 20


def page_number(request):
    """The ``?page=`` number of ``request`` (1 for anything not a positive integer)."""
    try:
        return max(1, int(request.GET.get("page", 1)))
    except ValueError:
        return 1
_INVERT_HEX = str.maketrans("0123456789abcdef", "fedcba9876543210")


def _key(obj):
    """Newest-first key: ``(-effective timestamp, uid)``."""
    return (-obj.effective.timestamp(), obj.uid)


def _ascending_key(key):
    """The exact reverse of ``key``'s order, ties included (uids are fixed-length hex)."""
    return (-key[0], key[1].translate(_INVERT_HEX))


class Listing(Persistent):
    """Objects ordered newest first by effective date.

    Besides the main tree it keeps the expiry time of the items that have one, so that
    reading never has to load an object to know whether it is live.
    """

    def __init__(self):
        self._tree = OOBTree()        # (-effective, uid) -> obj
        self._ascending = OOBTree()   # reverse order, for "newer" neighbours
        self._keys = OOBTree()        # uid -> key in _tree
        self._expiry = OOBTree()      # uid -> expires timestamp
        self._expiring = OOBTree()    # (expires timestamp, uid) -> None, to count expired
        self._count = Length()

    def __len__(self):
        return self._count()

    def __contains__(self, obj):
        return obj.uid in self._keys

    def __iter__(self):
        """Every indexed object, newest first, whatever its dates."""
        return iter(self._tree.values())

    def index(self, obj):
        """Add ``obj``, or re-key it after a change of dates (writes only what changed)."""
        key = _key(obj)
        old = self._keys.get(obj.uid)
        if old != key:
            if old is None:
                self._count.change(1)
            else:
                del self._tree[old]
                del self._ascending[_ascending_key(old)]
            self._tree[key] = obj
            self._ascending[_ascending_key(key)] = obj
            self._keys[obj.uid] = key
        self._set_expiry(obj.uid, obj.expires.timestamp() if obj.expires else None)

    def unindex(self, obj):
        """Remove ``obj`` if present."""
        old = self._keys.pop(obj.uid, None)
        if old is not None:
            del self._tree[old]
            del self._ascending[_ascending_key(old)]
            self._set_expiry(obj.uid, None)
            self._count.change(-1)

    def _set_expiry(self, uid, expires):
        old = self._expiry.get(uid)
        if old == expires:
            return
        if old is not None:
            del self._expiry[uid]
            del self._expiring[(old, uid)]
        if expires is not None:
            self._expiry[uid] = expires
            self._expiring[(expires, uid)] = None

    def _is_expired(self, uid, now_ts):
        expires = self._expiry.get(uid)
        return expires is not None and expires <= now_ts

    def _live(self, now, start_key=None, exclude_start=False):
        now_ts = (now or utcnow()).timestamp()
        low = start_key if start_key is not None else (-now_ts,)
        for key, obj in self._tree.items(min=low, excludemin=exclude_start):
            if not self._is_expired(key[1], now_ts):
                yield obj

    def latest(self, limit, now=None, where=None):
        """Up to ``limit`` live objects, newest first (``where`` filters further)."""
        out = []
        if limit <= 0:
            return out
        for obj in self._live(now):
            if where is None or where(obj):
                out.append(obj)
                if len(out) >= limit:
                    break
        return out

    def page(self, number, size=PAGE_SIZE, now=None):
        """Page ``number`` (1-based) of live objects, and the number of pages.

        Without expired items this is a positional slice of the tree; with some, the
        live keys before the page are skipped (no object is loaded to do so).
        """
        number = max(1, number)
        now_ts = (now or utcnow()).timestamp()
        first = (-now_ts,)
        future = len(self._tree.keys(max=first, excludemax=True))
        expired = len(self._expiring.keys(max=(now_ts, "~")))
        total = max(0, len(self) - future - expired)
        start = (number - 1) * size
        if expired:
            items = list(islice(self._live(now), start, start + size))
        else:
            items = list(self._tree.values(min=first)[start:start + size])
        return items, max(1, -(-total // size))

    def neighbours(self, obj, now=None):
        """``(newer, older)`` live neighbours of ``obj`` (either may be None)."""
        key = self._keys.get(obj.uid)
        if key is None:
            return None, None
        now = now or utcnow()
        now_ts = now.timestamp()
        older = next(self._live(now, key, exclude_start=True), None)
        newer = None
        for candidate in self._ascending.values(min=_ascending_key(key), excludemin=True):
            if candidate.effective > now:
                break
            if not self._is_expired(candidate.uid, now_ts):
                newer = candidate
                break
        return newer, older


class WithListing:
    """Mixin for containers: a ``listing`` of their listable children, newest first."""

    listing = None

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        self.listing = Listing()


def listings_of(obj):
    """The listings ``obj`` belongs in: its container's ``listing`` if it has one."""
    parent = obj.__parent__
    listing = getattr(parent, "listing", None)
    return [listing] if isinstance(listing, Listing) else []


def listed(obj, registry):
    """True when ``obj`` belongs in public listings: listable and in a public state."""
    return IListable.providedBy(obj) and is_public(obj, registry)


def update_listings(obj, registry):
    """Index ``obj`` in its container's listing if it is public, else take it out."""
    if not IListable.providedBy(obj):
        return
    public = is_public(obj, registry)
    for listing in listings_of(obj):
        if public:
            listing.index(obj)
        else:
            listing.unindex(obj)


def index_on_add(event):
    """ObjectAdded: put public listable content into its container's listing."""
    update_listings(event.object, event.request.registry)


def reindex_on_modify(event):
    """ObjectModified: re-key content whose effective or expiry date changed."""
    if {"effective", "expires"} & set(event.changed):
        update_listings(event.object, event.request.registry)


def reindex_on_transition(event):
    """WorkflowTransitioned: publishing lists an item, retracting or archiving unlists it."""
    update_listings(event.object, event.request.registry)


def unindex_on_remove(event):
    """ObjectRemoved: drop content from its container's listing."""
    if IListable.providedBy(event.object):
        for listing in listings_of(event.object):
            listing.unindex(event.object)


def includeme(config):
    from .events import ObjectAdded, ObjectModified, ObjectRemoved, WorkflowTransitioned
    config.add_subscriber(index_on_add, ObjectAdded)
    config.add_subscriber(reindex_on_transition, WorkflowTransitioned)
    config.add_subscriber(reindex_on_modify, ObjectModified)
    config.add_subscriber(unindex_on_remove, ObjectRemoved)
