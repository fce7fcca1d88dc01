"""Several real OS processes flushing to one ZEO server at the same time add up exactly."""
import json
import os
import subprocess
import sys

import pytest
import transaction

ZEO = pytest.importorskip("ZEO", reason="ZEO is needed for the multi-process tests "
                                        "(pip install 'ZEO>=5.4', in the testing extras)")

from portal_core.stats.counter import utcnow  # noqa: E402
from portal_core.stats.storage import ONLINE_WINDOW, day_key, month_key, site_stats  # noqa

WORKER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "zeo_worker.py")
PROCESSES = 3
TIMEOUT = 120


@pytest.fixture
def zeo(tmp_path):
    """A ZEO server (its own process) on a FileStorage in ``tmp_path``: its address."""
    (tmp_path / "zeo").mkdir()
    address, stop = ZEO.server(path=str(tmp_path / "zeo" / "Data.fs"), threaded=False)
    ZEO.DB(address).close()     # creates the root object once (processes racing to do it fail)
    yield address
    stop()


class Workers:
    """Worker processes driven line by line (see zeo_worker.py)."""

    def __init__(self, argv_list):
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        self.procs = [subprocess.Popen([sys.executable, WORKER] + argv, stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, text=True, env=env)
                      for argv in argv_list]

    def expect(self, word):
        for proc in self.procs:
            line = proc.stdout.readline().strip()
            assert line == word, "worker %d said %r, not %r" % (proc.pid, line, word)

    def send(self, word):
        for proc in self.procs:
            proc.stdin.write(word + "\n")
            proc.stdin.flush()

    def results(self):
        results = []
        for proc in self.procs:
            out, _ = proc.communicate(timeout=TIMEOUT)
            assert proc.returncode == 0, out
            results.append(json.loads(out.strip().splitlines()[-1]))
        return results

    def kill(self):
        for proc in self.procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()


def read_stats(address, site_uid):
    database = ZEO.DB(address)
    try:
        connection = database.open(transaction_manager=transaction.TransactionManager())
        stats = site_stats(connection.root(), site_uid)
        return stats, connection
    except BaseException:
        database.close()
        raise


def test_three_processes_counting_500_each_add_up_exactly(zeo):
    host, port = zeo
    now = utcnow()
    site, item = "site-uid-1", "item-uid-1"
    workers = Workers([["counter", host, str(port), site, item, "500", "25", now.isoformat(),
                        str(index)] for index in range(PROCESSES)])
    try:
        workers.expect("ready")
        workers.send("go")
        for _flush in range(2):
            workers.expect("applied")  # every worker has changed the counters ...
            workers.send("commit")     # ... and all commit at the same moment
        results = workers.results()
    finally:
        workers.kill()
    assert [r["written"] for r in results] == [500] * PROCESSES
    first, second = ([r["conflicts"][n] for r in results] for n in (0, 1))
    assert sum(first) >= PROCESSES - 1     # new keys: conflicts, retried by the flush
    assert second == [0] * PROCESSES       # existing Length counters: resolved, no retry
    stats, connection = read_stats(zeo, site)
    try:
        assert stats.counted() == 1500
        assert stats.on_day(day_key(now)) == 1500
        assert stats.in_month(month_key(now)) == 1500
        assert stats.of_item(item) == 1500
        assert list(stats.days.keys()) == [day_key(now)]
        assert len(stats.online) == PROCESSES           # one slot per process
        # 10 visitors shared by every worker + 7 of each worker's own: each counts once
        assert stats.online_visitors(int(now.timestamp())) == 10 + 7 * PROCESSES
        later = int(now.timestamp()) + ONLINE_WINDOW + 1
        assert stats.online_visitors(later) == 0
    finally:
        connection.db().close()


def test_three_app_processes_count_real_requests_exactly(zeo, tmp_path):
    """The real WSGI app in three processes: browsers count, bots and HEAD do not."""
    from portal_core import main
    from portal_core.content.resources import Site
    from portal_core.testing import store

    app = main({}, **{"zodbconn.uri": "zeo://%s:%s" % zeo,
                      "portal.secret": "test-secret-0123456789abcdef",
                      "portal.admin_password": "admin-secret-1", "portal.demo": "false",
                      "portal.search.dir": str(tmp_path / "search"),
                      "portal.search.synchronous": "true",
                      "portal.stats.flush_seconds": "0"})
    try:
        store(app, "/", Site(title="Xã Yên Thịnh"), name="yen-thinh")
        from portal_core.testing import open_portal
        with open_portal(app, commit=False) as portal:
            site_uid = portal["yen-thinh"].uid
    finally:
        app.registry._zodb_databases[""].close()
    argv = []
    for index in range(PROCESSES):
        workdir = tmp_path / ("worker%d" % index)
        workdir.mkdir()
        argv.append(["app", zeo[0], str(zeo[1]), str(workdir), "/yen-thinh/", "120", "20"])
    workers = Workers(argv)
    try:
        workers.expect("ready")
        workers.send("go")
        results = workers.results()
    finally:
        workers.kill()
    assert [r["written"] for r in results] == [120] * PROCESSES
    stats, connection = read_stats(zeo, site_uid)
    try:
        today = day_key(utcnow())
        assert stats.counted() == 360
        assert sum(length() for length in stats.days.values()) == 360
        assert stats.of_item(site_uid) == 360
        assert today in stats.days
    finally:
        connection.db().close()
