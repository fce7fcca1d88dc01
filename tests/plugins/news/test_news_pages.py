"""News pages: paging of the listings, the article page (previous/next, related, byline,
sanitised body), and effective/expiry dates; plus unit tests of the listing index."""
import datetime

import pytest

from news_helpers import SECTION, ago, block_titles, listed_titles, prevnext, related_titles
from portal_core.content import utcnow
from portal_core.listing import Listing
from portal_plugins.news.resources import NewsArticle
from portal_plugins.news.views import PAGE_SIZE, RELATED

URL = "http://localhost/tin-tuc/%s/"


def numbered(count, category_of=lambda n: "", **extra):
    """Specs of ``count`` articles "Tin số 01" (newest, an hour old) … one hour apart."""
    return [dict(title="Tin số %02d" % n, effective=ago(hours=n), category=category_of(n),
                 **extra) for n in range(1, count + 1)]


# --- paging --------------------------------------------------------------------------------

@pytest.fixture
def forty_five(add_articles):
    """45 live articles; the odd-numbered ones (23) are filed under "Kinh tế"."""
    return add_articles(*numbered(45, lambda n: "kinh-te" if n % 2 else "chinh-tri"))


def test_pages_hold_twenty_newest_first(testapp, forty_five, portal_of):
    with portal_of() as portal:
        assert len(portal["tin-tuc"].listing) == 45
    page1 = testapp.get(SECTION)
    assert listed_titles(page1) == ["Tin số %02d" % n for n in range(1, 21)]
    assert "1 / 3" in page1.text
    assert 'href="?page=2" rel="next"' in page1.text and 'rel="prev"' not in page1.text
    page2 = testapp.get(SECTION, {"page": "2"})
    assert listed_titles(page2) == ["Tin số %02d" % n for n in range(21, 41)]
    assert 'href="?page=1" rel="prev"' in page2.text and 'href="?page=3"' in page2.text
    page3 = testapp.get(SECTION, {"page": "3"})
    assert listed_titles(page3) == ["Tin số %02d" % n for n in range(41, 46)]
    assert "3 / 3" in page3.text and 'rel="next"' not in page3.text


def test_following_the_pager_visits_every_article_once(testapp, forty_five):
    seen = []
    page = testapp.get(SECTION)
    while True:
        seen.extend(listed_titles(page))
        if "Trang sau" not in page.text:
            break
        page = page.click("Trang sau")
    assert seen == ["Tin số %02d" % n for n in range(1, 46)]


@pytest.mark.parametrize("value", ["99", "4"])
def test_page_past_the_end_is_404(testapp, forty_five, value):
    page = testapp.get(SECTION, {"page": value}, status=404)
    assert "Không tìm thấy trang" in page.text


@pytest.mark.parametrize("value", ["abc", "0", "-3", "", "1.5", "%00"])
def test_page_that_is_not_a_positive_number_is_page_one(testapp, forty_five, value):
    page = testapp.get(SECTION, {"page": value})
    assert listed_titles(page)[0] == "Tin số 01"
    assert len(listed_titles(page)) == PAGE_SIZE


def test_category_listing_pages_too(testapp, forty_five):
    page1 = testapp.get(SECTION + "kinh-te/")
    odd = ["Tin số %02d" % n for n in range(1, 46, 2)]
    assert listed_titles(page1) == odd[:20]
    page2 = testapp.get(SECTION + "kinh-te/", {"page": "2"})
    assert listed_titles(page2) == odd[20:] and len(odd[20:]) == 3
    testapp.get(SECTION + "kinh-te/", {"page": "3"}, status=404)
    assert listed_titles(testapp.get(SECTION + "chinh-tri/", {"page": "2"})) == [
        "Tin số %02d" % n for n in range(42, 45, 2)]


def test_empty_section_has_one_page_and_no_second(testapp):
    assert listed_titles(testapp.get(SECTION, {"page": "1"})) == []
    testapp.get(SECTION, {"page": "2"}, status=404)


def test_home_block_shows_the_six_newest(testapp, forty_five):
    assert block_titles(testapp.get("/")) == ["Tin số %02d" % n for n in range(1, 7)]


