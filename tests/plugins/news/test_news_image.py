"""The lead image (ảnh đại diện) of a news article: upload through the add form, the page's
<img>, ``@@image`` with types and ranges, refused uploads, and editing without a new file."""
import pytest
from webtest import Upload

from portal_core.testing import take_transitions

from news_helpers import SECTION, ago, image_bytes, listed_titles

PNG = image_bytes("PNG", (32, 24))
JPEG = image_bytes("JPEG", (40, 30))


def add_form(testapp):
    return testapp.get(SECTION + "@@add/NewsArticle").forms["deform"]


def stored(portal_of, name):
    """``(filename, mimetype, size, width, height, bytes)`` of an article's image, or None."""
    with portal_of() as portal:
        image = portal["tin-tuc"][name].image
        if image is None:
            return None
        with image.open() as f:
            return (image.filename, image.mimetype, image.size, image.width, image.height,
                    f.read())


def test_add_form_has_an_image_upload_field(testapp, editor):
    form = add_form(testapp)
    assert form.enctype == "multipart/form-data"
    assert form["upload"].__class__.__name__ == "File"
    assert 'accept="image/*"' in testapp.get(SECTION + "@@add/NewsArticle").text


def test_uploaded_png_is_shown_and_served(testapp, editor, portal_of):
    form = add_form(testapp)
    form["title"] = "Cầu mới khánh thành"
    form["image_caption"] = "Toàn cảnh cây cầu"
    form["upload"] = Upload("ảnh cầu.png", PNG, "image/png")
    url = form.submit("save", status=303).follow().request.path
    take_transitions(testapp, url, "submit", "publish")
    assert stored(portal_of, "cau-moi-khanh-thanh") == (
        "ảnh cầu.png", "image/png", len(PNG), 32, 24, PNG)
    testapp.reset()
    page = testapp.get(url)
    img = page.html.find("figure").find("img")
    assert img["src"] == "http://localhost%s@@image" % url
    assert (img["alt"], img["width"], img["height"]) == ("Toàn cảnh cây cầu", "32", "24")
    assert page.html.find("figcaption").get_text() == "Toàn cảnh cây cầu"
    res = testapp.get(url + "@@image")
    assert res.content_type == "image/png"
    assert res.body == PNG
    assert res.headers["Content-Length"] == str(len(PNG))
    assert res.headers["Content-Disposition"].startswith("inline;")
    assert res.headers["Accept-Ranges"] == "bytes"
    listing = testapp.get(SECTION)
    assert 'src="http://localhost%s@@image"' % url in listing.text


def test_image_range_request_gets_206(testapp, editor):
    form = add_form(testapp)
    form["title"] = "Ảnh từng phần"
    form["upload"] = Upload("anh.png", PNG, "image/png")
    url = form.submit("save", status=303).follow().request.path
    take_transitions(testapp, url, "submit", "publish")
    testapp.reset()
    res = testapp.get(url + "@@image", headers={"Range": "bytes=0-15"}, status=206)
    assert res.body == PNG[:16]
    assert res.headers["Content-Range"] == "bytes 0-15/%d" % len(PNG)
    res = testapp.get(url + "@@image", headers={"Range": "bytes=16-"}, status=206)
    assert res.body == PNG[16:]


def test_jpeg_type_comes_from_the_bytes_not_the_name(testapp, editor, portal_of):
    form = add_form(testapp)
    form["title"] = "Ảnh JPEG"
    form["upload"] = Upload("anh.png", JPEG, "image/png")     # misnamed, still a JPEG
    url = form.submit("save", status=303).follow().request.path
    res = testapp.get(url + "@@image")
    assert res.content_type == "image/jpeg" and res.body == JPEG
    assert stored(portal_of, "anh-jpeg")[1:5] == ("image/jpeg", len(JPEG), 40, 30)


