"""Layout: header, navigation, footer and @@settings, breadcrumbs, blocks, staff toolbar."""
import os

import pytest
import webtest

from portal_core.layout.blocks import BlockInfo
from portal_core.testing import store

TITLE = "Cổng thông tin điện tử huyện Thử Nghiệm"
BLOCK_TEMPLATE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "block_test.pt")
ARTICLE = "/tin-tuc/hoi-nghi-tong-ket/"


pytestmark = pytest.mark.usefixtures("fast_hashing")


@pytest.fixture
def settings(settings):
    """Only the news plugin: these tests read the navigation and the home blocks."""
    return dict(settings, **{"portal.plugins": "news"})


@pytest.fixture
def anonymous(app):
    return webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost"})


def add_article(app, portal_of, name="hoi-nghi-tong-ket", title="Hội nghị tổng kết năm",
                category="kinh-te"):
    from portal_plugins.news.resources import NewsArticle
    store(app, "/tin-tuc", NewsArticle(title=title, category=category), name=name)
    return "/tin-tuc/%s/" % name


def text_of(page, selector):
    node = page.html.select_one(selector)
    assert node is not None, selector
    return " ".join(node.get_text(" ", strip=True).split())


def nav(page):
    return [(a.get_text(strip=True), a["href"]) for a in page.html.select("nav.mainnav a")]


def crumbs(page):
    return [(li.get_text(strip=True), li.a["href"] if li.a else None)
            for li in page.html.select("ol.breadcrumbs li")]


# --- header, navigation, footer ------------------------------------------------------

def test_home_has_header_nav_and_footer_with_the_portal_title(anonymous):
    home = anonymous.get("/")
    assert text_of(home, "header.masthead strong") == TITLE
    assert home.html.title.get_text().strip().endswith("– " + TITLE)
    assert nav(home) == [("Trang chủ", "http://localhost/"),
                         ("Tin tức", "http://localhost/tin-tuc/")]
    assert text_of(home, "footer.footer strong") == TITLE
    assert home.html.select("ol.breadcrumbs") == []          # nothing above the home page
    assert "Tin mới" in text_of(home, "main")                 # the news home block


def fill_settings(form, **values):
    for key, value in values.items():
        form[key] = value
    return form


CONTACT = {
    "name": "Ủy ban nhân dân xã Tân Lập",
    "address": "Thôn Nà Phầy, xã Tân Lập, tỉnh Lạng Sơn",
    "phone": "0205 3870 123",
    "email": "ubnd@tanlap.gov.vn",
}


def test_saved_settings_change_the_site_name_everywhere(testapp, app, admin, portal_of,
                                                       anonymous):
    url = add_article(app, portal_of)
    form = fill_settings(testapp.get("/@@settings").forms["deform"], **CONTACT)
    res = form.submit("save", status=303)
    assert res.location == "http://localhost/@@admin"
    assert "Đã lưu thiết lập." in res.follow().text

    for page in (anonymous.get("/"), anonymous.get(url), anonymous.get("/tin-tuc/"),
                 testapp.get("/@@contents")):
        assert text_of(page, "header.masthead strong") == CONTACT["name"]
        assert page.html.title.get_text().strip().endswith("– " + CONTACT["name"])
        footer = text_of(page, "footer.footer")
        assert CONTACT["name"] in footer
        assert CONTACT["address"] in footer
        assert "Điện thoại" in footer and CONTACT["phone"] in footer
        assert page.html.select_one('footer a[href="mailto:ubnd@tanlap.gov.vn"]') is not None
        assert TITLE not in page.text
    assert crumbs(anonymous.get(url))[0] == (CONTACT["name"], "http://localhost/")
    with portal_of() as portal:
        assert portal.title == CONTACT["name"]
        assert {k: portal.settings[k] for k in CONTACT} == CONTACT


def test_settings_form_shows_the_saved_values(testapp, admin):
    fill_settings(testapp.get("/@@settings").forms["deform"], **CONTACT).submit("save")
    form = testapp.get("/@@settings").forms["deform"]
    assert {k: form[k].value for k in CONTACT} == CONTACT


@pytest.mark.parametrize("email", ["khong-phai-email", "a@", "@tanlap.gov.vn", "a b@c.vn"])
def test_invalid_email_is_an_inline_400_and_nothing_is_saved(testapp, admin, portal_of,
                                                            email):
    with portal_of() as portal:
        before = dict(portal.settings)
    form = fill_settings(testapp.get("/@@settings").forms["deform"],
                         **dict(CONTACT, email=email))
    page = form.submit("save", status=400)
    assert "Địa chỉ thư không hợp lệ." in page.text
    assert page.forms["deform"]["address"].value == CONTACT["address"]  # input kept
    with portal_of() as portal:
        assert dict(portal.settings) == before
        assert portal.title == TITLE
    assert text_of(testapp.get("/"), "header.masthead strong") == TITLE


