"""The lookup page (filters, sort, paging, stable URLs, bad parameters), search by
number, vocabularies, documents sent to a unit, the home block, demo content and the
enable → disable → enable round trip."""
import datetime
from urllib.parse import parse_qsl, urlsplit

import pytest

from documents_helpers import SECTION, relation_lines, table_numbers
from portal_core.bootstrap import blank_request
from portal_core.plugins.state import disable, enable, is_enabled
from portal_plugins.documents.resources import DEFAULT_DOC_TYPES, LegalDocumentSection
from portal_plugins.documents.setuphandlers import DEMO_DOCUMENTS

D = datetime.date


@pytest.fixture
def sample(add_docs):
    add_docs(
        dict(number="15/2021/QĐ-UBND", issue_date=D(2021, 5, 10), field="Hành chính",
             description="Quy định quản lý chợ", recipients=("Phòng Nội vụ",)),
        dict(number="2/2023/NQ-HĐND", doc_type="Nghị quyết", agency="Hội đồng nhân dân",
             issue_date=D(2023, 7, 1), field="Tài chính - Ngân sách",
             description="Phân bổ dự toán ngân sách"),
        dict(number="123/KH-UBND", doc_type="Kế hoạch", issue_date=D(2024, 3, 2),
             field="Hành chính", description="Kế hoạch cải cách hành chính",
             recipients=("Phòng Tư pháp", "phòng nội vụ")),
    )
    add_docs(dict(number="9/2024/QĐ-UBND", issue_date=D(2024, 8, 8),
                  description="Bản nháp bí mật"), published=False)


def lookup(testapp, **params):
    return table_numbers(testapp.get(SECTION, params))


def test_lookup_lists_published_documents_newest_issue_first(testapp, sample):
    page = testapp.get(SECTION)
    assert "Tra cứu văn bản" in page.text and "Tìm thấy <span>3</span> văn bản" in page.text
    assert table_numbers(page) == ["123/KH-UBND", "2/2023/NQ-HĐND", "15/2021/QĐ-UBND"]
    assert "9/2024/QĐ-UBND" not in page.text and "Bản nháp bí mật" not in page.text


@pytest.mark.parametrize("params,expected", [
    (dict(type="Nghị quyết"), ["2/2023/NQ-HĐND"]),
    (dict(agency="Ủy ban nhân dân"), ["123/KH-UBND", "15/2021/QĐ-UBND"]),
    (dict(field="Hành chính", year="2021"), ["15/2021/QĐ-UBND"]),
    (dict(number="15/2021"), ["15/2021/QĐ-UBND"]),
    (dict(number="123/kh-ubnd"), ["123/KH-UBND"]),
    (dict(q="CHO"), ["15/2021/QĐ-UBND"]),
    (dict(q="ngân sách dự toán"), ["2/2023/NQ-HĐND"]),
    (dict(q="bí mật"), []),
    (dict(year="2022"), []),
])
def test_lookup_filters(testapp, sample, params, expected):
    assert lookup(testapp, **params) == expected


def test_sort_by_number_and_date_both_ways(testapp, sample):
    assert lookup(testapp, sort="number", order="asc") == [
        "2/2023/NQ-HĐND", "15/2021/QĐ-UBND", "123/KH-UBND"]
    assert lookup(testapp, sort="number") == [
        "123/KH-UBND", "15/2021/QĐ-UBND", "2/2023/NQ-HĐND"]
    assert lookup(testapp, sort="issued", order="asc") == [
        "15/2021/QĐ-UBND", "2/2023/NQ-HĐND", "123/KH-UBND"]
    page = testapp.get(SECTION, dict(sort="number", order="desc", agency="Ủy ban nhân dân"))
    link = page.html.find("a", class_="sort", string="Số/ký hiệu")["href"]
    assert dict(parse_qsl(urlsplit(link).query)) == dict(
        agency="Ủy ban nhân dân", sort="number", order="asc")