@pytest.mark.parametrize("filename,data", [
    ("x.png", "Đây không phải ảnh.\n".encode()),
    ("x.png", b""),
    ("x.png", PNG[:40]),                                         # a truncated PNG
    ("x.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
])
def test_non_image_is_refused_in_vietnamese_and_nothing_stored(testapp, editor, portal_of,
                                                               filename, data):
    form = add_form(testapp)
    form["title"] = "Ảnh giả"
    form["upload"] = Upload(filename, data, "image/png")
    page = form.submit("save", status=400)
    assert ("Tệp không phải là ảnh hợp lệ (JPEG, PNG, GIF, WebP)." in page.text
            or "Định dạng ảnh không được hỗ trợ" in page.text)
    assert "Traceback" not in page.text
    with portal_of() as portal:
        section = portal["tin-tuc"]
        assert "anh-gia" not in section and len(section.listing) == 0


def test_unsupported_image_format_is_refused(testapp, editor, portal_of):
    form = add_form(testapp)
    form["title"] = "Ảnh BMP"
    form["upload"] = Upload("anh.bmp", image_bytes("BMP", (8, 8)), "image/bmp")
    page = form.submit("save", status=400)
    assert "Định dạng ảnh không được hỗ trợ (JPEG, PNG, GIF, WebP)." in page.text
    with portal_of() as portal:
        assert "anh-bmp" not in portal["tin-tuc"]


def test_upload_survives_a_validation_error_elsewhere(testapp, editor, portal_of):
    """The form is re-shown with the uploaded file kept; fixing the title saves both."""
    form = add_form(testapp)
    form["title"] = ""
    form["upload"] = Upload("anh.png", PNG, "image/png")
    page = form.submit("save", status=400)
    assert "Bắt buộc" in page.text and "anh.png" in page.text
    form = page.forms["deform"]
    form["title"] = "Sửa tiêu đề rồi lưu"
    form.submit("save", status=303)
    assert stored(portal_of, "sua-tieu-de-roi-luu")[1:] == ("image/png", len(PNG), 32, 24,
                                                            PNG)


def test_editing_without_a_new_upload_keeps_the_image(testapp, editor, portal_of):
    form = add_form(testapp)
    form["title"] = "Giữ ảnh"
    form["upload"] = Upload("anh.png", PNG, "image/png")
    url = form.submit("save", status=303).follow().request.path
    form = testapp.get(url + "@@edit").forms["deform"]
    assert form["upload"].value == ""
    form["title"] = "Giữ ảnh khi sửa"
    form.submit("save", status=303)
    assert stored(portal_of, "giu-anh")[1:] == ("image/png", len(PNG), 32, 24, PNG)
    assert testapp.get(url + "@@image").body == PNG
    assert "<h1>Giữ ảnh khi sửa</h1>" in testapp.get(url).text


def test_editing_with_a_new_upload_replaces_the_image(testapp, editor, portal_of):
    form = add_form(testapp)
    form["title"] = "Thay ảnh"
    form["upload"] = Upload("anh.png", PNG, "image/png")
    url = form.submit("save", status=303).follow().request.path
    form = testapp.get(url + "@@edit").forms["deform"]
    form["upload"] = Upload("anh-moi.jpg", JPEG, "image/jpeg")
    form.submit("save", status=303)
    assert stored(portal_of, "thay-anh") == ("anh-moi.jpg", "image/jpeg", len(JPEG), 40, 30,
                                             JPEG)
    res = testapp.get(url + "@@image")
    assert res.content_type == "image/jpeg" and res.body == JPEG


def test_bad_upload_on_edit_keeps_the_old_image(testapp, editor, portal_of):
    form = add_form(testapp)
    form["title"] = "Ảnh cũ"
    form["upload"] = Upload("anh.png", PNG, "image/png")
    url = form.submit("save", status=303).follow().request.path
    form = testapp.get(url + "@@edit").forms["deform"]
    form["title"] = "Không được lưu"
    form["upload"] = Upload("x.png", b"not an image", "image/png")
    page = form.submit("save", status=400)
    assert "Tệp không phải là ảnh hợp lệ" in page.text
    with portal_of() as portal:
        assert portal["tin-tuc"]["anh-cu"].title == "Ảnh cũ"
    assert stored(portal_of, "anh-cu")[-1] == PNG


def test_article_without_image_has_no_img_and_image_is_404(testapp, editor):
    form = add_form(testapp)
    form["title"] = "Không ảnh"
    url = form.submit("save", status=303).follow().request.path
    page = testapp.get(url)
    assert page.html.find("figure") is None
    assert "@@image" not in page.html.find("main").decode()
    testapp.get(url + "@@image", status=404)
    assert "@@image" not in testapp.get(SECTION).html.find("main").decode()


def test_image_of_a_scheduled_article_is_404(testapp, editor, portal_of):
    form = add_form(testapp)
    form["title"] = "Ảnh hẹn giờ"
    form["upload"] = Upload("anh.png", PNG, "image/png")
    form.set("date", ago(days=-2).strftime("%Y-%m-%d"), index=0)
    form.set("time", "08:00:00", index=0)
    form.submit("save", status=303)
    testapp.reset()
    testapp.get(SECTION + "anh-hen-gio/@@image", status=404)
    assert listed_titles(testapp.get(SECTION)) == []
    assert stored(portal_of, "anh-hen-gio")[-1] == PNG
