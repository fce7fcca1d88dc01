"""Consultation drafts: the section and its navigation entry per site, adding drafts
through the real form (attachments, articles, period), refused input, publishing, the
report, search, the home block and demo content."""
import datetime

import pytest
from webtest import Upload

from consultation_helpers import PDF, SECTION, vn
from portal_core.bootstrap import blank_request
from portal_core.plugins import disable, enable, section_of
from portal_core.testing import ADMIN_PASSWORD, csrf_token, sample_document, store
from portal_plugins.consultation.resources import Draft, DraftSection
from portal_plugins.consultation.setuphandlers import CLOSED_DRAFT, OPEN_DRAFT

DAY = datetime.timedelta(days=1)


def nav(page):
    return [a["href"] for a in page.html.select("nav.mainnav a")]


def block_titles(page):
    return [a.get_text(strip=True)
            for a in page.html.select("section.consultation-open li > a")]


def test_section_in_navigation_only_while_enabled_round_trip(app, testapp, portal_of):
    with portal_of() as portal:
        assert isinstance(section_of(portal, "consultation"), DraftSection)
        assert portal["du-thao"].title == "Lấy ý kiến dự thảo"
    assert "http://localhost/du-thao/" in nav(testapp.get("/"))
    assert "Chưa có dự thảo nào." in testapp.get(SECTION).text
    store(app, SECTION, Draft(title="Dự thảo giữ lại", agency="UBND"), name="giu-lai")
    with portal_of() as portal:
        disable(portal, "consultation", blank_request(app.registry, portal))
    assert "http://localhost/du-thao/" not in nav(testapp.get("/"))
    testapp.get(SECTION, status=404)
    testapp.get(SECTION + "giu-lai", status=404)
    testapp.get(SECTION + "giu-lai/@@comment", status=404)
    with portal_of() as portal:
        section = portal["du-thao"]
        assert enable(portal, "consultation", blank_request(app.registry, portal)) is section
        assert [k for k in portal.keys() if k.startswith("du-thao")] == ["du-thao"]
    assert "http://localhost/du-thao/" in nav(testapp.get("/"))
    assert "Dự thảo giữ lại" in testapp.get(SECTION + "giu-lai").text


def test_commune_site_gets_the_section_only_when_enabled_there(app, testapp, portal_of):
    admin = testapp
    page = admin.get("/@@login")
    admin.post("/@@login", {"login": "admin", "password": ADMIN_PASSWORD,
                            "csrf_token": csrf_token(page)}, status=303)
    form = admin.get("/xa-thi-tran/@@add-commune").forms["deform"]
    form["title"], form["name"] = "Xã Yên Thịnh", "yen-thinh"
    form.submit("save", status=303)
    admin.reset()
    commune = "/xa-thi-tran/yen-thinh/"
    with portal_of() as portal:
        site = portal["xa-thi-tran"]["yen-thinh"]
        disable(site, "consultation", blank_request(app.registry, portal))
    assert "http://localhost%sdu-thao/" % commune not in nav(testapp.get(commune))
    with portal_of() as portal:
        site = portal["xa-thi-tran"]["yen-thinh"]
        enable(site, "consultation", blank_request(app.registry, portal))
    assert "http://localhost%sdu-thao/" % commune in nav(testapp.get(commune))
    assert "http://localhost/du-thao/" in nav(testapp.get("/"))
    testapp.get(commune + "du-thao/", status=200)


def test_editor_adds_draft_with_attachment_reviewer_publishes(testapp, add_draft, login,
                                                              portal_of):
    path = add_draft(upload=Upload("Dự thảo Nghị quyết.pdf", PDF, "application/pdf"),
                     description="Mức chi cho hòa giải viên.", publish=False)
    testapp.get(path, status=404)                       # pending: not public
    testapp.get(path + "@@file/1", status=404)
    testapp.get(path + "@@comment", status=404)
    assert "Dự thảo Nghị quyết quy định" not in testapp.get(SECTION).text
    with portal_of() as portal:
        draft = portal["du-thao"]["du-thao-nghi-quyet-quy-dinh-muc-chi-ho-tro"]
        assert draft.agency == "Phòng Tư pháp"
        assert [k for k, _l, _v in draft.articles] == [
            "chuong-i", "dieu-1", "dieu-2", "chuong-ii", "dieu-3"]
        assert draft.closes > draft.opens and draft.opens.utcoffset() == datetime.timedelta(0)
        assert [f.filename for f in draft.attachments] == ["Dự thảo Nghị quyết.pdf"]
    login("duyet")
    from portal_core.testing import take_transitions
    take_transitions(testapp, path, "publish")
    testapp.reset()
    page = testapp.get(path)
    assert "<h1>Dự thảo Nghị quyết quy định mức chi hỗ trợ</h1>" in page.text
    assert "Điều 3. Mức chi hỗ trợ" in page.text and "Phòng Tư pháp" in page.text
    assert "Đang lấy ý kiến đến" in page.text
    assert page.html.select_one('a[href$="@@comment"]') is not None
    assert testapp.get(path + "@@file/1").body == PDF
    testapp.get(path + "@@file/2", status=404)
    assert "Dự thảo Nghị quyết quy định" in testapp.get(SECTION).text