def test_empty_site_name_is_refused(testapp, admin, portal_of):
    form = fill_settings(testapp.get("/@@settings").forms["deform"], **dict(CONTACT, name=" "))
    page = form.submit("save", status=400)
    assert "Bắt buộc" in page.text
    with portal_of() as portal:
        assert portal.settings["name"] == TITLE and "address" not in portal.settings


def test_settings_cancel_saves_nothing(testapp, admin, portal_of):
    form = fill_settings(testapp.get("/@@settings").forms["deform"], **CONTACT)
    form.submit("cancel", status=303)
    with portal_of() as portal:
        assert portal.settings["name"] == TITLE


# --- breadcrumbs ---------------------------------------------------------------------

def test_breadcrumbs_on_an_article_page(anonymous, app, portal_of):
    url = add_article(app, portal_of)
    page = anonymous.get(url)
    assert crumbs(page) == [(TITLE, "http://localhost/"),
                            ("Tin tức", "http://localhost/tin-tuc/"),
                            ("Hội nghị tổng kết năm", None)]      # the current page: no link
    assert crumbs(anonymous.get("/tin-tuc/kinh-te/")) == [
        (TITLE, "http://localhost/"), ("Tin tức", "http://localhost/tin-tuc/"),
        ("Kinh tế", None)]


# --- blocks --------------------------------------------------------------------------

def test_add_block_refuses_an_unknown_slot():
    from pyramid.config import Configurator
    config = Configurator(settings={})
    config.include("portal_core.layout")
    with pytest.raises(ValueError, match="unknown block slot 'header'"):
        config.add_block("x", lambda context, request: {}, BLOCK_TEMPLATE, slot="header")


def test_add_block_registers_blocks_per_slot_in_order():
    from pyramid.config import Configurator
    config = Configurator(settings={})
    config.include("portal_core.layout")
    view = lambda context, request: {"text": "x"}                       # noqa: E731
    config.add_block("b.second", view, BLOCK_TEMPLATE, slot="sidebar", order=50)
    config.add_block("a.first", view, BLOCK_TEMPLATE, slot="sidebar", order=5)
    config.add_block("c.footer", view, BLOCK_TEMPLATE, slot="footer")
    config.commit()
    blocks = config.registry.portal_blocks
    assert [b.name for b in blocks.for_slot("sidebar")] == ["a.first", "b.second"]
    assert [b.name for b in blocks.for_slot("footer")] == ["c.footer"]
    assert blocks.for_slot("home") == []


def test_same_block_name_twice_conflicts():
    from pyramid.config import Configurator
    from pyramid.exceptions import ConfigurationConflictError
    config = Configurator(settings={})
    config.include("portal_core.layout")
    view = lambda context, request: {"text": "x"}                       # noqa: E731
    config.add_block("trung", view, BLOCK_TEMPLATE)
    config.add_block("trung", view, BLOCK_TEMPLATE)
    with pytest.raises(ConfigurationConflictError):
        config.commit()


def register(app, name, slot, text, order=100, plugin=None, view=None, **kw):
    view = view or (lambda context, request: {"text": text})
    app.registry.portal_blocks.register(BlockInfo(
        name=name, view=view, renderer=BLOCK_TEMPLATE, slot=slot, order=order,
        plugin=plugin, **kw))


class CountingView:
    """A block view counting its calls; shows the count so reuse is visible."""

    def __init__(self):
        self.calls = 0

    def __call__(self, context, request):
        self.calls += 1
        return {"text": "Lần %d" % self.calls}


def sidebar_text(page):
    return page.html.select_one("aside.sidebar .test-block").get_text()


def test_cached_block_is_rendered_once_for_anonymous_visitors_until_a_commit(
        app, anonymous, portal_of):
    url = add_article(app, portal_of)
    view = CountingView()
    register(app, "t.cached", "sidebar", None, view=view, cached=True)
    assert [sidebar_text(anonymous.get(p)) for p in ("/", "/tin-tuc/", url, "/")] == [
        "Lần 1"] * 4
    with portal_of() as portal:
        portal["tin-tuc"].description = "Đổi mô tả để có một giao dịch mới"
    assert sidebar_text(anonymous.get("/")) == "Lần 2"
    assert view.calls == 2


def test_cached_block_expires_after_its_time(app, anonymous, monkeypatch):
    from portal_core import caching
    now = [1000.0]
    monkeypatch.setattr(caching.time, "monotonic", lambda: now[0])
    register(app, "t.cached", "sidebar", None, view=CountingView(), cached=True)
    assert sidebar_text(anonymous.get("/")) == "Lần 1"
    now[0] += caching.ANONYMOUS_MAX_AGE - 1
    assert sidebar_text(anonymous.get("/")) == "Lần 1"
    now[0] += 2
    assert sidebar_text(anonymous.get("/")) == "Lần 2"


