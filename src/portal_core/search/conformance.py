"""The tests every ``SearchBackend`` must pass, whatever index it runs on.

Subclass ``BackendConformance`` in a test module and give it a ``backend`` fixture that
returns a fresh, empty backend::

    class TestMyBackend(BackendConformance):
        @pytest.fixture
        def backend(self, tmp_path):
            return MyBackend(tmp_path)

Documents are plain dicts as ``documents.document_for`` makes them; ``make_doc`` builds
one with sensible defaults (a published news article in the portal's news section).
"""
import datetime
import itertools

import pytest

from .analysis import ParsedQuery
from .analysis import codes as find_codes
from .backend import Access, Grant, SearchQuery
from .documents import new_version, tombstone

UTC = datetime.timezone.utc
#: "Now" for the suite, rounded down to the minute as ``access_for`` does.
NOW = datetime.datetime.now(UTC).replace(second=0, microsecond=0)
DAY = datetime.timedelta(days=1)
PORTAL, NEWS = "portal-uid", "news-uid"
DRAFT, PENDING, PUBLISHED = "editorial:draft", "editorial:pending", "editorial:published"
_dates = itertools.count()


def make_doc(uid, title="", text="", **fields):
    """A search document for ``uid``; ``fields`` override the defaults. ``state=DRAFT``
    (or any non-published state) also makes it non-public unless ``public`` is given."""
    date = fields.pop("date", None) or NOW - DAY - datetime.timedelta(seconds=next(_dates))
    state = fields.pop("state", PUBLISHED)
    doc = {
        "uid": uid, "path": "/tin-tuc/" + uid, "site": "/", "section": "/tin-tuc",
        "plugin": "news", "type": "NewsArticle", "title": title, "text": text,
        "codes": list(dict.fromkeys(find_codes(title) + find_codes(text))),
        "date": date, "year": date.year, "effective": date, "expires": None,
        "state": state, "public": state == PUBLISHED, "creator": "admin",
        "lineage": [uid, NEWS, PORTAL], "facets": {}, "version": new_version(),
        "deleted": False,
    }
    doc.update(fields)
    return doc


def anonymous(now=NOW):
    """What an anonymous visitor may see: public, live items."""
    return Access(now=now)


def query(text="", access=None, **kw):
    """A ``SearchQuery`` for ``text`` (anonymous unless ``access`` is given)."""
    return SearchQuery(parsed=ParsedQuery(text), access=access or anonymous(), **kw)


def uids(results):
    """The uids of a page of results, in order."""
    return [hit["uid"] for hit in results.hits]


def found(backend, text="", access=None, **kw):
    """The set of uids ``backend`` finds for ``text`` (one page of up to 100)."""
    return set(uids(backend.search(query(text, access, page_size=100, **kw))))


