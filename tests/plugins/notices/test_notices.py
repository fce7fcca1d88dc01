"""Notices (Thông báo): the section, adding notices with attachments through the real
form, refused uploads, escaping, the newest-first listing and its paging, the home block,
downloads, search, the enable/disable round trip and demo content."""
import datetime
import re

import pytest
from webtest import Upload

from notices_helpers import OLE2, PDF, SECTION, block_titles, listed_titles, office_zip
from portal_core.bootstrap import blank_request
from portal_core.content import utcnow
from portal_core.plugins import disable, enable, is_enabled, section_of
from portal_core.testing import csrf_token, store
from portal_plugins.notices.resources import Notice, NoticeSection
from portal_plugins.notices.setuphandlers import DEMO_NOTICES


def ago(**delta):
    return utcnow() - datetime.timedelta(**delta)


def test_enabled_portal_has_the_section(portal_of, testapp):
    with portal_of() as portal:
        assert is_enabled(portal, "notices")
        section = portal["thong-bao"]
        assert isinstance(section, NoticeSection) and section_of(portal, "notices") is section
        assert section.title == "Thông báo"
    page = testapp.get(SECTION)
    assert "<h1>Thông báo</h1>" in page.text and "Chưa có thông báo." in page.text
    assert "notices-latest" not in testapp.get("/").text     # no empty tile


def test_editor_adds_notice_with_pdf_reviewer_publishes_anonymous_downloads(
        testapp, editor, add_via_form, portal_of):
    path = add_via_form("Thông báo lịch tiếp dân", description="Tiếp dân ngày 15.",
                        body="<p>Nội dung <strong>chi tiết</strong></p>",
                        upload=Upload("Lịch tiếp dân tháng 12.pdf", PDF, "application/pdf"))
    with portal_of() as portal:
        notice = portal["thong-bao"]["thong-bao-lich-tiep-dan"]
        assert [(f.filename, f.mimetype, f.size) for f in notice.attachments] == [
            ("Lịch tiếp dân tháng 12.pdf", "application/pdf", len(PDF))]
    testapp.reset()
    page = testapp.get(path)
    assert "<h1>Thông báo lịch tiếp dân</h1>" in page.text
    assert "<strong>chi tiết</strong>" in page.text
    link = page.html.select_one("section.attachments a")
    assert link["href"] == "http://localhost%s@@file/1" % path
    assert link.get_text() == "Lịch tiếp dân tháng 12.pdf"
    res = testapp.get(path + "@@file/1")
    assert res.content_type == "application/pdf" and res.body == PDF
    disposition = res.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="lich-tiep-dan-thang-12.pdf"')
    assert "filename*=UTF-8''L%E1%BB%8Bch%20ti%E1%BA%BFp" in disposition
    testapp.get(path + "@@file/2", status=404)
    testapp.get(path + "@@file/abc", status=404)
    testapp.get(path + "@@file", status=404)


