"""Generic add / edit / delete / contents views, driven through the real app."""
import pytest

from portal_core.testing import csrf_token


def add_form(testapp, type_name="NewsArticle", where="/tin-tuc"):
    return testapp.get("%s/@@add/%s" % (where, type_name)).forms["deform"]


def count_articles(portal_of):
    with portal_of() as portal:
        return len(portal["tin-tuc"].listing)


def test_editor_adds_article_through_the_form(testapp, make_users, login, portal_of):
    make_users(bientap=["Editor"])
    login("bientap")
    form = add_form(testapp)
    form["title"] = "Lịch tiếp công dân tháng 6"
    form["description"] = "Chủ tịch UBND tiếp công dân định kỳ."
    form["body"] = "<p>Nội dung <script>alert(1)</script><strong>chính</strong></p>"
    form["tags"] = "tiếp dân, lịch,  tiếp dân"
    page = form.submit("save", status=303).follow()
    assert page.request.path == "/tin-tuc/lich-tiep-cong-dan-thang-6/"
    assert "Lịch tiếp công dân tháng 6" in page.text
    assert "<strong>chính</strong>" in page.text and "alert(1)" not in page.text
    with portal_of() as portal:
        item = portal["tin-tuc"]["lich-tiep-cong-dan-thang-6"]
        assert item.creator == "bientap"
        assert item.tags == ("tiếp dân", "lịch")
        assert item.workflow_state == "draft"                 # not public until approved
        assert item not in portal["tin-tuc"].listing


def test_same_title_gets_a_unique_slug(testapp, make_users, login):
    make_users(bientap=["Editor"])
    login("bientap")
    paths = []
    for _ in range(2):
        form = add_form(testapp)
        form["title"] = "Thông báo"
        paths.append(form.submit("save").follow().request.path)
    assert paths == ["/tin-tuc/thong-bao/", "/tin-tuc/thong-bao-2/"]


def test_empty_title_is_refused_inline_in_vietnamese(testapp, make_users, login, portal_of):
    make_users(bientap=["Editor"])
    login("bientap")
    before = count_articles(portal_of)
    form = add_form(testapp)
    form["title"] = "   "
    page = form.submit("save", status=400)
    assert "Bắt buộc" in page.text
    assert count_articles(portal_of) == before


def test_ten_megabyte_title_is_refused(testapp, make_users, login, portal_of):
    make_users(bientap=["Editor"])
    login("bientap")
    form = add_form(testapp)
    form["title"] = "a" * (10 * 1024 * 1024)
    page = form.submit("save", status=400)
    assert "Quá dài: tối đa 250 ký tự." in page.text
    assert count_articles(portal_of) == 0


@pytest.mark.parametrize("name", ["..", "@@x", "%00", "a/b", "\x00", "Tin Tuc"])
def test_bad_names_are_refused(testapp, make_users, login, portal_of, name):
    make_users(bientap=["Editor"])
    login("bientap")
    form = add_form(testapp)
    form["title"] = "Bài viết"
    form["name"] = name
    page = form.submit("save", status=400)
    assert "Tên đường dẫn chỉ gồm" in page.text
    assert count_articles(portal_of) == 0


def test_taken_name_is_refused(testapp, make_users, login, portal_of):
    make_users(bientap=["Editor"])
    login("bientap")
    form = add_form(testapp)
    form["title"] = "Bài viết"
    form["name"] = "kinh-te"          # a default category already uses it
    page = form.submit("save", status=400)
    assert "Tên này đã có trong thư mục." in page.text
    assert count_articles(portal_of) == 0


def test_invalid_utf8_is_a_clear_400(testapp, make_users, login, portal_of):
    make_users(bientap=["Editor"])
    login("bientap")
    token = csrf_token(testapp.get("/tin-tuc/@@add/NewsArticle"))
    body = b"csrf_token=" + token.encode() + b"&title=%FF%FE%FA&save=save"
    page = testapp.post("/tin-tuc/@@add/NewsArticle", body,
                        content_type="application/x-www-form-urlencoded", status=400)
    assert "UTF-8" in page.text
    assert "Traceback" not in page.text
    assert count_articles(portal_of) == 0


def test_unknown_type_is_404_with_explanation(testapp, make_users, login):
    make_users(bientap=["Editor"])
    login("bientap")
    page = testapp.get("/tin-tuc/@@add/Bogus", status=404)
    assert "Không có loại nội dung “Bogus”" in page.text
    page = testapp.get("/@@add/NewsArticle", status=404)
    assert "Không thể thêm" in page.text


