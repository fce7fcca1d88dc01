"""Login throttling and lock-out, with a controlled clock (``security.throttle.utcnow``)."""
import datetime

import pytest
import webtest

from portal_core.events import LoginFailed
from portal_core.security import throttle
from portal_core.testing import Clock, ADMIN_PASSWORD, USER_PASSWORD, csrf_token

BAD_LOGIN = "Tên đăng nhập hoặc mật khẩu không đúng."
LOCKED = "tài khoản này tạm thời bị khóa"
ADDRESS = "từ địa chỉ mạng của bạn"
WRONG = "sai-mat-khau-9"


pytestmark = pytest.mark.usefixtures("fast_hashing")


@pytest.fixture
def clock(monkeypatch):
    clock = Clock(datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.timezone.utc))
    monkeypatch.setattr(throttle, "utcnow", clock)
    return clock


def browser(app, address="192.0.2.1"):
    """A browser of its own (cookie jar) at client ``address``."""
    return webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost",
                                               "REMOTE_ADDR": address})


def attempt(client, login, password):
    """One login POST; returns ``(status, page)``."""
    page = client.get("/@@login")
    res = client.post("/@@login", {"login": login, "password": password,
                                   "csrf_token": csrf_token(page)}, status="*")
    return res.status_int, res


def statuses(client, login, passwords_):
    return [attempt(client, login, p)[0] for p in passwords_]


# --- per account ----------------------------------------------------------------------------

def test_five_failures_lock_the_account_even_for_the_right_password(app, make_users, clock):
    make_users(bientap=["Editor"])
    client = browser(app)
    assert statuses(client, "bientap", [WRONG] * 4) == [400] * 4
    status, page = attempt(client, "bientap", WRONG)
    assert status == 429 and LOCKED in page.text
    clock.advance(minutes=14, seconds=59)
    status, page = attempt(client, "bientap", USER_PASSWORD)
    assert status == 429 and LOCKED in page.text
    assert "Đăng xuất" not in page.text
    clock.advance(seconds=1)
    assert attempt(client, "bientap", USER_PASSWORD)[0] == 303


def test_lock_affects_only_that_account(app, make_users, clock):
    make_users(bientap=["Editor"], phongvien=["Contributor"])
    client = browser(app)
    statuses(client, "bientap", [WRONG] * 5)
    assert attempt(client, "phongvien", USER_PASSWORD)[0] == 303
    assert attempt(browser(app, "198.51.100.7"), "bientap", USER_PASSWORD)[0] == 429


def test_failures_older_than_the_window_do_not_count(app, make_users, clock):
    make_users(bientap=["Editor"])
    client = browser(app)
    statuses(client, "bientap", [WRONG] * 4)
    clock.advance(minutes=15)
    assert statuses(client, "bientap", [WRONG] * 4) == [400] * 4
    assert attempt(client, "bientap", USER_PASSWORD)[0] == 303


def test_a_successful_login_resets_the_counter(app, make_users, clock):
    make_users(bientap=["Editor"])
    client = browser(app)
    statuses(client, "bientap", [WRONG] * 4)
    assert attempt(client, "bientap", USER_PASSWORD)[0] == 303
    assert statuses(client, "bientap", [WRONG] * 4) == [400] * 4
    assert attempt(client, "bientap", USER_PASSWORD)[0] == 303


def test_unknown_logins_are_answered_exactly_like_known_ones(app, make_users, clock):
    """Same statuses and same messages: the lock-out does not reveal who exists."""
    make_users(bientap=["Editor"])
    known = [attempt(browser(app, "192.0.2.1"), "bientap", WRONG) for _ in range(7)]
    unknown = [attempt(browser(app, "192.0.2.2"), "khongtontai", WRONG) for _ in range(7)]
    assert [s for s, _ in known] == [s for s, _ in unknown] == [400] * 4 + [429] * 3
    for (_, k), (_, u) in zip(known, unknown):
        assert (BAD_LOGIN in k.text, LOCKED in k.text) == (BAD_LOGIN in u.text,
                                                           LOCKED in u.text)
    clock.advance(minutes=15)
    assert attempt(browser(app), "khongtontai", WRONG)[0] == 400


