"""Comments on drafts: sending while the period is open, consent and contact checks,
refused input, moderation, counts per article, the CSV export and the privacy of the
commenters' contact data."""
import csv
import datetime
import io

import pytest

from consultation_helpers import EMAIL, PHONE, comment_fields, post_comment, vn
from portal_core.testing import ADMIN_PASSWORD, csrf_token

DAY = datetime.timedelta(days=1)


def stored(portal_of, path):
    with portal_of(commit=False) as portal:
        draft = portal["du-thao"][path.strip("/").split("/")[-1]]
        return [(c.name, c.contact, c.article, c.state, c.text)
                for c in draft.all_comments()]


def moderate(testapp, login, path, action="approve", user="duyet"):
    login(user)
    page = testapp.get(path + "@@comments")
    for form in page.forms.values():
        if "cid" in form.fields:
            form.submit("action", value=action, status=303)
    testapp.reset()


def test_visitor_comments_on_an_article_seen_only_after_approval(testapp, add_draft, login,
                                                                 portal_of):
    path = add_draft()
    page = testapp.get(path + "@@comment?article=dieu-3")
    form = comment_fields(page, organisation="Hội Nông dân xã", contact=PHONE,
                          text="Đề nghị tăng mức chi tại Điều 3.\nLý do: giá cả tăng.")
    assert form["article"].value == "dieu-3"
    res = form.submit("send", status=303)
    thanks = res.follow()
    assert "Ý kiến sẽ được hiển thị sau khi được kiểm duyệt." in thanks.text
    assert stored(portal_of, path) == [("Nguyễn Văn An", PHONE, "dieu-3", "pending",
                                        "Đề nghị tăng mức chi tại Điều 3.\nLý do: giá cả tăng.")]
    testapp.reset()
    page = testapp.get(path)
    assert "Đề nghị tăng mức chi" not in page.text and "Ý kiến góp ý (0)" in page.text
    moderate(testapp, login, path)
    page = testapp.get(path)
    comment = page.html.select_one("li.comment")
    assert "Đề nghị tăng mức chi tại Điều 3." in comment.get_text()
    assert "Hội Nông dân xã" in comment.get_text() and "Điều 3. Mức chi hỗ trợ" in \
        comment.get_text()
    counts = {li["data-article"]: li.select_one(".count").get_text()
              for li in page.html.select("ul.articles li")}
    assert counts["dieu-3"] == "1 ý kiến" and counts["dieu-1"] == "0 ý kiến"
    assert counts["chung"] == "0 ý kiến" and "Ý kiến góp ý (1)" in page.text
    assert "Hội Nông dân xã" in testapp.get(path, {"article": "dieu-3"}).text
    assert "Hội Nông dân xã" not in testapp.get(path, {"article": "dieu-1"}).text
    testapp.get(path, {"article": "dieu-99"}, status=404)
    moderate(testapp, login, path, action="reject")
    page = testapp.get(path)
    assert "Đề nghị tăng mức chi" not in page.text and "Ý kiến góp ý (0)" in page.text


def test_general_comment_and_moderator_recorded(testapp, add_draft, login, portal_of):
    path = add_draft()
    post_comment(testapp, path, text="Nhất trí với dự thảo.")
    moderate(testapp, login, path)
    with portal_of(commit=False) as portal:
        comment = portal["du-thao"][path.strip("/").split("/")[-1]].all_comments()[0]
        assert (comment.article, comment.state, comment.moderator) == ("", "approved", "duyet")
        assert comment.consent_at is not None and comment.consent_version
    page = testapp.get(path)
    assert [li.select_one(".count").get_text() for li in page.html.select(
        'li[data-article="chung"]')] == ["1 ý kiến"]


def test_moderation_is_in_the_audit_log_without_contact_data(testapp, add_draft, login):
    path = add_draft()
    post_comment(testapp, path, text="Nhất trí với dự thảo.")
    moderate(testapp, login, path)
    login("admin", ADMIN_PASSWORD)
    page = testapp.get("/@@audit", {"action": "comment-moderated"})
    rows = page.html.select("table tbody tr")
    assert len(rows) == 1
    text = rows[0].get_text(" ")
    assert "Kiểm duyệt ý kiến góp ý" in text and "duyet" in text
    assert "state: approved" in text and "Dự thảo Nghị quyết" in text
    assert EMAIL not in page.text and "Nhất trí" not in page.text
    assert "Kiểm duyệt ý kiến góp ý" in page.html.select_one("select[name=action]").text


