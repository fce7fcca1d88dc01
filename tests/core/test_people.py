"""People: the password policy, user administration (@@users, @@add-user, @@edit-user,
disable/enable, admin reset) and the self-service @@password page.

Lock-out is in ``test_people_throttle.py``; groups and @@sharing in
``test_people_sharing.py``."""
import io

import pytest
import webtest

from portal_core.security.password_policy import (
    MIN_LENGTH, WeakPassword, check_password, generate_password, password_problems)
from portal_core.testing import ADMIN_PASSWORD, USER_PASSWORD, csrf_token

SESSION = "portal_session"
GOOD = "Lua-moi-2026-xanh"          # a password that satisfies the policy
BAD_LOGIN = "Tên đăng nhập hoặc mật khẩu không đúng."


pytestmark = pytest.mark.usefixtures("fast_hashing")


def is_logged_in(client):
    return client.get("/@@password", expect_errors=True).status_int == 200


def second_browser(app):
    """Another browser (its own cookie jar) on the same app."""
    return webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost"})


def browser_login(client, user, password=USER_PASSWORD, status=303):
    page = client.get("/@@login")
    return client.post("/@@login", {"login": user, "password": password,
                                    "csrf_token": csrf_token(page)}, status=status)


def form_for(page, view):
    """The form on ``page`` that posts to ``@@view``."""
    forms = [f for f in page.forms.values() if (f.action or "").endswith("/@@" + view)]
    assert len(forms) == 1, [f.action for f in page.forms.values()]
    return forms[0]


def add_user_form(testapp, **fields):
    form = testapp.get("/@@add-user").forms["deform"]
    for key, value in fields.items():
        form[key] = value
    return form


# --- the password policy ------------------------------------------------------------------

@pytest.mark.parametrize("password,login,message", [
    ("ngan1", "an", "ít nhất %d ký tự" % MIN_LENGTH),
    ("", "an", "ít nhất %d ký tự" % MIN_LENGTH),
    ("mat-khau-dai-qua", "an", "cả chữ cái và chữ số"),
    ("1234567890123", "an", "cả chữ cái và chữ số"),
    ("bientap-2026-xyz", "bientap", "không được chứa tên đăng nhập"),
    ("BienTap-2026-xyz", "bientap", "không được chứa tên đăng nhập"),
    ("xx-nguyenvan-2026", "nguyen.van", "không được chứa tên đăng nhập"),
    ("matkhau123", "an", "quá phổ biến"),
    ("Mật-khẩu-123", "an", "quá phổ biến"),
    ("Password123", "an", "quá phổ biến"),
    ("a1" * 101, "an", "quá dài"),
])
def test_weak_passwords_are_refused_with_a_reason(password, login, message):
    problems = [p.interpolate() for p in password_problems(password, login)]
    assert any(message in p for p in problems), problems
    with pytest.raises(WeakPassword) as error:
        check_password(password, login)
    assert message in str(error.value)


@pytest.mark.parametrize("password", [GOOD, "Sông Hồng 2026 ơi", "x7k2m9p4q8w3"])
def test_good_passwords_pass(password):
    assert password_problems(password, "bientap") == []
    check_password(password, "bientap")


@pytest.mark.parametrize("login", ["an", "ab", "a1", "admin", "nguyen.van.an"])
def test_generated_passwords_satisfy_the_policy(login):
    for _ in range(50):
        assert password_problems(generate_password(login), login) == []


def test_cli_adduser_uses_the_policy():
    from portal_core import cli
    for weak, message in (("ngan\n", "ít nhất 10 ký tự"), ("\n", "ít nhất 10 ký tự"),
                          ("bien-tap-2026\n", "tên đăng nhập"),
                          ("mat-khau-dai-qua\n", "chữ số")):
        with pytest.raises(cli.CommandError) as error:
            cli.read_password("bien-tap", io.StringIO(weak))
        assert message in str(error.value)
    assert cli.read_password("bien-tap", io.StringIO(GOOD + "\n")) == GOOD


