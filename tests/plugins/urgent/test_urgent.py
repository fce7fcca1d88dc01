"""Urgent notices (Thông báo khẩn): the banner at the top of every page of the portal and
of commune sites, its order, roles and script, and when it goes away (expiry, retract,
archive, disabling); drafts never show; the add form; no write on GET."""
import datetime
import html
import re
from urllib.parse import urlsplit

import pytest

from portal_core.bootstrap import blank_request
from portal_core.content import utcnow
from portal_core.plugins import disable, enable, is_enabled
from portal_core.testing import Clock, open_portal, store, take_transitions
from portal_plugins.communes.resources import CommuneSite
from portal_plugins.news.resources import NewsArticle
from portal_plugins.urgent import views as urgent_views
from portal_plugins.urgent.resources import UrgentNotice, UrgentSection

SECTION = "/thong-bao-khan/"


def ago(**delta):
    return utcnow() - datetime.timedelta(**delta)


def banner(page):
    """``[(severity, role, title)]`` of the banner's notices, in page order."""
    match = re.search(r'<div class="banners">(.*?)</section>', page.text, re.S)
    if not match:
        return []
    return [(severity, role, html.unescape(title)) for severity, role, title in re.findall(
        r'<div\s+class="urgent-notice urgent-(\w+)"\s+role="(\w+)".*?'
        r'<a class="urgent-title" href="[^"]*">([^<]*)</a>', match.group(1), re.S)]


def titles(page):
    return [title for _severity, _role, title in banner(page)]


def urgent(app, title, severity="warning", published=True, **fields):
    fields.setdefault("effective", ago(minutes=5))
    return store(app, SECTION, UrgentNotice(title=title, severity=severity, **fields),
                 published=published)


def test_section_exists_and_no_banner_without_notices(portal_of, testapp):
    with portal_of() as portal:
        assert is_enabled(portal, "urgent")
        assert isinstance(portal["thong-bao-khan"], UrgentSection)
    home = testapp.get("/")
    assert 'class="banners"' not in home.text and "urgent.js" not in home.text
    assert "Hiện không có thông báo khẩn." in testapp.get(SECTION).text


def test_banner_on_home_article_and_commune_pages(app, testapp):
    store(app, "/xa-thi-tran", CommuneSite(title="Xã Yên Thịnh"), name="yen-thinh")
    article = store(app, "/tin-tuc", NewsArticle(title="Tin thường ngày"))
    urgent(app, "Cảnh báo lũ quét", "emergency", message="Không qua ngầm tràn.",
           link="https://nchmf.gov.vn/")
    pages = {"/": testapp.get("/"),
             "article": testapp.get("/tin-tuc/%s" % article),
             "commune": testapp.get("/xa-thi-tran/yen-thinh/"),
             "commune search": testapp.get("/xa-thi-tran/yen-thinh/@@search")}
    for name, page in pages.items():
        assert banner(page) == [("emergency", "alert", "Cảnh báo lũ quét")], name
        assert "Không qua ngầm tràn." in page.text
        assert 'href="https://nchmf.gov.vn/"' in page.text
    home = pages["/"].text
    # in the page flow, after the staff tools/navigation and before the content
    assert home.index('class="mainnav"') < home.index('class="banners"') < home.index(
        '<main id="main"')
    assert re.search(r'<script defer src="[^"]*/static-urgent/urgent\.js"></script>', home)
    script = testapp.get(re.search(r'src="http://localhost(/static-urgent/[^"]+)"',
                                   home).group(1))
    assert "localStorage" in script.text and "cookie" not in script.text.replace(
        "no cookie", "")
    assert testapp.get("/static-urgent/urgent.css").content_type == "text/css"
    assert "Cảnh báo lũ quét" in pages["commune"].html.select_one(".urgent-banners").text
    assert "Tin thường ngày" in pages["article"].text