def test_consent_is_required(testapp, add_draft, portal_of):
    path = add_draft()
    form = comment_fields(testapp.get(path + "@@comment"), consent=False)
    res = form.submit("send", status=400)
    assert "Bạn cần đồng ý cho phép xử lý thông tin cá nhân để gửi ý kiến." in res.text
    assert "Nghị định 13/2023/NĐ-CP" in res.text
    assert stored(portal_of, path) == []


@pytest.mark.parametrize("contact,message", [
    ("", "Vui lòng nhập thư điện tử hoặc số điện thoại."),
    ("abc", "Nhập thư điện tử hoặc số điện thoại Việt Nam hợp lệ"),
    ("12345", "Nhập thư điện tử hoặc số điện thoại Việt Nam hợp lệ"),
    ("0112 345 678", "Nhập thư điện tử hoặc số điện thoại Việt Nam hợp lệ"),
    ("an@@example.vn", "Địa chỉ thư điện tử không hợp lệ."),
    ("an@localhost", "Địa chỉ thư điện tử không hợp lệ."),
])
def test_contact_is_required_and_validated(testapp, add_draft, portal_of, contact, message):
    path = add_draft()
    res = post_comment(testapp, path, status=400, contact=contact)
    assert message in res.text
    assert stored(portal_of, path) == []


@pytest.mark.parametrize("contact", ["+84 912 345 678", "0209.3870.123", "an.nguyen@ubnd.gov.vn"])
def test_plausible_contacts_are_accepted(testapp, add_draft, portal_of, contact):
    path = add_draft()
    post_comment(testapp, path, contact=contact)
    assert [c[1] for c in stored(portal_of, path)] == [contact]


@pytest.mark.parametrize("field", ["name", "organisation", "text", "contact"])
def test_html_in_any_field_is_refused(testapp, add_draft, portal_of, field):
    path = add_draft()
    res = post_comment(testapp, path, status=400,
                       **{field: 'Ý kiến <script>alert("x")</script>'})
    assert "Không được nhập mã HTML hay script vào ô này." in res.text or "hợp lệ" in res.text
    assert '<script>alert("x")' not in res.text
    assert stored(portal_of, path) == []


def test_name_and_text_are_required(testapp, add_draft, portal_of):
    res = post_comment(testapp, add_draft(), status=400, name="", text="  ")
    assert "Vui lòng nhập Họ và tên." in res.text
    assert "Vui lòng nhập Nội dung góp ý." in res.text


def test_100_kb_comment_is_refused(testapp, add_draft, portal_of):
    path = add_draft()
    res = post_comment(testapp, path, status=400, text="Góp ý dài. " * 10_000)
    assert "Quá dài: tối đa 5000 ký tự." in res.text
    assert stored(portal_of, path) == []


def test_unknown_article_is_refused(testapp, add_draft, portal_of):
    path = add_draft()
    res = post_comment(testapp, path, status=400, article="dieu-99")
    assert "Đề mục không có trong dự thảo." in res.text
    assert stored(portal_of, path) == []


def test_after_closing_the_form_is_gone_and_posts_refused(testapp, add_draft, clock,
                                                          portal_of):
    path = add_draft(closes=("2026-12-20", "17:00"))
    page = testapp.get(path + "@@comment")
    token = csrf_token(page)
    clock.now = datetime.datetime(2026, 12, 20, 10, 0, tzinfo=datetime.timezone.utc)
    page = testapp.get(path + "@@comment")
    assert "comment-form" not in page.forms
    assert "Đã hết thời gian lấy ý kiến (đến 17:00 ngày 20/12/2026)." in page.text
    draft_page = testapp.get(path)
    assert "Đã hết thời gian lấy ý kiến (đến 17:00 ngày 20/12/2026)." in draft_page.text
    assert draft_page.html.select_one('a[href$="@@comment"]') is None
    res = testapp.post(path + "@@comment", {"csrf_token": token, "name": "An",
                                             "contact": EMAIL, "text": "Muộn",
                                             "consent": "true", "send": "send"}, status=403)
    assert "Đã hết thời gian lấy ý kiến" in res.text
    assert stored(portal_of, path) == []


