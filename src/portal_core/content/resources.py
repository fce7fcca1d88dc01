"""Persistent base classes: Content, Folder, Section, Site and Portal.

Every attribute has a class-level default so that objects stored by an older version
read correctly without a migration.
"""
import datetime
import uuid

from BTrees.Length import Length
from BTrees.OOBTree import OOBTree
from persistent import Persistent
from persistent.mapping import PersistentMapping
from zope.interface import implementer

from ..interfaces import IContainer, IContent, IListable, IPortal, ISection, ISite
from ..text import nfc


def utcnow():
    """Timezone-aware current time; the one clock content dates are taken from."""
    return datetime.datetime.now(datetime.timezone.utc)


@implementer(IContent)
class Content(Persistent):
    """Base of every content object: identity, Dublin Core-like metadata, local roles."""

    type_name = "Content"
    __name__ = None
    __parent__ = None
    __local_roles__ = None
    __local_roles_block__ = False
    uid = None
    title = ""
    description = ""
    created = None
    modified = None
    creator = None
    effective = None
    expires = None
    tags = ()
    modified_by = None
    workflow_state = None
    workflow_history = ()
    published_by = None
    published_at = None
    revisions = None
    former_unit = ""       # the unit (commune) it belonged to before a merge

    def __init__(self, title="", description="", creator=None, effective=None, expires=None,
                 tags=(), **fields):
        now = utcnow()
        self.uid = uuid.uuid4().hex
        self.title = nfc(title)
        self.description = nfc(description)
        self.creator = creator
        self.created = self.modified = now
        self.effective = effective or now
        self.expires = expires
        self.tags = tuple(nfc(t) for t in tags)
        for key, value in fields.items():
            setattr(self, key, value)

    def is_live(self, now=None):
        """True when the effective date has come and the expiry date has not passed."""
        now = now or utcnow()
        if self.effective is not None and self.effective > now:
            return False
        return self.expires is None or self.expires > now

    def __repr__(self):
        return "<%s %r>" % (type(self).__name__, self.__name__)


@implementer(IListable)
class Item(Content):
    """Leaf content that appears in newest-first listings."""


@implementer(IContainer)
class Folder(Content):
    """Container on an OOBTree: O(log n) access, O(1) length, paging in name order."""

    type_name = "Folder"
    _items = None
    _count = None

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        self._items = OOBTree()
        self._count = Length()

    def __getitem__(self, name):
        return self._items[name]

    def get(self, name, default=None):
        return self._items.get(name, default)

    def __contains__(self, name):
        return name in self._items

    def __len__(self):
        return self._count()

    def __bool__(self):
        return True

    def __iter__(self):
        return iter(self._items.keys())

    def keys(self):
        return self._items.keys()

    def values(self):
        return self._items.values()

    def items(self):
        return self._items.items()

    def page(self, start, size):
        """``size`` (name, object) pairs from position ``start`` in name order."""
        return list(self._items.items()[start:start + size])

    def __setitem__(self, name, obj):
        """Store ``obj`` under ``name`` (no events; use ``portal_core.content.add``)."""
        if name in self._items:
            raise KeyError("name already used: %s" % name)
        obj.__name__, obj.__parent__ = name, self
        self._items[name] = obj
        self._count.change(1)

    def __delitem__(self, name):
        obj = self._items.pop(name)
        self._count.change(-1)
        obj.__parent__ = None

    def unique_name(self, base):
        """``base`` if free, else ``base-2``, ``base-3``, … (first free one)."""
        if base not in self._items:
            return base
        n = 2
        while "%s-%d" % (base, n) in self._items:
            n += 1
        return "%s-%d" % (base, n)


@implementer(ISection)
class Section(Folder):
    """A plugin's top-level container inside a site; ``plugin`` names its owner."""

    type_name = "Section"
    plugin = None
    listing = None


SITE_SETTINGS = ("name", "level", "address", "phone", "fax", "email", "website",
                 "emblem_text", "head_of_unit", "color")


@implementer(ISite)
class Site(Folder):
    """A unit's site: settings, per-plugin state and navigation order are data, not code."""

    type_name = "Site"
    settings = None
    logo = None            # an ImageFile uploaded on @@settings
    plugin_state = None
    review_queue = None
    authored = None
    trash = None

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        self.settings = PersistentMapping()
        self.plugin_state = PersistentMapping()


@implementer(IPortal)
class Portal(Site):
    """The root site, stored at the ZODB root's ``portal`` key."""

    type_name = "Portal"
    __name__ = ""
    users = None
    groups = None          # portal_core.security.groups.Groups, created on first use
    evolved = None
    audit_log = None
    role_holders = None    # {(principal, uid): object with local roles}, see security.roles
    site_registry = None   # {uid: Site} of the sites inside the portal, see sites.py
    redirects = None       # {old path: new path} of moved content, see redirects.py
