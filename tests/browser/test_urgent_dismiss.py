"""A visitor hides an urgent notice banner; it stays hidden on the next pages (kept in
localStorage, no cookie), other notices stay, and without JavaScript it cannot be hidden."""
import datetime

import pytest

from portal_core.content import utcnow
from portal_core.testing import store
from portal_plugins.communes.resources import CommuneSite
from portal_plugins.urgent.resources import UrgentNotice

pytestmark = pytest.mark.browser
TIMEOUT = 5_000
NAV_TIMEOUT = 20_000


@pytest.fixture
def notices(app):
    store(app, "/xa-thi-tran", CommuneSite(title="Xã Yên Thịnh"), name="yen-thinh")
    since = utcnow() - datetime.timedelta(minutes=5)
    store(app, "/thong-bao-khan", UrgentNotice(title="Khẩn cấp: vỡ đê", severity="emergency",
                                               effective=since))
    store(app, "/thong-bao-khan", UrgentNotice(title="Cảnh báo rét", severity="warning",
                                               effective=since))


def new_context(browser, **kw):
    context = browser.new_context(locale="vi-VN", **kw)
    context.set_default_timeout(TIMEOUT)
    context.set_default_navigation_timeout(NAV_TIMEOUT)
    return context


def test_dismissed_notice_stays_hidden_without_cookies(browser, live_server, notices):
    context = new_context(browser)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(live_server + "/")
    emergency = page.locator(".urgent-emergency")
    assert emergency.get_attribute("role") == "alert"
    emergency.get_by_role("button").click()
    assert emergency.is_hidden()
    assert page.locator(".urgent-warning").is_visible()
    page.goto(live_server + "/xa-thi-tran/yen-thinh/")
    page.locator(".urgent-warning").wait_for(state="visible")
    assert page.locator(".urgent-emergency").is_hidden()
    page.locator(".urgent-warning").get_by_role("button").click()
    assert page.locator(".urgent-banners").is_hidden()
    assert context.cookies() == []
    assert errors == []
    context.close()


def test_without_javascript_the_banner_shows_and_has_no_button(browser, live_server,
                                                               notices):
    context = new_context(browser, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server + "/")
    assert page.locator(".urgent-notice").count() == 2
    assert page.locator(".urgent-emergency").is_visible()
    assert page.locator(".urgent-dismiss").count() == 0
    context.close()
