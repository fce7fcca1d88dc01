"""Revision storage: every save of a content item keeps a numbered snapshot of its fields.

Storage policy (also in ``docs/revisions.md``):

- ``obj.revisions`` is a ``RevisionHistory``: an ``IOBTree`` number → ``Revision``. Each
  ``Revision`` is its own persistent record, so a save writes one new record and one small
  bucket of references — never the older snapshots again.
- A revision holds its number (1, 2, … per item; never reused, not a global counter),
  the actor's login, the time (UTC), the names of the fields that changed and a snapshot
  of the values of the type's schema fields (``csrf_token`` and ``name`` excepted).
  Uploaded files (``BlobFile``) are kept by reference, never copied: a file replaced by
  an edit stays on disk as long as a kept revision refers to it.
- Bound: the first revision (how the item was created) and the latest ``keep`` revisions
  (``portal.revisions.keep``, default 50) are kept; older ones are dropped when a new one
  is stored, and ``dropped`` counts them. An item therefore never holds more than
  ``keep + 1`` snapshots; a packed database frees the dropped ones and their files.
- Items stored before revisions existed get their first revision at their next save.
"""
import copy

from BTrees.IOBTree import IOBTree
from persistent import Persistent

from ..blobs import BlobFile
from ..content.api import edit
from ..content.resources import utcnow
from ..security.policy import find_portal

KEEP_LATEST = 50
SKIPPED_FIELDS = frozenset(("csrf_token", "name"))
_FIELDS = {}


class Revision(Persistent):
    """One saved state of an item: who saved it, when, what changed and every value."""

    reverted_from = None

    def __init__(self, number, actor, time, changed, values):
        self.number = number
        self.actor = actor
        self.time = time
        self.changed = tuple(changed)
        self.values = values


class RevisionHistory(Persistent):
    """The revisions of one item on an ``IOBTree``; keeps the first and the latest ones."""

    last = 0
    dropped = 0

    def __init__(self):
        self._records = IOBTree()

    def add(self, actor, time, changed, values, keep=KEEP_LATEST):
        """Store a new revision numbered after the last one, then drop the oldest ones
        beyond the bound (the first revision always stays). Returns the new revision."""
        self.last += 1
        revision = self._records[self.last] = Revision(self.last, actor, time, changed,
                                                       values)
        keep = max(1, keep)
        while len(self._records) > keep + 1:
            first = self._records.minKey()
            del self._records[self._records.minKey(first + 1)]
            self.dropped += 1
        return revision

    def get(self, number, default=None):
        return self._records.get(number, default)

    def __len__(self):
        return len(self._records)

    def numbers(self):
        return list(self._records.keys())

    def newest_first(self):
        return list(reversed(self._records.values()))

    def latest(self):
        return self._records[self._records.maxKey()] if self._records else None

    def previous(self, number):
        """The kept revision just before ``number``, or None."""
        if not self._records or number <= self._records.minKey():
            return None
        return self._records[self._records.maxKey(number - 1)]


def schema_fields(registry, type_name):
    """``[(name, node)]`` of the type's schema fields (no CSRF token, no URL name)."""
    info = registry.portal_types.get(type_name)
    if info is None:
        return []
    fields = _FIELDS.get(info.schema)
    if fields is None:
        fields = _FIELDS[info.schema] = [(node.name, node) for node in info.schema().children
                                         if node.name not in SKIPPED_FIELDS]
    return fields


def _kept(value):
    """A snapshot of ``value``: persistent objects (files) by reference, containers copied."""
    if isinstance(value, (list, dict, set)):
        return copy.copy(value)
    return value


def current_number(obj):
    """The number of ``obj``'s latest revision (0 before its first one)."""
    history = getattr(obj, "revisions", None)
    return history.last if history is not None else 0


def record(obj, registry, actor, changed=(), time=None):
    """Store a revision of ``obj`` (writes ``obj.revisions``). Returns it, or None for an
    object whose type has no schema."""
    fields = schema_fields(registry, getattr(obj, "type_name", None))
    if not fields:
        return None
    if obj.revisions is None:
        obj.revisions = RevisionHistory()
    values = {name: _kept(getattr(obj, name, None)) for name, _node in fields}
    keep = getattr(registry, "portal_revisions_keep", KEEP_LATEST)
    return obj.revisions.add(actor, time or utcnow(), changed, values, keep=keep)


def record_on_add(event):
    """ObjectAdded: the item's first revision, by its creator at its creation time."""
    obj, request = event.object, event.request
    if request is not None:
        record(obj, request.registry, obj.creator, (), obj.created)


def record_on_modify(event):
    """ObjectModified: a revision by the editor, naming the changed fields."""
    obj, request = event.object, event.request
    if request is not None:
        actor = getattr(obj, "modified_by", None) or request.authenticated_userid
        record(obj, request.registry, actor, event.changed, obj.modified)


def revert(obj, number, request):
    """Apply revision ``number``'s values to ``obj`` through ``content.api.edit`` (events
    fire, a new revision is stored and marked as a revert). Returns the changed field
    names; raises ``KeyError`` for an unknown revision."""
    history = obj.revisions
    revision = history.get(number) if history is not None else None
    if revision is None:
        raise KeyError(number)
    names = {name for name, _node in schema_fields(request.registry, obj.type_name)}
    values = {key: _kept(value) for key, value in revision.values.items() if key in names}
    before = history.last
    changed = edit(obj, values, request)
    if changed and history.last > before:
        history.latest().reverted_from = number
    return changed


def is_file(value):
    return isinstance(value, BlobFile)


def person_name(request, login):
    """The full name of user ``login`` (or the login itself if the user is gone); '' for
    nobody."""
    if not login:
        return ""
    users = getattr(find_portal(request), "users", None)
    user = users.get(login) if users is not None else None
    return user.display_name if user is not None else login
