"""HTTP caching headers: anonymous pages get an ETag (304 on a match) and may be cached
briefly by a reverse proxy; staff pages are never cached. ``UntilCommit`` keeps values
computed from the database in the process until the next commit (or 60 s)."""
import hashlib
import threading
import time
from collections import OrderedDict

from pyramid_zodbconn import get_connection

ANONYMOUS_MAX_AGE = 60
_PUBLIC = "public, max-age=%d" % ANONYMOUS_MAX_AGE


class UntilCommit:
    """Values computed from the database, kept per process (bounded, thread-safe) while
    the database's last transaction is the one they were made at, for at most
    ``seconds``: what changes by the clock alone (items going live or expiring) shows
    within that time, the same delay anonymous pages may already have at a proxy.
    Keep only plain values (strings, paths), never objects of a connection."""

    def __init__(self, seconds=ANONYMOUS_MAX_AGE, size=5000):
        self.seconds, self.size = seconds, size
        self._entries = OrderedDict()
        self._lock = threading.Lock()

    def get(self, request, key, make):
        """The value kept for ``key``, or ``make()`` (then kept)."""
        tid, now = get_connection(request).db().lastTransaction(), time.monotonic()
        with self._lock:
            entry = self._entries.get(key)
        if entry is not None and entry[0] == tid and now - entry[1] <= self.seconds:
            return entry[2]
        value = make()
        with self._lock:
            self._entries[key] = (tid, now, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value


def set_cache_headers(event):
    """NewResponse subscriber for GET/HEAD HTML responses.

    Anonymous 200s: strong ETag from the body, ``public, max-age``, ``Vary: Cookie`` (the
    language and session cookies change the page). Logged-in users: ``private, no-store``.
    Reads only the response body; writes nothing.
    """
    request, response = event.request, event.response
    if request.method not in ("GET", "HEAD") or response.content_type != "text/html":
        return
    if request.__dict__.get("_portal_identity") is not None or \
            "portal_session" in request.cookies:
        response.headers["Cache-Control"] = "private, no-store"
        return
    if response.status_int != 200 or response.headers.get("Set-Cookie"):
        return
    headers = response.headers
    headers["Vary"] = "Cookie"
    headers["Cache-Control"] = _PUBLIC
    headers["ETag"] = '"%s"' % hashlib.blake2b(response.body, digest_size=12).hexdigest()
    response.conditional_response = True


def includeme(config):
    config.add_subscriber(set_cache_headers, "pyramid.events.NewResponse")
