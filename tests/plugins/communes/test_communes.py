"""Commune sites: created by the district, run by their own staff, isolated from the
district and from each other, served at their own host, renamed and merged."""
import os

import pytest
import webtest

from portal_core.bootstrap import blank_request
from portal_core.plugins import enable, section_of
from portal_core.testing import ADMIN_PASSWORD, csrf_token, open_portal, store, \
    take_transitions
from portal_plugins.communes.reorganise import merge, rename
from portal_plugins.communes.vhost import set_host
from portal_plugins.news.resources import NewsArticle

SECTION = "/xa-thi-tran"


def client(app, host="localhost", **environ):
    environ["HTTP_HOST"] = host
    return webtest.TestApp(app, extra_environ=environ)


def add_commune(app, name, title, status=303, **admin):
    """Create a commune site through the district admin's form."""
    admin_client = client(app)
    page = admin_client.get("/@@login")
    admin_client.post("/@@login", {"login": "admin", "password": ADMIN_PASSWORD,
                                   "csrf_token": csrf_token(page)}, status=303)
    form = admin_client.get(SECTION + "/@@add-commune").forms["deform"]
    form["title"], form["name"] = title, name
    form["site_admin"] = admin.get("site_admin", "")
    return form.submit("save", status=status)


@pytest.fixture
def communes(app, make_users, fast_hashing):
    make_users(**{"ut": [], "lan": []})
    add_commune(app, "yen-thinh", "Xã Yên Thịnh", site_admin="ut").follow()
    add_commune(app, "bang-lung", "Thị trấn Bằng Lũng", site_admin="lan")
    store(app, SECTION + "/yen-thinh/tin-tuc", NewsArticle(title="Yên Thịnh làm đường"))
    store(app, SECTION + "/bang-lung/tin-tuc", NewsArticle(title="Bằng Lũng ngày hội"))
    store(app, "/tin-tuc", NewsArticle(title="Nháp của huyện"), published=False)
    store(app, SECTION + "/bang-lung/tin-tuc", NewsArticle(title="Nháp của Bằng Lũng"),
          published=False)
    return app


def test_the_district_creates_a_commune_site_with_news_and_an_admin(communes):
    with open_portal(communes, commit=False) as portal:
        site = portal["xa-thi-tran"]["yen-thinh"]
        assert site.title == "Xã Yên Thịnh" and site.settings["name"] == "Xã Yên Thịnh"
        assert section_of(site, "news") is not None
        assert "SiteAdmin" in site.__local_roles__["user:ut"]
    home = client(communes).get(SECTION + "/yen-thinh/")
    assert "Xã Yên Thịnh" in home.text and "Yên Thịnh làm đường" in home.text


def test_bad_input_on_the_add_form(app, fast_hashing):
    response = add_commune(app, "Yen Thinh!", "", status=400)
    assert "Chỉ dùng chữ thường" in response.text and "Bắt buộc" in response.text
    response = add_commune(app, "yen-thinh", "Xã Yên Thịnh", site_admin="khong-co",
                           status=400)
    assert "Không có tài khoản này" in response.text
    with open_portal(app, commit=False) as portal:
        assert "yen-thinh" not in portal["xa-thi-tran"]


def test_commune_staff_run_their_site_and_touch_nothing_else(communes, login):
    from portal_core.testing import USER_PASSWORD
    ut = client(communes)
    page = ut.get("/@@login")
    ut.post("/@@login", {"login": "ut", "password": USER_PASSWORD,
                         "csrf_token": csrf_token(page)}, status=303)
    assert ut.get(SECTION + "/yen-thinh/@@plugins").status_int == 200
    assert ut.get(SECTION + "/yen-thinh/@@settings").status_int == 200
    assert ut.get(SECTION + "/yen-thinh/tin-tuc/@@add/NewsArticle").status_int == 200
    for path in ("/@@plugins", "/@@settings", "/tin-tuc/@@add/NewsArticle",
                 SECTION + "/bang-lung/@@settings", SECTION + "/bang-lung/@@plugins",
                 SECTION + "/bang-lung/tin-tuc/@@add/NewsArticle"):
        assert ut.get(path, expect_errors=True).status_int in (403, 404), path
    assert ut.get("/tin-tuc/nhap-cua-huyen", expect_errors=True).status_int == 404
    assert ut.get(SECTION + "/bang-lung/tin-tuc/nhap-cua-bang-lung",
                  expect_errors=True).status_int == 404


