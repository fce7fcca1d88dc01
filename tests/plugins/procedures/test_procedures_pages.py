"""Procedures (Thủ tục hành chính) as visitors see them: navigation and the plugin
switch, browsing by field and level, the procedure page and its printable page, links
from the legal basis to published legal documents, search, the sidebar block and the
demo content."""
import datetime
import re

import pytest

from procedures_helpers import SECTION, facet_counts, table_codes
from portal_core.bootstrap import blank_request
from portal_core.content import utcnow
from portal_core.plugins import disable, enable, is_enabled, section_of
from portal_core.testing import store
from portal_plugins.procedures.resources import DossierItem, ProcedureSection
from portal_plugins.procedures.setuphandlers import DEMO_PROCEDURES


def nav_titles(page):
    match = re.search(r'<nav class="mainnav".*?</nav>', page.text, re.S)
    return re.findall(r"<a [^>]*>([^<]*)</a>", match.group(0))


def sample_set(add_procedure):
    add_procedure(code="1.001193", title="Đăng ký khai sinh", field="Hộ tịch", level="xa")
    add_procedure(code="1.000894", title="Đăng ký kết hôn", field="Hộ tịch", level="xa")
    add_procedure(code="2.000815", title="Chứng thực bản sao", field="Chứng thực",
                  level="xa")
    add_procedure(code="2.000884", title="Chứng thực chữ ký", field="Chứng thực",
                  level="huyen")
    add_procedure(code="1.009794", title="Cấp giấy phép xây dựng nhà ở riêng lẻ",
                  field="Xây dựng", level="huyen", agency="Phòng Kinh tế - Hạ tầng")
    add_procedure(code="2.000488", title="Cấp Phiếu lý lịch tư pháp", field="Tư pháp",
                  level="tinh")
    add_procedure(code="1.000001", title="Thủ tục nháp", field="Hộ tịch", level="xa",
                  published=False)


def test_section_in_navigation_only_while_enabled_round_trip(app, testapp, portal_of,
                                                              add_procedure):
    with portal_of() as portal:
        assert is_enabled(portal, "procedures")
        section = portal["thu-tuc-hanh-chinh"]
        assert isinstance(section, ProcedureSection)
        assert section_of(portal, "procedures") is section
    add_procedure()
    assert "Thủ tục hành chính" in nav_titles(testapp.get("/"))
    with portal_of() as portal:
        disable(portal, "procedures", blank_request(app.registry, portal))
    assert "Thủ tục hành chính" not in nav_titles(testapp.get("/"))
    assert "procedures-lookup-block" not in testapp.get("/").text
    for path in (SECTION, SECTION + "dang-ky-khai-sinh", SECTION + "dang-ky-khai-sinh/@@print"):
        testapp.get(path, status=404)
    with portal_of() as portal:
        section = portal["thu-tuc-hanh-chinh"]
        assert enable(portal, "procedures", blank_request(app.registry, portal)) is section
        assert [k for k in portal.keys() if k.startswith("thu-tuc")] == [
            "thu-tuc-hanh-chinh"]
    assert "Thủ tục hành chính" in nav_titles(testapp.get("/"))
    assert table_codes(testapp.get(SECTION)) == ["1.001193"]


