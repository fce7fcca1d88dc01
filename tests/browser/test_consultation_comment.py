"""A visitor on a phone comments on one article of a draft: the form is reached from the
article's link, a missing consent is explained, the sent comment waits for moderation,
and after approval it shows with the article's count (contact data never shown)."""
import datetime

import pytest

from portal_core.content import utcnow
from portal_core.testing import open_portal, store
from portal_plugins.consultation.resources import Draft

pytestmark = pytest.mark.browser
TIMEOUT = 5_000
NAV_TIMEOUT = 20_000
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def draft(app):
    now = utcnow()
    store(app, "/du-thao", Draft(
        title="Dự thảo Nghị quyết hỗ trợ tổ hòa giải", description="Lấy ý kiến nhân dân.",
        agency="Phòng Tư pháp", opens=now - datetime.timedelta(days=1),
        closes=now + datetime.timedelta(days=10),
        structure=("Chương I. Những quy định chung", "Điều 1. Phạm vi điều chỉnh",
                   "Điều 2. Mức chi hỗ trợ")), name="ho-tro-hoa-giai")
    return "/du-thao/ho-tro-hoa-giai/"


def test_visitor_comments_on_an_article_from_a_phone(browser, live_server, app, draft):
    context = browser.new_context(locale="vi-VN", viewport=PHONE, is_mobile=True)
    context.set_default_timeout(TIMEOUT)
    context.set_default_navigation_timeout(NAV_TIMEOUT)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(live_server + draft)
    page.locator("li[data-article=dieu-2]").get_by_role(
        "link", name="Góp ý đề mục này").click()
    page.wait_for_url("**/@@comment?article=*")
    assert page.locator("select[name=article]").input_value() == "dieu-2"
    page.fill("input[name=name]", "Hoàng Thị Lan")
    page.fill("input[name=contact]", "0912 345 678")
    page.fill("textarea[name=text]", "Đề nghị nâng mức chi cho tổ hòa giải vùng cao.")
    page.get_by_role("button", name="Gửi ý kiến").click()
    assert "Bạn cần đồng ý cho phép xử lý thông tin cá nhân" in page.content()
    assert page.locator("textarea[name=text]").input_value().startswith("Đề nghị nâng")
    page.check("input[name=consent]")
    page.get_by_role("button", name="Gửi ý kiến").click()
    page.wait_for_url("**" + draft + "?sent=1*")
    assert "Ý kiến sẽ được hiển thị sau khi được kiểm duyệt" in page.content()
    assert "Đề nghị nâng mức chi" not in page.content()

    with open_portal(app) as portal:
        item = portal["du-thao"]["ho-tro-hoa-giai"]
        (comment,) = item.comments.values()
        assert (comment.name, comment.article) == ("Hoàng Thị Lan", "dieu-2")
        item.moderate(comment.id, "approved", "admin", utcnow())
    page.goto(live_server + draft)
    assert "Đề nghị nâng mức chi cho tổ hòa giải vùng cao." in page.content()
    assert "0912" not in page.content()
    assert "1 ý kiến" in page.locator("li[data-article=dieu-2]").inner_text()
    assert "1 ý kiến" not in page.locator("li[data-article=dieu-1]").inner_text()
    assert errors == []
    context.close()
