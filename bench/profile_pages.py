"""Profile Cổng's anonymous pages in-process (cProfile, webtest, one thread).

Usage (from /work/main):  .venv/bin/python bench/profile_pages.py --items 1000 [--requests 300]

Fills a fresh portal the way bench/pages.py does, then for each page (home, news listing,
listing page 10, one article) warms up, runs ``--requests`` GETs under cProfile and
prints the top functions by own time and by cumulative time, with file:line.
"""
import argparse
import cProfile
import io
import os
import pstats
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pages  # noqa: E402  (bench/pages.py: populate_portal, portal_settings)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--items", type=int, default=1000)
    p.add_argument("--requests", type=int, default=300)
    p.add_argument("--top", type=int, default=25)
    p.add_argument("--sort", default="tottime,cumulative")
    args = p.parse_args()
    import portal_core
    from webtest import TestApp
    tmp = tempfile.mkdtemp(prefix="cong-profile-")
    try:
        seconds, name = pages.populate_portal(tmp, args.items, 500 if args.items > 500 else
                                              args.items // 2)
        print("populated %d articles in %.1f s" % (args.items, seconds))
        app = portal_core.main({}, **pages.portal_settings(tmp))
        test = TestApp(app)
        for path in ("/", "/tin-tuc/", "/tin-tuc/?page=10", "/tin-tuc/%s/" % name):
            for _ in range(20):
                test.get(path, status=200)
            prof = cProfile.Profile()
            t = time.perf_counter()
            prof.enable()
            for _ in range(args.requests):
                test.get(path, status=200)
            prof.disable()
            ms = (time.perf_counter() - t) * 1000 / args.requests
            print("\n===== %s: %.2f ms per request under cProfile =====" % (path, ms))
            for key in args.sort.split(","):
                out = io.StringIO()
                pstats.Stats(prof, stream=out).sort_stats(key).print_stats(args.top)
                print("--- by %s ---" % key)
                print(out.getvalue().split("\n\n", 1)[-1].strip())
        app.registry._zodb_databases[""].close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
