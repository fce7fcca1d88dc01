"""Adding documents through the real form: attachments, refused input (400, nothing
stored), download headers, relations shown on both documents."""
import datetime

import pytest
from webtest import Upload

from conftest import FIELDS, pdf_upload
from documents_helpers import (SECTION, docx_bytes, form_error, odt_bytes, pdf_bytes,
                               relation_lines)


def section_state(portal_of):
    """(number of documents, number index keys) of the section."""
    with portal_of() as portal:
        section = portal["van-ban"]
        return len(section), list(section.numbers.keys())


def test_add_with_attachments_then_publish_and_download(testapp, editor, add_via_form,
                                                        portal_of):
    path = add_via_form(files=[pdf_upload("Quyết định số 15.pdf"),
                               Upload("phụ lục.docx", docx_bytes())],
                        recipients="Phòng Nội vụ\nPhòng Tư pháp\nPhòng Nội vụ",
                        csdlqg_url="https://vbpl.vn/thainguyen/Pages/vbpq-toanvan.aspx?ItemID=1",
                        valid_from="2021-05-20")
    with portal_of() as portal:
        doc = portal["van-ban"][path.strip("/").split("/")[-1]]
        assert doc.number == "15/2021/QĐ-UBND"
        assert doc.issue_date == datetime.date(2021, 5, 10)
        assert doc.valid_from == datetime.date(2021, 5, 20)
        assert doc.recipients == ("Phòng Nội vụ", "Phòng Tư pháp")
        assert doc.main_file.mimetype == "application/pdf"
        assert doc.extra_file.filename == "phụ lục.docx"
    testapp.reset()
    page = testapp.get(path)
    assert "15/2021/QĐ-UBND" in page.text and "Phòng Tư pháp" in page.text
    assert "Quyết định số 15.pdf" in page.text
    res = testapp.get(path + "@@download/main_file")
    assert res.content_type == "application/pdf"
    assert res.body == pdf_bytes()
    disposition = res.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert 'filename="quyet-dinh-so-15.pdf"' in disposition
    assert "filename*=UTF-8''Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh%20s%E1%BB%91%2015.pdf" \
        in disposition
    res = testapp.get(path + "@@download/extra_file")
    assert res.content_type == ("application/vnd.openxmlformats-officedocument."
                                "wordprocessingml.document")
    testapp.get(path + "@@download/nothing", status=404)


def test_odt_is_accepted(testapp, editor, add_via_form):
    path = add_via_form(files=[Upload("ke hoach.odt", odt_bytes())], publish=False)
    assert testapp.get(path + "@@download/main_file").content_type == \
        "application/vnd.oasis.opendocument.text"


@pytest.mark.parametrize("upload,message", [
    (Upload("virus.exe", b"MZ\x90\x00"), "Chỉ nhận tệp PDF"),
    (Upload("gia.pdf", b"<html><script>alert(1)</script></html>"),
     "Nội dung tệp không đúng định dạng PDF"),
    (Upload("gia.docx", pdf_bytes()), "Nội dung tệp không đúng định dạng DOCX"),
    (Upload("rong.pdf", b""), "Tệp rỗng"),
])
def test_wrong_file_is_refused_and_nothing_stored(testapp, editor, add_via_form, portal_of,
                                                  upload, message):
    res = add_via_form(files=[upload], status=400)
    assert message in form_error(res)
    assert section_state(portal_of) == (0, [])


class TestSmallLimit:
    @pytest.fixture
    def settings(self, settings):
        settings["portal.attachment_max_mb"] = "0.01"     # 10 KB
        return settings

    def test_oversize_file_is_refused(self, testapp, editor, add_via_form, portal_of):
        res = add_via_form(files=[pdf_upload(data=pdf_bytes(pad=20000))], status=400)
        assert "Tệp quá lớn" in form_error(res)
        assert section_state(portal_of) == (0, [])
        add_via_form(files=[pdf_upload(data=pdf_bytes(pad=5000))], publish=False)
        assert section_state(portal_of)[0] == 1


def test_duplicate_number_same_agency_and_year_is_refused(testapp, editor, add_via_form,
                                                          portal_of):
    add_via_form()
    res = add_via_form(status=400, number="15 / 2021 / qđ-ubnd", title="Bản khác")
    assert "Số/ký hiệu “15/2021/qđ-ubnd” của Ủy ban nhân dân năm 2021 đã có" in form_error(res)
    assert section_state(portal_of)[0] == 1
    add_via_form(agency="Hội đồng nhân dân", title="Nghị quyết cùng số", publish=False)
    add_via_form(issue_date="2022-01-05", title="Năm khác", publish=False)
    assert section_state(portal_of)[0] == 3


def test_editing_keeps_own_number(testapp, editor, add_via_form, portal_of):
    path = add_via_form()
    form = testapp.get(path + "@@edit").forms["deform"]
    assert form["number"].value == "15/2021/QĐ-UBND"
    assert form["issue_date"].value == "2021-05-10"
    form["signer"] = "Trần Văn Bình"
    form.submit("save", status=303)
    with portal_of() as portal:
        doc = portal["van-ban"][path.strip("/").split("/")[-1]]
        assert doc.signer == "Trần Văn Bình"
        assert list(portal["van-ban"].numbers.values()) == [doc.uid]


