"""Revision history, edit conflicts and the accountability box.

Each save through ``@@edit`` stores a revision (who, when, which fields); ``@@diff`` shows
what changed, ``@@revert`` restores an old revision as a new one; the number of kept
revisions is bounded; a save from an outdated form is refused with who changed the item
and when, and the typed values stay in the form; staff see who created, edited and
approved an item, anonymous visitors see none of it.
"""
import html
import re
from urllib.parse import urlsplit

import pytest
import webtest

from portal_core.bootstrap import blank_request
from portal_core.content import api
from portal_core.dates import format_datetime
from portal_core.revisions import KEEP_LATEST, RevisionHistory
from portal_core.revisions.diff import word_diff
from portal_core.testing import USER_PASSWORD, csrf_token
from portal_plugins.news.resources import NewsArticle

SECTION = "/tin-tuc/"


def login_as(app_, user):
    """Log ``user`` in on the WebTest app ``app_`` through the real login form."""
    page = app_.get("/@@login")
    app_.post("/@@login", {"login": user, "password": USER_PASSWORD,
                           "csrf_token": csrf_token(page)}, status=303)


def add_article(app_, title, **fields):
    """Create an article through the add form; returns its path."""
    form = app_.get(SECTION + "@@add/NewsArticle").forms["deform"]
    form["title"] = title
    for key, value in fields.items():
        form[key] = value
    return urlsplit(form.submit("save", status=303).location).path


def edit(app_, url, status=303, **fields):
    """Change ``fields`` through ``@@edit`` and save; returns the response."""
    form = app_.get(url + "@@edit").forms["deform"]
    for key, value in fields.items():
        form[key] = value
    return form.submit("save", status=status)


def article(portal, url):
    return portal["tin-tuc"][url.rstrip("/").rsplit("/", 1)[-1]]


def revert_form(page, number):
    """The revert form of revision ``number`` on a history page."""
    for form in page.forms.values():
        if "revision" in form.fields and form["revision"].value == str(number):
            return form
    raise AssertionError("no revert form for revision %s" % number)


def text_of(fragment):
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()
    return re.sub(r" ([:,])", r"\1", text)


@pytest.fixture
def editors(make_users, login):
    """Two Editors (full names Bientap and Phongvien); ``bientap`` is logged in."""
    make_users(bientap=["Editor"], phongvien=["Editor"])
    login("bientap")


# --- revisions on every save --------------------------------------------------------------

def test_each_save_stores_a_revision_with_actor_time_and_changed_fields(
        testapp, editors, login, portal_of):
    url = add_article(testapp, "Hội nghị tổng kết năm", body="<p>Sáng thứ Hai.</p>")
    edit(testapp, url, title="Hội nghị tổng kết năm 2024")
    login("phongvien")
    edit(testapp, url, body="<p>Chiều thứ Ba.</p>", author="Phòng Văn hóa")
    edit(testapp, url)                                         # nothing changed: no revision
    with portal_of() as portal:
        item = article(portal, url)
        revisions = list(reversed(item.revisions.newest_first()))
        assert [r.number for r in revisions] == [1, 2, 3]
        assert [r.actor for r in revisions] == ["bientap", "bientap", "phongvien"]
        assert [set(r.changed) for r in revisions] == [set(), {"title"}, {"body", "author"}]
        assert revisions[0].values["title"] == "Hội nghị tổng kết năm"
        assert revisions[0].values["body"] == "<p>Sáng thứ Hai.</p>"
        assert revisions[2].values["title"] == "Hội nghị tổng kết năm 2024"
        assert "csrf_token" not in revisions[0].values and "name" not in revisions[0].values
        assert revisions[2].time == item.modified and revisions[0].time == item.created
        assert revisions[2].time.utcoffset().total_seconds() == 0
        times = [format_datetime(r.time) for r in revisions]
    page = testapp.get(url + "@@history")
    rows = re.findall(r'<tr id="rev-(\d+)" class="revision">(.*?)</tr>', page.text, re.S)
    assert [number for number, _row in rows] == ["3", "2", "1"]          # newest first
    newest, middle, first = (text_of(row) for _n, row in rows)
    assert "Phongvien" in newest and times[2] in newest
    assert "Nội dung bài viết" in newest and "Tác giả" in newest
    assert "Bientap" in middle and "Tiêu đề" in middle
    assert "Tạo mới" in first