def test_expired_article_does_not_shift_pages(testapp, add_articles):
    specs = numbered(21)
    specs[0]["expires"] = ago(hours=0.5)   # newest has expired
    add_articles(*specs)
    page1 = testapp.get(SECTION)
    assert listed_titles(page1) == ["Tin số %02d" % n for n in range(2, 22)]
    assert "Trang sau" not in page1.text                  # 20 live articles: one page
    testapp.get(SECTION, {"page": "2"}, status=404)


def test_expired_articles_never_duplicate_across_pages(testapp, add_articles):
    specs = numbered(30)
    for spec in specs[:5]:
        spec["expires"] = ago(hours=0.5)
    add_articles(*specs)
    page1, page2 = testapp.get(SECTION), testapp.get(SECTION, {"page": "2"})
    seen = listed_titles(page1) + listed_titles(page2)
    assert seen == ["Tin số %02d" % n for n in range(6, 31)]


# --- the article page ---------------------------------------------------------------------

@pytest.fixture
def three(add_articles):
    """Three live articles in "Kinh tế": cu (oldest), giua, moi (newest)."""
    return add_articles(
        dict(title="Cũ", effective=ago(days=3), category="kinh-te"),
        dict(title="Giữa", effective=ago(days=2), category="kinh-te"),
        dict(title="Mới", effective=ago(days=1), category="kinh-te"))


def test_previous_is_older_and_next_is_newer(testapp, three):
    assert three == ["cu", "giua", "moi"]
    middle = prevnext(testapp.get(SECTION + "giua/"))
    assert middle["prev"] == (URL % "cu", "Cũ", "Bài trước")
    assert middle["next"] == (URL % "moi", "Mới", "Bài tiếp theo")


def test_oldest_has_no_previous_and_newest_has_no_next(testapp, three):
    oldest = prevnext(testapp.get(SECTION + "cu/"))
    assert "prev" not in oldest and oldest["next"] == (URL % "giua", "Giữa", "Bài tiếp theo")
    newest = prevnext(testapp.get(SECTION + "moi/"))
    assert "next" not in newest and newest["prev"] == (URL % "giua", "Giữa", "Bài trước")


def test_prev_next_links_lead_through_every_article(testapp, forty_five):
    page = testapp.get(SECTION + "tin-so-45/")
    titles = []
    while True:
        titles.append(page.html.find("h1").get_text())
        links = prevnext(page)
        if "next" not in links:
            break
        page = testapp.get(links["next"][0])
    assert titles == ["Tin số %02d" % n for n in range(45, 0, -1)]


def test_prev_next_cross_categories_and_only_article_has_none(testapp, add_articles):
    add_articles(dict(title="Duy nhất", effective=ago(days=1)))
    assert prevnext(testapp.get(SECTION + "duy-nhat/")) == {}
    add_articles(dict(title="Văn hóa", effective=ago(hours=1), category="van-hoa-xa-hoi"))
    assert prevnext(testapp.get(SECTION + "duy-nhat/"))["next"][1] == "Văn hóa"


def test_articles_with_the_same_date_link_each_other_once(testapp, editor, add_via_form):
    same = (ago(days=2).strftime("%Y-%m-%d"), "08:00:00")  # editors type minutes, not µs
    add_via_form("Sáng thứ hai A", effective=same)
    add_via_form("Sáng thứ hai B", effective=same)
    first, second = listed_titles(testapp.get(SECTION))   # listing order is the truth
    slug = {"Sáng thứ hai A": "sang-thu-hai-a", "Sáng thứ hai B": "sang-thu-hai-b"}
    upper = prevnext(testapp.get(SECTION + slug[first] + "/"))
    lower = prevnext(testapp.get(SECTION + slug[second] + "/"))
    assert "next" not in upper and upper["prev"][1] == second
    assert "prev" not in lower and lower["next"][1] == first


def test_related_are_same_category_newest_first_without_itself(testapp, add_articles):
    add_articles(
        dict(title="Kinh tế 1", effective=ago(days=4), category="kinh-te"),
        dict(title="Kinh tế 2", effective=ago(days=3), category="kinh-te"),
        dict(title="Chính trị 1", effective=ago(days=2), category="chinh-tri"),
        dict(title="Kinh tế 3", effective=ago(days=1), category="kinh-te"),
        dict(title="Không phân loại", effective=ago(hours=1)))
    page = testapp.get(SECTION + "kinh-te-2/")
    assert "Tin liên quan" in page.text
    assert related_titles(page) == ["Kinh tế 3", "Kinh tế 1"]
    assert related_titles(testapp.get(SECTION + "chinh-tri-1/")) == []
    assert "Tin liên quan" not in testapp.get(SECTION + "chinh-tri-1/").text
    assert related_titles(testapp.get(SECTION + "khong-phan-loai/")) == []


