"""The backend conformance suite run against the Whoosh backend, in memory and on disk."""
import pytest

pytest.register_assert_rewrite("portal_core.search.conformance")

from portal_core.search.conformance import BackendConformance  # noqa: E402
from portal_core.search.whoosh_backend import WhooshBackend  # noqa: E402


class WhooshKnownBugs:
    """Contract tests the Whoosh backend fails today (see each reason)."""

    @pytest.mark.xfail(strict=True, reason=(
        "whoosh_backend.corrections: ReaderCorrector scores every word within maxdist=2 "
        "alike (it ignores the real distance), and with limit=1 the heap keeps the "
        "alphabetically last one: 'kat' -> 'tac' instead of 'ket'"))
    def test_corrections_prefer_the_closest_word(self, backend):
        super().test_corrections_prefer_the_closest_word(backend)

    @pytest.mark.xfail(strict=True, reason=(
        "whoosh_backend.rebuild: remove_where() during a rebuild runs on the half-built "
        "index before the snapshot's (older) documents are written there, and nothing "
        "remembers it: the removed subtree comes back when the rebuild is swapped in"))
    def test_a_subtree_removed_during_a_rebuild_stays_removed(self, backend):
        super().test_a_subtree_removed_during_a_rebuild_stays_removed(backend)


class TestWhooshInMemory(WhooshKnownBugs, BackendConformance):
    @pytest.fixture
    def backend(self):
        backend = WhooshBackend(None)
        backend.store.ensure()
        return backend


class TestWhooshOnDisk(WhooshKnownBugs, BackendConformance):
    @pytest.fixture
    def backend(self, tmp_path):
        backend = WhooshBackend(str(tmp_path / "index"))
        assert backend.store.ensure() == "missing"
        return backend


def test_in_memory_indexes_never_share_scratch_directories(monkeypatch):
    """Whoosh's RamStorage wrote scratch files to "<system temp>/MAIN.tmp", shared by
    every process with an in-memory index: one process deleted another's files."""
    from whoosh.filedb.filestore import FileStorage

    from portal_core.search.conformance import found, make_doc
    used = []
    create = FileStorage.create

    def spy(storage):
        used.append(storage.folder)
        return create(storage)
    monkeypatch.setattr(FileStorage, "create", spy)
    first, second = WhooshBackend(None), WhooshBackend(None)
    for backend in (first, second):
        backend.store.ensure()
    first.write([make_doc("a", "Kế hoạch phòng chống thiên tai")])
    firsts = set(used)
    used.clear()
    second.write([make_doc("b", "Thông báo lịch tiếp công dân")])
    assert firsts and used and not firsts & set(used)
    assert found(first, "thien tai") == {"a"} and found(second, "tiep cong dan") == {"b"}
