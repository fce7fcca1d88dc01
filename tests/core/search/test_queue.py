"""Index changes follow real ZODB transactions: written after commit, never after an abort,
a savepoint rollback or a failed attempt that pyramid_retry retries; the asynchronous
writer writes everything it was given, retrying a failing backend."""
import subprocess
import sys
import threading

import pytest
import transaction
from pyramid.config import Configurator
from ZODB.POSException import ConflictError

pytest.register_assert_rewrite("portal_core.search.conformance")

from portal_core.bootstrap import blank_request  # noqa: E402
from portal_core.content import add, edit, remove  # noqa: E402
from portal_core.content.resources import utcnow  # noqa: E402
from portal_core.interfaces import ISite  # noqa: E402
from portal_core.search.analysis import ParsedQuery  # noqa: E402
from portal_core.search.backend import Access, SearchQuery  # noqa: E402
from portal_core.search.conformance import make_doc  # noqa: E402
from portal_core.search.documents import new_version, tombstone  # noqa: E402
from portal_core.search.queue import REINDEX, REMOVE_WHERE, IndexWriter  # noqa: E402
from portal_core.search.whoosh_backend import WhooshBackend  # noqa: E402
from portal_core.testing import open_portal, store  # noqa: E402
from portal_core.workflow import publish_now  # noqa: E402
from portal_plugins.news.resources import NewsArticle  # noqa: E402


def titles(backend, text, access=None):
    """Titles the backend finds for ``text`` (anonymous unless ``access`` is given)."""
    results = backend.search(SearchQuery(parsed=ParsedQuery(text), page_size=100,
                                         access=access or Access(now=utcnow())))
    return sorted(hit["title"] for hit in results.hits)


def uids_in_index(backend):
    """Every stored uid, tombstones included (read straight from the index)."""
    searcher = backend.searcher()
    return sorted(fields["uid"] for fields in searcher.all_stored_fields()
                  if not fields.get("deleted"))


@pytest.fixture
def writes(app, monkeypatch):
    """The batches of documents the app's backend was asked to write."""
    backend = app.registry.portal_search
    calls = []
    real = backend.write

    def spy(docs):
        docs = list(docs)
        calls.append(docs)
        return real(docs)
    monkeypatch.setattr(backend, "write", spy)
    return calls


def article(title, body=""):
    return NewsArticle(title=title, body=body, creator="admin")


def add_article(portal, app, title, publish=True):
    request = blank_request(app.registry, portal)
    obj = article(title)
    add(portal["tin-tuc"], obj, request)
    if publish:
        publish_now(obj, request)
    return obj


# -- commit, abort, savepoints --------------------------------------------------------------

def test_committed_changes_are_indexed(app, writes):
    backend = app.registry.portal_search
    before = backend.count()
    name = store(app, "/tin-tuc", article("Thông báo lịch tiếp công dân"))
    assert titles(backend, "tiep cong dan") == ["Thông báo lịch tiếp công dân"]
    assert backend.count() == before + 1
    assert len(writes) == 1                      # one batch per transaction
    with open_portal(app) as portal:
        obj = portal["tin-tuc"][name]
        edit(obj, {"title": "Thông báo lịch tiếp dân tháng 6"},
             blank_request(app.registry, portal))
    assert titles(backend, "tiep dan") == ["Thông báo lịch tiếp dân tháng 6"]
    assert titles(backend, "cong dan") == []
    with open_portal(app) as portal:
        remove(portal["tin-tuc"], name, blank_request(app.registry, portal))
    assert titles(backend, "tiep dan") == []
    assert backend.count() == before


def test_an_aborted_transaction_leaves_no_trace(app, writes):
    backend = app.registry.portal_search
    before = uids_in_index(backend)
    with open_portal(app, commit=False) as portal:
        add_article(portal, app, "Bài bị hủy bỏ")
    with pytest.raises(RuntimeError):
        with open_portal(app) as portal:
            add_article(portal, app, "Bài lỗi giữa chừng")
            raise RuntimeError("boom")
    assert writes == []
    assert uids_in_index(backend) == before
    store(app, "/tin-tuc", article("Bài sau cùng"))   # the next transaction is unaffected
    assert [d["title"] for batch in writes for d in batch] == ["Bài sau cùng"]


