"""A visitor on a phone types into the header search box without diacritics, sees
suggestions while typing, submits, narrows the results by a facet and opens a result."""
import pytest

from portal_core.testing import store
from portal_plugins.news.resources import NewsArticle

from test_news_mobile import assert_mobile_layout, mobile_context, open_ok, watch_errors

pytestmark = pytest.mark.browser


@pytest.fixture
def news(app):
    store(app, "/tin-tuc", NewsArticle(
        title="Chợ Đồn khánh thành trường mầm non Yên Thịnh",
        body="<p>Trường có 6 phòng học, theo Quyết định 15/2021/QĐ-UBND.</p>"))
    store(app, "/tin-tuc", NewsArticle(title="Chợ Đồn tổng kết năm học",
                                       body="<p>Ngành giáo dục tổng kết.</p>"))
    store(app, "/tin-tuc", NewsArticle(title="Bản nháp về trường mầm non"), published=False)


def test_search_from_the_header_on_a_phone(live_server, browser, news):
    context = mobile_context(browser)
    page = context.new_page()
    errors = []
    watch_errors(page, errors)
    open_ok(page, live_server + "/")
    box = page.locator("#header-q")
    box.click()
    box.press_sequentially("truong mam", delay=30)
    page.wait_for_function(
        "document.querySelectorAll('#header-q-suggestions option').length > 0")
    options = page.locator("#header-q-suggestions option")
    assert options.first.get_attribute("value") == \
        "Chợ Đồn khánh thành trường mầm non Yên Thịnh"
    box.press("Enter")
    page.wait_for_url("**/@@search?q=*")
    results = page.locator(".results li")
    assert results.count() == 1
    assert page.locator(".results mark").first.inner_text() == "trường"
    assert "Bản nháp" not in page.content()
    assert_mobile_layout(page)

    page.fill("#search-q", "15/2021/qd-ubnd")
    page.locator(".searchpage button").click()
    page.wait_for_load_state()
    assert page.locator(".results li").count() == 1
    year = page.locator(".facets a", has_text="20").first
    year.click()
    page.wait_for_url("**year=*")
    assert page.locator(".results li").count() == 1
    page.locator(".results .title").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").first.inner_text() == \
        "Chợ Đồn khánh thành trường mầm non Yên Thịnh"
    assert errors == []
    context.close()