def test_related_are_limited_and_skip_unpublished(testapp, add_articles):
    add_articles(*numbered(9, lambda n: "kinh-te"))
    add_articles(dict(title="Sắp đăng", effective=ago(days=-1), category="kinh-te"),
                 dict(title="Đã gỡ", effective=ago(hours=0.5), expires=ago(hours=0.2),
                      category="kinh-te"))
    related = related_titles(testapp.get(SECTION + "tin-so-01/"))
    assert related == ["Tin số %02d" % n for n in range(2, 2 + RELATED)]
    related = related_titles(testapp.get(SECTION + "tin-so-05/"))
    assert related == ["Tin số 01", "Tin số 02", "Tin số 03", "Tin số 04", "Tin số 06"]


def test_article_page_shows_category_date_lead_byline_and_tags(testapp, editor,
                                                               add_via_form):
    day = ago(days=3)
    url = add_via_form("Hội chợ nông sản", category="kinh-te",
                       description="Hơn 100 gian hàng OCOP.", author="Nông Thị Lan",
                       source="Báo Bắc Kạn", tags="hội chợ, OCOP",
                       effective=(day.strftime("%Y-%m-%d"), "07:30:00"))
    testapp.reset()
    page = testapp.get(url)
    assert "<h1>Hội chợ nông sản</h1>" in page.text
    assert '<a href="%s">Kinh tế</a>' % (URL % "kinh-te") in page.text
    assert day.strftime("%d/%m/%Y") + " 07:30" in page.text
    assert '<p class="lead">Hơn 100 gian hàng OCOP.</p>' in page.text
    byline = page.html.find("p", class_="byline")
    assert byline.find("strong").get_text() == "Nông Thị Lan"
    assert " ".join(byline.get_text().split()) == "Nông Thị Lan – Nguồn: Báo Bắc Kạn"
    tags = page.html.find("p", class_="tags")
    assert "Từ khóa" in tags.get_text()
    assert [t.get_text() for t in tags.find_all("span", class_="tag")] == ["hội chợ", "OCOP"]


def test_article_without_byline_or_tags_shows_neither(testapp, editor, add_via_form):
    url = add_via_form("Tin vắn")
    page = testapp.get(url)
    assert page.html.find("p", class_="byline") is None
    assert page.html.find("p", class_="tags") is None
    assert "Nguồn" not in page.html.find("article").get_text()


def test_body_submitted_through_the_form_is_sanitised(testapp, editor, add_via_form,
                                                      portal_of):
    url = add_via_form("Nội dung an toàn", body=(
        '<p onclick="steal()">Đoạn <strong>đậm</strong></p>'
        '<script>alert("x")</script><style>body{display:none}</style>'
        '<a href="javascript:alert(1)">liên kết xấu</a> <a href="https://x.gov.vn/">tốt</a>'
        '<iframe src="https://evil.example/"></iframe><img src="x" onerror="alert(2)">'))
    page = testapp.get(url)
    body = str(page.html.find("div", class_="body"))
    assert "<strong>đậm</strong>" in body
    for bad in ("<script", "alert(", "onclick", "onerror", "javascript:", "<iframe",
                "<style", "display:none"):
        assert bad not in body, bad
    assert 'href="https://x.gov.vn/"' in body
    with portal_of() as portal:
        stored = portal["tin-tuc"]["noi-dung-an-toan"].body
        assert "<script" not in stored and "onclick" not in stored


def test_title_and_lead_are_escaped(testapp, editor, add_via_form):
    url = add_via_form('Tiêu đề <b>đậm</b>', description='<script>alert(1)</script>')
    page = testapp.get(url)
    assert "<h1>Tiêu đề &lt;b&gt;đậm&lt;/b&gt;</h1>" in page.text
    assert "<script>alert(1)</script>" not in page.text


