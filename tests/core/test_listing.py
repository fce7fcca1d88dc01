"""Unit tests of ``portal_core.listing.Listing`` with plain fake objects (no DB)."""
import datetime
import time
from types import SimpleNamespace

import pytest

from portal_core.listing import PAGE_SIZE, Listing

T0 = datetime.datetime(2026, 1, 1, 8, 0, tzinfo=datetime.timezone.utc)
NOW = T0 + datetime.timedelta(days=365)


def item(uid, day, expires_day=None):
    """A fake listable: effective ``day`` days after T0, optional expiry day."""
    expires = T0 + datetime.timedelta(days=expires_day) if expires_day is not None else None
    return SimpleNamespace(uid=uid, effective=T0 + datetime.timedelta(days=day),
                           expires=expires)


def listing_of(*items):
    listing = Listing()
    for obj in items:
        listing.index(obj)
    return listing


def uids(objs):
    return [obj.uid for obj in objs]


def all_pages(listing, size, now=NOW):
    first, pages = listing.page(1, size, now=now)
    out = list(first)
    for number in range(2, pages + 1):
        out.extend(listing.page(number, size, now=now)[0])
    return out, pages


def test_newest_first_whatever_the_index_order():
    listing = listing_of(item("b", 2), item("d", 4), item("a", 1), item("c", 3))
    assert uids(listing.latest(10, now=NOW)) == ["d", "c", "b", "a"]
    assert uids(listing.page(1, 10, now=NOW)[0]) == ["d", "c", "b", "a"]
    assert len(listing) == 4


def test_latest_respects_limit_and_filter():
    listing = listing_of(*[item("i%02d" % n, n) for n in range(10)])
    assert uids(listing.latest(3, now=NOW)) == ["i09", "i08", "i07"]
    odd = listing.latest(3, now=NOW, where=lambda obj: int(obj.uid[1:]) % 2)
    assert uids(odd) == ["i09", "i07", "i05"]


def test_latest_zero_is_empty():
    listing = listing_of(item("a", 1), item("b", 2))
    assert listing.latest(0, now=NOW) == []


@pytest.mark.parametrize("count,size,expected_sizes", [
    (0, 20, [0]),
    (1, 20, [1]),
    (20, 20, [20]),
    (21, 20, [20, 1]),
    (45, 20, [20, 20, 5]),
    (60, 20, [20, 20, 20]),
    (7, 3, [3, 3, 1]),
])
def test_paging_is_exact(count, size, expected_sizes):
    items = [item("i%03d" % n, n) for n in range(count)]
    listing = listing_of(*items)
    seen = []
    for number, expected in enumerate(expected_sizes, start=1):
        page, pages = listing.page(number, size, now=NOW)
        assert pages == len(expected_sizes)
        assert len(page) == expected
        seen.extend(page)
    assert uids(seen) == uids(reversed(items))          # every item once, newest first
    assert listing.page(len(expected_sizes) + 1, size, now=NOW)[0] == []


def test_page_number_below_one_is_page_one():
    listing = listing_of(*[item("i%02d" % n, n) for n in range(5)])
    assert listing.page(0, 2, now=NOW) == listing.page(1, 2, now=NOW)
    assert listing.page(-3, 2, now=NOW) == listing.page(1, 2, now=NOW)


def test_default_page_size_is_twenty():
    listing = listing_of(*[item("i%02d" % n, n) for n in range(25)])
    page, pages = listing.page(1, now=NOW)
    assert PAGE_SIZE == 20 and len(page) == 20 and pages == 2


def test_future_items_are_hidden_until_their_effective_date():
    listing = listing_of(item("past", 1), item("future", 10), item("now", 5))
    at_day_3 = T0 + datetime.timedelta(days=3)
    assert uids(listing.latest(10, now=at_day_3)) == ["past"]
    assert listing.page(1, 10, now=at_day_3) == ([listing.latest(1, now=at_day_3)[0]], 1)
    at_day_5 = T0 + datetime.timedelta(days=5)                     # effective == now: live
    assert uids(listing.latest(10, now=at_day_5)) == ["now", "past"]
    assert uids(listing.latest(10, now=NOW)) == ["future", "now", "past"]
    assert listing.page(1, 10, now=NOW)[1] == 1
    assert len(listing) == 3                                        # hidden, not dropped


def test_future_items_do_not_count_in_the_page_count():
    items = [item("i%02d" % n, n) for n in range(10)] + [
        item("f%02d" % n, 400 + n) for n in range(30)]
    listing = listing_of(*items)
    page, pages = listing.page(1, 4, now=NOW)
    assert pages == 3
    assert uids(page) == ["i09", "i08", "i07", "i06"]


def test_expired_items_are_hidden():
    listing = listing_of(item("live", 1), item("expired", 2, expires_day=3),
                         item("expires-later", 3, expires_day=500))
    assert uids(listing.latest(10, now=NOW)) == ["expires-later", "live"]
    assert uids(listing.page(1, 10, now=NOW)[0]) == ["expires-later", "live"]
    at_day_2 = T0 + datetime.timedelta(days=2, hours=1)
    assert uids(listing.latest(10, now=at_day_2)) == ["expired", "live"]
    at_expiry = T0 + datetime.timedelta(days=3)                     # expires == now: gone
    assert uids(listing.latest(10, now=at_expiry)) == ["expires-later", "live"]


