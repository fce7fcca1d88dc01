"""Per-process, in-memory page-view counting and the batched flush to ZODB.

``VisitCounter.count`` only adds to dictionaries under a lock (no ZODB, no I/O). A daemon
thread calls ``flush`` every ``portal.stats.flush_seconds`` (default 10; 0 = no thread,
flush only when asked and at exit): it takes what was counted, adds it to the persistent
counters in one transaction of its own connection and transaction manager, and retries on
``ConflictError``. A batch that cannot be written is put back and tried again at the next
flush, so nothing counted is lost while the process lives. At interpreter exit every
counter flushes once more (``atexit``).
"""
import atexit
import datetime
import logging
import os
import random
import secrets
import socket
import threading
import time
import weakref
from collections import Counter

import transaction
from ZODB.POSException import ConflictError

from .storage import ONLINE_WINDOW, apply_batch, day_key, month_key

log = logging.getLogger(__name__)
DEFAULT_FLUSH_SECONDS = 10.0
FLUSH_ATTEMPTS = 10
MAX_ONLINE = 50_000        # visitors kept per site and process (a flood adds no more)
ONLINE_GRANULARITY = 60    # seconds: a visitor's "last seen" is kept to the minute, so
                           # clicking around does not rewrite the online slot every flush
_counters = weakref.WeakSet()             # every live counter, flushed at exit
_by_database = weakref.WeakKeyDictionary()  # ZODB.DB → its counter (for item_visits)


def utcnow():
    """The counter's clock (monkeypatch in tests)."""
    return datetime.datetime.now(datetime.timezone.utc)


class SiteBatch:
    """Page views of one site not yet written: total, per day, per month, per item."""

    def __init__(self):
        self.total = 0
        self.days = Counter()
        self.months = Counter()
        self.items = Counter()

    def add(self, other):
        self.total += other.total
        self.days.update(other.days)
        self.months.update(other.months)
        self.items.update(other.items)


class Batch:
    """What one flush writes: ``sites`` = ``{site uid: SiteBatch}`` and ``online`` =
    ``{site uid: {visitor hash: epoch}}`` for the sites whose visitors changed."""

    def __init__(self, sites=None, online=None):
        self.sites = sites or {}
        self.online = online or {}

    @property
    def visits(self):
        return sum(pending.total for pending in self.sites.values())

    def __bool__(self):
        return bool(self.sites or self.online)