def test_history_shows_the_workflow_history(testapp, make_users, login):
    make_users(bientap=["Editor"], kiemduyet=["Reviewer"])
    login("bientap")
    url = add_article(testapp, "Thông báo lịch tiếp dân")
    testapp.post(url + "@@workflow", {"transition": "submit",
                                      "csrf_token": csrf_token(testapp.get(url))}, status=303)
    login("kiemduyet")
    testapp.post(url + "@@workflow", {"transition": "reject", "comment": "Thiếu địa điểm",
                                      "csrf_token": csrf_token(testapp.get(url))}, status=303)
    login("bientap")
    page = testapp.get(url + "@@history")
    section = page.text[page.text.index('class="workflow-history"'):]
    rows = [text_of(row) for row in re.findall(r'<tr class="transition">(.*?)</tr>',
                                               section, re.S)]
    assert len(rows) == 3
    assert "Trả lại" in rows[0] and "Kiemduyet" in rows[0] and "Thiếu địa điểm" in rows[0]
    assert "Chờ duyệt → Bản nháp" in rows[0]
    assert "Gửi duyệt" in rows[1] and "Bientap" in rows[1]


# --- diff and revert -------------------------------------------------------------------------

def test_diff_shows_the_changed_words_and_escapes_everything(testapp, editors):
    url = add_article(testapp, "Lịch họp <b>tuần</b>",
                      body="<p>Hội nghị diễn ra sáng thứ Hai.</p><p>Điện &amp; nước.</p>")
    edit(testapp, url, title="Lịch họp <b>tháng</b>",
         body="<p>Hội nghị diễn ra chiều thứ Ba.</p><p>Điện &amp; nước.</p>")
    page = testapp.get(url + "@@diff", {"a": 1, "b": 2})
    table = page.text[page.text.index('<table class="diff"'):page.text.index("</table>")]
    words = re.search(r'data-field="body">.*?<p class="words">(.*?)</p>', table, re.S).group(1)
    assert words == ("Hội nghị diễn ra <del>sáng</del><ins>chiều</ins> thứ "
                     "<del>Hai.</del><ins>Ba.</ins> Điện &amp; nước.")   # plain-text word diff
    assert "&lt;b&gt;" in table and "<b>" not in table           # stored text is escaped
    assert "&lt;p&gt;Hội nghị diễn ra chiều thứ Ba.&lt;/p&gt;" in table   # raw HTML diff
    assert 'data-field="description"' not in table               # unchanged: not a row
    # default: the latest revision against the one before it
    assert "<del>sáng</del>" in testapp.get(url + "@@diff").text
    testapp.get(url + "@@diff", {"a": "x", "b": 2}, status=400)
    testapp.get(url + "@@diff", {"a": 1, "b": 9}, status=404)


def test_revert_restores_old_values_as_a_new_revision(testapp, editors, login, portal_of):
    url = add_article(testapp, "Bản đầu tiên", body="<p>Nội dung gốc.</p>")
    edit(testapp, url, title="Bản thứ hai")
    login("phongvien")
    edit(testapp, url, title="Bản thứ ba", body="<p>Nội dung bị sửa sai.</p>")
    history = testapp.get(url + "@@history")
    revert_form(history, 1).submit(status=303).follow()
    assert "<h1>Bản đầu tiên</h1>" in testapp.get(url).text
    with portal_of() as portal:
        item = article(portal, url)
        assert (item.title, item.body) == ("Bản đầu tiên", "<p>Nội dung gốc.</p>")
        latest = item.revisions.latest()
        assert latest.number == 4 and latest.reverted_from == 1
        assert latest.actor == "phongvien" and item.modified_by == "phongvien"
        assert set(latest.changed) == {"title", "body"}
        assert len(item.revisions) == 4                        # nothing was lost
        assert item.revisions.get(3).values["title"] == "Bản thứ ba"
    assert "Khôi phục phiên bản" in testapp.get(url + "@@history").text
    # the section listing followed the change (ObjectModified fired)
    with portal_of() as portal:
        assert article(portal, url).title == "Bản đầu tiên"


