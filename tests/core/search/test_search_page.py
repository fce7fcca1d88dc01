"""The search page and header box through the real app: Vietnamese matching, document
numbers, permission filtering, workflow changes, bad queries."""
import datetime

import pytest
import webtest

from portal_core.testing import open_portal, store, take_transitions
from portal_plugins.news.resources import NewsArticle


def add_article(app, title, body="", published=True, **kw):
    return store(app, "/tin-tuc", NewsArticle(title=title, body=body, **kw),
                 published=published)


@pytest.fixture
def articles(app):
    add_article(app, "Chợ Đồn tổ chức hội nghị tổng kết năm",
                "<p>Ủy ban nhân dân huyện Chợ Đồn tổng kết công tác năm 2024.</p>")
    add_article(app, "Ban hành kế hoạch phòng chống thiên tai",
                "<p>Căn cứ Quyết định số 15/2021/QĐ-UBND của UBND tỉnh.</p>")
    add_article(app, "Bàn giao nhà đại đoàn kết", "<p>Xã Yên Thịnh bàn giao nhà.</p>")
    add_article(app, "Bản nháp chưa duyệt về Chợ Đồn", "<p>Nội dung nháp.</p>",
                published=False)


def found(testapp, q, **params):
    """The search page for ``q`` with the highlighting marks taken out."""
    params["q"] = q
    page = testapp.get("/@@search", params=params).text
    return page.replace("<mark>", "").replace("</mark>", "")


@pytest.mark.parametrize("q", ["Chợ Đồn", "cho don", "CHỢ ĐỒN", "chợ đồn", "CHO DON"])
def test_diacritics_and_case_find_the_same_items(testapp, articles, q):
    page = found(testapp, q)
    assert "hội nghị tổng kết" in page
    assert "phòng chống thiên tai" not in page


def test_drafts_are_never_shown_to_visitors(testapp, articles):
    page = found(testapp, "chợ đồn")
    assert "Bản nháp chưa duyệt" not in page
    assert "Tìm thấy <strong>1</strong> kết quả" in page


@pytest.mark.parametrize("q", ["15/2021/QĐ-UBND", "15/2021/qd-ubnd", "15/2021"])
def test_document_numbers_are_found_exactly(testapp, articles, q):
    page = found(testapp, q)
    assert "phòng chống thiên tai" in page
    assert "hội nghị tổng kết" not in page


def test_other_numbers_do_not_match(testapp, articles):
    assert "Không tìm thấy kết quả nào" in found(testapp, "16/2021/QĐ-UBND")


@pytest.mark.parametrize("q, first, second", [
    ("bàn", "Bàn giao nhà", "Ban hành kế hoạch"),
    ("ban", "Ban hành kế hoạch", "Bàn giao nhà"),
    ("BÀN", "Bàn giao nhà", "Ban hành kế hoạch"),
])
def test_exact_diacritics_rank_first(testapp, articles, q, first, second):
    page = found(testapp, q)
    assert first in page and second in page
    assert page.index(first) < page.index(second)


def test_snippets_highlight_matches_and_escape_markup(testapp, app):
    add_article(app, "Thông báo <script>alert(1)</script> lịch tiếp dân",
                "<p>Lịch tiếp công dân của huyện.</p>")
    page = testapp.get("/@@search", params={"q": "tiep dan"}).text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page
    assert "<mark>tiếp</mark>" in page


def test_empty_and_huge_queries_are_handled(testapp, articles):
    page = found(testapp, "")
    assert "Nhập từ khóa" in page
    page = found(testapp, "chợ đồn " * 250)
    assert "Từ khóa quá dài" in page


def _name_of(app, words):
    with open_portal(app, commit=False) as portal:
        return [o.__name__ for o in portal["tin-tuc"].values() if words in o.title][0]


def test_unpublish_leaves_results_at_once(testapp, app, articles, admin):
    visitor = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost"})
    assert "hội nghị tổng kết" in found(visitor, "tong ket")
    take_transitions(testapp, "/tin-tuc/%s/" % _name_of(app, "tổng kết"), "retract")
    assert "hội nghị tổng kết" not in found(visitor, "tong ket")
    staff = found(testapp, "tong ket")
    assert "hội nghị tổng kết" in staff and "Bạn có thể sửa" in staff


def test_deleted_items_leave_results(testapp, app, articles):
    with open_portal(app) as portal:
        from portal_core.content import remove
        from portal_core.bootstrap import blank_request
        section = portal["tin-tuc"]
        remove(section, _name_of(app, "tổng kết"), blank_request(app.registry, portal))
    assert "hội nghị tổng kết" not in found(testapp, "tong ket")
    assert app.registry.portal_search.count() == 3


def test_expired_items_leave_public_results(testapp, app):
    past = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=1)
    add_article(app, "Thông báo đã hết hạn", expires=past)
    assert "Không tìm thấy" in found(testapp, "het han")


def test_header_box_on_every_page(testapp, articles):
    page = testapp.get("/")
    assert 'action="http://localhost/@@search"' in page.text
    assert "search.js" in page.text


def test_suggestions_for_search_as_you_type(testapp, articles):
    data = testapp.get("/@@search-suggest", params={"q": "cho d"}).json
    assert [d["title"] for d in data] == ["Chợ Đồn tổ chức hội nghị tổng kết năm"]