# --- effective and expiry dates -----------------------------------------------------------

def test_scheduled_article_is_hidden_until_its_date(testapp, editor, add_via_form):
    tomorrow = ago(days=-1)
    add_via_form("Đã đăng", category="kinh-te", effective=(
        ago(days=1).strftime("%Y-%m-%d"), "08:00:00"))
    url = add_via_form("Lên lịch ngày mai", category="kinh-te",
                       effective=(tomorrow.strftime("%Y-%m-%d"), "23:59:00"))
    testapp.reset()
    assert listed_titles(testapp.get(SECTION)) == ["Đã đăng"]
    assert listed_titles(testapp.get(SECTION + "kinh-te/")) == ["Đã đăng"]
    assert block_titles(testapp.get("/")) == ["Đã đăng"]
    testapp.get(url, status=404)
    testapp.get(url + "@@image", status=404)
    published = testapp.get(SECTION + "da-dang/")
    assert prevnext(published) == {}
    assert "Lên lịch ngày mai" not in published.text


def test_editor_previews_a_scheduled_article_that_readers_cannot_see(
        testapp, editor, add_via_form, make_users, login):
    url = add_via_form("Thông báo sắp đăng", category="kinh-te",
                       effective=(ago(days=-2).strftime("%Y-%m-%d"), "08:00:00"))
    preview = testapp.get(url)
    assert "Thông báo sắp đăng" in preview.text
    assert "chưa đến ngày đăng hoặc đã hết hạn" in preview.text
    make_users(docgia=["Reader"])
    login("docgia")
    testapp.get(url, status=404)
    testapp.reset()
    testapp.get(url, status=404)


def test_scheduled_article_appears_once_its_date_is_moved_to_the_past(
        testapp, editor, add_via_form):
    add_via_form("Đã đăng", category="kinh-te", effective=(
        ago(days=2).strftime("%Y-%m-%d"), "08:00:00"))
    url = add_via_form("Lên lịch", category="kinh-te",
                       effective=(ago(days=-3).strftime("%Y-%m-%d"), "08:00:00"))
    form = testapp.get(url + "@@edit").forms["deform"]
    form.set("date", ago(days=1).strftime("%Y-%m-%d"), index=0)
    form.submit("save", status=303)
    testapp.reset()
    assert listed_titles(testapp.get(SECTION)) == ["Lên lịch", "Đã đăng"]
    assert listed_titles(testapp.get(SECTION + "kinh-te/")) == ["Lên lịch", "Đã đăng"]
    assert block_titles(testapp.get("/")) == ["Lên lịch", "Đã đăng"]
    assert prevnext(testapp.get(url))["prev"][1] == "Đã đăng"
    assert prevnext(testapp.get(SECTION + "da-dang/"))["next"][1] == "Lên lịch"


def test_scheduled_article_in_the_zodb_shows_after_its_date_is_past(testapp, app,
                                                                    add_articles, portal_of):
    from portal_core.bootstrap import blank_request
    from portal_core.content import edit
    add_articles(dict(title="Đã đăng", effective=ago(days=1)),
                 dict(title="Hẹn giờ", effective=ago(hours=-2)))
    testapp.get(SECTION + "hen-gio/", status=404)
    assert "next" not in prevnext(testapp.get(SECTION + "da-dang/"))
    with portal_of() as portal:
        request = blank_request(app.registry, portal)
        edit(portal["tin-tuc"]["hen-gio"], {"effective": ago(hours=1)}, request)
    assert listed_titles(testapp.get(SECTION)) == ["Hẹn giờ", "Đã đăng"]
    assert testapp.get(SECTION + "hen-gio/").status_int == 200
    assert prevnext(testapp.get(SECTION + "da-dang/"))["next"][1] == "Hẹn giờ"


def test_future_article_is_skipped_by_prev_next(testapp, add_articles):
    add_articles(dict(title="Cũ", effective=ago(days=2)),
                 dict(title="Tương lai", effective=ago(days=-1)),
                 dict(title="Mới", effective=ago(days=1)))
    assert prevnext(testapp.get(SECTION + "moi/")) == {
        "prev": (URL % "cu", "Cũ", "Bài trước")}
    assert prevnext(testapp.get(SECTION + "cu/"))["next"][1] == "Mới"


