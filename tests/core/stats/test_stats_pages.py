"""Functional: page views counted through the real app, the footer block, ``@@stats``."""
import pytest
import webtest

from portal_core import stats
from portal_core.content.resources import Site
from portal_core.stats import item_visits
from portal_core.testing import csrf_token, open_portal, store

BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) " \
          "Chrome/126.0.0.0 Safari/537.36"
ARTICLE = "/tin-tuc/hoi-nghi-tong-ket/"

pytestmark = pytest.mark.usefixtures("fast_hashing")


@pytest.fixture
def browser(app):
    """An anonymous visitor with an ordinary browser."""
    return webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost",
                                               "HTTP_USER_AGENT": BROWSER,
                                               "REMOTE_ADDR": "203.0.113.7"})


@pytest.fixture
def article(app):
    from portal_plugins.news.resources import NewsArticle
    store(app, "/tin-tuc", NewsArticle(title="Hội nghị tổng kết năm"), name="hoi-nghi-tong-ket")
    return ARTICLE


@pytest.fixture
def commune(app):
    store(app, "/", Site(title="Xã Yên Thịnh"), name="yen-thinh")
    return "/yen-thinh/"


def last_transaction(app):
    return app.registry._zodb_databases[""].storage.lastTransaction()


def figures(app, path="/"):
    from pyramid.traversal import find_resource
    with open_portal(app, commit=False) as portal:
        return stats.site_figures(find_resource(portal, path))


def visits_of(app, path):
    from pyramid.traversal import find_resource
    with open_portal(app, commit=False) as portal:
        return item_visits(find_resource(portal, path))


def footer(page):
    node = page.html.select_one("footer .stats-visits")
    assert node is not None, "no visit statistics in the footer"
    return " ".join(node.get_text("", strip=False).split())


# --- what is counted ---------------------------------------------------------------

def test_anonymous_page_views_count_after_a_flush_without_a_write_per_request(
        app, browser, article):
    before = last_transaction(app)
    browser.get("/")
    browser.get("/tin-tuc/")
    browser.get(article)
    browser.get(article)
    assert last_transaction(app) == before          # no ZODB write on an anonymous GET
    assert figures(app).total == 0                  # not flushed yet
    assert visits_of(app, article) == 2             # this process's unflushed views count
    assert stats.flush(app.registry) == 4
    assert last_transaction(app) != before
    counted = figures(app)
    assert (counted.total, counted.today, counted.month, counted.online) == (4, 4, 4, 1)
    assert visits_of(app, article) == 2 and visits_of(app, "/tin-tuc") == 1
    assert visits_of(app, "/") == 1


def test_head_requests_and_bots_are_not_counted(app, browser, article):
    browser.head(article)
    for agent in ("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
                  "curl/8.5.0", "python-requests/2.32", "Wget/1.21",
                  "Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/126.0 Safari/537.36"):
        browser.get(article, headers={"User-Agent": agent})
    browser.get(article, extra_environ={"HTTP_USER_AGENT": ""})
    assert stats.flush(app.registry) == 0
    assert figures(app).total == 0 and visits_of(app, article) == 0


def test_static_files_views_errors_and_redirects_are_not_counted(app, browser, testapp,
                                                                 admin):
    browser.get("/static/portal.css")
    browser.get("/static-deform/css/form.css")
    browser.get("/@@login")
    browser.get("/@@search", {"q": "hội nghị"})
    browser.get("/khong-co-trang-nay/", status=404)
    browser.get("/@@stats", status=303)             # to the login page
    testapp.get("/@@stats")                         # staff pages: a @@ view
    assert stats.flush(app.registry) == 0


def test_staff_are_not_counted_but_other_logged_in_users_are(app, testapp, login, make_users,
                                                             article):
    make_users(editor=["Editor"], citizen=[])
    login("editor")
    testapp.get(article, headers={"User-Agent": BROWSER})
    testapp.get("/", headers={"User-Agent": BROWSER})
    assert stats.flush(app.registry) == 0
    testapp.reset()
    login("citizen")
    testapp.get(article, headers={"User-Agent": BROWSER})
    assert stats.flush(app.registry) == 1


def test_pages_the_public_cannot_see_are_not_counted(app, testapp, login, make_users,
                                                    article):
    from portal_plugins.news.resources import NewsArticle
    store(app, "/tin-tuc", NewsArticle(title="Dự thảo"), name="du-thao", published=False)
    make_users(reader=["Reader"])                   # may read drafts; not staff
    login("reader")
    testapp.get("/tin-tuc/du-thao/", headers={"User-Agent": BROWSER}, status=200)
    assert stats.flush(app.registry) == 0
    testapp.get(article, headers={"User-Agent": BROWSER})
    assert stats.flush(app.registry) == 1


