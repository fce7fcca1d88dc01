"""News plugin: the section and its categories, demo content, editing articles through the
real forms, the section and category listings, and refused input."""
import pytest

from portal_core.dates import local

from news_helpers import SECTION, ago, block_titles, listed_titles
from portal_core.bootstrap import blank_request
from portal_core.content import utcnow
from portal_core.plugins.state import disable, enable, is_enabled, section_of
from portal_plugins.news.resources import NewsArticle, NewsCategory, NewsSection
from portal_plugins.news.setuphandlers import DEFAULT_CATEGORIES, DEMO_ARTICLES

CATEGORY_NAMES = sorted(name for name, _title in DEFAULT_CATEGORIES)


# --- the section, its default categories and the demo content ---------------------------

def test_enabling_creates_the_section_with_default_categories(portal_of):
    with portal_of() as portal:
        assert is_enabled(portal, "news")
        section = portal["tin-tuc"]
        assert section_of(portal, "news") is section
        assert isinstance(section, NewsSection) and section.plugin == "news"
        assert section.title == "Tin tức"
        assert [(c.__name__, c.title) for c in section.categories()] == sorted(
            DEFAULT_CATEGORIES)
        assert all(isinstance(c, NewsCategory) for c in section.categories())
        assert len(section.listing) == 0


def test_section_page_links_every_category_and_says_it_is_empty(testapp):
    page = testapp.get(SECTION)
    assert "<h1>Tin tức</h1>" in page.text
    for name, title in DEFAULT_CATEGORIES:
        assert 'href="http://localhost/tin-tuc/%s/"' % name in page.text
        assert title in page.text
    assert listed_titles(page) == []
    assert "Chưa có tin bài." in page.text
    assert testapp.get("/").text.count('href="http://localhost/tin-tuc/"') >= 1


def test_enable_disable_enable_keeps_one_section_and_its_categories(app, portal_of):
    with portal_of() as portal:
        request = blank_request(app.registry, portal)
        section = portal["tin-tuc"]
        section["kinh-te"].title = "Kinh tế - Tài chính"      # an admin's own change
        disable(portal, "news", request)
        assert not is_enabled(portal, "news")
        assert enable(portal, "news", request) is section
    with portal_of() as portal:
        section = portal["tin-tuc"]
        assert [k for k in portal.keys() if k.startswith("tin-tuc")] == ["tin-tuc"]
        assert [c.__name__ for c in section.categories()] == CATEGORY_NAMES
        assert section["kinh-te"].title == "Kinh tế - Tài chính"


def test_disabled_news_hides_pages_and_block_and_keeps_articles(app, testapp, add_articles,
                                                                portal_of):
    add_articles(dict(title="Bài giữ lại", effective=ago(days=1), category="kinh-te"))
    with portal_of() as portal:
        disable(portal, "news", blank_request(app.registry, portal))
    for path in (SECTION, SECTION + "kinh-te/", SECTION + "bai-giu-lai/"):
        testapp.get(path, status=404)
    assert "Bài giữ lại" not in testapp.get("/").text
    with portal_of() as portal:
        enable(portal, "news", blank_request(app.registry, portal))
        assert len(portal["tin-tuc"].listing) == 1
    assert listed_titles(testapp.get(SECTION + "kinh-te/")) == ["Bài giữ lại"]
    assert block_titles(testapp.get("/")) == ["Bài giữ lại"]


class TestDemoPortal:
    """A portal built with ``portal.demo = true``."""

    @pytest.fixture
    def settings(self, settings):
        settings["portal.demo"] = "true"
        return settings

    def test_home_block_shows_demo_articles_newest_first(self, testapp):
        home = testapp.get("/")
        assert "Tin mới" in home.text
        newest_first = [title for _cat, title, *_rest in reversed(DEMO_ARTICLES)]
        assert block_titles(home) == newest_first

    def test_demo_articles_are_filed_under_their_categories(self, testapp, portal_of):
        assert listed_titles(testapp.get(SECTION)) == [
            title for _cat, title, *_rest in reversed(DEMO_ARTICLES)]
        for category, title, *_rest in DEMO_ARTICLES:
            assert listed_titles(testapp.get(SECTION + category + "/")) == [title]
        with portal_of() as portal:
            assert len(portal["tin-tuc"].listing) == len(DEMO_ARTICLES)

    def test_demo_article_page_shows_byline_and_tags(self, testapp):
        category, title, lead, body, author = DEMO_ARTICLES[0]
        page = testapp.get(SECTION).click(title)
        assert "<h1>%s</h1>" % title in page.text
        assert lead in page.text and author in page.text
        assert "Cổng thông tin điện tử" in page.text
        assert '<span class="tag">demo</span>' in page.text


def test_home_block_without_articles_says_so(testapp):
    home = testapp.get("/")
    assert block_titles(home) == []
    assert "Chưa có tin bài." in home.text


# --- editors add, edit and delete articles through the forms ----------------------------