@pytest.mark.parametrize("fields,message", [
    (dict(issue_date="2024-02-31"), "Ngày không hợp lệ: “2024-02-31”"),
    (dict(issue_date="31/02/2024"), "Ngày không hợp lệ: “31/02/2024”"),
    (dict(issue_date="hôm qua"), "Ngày không hợp lệ"),
    (dict(issue_date=(datetime.date.today() + datetime.timedelta(days=3)).isoformat()),
     "Ngày ban hành không thể ở tương lai"),
    (dict(issue_date=""), "Vui lòng nhập Ngày ban hành"),
    (dict(title="<script>alert(1)</script>"), "Không được nhập mã HTML"),
    (dict(description="Trích yếu <img src=x onerror=alert(1)>"), "Không được nhập mã HTML"),
    (dict(number="<script>1/2</script>"), "Không được nhập mã HTML"),
    (dict(number="không có số"), "Số/ký hiệu không hợp lệ"),
    (dict(recipients="<b>Phòng</b>"), "Không được nhập mã HTML"),
    (dict(csdlqg_url="javascript:alert(1)"), "Đường dẫn phải bắt đầu bằng http"),
    (dict(doc_type="Sắc lệnh"), None),
    (dict(valid_from="2021-06-01", valid_until="2021-05-01"),
     "Ngày hết hiệu lực phải sau ngày có hiệu lực"),
    (dict(replaces="99/2020/QĐ-UBND"), "Không có văn bản số “99/2020/QĐ-UBND”"),
])
def test_bad_input_is_refused_with_a_message(testapp, editor, add_via_form, portal_of,
                                             fields, message):
    if fields.get("doc_type") == "Sắc lệnh":      # not in the list: forge the POST
        form = testapp.get(SECTION + "@@add/LegalDocument").forms["deform"]
        form["doc_type"].force_value("Sắc lệnh")
        for key, value in FIELDS.items():
            if key != "doc_type":
                form[key] = value
        res = form.submit("save", status=400)
        assert "Giá trị không có trong danh mục" in form_error(res)
    else:
        res = add_via_form(status=400, **fields)
        assert message in form_error(res), form_error(res)
    assert section_state(portal_of) == (0, [])


def test_body_html_is_sanitised(testapp, editor, add_via_form, portal_of):
    path = add_via_form(body="<p>Nội dung</p><script>alert(1)</script>")
    assert "<script>alert(1)" not in testapp.get(path).text


def test_relations_show_on_both_documents(testapp, editor, add_via_form):
    old = add_via_form(number="12/2019/QĐ-UBND", issue_date="2019-03-01",
                       title="Quy định cũ về chợ")
    new = add_via_form(number="15/2021/QĐ-UBND", replaces="12/2019/QĐ-UBND",
                       based_on="  12 / 2019 / qđ-ubnd ")
    testapp.reset()
    assert relation_lines(testapp.get(new)) == [
        ("forward", "Thay thế văn bản", "12/2019/QĐ-UBND"),
        ("forward", "Căn cứ văn bản", "12/2019/QĐ-UBND")]
    assert relation_lines(testapp.get(old)) == [
        ("backward", "Bị thay thế bởi", "15/2021/QĐ-UBND"),
        ("backward", "Là căn cứ của", "15/2021/QĐ-UBND")]


def test_reverse_link_follows_edit_and_delete(testapp, editor, add_via_form, login):
    old = add_via_form(number="12/2019/QĐ-UBND", issue_date="2019-03-01", title="Cũ")
    new = add_via_form(number="15/2021/QĐ-UBND", amends="12/2019/QĐ-UBND")
    form = testapp.get(new + "@@edit").forms["deform"]
    assert form["amends"].value == "12/2019/QĐ-UBND"
    form["amends"] = ""
    form["guides"] = "12/2019/QĐ-UBND"
    form.submit("save", status=303)
    assert relation_lines(testapp.get(old)) == [
        ("backward", "Được hướng dẫn bởi", "15/2021/QĐ-UBND")]
    testapp.get(new + "@@delete").forms["delete-form"].submit("delete", status=303)
    assert relation_lines(testapp.get(old)) == []


def test_draft_source_is_not_shown_to_visitors(testapp, editor, add_via_form):
    old = add_via_form(number="12/2019/QĐ-UBND", issue_date="2019-03-01", title="Cũ")
    add_via_form(number="15/2021/QĐ-UBND", replaces="12/2019/QĐ-UBND", publish=False)
    assert relation_lines(testapp.get(old)) != []        # the editor sees the draft
    testapp.reset()
    assert relation_lines(testapp.get(old)) == []


def test_self_relation_is_refused(testapp, editor, add_via_form):
    path = add_via_form()
    form = testapp.get(path + "@@edit").forms["deform"]
    form["replaces"] = "15/2021/QĐ-UBND"
    res = form.submit("save", status=400)
    assert "Văn bản không thể liên quan đến chính nó" in form_error(res)