class BackendConformance:
    """The ``SearchBackend`` contract (see ``backend.py``) as tests; the subclass provides
    the ``backend`` fixture (fresh and empty)."""

    # -- writing -------------------------------------------------------------------------
    def test_written_document_is_found_with_its_fields(self, backend):
        doc = make_doc("a", "Hội nghị tổng kết năm", "Ủy ban nhân dân huyện Chợ Đồn.",
                       codes=["15/2021/qd-ubnd"])
        backend.write([doc])
        results = backend.search(query("tong ket"))
        assert uids(results) == ["a"] and results.total == 1 and results.exact
        hit = results.hits[0]
        assert (hit["title"], hit["text"], hit["path"], hit["type"]) == (
            doc["title"], doc["text"], "/tin-tuc/a", "NewsArticle")
        assert hit["date"] == doc["date"]
        assert hit["codes"] == ["15/2021/qd-ubnd"]
        assert found(backend, "cho don huyen") == {"a"}
        assert found(backend, "bien phong") == set()

    def test_write_replaces_the_same_uid(self, backend):
        backend.write([make_doc("a", "Thông báo tuyển dụng", version=1)])
        backend.write([make_doc("a", "Thông báo lịch tiếp dân", version=2)])
        assert found(backend, "tuyen dung") == set()
        assert found(backend, "tiep dan") == {"a"}
        assert backend.count() == 1

    @pytest.mark.parametrize("batches", [
        [["new"], ["old"]],          # the older one arrives later
        [["new", "old"]],            # both in one batch, newer first
        [["old", "new"]],            # both in one batch, older first
        [["old"], ["new"], ["old"]],
    ])
    def test_an_older_version_never_overwrites_a_newer_one(self, backend, batches):
        docs = {"old": make_doc("a", "Bản cũ tuyển dụng", version=100),
                "new": make_doc("a", "Bản mới tiếp dân", version=200)}
        for batch in batches:
            backend.write([docs[name] for name in batch])
        assert found(backend, "tiep dan") == {"a"}
        assert found(backend, "tuyen dung") == set()
        assert backend.count() == 1

    def test_tombstone_hides_and_an_older_write_does_not_bring_it_back(self, backend):
        backend.write([make_doc("a", "Tin bị xóa", version=100),
                       make_doc("b", "Tin còn lại", version=100)])
        backend.write([tombstone("a", version=200)])
        assert found(backend, "tin") == {"b"}
        backend.write([make_doc("a", "Tin bị xóa", version=150)])   # a late, older write
        assert found(backend, "tin") == {"b"}
        assert found(backend, "tin", access=everything()) == {"b"}
        backend.write([make_doc("a", "Tin khôi phục", version=300)])  # restored: newer
        assert found(backend, "tin") == {"a", "b"}

    def test_remove_where_lineage_removes_a_subtree(self, backend):
        backend.write([
            make_doc("top", "Tin ngoài thư mục"),
            make_doc("f", "Thư mục tin", lineage=["f", NEWS, PORTAL]),
            make_doc("in1", "Tin trong thư mục", lineage=["in1", "f", NEWS, PORTAL]),
            make_doc("in2", "Tin sâu trong thư mục", lineage=["in2", "g", "f", NEWS, PORTAL]),
        ])
        backend.remove_where(new_version(), lineage="f")
        assert found(backend, "tin") == {"top"}

    def test_remove_where_site_and_plugin_removes_only_that_plugin_in_that_site(self, backend):
        backend.write([
            make_doc("news", "Tin của huyện"),
            make_doc("docs", "Tin văn bản của huyện", plugin="documents", section="/van-ban"),
            make_doc("commune", "Tin của xã", site="/xa", section="/xa/tin-tuc",
                     lineage=["commune", "xa-news", "xa", PORTAL]),
        ])
        backend.remove_where(new_version(), site="/", plugin="news")
        assert found(backend, "tin") == {"docs", "commune"}

    def test_remove_where_spares_documents_with_a_newer_version(self, backend):
        backend.write([make_doc("old", "Tin cũ", version=100),
                       make_doc("new", "Tin mới", version=300)])
        backend.remove_where(200, site="/", plugin="news")
        assert found(backend, "tin") == {"new"}

    # -- access --------------------------------------------------------------------------
    def test_anonymous_sees_only_public_live_items(self, backend):
        backend.write([
            make_doc("live", "Tin công khai"),
            make_doc("draft", "Tin nháp", state=DRAFT),
            make_doc("public-flag-off", "Tin công khai ẩn", public=False),
            make_doc("future", "Tin hẹn giờ", effective=NOW + DAY),
            make_doc("expired", "Tin hết hạn", expires=NOW - DAY),
            make_doc("expiring", "Tin sắp hết hạn", expires=NOW + DAY),
        ])
        assert found(backend, "tin") == {"live", "expiring"}
        assert found(backend, "", filters={"type": "NewsArticle"}) == {"live", "expiring"}
        later = anonymous(NOW + 2 * DAY)
        assert found(backend, "tin", access=later) == {"live", "future"}

    @pytest.fixture
    def staff_docs(self, backend):
        backend.write([
            make_doc("pub", "Tin đã đăng"),
            make_doc("x-alice", "Tin nháp xã X của Alice", state=DRAFT, creator="alice",
                     lineage=["x-alice", "x", PORTAL]),
            make_doc("x-bob", "Tin nháp xã X của Bob", state=DRAFT, creator="bob",
                     lineage=["x-bob", "x", PORTAL]),
            make_doc("x-pending", "Tin chờ duyệt xã X", state=PENDING, creator="bob",
                     lineage=["x-pending", "x", PORTAL]),
            make_doc("y-bob", "Tin nháp xã Y của Bob", state=DRAFT, creator="bob",
                     lineage=["y-bob", "y", PORTAL]),
            make_doc("y-alice", "Tin nháp xã Y của Alice", state=DRAFT, creator="alice",
                     lineage=["y-alice", "y", PORTAL]),
        ])

    @pytest.mark.parametrize("grants, expected", [
        ((), {"pub"}),
        ((Grant(frozenset([DRAFT]), within=frozenset(["x"])),), {"pub", "x-alice", "x-bob"}),
        ((Grant(frozenset([DRAFT]), owner="alice"),), {"pub", "x-alice", "y-alice"}),
        ((Grant(frozenset([DRAFT]), within=frozenset(["x"]), owner="alice"),),
         {"pub", "x-alice", "x-bob", "y-alice"}),
        ((Grant(frozenset([PENDING]), within=frozenset(["x"])),), {"pub", "x-pending"}),
        ((Grant(frozenset([PENDING]), owner="alice"),), {"pub"}),
        ((Grant(frozenset([DRAFT, PENDING]), within=frozenset(["y"])),), {"pub", "y-bob",
                                                                          "y-alice"}),
        ((Grant(frozenset([DRAFT]), within=frozenset(["x"])),
          Grant(frozenset([PENDING]), within=frozenset([PORTAL]))),
         {"pub", "x-alice", "x-bob", "x-pending"}),
        ((Grant(frozenset([DRAFT]), within=frozenset(["nowhere"]), owner="carol"),), {"pub"}),
        ((Grant(frozenset(), within=frozenset([PORTAL]), owner="alice"),), {"pub"}),
    ])
    def test_grants_let_through_matching_state_and_place_or_owner(self, backend, staff_docs,
                                                                  grants, expected):
        access = Access(now=NOW, grants=grants)
        assert found(backend, "tin", access=access) == expected
        assert found(backend, "", access=access, filters={"site": "/"}) == expected

    def test_an_access_that_can_see_nothing_gets_nothing(self, backend):
        backend.write([make_doc("d1", "Tin nháp một", state=DRAFT),
                       make_doc("d2", "Tin nháp hai", state=DRAFT),
                       make_doc("future", "Tin hẹn giờ", effective=NOW + DAY)])
        results = backend.search(query("tin", facets=("type",)))
        assert (results.hits, results.total) == ([], 0)
        assert found(backend, "", filters={"type": "NewsArticle"}) == set()
        assert found(backend, "tin", sort="date") == set()
        assert backend.suggest(ParsedQuery("tin"), anonymous()) == []
        nobody = Access(now=NOW, grants=(Grant(frozenset([DRAFT]), owner="carol"),))
        assert found(backend, "tin", access=nobody) == set()

    def test_an_empty_index_finds_nothing(self, backend):
        assert found(backend, "tin") == set()
        assert found(backend, "", filters={"type": "NewsArticle"}) == set()
        assert backend.count() == 0

    # -- filters, facets, order, paging ----------------------------------------------------
    @pytest.fixture
    def mixed_docs(self, backend):
        d2023, d2024 = (datetime.datetime(y, 6, 1, tzinfo=UTC) for y in (2023, 2024))
        backend.write([
            make_doc("n1", "Tin kinh tế", date=d2024, facets={"linh_vuc": "Kinh tế"}),
            make_doc("n2", "Tin giáo dục", date=d2024, facets={"linh_vuc": "Giáo dục"}),
            make_doc("n3", "Tin giáo dục năm trước", date=d2023,
                     facets={"linh_vuc": "Giáo dục"}),
            make_doc("v1", "Tin văn bản", date=d2024, type="LegalDocument",
                     section="/van-ban", plugin="documents", facets={"linh_vuc": "Giáo dục"}),
            make_doc("x1", "Tin của xã", date=d2024, site="/xa", section="/xa/tin-tuc"),
        ])

    @pytest.mark.parametrize("filters, expected", [
        ({"type": "NewsArticle"}, {"n1", "n2", "n3", "x1"}),
        ({"type": "LegalDocument"}, {"v1"}),
        ({"year": "2023"}, {"n3"}),
        ({"site": "/xa"}, {"x1"}),
        ({"site": "/"}, {"n1", "n2", "n3", "v1"}),
        ({"section": "/van-ban"}, {"v1"}),
        ({"linh_vuc": "Giáo dục"}, {"n2", "n3", "v1"}),
        ({"linh_vuc": "Giáo dục", "type": "NewsArticle"}, {"n2", "n3"}),
        ({"type": "Nothing"}, set()),
    ])
    def test_filters_narrow(self, backend, mixed_docs, filters, expected):
        assert found(backend, "tin", filters=filters) == expected
        assert found(backend, "", filters=filters) == expected

    def test_facet_counts(self, backend, mixed_docs):
        results = backend.search(query("tin", facets=("type", "site", "year", "linh_vuc")))
        assert results.total == 5
        assert results.facets["type"] == [("NewsArticle", 4), ("LegalDocument", 1)]
        assert results.facets["site"] == [("/", 4), ("/xa", 1)]
        assert results.facets["year"] == [("2024", 4), ("2023", 1)]
        assert results.facets["linh_vuc"] == [("Giáo dục", 3), ("Kinh tế", 1)]
        narrowed = backend.search(query("giao duc", facets=("linh_vuc",),
                                        filters={"type": "NewsArticle"}))
        assert narrowed.facets["linh_vuc"] == [("Giáo dục", 2)]

    def test_sort_by_date_lists_newest_first(self, backend):
        backend.write([make_doc("mid", "Tin giữa", date=NOW - 2 * DAY),
                       make_doc("old", "Tin tin tin cũ", date=NOW - 9 * DAY),
                       make_doc("new", "Tin mới", date=NOW - DAY)])
        results = backend.search(query("tin", sort="date"))
        assert uids(results) == ["new", "mid", "old"]

    def test_an_empty_query_with_a_filter_lists_by_date(self, backend):
        backend.write([make_doc("mid", "Giữa", date=NOW - 2 * DAY),
                       make_doc("old", "Cũ", date=NOW - 9 * DAY),
                       make_doc("new", "Mới", date=NOW - DAY),
                       make_doc("other", "Khác", type="Other", date=NOW - DAY / 2)])
        results = backend.search(query("", filters={"type": "NewsArticle"}))
        assert uids(results) == ["new", "mid", "old"] and results.total == 3

    @pytest.mark.parametrize("sort", ["relevance", "date"])
    def test_pages_are_disjoint_and_cover_every_match(self, backend, sort):
        backend.write([make_doc("d%02d" % i, "Thông báo số %d" % i, "thông báo " * (i % 4))
                       for i in range(25)] + [make_doc("other", "Lịch công tác")])
        pages = [backend.search(query("thong bao", sort=sort, page=n, page_size=10))
                 for n in (1, 2, 3)]
        seen = [uids(p) for p in pages]
        assert [len(s) for s in seen] == [10, 10, 5]
        assert len(set().union(*seen)) == 25 and "other" not in set().union(*seen)
        assert all(p.total == 25 and p.exact and p.pages == 3 for p in pages)
        assert backend.search(query("thong bao", sort=sort, page=4, page_size=10)).hits == []

    def test_totals_are_lower_bounds_for_broad_queries(self, backend):
        backend.write([make_doc("d%04d" % i, "Tin %d" % i, date=NOW - DAY) for i in range(1100)])
        results = backend.search(query("tin", facets=("type",)))
        assert results.exact is False and results.total >= 1000
        assert len(results.hits) == 20
        listed = backend.search(query("", filters={"type": "NewsArticle"}))
        assert listed.exact is False and listed.total >= 1000
        narrow = backend.search(query("tin 7"))
        assert narrow.exact is True and narrow.total == 1

    # -- suggestions and corrections --------------------------------------------------------
    def test_suggest_titles_by_prefix(self, backend):
        backend.write([make_doc("a", "Chợ Đồn tổ chức hội nghị"),
                       make_doc("b", "Chợ Mới khánh thành cầu"),
                       make_doc("c", "Biên phòng Chợ Mới"),
                       make_doc("draft", "Chợ Đồn bản nháp", state=DRAFT)])
        titles = {d["title"] for d in backend.suggest(ParsedQuery("cho d"), anonymous())}
        assert titles == {"Chợ Đồn tổ chức hội nghị"}
        titles = {d["title"] for d in backend.suggest(ParsedQuery("chợ đ"), anonymous())}
        assert titles == {"Chợ Đồn tổ chức hội nghị"}
        assert len(backend.suggest(ParsedQuery("ch"), anonymous())) == 3
        assert backend.suggest(ParsedQuery("cho "), anonymous()) == []   # nothing being typed
        staff = Access(now=NOW, grants=(Grant(frozenset([DRAFT]), owner="admin"),))
        assert len(backend.suggest(ParsedQuery("cho d"), staff)) == 2
        assert len(backend.suggest(ParsedQuery("c"), anonymous(), limit=2)) == 2

    def test_corrections_propose_known_words(self, backend):
        backend.write([make_doc("a", "Hội nghị tổng kết")])
        assert backend.corrections(ParsedQuery("tong kat")) == "tong ket"
        assert backend.corrections(ParsedQuery("hoi nghi tông kêt")) is None
        assert backend.corrections(ParsedQuery("hoi nghi")) is None

    def test_corrections_prefer_the_closest_word(self, backend):
        backend.write([make_doc("a", "Hội nghị tổng kết công tác")])
        assert backend.corrections(ParsedQuery("tong kat")) == "tong ket"   # not "tac"

    # -- rebuild and count ----------------------------------------------------------------
    def test_rebuild_replaces_everything(self, backend):
        backend.write([make_doc("gone", "Tin cũ đã mất"), make_doc("kept", "Tin giữ lại")])
        live = new_version()
        backend.rebuild(iter([make_doc("kept", "Tin giữ lại bản mới", version=live),
                              make_doc("added", "Tin thêm vào", version=live)]), live)
        assert found(backend, "tin") == {"kept", "added"}
        assert found(backend, "ban moi") == {"kept"}
        assert backend.count() == 2

    def test_writes_newer_than_the_rebuild_survive_it(self, backend):
        backend.write([make_doc("a", "Tin A"), make_doc("b", "Tin B"), make_doc("c", "Tin C")])
        live = new_version()

        def snapshot():
            yield make_doc("a", "Tin A bản chụp", version=live)
            # while the rebuild runs: an edit, a deletion and a new item, all newer
            backend.write([make_doc("a", "Tin A đã sửa", version=live + 10),
                           tombstone("b", version=live + 10),
                           make_doc("n", "Tin N mới", version=live + 10)])
            yield make_doc("b", "Tin B bản chụp", version=live)
            yield make_doc("c", "Tin C bản chụp", version=live)
        backend.rebuild(snapshot(), live)
        assert found(backend, "tin") == {"a", "c", "n"}
        assert found(backend, "da sua") == {"a"}
        assert found(backend, "ban chup") == {"c"}
        backend.write([make_doc("c", "Tin C sau khi dựng lại", version=live + 20)])
        assert found(backend, "dung lai") == {"c"}
        assert backend.count() == 3

    def test_a_subtree_removed_during_a_rebuild_stays_removed(self, backend):
        live = new_version()

        def snapshot():
            yield make_doc("top", "Tin ngoài", version=live)
            backend.remove_where(live + 10, lineage="f")   # the folder was deleted meanwhile
            yield make_doc("in", "Tin trong thư mục", version=live,
                           lineage=["in", "f", NEWS, PORTAL])
        backend.rebuild(snapshot(), live)
        assert found(backend, "tin") == {"top"}

    def test_a_failed_rebuild_keeps_the_live_index(self, backend):
        backend.write([make_doc("a", "Tin A")])

        def broken():
            yield make_doc("b", "Tin B")
            raise RuntimeError("database went away")
        with pytest.raises(RuntimeError):
            backend.rebuild(broken(), new_version())
        backend.write([make_doc("c", "Tin C")])
        assert found(backend, "tin") == {"a", "c"}

    def test_count_excludes_tombstones(self, backend):
        backend.write([make_doc("a", "A"), make_doc("b", "B"), make_doc("c", "C")])
        backend.write([tombstone("b"), tombstone("never-indexed")])
        assert backend.count() == 2
        assert backend.status()["documents"] == 2


def everything():
    """An access with a grant on every state everywhere (what a Manager gets)."""
    return Access(now=NOW, grants=(Grant(frozenset([DRAFT, PENDING, PUBLISHED, ""]),
                                         within=frozenset([PORTAL])),))