@pytest.mark.parametrize("opens,closes,message", [
    (("2026-12-10", "08:00"), ("2026-12-01", "08:00"),
     "Thời gian kết thúc phải sau thời gian bắt đầu lấy ý kiến."),
    (("2026-12-10", "08:00"), ("2026-12-10", "08:00"),
     "Thời gian kết thúc phải sau thời gian bắt đầu lấy ý kiến."),
    (("2026-12-01", "08:00"), ("2028-12-01", "08:00"), "Thời gian lấy ý kiến tối đa một năm."),
    (("2026-02-30", "08:00"), ("2026-12-01", "08:00"), "Ngày không hợp lệ"),
    (("2026-12-01", "25:61"), ("2026-12-20", "08:00"), "Ngày không hợp lệ"),
])
def test_forged_dates_are_refused_and_nothing_stored(add_draft, portal_of, opens, closes,
                                                     message):
    res = add_draft(opens=opens, closes=closes, status=400)
    assert message in res.text and "Traceback" not in res.text
    with portal_of() as portal:
        assert len(portal["du-thao"]) == 0


@pytest.mark.parametrize("structure,message", [
    ("Chương I. Chung\nKhoản 1. Không phải đề mục", "Dòng 2 (“Khoản 1. Không phải đề mục”) "
     "phải bắt đầu bằng Phần, Chương, Mục, Tiểu mục, Điều hoặc Phụ lục"),
    ("Điều 1. Phạm vi\nĐiều 1. Lặp lại", "Trùng đề mục: “Điều 1. Lặp lại”."),
    ("Điều 1. <script>alert(1)</script>", "Không được nhập mã HTML hay script vào ô này."),
    ("\n".join("Điều %d. Nội dung" % n for n in range(1, 302)), "Tối đa 300 dòng."),
    ("Điều 1. " + "x" * 300, "Dòng 1 quá dài: tối đa 250 ký tự."),
])
def test_bad_structure_is_refused(add_draft, portal_of, structure, message):
    res = add_draft(structure=structure, status=400)
    assert message in res.text
    with portal_of() as portal:
        assert len(portal["du-thao"]) == 0


@pytest.mark.parametrize("field", ["title", "agency", "description"])
def test_markup_in_draft_fields_is_refused(add_draft, portal_of, field):
    values = {"title": "Dự thảo", field: 'Dự thảo <script>alert("x")</script>'}
    res = add_draft(status=400, **values)
    assert "Không được nhập mã HTML hay script vào ô này." in res.text
    with portal_of() as portal:
        assert len(portal["du-thao"]) == 0


@pytest.mark.parametrize("filename,data,message", [
    ("virus.exe", b"MZ\x90\x00", "Chỉ nhận tệp PDF, DOC, DOCX, XLS, XLSX, ODT."),
    ("gia.pdf", b"<html><script>alert(1)</script></html>",
     "Nội dung tệp không đúng định dạng PDF."),
])
def test_disallowed_attachment_is_refused(add_draft, portal_of, filename, data, message):
    res = add_draft(upload=Upload(filename, data, "application/pdf"), status=400)
    assert message in res.text
    with portal_of() as portal:
        assert len(portal["du-thao"]) == 0


class TestSmallLimit:
    @pytest.fixture
    def settings(self, settings):
        settings["portal.attachment_max_mb"] = "1"
        return settings

    def test_oversize_attachment_is_refused(self, add_draft, portal_of):
        big = sample_document("pdf", pad=1024 * 1024)
        res = add_draft(upload=Upload("lon.pdf", big, "application/pdf"), status=400)
        assert "Tệp quá lớn (tối đa 1 MB)." in res.text
        with portal_of() as portal:
            assert len(portal["du-thao"]) == 0