def test_a_savepoint_rollback_drops_what_was_queued_after_it(app, writes):
    backend = app.registry.portal_search
    tm = transaction.TransactionManager()
    conn = app.registry._zodb_databases[""].open(transaction_manager=tm)
    try:
        with tm:
            portal = conn.root()["portal"]
            kept = add_article(portal, app, "Bài giữ lại")
            savepoint = tm.savepoint()
            add_article(portal, app, "Bài sau điểm lưu")
            edit(kept, {"title": "Bài giữ lại đã sửa"}, blank_request(app.registry, portal))
            savepoint.rollback()
            add_article(portal, app, "Bài thêm sau khi quay lại")
    finally:
        conn.close()
    assert titles(backend, "bai") == ["Bài giữ lại", "Bài thêm sau khi quay lại"]
    assert sorted(d["title"] for d in writes[0]) == ["Bài giữ lại",
                                                     "Bài thêm sau khi quay lại"]


def test_the_last_operation_on_an_item_wins_within_a_transaction(app, writes):
    backend = app.registry.portal_search
    with open_portal(app) as portal:
        obj = add_article(portal, app, "Bài thêm rồi xóa")
        remove(portal["tin-tuc"], obj.__name__, blank_request(app.registry, portal))
    [batch] = writes
    assert [(d["uid"], d["deleted"]) for d in batch] == [(obj.uid, True)]
    assert titles(backend, "them roi xoa") == []


def test_documents_carry_the_state_at_commit(app, writes):
    with open_portal(app) as portal:
        obj = add_article(portal, app, "Tiêu đề ban đầu", publish=False)
        obj.title = "Tiêu đề lúc lưu"             # changed after the event, before commit
        publish_now(obj, blank_request(app.registry, portal))
    [batch] = writes
    assert [(d["title"], d["public"]) for d in batch] == [("Tiêu đề lúc lưu", True)]


# -- pyramid_retry ----------------------------------------------------------------------------

class FailOnce:
    """A data manager that makes the first commit it joins fail with a ConflictError."""

    failed = False

    def __init__(self, txn):
        self.transaction_manager = None
        txn.join(self)

    def tpc_vote(self, txn):
        if not FailOnce.failed:
            FailOnce.failed = True
            raise ConflictError("simulated conflict at commit")

    def abort(self, txn):
        pass

    tpc_begin = commit = tpc_finish = tpc_abort = abort

    def sortKey(self):
        return "~~fail-once"


@pytest.fixture
def retry_view(app):
    """``GET /@@retry-probe?title=...&at=view|commit``: adds and publishes an article
    (its title numbered by attempt), then fails the first attempt with a ConflictError
    raised in the view or at commit."""
    attempts = []
    FailOnce.failed = False

    def probe(context, request):
        attempts.append(request)
        obj = NewsArticle(title="%s lần %d" % (request.GET["title"], len(attempts)),
                          creator="admin")
        add(context["tin-tuc"], obj, request)
        publish_now(obj, request)
        if request.GET["at"] == "commit":
            FailOnce(request.tm.get())
        elif len(attempts) == 1:
            raise ConflictError("simulated conflict in the view")
        return "ok"
    config = Configurator(registry=app.registry)
    config.add_view(probe, name="retry-probe", context=ISite, renderer="string")
    config.commit()
    return attempts


@pytest.mark.parametrize("at", ["view", "commit"])
def test_a_retried_request_is_indexed_once_with_its_final_state(testapp, app, writes,
                                                               retry_view, at):
    response = testapp.get("/@@retry-probe", params={"title": "Bài thử lại", "at": at})
    assert response.text == "ok"
    assert len(retry_view) == 2                                  # really retried
    backend = app.registry.portal_search
    assert titles(backend, "bai thu lai") == ["Bài thử lại lần 2"]
    assert [[d["title"] for d in batch] for batch in writes] == [["Bài thử lại lần 2"]]
    with open_portal(app, commit=False) as portal:
        stored = [o for o in portal["tin-tuc"].values() if o.title.startswith("Bài thử")]
    assert [o.uid for o in stored] == [writes[0][0]["uid"]]


# -- the writer ---------------------------------------------------------------------------------

@pytest.fixture
def async_settings(settings):
    settings["portal.search.synchronous"] = "false"
    return settings


def test_the_asynchronous_writer_writes_after_flush(async_settings, app):
    writer = app.registry.portal_search_writer
    assert writer.synchronous is False
    for n in range(5):
        store(app, "/tin-tuc", article("Tin ghi nền số %d" % n))
    assert writer.flush(timeout=20)
    assert len(titles(app.registry.portal_search, "ghi nen")) == 5


def _doc(uid, title, version=None, lineage=("x",)):
    return make_doc(uid, title, version=version or new_version(), lineage=list(lineage))


