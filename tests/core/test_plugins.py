"""Plugins: the @@plugins page, enable/disable round trips, discovery, failures,
the allow-list, conflicts, the ``plugin_enabled`` predicate and the navigation order."""
import importlib.metadata
import io
import logging
import sys
import types

import pytest
import webtest
from PIL import Image

from portal_core.plugins import loader
from portal_core.testing import store, ADMIN_PASSWORD, csrf_token

ARTICLE = "/tin-tuc/bai-co-anh/"
NEWS_URLS = ("/tin-tuc/", "/tin-tuc/kinh-te/", ARTICLE, ARTICLE + "@@image",
             ARTICLE + "@@edit", "/tin-tuc/@@add/NewsArticle", "/tin-tuc/@@contents")
DEFAULT_CATEGORIES = ["chinh-tri", "kinh-te", "quoc-phong-an-ninh", "tin-hoat-dong",
                      "van-hoa-xa-hoi"]


pytestmark = pytest.mark.usefixtures("fast_hashing")


# --- helpers ---------------------------------------------------------------------------

def png_bytes():
    buf = io.BytesIO()
    Image.new("RGB", (8, 6), "red").save(buf, "PNG")
    return buf.getvalue()


def add_article_with_image(app, portal_of):
    from portal_core.blobs import ImageFile
    from portal_plugins.news.resources import NewsArticle
    image = ImageFile(io.BytesIO(png_bytes()), "anh.png")
    article = NewsArticle(title="Bài có ảnh đại diện", category="kinh-te", image=image)
    store(app, "/tin-tuc", article, name="bai-co-anh")


def nav_titles(page):
    return [a.get_text(strip=True) for a in page.html.select("nav.mainnav a")]


def plugins_post(testapp, status=303, **data):
    data["csrf_token"] = csrf_token(testapp.get("/@@plugins"))
    return testapp.post("/@@plugins", data, status=status)


def news_state(portal_of):
    """What the ZODB holds for news: section names, categories, listing size, flag."""
    with portal_of() as portal:
        section = portal.get("tin-tuc")
        return {
            "sections": [name for name in portal.keys()],
            "categories": sorted(c.__name__ for c in section.categories()),
            "articles": len(section.listing),
            "has_image": section["bai-co-anh"].image is not None
            if "bai-co-anh" in section else False,
            "enabled": bool(portal.plugin_state["news"]["enabled"]),
            "uid": section.uid,
        }


def admin_client(app):
    client = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost"})
    token = csrf_token(client.get("/@@login"))
    client.post("/@@login", {"login": "admin", "password": ADMIN_PASSWORD,
                             "csrf_token": token}, status=303)
    return client


@pytest.fixture
def build_app(monkeypatch, settings):
    """``build_app(name=includeme, ...)``: ``main()`` with extra (fake) plugins installed
    next to the news plugin (the real one these tests use) through the entry-point seam;
    databases closed afterwards."""
    apps = []
    real = [ep for ep in loader.entry_points() if ep.name == "news"]

    def _build(extra_settings=None, entry_points=(), **plugins):
        eps = list(real) + list(entry_points)
        for name, includeme in plugins.items():
            module = types.ModuleType("fake_plugin_" + name)
            module.includeme = includeme
            monkeypatch.setitem(sys.modules, module.__name__, module)
            eps.append(importlib.metadata.EntryPoint(
                name=name, value=module.__name__ + ":includeme", group=loader.GROUP))
        monkeypatch.setattr(loader, "entry_points", lambda group=loader.GROUP: eps)
        from portal_core import main
        app = main({}, **dict(settings, **(extra_settings or {})))
        apps.append(app)
        return app

    yield _build
    for app in apps:
        for db in app.registry._zodb_databases.values():
            db.close()


def events_plugin(config):
    """A second plugin with a section in the navigation (after news by default)."""
    from portal_core.content import Section
    config.add_plugin("events", title="Sự kiện")
    config.add_section("events", title="Sự kiện", slug="su-kien", factory=Section, order=20)


# --- the admin page and the round trip ---------------------------------------------------

def test_plugins_page_lists_news(testapp, admin):
    page = testapp.get("/@@plugins")
    row = page.html.select_one("#plugin-news")
    assert row is not None
    assert "Tin tức" in row.get_text() and "Đang bật" in row.get_text()
    assert row.select_one('a[href="http://localhost/tin-tuc/"]') is not None
    assert row.select_one('button[name="disable"]') is not None
    assert "không nạp được" not in page.text