def test_a_conditional_get_answered_304_still_counts(app, browser, article):
    etag = browser.get(article).etag
    browser.get(article, headers={"If-None-Match": '"%s"' % etag}, status=304)
    assert stats.flush(app.registry) == 2


def test_each_site_counts_its_own_pages(app, browser, commune, article):
    browser.get(commune)
    browser.get(commune)
    browser.get(article)
    stats.flush(app.registry)
    assert figures(app, commune).total == 2
    assert figures(app, "/").total == 1
    assert visits_of(app, commune) == 2


# --- the footer block --------------------------------------------------------------

def test_footer_shows_the_figures_in_vietnamese_number_format(app, browser, portal_of):
    from portal_core.stats.storage import set_start_total
    with portal_of() as portal:
        set_start_total(portal._p_jar.root(), portal.uid, 1379407)
    assert footer(browser.get("/")) == (
        "Lượt truy cập: 1.379.407 · Hôm nay: 0 · Tháng này: 0 · Đang trực tuyến: 0")
    stats.flush(app.registry)                       # the first view of "/"
    assert footer(browser.get("/")) == (
        "Lượt truy cập: 1.379.408 · Hôm nay: 1 · Tháng này: 1 · Đang trực tuyến: 1")
    stats.flush(app.registry)
    english = footer(browser.get("/", {"lang": "en"}))
    assert ": 1,379,409 ·" in english               # English groups with commas


def test_reading_the_footer_writes_nothing(app, browser, article):
    browser.get(article)
    stats.flush(app.registry)
    before = last_transaction(app)
    for _ in range(3):
        assert "Lượt truy cập" in footer(browser.get(article))
    assert last_transaction(app) == before


def test_a_commune_footer_shows_the_commune_figures(app, browser, commune):
    for _ in range(3):
        browser.get(commune)
    browser.get("/")
    stats.flush(app.registry)
    assert footer(browser.get(commune)).startswith("Lượt truy cập: 3 ·")
    assert footer(browser.get("/")).startswith("Lượt truy cập: 1 ·")


# --- @@stats: the starting total ---------------------------------------------------

def save_start_total(testapp, path, value, status=303):
    page = testapp.get(path + "@@stats")
    return testapp.post(path + "@@stats", {"start_total": value, "save": "save",
                                            "csrf_token": csrf_token(page)}, status=status)


def test_admin_sets_the_starting_total_carried_over_from_the_old_system(app, testapp, admin,
                                                                        browser):
    page = testapp.get("/@@admin")
    assert page.html.select_one('a[href$="/@@stats"]') is not None
    response = save_start_total(testapp, "/", "1.379.407")
    assert response.location.endswith("/@@stats")
    page = response.follow()
    assert "Đã lưu tổng lượt truy cập ban đầu." in page.text
    assert page.forms["deform"]["start_total"].value == "1379407"
    assert figures(app).total == 1379407
    browser.get("/")
    stats.flush(app.registry)
    assert "Lượt truy cập: 1.379.408" in footer(browser.get("/"))
    save_start_total(testapp, "/", "0")
    assert figures(app).total == 1


@pytest.mark.parametrize("value,message", [
    ("-5", "Hãy nhập một số nguyên không âm"),
    ("12abc", "Hãy nhập một số nguyên không âm"),
    ("1.5e6", "Hãy nhập một số nguyên không âm"),
    ("", "Hãy nhập tổng lượt truy cập ban đầu"),
    ("9" * 20, "Số quá lớn."),
])
def test_the_starting_total_must_be_a_non_negative_integer(app, testapp, admin, value,
                                                           message):
    before = last_transaction(app)
    page = save_start_total(testapp, "/", value, status=400)
    assert message in page.text
    assert last_transaction(app) == before and figures(app).start_total == 0


def test_only_site_administrators_reach_stats(app, testapp, browser, login, make_users):
    browser.get("/@@stats", status=303)
    browser.post("/@@stats", {"start_total": "5", "save": "save"}, status=403)
    make_users(editor=["Editor"])
    login("editor")
    testapp.get("/@@stats", status=403)
    assert figures(app).start_total == 0


def test_a_commune_has_its_own_starting_total(app, testapp, admin, commune):
    save_start_total(testapp, commune, "2500")
    assert figures(app, commune).total == 2500
    assert figures(app, "/").total == 0


def test_an_item_footer_shows_its_own_views(app, browser, article):
    for _ in range(2):
        browser.get(article)
    assert "Lượt xem trang này: 0" in footer(browser.get(article))   # not flushed yet
    stats.flush(app.registry)
    assert "Lượt xem trang này: 3" in footer(browser.get(article))
    assert "Lượt xem trang này" not in footer(browser.get("/"))
