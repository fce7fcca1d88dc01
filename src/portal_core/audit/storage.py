"""The audit log in ZODB: who did what, to which object, in which site, when, from where.

Storage policy
--------------
*Retention*: every record is kept. Nothing in the portal prunes, rewrites or deletes
entries; there is no view or command that does. Removing old records is an operator's
decision made outside the application (an export first, then a dedicated script).

*Shape*: one ``AuditLog`` for the whole portal at ``portal.audit_log`` (commune sites do
not have their own: an entry carries the path of the site it belongs to, and a site's
log is the entries whose site path is under it). The log is an ``OOBTree`` of UTC days
(``"2025-06-01"``) → an ``OOBTree`` per day keyed by ``(timestamp, token)`` — the ISO
UTC time to the microsecond and a random hex token — whose values are small plain tuples
(see ``FIELDS``) stored inline in the day tree's buckets. There is no list that grows,
no counter and no ``maxKey() + 1``.

*Growth*: an entry is ~160 bytes once packed (more with a long comment); a busy district
portal with 2,000 actions a day keeps ~0.3 MB a day, ~120 MB a year, for ever. Each append
rewrites one bucket of its day's tree (≤ 30 entries, ~4 KB), never the whole log; those
old bucket revisions are what the regular ZODB pack reclaims. Reading page 1 loads only
the last buckets of the newest day.

*Conflicts*: two transactions appending to the same day insert different keys into the
same bucket, which the BTrees conflict resolution merges, so concurrent writers do not
conflict. What remains — an append that splits the bucket while another append is in
flight (a split comes every ~15 appends: ~12% of overlapping pairs), or two first entries
of a new UTC day — is a ``ConflictError`` that pyramid_retry retries with the whole
request, audit entry included.
"""
import datetime
import secrets
from collections import namedtuple

from BTrees.OOBTree import OOBTree
from persistent import Persistent

from ..i18n import _

UTC = datetime.timezone.utc
FIELDS = ("time", "actor", "action", "path", "title", "site", "details", "ip")
TOKEN_HEX = 12
MAX_TEXT = 300

ACTIONS = {
    "login": _("Đăng nhập"),
    "login-failed": _("Đăng nhập không thành công"),
    "logout": _("Đăng xuất"),
    "role-granted": _("Cấp quyền"),
    "role-revoked": _("Thu hồi quyền"),
    "plugin-enabled": _("Bật chức năng"),
    "plugin-disabled": _("Tắt chức năng"),
    "transition": _("Chuyển trạng thái"),
    "deleted": _("Xóa"),
    "restored": _("Khôi phục"),
}


class Entry(namedtuple("Entry", FIELDS + ("key",))):
    """One record as read back: ``time`` (aware UTC), ``actor`` (login or None),
    ``action`` (a code of ``ACTIONS``), ``path`` and ``title`` of the object (or None),
    ``site`` (path of its site), ``details`` (dict), ``ip`` and the storage ``key``."""

    @classmethod
    def from_stored(cls, key, stored):
        """Read a stored tuple; tuples written by an older version (fewer fields) get
        None for the fields added since."""
        values = tuple(stored[:len(FIELDS)]) + (None,) * (len(FIELDS) - len(stored))
        return cls(*values, key=key)


def _iso(moment):
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _day(moment):
    return moment.astimezone(UTC).strftime("%Y-%m-%d")


def _text(value, limit=MAX_TEXT):
    return value[:limit] if isinstance(value, str) else value


def _before(key):
    """The largest possible key strictly before ``key`` (tokens are fixed-width hex, so
    string order is numeric order); ``(time,)`` sorts before every ``(time, token)``."""
    time, token = key
    number = int(token, 16)
    return (time, "%0*x" % (len(token), number - 1)) if number else (time,)


def _newest_first(tree, low, high):
    """Keys of ``tree`` in ``[low, high)`` newest first, lazily: one O(log n) ``maxKey``
    per key, so page 1 loads only the last buckets of the day."""
    bound = high
    while True:
        try:
            key = tree.maxKey(bound)
        except ValueError:          # nothing at or below the bound
            return
        if key < low:
            return
        yield key
        bound = _before(key)


class AuditLog(Persistent):
    """The portal's append-only audit log (see the module docstring for the policy)."""

    def __init__(self):
        self._days = OOBTree()

    def append(self, action, actor=None, path=None, title=None, site=None, details=None,
               ip=None, now=None):
        """Store one entry; returns its key. Writes the day's tree (one bucket), and the
        day index only for the day's first entry."""
        now = now or datetime.datetime.now(UTC)
        day_key = _day(now)
        day = self._days.get(day_key)
        if day is None:
            day = self._days[day_key] = OOBTree()
        key = (_iso(now), secrets.token_hex(TOKEN_HEX // 2))
        while key in day:
            key = (key[0], secrets.token_hex(TOKEN_HEX // 2))
        day[key] = (now.astimezone(UTC), actor, action, _text(path), _text(title),
                    _text(site), dict(details or {}), _text(ip, 64))
        return key

    def entries(self, start=None, end=None):
        """Entries with ``start <= time < end`` (aware datetimes, either may be None),
        newest first, lazily. Reads only the days in the range."""
        low = (_iso(start),) if start is not None else ("",)
        high = (_iso(end),) if end is not None else ("\uffff",)
        bounds = {}
        if start is not None:
            bounds["min"] = _day(start)
        if end is not None:
            bounds["max"] = _day(end)
        days = list(self._days.keys(**bounds))
        for day_key in reversed(days):
            day = self._days[day_key]
            for key in _newest_first(day, low, high):
                yield Entry.from_stored(key, day[key])

    def days(self):
        """The UTC days (``"YYYY-MM-DD"``) that have entries, oldest first."""
        return list(self._days.keys())


def audit_log(portal, create=False):
    """``portal.audit_log``; with ``create`` it is made on first use (writes the portal
    once in its life)."""
    log = portal.audit_log
    if log is None and create:
        log = portal.audit_log = AuditLog()
    return log


def in_scope(entry, scope):
    """True when ``entry`` belongs to the site at path ``scope`` or a site below it."""
    site = entry.site or "/"
    if scope in (None, "", "/"):
        return True
    scope = scope.rstrip("/")
    return site == scope or site.startswith(scope + "/")