def test_disable_hides_news_everywhere_and_deletes_nothing(testapp, app, admin, portal_of):
    add_article_with_image(app, portal_of)
    before = news_state(portal_of)
    home = testapp.get("/")
    assert "Tin tức" in nav_titles(home)
    assert "Tin mới" in home.text and "Bài có ảnh đại diện" in home.text
    for url in NEWS_URLS:
        testapp.get(url, status=200)

    page = plugins_post(testapp, plugin="news", disable="1").follow()
    assert "Không có dữ liệu nào bị xóa" in page.text
    assert "Đang tắt" in page.html.select_one("#plugin-news").get_text()

    home = testapp.get("/")
    assert "Tin tức" not in nav_titles(home)
    assert "Tin mới" not in home.text and "Bài có ảnh đại diện" not in home.text
    assert "Trang thông tin chưa có nội dung." in home.text
    for url in NEWS_URLS:                               # as the admin
        assert "Không tìm thấy trang" in testapp.get(url, status=404).text
    anonymous = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost"})
    for url in NEWS_URLS:
        anonymous.get(url, status=404)
    assert "Tin tức" not in nav_titles(anonymous.get("/"))

    after = news_state(portal_of)
    assert after == dict(before, enabled=False)
    assert after["articles"] == 1 and after["has_image"]
    assert after["categories"] == DEFAULT_CATEGORIES


def test_enable_disable_enable_restores_without_duplicates(testapp, app, admin, portal_of):
    add_article_with_image(app, portal_of)
    before = news_state(portal_of)
    for _ in range(2):
        plugins_post(testapp, plugin="news", disable="1")
        page = plugins_post(testapp, plugin="news", enable="1").follow()
        assert "Đang bật" in page.html.select_one("#plugin-news").get_text()
    assert news_state(portal_of) == before          # same section, 5 categories, 1 article
    home = testapp.get("/")
    assert nav_titles(home)[:2] == ["Trang chủ", "Tin tức"]
    assert "Bài có ảnh đại diện" in home.text
    for url in NEWS_URLS:
        testapp.get(url, status=200)
    assert testapp.get(ARTICLE + "@@image").content_type == "image/png"


def test_enabling_twice_is_idempotent(testapp, admin, portal_of):
    before = news_state(portal_of)
    plugins_post(testapp, plugin="news", enable="1")
    plugins_post(testapp, plugin="news", enable="1")
    after = news_state(portal_of)
    assert after == before
    assert after["sections"].count("tin-tuc") == 1
    with portal_of() as portal:
        assert portal.plugin_state["news"]["changed_by"] == "admin"
    assert nav_titles(testapp.get("/"))[:2] == ["Trang chủ", "Tin tức"]


def test_categories_deleted_by_the_editor_are_not_recreated_while_others_exist(
        testapp, app, admin, portal_of):
    from portal_core.bootstrap import blank_request
    from portal_core.content import remove
    with portal_of() as portal:
        remove(portal["tin-tuc"], "chinh-tri", blank_request(app.registry, portal))
    plugins_post(testapp, plugin="news", disable="1")
    plugins_post(testapp, plugin="news", enable="1")
    assert "chinh-tri" not in news_state(portal_of)["categories"]


def test_switch_messages_name_the_plugin(testapp, admin):
    page = plugins_post(testapp, plugin="news", disable="1").follow()
    flashes = [f.get_text() for f in page.html.select(".flash")]
    assert flashes == ["Đã tắt “news”. Không có dữ liệu nào bị xóa."]
    page = plugins_post(testapp, plugin="news", enable="1").follow()
    flashes = [f.get_text() for f in page.html.select(".flash")]
    assert flashes == ["Đã bật “news”."]


@pytest.mark.parametrize("action", ["enable", "disable"])
def test_unknown_plugin_is_a_400_with_a_message(testapp, admin, portal_of, action):
    page = plugins_post(testapp, status=400, plugin="khong-co", **{action: "1"})
    assert "Plugin không được cài đặt: khong-co" in page.text
    assert news_state(portal_of)["enabled"]


def test_only_site_admins_switch_plugins(testapp, make_users, login, portal_of):
    make_users(bientap=["Editor"])
    login("bientap")
    token = csrf_token(testapp.get("/"))
    testapp.post("/@@plugins", {"csrf_token": token, "plugin": "news", "disable": "1"},
                 status=403)
    assert news_state(portal_of)["enabled"]


def test_plugins_post_without_csrf_changes_nothing(testapp, admin, portal_of):
    testapp.post("/@@plugins", {"plugin": "news", "disable": "1"}, status=400)
    assert news_state(portal_of)["enabled"]