# --- who may manage users -----------------------------------------------------------------

@pytest.mark.parametrize("path", ["/@@users", "/@@add-user", "/@@edit-user/admin",
                                  "/@@groups", "/@@add-group"])
def test_user_pages_need_manage_users(testapp, make_users, login, path):
    assert testapp.get(path, status=303).location.startswith(
        "http://localhost/@@login?came_from=")
    make_users(bientap=["Editor"], duyet=["Reviewer"])
    make_users(site="/tin-tuc", qtchuyenmuc=["SiteAdmin"])
    for user in ("bientap", "duyet", "qtchuyenmuc"):
        login(user)
        page = testapp.get(path, status=403)
        assert "Không có quyền truy cập" in page.text


def test_user_actions_need_manage_users(testapp, app, make_users, login, portal_of):
    make_users(bientap=["Editor"], nannhan=["Reader"])
    login("bientap")
    token = csrf_token(testapp.get("/"))
    testapp.post("/@@user-status", {"csrf_token": token, "login": "nannhan",
                                    "status": "disable"}, status=403)
    testapp.post("/@@reset-password", {"csrf_token": token, "login": "nannhan"}, status=403)
    with portal_of() as portal:
        user = portal.users.get("nannhan")
        assert not user.disabled and user.check_password(USER_PASSWORD)


def test_admin_page_links_to_people_pages(testapp, admin, make_users, login):
    page = testapp.get("/@@admin")
    for label, href in (("Người dùng", "/@@users"), ("Nhóm", "/@@groups"),
                        ("Phân quyền", "/@@sharing")):
        assert 'href="http://localhost%s"' % href in page.text and label in page.text
    assert "Đổi mật khẩu" in testapp.get("/").text
    make_users(bientap=["Editor"])
    login("bientap")
    page = testapp.get("/@@admin")
    assert "/@@users" not in page.text and "/@@sharing" not in page.text


# --- list, search, paging -----------------------------------------------------------------

def test_users_list_searches_and_pages(testapp, admin, portal_of):
    with portal_of() as portal:
        for n in range(60):
            portal.users.add("nv%02d" % n, USER_PASSWORD, fullname="Nhân viên %d" % n)
        portal.users.add("nguyen-an", USER_PASSWORD, fullname="Nguyễn Văn Ân",
                         unit="Phòng Văn hóa và Thông tin", email="an@example.vn")
    page1 = testapp.get("/@@users")
    assert "Tổng số</span>: 62" in page1.text
    assert page1.text.count('id="user-') == 50
    assert 'id="user-admin"' in page1.text and 'id="user-nv47"' in page1.text
    page2 = page1.click(href="page=2")
    assert page2.text.count('id="user-') == 12
    assert 'id="user-nv59"' in page2.text and 'id="user-admin"' not in page2.text
    for query in ("nguyen van", "NGUYỄN", "van hoa", "an@example", "nguyen-an"):
        found = testapp.get("/@@users", {"q": query})
        assert 'id="user-nguyen-an"' in found.text, query
        assert 'id="user-nv01"' not in found.text
    empty = testapp.get("/@@users", {"q": "không có ai"})
    assert "Không tìm thấy người dùng nào." in empty.text
    assert testapp.get("/@@users", {"page": "x"}).status_int == 200


# --- add ----------------------------------------------------------------------------------

def test_admin_adds_a_user_with_a_typed_password(testapp, admin, portal_of):
    form = add_user_form(testapp, login="  Bien-Tap ", fullname="Nguyễn Thị Hoa",
                         email="hoa@example.vn", phone="0209 123 456",
                         unit="Văn phòng HĐND và UBND", password=GOOD,
                         password_confirm=GOOD)
    res = form.submit("save", status=303)
    assert res.location == "http://localhost/@@users"
    assert "Đã tạo người dùng “bien-tap”" in res.follow().text
    with portal_of() as portal:
        user = portal.users.get("bien-tap")
        assert (user.fullname, user.email, user.phone, user.unit) == (
            "Nguyễn Thị Hoa", "hoa@example.vn", "0209 123 456", "Văn phòng HĐND và UBND")
        assert not user.disabled
    other = second_browser(testapp.app)
    browser_login(other, "bien-tap", GOOD)
    assert is_logged_in(other)


