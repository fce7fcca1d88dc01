"""Page-view benchmark: Cổng against the bare Pyramid + ZODB + Chameleon "floor".

Usage (from /work/main):  .venv/bin/python bench/pages.py --items 1000

One run does this, in a fresh temporary directory:

1. Fills the floor (/work/shared/floor, run from there, never copied) with N articles
   (``floor_app.py populate N``) and a new Cổng portal with the same N articles
   (same text from the floor's ``newsgen``), built with the real app factory
   ``portal_core.main`` and the public ``portal_core.content.add``; both times are printed.
2. Serves each from its own FileStorage with waitress, 4 threads, on 127.0.0.1.
3. Checks that every Cổng page answers 200 (no redirect), shows the expected articles
   and sets no cookie for an anonymous visitor; the run stops if not.
4. Measures anonymous requests/s and p99 latency with wrk (``--latency``; a Python
   keep-alive load generator if wrk is missing) at concurrency 8 for: the home page,
   the news listing, its page 10 and one article.  Floor and Cổng are measured one
   after the other for each page, the order swapped every round; each measurement is
   a warm-up then a fixed-length run.  The table shows the median over the rounds.

Prints a Markdown table; writes the raw numbers to bench/results/ as JSON.
"""
import argparse
import datetime
import http.client
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

FLOOR = "/work/shared/floor"
HERE = os.path.dirname(os.path.abspath(__file__))
BIN = os.path.dirname(sys.executable)
SETTINGS = {"portal.secret": "bench-secret-0123456789",
            "portal.admin_password": "bench-admin-pass", "portal.demo": "false"}
INI = """[app:main]
use = egg:cong-portal
zodbconn.uri = {uri}
{settings}
pyramid.reload_templates = false

[server:main]
use = egg:waitress#main
listen = 127.0.0.1:{port}
threads = {threads}
"""
sys.path.insert(0, FLOOR)
import newsgen  # noqa: E402  (the floor's generator, shared, not copied)


def zodb_uri(d):
    return "file://%s/Data.fs?blobstorage_dir=%s/blobs&connection_cache_size=20000" % (d, d)


def portal_settings(d):
    """The app settings of a portal in directory ``d``: its FileStorage and an on-disk
    search index, rebuilt before serving if needed (as a production portal keeps it),
    so that no background rebuild competes with the measured requests."""
    return dict(SETTINGS, **{"zodbconn.uri": zodb_uri(d), "portal.search.dir": d + "/search",
                             "portal.search.rebuild": "sync"})


def populate_floor(d, n):
    t = time.perf_counter()
    subprocess.run([sys.executable, "floor_app.py", "populate", str(n)], cwd=FLOOR, check=True,
                   env=dict(os.environ, FLOOR_DATA=d + "/data.fs"), stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def populate_portal(d, n, article_no):
    """Build the portal with the app factory, add N articles; return (seconds, article name)."""
    import transaction
    import portal_core
    from portal_core.bootstrap import blank_request
    from portal_core.content import add
    from portal_core.workflow import publish_now
    from portal_plugins.news.resources import NewsArticle
    t = time.perf_counter()
    app = portal_core.main({}, **portal_settings(d))
    db = app.registry._zodb_databases[""]
    tm = transaction.TransactionManager()
    conn = db.open(transaction_manager=tm)
    tm.begin()
    portal = conn.root()["portal"]
    section = portal["tin-tuc"]
    request = blank_request(app.registry, portal)
    name = None
    for i in range(n):
        a = newsgen.article(i)
        obj = NewsArticle(title=a["title"], description=a["description"], body=newsgen.html(a),
                          effective=a["date"].replace(tzinfo=datetime.timezone.utc))
        added = add(section, obj, request)
        publish_now(obj, request)
        if i == article_no:
            name = added
        if (i + 1) % 500 == 0:
            tm.commit()
            tm.begin()
    tm.commit()
    conn.close()
    app.registry.portal_search_writer.flush()   # the index is complete before serving
    db.close()
    return time.perf_counter() - t, name


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port, path):
    """One anonymous GET (no redirect following): (status, headers, body text)."""
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        c.request("GET", path)
        r = c.getresponse()
        return r.status, r.getheaders(), r.read().decode("utf-8", "replace")
    finally:
        c.close()