def test_disabled_plugin_404_page_does_not_reveal_its_content(testapp, app, admin,
                                                               portal_of):
    add_article_with_image(app, portal_of)
    plugins_post(testapp, plugin="news", disable="1")
    anonymous = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost"})
    page = anonymous.get(ARTICLE, status=404)
    assert "Bài có ảnh đại diện" not in page.text
    assert "Tin tức" not in page.text


# --- discovery, failures and the allow-list ----------------------------------------------

def test_plugin_that_fails_to_import_is_logged_and_skipped(build_app, caplog):
    broken = importlib.metadata.EntryPoint(name="broken", value="no_such_module_xyz",
                                           group=loader.GROUP)
    with caplog.at_level(logging.ERROR, logger=loader.__name__):
        app = build_app(entry_points=[broken])
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert errors and "broken" in errors[0].getMessage()
    assert "no_such_module_xyz" in errors[0].getMessage()

    client = admin_client(app)
    home = client.get("/", status=200)
    assert nav_titles(home) == ["Trang chủ", "Tin tức"]        # news still works
    page = client.get("/@@plugins")
    failure = page.html.select_one("div.error")
    assert failure is not None and "broken" in failure.get_text()
    assert "ModuleNotFoundError" in failure.get_text()
    assert page.html.select_one("#plugin-broken") is None


def test_plugin_whose_includeme_raises_is_logged_and_skipped(build_app, caplog):
    def exploding(config):
        raise RuntimeError("cấu hình hỏng")

    with caplog.at_level(logging.ERROR, logger=loader.__name__):
        app = build_app(exploding=exploding)
    assert any("exploding" in r.getMessage() for r in caplog.records)
    page = admin_client(app).get("/@@plugins")
    assert "RuntimeError: cấu hình hỏng" in page.text


def test_half_loaded_plugin_is_not_installed(build_app):
    from portal_core.content import Section

    def half(config):
        config.add_plugin("half", title="Nửa vời")
        config.add_section("half", title="Nửa vời", slug="nua-voi", factory=Section)
        raise RuntimeError("hỏng giữa chừng")

    app = build_app(half=half)
    client = admin_client(app)
    assert "Nửa vời" not in nav_titles(client.get("/"))
    client.get("/nua-voi/", status=404)
    assert client.get("/@@plugins").html.select_one("#plugin-half") is None


def test_allow_list_excludes_plugins_not_named(build_app):
    app = build_app({"portal.plugins": "none_of_them"})
    client = admin_client(app)
    assert nav_titles(client.get("/")) == ["Trang chủ"]
    client.get("/tin-tuc/", status=404)
    page = client.get("/@@plugins")
    assert page.html.select_one("#plugin-news") is None


@pytest.mark.parametrize("allow_list", ["news", "*", "other, news", "other news"])
def test_allow_list_names_plugins(build_app, allow_list):
    app = build_app({"portal.plugins": allow_list})
    client = admin_client(app)
    assert nav_titles(client.get("/")) == ["Trang chủ", "Tin tức"]


@pytest.mark.parametrize("allow_list,name,expected", [
    ("*", "news", True), ("news", "news", True), ("a,news", "news", True),
    ("a  news", "news", True), ("", "news", False), ("newsletter", "news", False),
    ("news2", "news", False), ("none_of_them", "news", False),
])
def test_allowed_parses_the_allow_list(allow_list, name, expected):
    assert loader.allowed(name, allow_list) is expected


def test_plugin_removed_from_allow_list_hides_its_existing_content(build_app):
    first = build_app()                                  # portal created with news on
    for db in first.registry._zodb_databases.values():
        db.close()
    app = build_app({"portal.plugins": "none_of_them"})
    anonymous = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost"})
    assert "Tin tức" not in nav_titles(anonymous.get("/"))
    anonymous.get("/tin-tuc/", status=404)
    anonymous.get("/tin-tuc/kinh-te/", status=404)


# --- conflicts and dependencies -------------------------------------------------------

def test_same_plugin_name_twice_in_one_configurator_conflicts():
    from pyramid.config import Configurator
    from pyramid.exceptions import ConfigurationConflictError
    config = Configurator(settings={})
    config.include("portal_core.content")
    config.include("portal_core.plugins")
    config.add_plugin("news", title="Tin tức")
    config.add_plugin("news", title="Tin tức khác")
    with pytest.raises(ConfigurationConflictError) as info:
        config.commit()
    assert "portal.plugin" in str(info.value) and "news" in str(info.value)