def test_closing_is_exact_to_the_minute(testapp, add_draft, clock, portal_of):
    path = add_draft(closes=("2026-12-20", "17:00"))
    clock.now = datetime.datetime(2026, 12, 20, 9, 59, 59, tzinfo=datetime.timezone.utc)
    post_comment(testapp, path)                                   # 16:59:59 in Vietnam
    clock.advance(seconds=1)
    post_comment(testapp, path, status=403)
    assert len(stored(portal_of, path)) == 1


def test_before_opening_the_form_is_absent_and_posts_refused(testapp, add_draft, clock,
                                                             portal_of):
    path = add_draft(opens=vn(clock.now + DAY), closes=vn(clock.now + 5 * DAY))
    page = testapp.get(path + "@@comment")
    assert "comment-form" not in page.forms and "Chưa đến thời gian lấy ý kiến" in page.text
    assert "Chưa đến thời gian lấy ý kiến" in testapp.get(path).text
    res = post_comment(testapp, path, status=403)
    assert "Chưa đến thời gian lấy ý kiến" in res.text
    assert stored(portal_of, path) == []
    clock.advance(days=1, minutes=1)
    post_comment(testapp, path)
    assert len(stored(portal_of, path)) == 1


def test_comment_without_csrf_token_is_refused(testapp, add_draft, portal_of):
    path = add_draft()
    res = testapp.post(path + "@@comment", {"name": "An", "contact": EMAIL, "text": "x",
                                             "consent": "true", "send": "send"}, status=400)
    assert "Phiên làm việc không hợp lệ" in res.text
    assert stored(portal_of, path) == []


def test_honeypot_stores_nothing_but_looks_sent(testapp, add_draft, portal_of):
    path = add_draft()
    res = post_comment(testapp, path, website="http://spam.example")
    assert "sent=1" in res.location
    assert stored(portal_of, path) == []


class TestFlood:
    @pytest.fixture
    def settings(self, settings):
        settings["portal.consultation.ip_max_comments"] = "3"
        return settings

    def test_too_many_comments_from_one_address(self, testapp, add_draft, portal_of):
        path = add_draft()
        for number in range(3):
            post_comment(testapp, path, text="Ý kiến %d" % number)
        res = post_comment(testapp, path, status=429, text="Ý kiến thứ tư")
        assert "Bạn đã gửi quá nhiều ý kiến" in res.text
        assert len(stored(portal_of, path)) == 3


def test_moderation_and_csv_are_for_staff_only(testapp, add_draft, login, make_users):
    path = add_draft()
    post_comment(testapp, path)
    testapp.reset()
    res = testapp.get(path + "@@comments", status=303)
    assert "@@login" in res.location
    assert "@@login" in testapp.get(path + "@@comments.csv", status=303).location
    token = csrf_token(testapp.get("/@@login"))
    testapp.post(path + "@@comments", {"csrf_token": token, "cid": "x", "action": "approve"},
                 status=403)
    make_users(bandoc=[])
    login("bandoc")
    testapp.get(path + "@@comments", status=403)
    testapp.get(path + "@@comments.csv", status=403)
    login("bientap")
    assert EMAIL in testapp.get(path + "@@comments").text
    token = csrf_token(testapp.get(path + "@@comments"))
    testapp.post(path + "@@comments", {"csrf_token": token, "cid": "khong-co",
                                       "action": "approve"}, status=400)


def test_csv_export_has_bom_all_comments_and_neutral_formulas(testapp, add_draft, login):
    path = add_draft()
    post_comment(testapp, path, name="=HYPERLINK(\"http://x\")", text="+1 đồng ý",
                 organisation="@SUM(A1)", article="dieu-2")
    post_comment(testapp, path, contact=PHONE, text="-2 ý kiến khác")
    login("duyet")
    page = testapp.get(path + "@@comments")
    next(f for f in page.forms.values() if "cid" in f.fields).submit(
        "action", value="reject", status=303)
    res = testapp.get(path + "@@comments.csv")
    assert res.content_type == "text/csv" and res.body.startswith(b"\xef\xbb\xbf")
    disposition = res.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="gop-y-du-thao-nghi-quyet')
    assert disposition.isascii()
    assert res.headers["Cache-Control"] == "private, no-store"
    rows = list(csv.reader(io.StringIO(res.body.decode("utf-8-sig"))))
    assert rows[0][:7] == ["Mã", "Thời gian gửi (giờ Việt Nam)", "Họ và tên",
                           "Thư điện tử hoặc số điện thoại", "Cơ quan, tổ chức", "Đề mục",
                           "Nội dung góp ý"]
    assert len(rows) == 3
    by_text = {row[6]: row for row in rows[1:]}
    first = by_text["'+1 đồng ý"]
    assert first[2] == "'=HYPERLINK(\"http://x\")" and first[4] == "'@SUM(A1)"
    assert first[3] == EMAIL and first[5] == "Điều 2. Đối tượng áp dụng"
    second = by_text["'-2 ý kiến khác"]
    assert second[3] == PHONE
    assert sorted([first[7], second[7]]) == ["Chờ duyệt", "Không đăng"]