def test_admin_adds_a_user_with_a_generated_password_shown_once(testapp, admin, portal_of):
    form = add_user_form(testapp, login="phong-vien", fullname="Lò Văn Minh")
    res = form.submit("save", status=200)
    assert "Đã tạo người dùng" in res.text
    assert "no-store" in res.headers["Cache-Control"]
    password = res.html.find(id="new-password").text
    assert password_problems(password, "phong-vien") == []
    assert password.encode() not in testapp.cookies.get(SESSION, "").encode()
    listing = testapp.get("/@@users")
    assert password not in listing.text and 'id="user-phong-vien"' in listing.text
    other = second_browser(testapp.app)
    browser_login(other, "phong-vien", password)
    assert is_logged_in(other)


@pytest.mark.parametrize("fields,message", [
    ({"login": "admin"}, "Tên đăng nhập này đã có người dùng."),
    ({"login": "ADMIN"}, "Tên đăng nhập này đã có người dùng."),
    ({"login": "../x"}, "Tên đăng nhập không hợp lệ"),
    ({"login": "Nguyễn"}, "Tên đăng nhập không hợp lệ"),
    ({"login": ""}, "Bắt buộc"),
    ({"fullname": ""}, "Bắt buộc"),
    ({"email": "khong-phai-thu"}, "Địa chỉ thư không hợp lệ."),
    ({"phone": "gọi tôi"}, "Số điện thoại chỉ gồm"),
    ({"password": "ngan1", "password_confirm": "ngan1"}, "ít nhất 10 ký tự"),
    ({"password": "chi-co-chu-cai", "password_confirm": "chi-co-chu-cai"},
     "cả chữ cái và chữ số"),
    ({"password": "nv-moi-2026-xyz", "password_confirm": "nv-moi-2026-xyz"},
     "không được chứa tên đăng nhập"),
    ({"password": "matkhau123", "password_confirm": "matkhau123"}, "quá phổ biến"),
    ({"password": GOOD, "password_confirm": GOOD + "x"}, "Hai lần nhập mật khẩu không khớp."),
    ({"password": GOOD}, "Hai lần nhập mật khẩu không khớp."),
])
def test_add_user_bad_input_is_explained_and_stores_nothing(testapp, admin, portal_of,
                                                            fields, message):
    values = {"login": "nv-moi", "fullname": "Người mới", "email": "", "phone": ""}
    values.update(fields)
    res = add_user_form(testapp, **values).submit("save", status=400)
    assert message in res.text
    with portal_of() as portal:
        assert len(portal.users) == 1


def test_add_user_with_forged_csrf_token_is_refused(testapp, admin, portal_of):
    form = add_user_form(testapp, login="ke-gian", fullname="Kẻ gian", password=GOOD,
                         password_confirm=GOOD)
    form["csrf_token"] = "forged"
    assert "Phiên làm việc không hợp lệ" in form.submit("save", status=400).text
    testapp.post("/@@add-user", {"login": "ke-gian", "fullname": "Kẻ gian",
                                 "save": "save"}, status=400)
    with portal_of() as portal:
        assert "ke-gian" not in portal.users


# --- edit ---------------------------------------------------------------------------------

