"""A separate OS process counting page views against a shared ZEO server (run by
test_stats_multiprocess.py; not a test module).

Protocol on stdin/stdout, one line each: the worker prints ``ready`` once connected and
waits for ``go``. In ``counter`` mode its first flush prints ``applied`` after changing
the counters and waits for ``commit`` before committing, and so does its second flush,
so that the parent can make every worker commit at once: the first flushes all create
the same keys (a certain conflict, retried), the second ones only add to existing
``Length`` counters (resolved by ZODB, no retry). At the end it prints a JSON line.

    zeo_worker.py counter HOST PORT SITE_UID ITEM_UID COUNT BATCH NOW_ISO INDEX
    zeo_worker.py app HOST PORT WORKDIR PATH COUNT BATCH
"""
import datetime
import json
import sys

HELD_FLUSHES = 2     # the first two flushes of every worker commit at the same moment

def _wait_for(word):
    line = sys.stdin.readline().strip()
    if line != word:
        raise SystemExit("expected %r, got %r" % (word, line))


def _say(text):
    print(text, flush=True)


def run_counter(host, port, site_uid, item_uid, count, batch, now_iso, index):
    import ZEO

    from portal_core.stats import counter as counting
    from portal_core.stats import storage

    now = datetime.datetime.fromisoformat(now_iso)
    database = ZEO.DB((host, int(port)))
    visits = counting.VisitCounter(b"k" * 32, flush_seconds=0)
    visits.bind(database)
    apply_batch = storage.apply_batch
    held = []

    def apply_then_wait(*args):
        apply_batch(*args)
        if len(held) < HELD_FLUSHES:
            held.append(True)
            _say("applied")
            _wait_for("commit")

    counting.apply_batch = apply_then_wait
    _say("ready")
    _wait_for("go")
    written, conflicts = 0, []
    for i in range(int(count)):
        # visitors 0..9 are shared by every worker, 1000 + 100*index + 0..6 its own
        visitor = (i // 2) % 10 if i % 2 else 1000 + 100 * int(index) + (i // 2) % 7
        visits.count(site_uid, item_uid, visitor, now=now)
        if (i + 1) % int(batch) == 0:
            before = visits.conflicts
            written += visits.flush()
            conflicts.append(visits.conflicts - before)
    written += visits.flush()
    database.close()
    _say(json.dumps({"written": written, "conflicts": conflicts}))


def run_app(host, port, workdir, path, count, batch):
    import webtest

    from portal_core import main, stats

    app = main({}, **{
        "zodbconn.uri": "zeo://%s:%s" % (host, port),
        "portal.secret": "test-secret-0123456789abcdef",
        "portal.admin_password": "admin-secret-1",
        "portal.demo": "false",
        "portal.search.dir": workdir + "/search",
        "portal.search.synchronous": "true",
        "portal.stats.flush_seconds": "0",
    })
    browser = webtest.TestApp(app, extra_environ={
        "HTTP_HOST": "localhost", "HTTP_USER_AGENT":
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0"})
    _say("ready")
    _wait_for("go")
    written = 0
    for i in range(int(count)):
        browser.get(path)
        browser.get(path, headers={"User-Agent": "Googlebot/2.1"})
        browser.head(path)
        if (i + 1) % int(batch) == 0:
            written += stats.flush(app.registry)
    written += stats.flush(app.registry)
    conflicts = app.registry.portal_stats.conflicts
    app.registry._zodb_databases[""].close()
    _say(json.dumps({"written": written, "conflicts": conflicts}))


if __name__ == "__main__":
    mode, arguments = sys.argv[1], sys.argv[2:]
    {"counter": run_counter, "app": run_app}[mode](*arguments)