def test_browse_by_field_and_level_with_counts(testapp, add_procedure):
    sample_set(add_procedure)
    page = testapp.get(SECTION)
    assert table_codes(page) == ["2.000815", "2.000884", "1.000894", "1.001193",
                                 "2.000488", "1.009794"]       # by field, then name
    assert page.html.select_one("p.meta").get_text() == "Tìm thấy 6 thủ tục."
    assert facet_counts(page, "levels") == {"Cấp tỉnh": 1, "Cấp huyện": 2, "Cấp xã": 3}
    assert facet_counts(page, "fields") == {"Hộ tịch": 2, "Chứng thực": 2, "Xây dựng": 1,
                                            "Tư pháp": 1}
    link = page.html.select_one('ul.fields a:-soup-contains("Chứng thực")')
    assert link["href"] == "http://localhost%s?field=Ch%%E1%%BB%%A9ng+th%%E1%%BB%%B1c" % SECTION
    page = testapp.get(link["href"])
    assert table_codes(page) == ["2.000815", "2.000884"]
    assert facet_counts(page, "levels") == {"Cấp tỉnh": 0, "Cấp huyện": 1, "Cấp xã": 1}
    page = testapp.get(SECTION, {"field": "Chứng thực", "level": "xa"})
    assert table_codes(page) == ["2.000815"]
    assert facet_counts(page, "fields")["Hộ tịch"] == 2       # counted under the level
    assert table_codes(testapp.get(SECTION, {"level": "huyen"})) == ["2.000884", "1.009794"]
    assert table_codes(testapp.get(SECTION, {"q": "xay dung"})) == ["1.009794"]
    assert table_codes(testapp.get(SECTION, {"q": "1.000894"})) == ["1.000894"]
    assert table_codes(testapp.get(SECTION, {"q": "kinh tế hạ tầng"})) == ["1.009794"]
    page = testapp.get(SECTION, {"q": "không có gì"})
    assert table_codes(page) == [] and "Không có thủ tục phù hợp." in page.text


@pytest.mark.parametrize("params,message,codes", [
    ({"level": "thon"}, "Cấp thực hiện không hợp lệ", 6),
    ({"field": "<script>alert(1)</script>"}, "Lĩnh vực không có trong danh mục", 6),
    ({"page": "-1"}, "Số trang không hợp lệ", 6),
    ({"page": "abc"}, "Số trang không hợp lệ", 6),
    ({"q": "x" * 500}, "Từ khóa quá dài", 6),
    ({"level": ["xa", "huyen"]}, "", 2),         # the last value counts
])
def test_bad_browse_parameters_are_ignored_with_a_message(testapp, add_procedure, params,
                                                          message, codes):
    sample_set(add_procedure)
    page = testapp.get(SECTION, params)
    assert page.status_int == 200 and len(table_codes(page)) == codes
    assert message in page.text
    assert "<script>alert(1)" not in page.text


def test_browse_pages_with_stable_urls(testapp, app):
    from portal_plugins.procedures.resources import Procedure
    for n in range(23):
        store(app, SECTION, Procedure(title="Thủ tục %02d" % n, code="1.%06d" % n,
                                      field="Hộ tịch", level="xa", agency="UBND"))
    page = testapp.get(SECTION, {"level": "xa"})
    assert len(table_codes(page)) == 20
    next_link = page.html.select_one('a[rel="next"]')["href"]
    assert next_link == "http://localhost%s?level=xa&page=2" % SECTION
    page = testapp.get(next_link)
    assert table_codes(page) == ["1.000020", "1.000021", "1.000022"]
    assert page.html.select_one('a[rel="prev"]')["href"].endswith("?level=xa")
    assert len(table_codes(testapp.get(SECTION, {"page": "9"}))) == 3     # clamped