class VisitCounter:
    """This process's unflushed page views and recent visitors, for one database."""

    def __init__(self, secret_key, flush_seconds=DEFAULT_FLUSH_SECONDS, database=None):
        self.secret_key = secret_key
        self.flush_seconds = flush_seconds
        self.database = database
        self._lock = threading.Lock()
        self._flush_lock = threading.Lock()
        self._pending = {}
        self._online = {}
        self._online_dirty = set()
        self._thread = None
        self._thread_pid = None
        self._stop = threading.Event()
        self._process_key = None
        self._process_pid = None
        self.flushed = threading.Condition()     # notified after each flush (tests wait)
        self.conflicts = 0                       # flush transactions retried so far
        self.online_cache = {}
        _counters.add(self)

    def bind(self, database):
        """Use ``database`` (a ``ZODB.DB``) for flushes and ``item_visits``."""
        self.database = database
        _by_database[database] = self

    # --- counting (request threads) -------------------------------------------------

    def count(self, site_uid, item_uid, visitor=None, now=None):
        """Count one page view of ``item_uid`` in ``site_uid`` by ``visitor`` (a hash).
        Memory only; starts the flush thread on first use."""
        now = now or utcnow()
        epoch = int(now.timestamp())
        day, month = day_key(now), month_key(now)
        with self._lock:
            pending = self._pending.get(site_uid)
            if pending is None:
                pending = self._pending[site_uid] = SiteBatch()
            pending.total += 1
            pending.days[day] += 1
            pending.months[month] += 1
            pending.items[item_uid] += 1
            if visitor is not None:
                seen = self._online.setdefault(site_uid, {})
                minute = epoch - epoch % ONLINE_GRANULARITY
                if seen.get(visitor) != minute and (visitor in seen or len(seen) < MAX_ONLINE):
                    seen[visitor] = minute          # a change: the slot is rewritten
                    self._online_dirty.add(site_uid)
        if self.flush_seconds > 0 and self._thread_pid != os.getpid():
            self.start()

    def pending_item(self, site_uid, item_uid):
        """Unflushed page views of ``item_uid`` in this process."""
        with self._lock:
            pending = self._pending.get(site_uid)
            return pending.items.get(item_uid, 0) if pending is not None else 0

    def pending_visits(self):
        """Unflushed page views of every site in this process."""
        with self._lock:
            return sum(pending.total for pending in self._pending.values())

    # --- flushing ---------------------------------------------------------------------

    def _take(self, now_epoch):
        """Swap out what was counted; the online part is every site's current visitors
        (expired ones dropped) where something changed."""
        since = now_epoch - ONLINE_WINDOW
        with self._lock:
            sites, self._pending = self._pending, {}
            online = {}
            for site_uid, seen in list(self._online.items()):
                expired = [h for h, epoch in seen.items() if epoch < since]
                for visitor in expired:
                    del seen[visitor]
                if expired or site_uid in self._online_dirty:
                    online[site_uid] = dict(seen)
                if not seen:
                    del self._online[site_uid]
            self._online_dirty.clear()
        return Batch(sites, online)

    def _put_back(self, batch):
        with self._lock:
            for site_uid, pending in batch.sites.items():
                self._pending.setdefault(site_uid, SiteBatch()).add(pending)
            self._online_dirty.update(batch.online)

    @property
    def process_key(self):
        """``host:pid:token``: this process's online slot (a new one after a fork)."""
        if self._process_pid != os.getpid():
            self._process_pid = os.getpid()
            self._process_key = "%s:%d:%s" % (socket.gethostname(), self._process_pid,
                                               secrets.token_hex(4))
        return self._process_key

    def flush(self, database=None, attempts=FLUSH_ATTEMPTS):
        """Write what was counted since the last flush in one transaction (own connection
        and transaction manager), retrying on ConflictError; returns the page views
        written. On failure the batch is kept for the next flush and the error raised."""
        database = database or self.database
        with self._flush_lock:
            now_epoch = int(utcnow().timestamp())
            batch = self._take(now_epoch)
            if not batch:
                self._notify()
                return 0
            try:
                self.conflicts += _commit(database, batch, self.process_key, now_epoch,
                                          attempts)
            except BaseException:
                self._put_back(batch)
                raise
            self._notify()
            return batch.visits

    def _notify(self):
        with self.flushed:
            self.flushed.notify_all()

    def flush_quietly(self):
        """``flush`` for the thread and exit: errors are logged, never raised."""
        try:
            return self.flush()
        except Exception:
            log.exception("visit counters: flush failed; kept for the next one")
            return 0

    # --- the flush thread -------------------------------------------------------------

    def start(self):
        """Start the daemon flush thread of this process (idempotent)."""
        with self._flush_lock:
            if self._thread_pid == os.getpid() or self.database is None:
                return
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="portal-stats-flush",
                                            daemon=True)
            self._thread_pid = os.getpid()
            self._thread.start()

    def stop(self, flush=True):
        """Stop the flush thread (and flush once more unless ``flush`` is False)."""
        self._stop.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join()
        self._thread = self._thread_pid = None
        if flush:
            self.flush_quietly()

    def _run(self):
        while not self._stop.wait(self.flush_seconds):
            if not _is_open(self.database):
                return
            self.flush_quietly()


def _commit(database, batch, process_key, now_epoch, attempts):
    """Apply ``batch`` and commit, retrying on ConflictError with a short random back-off;
    returns how many attempts conflicted."""
    tm = transaction.TransactionManager()
    connection = database.open(transaction_manager=tm)
    try:
        for attempt in range(attempts):
            tm.begin()
            try:
                apply_batch(connection.root(), batch, process_key, now_epoch)
                tm.get().note("portal_core.stats: %d page views" % batch.visits)
                tm.commit()
                return attempt
            except ConflictError:
                tm.abort()
                log.info("visit counters: flush conflicted (attempt %d), retrying", attempt + 1)
                if attempt == attempts - 1:
                    raise
                time.sleep(random.uniform(0, 0.01 * 2 ** min(attempt, 6)))
            except BaseException:
                tm.abort()
                raise
    finally:
        connection.close()


def counter_for(database):
    """The counter bound to ``database`` in this process, or None."""
    return _by_database.get(database) if database is not None else None


def _is_open(database):
    """False once ``database.close()`` has run (ZODB drops its MVCC storage then)."""
    return database is not None and getattr(database, "_mvcc_storage", None) is not None


@atexit.register
def _flush_at_exit():
    for counter in list(_counters):
        if _is_open(counter.database) and counter.pending_visits():
            counter.flush_quietly()