@pytest.mark.parametrize("params", [
    dict(year="abc"), dict(year="99999999999999999999"), dict(page="-3"), dict(page="x"),
    dict(page="999"), dict(sort="drop table"), dict(order="sideways"),
    dict(q="x" * 5000), dict(number="<script>"), dict(type="không có"),
])
def test_bad_parameters_never_fail(testapp, sample, params):
    page = testapp.get(SECTION, params, status=200)
    assert "<table" in page.text or "Không có văn bản phù hợp" in page.text


def test_bad_year_is_explained(testapp, sample):
    page = testapp.get(SECTION, dict(year="abc"))
    assert "Năm không hợp lệ" in page.text
    assert len(table_numbers(page)) == 3


def test_paging_keeps_filters_in_stable_urls(testapp, add_docs):
    add_docs(*[dict(number="%d/QĐ-UBND" % n, issue_date=D(2024, 1, 1) +
                    datetime.timedelta(days=n)) for n in range(1, 26)])
    first = testapp.get(SECTION, dict(agency="Ủy ban nhân dân", sort="number", order="asc"))
    assert table_numbers(first)[:3] == ["1/QĐ-UBND", "2/QĐ-UBND", "3/QĐ-UBND"]
    assert len(table_numbers(first)) == 20
    next_url = first.html.find("a", rel="next")["href"]
    assert dict(parse_qsl(urlsplit(next_url).query)) == dict(
        agency="Ủy ban nhân dân", sort="number", order="asc", page="2")
    second = testapp.get(next_url)
    assert table_numbers(second) == ["%d/QĐ-UBND" % n for n in range(21, 26)]
    assert table_numbers(testapp.get(next_url)) == table_numbers(second)   # shareable
    prev_url = second.html.find("a", rel="prev")["href"]
    assert "page" not in dict(parse_qsl(urlsplit(prev_url).query))
    assert table_numbers(testapp.get(SECTION, dict(page="9"))) == table_numbers(
        testapp.get(SECTION, dict(page="2")))        # past the end: the last page


def test_search_by_exact_number_finds_the_document(testapp, sample):
    for typed in ("15/2021/QĐ-UBND", "15/2021/qd-ubnd"):
        page = testapp.get("/@@search", dict(q=typed))
        assert "Quy định quản lý chợ" in page.text or "15/2021" in page.text
        assert "/van-ban/van-ban-15-2021-qd-ubnd" in page.text
    page = testapp.get("/@@search", dict(q="9/2024/QĐ-UBND"))
    assert "van-ban-9-2024-qd-ubnd" not in page.text                 # a draft


def test_search_facet_filters_by_document_type(testapp, sample):
    page = testapp.get("/@@search", dict(q="hành chính", doc_type="Kế hoạch"))
    assert "van-ban-123-kh-ubnd" in page.text
    assert "van-ban-15-2021-qd-ubnd" not in page.text


def test_drafts_are_not_shown_to_visitors(testapp, sample):
    testapp.get(SECTION + "van-ban-9-2024-qd-ubnd/", status=404)
    assert "Bản nháp" not in testapp.get("/").text


# --- vocabularies ------------------------------------------------------------------------

def test_site_admin_edits_vocabularies(testapp, make_users, login, portal_of):
    make_users(quantri=["SiteAdmin"])
    login("quantri")
    form = testapp.get(SECTION + "@@vocabularies").forms["deform"]
    assert form["doc_types"].value.splitlines() == list(DEFAULT_DOC_TYPES)
    form["doc_types"] = "Quyết định\nSắc lệnh\n\nQuyết định"
    form["fields"] = "<script>x</script>"
    assert form.submit("save", status=400)
    form = testapp.get(SECTION + "@@vocabularies").forms["deform"]
    form["doc_types"] = "Quyết định\nSắc lệnh\n\nQuyết định"
    form["agencies"] = ""
    res = form.submit("save", status=400)
    assert "Danh mục không được để trống" in res.text
    form = testapp.get(SECTION + "@@vocabularies").forms["deform"]
    form["doc_types"] = "Quyết định\nSắc lệnh\n\nQuyết định"
    form.submit("save", status=303)
    with portal_of() as portal:
        assert portal["van-ban"].doc_types == ("Quyết định", "Sắc lệnh")
    add = testapp.get(SECTION + "@@add/LegalDocument").forms["deform"]
    assert [v for v, _s, _t in add["doc_type"].options] == ["", "Quyết định", "Sắc lệnh"]
    assert "Sắc lệnh" in testapp.get(SECTION).text