@pytest.mark.parametrize("filename,data,mimetype", [
    ("bieu-mau.doc", OLE2, "application/msword"),
    ("bang-ke.xls", OLE2, "application/vnd.ms-excel"),
    ("to-trinh.docx", office_zip("docx"),
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("du-toan.xlsx", office_zip("xlsx"),
     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("cong-van.odt", office_zip("odt"), "application/vnd.oasis.opendocument.text"),
])
def test_office_documents_are_accepted_with_their_type(testapp, editor, add_via_form,
                                                       filename, data, mimetype):
    path = add_via_form("Tệp " + filename, upload=Upload(filename, data, "text/plain"))
    res = testapp.get(path + "@@file/1")
    assert res.content_type == mimetype and res.body == data
    assert 'filename="%s"' % filename in res.headers["Content-Disposition"]


@pytest.mark.parametrize("filename,data,message", [
    ("virus.exe", b"MZ\x90\x00", "Chỉ nhận tệp PDF, DOC, DOCX, XLS, XLSX, ODT."),
    ("trang.html", b"<script>alert(1)</script>",
     "Chỉ nhận tệp PDF, DOC, DOCX, XLS, XLSX, ODT."),
    ("gia.pdf", b"<html><script>alert(1)</script></html>",
     "Nội dung tệp không đúng định dạng PDF."),
    ("gia.docx", PDF, "Nội dung tệp không đúng định dạng DOCX."),
    ("gia.xlsx", office_zip("docx"), "Nội dung tệp không đúng định dạng XLSX."),
    ("rong.pdf", b"", "Tệp rỗng."),
])
def test_disallowed_upload_is_refused_in_vietnamese_and_nothing_stored(
        testapp, editor, add_via_form, portal_of, filename, data, message):
    res = add_via_form("Thông báo lỗi tệp", status=400,
                       upload=Upload(filename, data, "application/pdf"))
    assert message in res.text and "Traceback" not in res.text
    with portal_of() as portal:
        section = portal["thong-bao"]
        assert "thong-bao-loi-tep" not in section and len(section) == 0


class TestSmallLimit:
    @pytest.fixture
    def settings(self, settings):
        settings["portal.attachment_max_mb"] = "1"
        return settings

    def test_oversize_upload_is_refused_and_nothing_stored(self, testapp, editor,
                                                           add_via_form, portal_of):
        big = PDF + b"0" * (1024 * 1024)
        res = add_via_form("Thông báo tệp lớn", status=400,
                           upload=Upload("lon.pdf", big, "application/pdf"))
        assert "Tệp quá lớn (tối đa 1 MB)." in res.text
        assert "tối đa 1 MB" in testapp.get(SECTION + "@@add/Notice").text
        with portal_of() as portal:
            assert len(portal["thong-bao"]) == 0

    def test_file_under_the_limit_is_stored(self, testapp, editor, add_via_form):
        data = PDF + b"0" * (1024 * 1024 - len(PDF) - 10)
        path = add_via_form("Thông báo tệp vừa", upload=Upload("vua.pdf", data))
        assert testapp.get(path + "@@file/1").body == data


def test_edit_adds_a_second_attachment_and_keeps_the_first(testapp, editor, add_via_form,
                                                           portal_of):
    path = add_via_form("Thông báo có hai tệp", upload=Upload("mot.pdf", PDF))
    form = testapp.get(path + "@@edit").forms["deform"]
    form["upload"] = Upload("hai.docx", office_zip("docx"))
    form.submit("save", status=303)
    form = testapp.get(path + "@@edit").forms["deform"]
    form["description"] = "Sửa tóm tắt, không thêm tệp"
    form.submit("save", status=303)
    with portal_of() as portal:
        notice = portal["thong-bao"]["thong-bao-co-hai-tep"]
        assert [f.filename for f in notice.attachments] == ["mot.pdf", "hai.docx"]
        assert notice.description == "Sửa tóm tắt, không thêm tệp"
    assert testapp.get(path + "@@file/2").body == office_zip("docx")


def test_editor_removes_an_attachment_and_the_others_keep_their_numbers(
        testapp, editor, add_via_form, portal_of):
    path = add_via_form("Thông báo gỡ tệp", upload=Upload("nham.pdf", PDF))
    form = testapp.get(path + "@@edit").forms["deform"]
    form["upload"] = Upload("dung.docx", office_zip("docx"))
    form.submit("save", status=303)
    page = testapp.get(path)
    removers = [f for f in page.forms.values() if f.action.endswith("@@remove-attachment")]
    assert [f["number"].value for f in removers] == ["1", "2"]
    removers[0].submit(status=303)
    page = testapp.get(path)
    assert "Đã gỡ tệp “nham.pdf”." in page.text
    assert "nham.pdf" not in page.html.select_one("section.attachments").text
    testapp.get(path + "@@file/1", status=404)
    assert testapp.get(path + "@@file/2").body == office_zip("docx")
    token = csrf_token(page)
    testapp.post(path + "@@remove-attachment", {"csrf_token": token, "number": "1"},
                 status=404)                                # already removed
    testapp.post(path + "@@remove-attachment", {"csrf_token": token, "number": "x"},
                 status=404)
    testapp.post(path + "@@remove-attachment", {"number": "2"}, status=400)  # no token
    with portal_of() as portal:
        notice = portal["thong-bao"]["thong-bao-go-tep"]
        assert [f.filename for _n, f in notice.files()] == ["dung.docx"]
    testapp.reset()
    public = testapp.get(path)
    assert "@@remove-attachment" not in public.text and "Set-Cookie" not in public.headers
    testapp.post(path + "@@remove-attachment", {"number": "2"}, status=403)
    with portal_of() as portal:
        assert len(portal["thong-bao"]["thong-bao-go-tep"].files()) == 1


def test_html_and_scripts_are_sanitised_or_escaped(testapp, editor, add_via_form):
    path = add_via_form('<b>Thông báo</b> <script>alert("t")</script>',
                        description='<img src=x onerror="alert(1)">Tóm tắt',
                        body='<p onclick="alert(2)">Nội dung</p><script>alert(3)</script>'
                             '<a href="javascript:alert(4)">x</a>')
    testapp.reset()
    for page in (testapp.get(path), testapp.get(SECTION), testapp.get("/")):
        assert "<script>alert" not in page.text
        assert "<img src=x" not in page.text and "<b>Thông báo</b>" not in page.text
    page = testapp.get(path)
    assert "&lt;b&gt;Thông báo&lt;/b&gt;" in page.text
    assert "&lt;img src=x onerror=" in page.text
    assert "onclick" not in page.text and "javascript:alert" not in page.text
    assert "<p>Nội dung</p>" in page.text


def test_listing_newest_first_with_paging(app, testapp):
    for day in range(23):
        store(app, SECTION, Notice(title="Thông báo số %02d" % day,
                                   effective=ago(days=30 - day)))
    store(app, SECTION, Notice(title="Bản nháp"), published=False)
    store(app, SECTION, Notice(title="Chưa hiệu lực", effective=ago(days=-1)))
    store(app, SECTION, Notice(title="Đã hết hạn", effective=ago(days=40),
                               expires=ago(days=1)))
    first = testapp.get(SECTION)
    assert listed_titles(first) == ["Thông báo số %02d" % d for d in range(22, 2, -1)]
    assert 'href="?page=2" rel="next"' in first.text
    second = testapp.get(SECTION, {"page": 2})
    assert listed_titles(second) == ["Thông báo số 02", "Thông báo số 01",
                                     "Thông báo số 00"]
    assert 'rel="prev"' in second.text and 'rel="next"' not in second.text
    testapp.get(SECTION, {"page": 3}, status=404)
    assert listed_titles(testapp.get(SECTION, {"page": "x"})) == listed_titles(first)
    assert block_titles(testapp.get("/")) == ["Thông báo số %02d" % d
                                              for d in range(22, 17, -1)]
    for hidden in ("ban-nhap", "chua-hieu-luc", "da-het-han"):
        testapp.get(SECTION + hidden, status=404)


def test_draft_attachment_is_not_downloadable_anonymously(testapp, editor, add_via_form):
    path = add_via_form("Thông báo nháp", publish=False, upload=Upload("nhap.pdf", PDF))
    assert testapp.get(path + "@@file/1").body == PDF          # the author may
    testapp.reset()
    testapp.get(path, status=404)
    testapp.get(path + "@@file/1", status=404)


def test_search_finds_a_published_notice_by_its_body(testapp, editor, add_via_form):
    add_via_form("Thông báo về tiêm chủng", body="<p>Chiến dịch tiêm vắc xin sởi</p>")
    add_via_form("Thông báo nháp tiêm", body="<p>vắc xin sởi nháp</p>", publish=False)
    testapp.reset()
    page = testapp.get("/@@search", {"q": "vac xin soi"})
    assert "Thông báo về tiêm chủng" in page.text
    assert "Thông báo nháp tiêm" not in page.text


def test_enable_disable_enable_round_trip(app, testapp, portal_of):
    store(app, SECTION, Notice(title="Thông báo giữ lại", effective=ago(hours=1)))
    with portal_of() as portal:
        disable(portal, "notices", blank_request(app.registry, portal))
    testapp.get(SECTION, status=404)
    testapp.get(SECTION + "thong-bao-giu-lai", status=404)
    assert "notices-latest" not in testapp.get("/").text
    with portal_of() as portal:
        section = portal["thong-bao"]
        assert enable(portal, "notices", blank_request(app.registry, portal)) is section
        assert [k for k in portal.keys() if re.fullmatch(r"thong-bao(-\d+)?", k)] == [
            "thong-bao"]
    assert listed_titles(testapp.get(SECTION)) == ["Thông báo giữ lại"]
    assert block_titles(testapp.get("/")) == ["Thông báo giữ lại"]


class TestDemo:
    @pytest.fixture
    def settings(self, settings):
        settings["portal.demo"] = "true"
        return settings

    def test_demo_notices_are_listed_newest_first(self, testapp):
        expected = [title for title, *_rest in reversed(DEMO_NOTICES)]
        assert listed_titles(testapp.get(SECTION)) == expected
        assert block_titles(testapp.get("/")) == expected