def test_severity_order_roles_and_drafts(app, testapp):
    urgent(app, "Thông tin mới nhất", "info", effective=ago(minutes=1))
    urgent(app, "Cảnh báo cũ", "warning", effective=ago(hours=5))
    urgent(app, "Khẩn cấp cũ hơn", "emergency", effective=ago(hours=3))
    urgent(app, "Cảnh báo mới", "warning", effective=ago(hours=1))
    urgent(app, "Khẩn cấp mới", "emergency", effective=ago(hours=2))
    urgent(app, "Bản nháp khẩn cấp", "emergency", published=False)
    urgent(app, "Chưa đến giờ", "emergency", effective=ago(hours=-2))
    assert banner(testapp.get("/")) == [
        ("emergency", "alert", "Khẩn cấp mới"),
        ("emergency", "alert", "Khẩn cấp cũ hơn"),
        ("warning", "status", "Cảnh báo mới"),
        ("warning", "status", "Cảnh báo cũ"),
        ("info", "status", "Thông tin mới nhất"),
    ]
    testapp.get(SECTION + "ban-nhap-khan-cap", status=404)


def test_banner_disappears_at_expiry(app, testapp, monkeypatch):
    clock = Clock()
    monkeypatch.setattr(urgent_views, "utcnow", clock)
    urgent(app, "Mất điện đến 11 giờ", expires=clock.now + datetime.timedelta(hours=1))
    urgent(app, "Đã hết hạn hôm qua", expires=ago(days=1), effective=ago(days=2))
    assert titles(testapp.get("/")) == ["Mất điện đến 11 giờ"]
    clock.advance(minutes=59)
    assert titles(testapp.get("/")) == ["Mất điện đến 11 giờ"]
    clock.advance(minutes=2)
    assert titles(testapp.get("/")) == []
    assert 'class="banners"' not in testapp.get("/").text


@pytest.mark.parametrize("transition", ["retract", "archive"])
def test_banner_disappears_when_withdrawn(app, testapp, editor, transition):
    store(app, "/xa-thi-tran", CommuneSite(title="Xã Yên Thịnh"), name="yen-thinh")
    name = urgent(app, "Cảnh báo rét đậm")
    urgent(app, "Thông tin khác", "info")
    assert titles(testapp.get("/")) == ["Cảnh báo rét đậm", "Thông tin khác"]
    take_transitions(testapp, SECTION + name + "/", transition)
    testapp.reset()
    assert titles(testapp.get("/")) == ["Thông tin khác"]
    assert titles(testapp.get("/xa-thi-tran/yen-thinh/")) == ["Thông tin khác"]
    testapp.get(SECTION + name + "/", status=404)


def test_editor_adds_notice_through_the_form(testapp, editor, login):
    form = testapp.get(SECTION + "@@add/UrgentNotice").forms["deform"]
    assert "description" not in form.fields and "tags" not in form.fields
    form["title"] = 'Sạt lở <script>alert("x")</script>'
    form["severity"] = "emergency"
    form["message"] = '<img src=x onerror="alert(1)"> Đường tỉnh 254 tạm đóng.'
    path = urlsplit(form.submit("save", status=303).location).path
    testapp.reset()
    assert titles(testapp.get("/")) == []                       # a draft: never shown
    testapp.get(path, status=404)
    login("bientap")
    take_transitions(testapp, path, "submit", "publish")
    testapp.reset()
    page = testapp.get("/")
    assert banner(page) == [("emergency", "alert", 'Sạt lở <script>alert("x")</script>')]
    assert '<script>alert("x")' not in page.text and "<img src=x" not in page.text
    assert "&lt;img src=x" in page.text
    assert "Đường tỉnh 254 tạm đóng." in testapp.get(path).text