def test_a_commune_site_at_its_own_host(communes):
    with open_portal(communes) as portal:
        set_host(portal["xa-thi-tran"]["yen-thinh"], "yenthinh.example.gov.vn")
    home = client(communes, "yenthinh.example.gov.vn").get("/")
    assert "Yên Thịnh làm đường" in home.text
    assert 'href="http://yenthinh.example.gov.vn/tin-tuc/yen-thinh-lam-duong/"' in home.text
    assert SECTION not in home.text.split("<main")[1].split("</main>")[0]
    article = client(communes, "yenthinh.example.gov.vn").get("/tin-tuc/yen-thinh-lam-duong")
    assert "Yên Thịnh làm đường" in article.text
    portal_home = client(communes, "unknown.example.org").get("/")
    assert "Thử Nghiệm" in portal_home.text


def test_the_host_header_of_a_proxy_counts_only_when_trusted(communes, settings):
    with open_portal(communes) as portal:
        set_host(portal["xa-thi-tran"]["yen-thinh"], "yenthinh.example.gov.vn")
    commune_title = "– Xã Yên Thịnh</title>"
    forged = client(communes, "localhost", HTTP_X_FORWARDED_HOST="yenthinh.example.gov.vn",
                    REMOTE_ADDR="203.0.113.9").get("/")
    assert commune_title not in forged.text
    communes.registry.settings["portal.trusted_proxies"] = "127.0.0.1"
    proxied = client(communes, "localhost", HTTP_X_FORWARDED_HOST="yenthinh.example.gov.vn",
                     REMOTE_ADDR="127.0.0.1").get("/")
    assert commune_title in proxied.text
    spoofed = client(communes, "localhost", HTTP_X_VHM_ROOT=SECTION + "/bang-lung").get("/")
    assert "– Thị trấn Bằng Lũng</title>" not in spoofed.text


def test_host_names_are_validated_and_unique(communes, admin, testapp):
    form = testapp.get(SECTION + "/yen-thinh/@@hosting").forms["deform"]
    form["host"] = "not a host"
    assert "Tên miền không hợp lệ" in form.submit("save", status=400).text
    form["host"] = "YenThinh.Example.gov.vn"
    form.submit("save", status=303)
    form = testapp.get(SECTION + "/bang-lung/@@hosting").forms["deform"]
    form["host"] = "yenthinh.example.gov.vn"
    assert "đang dùng cho Xã Yên Thịnh" in form.submit("save", status=400).text


def test_the_district_home_shows_commune_news_labelled(communes):
    home = client(communes).get("/")
    block = home.text.split("communes-news")[1]
    assert "Yên Thịnh làm đường" in block and "Xã Yên Thịnh" in block
    assert "Nháp của Bằng Lũng" not in block


def test_portal_wide_blocks_show_on_commune_sites(communes):
    from portal_core.layout.blocks import BlockInfo
    template = os.path.join(os.path.dirname(__file__), "..", "..", "core", "block_test.pt")
    communes.registry.portal_blocks.register(BlockInfo(
        "test.urgent", lambda context, request: {"text": "Khẩn"}, os.path.abspath(template),
        slot="sidebar", plugin="communes", portal_wide=True))
    with open_portal(communes) as portal:
        from portal_core.plugins import disable
        disable(portal["xa-thi-tran"]["yen-thinh"], "news",
                blank_request(communes.registry, portal))
    page = client(communes).get(SECTION + "/yen-thinh/")
    assert 'id="block-test.urgent"' in page.text


def test_rename_redirects_old_addresses(communes):
    with open_portal(communes) as portal:
        site = portal["xa-thi-tran"]["yen-thinh"]
        rename(site, "Xã Yên Thịnh Mới", "yen-thinh-moi", blank_request(communes.registry, portal))
    visitor = client(communes)
    old = visitor.get(SECTION + "/yen-thinh/tin-tuc/yen-thinh-lam-duong?x=1", status=301)
    assert old.location == "http://localhost" + SECTION + \
        "/yen-thinh-moi/tin-tuc/yen-thinh-lam-duong?x=1"
    assert "Yên Thịnh làm đường" in old.follow().text


def test_merge_moves_content_labelled_and_redirects(communes, testapp, admin):
    form = testapp.get(SECTION + "/yen-thinh/@@merge").forms["deform"]
    form["target"] = "bang-lung"
    form.submit("save", status=303)
    visitor = client(communes)
    moved = visitor.get(SECTION + "/yen-thinh/tin-tuc/yen-thinh-lam-duong", status=301)
    page = moved.follow()
    assert "/bang-lung/tin-tuc/" in moved.location
    assert "Trước đây thuộc" in page.text and "Xã Yên Thịnh" in page.text
    assert visitor.get(SECTION + "/yen-thinh/", status=301).location.endswith("/bang-lung/")
    assert "Yên Thịnh làm đường" in visitor.get(SECTION + "/bang-lung/tin-tuc/").text
    found = visitor.get("/@@search", params={"q": "yen thinh lam duong"}).text
    assert "/bang-lung/tin-tuc/yen-thinh-lam-duong" in found
    section = visitor.get(SECTION + "/").text
    assert "Đã sáp nhập" in section