def test_revert_needs_a_post_with_csrf_and_a_current_base(testapp, editors, portal_of):
    url = add_article(testapp, "Tin gốc")
    edit(testapp, url, title="Tin sửa")
    history = testapp.get(url + "@@history")
    testapp.get(url + "@@revert", {"revision": 1}, status=404)
    testapp.post(url + "@@revert", {"revision": 1}, status=400)              # no CSRF token
    token = csrf_token(history)
    testapp.post(url + "@@revert", {"revision": 7, "csrf_token": token}, status=404)
    edit(testapp, url, title="Tin sửa lần nữa")       # the history page is now outdated
    page = revert_form(history, 1).submit(status=409)
    assert "Nội dung đã được Bientap sửa lúc" in page.text
    with portal_of() as portal:
        assert article(portal, url).title == "Tin sửa lần nữa"


def test_the_number_of_kept_revisions_is_bounded(app, portal_of):
    edits = KEEP_LATEST + 10
    with portal_of() as portal:
        request = blank_request(app.registry, portal)
        name = api.add(portal["tin-tuc"], NewsArticle(title="Bản 0"), request)
        item = portal["tin-tuc"][name]
        for n in range(1, edits + 1):
            api.edit(item, {"title": "Bản %d" % n}, request)
    with portal_of() as portal:
        history = portal["tin-tuc"][name].revisions
        assert len(history) == KEEP_LATEST + 1
        assert history.numbers() == [1] + list(range(edits + 1 - KEEP_LATEST + 1, edits + 2))
        assert history.get(1).values["title"] == "Bản 0"             # the first one stays
        assert history.latest().values["title"] == "Bản %d" % edits
        assert history.dropped == edits + 1 - (KEEP_LATEST + 1)


@pytest.fixture
def keep_three(settings):
    settings["portal.revisions.keep"] = "3"


def test_the_bound_is_a_setting_and_the_history_page_says_so(keep_three, testapp, editors,
                                                             portal_of):
    url = add_article(testapp, "Bản 0")
    for n in range(1, 6):
        edit(testapp, url, title="Bản %d" % n)
    with portal_of() as portal:
        assert article(portal, url).revisions.numbers() == [1, 4, 5, 6]
    page = testapp.get(url + "@@history")
    assert re.findall(r'<tr id="rev-(\d+)"', page.text) == ["6", "5", "4", "1"]
    assert "đã được xóa bớt" in page.text
    testapp.get(url + "@@diff", {"a": 2, "b": 6}, status=404)
    assert "<del>0</del><ins>5</ins>" in testapp.get(url + "@@diff", {"a": 1, "b": 6}).text


def test_word_diff_and_the_bound_without_a_database():
    assert word_diff("sáng thứ Hai", "chiều thứ Hai") == [
        ("del", "sáng"), ("ins", "chiều"), ("same", " thứ Hai")]
    assert word_diff("", "mới") == [("ins", "mới")]
    history = RevisionHistory()
    for n in range(10):
        history.add("bientap", None, ("title",), {"title": str(n)}, keep=3)
    assert history.numbers() == [1, 8, 9, 10] and history.dropped == 6
    assert history.previous(8).number == 1 and history.previous(1) is None
    assert history.latest().values == {"title": "9"}


# --- two editors, one item -------------------------------------------------------------------

def test_second_save_from_an_outdated_form_is_refused_and_nothing_is_lost(
        app, testapp, editors, portal_of):
    url = add_article(testapp, "Kế hoạch tiêm chủng", body="<p>Bản gốc.</p>")
    other = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost"})
    login_as(other, "phongvien")
    first_form = testapp.get(url + "@@edit").forms["deform"]
    second_form = other.get(url + "@@edit").forms["deform"]

    first_form["title"] = "Kế hoạch tiêm chủng đợt 1"
    first_form["body"] = "<p>Bản của biên tập viên.</p>"
    first_form.submit("save", status=303)

    second_form["title"] = "Kế hoạch tiêm chủng mở rộng"
    second_form["author"] = "Trạm y tế xã"
    second_form.set("date", "2025-03-02", index=0)
    second_form.set("time", "08:30", index=0)
    page = second_form.submit("save", status=409)

    with portal_of() as portal:
        item = article(portal, url)
        assert (item.title, item.body, item.author) == (
            "Kế hoạch tiêm chủng đợt 1", "<p>Bản của biên tập viên.</p>", "")
        assert len(item.revisions) == 2
        assert "base_revision" not in item.__dict__
        when = format_datetime(item.modified)
    assert "Nội dung đã được Bientap sửa lúc %s" % when in page.text
    notice = text_of(page.text[page.text.index('class="conflict"'):
                               page.text.index('id="deform"')])
    assert "Tiêu đề" in notice and "Nội dung bài viết" in notice        # fields they changed
    assert "Trạm y tế xã" in notice                       # the second editor's differences
    form = page.forms["deform"]
    assert form["title"].value == "Kế hoạch tiêm chủng mở rộng"          # typed values kept
    assert form["author"].value == "Trạm y tế xã"
    assert form.get("date", index=0).value == "2025-03-02"
    assert form.get("time", index=0).value == "08:30:00"                 # still Vietnam time
    diff_href = html.unescape(re.search(r'<a href="([^"]+)" class="conflict-diff"',
                                        page.text).group(1))
    diff = other.get(diff_href)
    assert "<ins> đợt 1</ins>" in diff.text and "Bản của biên tập viên." in diff.text

    # having seen both versions, saving again is a deliberate overwrite
    form.submit("save", status=303)
    with portal_of() as portal:
        item = article(portal, url)
        assert (item.title, item.author) == ("Kế hoạch tiêm chủng mở rộng", "Trạm y tế xã")
        assert [r.actor for r in item.revisions.newest_first()] == [
            "phongvien", "bientap", "bientap"]


