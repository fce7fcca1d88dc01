"""Integration: the in-memory counter, its flush to conflict-resolving counters on a real
FileStorage, retries, online visitors across processes, the flush thread."""
import datetime

import pytest
import transaction
import ZODB
import ZODB.FileStorage
from ZODB.POSException import ConflictError

from portal_core.stats import counter as counting
from portal_core.stats import storage
from portal_core.stats.api import item_visits, site_figures
from portal_core.stats.counter import VisitCounter
from portal_core.stats.storage import ONLINE_WINDOW, SLOT_EXPIRY, site_stats
from portal_core.testing import Clock

UTC = datetime.timezone.utc


@pytest.fixture
def db(tmp_path):
    database = ZODB.DB(ZODB.FileStorage.FileStorage(str(tmp_path / "Data.fs")))
    yield database
    database.close()


@pytest.fixture
def clock(monkeypatch):
    clock = Clock(datetime.datetime(2025, 6, 10, 3, 0, tzinfo=UTC))   # 10:00 in Vietnam
    monkeypatch.setattr(counting, "utcnow", clock)
    return clock


def make_counter(db, flush_seconds=0):
    counter = VisitCounter(b"k" * 32, flush_seconds=flush_seconds)
    counter.bind(db)
    return counter


def read(db, site="s1"):
    """The stored SiteStats of ``site`` (a fresh connection, read-only)."""
    connection = db.open(transaction_manager=transaction.TransactionManager())
    return site_stats(connection.root(), site)


def test_counts_stay_in_memory_until_flushed_then_add_up(db, clock):
    counter = make_counter(db)
    last = db.storage.lastTransaction()
    for _ in range(3):
        counter.count("s1", "item-a", visitor=1)
    counter.count("s1", "item-b", visitor=2)
    counter.count("s2", "item-c", visitor=1)
    assert db.storage.lastTransaction() == last and read(db) is None
    assert counter.pending_visits() == 5
    assert counter.flush() == 5
    stats = read(db)
    assert (stats.counted(), stats.on_day("2025-06-10"), stats.in_month("2025-06")) == (4, 4, 4)
    assert (stats.of_item("item-a"), stats.of_item("item-b"), stats.of_item("nope")) == (3, 1, 0)
    assert read(db, "s2").counted() == 1
    counter.count("s1", "item-a", visitor=1)
    assert counter.flush() == 1 and read(db).of_item("item-a") == 4


def test_a_flush_with_nothing_new_writes_nothing(db, clock):
    counter = make_counter(db)
    counter.count("s1", "item-a", visitor=1)
    counter.flush()
    last = db.storage.lastTransaction()
    assert counter.flush() == 0
    clock.advance(seconds=30)
    assert counter.flush() == 0
    assert db.storage.lastTransaction() == last


def test_days_and_months_are_vietnam_time(db, clock):
    counter = make_counter(db)
    counter.count("s1", "i", now=datetime.datetime(2025, 6, 1, 16, 59, tzinfo=UTC))
    counter.count("s1", "i", now=datetime.datetime(2025, 6, 1, 17, 0, tzinfo=UTC))
    counter.count("s1", "i", now=datetime.datetime(2025, 6, 30, 17, 30, tzinfo=UTC))
    counter.flush()
    stats = read(db)
    assert dict((k, v()) for k, v in stats.days.items()) == {
        "2025-06-01": 1, "2025-06-02": 1, "2025-07-01": 1}
    assert dict((k, v()) for k, v in stats.months.items()) == {"2025-06": 2, "2025-07": 1}


def test_a_conflicting_flush_is_retried_and_both_count_exactly(db, clock, monkeypatch):
    """Process A's flush and process B's flush both create the day's key; B commits while
    A is in its transaction, A conflicts, retries, and nothing is lost or doubled."""
    a, b = make_counter(db), make_counter(db)
    for _ in range(7):
        a.count("s1", "item", visitor=1)
    for _ in range(5):
        b.count("s1", "item", visitor=2)
    apply_batch, calls = storage.apply_batch, []

    def apply_while_b_flushes(*args):
        apply_batch(*args)
        if not calls:
            calls.append(1)
            assert b.flush() == 5
    monkeypatch.setattr(counting, "apply_batch", apply_while_b_flushes)
    assert a.flush() == 7
    assert (a.conflicts, b.conflicts) == (1, 0)
    stats = read(db)
    assert (stats.counted(), stats.on_day("2025-06-10"), stats.of_item("item")) == (12, 12, 12)


def test_concurrent_increments_of_existing_counters_resolve_without_retry(db, clock):
    a, b = make_counter(db), make_counter(db)
    a.count("s1", "item"), b.count("s1", "item")
    a.flush(), b.flush()
    tm1, tm2 = transaction.TransactionManager(), transaction.TransactionManager()
    c1, c2 = db.open(transaction_manager=tm1), db.open(transaction_manager=tm2)
    s1, s2 = site_stats(c1.root(), "s1"), site_stats(c2.root(), "s1")
    s1.total.change(10), s1.days["2025-06-10"].change(10)
    s2.total.change(100), s2.days["2025-06-10"].change(100)
    tm1.commit()
    tm2.commit()                                  # Length resolves: no ConflictError
    assert (read(db).counted(), read(db).on_day("2025-06-10")) == (112, 112)