def test_procedure_page_print_page_and_drafts(testapp, add_procedure, make_users, login):
    add_procedure(description="Đăng ký khai sinh cho trẻ em.", applicants="Công dân",
                  steps="<ol><li>Nộp tờ khai</li></ol>", conditions="<p>Không</p>",
                  result="Giấy khai sinh", submission=("truc-tiep", "buu-chinh"),
                  national_url="https://dichvucong.gov.vn/tthc?ma=1.001193",
                  dossier_items=(DossierItem("Tờ khai", "01 bản chính"),),
                  legal_basis=("60/2014/QH13 - Luật Hộ tịch",),
                  decision="1872/QĐ-BTP - Quyết định công bố")
    add_procedure(code="1.000002", title="Thủ tục nháp", published=False)
    page = testapp.get(SECTION + "dang-ky-khai-sinh")
    record = page.html.select_one("article.procedure")
    headings = [th.get_text() for th in record.select("table.procedure-record th")]
    assert headings == ["Mã thủ tục", "Lĩnh vực", "Cấp thực hiện", "Cơ quan thực hiện",
                        "Đối tượng thực hiện", "Thời hạn giải quyết", "Cách thức thực hiện",
                        "Dịch vụ công trực tuyến"]
    assert [h.get_text() for h in record.select("h2")] == [
        "Trình tự thực hiện", "Thành phần hồ sơ", "Phí, lệ phí", "Kết quả thực hiện",
        "Yêu cầu, điều kiện thực hiện", "Căn cứ pháp lý", "Quyết định công bố"]
    assert record.select_one(".national-link")["href"] == \
        "https://dichvucong.gov.vn/tthc?ma=1.001193"
    assert "Trực tiếp; Qua dịch vụ bưu chính" in record.get_text()
    print_link = page.html.select_one(".print-link a")
    assert print_link.get_text() == "In"
    printed = testapp.get(print_link["href"])
    assert printed.html.select_one("article.procedure h1").get_text() == "Đăng ký khai sinh"
    assert "1.001193" in printed.text and "Tờ khai" in printed.text
    assert "Căn cứ pháp lý" in printed.text and "60/2014/QH13" in printed.text
    assert 'class="mainnav"' not in printed.text and "sitesearch" not in printed.text
    assert 'class="mainnav"' in page.text
    testapp.get(SECTION + "thu-tuc-nhap", status=404)
    testapp.get(SECTION + "thu-tuc-nhap/@@print", status=404)
    make_users(bientap=["Editor"])
    login("bientap")
    assert "Thủ tục nháp" in testapp.get(SECTION + "thu-tuc-nhap/@@print").text


def test_not_yet_effective_procedure_is_hidden_from_visitors(testapp, add_procedure):
    add_procedure(effective=utcnow() + datetime.timedelta(days=2))
    assert table_codes(testapp.get(SECTION)) == []
    testapp.get(SECTION + "dang-ky-khai-sinh", status=404)
    testapp.get(SECTION + "dang-ky-khai-sinh/@@print", status=404)


def test_legal_basis_links_to_published_legal_documents_only(app, testapp, add_procedure):
    from portal_plugins.documents.resources import LegalDocument
    from portal_plugins.notices.resources import Notice
    store(app, "/van-ban/", LegalDocument(
        title="Quyết định ban hành quy chế", number="15/2021/QĐ-UBND",
        doc_type="Quyết định", agency="Ủy ban nhân dân",
        issue_date=datetime.date(2021, 5, 10)))
    store(app, "/van-ban/", LegalDocument(
        title="Dự thảo", number="99/2026/QĐ-UBND", doc_type="Quyết định",
        agency="Ủy ban nhân dân", issue_date=datetime.date(2026, 1, 5)), published=False)
    store(app, "/thong-bao/", Notice(title="Thông báo", body="<p>Theo 88/2025/TB-UBND</p>"))
    store(app, "/van-ban/", LegalDocument(
        title="Quyết định công bố TTHC", number="1872/QĐ-UBND", doc_type="Quyết định",
        agency="Ủy ban nhân dân", issue_date=datetime.date(2024, 3, 1)))
    add_procedure(legal_basis=("15/2021/qđ-ubnd - Quy chế", "15/2021",
                               "99/2026/QĐ-UBND - Dự thảo", "88/2025/TB-UBND",
                               "60/2014/QH13 - Luật Hộ tịch"),
                  decision="1872/QĐ-UBND - Quyết định công bố")
    page = testapp.get(SECTION + "dang-ky-khai-sinh")
    items = page.html.select("section.legal-basis li")
    assert [(li.select_one("a") or {}).get("href") for li in items] == [
        "http://localhost/van-ban/quyet-dinh-ban-hanh-quy-che/", None, None, None, None]
    assert [li.get_text() for li in items] == [
        "15/2021/qđ-ubnd – Quy chế", "15/2021", "99/2026/QĐ-UBND – Dự thảo",
        "88/2025/TB-UBND", "60/2014/QH13 – Luật Hộ tịch"]
    decision = page.html.select_one("section.decision a")
    assert decision["href"] == "http://localhost/van-ban/quyet-dinh-cong-bo-tthc/"
    printed = testapp.get(SECTION + "dang-ky-khai-sinh/@@print")
    assert 'href="http://localhost/van-ban/quyet-dinh-ban-hanh-quy-che/"' in printed.text