def test_editor_adds_articles_listed_newest_first_in_section_and_category(
        testapp, editor, add_via_form):
    add_via_form("Giá lúa vụ mùa tăng", category="kinh-te")
    add_via_form("Hội nghị hiệp thương", category="chinh-tri")
    add_via_form("Chợ phiên vùng cao", category="kinh-te")
    testapp.reset()                      # anonymous from here on
    assert listed_titles(testapp.get(SECTION)) == [
        "Chợ phiên vùng cao", "Hội nghị hiệp thương", "Giá lúa vụ mùa tăng"]
    assert listed_titles(testapp.get(SECTION + "kinh-te/")) == [
        "Chợ phiên vùng cao", "Giá lúa vụ mùa tăng"]
    assert listed_titles(testapp.get(SECTION + "chinh-tri/")) == ["Hội nghị hiệp thương"]
    assert listed_titles(testapp.get(SECTION + "van-hoa-xa-hoi/")) == []
    assert block_titles(testapp.get("/")) == [
        "Chợ phiên vùng cao", "Hội nghị hiệp thương", "Giá lúa vụ mùa tăng"]


def test_listing_order_follows_effective_date_not_creation(testapp, editor, add_via_form,
                                                           portal_of):
    two_days_ago = ago(days=2)
    add_via_form("Tin mới đăng", category="kinh-te")
    add_via_form("Tin đăng bù hôm kia", category="kinh-te",
                 effective=(two_days_ago.strftime("%Y-%m-%d"), "08:00:00"))
    assert listed_titles(testapp.get(SECTION)) == ["Tin mới đăng", "Tin đăng bù hôm kia"]
    assert listed_titles(testapp.get(SECTION + "kinh-te/")) == [
        "Tin mới đăng", "Tin đăng bù hôm kia"]
    with portal_of() as portal:
        backdated = portal["tin-tuc"]["tin-dang-bu-hom-kia"]
        typed = local(backdated.effective)          # forms take and show Vietnam time
        assert typed.date() == two_days_ago.date() and typed.hour == 8
        assert backdated.effective.utcoffset().total_seconds() == 0   # stored in UTC


def test_uncategorised_article_is_only_in_the_section_listing(testapp, editor, add_via_form,
                                                              portal_of):
    url = add_via_form("Thông tin chung")
    assert listed_titles(testapp.get(SECTION)) == ["Thông tin chung"]
    for name in CATEGORY_NAMES:
        assert listed_titles(testapp.get(SECTION + name + "/")) == []
    page = testapp.get(url)
    assert "Tin liên quan" not in page.text
    with portal_of() as portal:
        assert portal["tin-tuc"]["thong-tin-chung"].category == ""


def test_changing_the_category_moves_the_article_between_listings(testapp, editor,
                                                                  add_via_form, portal_of):
    url = add_via_form("Khánh thành cầu treo", category="kinh-te")
    add_via_form("Giá phân bón", category="kinh-te")
    form = testapp.get(url + "@@edit").forms["deform"]
    assert form["category"].value == "kinh-te"
    form["category"] = "van-hoa-xa-hoi"
    form.submit("save", status=303)
    assert listed_titles(testapp.get(SECTION + "kinh-te/")) == ["Giá phân bón"]
    assert listed_titles(testapp.get(SECTION + "van-hoa-xa-hoi/")) == ["Khánh thành cầu treo"]
    assert "Khánh thành cầu treo" in listed_titles(testapp.get(SECTION))
    # and to no category at all
    form = testapp.get(url + "@@edit").forms["deform"]
    form["category"] = ""
    form.submit("save", status=303)
    assert listed_titles(testapp.get(SECTION + "van-hoa-xa-hoi/")) == []
    with portal_of() as portal:
        section = portal["tin-tuc"]
        article = section["khanh-thanh-cau-treo"]
        assert [c.__name__ for c in section.categories() if article in c.listing] == []
        assert article in section.listing


def test_deleting_removes_the_article_from_section_and_category(testapp, editor,
                                                                 add_via_form, portal_of):
    url = add_via_form("Tin sẽ bị xóa", category="chinh-tri")
    add_via_form("Tin ở lại", category="chinh-tri")
    page = testapp.get(url + "@@delete")
    page.forms["delete-form"].submit("delete", status=303)
    testapp.get(url, status=404)
    assert listed_titles(testapp.get(SECTION)) == ["Tin ở lại"]
    assert listed_titles(testapp.get(SECTION + "chinh-tri/")) == ["Tin ở lại"]
    assert block_titles(testapp.get("/")) == ["Tin ở lại"]
    with portal_of() as portal:
        section = portal["tin-tuc"]
        assert len(section.listing) == 1 and len(section["chinh-tri"].listing) == 1


def test_deleting_after_a_category_change_leaves_no_trace(testapp, editor, add_via_form,
                                                          portal_of):
    url = add_via_form("Đổi rồi xóa", category="kinh-te")
    form = testapp.get(url + "@@edit").forms["deform"]
    form["category"] = "chinh-tri"
    form.submit("save", status=303)
    testapp.get(url + "@@delete").forms["delete-form"].submit("delete", status=303)
    with portal_of() as portal:
        section = portal["tin-tuc"]
        assert len(section.listing) == 0
        assert [len(c.listing) for c in section.categories()] == [0] * len(CATEGORY_NAMES)


