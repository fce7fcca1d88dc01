"""Freshness: days since each site's last publication, stale flags with a Clock, the
threshold (ini setting, portal override edited by POST with CSRF), and ``@@freshness``
permissions."""
import datetime
from types import SimpleNamespace

import pytest

from portal_core.bootstrap import blank_request
from portal_core.content import Site
from portal_core.plugins import enable
from portal_core.reports import freshness as fresh
from portal_core.reports import stale_sites
from portal_core.testing import Clock, csrf_token, open_portal, store
from portal_plugins.news.resources import NewsArticle

VN = datetime.timezone(datetime.timedelta(hours=7))
PORTAL = "Cổng thông tin điện tử huyện Thử Nghiệm"

pytestmark = pytest.mark.usefixtures("fast_hashing")


def vn(year, month, day, hour=12, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=VN)


@pytest.fixture
def settings(settings):
    """News is the only plugin with a listing here (others would add sections)."""
    return dict(settings, **{"portal.plugins": "news communes"})


@pytest.fixture
def clock(monkeypatch):
    clock = Clock(vn(2026, 3, 10, 9))
    monkeypatch.setattr(fresh, "utcnow", clock)
    return clock


@pytest.fixture
def sites(app):
    """The portal with one article effective at 23:30 on 8/3/2026 (Vietnam time), and
    the commune /yen-thinh/ with news enabled but nothing published."""
    store(app, "/tin-tuc", NewsArticle(title="Họp báo quý I", creator="admin",
                                       effective=vn(2026, 3, 8, 23, 30)), name="hop-bao")
    store(app, "/", Site(title="Xã Yên Thịnh"), name="yen-thinh", published=False)
    with open_portal(app) as portal:
        enable(portal["yen-thinh"], "news", blank_request(app.registry, portal))


def titles(found):
    return [site.title for site in found]


def text(node):
    return " ".join(node.get_text().split())


def rows(page):
    """``{site title: (last publication, sections, note)}`` of the ``@@freshness`` table."""
    return {text(tr.find("th")): tuple(text(td) for td in tr.find_all("td"))
            for tr in page.html.select("table.freshness tbody tr")}


# --- the data -----------------------------------------------------------------------------

def test_days_and_stale_sites_follow_the_clock(app, sites, clock):
    with open_portal(app, commit=False) as portal:
        registry = app.registry
        found = fresh.freshness_of([portal, portal["yen-thinh"]], registry, 7, clock())
        district, commune = found
        assert (district.days, district.stale) == (2, False)
        [news] = district.sections
        assert (news.plugin.name, news.section.__name__, news.latest.title, news.days) == (
            "news", "tin-tuc", "Họp báo quý I", 2)
        assert (commune.days, commune.stale, commune.sections[0].latest) == (None, True, None)
        assert titles(stale_sites(portal, registry, clock())) == ["Xã Yên Thịnh"]
        clock.now = vn(2026, 3, 15, 23, 59)                     # 7 days: not yet stale
        assert titles(stale_sites(portal, registry)) == ["Xã Yên Thịnh"]
        clock.now = vn(2026, 3, 16, 0, 1)                       # 8 days
        assert titles(stale_sites(portal, registry)) == [PORTAL, "Xã Yên Thịnh"]


def test_days_are_calendar_days_in_vietnam_time(app, sites):
    with open_portal(app, commit=False) as portal:
        [row] = fresh.freshness_of([portal], app.registry, 7, vn(2026, 3, 9, 0, 30))
        assert row.days == 1                                    # 1 hour later, next day
        [row] = fresh.freshness_of([portal], app.registry, 7, vn(2026, 3, 8, 23, 45))
        assert row.days == 0


def test_items_not_yet_effective_do_not_count(app, sites, clock):
    store(app, "/yen-thinh/tin-tuc", NewsArticle(title="Lịch trực Tết", creator="admin",
                                                 effective=vn(2026, 3, 20)))
    with open_portal(app, commit=False) as portal:
        assert fresh.site_freshness(portal["yen-thinh"], app.registry, 7).days is None
        assert fresh.site_freshness(portal["yen-thinh"], app.registry, 7,
                                    vn(2026, 3, 21)).days == 1


def test_a_disabled_plugin_section_is_not_counted(app, sites, clock):
    from portal_core.plugins import disable
    with open_portal(app) as portal:
        disable(portal, "news", blank_request(app.registry, portal))
    with open_portal(app, commit=False) as portal:
        row = fresh.site_freshness(portal, app.registry, 7)
        assert (row.sections, row.days, row.stale) == ([], None, True)