def test_legal_basis_is_looked_up_once_until_the_next_commit(app, testapp, add_procedure,
                                                             monkeypatch):
    from portal_core.search import search_backend
    from portal_plugins.documents.resources import LegalDocument
    add_procedure(legal_basis=("15/2021/QĐ-UBND - Quy chế", "16/2021/QĐ-UBND"))
    backend = search_backend(app.registry)
    searches = []
    real_search = backend.search
    monkeypatch.setattr(backend, "search", lambda q: searches.append(q) or real_search(q))
    path = SECTION + "dang-ky-khai-sinh"

    def links():
        return [(li.select_one("a") or {}).get("href")
                for li in testapp.get(path).html.select("section.legal-basis li")]
    assert links() == [None, None] and len(searches) == 2
    assert links() == [None, None] and len(searches) == 2      # kept: nothing committed
    store(app, "/van-ban/", LegalDocument(
        title="Quyết định ban hành quy chế", number="15/2021/QĐ-UBND",
        doc_type="Quyết định", agency="Ủy ban nhân dân",
        issue_date=datetime.date(2021, 5, 10)))
    assert links() == ["http://localhost/van-ban/quyet-dinh-ban-hanh-quy-che/", None]
    assert len(searches) == 4


def test_search_finds_a_procedure_by_code_and_name(testapp, add_procedure):
    add_procedure(code="1.009794", title="Cấp giấy phép xây dựng nhà ở riêng lẻ",
                  field="Xây dựng", level="huyen")
    add_procedure(code="2.000986.000.00.00.H12", title="Thủ tục cấp tỉnh", level="tinh")
    add_procedure(code="1.000003", title="Giấy phép nháp", published=False)
    for query in ("1.009794", "giay phep xay dung"):
        page = testapp.get("/@@search", {"q": query}).html.get_text()
        assert "Cấp giấy phép xây dựng nhà ở riêng lẻ" in page, query
        assert "Giấy phép nháp" not in page
    page = testapp.get("/@@search", {"q": "2.000986.000.00.00.H12"}).html.get_text()
    assert "Thủ tục cấp tỉnh" in page
    assert "Cấp giấy phép xây dựng" not in page


def test_sidebar_block_links_to_the_lookup(testapp, add_procedure):
    page = testapp.get("/")
    block = page.html.select_one("section.procedures-lookup-block")
    assert block.select_one("form")["action"] == "http://localhost%s" % SECTION
    assert [a.get_text() for a in block.select("li a")] == ["Cấp tỉnh", "Cấp huyện",
                                                            "Cấp xã"]
    assert "procedures-lookup-block" not in testapp.get(SECTION).text


class TestDemo:
    @pytest.fixture
    def settings(self, settings):
        settings["portal.demo"] = "true"
        return settings

    def test_demo_procedures_are_browsable_with_templates(self, testapp):
        page = testapp.get(SECTION)
        assert sorted(table_codes(page)) == sorted(p["code"] for p in DEMO_PROCEDURES)
        assert facet_counts(page, "levels") == {"Cấp tỉnh": 1, "Cấp huyện": 2, "Cấp xã": 3}
        page = testapp.get(SECTION + "dang-ky-khai-sinh")
        href = page.html.select_one("a.template")["href"]
        res = testapp.get(href)
        assert res.content_type == "application/pdf" and res.body.startswith(b"%PDF-")
        assert "Cấp xã" in page.text
        assert testapp.get(SECTION + "cap-giay-phep-xay-dung-nha-o-rieng-le").status_int == 200
