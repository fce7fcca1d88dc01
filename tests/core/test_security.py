"""Security through the real app: sessions, login/logout, CSRF, redirects, passwords,
the role × permission matrix, local roles and Owner."""
import base64
import datetime

import pytest
from argon2 import PasswordHasher

from portal_core.security import passwords
from portal_core.testing import store, ADMIN_PASSWORD, USER_PASSWORD, csrf_token

SESSION = "portal_session"
BAD_LOGIN = "Tên đăng nhập hoặc mật khẩu không đúng."
ARTICLE = "/tin-tuc/bai-cua-tac-gia/"


@pytest.fixture
def real_hashing():
    """Ask for this fixture to keep the production argon2 parameters in a test."""


@pytest.fixture(autouse=True)
def fast_hashing(request, monkeypatch):
    """Cheap argon2id parameters: the matrix logs in ~50 times; still ``$argon2id$``."""
    if "real_hashing" not in request.fixturenames:
        monkeypatch.setattr(passwords, "_hasher",
                            PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


def add_article(app, portal_of, name="bai-cua-tac-gia", creator="tacgia", **fields):
    """Store a live news article directly (creator is someone else by default)."""
    from portal_plugins.news.resources import NewsArticle
    fields.setdefault("title", "Bài của tác giả")
    store(app, "/tin-tuc", NewsArticle(creator=creator, **fields), name=name)
    return "/tin-tuc/%s/" % name


def set_cookie_headers(response):
    return response.headers.getall("Set-Cookie")


def is_logged_in(testapp):
    """The staff page answers 200 only to a logged-in user (anonymous → login redirect)."""
    return testapp.get("/@@admin", expect_errors=True).status_int != 303


# --- sessions and cookies ---------------------------------------------------------------

def test_anonymous_pages_set_no_cookie(testapp, app, portal_of):
    url = add_article(app, portal_of)
    for path in ("/", "/tin-tuc/", url, "/tin-tuc/kinh-te/"):
        page = testapp.get(path, status=200)
        assert set_cookie_headers(page) == [], path
    testapp.get("/khong-co-trang-nay", status=404)
    testapp.get("/@@plugins", status=303)
    assert dict(testapp.cookies) == {}


def test_login_starts_a_session_with_safe_cookie_flags(testapp, make_users, login):
    make_users(bientap=["Editor"])
    res = login("bientap")
    cookies = [h for h in set_cookie_headers(res) if h.startswith(SESSION + "=")]
    assert len(cookies) == 1
    flags = [part.strip().lower() for part in cookies[0].split(";")]
    assert "httponly" in flags
    assert "samesite=lax" in flags
    assert "path=/" in flags
    home = testapp.get("/")
    assert "Bientap" in home.text and "Đăng xuất" in home.text
    assert is_logged_in(testapp)


def test_session_cookie_holds_no_password(testapp, make_users, login):
    make_users(bientap=["Editor"])
    login("bientap")
    value = testapp.cookies[SESSION]
    decoded = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    assert b"bientap" in decoded                    # the login, signed
    assert USER_PASSWORD.encode() not in decoded


def test_login_renews_the_csrf_token(testapp, make_users):
    """Against session fixation: the pre-login session's token is dropped."""
    make_users(bientap=["Editor"])
    before = csrf_token(testapp.get("/@@login"))
    testapp.post("/@@login", {"login": "bientap", "password": USER_PASSWORD,
                              "csrf_token": before}, status=303)
    after = csrf_token(testapp.get("/"))
    assert after != before
    testapp.post("/@@logout", {"csrf_token": before}, status=400)   # old token is dead
    assert is_logged_in(testapp)


def test_login_is_case_and_space_insensitive_for_the_login(testapp, make_users, login):
    make_users(bientap=["Editor"])
    login("  BienTap ")
    assert is_logged_in(testapp)


@pytest.mark.parametrize("user,password", [
    ("admin", "wrong-password"),
    ("admin", ""),
    ("khongtontai", ADMIN_PASSWORD),
])
def test_wrong_credentials_are_a_400_in_vietnamese(testapp, login, user, password):
    page = login(user, password, status=400)
    assert BAD_LOGIN in page.text
    assert "Đăng xuất" not in page.text
    assert not is_logged_in(testapp)


def test_logout_clears_the_cookie(testapp, admin):
    assert is_logged_in(testapp)
    token = csrf_token(testapp.get("/"))
    res = testapp.post("/@@logout", {"csrf_token": token}, status=303)
    assert res.location == "http://localhost/"
    deleted = [h for h in set_cookie_headers(res) if h.startswith(SESSION + "=")]
    assert deleted and "max-age=0" in deleted[-1].lower()
    assert SESSION not in testapp.cookies
    assert not is_logged_in(testapp)
    home = testapp.get("/")
    assert "Đăng nhập" in home.text and "Đăng xuất" not in home.text


def test_session_cookie_copied_before_logout_is_dead_after_it(testapp, admin):
    stolen = testapp.cookies[SESSION]
    testapp.post("/@@logout", {"csrf_token": csrf_token(testapp.get("/"))}, status=303)
    testapp.set_cookie(SESSION, stolen)
    assert not is_logged_in(testapp)


def test_logout_needs_post_with_csrf(testapp, admin):
    testapp.get("/@@logout", status=404)
    testapp.post("/@@logout", {}, status=400)
    testapp.post("/@@logout", {"csrf_token": "forged"}, status=400)
    assert is_logged_in(testapp)


def test_login_post_without_csrf_token_is_refused(testapp):
    page = testapp.post("/@@login", {"login": "admin", "password": ADMIN_PASSWORD},
                        status=400)
    assert "Phiên làm việc không hợp lệ" in page.text
    assert not is_logged_in(testapp)


def test_login_post_with_forged_csrf_token_is_refused(testapp):
    testapp.get("/@@login")
    page = testapp.post("/@@login", {"login": "admin", "password": ADMIN_PASSWORD,
                                     "csrf_token": "forged-token"}, status=400)
    assert "Phiên làm việc không hợp lệ" in page.text
    assert not is_logged_in(testapp)


# --- came_from -----------------------------------------------------------------------

def login_with_came_from(testapp, came_from, status=303):
    token = csrf_token(testapp.get("/@@login"))
    return testapp.post("/@@login", {"login": "admin", "password": ADMIN_PASSWORD,
                                     "csrf_token": token, "came_from": came_from},
                        status=status)


def test_came_from_returns_to_a_page_of_the_site(testapp):
    res = login_with_came_from(testapp, "/tin-tuc/@@contents?page=1")
    assert res.location == "http://localhost/tin-tuc/@@contents?page=1"


def test_anonymous_is_sent_to_login_and_back(testapp):
    res = testapp.get("/@@plugins", status=303)
    assert res.location == "http://localhost/@@login?came_from=%2F%40%40plugins"
    form = res.follow().forms["login-form"]
    form["login"], form["password"] = "admin", ADMIN_PASSWORD
    back = form.submit(status=303)
    assert back.location == "http://localhost/@@plugins"
    assert "Chức năng (plugin)" in back.follow().text


@pytest.mark.parametrize("came_from", [
    "//evil.example",
    "//evil.example/@@login",
    "https://evil.example",
    "http://evil.example/x",
    "/\\evil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
])
def test_came_from_never_leaves_the_site(testapp, came_from):
    res = login_with_came_from(testapp, came_from)
    assert res.location == "http://localhost/"
    assert is_logged_in(testapp)


def test_came_from_with_control_characters_is_not_a_server_error(testapp):
    res = login_with_came_from(testapp, "/\r\nSet-Cookie: evil=1", status="*")
    assert res.status_int == 303
    assert res.location == "http://localhost/"
    assert "evil" not in testapp.cookies


def test_came_from_is_escaped_in_the_login_form(testapp):
    page = testapp.get("/@@login", {"came_from": '"><script>alert(1)</script>'})
    assert "<script>alert(1)</script>" not in page.text
    assert page.forms["login-form"]["came_from"].value == '"><script>alert(1)</script>'


# --- passwords -----------------------------------------------------------------------

def test_passwords_are_stored_as_argon2id_hashes(app, portal_of, make_users, tmp_path,
                                                 real_hashing):
    make_users(bientap=["Editor"])
    with portal_of() as portal:
        for login, clear in (("admin", ADMIN_PASSWORD), ("bientap", USER_PASSWORD)):
            stored = portal.users.get(login).password_hash
            assert stored.startswith("$argon2id$")
            assert clear not in stored
    data = (tmp_path / "Data.fs").read_bytes()
    assert ADMIN_PASSWORD.encode() not in data
    assert USER_PASSWORD.encode() not in data
    assert b"$argon2id$" in data


def test_weak_hash_is_upgraded_on_successful_login(testapp, portal_of, make_users, login,
                                                   real_hashing):
    make_users(bientap=["Editor"])
    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(USER_PASSWORD)
    with portal_of() as portal:
        portal.users.get("bientap").password_hash = weak
    login("bientap")
    with portal_of() as portal:
        upgraded = portal.users.get("bientap").password_hash
    assert upgraded != weak and upgraded.startswith("$argon2id$")
    assert not passwords.needs_rehash(upgraded)
    assert passwords.verify_password(upgraded, USER_PASSWORD)


# --- the permission matrix -----------------------------------------------------------

ROLES = ("Manager", "SiteAdmin", "Editor", "Contributor", "Reviewer", "Reader")
PAGES = {
    "plugins": ("/@@plugins", {"Manager", "SiteAdmin"}),
    "settings": ("/@@settings", {"Manager", "SiteAdmin"}),
    "add": ("/tin-tuc/@@add/NewsArticle", {"Manager", "SiteAdmin", "Editor", "Contributor"}),
    "edit": (ARTICLE + "@@edit", {"Manager", "SiteAdmin", "Editor"}),
    "delete": (ARTICLE + "@@delete", {"Manager", "SiteAdmin", "Editor"}),
    "contents": ("/tin-tuc/@@contents", set(ROLES)),
}
MATRIX = [(role, page, role in allowed)
          for page, (_path, allowed) in PAGES.items()
          for role in ROLES + ("Anonymous",)]


@pytest.mark.parametrize("role,page,allowed", MATRIX)
def test_permission_matrix(testapp, app, portal_of, make_users, login, role, page, allowed):
    add_article(app, portal_of)                     # created by "tacgia", not by the role
    path = PAGES[page][0]
    if role != "Anonymous":
        make_users(nguoidung=[role])
        login("nguoidung")
    res = testapp.get(path, expect_errors=True)
    if role == "Anonymous":
        assert res.status_int == 303
        assert res.location.startswith("http://localhost/@@login?came_from=")
    elif allowed:
        assert res.status_int == 200
        assert "Không có quyền truy cập" not in res.text
    else:
        assert res.status_int == 403
        assert "Không có quyền truy cập" in res.text


@pytest.mark.parametrize("role", ["Reader", "Reviewer", "Contributor"])
def test_denied_delete_post_removes_nothing(testapp, app, portal_of, make_users, login, role):
    url = add_article(app, portal_of)
    make_users(nguoidung=[role])
    login("nguoidung")
    token = csrf_token(testapp.get("/"))
    testapp.post(url + "@@delete", {"csrf_token": token, "delete": "1"}, status=403)
    with portal_of() as portal:
        assert "bai-cua-tac-gia" in portal["tin-tuc"]


def test_anonymous_post_is_refused_not_redirected(testapp, app, portal_of):
    url = add_article(app, portal_of)
    testapp.post(url + "@@delete", {"delete": "1"}, status=403)
    with portal_of() as portal:
        assert "bai-cua-tac-gia" in portal["tin-tuc"]


# --- local roles, Owner, no stale roles ----------------------------------------------

def test_local_editor_works_only_in_their_section(testapp, app, portal_of, make_users, login):
    url = add_article(app, portal_of)
    make_users(site="/tin-tuc", bientap=["Editor"])
    login("bientap")
    form = testapp.get("/tin-tuc/@@add/NewsArticle").forms["deform"]
    form["title"] = "Tin của biên tập viên chuyên mục"
    assert form.submit("save", status=303).location == (
        "http://localhost/tin-tuc/tin-cua-bien-tap-vien-chuyen-muc/")
    testapp.get(url + "@@edit", status=200)
    testapp.get("/tin-tuc/@@contents", status=200)
    testapp.get("/@@settings", status=403)
    testapp.get("/@@plugins", status=403)
    testapp.get("/@@contents", status=403)
    assert 'class="stafftools"' not in testapp.get("/").text
    assert 'class="stafftools"' in testapp.get("/tin-tuc/").text


def test_local_role_on_a_category_does_not_reach_the_section(testapp, app, portal_of,
                                                             make_users, login):
    add_article(app, portal_of)
    make_users(site="/tin-tuc/kinh-te", bientap=["Editor"])
    login("bientap")
    testapp.get("/tin-tuc/@@add/NewsArticle", status=403)
    testapp.get(ARTICLE + "@@edit", status=403)


def test_contributor_edits_own_article_but_not_anothers(testapp, make_users, login,
                                                      portal_of):
    make_users(tacgia1=["Contributor"], tacgia2=["Contributor"])
    login("tacgia1")
    form = testapp.get("/tin-tuc/@@add/NewsArticle").forms["deform"]
    form["title"] = "Bài của tác giả một"
    url = form.submit("save", status=303).location.replace("http://localhost", "")
    form = testapp.get(url + "@@edit").forms["deform"]
    form["title"] = "Bài của tác giả một (sửa)"
    form.submit("save", status=303)
    testapp.get(url + "@@delete", status=200)

    login("tacgia2")          # another contributor's draft does not even exist for them
    testapp.get(url + "@@edit", status=404)
    testapp.get(url + "@@delete", status=404)
    token = csrf_token(testapp.get("/"))
    testapp.post(url + "@@edit", {"csrf_token": token, "title": "Chiếm quyền",
                                  "save": "save"}, status=404)
    with portal_of() as portal:
        article = portal["tin-tuc"]["bai-cua-tac-gia-mot"]
        assert article.title == "Bài của tác giả một (sửa)"
        assert article.creator == "tacgia1"


def test_roles_are_recomputed_on_every_request(testapp, app, portal_of, make_users, login):
    from portal_core.security import revoke_role
    url = add_article(app, portal_of)
    make_users(nguoidung=["Reader"])
    login("nguoidung")
    testapp.get(url + "@@edit", status=403)
    make_users(nguoidung=["Editor"])
    testapp.get(url + "@@edit", status=200)
    with portal_of() as portal:
        revoke_role(portal, "user:nguoidung", "Editor")
    testapp.get(url + "@@edit", status=403)
    testapp.get("/tin-tuc/@@contents", status=200)      # still a Reader


def test_roles_do_not_carry_over_to_the_next_user(testapp, app, portal_of, make_users,
                                                 login):
    url = add_article(app, portal_of)
    make_users(bientap=["Editor"], docgia=["Reader"])
    login("bientap")
    testapp.get(url + "@@edit", status=200)
    login("docgia")
    testapp.get(url + "@@edit", status=403)
    assert 'class="stafftools"' not in testapp.get(url).text
    testapp.post("/@@logout", {"csrf_token": csrf_token(testapp.get("/"))}, status=303)
    testapp.get(url + "@@edit", status=303)


def test_future_article_title_is_not_shown_to_anonymous(testapp, app, portal_of):
    future = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=30)
    url = add_article(app, portal_of, name="sap-cong-bo", title="Quyết định chưa công bố",
                      effective=future)
    assert "Quyết định chưa công bố" not in testapp.get("/tin-tuc/").text
    page = testapp.get(url, status=404)
    assert "Không tìm thấy trang" in page.text
    assert "Quyết định chưa công bố" not in page.text
