"""ZODB-native "newest first" listing indexes for sections, categories and home blocks.

A ``Listing`` keeps ``(-effective timestamp, uid) → object`` in an OOBTree, so page 1 of
a 100,000-item section costs what page 1 of a 100-item one costs: no folder scan, no
full-text engine. Items whose effective date is still ahead are skipped by starting the
range at "now"; expired items are filtered while reading. Containers that have a
``listing`` attribute are maintained by the core subscribers below in the same
transaction as the change, so a listing is always consistent with the tree.
"""
from BTrees.Length import Length
from BTrees.OOBTree import OOBTree
from persistent import Persistent

from .content.resources import utcnow
from .interfaces import IListable

PAGE_SIZE = 20


def _key(obj):
    return (-obj.effective.timestamp(), obj.uid)


class Listing(Persistent):
    """Objects ordered newest first by effective date."""

    def __init__(self):
        self._tree = OOBTree()
        self._ascending = OOBTree()
        self._keys = OOBTree()
        self._count = Length()

    def __len__(self):
        return self._count()

    def __contains__(self, obj):
        return obj.uid in self._keys

    def index(self, obj):
        """Add ``obj`` or move it after an effective-date change (writes only if needed)."""
        key = _key(obj)
        old = self._keys.get(obj.uid)
        if old == key:
            return
        if old is None:
            self._count.change(1)
        else:
            del self._tree[old]
            del self._ascending[(-old[0], old[1])]
        self._tree[key] = obj
        self._ascending[(-key[0], key[1])] = obj
        self._keys[obj.uid] = key

    def unindex(self, obj):
        """Remove ``obj`` if present."""
        old = self._keys.pop(obj.uid, None)
        if old is not None:
            del self._tree[old]
            del self._ascending[(-old[0], old[1])]
            self._count.change(-1)

    def _live(self, now, start_key=None, exclude_start=False):
        now = now or utcnow()
        low = start_key if start_key is not None else (-now.timestamp(),)
        for obj in self._tree.values(min=low, excludemin=exclude_start):
            if obj.expires is None or obj.expires > now:
                yield obj

    def latest(self, limit, now=None, where=None):
        """Up to ``limit`` live objects, newest first (``where`` filters further)."""
        out = []
        for obj in self._live(now):
            if where is None or where(obj):
                out.append(obj)
                if len(out) >= limit:
                    break
        return out

    def page(self, number, size=PAGE_SIZE, now=None):
        """Page ``number`` (1-based) of live objects and the page count (from the length)."""
        number = max(1, number)
        now = now or utcnow()
        first = (-now.timestamp(),)
        skipped_future = len(self._tree.keys(max=first, excludemax=True))
        total = max(0, len(self) - skipped_future)
        pages = max(1, -(-total // size))
        start = (number - 1) * size
        items = self._tree.values(min=first)
        out = []
        for obj in items[start:start + size * 2]:
            if obj.expires is None or obj.expires > now:
                out.append(obj)
                if len(out) == size:
                    break
        return out, pages

    def neighbours(self, obj, now=None):
        """``(newer, older)`` live neighbours of ``obj`` (either may be None)."""
        key = self._keys.get(obj.uid)
        if key is None:
            return None, None
        now = now or utcnow()
        older = next(self._live(now, key, exclude_start=True), None)
        newer = None
        for candidate in self._ascending.values(min=(-key[0], key[1]), excludemin=True):
            if candidate.effective > now:
                break
            if candidate.expires is None or candidate.expires > now:
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


def index_on_add(event):
    """ObjectAdded: put listable content into its container's listing."""
    if IListable.providedBy(event.object):
        for listing in listings_of(event.object):
            listing.index(event.object)


def reindex_on_modify(event):
    """ObjectModified: re-key content whose effective date changed."""
    if IListable.providedBy(event.object) and "effective" in event.changed:
        for listing in listings_of(event.object):
            listing.index(event.object)


def unindex_on_remove(event):
    """ObjectRemoved: drop content from its container's listing."""
    if IListable.providedBy(event.object):
        for listing in listings_of(event.object):
            listing.unindex(event.object)


def includeme(config):
    from .events import ObjectAdded, ObjectModified, ObjectRemoved
    config.add_subscriber(index_on_add, ObjectAdded)
    config.add_subscriber(reindex_on_modify, ObjectModified)
    config.add_subscriber(unindex_on_remove, ObjectRemoved)