def test_contact_data_never_public(testapp, add_draft, login):
    path = add_draft(description="Dự thảo về mức chi hòa giải viên.")
    post_comment(testapp, path, contact=EMAIL, text="Nhất trí hòa giải viên.")
    post_comment(testapp, path, contact=PHONE, text="Cần tăng mức hòa giải viên.")
    moderate(testapp, login, path)
    pages = [testapp.get(path), testapp.get(path, {"article": "chung"}),
             testapp.get("/du-thao/"), testapp.get("/"),
             testapp.get("/@@search", {"q": "hoa giai vien"})]
    assert "Nhất trí hòa giải viên." in pages[0].text
    assert "Ý kiến góp ý (2)" in pages[0].text
    assert "http://localhost" + path in pages[4].text          # the draft is searchable
    for page in pages:
        for secret in (EMAIL, "nguyen.van.an", PHONE, "0912345678", "345 678"):
            assert secret not in page.text, (page.request.url, secret)
    for query in (EMAIL, "nguyen.van.an", "0912345678", PHONE, "Nhất trí"):
        results = testapp.get("/@@search", {"q": query})
        assert "http://localhost" + path not in results.text, query   # comments not indexed
    testapp.get(path + "@@comments.csv", status=303)


def test_after_closing_moderators_erase_personal_data_no_longer_needed(
        testapp, add_draft, login, clock, portal_of):
    path = add_draft()
    post_comment(testapp, path, name="Nguyễn Văn An", contact=EMAIL, text="Được đăng")
    moderate(testapp, login, path)
    post_comment(testapp, path, name="Trần Thị Bình", contact=PHONE,
                 organisation="Hội Nông dân", text="Chưa duyệt")
    login("duyet")
    page = testapp.get(path + "@@comments")
    assert "erase-contacts" not in page.text                  # still open: no button
    res = testapp.post(path + "@@erase-contacts", {"csrf_token": csrf_token(page)},
                       status=409)
    assert "Chỉ xóa được thông tin liên hệ sau khi kết thúc lấy ý kiến." in res.text
    assert {c[1] for c in stored(portal_of, path)} == {EMAIL, PHONE}

    clock.advance(days=11)
    page = testapp.get(path + "@@comments")
    page.forms[[k for k, f in page.forms.items()
                if f.action.endswith("@@erase-contacts")][0]].submit(status=303)
    page = testapp.get(path + "@@comments")
    assert "Đã xóa thông tin liên hệ của 2 ý kiến." in page.text
    assert "Thông tin liên hệ đã được xóa lúc" in page.text
    assert sorted(stored(portal_of, path), key=lambda c: c[4]) == [
        ("", "", "", "pending", "Chưa duyệt"),
        ("Nguyễn Văn An", "", "", "approved", "Được đăng")]
    csv_text = testapp.get(path + "@@comments.csv").body.decode("utf-8-sig")
    assert EMAIL not in csv_text and "Trần Thị Bình" not in csv_text
    assert "Hội Nông dân" not in csv_text
    testapp.reset()
    assert "Nguyễn Văn An" in testapp.get(path).text          # the published name stays
    login("admin", ADMIN_PASSWORD)
    audit = testapp.get("/@@audit", {"action": "comment-contacts-erased"})
    assert "comments: 2" in audit.html.select_one("table tbody tr").get_text(" ")


def test_erasing_contact_data_is_for_moderators_only(testapp, add_draft, clock, make_users,
                                                     login, portal_of):
    path = add_draft()
    post_comment(testapp, path)
    clock.advance(days=11)
    token = csrf_token(testapp.get("/@@login"))
    testapp.post(path + "@@erase-contacts", {"csrf_token": token}, status=403)
    make_users(bandoc=[])
    login("bandoc")
    testapp.post(path + "@@erase-contacts", {"csrf_token": csrf_token(testapp.get("/"))},
                 status=403)
    assert {c[1] for c in stored(portal_of, path)} == {EMAIL}