def test_two_installed_plugins_claiming_one_name_conflict_at_startup(build_app):
    from pyramid.exceptions import ConfigurationConflictError

    def impostor(config):
        config.add_plugin("news", title="Tin tức giả")

    with pytest.raises(ConfigurationConflictError):
        build_app(impostor=impostor)


def dependant_includeme(name):
    def includeme(config):
        from portal_core.content import Section
        config.add_plugin(name, title="Phụ thuộc", requires=("news",))
        config.add_section(name, title="Phụ thuộc", slug="phu-thuoc", factory=Section)
    return includeme


def test_dependencies_are_enforced_on_the_plugins_page(build_app):
    app = build_app(zz_dependant=dependant_includeme("zz_dependant"))
    client = admin_client(app)
    page = plugins_post(client, status=400, plugin="news", disable="1")
    assert "Đang được dùng bởi: zz_dependant" in page.text
    plugins_post(client, plugin="zz_dependant", disable="1")
    plugins_post(client, plugin="news", disable="1")
    page = plugins_post(client, status=400, plugin="zz_dependant", enable="1")
    assert "Cần bật trước: news" in page.text
    plugins_post(client, plugin="news", enable="1")
    plugins_post(client, plugin="zz_dependant", enable="1")
    assert nav_titles(client.get("/")) == ["Trang chủ", "Tin tức", "Phụ thuộc"]


def test_new_portal_starts_with_a_plugin_named_before_its_requirement(build_app):
    app = build_app(events=dependant_includeme("events"))     # "events" < "news"
    client = admin_client(app)
    assert nav_titles(client.get("/")) == ["Trang chủ", "Tin tức", "Phụ thuộc"]


# --- the plugin_enabled predicate ------------------------------------------------------

def test_plugin_enabled_predicate_reads_the_site_of_the_context():
    from portal_core.content import Folder, Site
    from portal_core.plugins import PluginEnabledPredicate
    predicate = PluginEnabledPredicate("news", None)
    assert predicate.text() == "plugin_enabled = news"
    assert predicate.phash() == predicate.text()
    site = Site(title="Xã A")
    folder = Folder(title="Thư mục")
    site["thu-muc"] = folder
    assert predicate(folder, None) is False
    site.plugin_state["news"] = {"enabled": True}
    assert predicate(site, None) is True
    assert predicate(folder, None) is True
    site.plugin_state["news"] = {"enabled": False}
    assert predicate(folder, None) is False
    assert predicate(Folder(title="Mồ côi"), None) is False     # no site at all


def test_plugin_enabled_view_predicate_in_a_real_app(build_app):
    from pyramid.response import Response

    from portal_core.interfaces import ISite

    def probe(config):
        config.add_view(lambda context, request: Response("thăm dò: bật", charset="utf-8",
                                                          content_type="text/plain"),
                        context=ISite, name="tham-do", plugin_enabled="news")

    app = build_app(probe=probe)
    client = admin_client(app)
    assert client.get("/@@tham-do").text == "thăm dò: bật"
    plugins_post(client, plugin="news", disable="1")
    client.get("/@@tham-do", status=404)
    plugins_post(client, plugin="news", enable="1")
    client.get("/@@tham-do", status=200)


# --- navigation order ----------------------------------------------------------------

def test_nav_order_saved_on_the_plugins_page_orders_the_main_navigation(build_app):
    app = build_app(events=events_plugin)
    client = admin_client(app)
    assert nav_titles(client.get("/")) == ["Trang chủ", "Tin tức", "Sự kiện"]
    page = client.get("/@@plugins")
    assert page.html.select_one('input[name="order.news"]')["value"] == "10"
    assert page.html.select_one('input[name="order.events"]')["value"] == "20"

    page = plugins_post(client, save_order="1", **{"order.news": "30",
                                                    "order.events": "20"}).follow()
    assert "Đã lưu thứ tự trình đơn." in page.text
    assert page.html.select_one('input[name="order.news"]')["value"] == "30"
    assert nav_titles(client.get("/")) == ["Trang chủ", "Sự kiện", "Tin tức"]
    anonymous = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost"})
    assert nav_titles(anonymous.get("/")) == ["Trang chủ", "Sự kiện", "Tin tức"]

    page = plugins_post(client, status=400, save_order="1", **{"order.news": "đầu tiên"})
    assert "Thứ tự phải là số nguyên." in page.text
    assert nav_titles(client.get("/")) == ["Trang chủ", "Sự kiện", "Tin tức"]