@pytest.mark.parametrize("user,status", [(None, 403), ("bientap", 403), ("quantri", 200)])
def test_only_site_admins_reach_vocabularies(testapp, make_users, login, user, status):
    make_users(bientap=["Editor", "Reviewer"], quantri=["SiteAdmin"])
    if user:
        login(user)
    testapp.get(SECTION + "@@vocabularies", status=[status, 302, 303]
                if user is None else status)


# --- sent to my unit ---------------------------------------------------------------------

def test_staff_list_documents_sent_to_their_unit(app, testapp, sample, make_users, login,
                                                 portal_of):
    make_users(noivu=[], tuphap=[], khong=[])
    with portal_of() as portal:
        portal.users.get("noivu").unit = "Phòng Nội vụ"
        portal.users.get("tuphap").unit = "Phòng Tư pháp"
    login("noivu")
    page = testapp.get(SECTION + "@@sent-to-my-unit")
    assert "15/2021/QĐ-UBND" in page.text and "123/KH-UBND" in page.text
    assert "2/2023/NQ-HĐND" not in page.text
    login("tuphap")
    page = testapp.get(SECTION + "@@sent-to-my-unit")
    assert "123/KH-UBND" in page.text and "15/2021/QĐ-UBND" not in page.text
    login("khong")
    assert "chưa gắn với đơn vị" in testapp.get(SECTION + "@@sent-to-my-unit").text
    testapp.reset()
    res = testapp.get(SECTION + "@@sent-to-my-unit", expect_errors=True)
    assert res.status_int in (302, 303, 403)


# --- block, demo, plugin switch ----------------------------------------------------------

def test_home_block_shows_latest_five(testapp, add_docs):
    add_docs(*[dict(number="%d/TB-UBND" % n, doc_type="Thông báo",
                    effective=datetime.datetime(2024, 1, n, tzinfo=datetime.timezone.utc))
               for n in range(1, 8)])
    home = testapp.get("/")
    block = home.html.find("section", class_="documents-latest")
    assert block is not None and "Văn bản mới" in block.text
    assert [a.text for a in block.find_all("li")[0].find_all("a")] == ["7/TB-UBND"]
    assert len(block.find_all("li")) == 5


def test_enable_disable_enable_round_trip(app, testapp, sample, portal_of):
    with portal_of() as portal:
        request = blank_request(app.registry, portal)
        section = portal["van-ban"]
        assert isinstance(section, LegalDocumentSection) and section.title == "Văn bản"
        disable(portal, "documents", request)
        assert not is_enabled(portal, "documents")
    testapp.get(SECTION, status=404)
    testapp.get(SECTION + "van-ban-15-2021-qd-ubnd/", status=404)
    assert "documents-latest" not in testapp.get("/").text
    with portal_of() as portal:
        request = blank_request(app.registry, portal)
        assert enable(portal, "documents", request) is portal["van-ban"]
        enable(portal, "documents", request)
        assert [k for k in portal.keys() if k.startswith("van-ban")] == ["van-ban"]
    assert len(lookup(testapp)) == 3


class TestDemo:
    @pytest.fixture
    def settings(self, settings):
        settings["portal.demo"] = "true"
        return settings

    def test_demo_documents_are_published_and_related(self, testapp):
        assert sorted(lookup(testapp)) == sorted(d["number"] for d in DEMO_DOCUMENTS)
        old = testapp.get(SECTION).html.find("a", string="12/2023/QĐ-UBND")["href"]
        assert relation_lines(testapp.get(old)) == [
            ("backward", "Bị thay thế bởi", "05/2025/QĐ-UBND")]


def test_home_block_is_hidden_without_documents(testapp):
    assert "documents-latest" not in testapp.get("/").text