def test_the_lock_is_stored_with_the_account_and_shown_to_the_admin(app, testapp, admin,
                                                                   make_users, clock,
                                                                   portal_of):
    make_users(bientap=["Editor"])
    statuses(browser(app), "bientap", [WRONG] * 5)
    with portal_of() as portal:
        assert portal.users.get("bientap").locked_until == clock.now + throttle.LOCK_TIME
    assert "Tạm khóa đến" in testapp.get("/@@users").text
    page = testapp.get("/@@edit-user/bientap")
    form = [f for f in page.forms.values() if f.action.endswith("@@user-status")][0]
    form.submit("status", index=1, status=303)            # "Mở khóa đăng nhập"
    assert "Tạm khóa đến" not in testapp.get("/@@users").text
    assert attempt(browser(app), "bientap", USER_PASSWORD)[0] == 303


def test_a_wrong_current_password_on_the_password_page_counts(app, make_users, clock,
                                                              portal_of):
    make_users(bientap=["Editor"])
    client = browser(app)
    assert attempt(client, "bientap", USER_PASSWORD)[0] == 303
    for _ in range(5):
        form = client.get("/@@password").forms["deform"]
        form["current_password"] = WRONG
        form["new_password"] = form["new_password_confirm"] = "Lua-moi-2026-xanh"
        res = form.submit("save", status=400)
    assert "tạm khóa" in res.text
    assert attempt(browser(app, "198.51.100.7"), "bientap", USER_PASSWORD)[0] == 429
    with portal_of() as portal:
        assert portal.users.get("bientap").check_password(USER_PASSWORD)


def test_login_failed_events_carry_the_reason(app, make_users, clock):
    reasons = []
    app.registry.registerHandler(lambda event: reasons.append(event.reason), (LoginFailed,))
    make_users(bientap=["Editor"])
    client = browser(app)
    statuses(client, "bientap", [WRONG] * 6)
    assert reasons == ["password"] * 4 + ["locked"] * 2


# --- per client address ----------------------------------------------------------------------

def test_too_many_failures_from_one_address_block_it(app, make_users, clock):
    make_users(bientap=["Editor"])
    client = browser(app, "203.0.113.9")
    for n in range(5):                                  # 20 failures over 5 logins
        assert statuses(client, "doan%d" % n, [WRONG] * 4) == [400] * 4
    status, page = attempt(client, "bientap", USER_PASSWORD)
    assert status == 429 and ADDRESS in page.text
    assert attempt(browser(app, "203.0.113.10"), "bientap", USER_PASSWORD)[0] == 303
    clock.advance(minutes=15)
    assert attempt(client, "bientap", USER_PASSWORD)[0] == 303


def test_the_address_limit_is_a_setting(settings, clock):
    from portal_core import main
    settings["portal.login_ip_max_failures"] = "3"
    app = main({}, **settings)
    try:
        client = browser(app)
        assert statuses(client, "ai-do", [WRONG] * 3) == [400] * 3
        status, page = attempt(client, "admin", ADMIN_PASSWORD)
        assert status == 429 and ADDRESS in page.text
    finally:
        for db in app.registry._zodb_databases.values():
            db.close()


# --- the in-memory counter ------------------------------------------------------------------

def test_memory_counter_stays_bounded(monkeypatch):
    monkeypatch.setattr(throttle, "MAX_KEYS", 10)
    counter = throttle.MemoryCounter(5)
    start = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
    for n in range(100):
        counter.fail("k%d" % n, start)
    assert len(counter._failures) + len(counter._locked) <= 10
    for n in range(5):
        locked = counter.fail("x", start)
    assert locked and counter.locked_until("x", start) == start + throttle.LOCK_TIME
    assert counter.locked_until("x", start + throttle.LOCK_TIME) is None