def wait_until_up(proc, port, path, log, timeout=90):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            sys.exit("server on port %d exited with %s:\n%s"
                     % (port, proc.returncode, open(log).read()[-3000:]))
        try:
            if get(port, path)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    sys.exit("server on port %d did not answer %s within %ds" % (port, path, timeout))


def check_portal(port, pages, n, article_no):
    """Fail loudly unless every page is a 200 with the right articles and no cookie."""
    newest = newsgen.article(n - 1)["title"]
    expect = {"home": [newest], "listing": [newest],
              "listing p10": [newsgen.article(n - 1 - 180)["title"]] if n > 200 else [],
              "article": [newsgen.article(article_no)["title"],
                          newsgen.article(article_no)["paragraphs"][4]]}
    for label, path in pages:
        status, headers, body = get(port, path)
        cookies = [v for k, v in headers if k.lower() == "set-cookie"]
        missing = [s for s in expect[label] if s not in body]
        if status != 200 or cookies or missing:
            sys.exit("Cổng %s %s: status %s, Set-Cookie %r, missing %r"
                     % (label, path, status, cookies, missing))
        print("ok  Cổng %-12s %-50s %6d bytes, no Set-Cookie" % (label, path, len(body)))


UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def run_wrk(url, args):
    cmd = ["wrk", "-t%d" % args.wrk_threads, "-c%d" % args.concurrency, "--latency",
           "-d%ds" % args.warmup, url]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    cmd[4] = "-d%ds" % args.duration
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    num, unit = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s|m)\s*$", out, re.M).groups()
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    if bad or errors:
        print("warning %s: %s" % (url, (bad or errors).group(0)), file=sys.stderr)
    return rps, float(num) * UNITS[unit]


def run_python(url, args):
    """Fallback: ``concurrency`` threads, each a keep-alive connection, fixed time."""
    _, _, rest = url.partition("//")
    hostport, _, path = rest.partition("/")
    host, port = hostport.split(":")

    def worker(seconds, out):
        c = http.client.HTTPConnection(host, int(port), timeout=30)
        end = time.perf_counter() + seconds
        while (t := time.perf_counter()) < end:
            c.request("GET", "/" + path)
            c.getresponse().read()
            out.append(time.perf_counter() - t)
        c.close()

    result = None
    for seconds in (args.warmup, args.duration):
        lat = []
        threads = [threading.Thread(target=worker, args=(seconds, lat))
                   for _ in range(args.concurrency)]
        t0 = time.perf_counter()
        [t.start() for t in threads]
        [t.join() for t in threads]
        lat.sort()
        result = (len(lat) / (time.perf_counter() - t0), lat[int(len(lat) * 0.99)] * 1000)
    return result


