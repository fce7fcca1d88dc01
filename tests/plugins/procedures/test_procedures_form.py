"""Procedures (Thủ tục hành chính) through the real forms: adding with dossier
templates, editing that keeps templates, duplicate and malformed codes, refused uploads,
markup in plain fields, unsafe links, and the list of fields."""
import pytest
from webtest import Upload

from conftest import submit_with_dossier
from procedures_helpers import DOCX, PDF, SECTION, form_error
from portal_core.testing import sample_document


def test_editor_adds_with_templates_reviewer_publishes_visitor_downloads(
        testapp, editor, add_via_form, portal_of):
    path = add_via_form(
        dossier=[("Tờ khai đăng ký khai sinh", "01 bản chính",
                  Upload("Tờ khai khai sinh.pdf", PDF, "application/pdf")),
                 ("Giấy chứng sinh", "01 bản chính", None),
                 ("Bảng kê", "01 bản", Upload("bang-ke.docx", DOCX, "text/plain"))],
        submission=("truc-tiep", "truc-tuyen"),
        steps='<p onclick="x()">Nộp hồ sơ</p><script>alert(1)</script>',
        national_url="https://dichvucong.gov.vn/p/home/dvc-tthc.html?ma=1.001193",
        legal_basis="60/2014/QH13 - Luật Hộ tịch\n123/2015/NĐ-CP")
    with portal_of() as portal:
        procedure = portal["thu-tuc-hanh-chinh"]["dang-ky-khai-sinh"]
        assert [(i.name, i.quantity, i.template and i.template.filename)
                for i in procedure.dossier_items] == [
            ("Tờ khai đăng ký khai sinh", "01 bản chính", "Tờ khai khai sinh.pdf"),
            ("Giấy chứng sinh", "01 bản chính", None),
            ("Bảng kê", "01 bản", "bang-ke.docx")]
        assert procedure.submission == ("truc-tiep", "truc-tuyen")
        assert procedure.legal_basis == ("60/2014/QH13 - Luật Hộ tịch", "123/2015/NĐ-CP")
    testapp.reset()
    page = testapp.get(path)
    assert "<h1>Đăng ký khai sinh</h1>" in page.text
    assert '<td class="code">1.001193</td>' in page.text
    assert "Trực tiếp; Trực tuyến" in page.text and "Toàn trình" in page.text
    assert "<p>Nộp hồ sơ</p>" in page.text
    assert "onclick" not in page.text and "<script>alert" not in page.text
    links = [(a["href"], a.get_text()) for a in page.html.select("a.template")]
    assert links == [("http://localhost%s@@template/1" % path, "Tờ khai khai sinh.pdf"),
                     ("http://localhost%s@@template/3" % path, "bang-ke.docx")]
    res = testapp.get(path + "@@template/1")
    assert res.content_type == "application/pdf" and res.body == PDF
    assert res.headers["Content-Disposition"].startswith(
        'attachment; filename="to-khai-khai-sinh.pdf"')
    res = testapp.get(path + "@@template/3")
    assert res.content_type.endswith("wordprocessingml.document") and res.body == DOCX
    for bad in ("2", "4", "0", "x", "1/2"):
        testapp.get(path + "@@template/" + bad, status=404)
    testapp.get(path + "@@template", status=404)


def test_draft_and_its_templates_are_hidden_from_visitors(testapp, editor, add_via_form):
    path = add_via_form(publish=False, dossier=[("Tờ khai", "01", Upload("a.pdf", PDF))])
    assert testapp.get(path + "@@template/1").body == PDF        # the author may
    testapp.reset()
    testapp.get(path, status=404)
    testapp.get(path + "@@template/1", status=404)
    testapp.get(path + "@@print", status=404)
    assert "1.001193" not in testapp.get(SECTION).text


def test_edit_keeps_templates_left_empty_and_replaces_a_new_one(testapp, editor,
                                                                add_via_form, portal_of):
    path = add_via_form(dossier=[("Tờ khai", "01 bản", Upload("mot.pdf", PDF)),
                                 ("Đơn", "01 bản", Upload("hai.pdf", PDF))])
    form = testapp.get(path + "@@edit").forms["deform"]
    assert [f.value for f in form.fields["keep"]] == ["1", "2"]
    form["processing_time"] = "03 ngày làm việc"
    form.submit("save", status=303)          # the edit form as served: uploads empty
    with portal_of() as portal:
        procedure = portal["thu-tuc-hanh-chinh"]["dang-ky-khai-sinh"]
        assert [i.template.filename for i in procedure.dossier_items] == ["mot.pdf",
                                                                          "hai.pdf"]
        assert procedure.processing_time == "03 ngày làm việc"
    # reorder: the second row first keeps its own template, a new file replaces one
    form = testapp.get(path + "@@edit").forms["deform"]
    submit_with_dossier(form, [("Đơn", "02 bản", None),
                               ("Tờ khai", "01 bản", Upload("moi.docx", DOCX)),
                               ("Giấy mới", "01", None)], 303, keep=("2", "1", ""))
    with portal_of() as portal:
        items = portal["thu-tuc-hanh-chinh"]["dang-ky-khai-sinh"].dossier_items
        assert [(i.name, i.quantity, i.template and i.template.filename)
                for i in items] == [("Đơn", "02 bản", "hai.pdf"),
                                    ("Tờ khai", "01 bản", "moi.docx"),
                                    ("Giấy mới", "01", None)]
    assert testapp.get(path + "@@template/2").body == DOCX