def test_forged_csrf_token_stores_nothing(testapp, make_users, login, portal_of):
    make_users(bientap=["Editor"])
    login("bientap")
    form = add_form(testapp)
    form["title"] = "Giả mạo"
    form["csrf_token"] = "forged"
    page = form.submit("save", status=400)
    assert "Phiên làm việc không hợp lệ" in page.text
    assert count_articles(portal_of) == 0


def test_anonymous_cannot_add_and_is_sent_to_login(testapp, portal_of):
    page = testapp.get("/tin-tuc/@@add/NewsArticle", status=303)
    assert "/@@login?came_from=" in page.location
    testapp.post("/tin-tuc/@@add/NewsArticle", {"title": "x", "save": "save"}, status=403)
    assert count_articles(portal_of) == 0


def test_reader_may_not_add(testapp, make_users, login):
    make_users(docgia=["Reader"])
    login("docgia")
    page = testapp.get("/tin-tuc/@@add/NewsArticle", status=403)
    assert "không có quyền" in page.text


def test_edit_changes_fields_and_keeps_the_rest(testapp, make_users, login, portal_of):
    make_users(bientap=["Editor"])
    login("bientap")
    form = add_form(testapp)
    form["title"] = "Bản tin nông nghiệp"
    form["author"] = "Nông Văn A"
    url = form.submit("save").follow().request.path
    form = testapp.get(url + "@@edit").forms["deform"]
    assert form["title"].value == "Bản tin nông nghiệp"
    assert "name" not in form.fields
    form["title"] = "Bản tin nông nghiệp tuần 2"
    page = form.submit("save", status=303).follow()
    assert "Bản tin nông nghiệp tuần 2" in page.text
    with portal_of() as portal:
        item = portal["tin-tuc"]["ban-tin-nong-nghiep"]
        assert item.title == "Bản tin nông nghiệp tuần 2" and item.author == "Nông Văn A"
        assert item.modified > item.created


def test_edit_with_bad_input_changes_nothing(testapp, make_users, login, portal_of):
    make_users(bientap=["Editor"])
    login("bientap")
    form = add_form(testapp)
    form["title"] = "Giữ nguyên"
    url = form.submit("save").follow().request.path
    form = testapp.get(url + "@@edit").forms["deform"]
    form["title"] = ""
    form["author"] = "Không được lưu"
    form.submit("save", status=400)
    with portal_of() as portal:
        item = portal["tin-tuc"]["giu-nguyen"]
        assert item.title == "Giữ nguyên" and item.author == ""


def test_delete_asks_then_removes(testapp, make_users, login, portal_of):
    make_users(bientap=["Editor"])
    login("bientap")
    form = add_form(testapp)
    form["title"] = "Tin sẽ xóa"
    url = form.submit("save").follow().request.path
    page = testapp.get(url + "@@delete")
    assert "Xóa “Tin sẽ xóa”?" in page.text
    page.forms["delete-form"].submit("delete", status=303)
    testapp.get(url, status=404)
    with portal_of() as portal:
        assert "tin-se-xoa" not in portal["tin-tuc"]
        assert len(portal["tin-tuc"].listing) == 0


def test_contents_lists_children_with_paging(testapp, admin):
    page = testapp.get("/tin-tuc/@@contents")
    assert "Tổng số" in page.text and "Kinh tế" in page.text
    assert "+ Tin bài" in page.text


def test_unknown_path_is_a_friendly_404(testapp):
    for path in ("/khong-co", "/tin-tuc/%00", "/tin-tuc/@@x", "/tin-tuc/../../etc/passwd"):
        page = testapp.get(path, status=404)
        assert "Không tìm thấy trang" in page.text


def test_fallback_item_view_hides_items_outside_their_dates(app, testapp, admin, portal_of):
    import datetime

    from portal_core.content import Item, utcnow
    from portal_core.testing import store
    later = utcnow() + datetime.timedelta(days=2)
    store(app, "/tin-tuc", Item(title="Mục chưa đến ngày đăng", effective=later),
          name="chua-den-ngay")
    store(app, "/tin-tuc", Item(title="Mục đang hiệu lực"), name="dang-hieu-luc")
    assert "Mục chưa đến ngày đăng" in testapp.get("/tin-tuc/chua-den-ngay").text  # admin
    testapp.reset()
    testapp.get("/tin-tuc/chua-den-ngay", status=404)
    assert "Mục đang hiệu lực" in testapp.get("/tin-tuc/dang-hieu-luc").text