def test_the_writer_applies_a_batch_in_order():
    backend = WhooshBackend(None)
    backend.store.ensure()
    writer = IndexWriter(backend, synchronous=False, interval=0.01)
    v = new_version()
    writer.submit([(REINDEX, _doc("a", "Tin một", v, ("a", "f"))),
                   (REMOVE_WHERE, {"lineage": "f", "version": v + 1}),
                   (REINDEX, _doc("b", "Tin hai", v + 2, ("b", "f"))),
                   (REINDEX, _doc("c", "Tin ba", v + 2)),
                   (REINDEX, tombstone("c", v + 3))])
    assert writer.flush(timeout=20)
    assert titles(backend, "tin") == ["Tin hai"]


class Flaky:
    """A backend whose first ``failures`` writes fail (as when another process holds the
    index lock for too long)."""

    def __init__(self, backend, failures):
        self.backend, self.failures, self.calls = backend, failures, 0
        self.lock = threading.Lock()

    def write(self, docs):
        with self.lock:
            self.calls += 1
            if self.calls <= self.failures:
                raise OSError("index locked by another process")
        return self.backend.write(docs)

    def remove_where(self, version, **terms):
        return self.backend.remove_where(version, **terms)


def test_a_failing_write_is_retried_and_nothing_is_lost(caplog):
    backend = WhooshBackend(None)
    backend.store.ensure()
    flaky = Flaky(backend, failures=2)
    writer = IndexWriter(flaky, synchronous=False, interval=0.01)
    writer.submit([(REINDEX, _doc("a", "Tin thứ nhất"))])
    writer.submit([(REINDEX, _doc("b", "Tin thứ hai"))])
    assert writer.flush(timeout=20)
    assert titles(backend, "tin") == ["Tin thứ hai", "Tin thứ nhất"]
    assert flaky.calls >= 3
    assert "retrying" in caplog.text


def test_changes_submitted_just_before_exit_are_written(tmp_path):
    """The writer's thread is a daemon: without the flush at exit, a process stopping
    right after a commit would leave those changes out of the index."""
    root = str(tmp_path / "index")
    WhooshBackend(root).store.ensure()
    subprocess.run([sys.executable, "-c", r"""
import sys
from portal_core.search.conformance import make_doc
from portal_core.search.queue import REINDEX, IndexWriter
from portal_core.search.whoosh_backend import WhooshBackend
writer = IndexWriter(WhooshBackend(sys.argv[1]), synchronous=False)
writer.submit([(REINDEX, make_doc("d%d" % n, "Tin cuối cùng %d" % n)) for n in range(50)])
""", root], check=True, timeout=120)
    assert WhooshBackend(root).count() == 50


def test_a_batch_that_keeps_failing_is_dropped_and_later_ones_go_through(caplog,
                                                                          monkeypatch):
    from portal_core.search import queue
    monkeypatch.setattr(queue, "MAX_ATTEMPTS", 3)
    backend = WhooshBackend(None)
    backend.store.ensure()
    flaky = Flaky(backend, failures=3)
    writer = IndexWriter(flaky, synchronous=False, interval=0.001)
    writer.submit([(REINDEX, _doc("a", "Tin hỏng"))])
    assert writer.flush(timeout=20)
    writer.submit([(REINDEX, _doc("b", "Tin lành"))])
    assert writer.flush(timeout=20)
    assert titles(backend, "tin") == ["Tin lành"]
    assert "changes dropped" in caplog.text


def test_a_failing_synchronous_write_is_retried_in_the_background(caplog):
    backend = WhooshBackend(None)
    backend.store.ensure()
    flaky = Flaky(backend, failures=1)
    writer = IndexWriter(flaky, synchronous=True, interval=0.01)
    writer.submit([(REINDEX, _doc("a", "Tin đồng bộ"))])
    assert writer.flush(timeout=20)
    assert titles(backend, "tin") == ["Tin đồng bộ"]
    assert "retrying in the background" in caplog.text


def test_an_item_that_cannot_be_indexed_is_still_saved(app, writes, monkeypatch, caplog):
    from portal_core.search import queue

    def broken(obj, registry, version=None):
        raise ValueError("bad field")
    monkeypatch.setattr(queue, "document_for", broken)
    name = store(app, "/tin-tuc", article("Bài có trường hỏng"))
    with open_portal(app, commit=False) as portal:
        assert portal["tin-tuc"][name].title == "Bài có trường hỏng"
    assert "cannot index" in caplog.text