@pytest.mark.parametrize("field,value,message", [
    ("link", "javascript:alert(1)", "Liên kết phải bắt đầu bằng http://, https:// hoặc /"),
    ("link", "http://a b", "Liên kết phải bắt đầu bằng http://, https:// hoặc /"),
    ("message", "x" * 501, "Quá dài: tối đa 500 ký tự."),
])
def test_bad_input_is_refused(testapp, editor, portal_of, field, value, message):
    form = testapp.get(SECTION + "@@add/UrgentNotice").forms["deform"]
    form["title"] = "Thông báo sai"
    form[field] = value
    res = form.submit("save", status=400)
    assert message in res.text
    with portal_of() as portal:
        assert len(portal["thong-bao-khan"]) == 0


def test_unknown_severity_is_refused(testapp, editor, portal_of):
    page = testapp.get(SECTION + "@@add/UrgentNotice")
    form = page.forms["deform"]
    form["title"] = "Mức lạ"
    fields = dict(form.submit_fields("save"))
    fields["severity"] = "apocalypse"
    res = testapp.post(SECTION + "@@add/UrgentNotice", fields, status=400)
    assert "Mức độ không hợp lệ." in res.text
    with portal_of() as portal:
        assert len(portal["thong-bao-khan"]) == 0


def test_anonymous_get_with_banner_writes_nothing(app, testapp):
    store(app, "/xa-thi-tran", CommuneSite(title="Xã Yên Thịnh"), name="yen-thinh")
    urgent(app, "Cảnh báo", "warning")
    db = app.registry._zodb_databases[""]
    before = db.lastTransaction()
    for path in ("/", SECTION, "/xa-thi-tran/yen-thinh/"):
        assert titles(testapp.get(path)) == ["Cảnh báo"]
    assert db.lastTransaction() == before


def test_disabling_hides_banner_everywhere_and_reenabling_restores(app, testapp, portal_of):
    store(app, "/xa-thi-tran", CommuneSite(title="Xã Yên Thịnh"), name="yen-thinh")
    urgent(app, "Cảnh báo giữ lại")
    with portal_of() as portal:
        disable(portal, "urgent", blank_request(app.registry, portal))
    assert titles(testapp.get("/")) == []
    assert titles(testapp.get("/xa-thi-tran/yen-thinh/")) == []
    testapp.get(SECTION, status=404)
    with portal_of() as portal:
        section = portal["thong-bao-khan"]
        assert enable(portal, "urgent", blank_request(app.registry, portal)) is section
    assert titles(testapp.get("/")) == ["Cảnh báo giữ lại"]
    assert titles(testapp.get("/xa-thi-tran/yen-thinh/")) == ["Cảnh báo giữ lại"]


def test_commune_own_urgent_notices_show_only_on_that_commune(app, testapp):
    store(app, "/xa-thi-tran", CommuneSite(title="Xã Yên Thịnh"), name="yen-thinh")
    store(app, "/xa-thi-tran", CommuneSite(title="Xã Bằng Lũng"), name="bang-lung")
    with open_portal(app) as portal:
        commune = portal["xa-thi-tran"]["yen-thinh"]
        if not is_enabled(commune, "urgent"):
            enable(commune, "urgent", blank_request(app.registry, portal))
    urgent(app, "Của huyện", "info")
    store(app, "/xa-thi-tran/yen-thinh/thong-bao-khan",
          UrgentNotice(title="Của xã", severity="warning", effective=ago(minutes=1)))
    assert titles(testapp.get("/xa-thi-tran/yen-thinh/")) == ["Của xã", "Của huyện"]
    assert titles(testapp.get("/xa-thi-tran/bang-lung/")) == ["Của huyện"]
    assert titles(testapp.get("/")) == ["Của huyện"]


class TestDemo:
    @pytest.fixture
    def settings(self, settings):
        settings["portal.demo"] = "true"
        return settings

    def test_demo_warning_is_on_the_home_banner(self, testapp):
        assert banner(testapp.get("/")) == [
            ("warning", "status", "Cảnh báo mưa lớn, lũ quét và sạt lở đất")]