def test_a_failed_flush_keeps_the_counts_for_the_next_one(db, clock, monkeypatch):
    counter = make_counter(db)
    for _ in range(4):
        counter.count("s1", "item", visitor=1)

    def always_conflicts(*args):
        raise ConflictError("simulated")
    monkeypatch.setattr(counting, "apply_batch", always_conflicts)
    with pytest.raises(ConflictError):
        counter.flush(attempts=2)
    assert counter.flush_quietly() == 0          # logged, not raised
    counter.count("s1", "item", visitor=1)
    assert counter.pending_visits() == 5
    monkeypatch.setattr(counting, "apply_batch", storage.apply_batch)
    assert counter.flush() == 5 and read(db).counted() == 5


def test_item_visits_adds_this_process_unflushed_views(db, clock):
    from portal_core.content.resources import Item, Site
    counter = make_counter(db)
    tm = transaction.TransactionManager()
    connection = db.open(transaction_manager=tm)
    site = connection.root()["site"] = Site(title="Xã")
    site["bai"] = item = Item(title="Bài")
    tm.commit()
    assert item_visits(item) == 0 and item_visits(Item(title="chưa lưu")) == 0
    counter.count(site.uid, item.uid)
    counter.count(site.uid, item.uid)
    assert item_visits(item) == 2
    counter.flush()
    counter.count(site.uid, item.uid)
    tm.begin()
    assert item_visits(item) == 3
    assert site_figures(site, counter).counted == 2       # the site's figures: flushed only


def test_online_visitors_are_distinct_across_processes_and_expire(db, clock):
    a, b = make_counter(db), make_counter(db)
    for visitor in (1, 2, 3):
        a.count("s1", "i", visitor=visitor)
    for visitor in (3, 4):                        # visitor 3 was served by both processes
        b.count("s1", "i", visitor=visitor)
    a.flush(), b.flush()
    now = int(clock().timestamp())
    stats = read(db)
    assert len(stats.online) == 2
    assert stats.online_visitors(now) == 4
    assert stats.online_visitors(now + ONLINE_WINDOW + 1) == 0      # stale slots ignored
    clock.advance(minutes=4)
    a.count("s1", "i", visitor=1)
    a.flush()
    assert read(db).online_visitors(int(clock().timestamp())) == 4
    clock.advance(minutes=2)                      # only visitor 1 seen in the last 5 min
    assert read(db).online_visitors(int(clock().timestamp())) == 1
    assert a.flush() == 0                         # a's expired visitors leave its slot
    assert dict(read(db).online[a.process_key].seen) == {1: int(clock().timestamp()) - 120}


def slot_serial(db, counter):
    slot = read(db).online[counter.process_key]
    slot._p_activate()
    return slot._p_serial


def test_a_visitor_clicking_around_does_not_rewrite_the_online_slot(db, clock):
    counter = make_counter(db)
    counter.count("s1", "a", visitor=1)
    counter.flush()
    serial = slot_serial(db, counter)
    clock.advance(seconds=30)
    counter.count("s1", "b", visitor=1)          # same visitor, same minute
    counter.flush()
    assert slot_serial(db, counter) == serial
    clock.advance(seconds=30)
    counter.count("s1", "c", visitor=1)          # a new minute: "last seen" moves on
    counter.flush()
    assert slot_serial(db, counter) != serial
    assert read(db).counted() == 3


def test_slots_of_processes_gone_for_an_hour_are_removed(db, clock):
    gone, alive = make_counter(db), make_counter(db)
    gone.count("s1", "i", visitor=1)
    gone.flush()
    clock.advance(seconds=SLOT_EXPIRY + 1)
    alive.count("s1", "i", visitor=2)
    alive.flush()
    assert list(read(db).online.keys()) == [alive.process_key]


def test_the_flush_thread_writes_in_the_background(db, clock):
    counter = make_counter(db, flush_seconds=0.01)
    try:
        with counter.flushed:
            counter.count("s1", "i", visitor=1)
            assert counter.flushed.wait_for(lambda: counter.pending_visits() == 0, timeout=30)
        assert read(db).counted() == 1
        counter.count("s1", "i", visitor=1)
    finally:
        counter.stop()                            # flushes what is left
    assert read(db).counted() == 2


def test_exit_flushes_open_databases_and_skips_closed_ones(tmp_path, clock):
    open_db = ZODB.DB(ZODB.FileStorage.FileStorage(str(tmp_path / "a.fs")))
    closed_db = ZODB.DB(ZODB.FileStorage.FileStorage(str(tmp_path / "b.fs")))
    live, dead = make_counter(open_db), make_counter(closed_db)
    live.count("s1", "i"), dead.count("s1", "i")
    closed_db.close()
    counting._flush_at_exit()
    assert read(open_db).counted() == 1 and dead.pending_visits() == 1
    open_db.close()