def test_threshold_from_setting_and_portal_override():
    def registry(**settings):
        return SimpleNamespace(settings=settings)
    assert fresh.default_threshold(registry()) == 7
    assert fresh.default_threshold(registry(**{"portal.freshness_days": "3"})) == 3
    for bad in ("0", "-2", "abc", "", "99999"):
        assert fresh.default_threshold(registry(**{"portal.freshness_days": bad})) == 7
    portal = SimpleNamespace(settings={"freshness_days": 14})
    assert fresh.threshold(portal, registry(**{"portal.freshness_days": "3"})) == 14
    portal.settings["freshness_days"] = "garbage"
    assert fresh.threshold(portal, registry(**{"portal.freshness_days": "3"})) == 3


# --- the page -----------------------------------------------------------------------------

def test_reviewer_sees_days_and_flags_without_the_form(app, testapp, make_users, login,
                                                       sites, clock):
    make_users(duyet=["Reviewer"])
    login("duyet")
    before = app.registry._zodb_databases[""].lastTransaction()
    page = testapp.get("/@@freshness")
    assert app.registry._zodb_databases[""].lastTransaction() == before
    found = rows(page)
    assert found[PORTAL][0] == "2 ngày trước"
    assert "Tin tức: 2 ngày trước (08/03/2026)" in found[PORTAL][1]
    assert found[PORTAL][2] == ""
    assert found["Xã Yên Thịnh"][0] == "chưa có bài"
    assert found["Xã Yên Thịnh"][2] == "Chậm cập nhật"
    assert "1 trang chậm cập nhật" in text(page.html)
    assert "quá 7 ngày" in text(page.html)
    assert not page.html.select('input[name="days"]')


def test_commune_page_covers_the_commune_only(testapp, admin, sites, clock):
    page = testapp.get("/yen-thinh/@@freshness")
    assert list(rows(page)) == ["Xã Yên Thịnh"]
    assert not page.html.select('input[name="days"]')         # the threshold is the portal's
    testapp.post("/yen-thinh/@@freshness", {"days": "3", "csrf_token": csrf_token(page)},
                 status=404)


def test_admin_changes_the_threshold_with_csrf(app, testapp, admin, sites, clock):
    page = testapp.get("/@@freshness")
    token = csrf_token(page)
    response = testapp.post("/@@freshness", {"days": " 1 ", "csrf_token": token}, status=303)
    page = response.follow()
    assert "Đã lưu ngưỡng: 1 ngày." in page.text
    assert "quá 1 ngày" in text(page.html)
    assert rows(page)[PORTAL][2] == "Chậm cập nhật"            # 2 days > 1
    assert "2 trang chậm cập nhật" in text(page.html)
    assert page.html.select_one('input[name="days"]')["value"] == "1"
    assert "Để trống để dùng mặc định (7 ngày)." in text(page.html)
    with open_portal(app, commit=False) as portal:
        assert portal.settings["freshness_days"] == 1
        assert titles(stale_sites(portal, app.registry)) == [PORTAL, "Xã Yên Thịnh"]
    page = testapp.post("/@@freshness", {"days": "", "csrf_token": token}).follow()
    assert "Đã dùng lại ngưỡng mặc định: 7 ngày." in page.text
    with open_portal(app, commit=False) as portal:
        assert "freshness_days" not in portal.settings


def test_posting_without_a_csrf_token_changes_nothing(app, testapp, admin, sites):
    for token in ({}, {"csrf_token": "forged"}):
        page = testapp.post("/@@freshness", dict(token, days="3"), status=400)
        assert "Phiên làm việc không hợp lệ" in page.text
    with open_portal(app, commit=False) as portal:
        assert "freshness_days" not in portal.settings


@pytest.mark.parametrize("value", ["abc", "0", "-3", "3.5", "3651", "9" * 100])
def test_bad_thresholds_are_refused_with_a_message(app, testapp, admin, sites, clock, value):
    token = csrf_token(testapp.get("/@@freshness"))
    page = testapp.post("/@@freshness", {"days": value, "csrf_token": token}, status=400)
    assert "Số ngày phải là số nguyên từ 1 đến 3650." in page.text
    assert rows(page)                                          # the page is shown again
    with open_portal(app, commit=False) as portal:
        assert "freshness_days" not in portal.settings


def test_reviewers_may_read_but_not_change_the_threshold(app, testapp, make_users, login,
                                                         sites):
    make_users(duyet=["Reviewer"])
    login("duyet")
    token = csrf_token(testapp.get("/@@freshness"))
    testapp.post("/@@freshness", {"days": "3", "csrf_token": token}, status=403)
    with open_portal(app, commit=False) as portal:
        assert "freshness_days" not in portal.settings


def test_anonymous_visitors_are_sent_to_login_and_contributors_refused(testapp, make_users,
                                                                       login, sites):
    response = testapp.get("/@@freshness", status=303)
    assert "/@@login" in response.location
    make_users(ctv=["Contributor"])
    login("ctv")
    testapp.get("/@@freshness", status=403)