def test_expired_article_is_hidden_and_404(testapp, editor, add_via_form, add_articles):
    url = add_via_form("Thông báo cũ", category="kinh-te",
                       effective=(ago(days=3).strftime("%Y-%m-%d"), "08:00:00"),
                       expires=(ago(days=1).strftime("%Y-%m-%d"), "08:00:00"))
    add_articles(dict(title="Trước đó", effective=ago(days=4), category="kinh-te"),
                 dict(title="Sau đó", effective=ago(days=2, hours=-1), category="kinh-te"))
    testapp.reset()
    assert listed_titles(testapp.get(SECTION)) == ["Sau đó", "Trước đó"]
    assert listed_titles(testapp.get(SECTION + "kinh-te/")) == ["Sau đó", "Trước đó"]
    assert block_titles(testapp.get("/")) == ["Sau đó", "Trước đó"]
    testapp.get(url, status=404)
    assert prevnext(testapp.get(SECTION + "truoc-do/"))["next"][1] == "Sau đó"
    assert prevnext(testapp.get(SECTION + "sau-do/"))["prev"][1] == "Trước đó"
    assert related_titles(testapp.get(SECTION + "sau-do/")) == ["Trước đó"]


def test_article_with_a_future_expiry_is_shown(testapp, add_articles):
    add_articles(dict(title="Còn hạn", effective=ago(days=1), expires=ago(days=-30)))
    assert listed_titles(testapp.get(SECTION)) == ["Còn hạn"]
    assert testapp.get(SECTION + "con-han/").status_int == 200


# --- unit: the listing index ----------------------------------------------------------------

def _article(title, hours, **kw):
    return NewsArticle(title=title, effective=ago(hours=hours), **kw)


def test_listing_unit_orders_and_reindexes_on_date_change():
    listing = Listing()
    a, b, c = _article("a", 3), _article("b", 2), _article("c", 1)
    for obj in (b, a, c, a):                  # indexing twice does not duplicate
        listing.index(obj)
    assert len(listing) == 3 and [o.title for o in listing.latest(10)] == ["c", "b", "a"]
    a.effective = ago(hours=0.5)
    listing.index(a)
    assert len(listing) == 3 and [o.title for o in listing.latest(10)] == ["a", "c", "b"]
    assert listing.neighbours(c) == (a, b)
    listing.unindex(c)
    listing.unindex(c)
    assert len(listing) == 2 and c not in listing
    assert listing.neighbours(c) == (None, None)


def test_listing_unit_page_counts_future_out():
    listing = Listing()
    for n in range(25):
        listing.index(_article("n%02d" % n, n + 1))
    for n in range(5):
        listing.index(_article("f%d" % n, -(n + 1)))
    items, pages = listing.page(1, 10)
    assert pages == 3 and [o.title for o in items] == ["n%02d" % n for n in range(10)]
    items, _ = listing.page(3, 10)
    assert [o.title for o in items] == ["n%02d" % n for n in range(20, 25)]
    later = utcnow() + datetime.timedelta(days=10)
    assert listing.page(1, 5)[1] == 5
    items, pages = listing.page(1, 5, now=later)          # the 5 future ones count then
    assert pages == 6 and [o.title for o in items] == ["f4", "f3", "f2", "f1", "f0"]


def test_listing_unit_neighbours_with_equal_dates():
    when = ago(days=1)
    listing = Listing()
    first, second = sorted((NewsArticle(title="x", effective=when),
                            NewsArticle(title="y", effective=when)), key=lambda o: o.uid)
    listing.index(first)
    listing.index(second)
    assert listing.latest(2) == [first, second]
    assert listing.neighbours(first) == (None, second)
    assert listing.neighbours(second) == (first, None)


def test_listing_unit_page_skips_expired_consistently():
    listing = Listing()
    live = [_article("n%02d" % n, n + 1) for n in range(25)]
    for obj in live:
        listing.index(obj)
    for n in range(5):
        listing.index(_article("x%d" % n, n + 0.5, expires=ago(hours=0.1)))
    first, pages = listing.page(1, 10)
    second, _ = listing.page(2, 10)
    third, _ = listing.page(3, 10)
    assert pages == 3
    assert first + second + third == live