# --- refused input -------------------------------------------------------------------------

def _count(portal_of):
    with portal_of() as portal:
        section = portal["tin-tuc"]
        return (len(section), len(section.listing),
                sum(len(c.listing) for c in section.categories()))


def test_empty_title_is_refused_and_nothing_is_stored(testapp, editor, add_via_form,
                                                      portal_of):
    before = _count(portal_of)
    page = add_via_form("   ", category="kinh-te", status=400)
    assert "Bắt buộc" in page.text
    assert _count(portal_of) == before
    assert listed_titles(testapp.get(SECTION + "kinh-te/")) == []


def test_unknown_category_is_refused_with_a_vietnamese_message(testapp, editor, portal_of):
    before = _count(portal_of)
    form = testapp.get(SECTION + "@@add/NewsArticle").forms["deform"]
    form["title"] = "Chuyên mục bịa"
    form["category"].force_value("khong-co")
    page = form.submit("save", status=400)
    assert "Chuyên mục không tồn tại." in page.text
    assert _count(portal_of) == before


def test_category_name_of_a_non_category_is_refused(testapp, editor, add_via_form, portal_of):
    """An article's name is not a category: posting it as one must fail too."""
    add_via_form("Bài có sẵn")
    before = _count(portal_of)
    form = testapp.get(SECTION + "@@add/NewsArticle").forms["deform"]
    form["title"] = "Gắn vào bài"
    form["category"].force_value("bai-co-san")
    page = form.submit("save", status=400)
    assert "Chuyên mục không tồn tại." in page.text
    assert _count(portal_of) == before


def test_unknown_category_on_edit_changes_nothing(testapp, editor, add_via_form, portal_of):
    url = add_via_form("Giữ chuyên mục", category="kinh-te")
    form = testapp.get(url + "@@edit").forms["deform"]
    form["category"].force_value("khong-co")
    page = form.submit("save", status=400)
    assert "Chuyên mục không tồn tại." in page.text
    with portal_of() as portal:
        section = portal["tin-tuc"]
        assert section["giu-chuyen-muc"].category == "kinh-te"
        assert section["giu-chuyen-muc"] in section["kinh-te"].listing


def test_expiry_before_effective_date_is_refused(testapp, editor, add_via_form, portal_of):
    before = _count(portal_of)
    page = add_via_form("Hết hạn trước khi đăng", status=400,
                        effective=("2026-03-10", "08:00:00"),
                        expires=("2026-03-01", "08:00:00"))
    assert "Ngày hết hạn phải sau ngày hiệu lực." in page.text
    assert _count(portal_of) == before


def test_anonymous_cannot_add_an_article(testapp, portal_of):
    before = _count(portal_of)
    testapp.post(SECTION + "@@add/NewsArticle", {"title": "x", "save": "save"}, status=403)
    assert _count(portal_of) == before


# --- listings come from the index, not from a folder scan --------------------------------

def test_listing_is_an_index_of_articles_only(testapp, editor, add_via_form, portal_of):
    add_via_form("Bài một", category="kinh-te")
    add_via_form("Bài hai")
    form = testapp.get(SECTION + "@@add/NewsCategory").forms["deform"]
    form["title"] = "Nông nghiệp"
    form.submit("save", status=303)
    with portal_of() as portal:
        section = portal["tin-tuc"]
        assert len(section) == len(CATEGORY_NAMES) + 1 + 2     # the folder holds both kinds
        assert len(section.listing) == 2                       # the index holds articles
        listed = section.listing.latest(100)
        assert sorted(a.title for a in listed) == ["Bài hai", "Bài một"]
        assert not any(isinstance(obj, NewsCategory) for obj in listed)
        assert all(c not in section.listing for c in section.categories())
    titles = listed_titles(testapp.get(SECTION))
    assert titles == ["Bài hai", "Bài một"]
    assert "Nông nghiệp" in testapp.get(SECTION).text     # a new category link, not an item


def test_section_view_reads_the_listing_not_the_folder(testapp, portal_of):
    """An article put into the folder without the add API (no event) is not indexed, and an
    indexed article is shown even though the view never iterates the folder."""
    with portal_of() as portal:
        section = portal["tin-tuc"]
        section["lac-loai"] = NewsArticle(title="Không qua chỉ mục", effective=ago(days=1))
        assert len(section.listing) == 0
    assert listed_titles(testapp.get(SECTION)) == []
    assert block_titles(testapp.get("/")) == []
    with portal_of() as portal:
        section = portal["tin-tuc"]
        section.listing.index(section["lac-loai"])
    assert listed_titles(testapp.get(SECTION)) == ["Không qua chỉ mục"]


def test_article_created_now_has_effective_date_now(editor, add_via_form, portal_of):
    before = utcnow()
    add_via_form("Đúng giờ")
    with portal_of() as portal:
        article = portal["tin-tuc"]["dung-gio"]
        assert before <= article.effective <= utcnow()
        assert article.creator == "bientap"
