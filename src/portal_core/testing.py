"""Pytest fixtures for the core and for plugin tests (``-p portal_core.testing``).

Each test gets a fresh portal on a throwaway FileStorage (with blobs) in ``tmp_path``,
built by the real ``main()``; ``testapp`` drives it through WebTest.
"""
import contextlib
import datetime
import io
import re
import zipfile

import pytest
import transaction

ADMIN_PASSWORD = "admin-secret-1"
USER_PASSWORD = "secret-pass-1"


@pytest.fixture
def settings(tmp_path):
    """App settings for a throwaway portal (no demo content unless a test adds it)."""
    return {
        "zodbconn.uri": "file://%s/Data.fs?blobstorage_dir=%s/blobs" % (tmp_path, tmp_path),
        "portal.secret": "test-secret-0123456789abcdef",
        "portal.admin_password": ADMIN_PASSWORD,
        "portal.title": "Cổng thông tin điện tử huyện Thử Nghiệm",
        "portal.plugins": "*",
        "portal.demo": "false",
        "retry.attempts": "3",
        "portal.search.dir": str(tmp_path / "search"),
        "portal.search.synchronous": "true",
        "portal.search.rebuild": "sync",
        "portal.stats.flush_seconds": "0",   # no flush thread: tests call stats.flush
    }


@pytest.fixture
def fast_hashing(monkeypatch):
    """Cheap argon2id parameters for tests that log in many times (hashes stay argon2id;
    real parameters are tested where password storage is)."""
    from argon2 import PasswordHasher

    from portal_core.security import passwords
    monkeypatch.setattr(passwords, "_hasher",
                        PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


class Clock:
    """A controllable clock: ``clock()`` is "now", ``clock.advance(minutes=...)`` moves it.
    Monkeypatch it over a module's ``utcnow``."""

    def __init__(self, now=None):
        self.now = now or datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)

    def __call__(self):
        return self.now

    def advance(self, **delta):
        self.now += datetime.timedelta(**delta)


@pytest.fixture
def app(settings):
    """The WSGI app built by ``portal_core.main``; its database is closed afterwards."""
    from portal_core import main
    application = main({}, **settings)
    yield application
    for db in application.registry._zodb_databases.values():
        db.close()


@pytest.fixture
def testapp(app):
    import webtest
    return webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost"})


@contextlib.contextmanager
def open_portal(app, commit=True):
    """Direct ZODB access to the portal of ``app`` in its own transaction."""
    tm = transaction.TransactionManager()
    conn = app.registry._zodb_databases[""].open(transaction_manager=tm)
    try:
        with tm:
            yield conn.root()["portal"]
            if not commit:
                tm.abort()
    finally:
        conn.close()


@pytest.fixture
def portal_of(app):
    """``with portal_of() as portal:`` — read or change the stored portal, then commit."""
    return lambda commit=True: open_portal(app, commit)


@pytest.fixture
def make_users(app):
    """``make_users(editor=["Editor"], ...)``: users with global roles (password
    ``USER_PASSWORD``); ``site=PATH`` grants them there instead of on the portal."""
    from pyramid.traversal import find_resource

    from portal_core.security import grant_role

    def _make(site="/", **users):
        with open_portal(app) as portal:
            target = find_resource(portal, site)
            for login, roles in users.items():
                if login not in portal.users:
                    portal.users.add(login, USER_PASSWORD, fullname=login.title())
                for role in roles:
                    grant_role(target, "user:" + login, role)
    return _make


def store(app, path, obj, name=None, published=True):
    """Add ``obj`` to the container at ``path`` through the content API (events fire)
    and, by default, publish it at once; commits and returns the name used."""
    from pyramid.traversal import find_resource

    from portal_core.bootstrap import blank_request
    from portal_core.content import add
    from portal_core.workflow import publish_now
    with open_portal(app) as portal:
        request = blank_request(app.registry, portal)
        name = add(find_resource(portal, path), obj, request, name=name)
        if published:
            publish_now(obj, request)
    return name


def sample_document(kind, pad=0):
    """The smallest bytes ``portal_core.attachments`` accepts as ``kind`` (pdf, doc,
    xls, docx, xlsx, odt); a PDF can be made ``pad`` bytes longer. The same bytes on
    every call (ZIP entries carry a fixed date, not the clock's)."""
    if kind == "pdf":
        return (b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n"
                + b"0" * pad + b"%%EOF\n")
    if kind in ("doc", "xls"):
        return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    if kind == "odt":
        parts = (("mimetype", "application/vnd.oasis.opendocument.text"),
                 ("content.xml", "<office:document-content/>"))
    else:
        parts = (("[Content_Types].xml", "<Types/>"),
                 ({"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}[kind], "<part/>"))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        for name, text in parts:
            archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), text)
    return buf.getvalue()


def added_item(testapp, response, status=303, publish=True):
    """After an add form's ``response``: the new item's path, submitted and published
    unless ``publish`` is false; the response itself when ``status`` is not 303."""
    from urllib.parse import urlsplit
    if status != 303:
        return response
    path = urlsplit(response.location).path
    if publish:
        take_transitions(testapp, path, "submit", "publish")
    return path


@pytest.fixture
def editor(make_users, login):
    """Log in as ``bientap``, an Editor and Reviewer of the portal (the editorial board)."""
    make_users(bientap=["Editor", "Reviewer"])
    return login("bientap")


def take_transitions(testapp, path, *names, comment="", status=303):
    """POST each workflow transition in ``names`` to ``path`` as the logged-in user;
    returns the last response."""
    token = csrf_token(testapp.get("/@@login"))
    response = None
    for name in names:
        response = testapp.post(path + "@@workflow", {"transition": name, "comment": comment,
                                                      "csrf_token": token}, status=status)
    return response


def csrf_token(response):
    """The CSRF token embedded in a page's forms."""
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', response.text)
    assert match, "no csrf_token on the page"
    return match.group(1)


@pytest.fixture
def login(testapp):
    """``login(user, password)``: log in through the real form; returns the response."""
    def _login(user, password=USER_PASSWORD, status=303):
        page = testapp.get("/@@login")
        return testapp.post("/@@login", {"login": user, "password": password,
                                         "csrf_token": csrf_token(page)}, status=status)
    return _login


@pytest.fixture
def admin(login):
    """Log in as the first admin (Manager)."""
    return login("admin", ADMIN_PASSWORD)
