"""Index changes follow the ZODB transaction: queued while it runs, written after commit.

``IndexQueue`` joins the transaction as a data manager, so a savepoint rollback drops
what was queued after the savepoint, and an abort (or a retry by pyramid_retry) drops
everything. Documents are computed from the objects just before commit (their final
state) and handed to the process's ``IndexWriter`` only after a successful commit.
"""
import atexit
import logging
import threading
import time
import weakref

from .documents import document_for, new_version, tombstone

log = logging.getLogger(__name__)

REINDEX, REMOVE, REMOVE_WHERE = "reindex", "remove", "remove-where"
#: Asynchronous writers of this process, flushed at exit (their thread is a daemon).
_writers = weakref.WeakSet()
EXIT_TIMEOUT = 10.0
#: A batch that fails this many times in a row is dropped (logged), so one bad batch
#: cannot hold back every later change.
MAX_ATTEMPTS = 5


class IndexQueue:
    """The index operations of one transaction, last one per key winning."""

    def __init__(self, txn, writer, registry):
        self.ops = {}
        self.writer, self.registry = writer, registry
        self.transaction_manager = None
        txn.join(self)
        txn.addBeforeCommitHook(self._prepare)
        txn.addAfterCommitHook(self._committed)
        self.prepared = []

    def reindex(self, obj):
        self.ops[(REINDEX, obj.uid)] = obj
        self.ops.pop((REMOVE, obj.uid), None)

    def remove(self, uid):
        self.ops.pop((REINDEX, uid), None)
        self.ops[(REMOVE, uid)] = uid

    def remove_where(self, **terms):
        self.ops[(REMOVE_WHERE, tuple(sorted(terms.items())))] = terms

    def _prepare(self):
        """Turn the queued objects into documents just before commit (their final state;
        the core adds no other before-commit hook). An object whose document cannot be
        built is logged and left out; the save itself goes through."""
        version = new_version()
        batch = []
        for (kind, _), value in self.ops.items():
            if kind == REINDEX:
                try:
                    doc = document_for(value, self.registry, version)
                except Exception:
                    log.exception("search: cannot index %r; run a reindex after fixing it",
                                  value)
                    continue
                batch.append((REINDEX, doc if doc is not None else tombstone(value.uid, version)))
            elif kind == REMOVE:
                batch.append((REINDEX, tombstone(value, version)))
            else:
                batch.append((REMOVE_WHERE, dict(value, version=version)))
        self.prepared = batch

    def _committed(self, success):
        if success and self.prepared:
            self.writer.submit(self.prepared)
        self.ops, self.prepared = {}, []

    # -- the data-manager protocol (nothing to write in ZODB; savepoints supported) --
    def abort(self, txn):
        self.ops, self.prepared = {}, []

    def tpc_begin(self, txn):
        pass

    def commit(self, txn):
        pass

    def tpc_vote(self, txn):
        pass

    def tpc_finish(self, txn):
        pass

    def tpc_abort(self, txn):
        self.abort(txn)

    def sortKey(self):
        return "~portal.search.queue"

    def savepoint(self):
        return _Savepoint(self)


class _Savepoint:
    def __init__(self, queue):
        self.queue, self.ops = queue, dict(queue.ops)

    def rollback(self):
        self.queue.ops = dict(self.ops)


def queue_for(txn, registry):
    """The ``IndexQueue`` of transaction ``txn``, created on first use."""
    try:
        return txn.data(IndexQueue)
    except KeyError:
        queue = IndexQueue(txn, registry.portal_search_writer, registry)
        txn.set_data(IndexQueue, queue)
        return queue


class IndexWriter:
    """Writes committed changes into the backend, in batches, from one thread per process.

    ``synchronous`` writers write in the committing thread (tests, single-process tools);
    otherwise a daemon thread drains the queue every ``interval`` seconds and retries
    while another process holds the index lock, so nothing committed is lost (what is
    still pending when the process exits is written first, see ``_flush_at_exit``).
    """

    def __init__(self, backend, synchronous=False, interval=0.2):
        self.backend, self.synchronous, self.interval = backend, synchronous, interval
        self._pending = []
        self._lock = threading.Condition()
        self._thread = None
        self._busy = False
        if not synchronous:
            _writers.add(self)

    def submit(self, batch):
        if self.synchronous:
            try:
                self._apply(batch)
                return
            except Exception:  # after commit nothing may raise: retry in the background
                log.exception("search index write failed; retrying in the background")
        with self._lock:
            self._pending.extend(batch)
            self._lock.notify()
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="portal-search-writer",
                                                daemon=True)
                self._thread.start()

    def _apply(self, batch):
        """Write ``batch`` in order: runs of documents together, removals between them."""
        docs = []
        for kind, value in batch:
            if kind == REINDEX:
                docs.append(value)
                continue
            if docs:
                self.backend.write(docs)
                docs = []
            terms = dict(value)
            self.backend.remove_where(terms.pop("version"), **terms)
        if docs:
            self.backend.write(docs)

    def _run(self):
        failures = 0
        while True:
            with self._lock:
                while not self._pending:
                    self._lock.wait()
                batch, self._pending = self._pending, []
                self._busy = True
            try:
                self._apply(batch)
                failures = 0
            except Exception:
                failures += 1
                if failures < MAX_ATTEMPTS:
                    log.exception("search index write failed (attempt %d); retrying", failures)
                    with self._lock:
                        self._pending[:0] = batch
                    time.sleep(self.interval * 5 * failures)
                else:
                    log.exception("search index write failed %d times; %d changes dropped: "
                                  "run `portal CONFIG reindex`", failures, len(batch))
                    failures = 0
            finally:
                with self._lock:
                    self._busy = False
                    self._lock.notify_all()
            time.sleep(self.interval)

    def flush(self, timeout=30.0):
        """Wait until everything submitted so far is written (True) or ``timeout``."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while self._pending or self._busy:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._lock.wait(min(left, 0.05))
        return True


@atexit.register
def _flush_at_exit():
    """Write what was committed just before the process exits (a daemon thread would be
    stopped with it, and the index would miss those changes until the next rebuild)."""
    for writer in list(_writers):
        if not writer.flush(EXIT_TIMEOUT):
            log.error("search index: changes not written at exit; run a reindex")