def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                if line.startswith("model name")), platform.processor())
    return "%d cores, %s, Python %s, %s" % (os.cpu_count(), cpu, platform.python_version(),
                                            platform.platform())


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--items", type=int, default=1000)
    p.add_argument("--duration", type=int, default=10, help="seconds measured per page")
    p.add_argument("--warmup", type=int, default=2, help="seconds of warm-up per page")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--concurrency", type=int, default=8)
    p.add_argument("--threads", type=int, default=4, help="waitress threads")
    p.add_argument("--wrk-threads", type=int, default=1)
    p.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = p.parse_args()
    n = args.items
    if n < 2:
        sys.exit("--items must be at least 2")
    article_no = 500 if n > 500 else n // 2
    load = run_wrk if shutil.which("wrk") else run_python
    tmp = tempfile.mkdtemp(prefix="cong-bench-")
    procs = []
    try:
        floor_s = populate_floor(tmp, n)
        print("floor: populated %d articles in %.1f s" % (n, floor_s))
        os.makedirs(tmp + "/portal")
        portal_s, name = populate_portal(tmp + "/portal", n, article_no)
        print("Cổng:  populated %d articles in %.1f s" % (n, portal_s))
        fport, cport = free_port(), free_port()
        with open(tmp + "/portal.ini", "w") as f:
            settings = portal_settings(tmp + "/portal")
            uri = settings.pop("zodbconn.uri")
            f.write(INI.format(uri=uri, port=cport, threads=args.threads,
                               settings="\n".join("%s = %s" % kv for kv in settings.items())))
        # server output (waitress "queue depth" warnings at c=8) goes to log files
        procs.append(subprocess.Popen(
            [BIN + "/waitress-serve", "--listen=127.0.0.1:%d" % fport,
             "--threads=%d" % args.threads, "--call", "floor_app:make_app"],
            cwd=FLOOR, env=dict(os.environ, FLOOR_DATA=tmp + "/data.fs"),
            stdout=open(tmp + "/floor.log", "w"), stderr=subprocess.STDOUT))
        procs.append(subprocess.Popen([BIN + "/pserve", tmp + "/portal.ini"], cwd=tmp,
                                      stdout=open(tmp + "/portal.log", "w"),
                                      stderr=subprocess.STDOUT))
        wait_until_up(procs[0], fport, "/", tmp + "/floor.log")
        wait_until_up(procs[1], cport, "/", tmp + "/portal.log")
        pages = [("home", "/", "/"), ("listing", "/news/", "/tin-tuc/"),
                 ("listing p10", "/news/?page=10", "/tin-tuc/?page=10"),
                 ("article", "/news/news-%04d" % article_no, "/tin-tuc/%s/" % name)]
        if n <= 200:
            pages = [pg for pg in pages if pg[0] != "listing p10"]
        check_portal(cport, [(label, c) for label, _, c in pages], n, article_no)
        for label, f, _ in pages:
            if get(fport, f)[0] != 200:
                sys.exit("floor %s %s did not answer 200" % (label, f))
        raw = {label: {"floor": [], "cong": []} for label, _, _ in pages}
        for r in range(args.rounds):
            for label, fpath, cpath in pages:
                sides = [("floor", fport, fpath), ("cong", cport, cpath)]
                for side, port, path in (sides if r % 2 == 0 else sides[::-1]):
                    rps, p99 = load("http://127.0.0.1:%d%s" % (port, path), args)
                    raw[label][side].append((rps, p99, os.getloadavg()[0]))
                    print("round %d %-12s %-5s %8.1f req/s  p99 %7.1f ms  load %.1f"
                          % (r + 1, label, side, rps, p99, os.getloadavg()[0]),
                          file=sys.stderr)
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print("kept", tmp)

    med = lambda xs, k: statistics.median(x[k] for x in xs)  # noqa: E731
    loads = [x[2] for sides in raw.values() for xs in sides.values() for x in xs]
    print("\nN = %d articles; %s; c=%d, %d s per page after %d s warm-up, median of %d "
          "rounds; load generator: %s; 1-min load average %.1f-%.1f\n"
          % (n, machine(), args.concurrency, args.duration, args.warmup, args.rounds,
             "wrk" if load is run_wrk else "python", min(loads), max(loads)))
    print("| page | floor path | floor req/s | floor p99 ms | Cổng path | Cổng req/s "
          "| Cổng p99 ms | Cổng/floor req/s |")
    print("|---|---|--:|--:|---|--:|--:|--:|")
    for label, fpath, cpath in pages:
        f, c = raw[label]["floor"], raw[label]["cong"]
        print("| %s | `%s` | %.0f | %.1f | `%s` | %.0f | %.1f | %.2f |" % (
            label, fpath, med(f, 0), med(f, 1), cpath, med(c, 0), med(c, 1),
            med(c, 0) / med(f, 0)))
    os.makedirs(HERE + "/results", exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    with open("%s/results/pages-%d-%s.json" % (HERE, n, stamp), "w") as out:
        json.dump({"items": n, "machine": machine(), "date": stamp, "args": vars(args),
                   "populate_s": {"floor": floor_s, "cong": portal_s},
                   "pages": {label: {"floor": fpath, "cong": cpath} for label, fpath, cpath
                             in pages},
                   "raw_rps_p99ms_load": raw}, out, indent=1)


if __name__ == "__main__":
    main()