def test_duplicate_code_is_refused_on_add_and_on_edit(testapp, editor, add_via_form,
                                                      portal_of):
    add_via_form()
    res = add_via_form(title="Đăng ký khai sinh lần hai", code=" 1.001193 ", status=400)
    assert "Mã thủ tục “1.001193” đã có trong chuyên trang" in form_error(res)
    other = add_via_form(title="Đăng ký kết hôn", code="1.000894")
    form = testapp.get(other + "@@edit").forms["deform"]
    form["code"] = "1.001193"
    res = form.submit("save", status=400)
    assert "đã có trong chuyên trang" in form_error(res)
    form = testapp.get(other + "@@edit").forms["deform"]
    form["title"] = "Đăng ký kết hôn (sửa)"
    form.submit("save", status=303)           # its own code is no duplicate
    with portal_of() as portal:
        section = portal["thu-tuc-hanh-chinh"]
        assert sorted(section.keys()) == ["dang-ky-ket-hon", "dang-ky-khai-sinh"]
        assert section["dang-ky-ket-hon"].code == "1.000894"


def test_code_is_free_again_after_deletion_and_follows_an_edit(testapp, editor,
                                                               add_via_form, portal_of):
    path = add_via_form(code="1.000894")
    form = testapp.get(path + "@@edit").forms["deform"]
    form["code"] = "2.000986.000.00.00.h12"
    form.submit("save", status=303)
    add_via_form(title="Thủ tục khác", code="1.000894")       # the old code is free
    with portal_of() as portal:
        assert portal["thu-tuc-hanh-chinh"]["dang-ky-khai-sinh"].code == \
            "2.000986.000.00.00.H12"


@pytest.mark.parametrize("code", ["1001193", "1.00119", "abc", "1.001193.1",
                                  "<b>1.001193</b>", "1.001193/QĐ"])
def test_malformed_code_is_refused(testapp, editor, add_via_form, portal_of, code):
    res = add_via_form(code=code, status=400)
    assert "Mã thủ tục không hợp lệ (ví dụ: 1.001193" in form_error(res) or \
        "Không được nhập mã HTML" in form_error(res)
    with portal_of() as portal:
        assert len(portal["thu-tuc-hanh-chinh"]) == 0


def test_missing_required_fields_have_vietnamese_messages(testapp, editor, add_via_form):
    res = add_via_form(code="", field="", level="", agency="", status=400)
    errors = form_error(res)
    for message in ("Vui lòng nhập mã thủ tục.", "Vui lòng chọn lĩnh vực.",
                    "Vui lòng chọn Cấp thực hiện.", "Vui lòng nhập cơ quan thực hiện."):
        assert message in errors


@pytest.mark.parametrize("filename,data,message", [
    ("virus.exe", b"MZ\x90\x00", "Chỉ nhận tệp PDF, DOC, DOCX, XLS, XLSX, ODT."),
    ("mau.html", b"<script>alert(1)</script>", "Chỉ nhận tệp PDF, DOC, DOCX"),
    ("gia.pdf", b"<html><script>alert(1)</script></html>",
     "Nội dung tệp không đúng định dạng PDF."),
    ("gia.docx", PDF, "Nội dung tệp không đúng định dạng DOCX."),
    ("rong.pdf", b"", "Tệp rỗng."),
])
def test_disallowed_template_is_refused_and_nothing_stored(
        testapp, editor, add_via_form, portal_of, filename, data, message):
    res = add_via_form(dossier=[("Tờ khai", "01", Upload(filename, data, "application/pdf"))],
                       status=400)
    assert message in form_error(res) and "Traceback" not in res.text
    with portal_of() as portal:
        assert len(portal["thu-tuc-hanh-chinh"]) == 0