def test_admin_edits_a_user_but_not_the_login(testapp, admin, make_users, portal_of):
    make_users(bientap=["Editor"])
    form = testapp.get("/@@users").click(href="@@edit-user/bientap").forms["deform"]
    assert form["fullname"].value == "Bientap"
    assert "login" not in form.fields
    form["fullname"] = "Trần Văn Bình"
    form["unit"] = "Phòng Tư pháp"
    form["email"] = "binh@example.vn"
    form.submit("save", status=303)
    bad = testapp.get("/@@edit-user/bientap").forms["deform"]
    bad["email"] = "sai@"
    assert "Địa chỉ thư không hợp lệ." in bad.submit("save", status=400).text
    with portal_of() as portal:
        user = portal.users.get("bientap")
        assert (user.login, user.fullname, user.unit, user.email) == (
            "bientap", "Trần Văn Bình", "Phòng Tư pháp", "binh@example.vn")
    testapp.get("/@@edit-user/khong-co", status=404)
    testapp.get("/@@edit-user", status=404)


# --- disable, enable, reset ---------------------------------------------------------------

def test_disabling_ends_sessions_and_blocks_login_until_enabled(testapp, app, admin,
                                                                make_users, portal_of):
    make_users(bientap=["Editor"])
    other = second_browser(app)
    browser_login(other, "bientap")
    assert is_logged_in(other)
    page = testapp.get("/@@edit-user/bientap")
    res = form_for(page, "user-status").submit("status", status=303)          # "Vô hiệu hóa tài khoản"
    assert "Đã vô hiệu hóa tài khoản" in res.follow().text
    assert not is_logged_in(other)
    refused = browser_login(other, "bientap", status=400)
    assert "đã bị vô hiệu hóa" in refused.text
    wrong = browser_login(other, "bientap", "sai-mat-khau-1", status=400)
    assert BAD_LOGIN in wrong.text and "vô hiệu hóa" not in wrong.text
    assert "Đã vô hiệu hóa" in testapp.get("/@@users").text
    form_for(testapp.get("/@@edit-user/bientap"), "user-status").submit(
        "status", status=303)  # enable
    browser_login(other, "bientap")
    assert is_logged_in(other)


def test_admin_cannot_disable_or_reset_themselves_here(testapp, admin, portal_of):
    token = csrf_token(testapp.get("/"))
    testapp.post("/@@user-status", {"csrf_token": token, "login": "admin",
                                    "status": "disable"}, status=400)
    res = testapp.post("/@@reset-password", {"csrf_token": token, "login": "admin"},
                       status=303)
    assert res.location == "http://localhost/@@password"
    testapp.post("/@@user-status", {"csrf_token": token, "login": "admin",
                                    "status": "explode"}, status=400)
    with portal_of() as portal:
        admin_user = portal.users.get("admin")
        assert not admin_user.disabled and admin_user.check_password(ADMIN_PASSWORD)
    assert is_logged_in(testapp)


def test_admin_reset_shows_a_new_password_once_and_ends_sessions(testapp, app, admin,
                                                                 make_users):
    make_users(bientap=["Editor"])
    other = second_browser(app)
    browser_login(other, "bientap")
    page = testapp.get("/@@edit-user/bientap")
    res = form_for(page, "reset-password").submit("reset", status=200)
    assert "no-store" in res.headers["Cache-Control"]
    password = res.html.find(id="new-password").text
    assert password_problems(password, "bientap") == []
    assert password not in testapp.get("/@@edit-user/bientap").text
    assert not is_logged_in(other)
    browser_login(other, "bientap", USER_PASSWORD, status=400)
    browser_login(other, "bientap", password)
    assert is_logged_in(other)


def test_reset_and_disable_need_csrf_and_post(testapp, admin, make_users, portal_of):
    make_users(bientap=["Editor"])
    testapp.get("/@@reset-password", status=404)
    testapp.post("/@@reset-password", {"login": "bientap"}, status=400)
    testapp.post("/@@reset-password", {"login": "bientap", "csrf_token": "forged"},
                 status=400)
    testapp.post("/@@user-status", {"login": "bientap", "status": "disable",
                                    "csrf_token": "forged"}, status=400)
    token = csrf_token(testapp.get("/"))
    testapp.post("/@@reset-password", {"csrf_token": token, "login": "khong-co"},
                 status=404)
    with portal_of() as portal:
        user = portal.users.get("bientap")
        assert not user.disabled and user.check_password(USER_PASSWORD)