def test_report_is_published_and_shown(testapp, add_draft, login, clock):
    path = add_draft(opens=vn(clock.now - 20 * DAY), closes=vn(clock.now - DAY))
    assert "Báo cáo tiếp thu, giải trình ý kiến" not in testapp.get(path).text
    login("bientap")
    form = testapp.get(path + "@@edit").forms["deform"]
    form["report"] = "<p>Đã tiếp thu 5 ý kiến, giải trình 2 ý kiến.</p><script>x()</script>"
    form.set("upload", Upload("bao-cao-tiep-thu.docx", sample_document("docx")), index=1)
    form.submit("save", status=303)
    testapp.reset()
    page = testapp.get(path)
    report = page.html.select_one("section.report")
    assert "Đã tiếp thu 5 ý kiến, giải trình 2 ý kiến." in report.get_text()
    assert "<script>x()" not in page.text
    assert "Đã hết thời gian lấy ý kiến" in page.text
    link = report.select_one("a")
    assert link.get_text() == "bao-cao-tiep-thu.docx"
    assert testapp.get(path + "@@report-file").body == sample_document("docx")


def test_search_finds_draft_text(testapp, add_draft):
    path = add_draft("Dự thảo quy chế quản lý chợ nông thôn", description="Quy chế.",
                     structure="Điều 1. Phạm vi điều chỉnh\nĐiều 2. Ban quản lý chợ phiên")
    draft = add_draft("Dự thảo nháp", structure="Điều 1. Ban quản lý chợ phiên",
                      publish=False)
    page = testapp.get("/@@search", {"q": "ban quan ly cho phien"})
    assert "http://localhost" + path in page.text           # found by its articles
    assert draft not in page.text


def test_home_block_lists_open_drafts_only(app, testapp, add_draft, clock):
    add_draft("Dự thảo đang mở", closes=vn(clock.now + 3 * DAY))
    add_draft("Dự thảo mở lâu", closes=vn(clock.now + 30 * DAY))
    add_draft("Dự thảo sắp mở", opens=vn(clock.now + DAY), closes=vn(clock.now + 9 * DAY))
    add_draft("Dự thảo đã đóng", opens=vn(clock.now - 9 * DAY), closes=vn(clock.now - DAY))
    add_draft("Dự thảo chưa duyệt", publish=False)
    home = testapp.get("/")
    assert block_titles(home) == ["Dự thảo đang mở", "Dự thảo mở lâu"]   # closing soonest
    assert "Hạn góp ý:" in home.html.select_one("section.consultation-open").get_text()
    clock.advance(days=4)
    assert block_titles(testapp.get("/")) == ["Dự thảo sắp mở", "Dự thảo mở lâu"]
    clock.advance(days=40)
    assert testapp.get("/").html.select_one("section.consultation-open") is None


def test_editing_the_closing_time_moves_the_draft_in_the_block(testapp, add_draft, login,
                                                               clock, portal_of):
    path = add_draft("Dự thảo gia hạn", closes=vn(clock.now + DAY))
    clock.advance(days=2)
    assert block_titles(testapp.get("/")) == []
    login("bientap")
    from consultation_helpers import set_datetime
    form = testapp.get(path + "@@edit").forms["deform"]
    set_datetime(form, "closes", *vn(clock.now + 5 * DAY))
    form.submit("save", status=303)
    testapp.reset()
    assert block_titles(testapp.get("/")) == ["Dự thảo gia hạn"]
    with portal_of() as portal:
        section = portal["du-thao"]
        assert len(section.closing) == 1 and len(section.closing_keys) == 1


class TestDemo:
    @pytest.fixture
    def settings(self, settings):
        settings["portal.demo"] = "true"
        return settings

    def test_demo_drafts(self, testapp):
        listing = testapp.get(SECTION).text
        assert OPEN_DRAFT["title"] in listing and CLOSED_DRAFT["title"] in listing
        assert block_titles(testapp.get("/")) == [OPEN_DRAFT["title"]]
        page = testapp.get(SECTION + testapp.get(SECTION).html.select_one(
            "ul.drafts-listing a")["href"].split(SECTION)[1])
        assert "demo0@example.vn" not in page.text