class TestSmallLimit:
    @pytest.fixture
    def settings(self, settings):
        settings["portal.attachment_max_mb"] = "1"
        return settings

    def test_oversize_template_is_refused_and_nothing_stored(self, testapp, editor,
                                                             add_via_form, portal_of):
        big = sample_document("pdf", 1024 * 1024)
        res = add_via_form(dossier=[("Tờ khai", "01", Upload("lon.pdf", big))], status=400)
        assert "Tệp quá lớn (tối đa 1 MB)." in form_error(res)
        with portal_of() as portal:
            assert len(portal["thu-tuc-hanh-chinh"]) == 0

    def test_template_under_the_limit_is_stored(self, testapp, editor, add_via_form):
        data = sample_document("pdf", 1024 * 1024 - len(PDF) - 10)
        path = add_via_form(dossier=[("Tờ khai", "01", Upload("vua.pdf", data))])
        assert testapp.get(path + "@@template/1").body == data


@pytest.mark.parametrize("field,value", [
    ("title", "<b>Đăng ký</b>"), ("agency", "UBND <script>alert(1)</script>"),
    ("applicants", '<img src=x onerror="alert(1)">'), ("fees", "<i>Miễn</i>"),
    ("processing_time", "<a href='x'>3 ngày</a>"), ("result", "</p>Giấy"),
    ("description", "<svg onload=alert(1)>"), ("decision", "<b>1872/QĐ-BTP</b>"),
    ("legal_basis", "60/2014/QH13\n<script>alert(1)</script>"),
])
def test_markup_in_plain_fields_is_refused(testapp, editor, add_via_form, portal_of,
                                           field, value):
    res = add_via_form(status=400, **{field: value})
    assert "Không được nhập mã HTML hay script vào ô này." in form_error(res)
    with portal_of() as portal:
        assert len(portal["thu-tuc-hanh-chinh"]) == 0


def test_markup_in_dossier_rows_is_refused(testapp, editor, add_via_form, portal_of):
    res = add_via_form(dossier=[("<script>alert(1)</script>", "01", None)], status=400)
    assert "Không được nhập mã HTML hay script vào ô này." in form_error(res)
    res = add_via_form(dossier=[("", "01 bản", None)], status=400)
    assert "Vui lòng nhập tên giấy tờ." in form_error(res)
    with portal_of() as portal:
        assert len(portal["thu-tuc-hanh-chinh"]) == 0


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JavaScript:alert(1)",
                                 "data:text/html,<script>", "//evil.example/x",
                                 "https://a.example/\" onclick=\"x", "ftp://a.example/"])
def test_unsafe_national_portal_link_is_refused(testapp, editor, add_via_form, portal_of,
                                                url):
    res = add_via_form(national_url=url, status=400)
    assert "Đường dẫn phải bắt đầu bằng http:// hoặc https://" in form_error(res)
    with portal_of() as portal:
        assert len(portal["thu-tuc-hanh-chinh"]) == 0


def test_bad_choices_are_refused(testapp, editor, add_via_form):
    form = testapp.get(SECTION + "@@add/Procedure").forms["deform"]
    fields = [(k, v) for k, v in form.submit_fields("save")]
    fields = [(k, {"field": "Không có", "level": "thon", "online_level": "x"}.get(k, v))
              for k, v in fields] + [("title", "T"), ("code", "1.001193"),
                                     ("agency", "UBND")]
    res = testapp.post(SECTION + "@@add/Procedure", fields, status=400)
    assert form_error(res).count("Giá trị không có trong danh mục.") == 3


def test_site_admin_edits_the_fields(testapp, make_users, login, editor, add_via_form):
    add_via_form(field="Chứng thực")
    make_users(quantri=["SiteAdmin"])
    login("quantri")
    form = testapp.get(SECTION + "@@fields").forms["deform"]
    assert "Hộ tịch\nChứng thực" in form["fields"].value
    form["fields"] = "Hộ tịch\n  Bảo hiểm   xã hội \nHộ tịch\n"
    form.submit("save", status=303)
    form = testapp.get(SECTION + "@@add/Procedure").forms["deform"]
    assert [v for v, _s, _t in form["field"].options] == ["", "Hộ tịch", "Bảo hiểm xã hội"]
    form = testapp.get(SECTION + "@@fields").forms["deform"]
    form["fields"] = "Hộ tịch\n<script>alert(1)</script>"
    assert "Không được nhập mã HTML" in form_error(form.submit("save", status=400))
    form["fields"] = ""
    assert "Danh mục không được để trống." in form_error(form.submit("save", status=400))
    # a removed field stays on the procedure that has it
    login("bientap")
    form = testapp.get(SECTION + "dang-ky-khai-sinh/@@edit").forms["deform"]
    assert form["field"].value == "Chứng thực"
    form.submit("save", status=303)
    testapp.get(SECTION + "@@fields", status=403)