def test_a_form_saved_by_the_same_editor_twice_in_a_row_is_no_conflict(testapp, editors):
    url = add_article(testapp, "Tin một")
    edit(testapp, url, title="Tin một (sửa)")
    edit(testapp, url, title="Tin một (sửa lần hai)")
    assert "<h1>Tin một (sửa lần hai)</h1>" in testapp.get(url).text


# --- accountability box and who may see it -------------------------------------------

def _box(page):
    match = re.search(r'<aside class="accountability".*?</aside>', page.text, re.S)
    return text_of(match.group(0)) if match else None


def test_staff_box_shows_creator_editor_and_approver(testapp, make_users, login, portal_of):
    make_users(bientap=["Editor"], phongvien=["Editor"], kiemduyet=["Reviewer"])
    login("bientap")
    url = add_article(testapp, "Ra quân làm sạch đường làng")
    box = _box(testapp.get(url))
    assert "Thông tin quản lý" in box and "Tạo: Bientap" in box
    assert "Sửa lần cuối: — Người duyệt đăng: — Trạng thái: Bản nháp" in box
    login("phongvien")
    edit(testapp, url, title="Ra quân làm sạch đường làng, ngõ xóm")
    testapp.post(url + "@@workflow", {"transition": "submit",
                                      "csrf_token": csrf_token(testapp.get(url))}, status=303)
    login("kiemduyet")
    testapp.post(url + "@@workflow", {"transition": "publish",
                                      "csrf_token": csrf_token(testapp.get(url))}, status=303)
    with portal_of() as portal:
        item = article(portal, url)
        created, edited, published = (format_datetime(t) for t in (
            item.created, item.modified, item.published_at))
    login("bientap")
    box = _box(testapp.get(url))
    assert "Tạo: Bientap · %s" % created in box
    assert "Sửa lần cuối: Phongvien · %s" % edited in box
    assert "Người duyệt đăng: Kiemduyet · %s" % published in box
    assert "Đã đăng" in box
    # a Reviewer may not edit a published item: no box, no history
    login("kiemduyet")
    assert _box(testapp.get(url)) is None
    testapp.get(url + "@@history", status=403)


def test_anonymous_sees_no_box_no_history_no_diff(testapp, make_users, login, app,
                                                  portal_of):
    make_users(bientap=["Editor"])
    login("bientap")
    url = add_article(testapp, "Tin đã đăng")
    edit(testapp, url, title="Tin đã đăng (sửa)")
    with portal_of() as portal:
        from portal_core.workflow import publish_now
        publish_now(article(portal, url), blank_request(app.registry, portal), actor="bientap")
    assert _box(testapp.get(url)) is not None
    anonymous = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost"})
    page = anonymous.get(url)
    assert page.status_int == 200 and "Tin đã đăng (sửa)" in page.text
    assert _box(page) is None and "Thông tin quản lý" not in page.text
    assert "@@history" not in page.text
    for view in ("@@history", "@@diff?a=1&b=2"):
        res = anonymous.get(url + view, status=(302, 303, 404))
        if res.status_int != 404:
            assert "@@login" in res.location
    anonymous.post(url + "@@revert", {"revision": 1}, status=(302, 303, 400, 403, 404))
    with portal_of() as portal:
        assert article(portal, url).title == "Tin đã đăng (sửa)"