def test_paging_with_expired_items_shows_each_live_item_once():
    items = [item("i%02d" % n, n) for n in range(25)]
    for obj in items[-5:]:
        obj.expires = T0                                         # the 5 newest expired
    listing = listing_of(*items)
    seen, pages = all_pages(listing, 10)
    assert uids(seen) == uids(reversed(items[:20]))
    assert pages == 2


def test_page_one_is_full_even_behind_many_expired_items():
    live = [item("live%02d" % n, n) for n in range(5)]
    expired = [item("old%02d" % n, 100 + n, expires_day=200) for n in range(30)]
    listing = listing_of(*(live + expired))
    page, _pages = listing.page(1, 5, now=NOW)
    assert uids(page) == uids(reversed(live))


def test_reindex_after_effective_change_moves_the_item():
    a, b, c = item("a", 1), item("b", 2), item("c", 3)
    listing = listing_of(a, b, c)
    a.effective = T0 + datetime.timedelta(days=10)
    listing.index(a)
    assert uids(listing.latest(10, now=NOW)) == ["a", "c", "b"]
    assert len(listing) == 3
    c.effective = T0 + datetime.timedelta(days=400)                 # moved into the future
    listing.index(c)
    assert uids(listing.latest(10, now=NOW)) == ["a", "b"]
    assert listing.page(1, 10, now=NOW) == (listing.latest(10, now=NOW), 1)
    assert len(listing) == 3


def test_reindex_after_expiry_change_hides_or_shows_the_item():
    a, b = item("a", 1), item("b", 2)
    listing = listing_of(a, b)
    b.expires = T0 + datetime.timedelta(days=3)
    listing.index(b)
    assert uids(listing.latest(10, now=NOW)) == ["a"]
    assert listing.page(1, 10, now=NOW) == ([a], 1)
    b.expires = None
    listing.index(b)
    assert uids(listing.latest(10, now=NOW)) == ["b", "a"]
    assert listing.page(1, 1, now=NOW) == ([b], 2)


def test_index_twice_is_harmless():
    a = item("a", 1)
    listing = listing_of(a, a)
    listing.index(a)
    assert len(listing) == 1 and uids(listing.latest(10, now=NOW)) == ["a"]


def test_unindex():
    a, b = item("a", 1), item("b", 2)
    listing = listing_of(a, b)
    assert a in listing
    listing.unindex(a)
    assert a not in listing and b in listing
    assert uids(listing.latest(10, now=NOW)) == ["b"]
    assert len(listing) == 1
    listing.unindex(a)                                             # absent: no error
    listing.unindex(item("never", 3))
    assert len(listing) == 1
    listing.unindex(b)
    assert len(listing) == 0 and listing.page(1, 10, now=NOW) == ([], 1)


def test_unindex_after_effective_change_uses_the_stored_key():
    a = item("a", 1)
    listing = listing_of(a, item("b", 2))
    a.effective = T0 + datetime.timedelta(days=50)                 # changed, not reindexed
    listing.unindex(a)
    assert uids(listing.latest(10, now=NOW)) == ["b"] and len(listing) == 1


def test_neighbours_skip_future_and_expired_items():
    objs = [item("d1", 1), item("d2", 2), item("d3-expired", 3, expires_day=4),
            item("d4", 4), item("d5-future", 400), item("d6", 6)]
    listing = listing_of(*objs)
    by = {obj.uid: obj for obj in objs}

    def around(uid):
        newer, older = listing.neighbours(by[uid], now=NOW)
        return (newer.uid if newer else None, older.uid if older else None)

    assert around("d6") == (None, "d4")                   # d5 is in the future
    assert around("d4") == ("d6", "d2")                   # d3 has expired
    assert around("d2") == ("d4", "d1")
    assert around("d1") == ("d2", None)
    assert listing.neighbours(item("nowhere", 1), now=NOW) == (None, None)


def test_neighbours_follow_the_listing_order():
    objs = [item("i%02d" % n, n) for n in range(8)]
    listing = listing_of(*objs)
    order = listing.latest(10, now=NOW)
    for index, obj in enumerate(order):
        newer, older = listing.neighbours(obj, now=NOW)
        assert newer is (order[index - 1] if index > 0 else None)
        assert older is (order[index + 1] if index + 1 < len(order) else None)


def test_neighbours_with_equal_effective_dates_follow_the_listing_order():
    objs = [item("a", 1), item("b", 1), item("c", 0)]       # a and b share a date
    listing = listing_of(*objs)
    order = listing.latest(10, now=NOW)
    assert uids(order) == ["a", "b", "c"]
    for index, obj in enumerate(order):
        newer, older = listing.neighbours(obj, now=NOW)
        assert newer is (order[index - 1] if index > 0 else None), obj.uid
        assert older is (order[index + 1] if index + 1 < len(order) else None), obj.uid


def test_large_listing_page_one_is_the_newest_twenty():
    count = 100_000
    objs = [SimpleNamespace(uid="%06d" % n, effective=T0 + datetime.timedelta(minutes=n),
                            expires=None) for n in range(count)]
    listing = Listing()
    for obj in reversed(objs):
        listing.index(obj)
    assert len(listing) == count
    now = T0 + datetime.timedelta(days=1000)
    started = time.perf_counter()
    page, pages = listing.page(1, now=now)
    latest = listing.latest(20, now=now)
    elapsed = time.perf_counter() - started
    assert uids(page) == ["%06d" % n for n in range(count - 1, count - 21, -1)]
    assert latest == page
    assert pages == count // 20
    assert elapsed < 0.5                                  # no scan of 100,000 items
    last, _ = listing.page(pages, now=now)
    assert uids(last) == ["%06d" % n for n in range(19, -1, -1)]
