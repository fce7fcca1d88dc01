"""Browser tests: the real portal on waitress, driven by Debian's Chromium (Playwright).

Select them with ``pytest -m browser`` (or deselect with ``-m "not browser"``).
``make test`` installs Chromium (``make browser``); without it they skip.
"""
import os
import threading

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update"]


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "browser: drives the real portal in Debian's Chromium via Playwright")


@pytest.fixture
def live_server(app):
    """The portal (``app`` = ``portal_core.main({}, **settings)``) served by waitress on
    127.0.0.1 and a free port in a daemon thread; yields its base URL."""
    from waitress import create_server

    server = create_server(app, host="127.0.0.1", port=0, threads=8)
    stopping = threading.Event()

    def serve():
        try:
            server.run()
        except OSError:
            if not stopping.is_set():  # a socket closed under select() while stopping
                raise

    thread = threading.Thread(target=serve, name="waitress-live-server", daemon=True)
    thread.start()
    try:
        yield "http://127.0.0.1:%s" % server.effective_port
    finally:
        stopping.set()
        server.close()  # the listening socket and the loop's trigger
        server.task_dispatcher.shutdown(timeout=5)
        thread.join(timeout=5)


@pytest.fixture
def browser():
    """Debian's Chromium through Playwright's sync API (never ``playwright install``)."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip("%s not found: install Debian's chromium (make browser)" % CHROMIUM)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("python playwright is not installed (pip install -e '.[testing]')")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