def test_only_the_district_merges(communes, login, fast_hashing):
    from portal_core.testing import USER_PASSWORD
    ut = client(communes)
    page = ut.get("/@@login")
    ut.post("/@@login", {"login": "ut", "password": USER_PASSWORD,
                         "csrf_token": csrf_token(page)}, status=303)
    assert ut.get(SECTION + "/yen-thinh/@@merge", expect_errors=True).status_int == 403


def test_a_commune_sets_its_colour_and_logo(communes, login, fast_hashing):
    import io
    from PIL import Image
    from portal_core.testing import USER_PASSWORD
    ut = client(communes)
    page = ut.get("/@@login")
    ut.post("/@@login", {"login": "ut", "password": USER_PASSWORD,
                         "csrf_token": csrf_token(page)}, status=303)
    form = ut.get(SECTION + "/yen-thinh/@@settings").forms["deform"]
    form["color"] = "red; background: url(x)"
    assert "Mã màu phải có dạng #RRGGBB" in form.submit("save", status=400).text
    png = io.BytesIO()
    Image.new("RGB", (32, 32), "green").save(png, "PNG")
    form = ut.get(SECTION + "/yen-thinh/@@settings").forms["deform"]
    form["color"] = "#0B5394"
    form["upload"] = webtest.Upload("logo.png", png.getvalue(), "image/png")
    form.submit("save", status=303)
    home = client(communes).get(SECTION + "/yen-thinh/")
    assert "--red: #0b5394" in home.text
    logo_url = "http://localhost" + SECTION + "/yen-thinh/@@logo"
    assert 'src="%s"' % logo_url in home.text
    assert client(communes).get(logo_url).content_type == "image/png"
    district = client(communes).get("/")
    assert "--red: #0b5394" not in district.text and "@@logo" not in district.text


def test_a_commune_reviewer_approves_only_in_the_commune(communes, make_users, fast_hashing,
                                                          testapp, admin):
    from portal_core.testing import USER_PASSWORD
    make_users(site=SECTION + "/bang-lung", duyet=["Reviewer"])
    take_transitions(testapp, "/tin-tuc/nhap-cua-huyen/", "submit")
    take_transitions(testapp, SECTION + "/bang-lung/tin-tuc/nhap-cua-bang-lung/", "submit")
    reviewer = client(communes)
    page = reviewer.get("/@@login")
    reviewer.post("/@@login", {"login": "duyet", "password": USER_PASSWORD,
                               "csrf_token": csrf_token(page)}, status=303)
    queue = reviewer.get(SECTION + "/bang-lung/@@review").text
    assert "Nháp của Bằng Lũng" in queue
    assert "Nháp của huyện" not in reviewer.get("/@@review").text
    take_transitions(reviewer, SECTION + "/bang-lung/tin-tuc/nhap-cua-bang-lung/", "publish")
    take_transitions(reviewer, "/tin-tuc/nhap-cua-huyen/", "publish", status=404)
    assert "Nháp của Bằng Lũng" in client(communes).get(SECTION + "/bang-lung/tin-tuc/").text


def test_the_board_sees_late_sites_on_its_queue(communes, testapp, admin):
    queue = testapp.get("/@@review").text
    assert "trang chậm cập nhật" in queue and "@@freshness" in queue


class TestLinksOutsideTheCommuneHost:
    """On a commune's own host, pages outside the commune are linked at the portal's
    address (``portal.url``), not at the commune's host where they would not resolve."""

    @pytest.fixture
    def settings(self, settings):
        settings["portal.url"] = "https://chodon.example.gov.vn/"
        return settings

    def test_district_pages_link_to_the_portal_host(self, communes):
        from portal_plugins.urgent.resources import UrgentNotice
        store(communes, "/thong-bao-khan", UrgentNotice(title="Cảnh báo lũ quét",
                                                         severity="warning"),
              name="canh-bao-lu")
        with open_portal(communes) as portal:
            set_host(portal["xa-thi-tran"]["yen-thinh"], "yenthinh.example.gov.vn")
        page = client(communes, "yenthinh.example.gov.vn").get(
            "/tin-tuc/yen-thinh-lam-duong")
        hrefs = [a["href"] for a in page.html.select("a[href]")]
        assert "https://chodon.example.gov.vn/thong-bao-khan/canh-bao-lu/" in hrefs
        assert "http://yenthinh.example.gov.vn/tin-tuc/" in hrefs
        assert not [h for h in hrefs if h.startswith("http://yenthinh.example.gov.vn/thong")]
        district = client(communes).get("/")
        assert 'href="http://localhost/thong-bao-khan/canh-bao-lu/"' in district.text