def test_a_site_admin_cannot_take_over_a_manager(testapp, app, make_users, login,
                                                 portal_of):
    make_users(qtv=["SiteAdmin"], bientap=["Editor"])
    login("qtv")
    testapp.get("/@@users", status=200)
    testapp.get("/@@edit-user/bientap", status=200)
    page = testapp.get("/@@edit-user/admin", status=403)
    assert "Manager" in page.text
    token = csrf_token(testapp.get("/"))
    testapp.post("/@@reset-password", {"csrf_token": token, "login": "admin"}, status=403)
    testapp.post("/@@user-status", {"csrf_token": token, "login": "admin",
                                    "status": "disable"}, status=403)
    testapp.post("/@@edit-user/admin", {"csrf_token": token, "fullname": "Chiếm quyền",
                                        "save": "save"}, status=403)
    with portal_of() as portal:
        manager = portal.users.get("admin")
        assert manager.check_password(ADMIN_PASSWORD)
        assert not manager.disabled and manager.fullname == "Quản trị hệ thống"
    res = testapp.post("/@@reset-password", {"csrf_token": token, "login": "bientap"})
    assert res.status_int == 200                      # peers below Manager: allowed


# --- self service -------------------------------------------------------------------------

def password_form(testapp, current, new, confirm=None):
    form = testapp.get("/@@password").forms["deform"]
    form["current_password"] = current
    form["new_password"] = new
    form["new_password_confirm"] = new if confirm is None else confirm
    return form


def test_password_page_needs_a_login(testapp):
    assert testapp.get("/@@password", status=303).location.startswith(
        "http://localhost/@@login")
    testapp.post("/@@password", {"save": "save"}, status=400)    # no session, no token


@pytest.mark.parametrize("current,new,confirm,message", [
    ("sai-mat-khau-1", GOOD, None, "Mật khẩu hiện tại không đúng."),
    (USER_PASSWORD, GOOD, GOOD + "x", "Hai lần nhập mật khẩu không khớp."),
    (USER_PASSWORD, "ngan-1", None, "ít nhất 10 ký tự"),
    (USER_PASSWORD, "bientap-2026-ok", None, "không được chứa tên đăng nhập"),
    (USER_PASSWORD, "password123", None, "quá phổ biến"),
    (USER_PASSWORD, USER_PASSWORD, None, "phải khác mật khẩu hiện tại"),
    ("", GOOD, None, "Bắt buộc"),
])
def test_password_change_bad_input(testapp, make_users, login, portal_of, current, new,
                                   confirm, message):
    make_users(bientap=["Editor"])
    login("bientap")
    res = password_form(testapp, current, new, confirm).submit("save", status=400)
    assert message in res.text
    with portal_of() as portal:
        assert portal.users.get("bientap").check_password(USER_PASSWORD)


def test_password_change_keeps_this_session_and_ends_the_others(testapp, app, make_users,
                                                                 login, portal_of):
    make_users(bientap=["Editor"])
    other = second_browser(app)
    browser_login(other, "bientap")
    login("bientap")
    res = password_form(testapp, USER_PASSWORD, GOOD).submit("save", status=303)
    assert "Đã đổi mật khẩu" in res.follow().text
    assert is_logged_in(testapp)
    testapp.get("/@@admin", status=200)
    assert not is_logged_in(other)
    browser_login(other, "bientap", USER_PASSWORD, status=400)
    browser_login(other, "bientap", GOOD)
    assert is_logged_in(other)


def test_password_change_with_forged_csrf_is_refused(testapp, make_users, login, portal_of):
    make_users(bientap=["Editor"])
    login("bientap")
    form = password_form(testapp, USER_PASSWORD, GOOD)
    form["csrf_token"] = "forged"
    assert "Phiên làm việc không hợp lệ" in form.submit("save", status=400).text
    with portal_of() as portal:
        assert portal.users.get("bientap").check_password(USER_PASSWORD)