def test_cached_block_varies_as_told_and_is_fresh_for_logged_in_users(
        app, anonymous, admin, testapp, portal_of):
    url = add_article(app, portal_of)
    view = CountingView()
    register(app, "t.cached", "sidebar", None, view=view, cached=True,
             vary=lambda context, request: context.__name__ == "tin-tuc")
    assert sidebar_text(anonymous.get("/")) == "Lần 1"
    assert sidebar_text(anonymous.get("/tin-tuc/")) == "Lần 2"
    assert sidebar_text(anonymous.get(url)) == "Lần 1"
    assert sidebar_text(testapp.get("/")) == "Lần 3"          # the admin, logged in
    assert sidebar_text(testapp.get("/")) == "Lần 4"
    assert sidebar_text(anonymous.get("/")) == "Lần 1"


def test_sidebar_and_footer_render_registered_blocks(app, anonymous, portal_of):
    url = add_article(app, portal_of)
    register(app, "t.lich", "sidebar", "Lịch công tác tuần", order=50)
    register(app, "t.hotline", "sidebar", "Đường dây nóng 1022", order=5)
    register(app, "t.an", "sidebar", "không hiện", view=lambda context, request: None)
    register(app, "t.lienket", "footer", "Liên kết website")
    for path in ("/", "/tin-tuc/", url):
        page = anonymous.get(path)
        sidebar = page.html.select("aside.sidebar .test-block")
        assert [b.get_text() for b in sidebar] == ["Đường dây nóng 1022",
                                                   "Lịch công tác tuần"]
        assert [b["id"] for b in sidebar] == ["block-t.hotline", "block-t.lich"]
        footer = page.html.select("footer .test-block")
        assert [(b.get_text(), b["data-slot"]) for b in footer] == [
            ("Liên kết website", "footer")]
        assert "không hiện" not in page.text


def test_block_view_sees_the_context(app, anonymous, portal_of):
    url = add_article(app, portal_of)
    register(app, "t.ngucanh", "sidebar", None,
             view=lambda context, request: {"text": "Ngữ cảnh: %s" % context.title})
    assert "Ngữ cảnh: Hội nghị tổng kết năm" in anonymous.get(url).text
    assert "Ngữ cảnh: Tin tức" in anonymous.get("/tin-tuc/").text


def test_block_text_is_escaped(app, anonymous):
    register(app, "t.xss", "sidebar", "<script>alert(1)</script>")
    page = anonymous.get("/")
    assert "<script>alert(1)</script>" not in page.text
    assert page.html.select_one("aside.sidebar .test-block").get_text() == (
        "<script>alert(1)</script>")


def test_plugin_block_follows_its_plugin(app, anonymous, portal_of):
    from portal_core.bootstrap import blank_request
    from portal_core.plugins import disable, enable
    register(app, "t.tin", "sidebar", "Khối của tin tức", plugin="news")
    assert "Khối của tin tức" in anonymous.get("/").text
    with portal_of() as portal:
        disable(portal, "news", blank_request(app.registry, portal))
    assert "Khối của tin tức" not in anonymous.get("/").text
    assert anonymous.get("/").html.select("aside.sidebar") == []
    with portal_of() as portal:
        enable(portal, "news", blank_request(app.registry, portal))
    assert "Khối của tin tức" in anonymous.get("/").text


# --- staff toolbar -------------------------------------------------------------------

def test_staff_toolbar_for_editors_only(testapp, app, portal_of, make_users, login,
                                        anonymous):
    url = add_article(app, portal_of)
    for path in ("/", "/tin-tuc/", url):
        assert anonymous.get(path).html.select(".stafftools") == []
    make_users(docgia=["Reader"], bientap=["Editor"])
    login("docgia")
    for path in ("/", "/tin-tuc/", url):
        assert testapp.get(path).html.select(".stafftools") == []
    login("bientap")
    section = testapp.get("/tin-tuc/").html.select_one(".stafftools")
    assert section is not None
    links = {a.get_text(strip=True): a["href"] for a in section.select("a")}
    assert links["Quản trị"] == "http://localhost/@@admin"
    assert links["Nội dung"] == "http://localhost/tin-tuc/@@contents"
    assert links["+ Tin bài"] == "http://localhost/tin-tuc/@@add/NewsArticle"
    article = testapp.get(url).html.select_one(".stafftools")
    links = {a.get_text(strip=True): a["href"] for a in article.select("a")}
    assert links["Sửa"] == "http://localhost" + url + "@@edit"
    assert "Nội dung" not in links                           # an article is not a folder


def test_contributor_sees_toolbar_without_edit_link_on_others_articles(
        testapp, app, portal_of, make_users, login):
    url = add_article(app, portal_of)
    make_users(tacgia=["Contributor"])
    login("tacgia")
    toolbar = testapp.get(url).html.select_one(".stafftools")
    assert toolbar is not None
    assert "Sửa" not in [a.get_text(strip=True) for a in toolbar.select("a")]


def test_flash_is_shown_once(testapp, admin):
    fill_settings(testapp.get("/@@settings").forms["deform"], **CONTACT).submit("save")
    assert "Đã lưu thiết lập." in testapp.get("/").text
    assert "Đã lưu thiết lập." not in testapp.get("/").text
