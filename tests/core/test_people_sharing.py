"""@@sharing (local roles on a site or section) and groups."""
import pytest

from portal_core.events import LocalRolesChanged
from portal_core.security import roles_in
from portal_core.testing import csrf_token

ADD = "/tin-tuc/@@add/NewsArticle"
ADD_ELSEWHERE = "/tin-tuc-2/@@add/NewsArticle"


pytestmark = pytest.mark.usefixtures("fast_hashing")


@pytest.fixture
def second_section(app, portal_of):
    """Another news section, ``/tin-tuc-2``: "elsewhere" for a grant on ``/tin-tuc``."""
    from portal_core.bootstrap import blank_request
    from portal_core.content import add
    from portal_plugins.news.resources import NewsSection
    with portal_of() as portal:
        section = NewsSection(title="Tin tức 2")
        section.plugin = "news"
        add(portal, section, blank_request(app.registry, portal), name="tin-tuc-2")


@pytest.fixture
def role_events(app):
    seen = []
    app.registry.registerHandler(
        lambda e: seen.append((e.object.__name__, e.principal, e.old, e.new,
                               e.request is not None)), (LocalRolesChanged,))
    return seen


def sharing_form(testapp, path="/tin-tuc/", query=None):
    page = testapp.get(path + "@@sharing", {"q": query} if query else {})
    forms = [f for f in page.forms.values() if f.method.lower() == "post"
             and (f.action or "").endswith("@@sharing")]
    assert len(forms) == 1
    return page, forms[0]


def field(role, principal):
    return "role.%s.%s" % (role, principal)


# --- who may open it ------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["Reviewer", "Editor", "Contributor", "Reader"])
def test_only_admins_open_sharing(testapp, make_users, login, role):
    assert testapp.get("/tin-tuc/@@sharing", status=303).location.startswith(
        "http://localhost/@@login")
    make_users(nguoidung=[role])
    login("nguoidung")
    assert "Không có quyền truy cập" in testapp.get("/tin-tuc/@@sharing", status=403).text
    testapp.get("/@@sharing", status=403)
    token = csrf_token(testapp.get("/"))
    testapp.post("/tin-tuc/@@sharing", {"csrf_token": token, "principal": "user:nguoidung",
                                        field("SiteAdmin", "user:nguoidung"): "1"},
                 status=403)


def test_a_section_admin_shares_only_inside_the_section(testapp, make_users, login):
    make_users(site="/tin-tuc", qtchuyenmuc=["SiteAdmin"])
    login("qtchuyenmuc")
    testapp.get("/tin-tuc/@@sharing", status=200)
    testapp.get("/@@sharing", status=403)
    testapp.get("/tin-tuc/kinh-te/@@sharing", status=404)     # not a container


# --- granting and the effect of a grant ---------------------------------------------------

def test_a_grant_on_the_section_lets_the_user_add_there_only(testapp, admin, make_users,
                                                             login, second_section,
                                                             role_events, portal_of):
    make_users(phongvien=[])
    with portal_of() as portal:
        portal.users.get("phongvien").fullname = "Lò Thị Mai"
    login("phongvien")
    testapp.get(ADD, status=403)
    login("admin", "admin-secret-1")
    page, form = sharing_form(testapp, query="lo thi")          # search by folded name
    assert "Lò Thị Mai" in page.text
    form[field("Contributor", "user:phongvien")] = True
    res = form.submit("save", status=303)
    assert "Đã lưu phân quyền (1 thay đổi)" in res.follow().text
    assert role_events == [("tin-tuc", "user:phongvien", frozenset(),
                            frozenset({"Contributor"}), True)]
    page, form = sharing_form(testapp)                           # now listed without search
    assert form[field("Contributor", "user:phongvien")].checked

    login("phongvien")
    testapp.get(ADD, status=200)
    testapp.get("/tin-tuc/kinh-te/", status=200)
    testapp.get(ADD_ELSEWHERE, status=403)
    testapp.get("/@@contents", status=403)


def test_revoking_takes_the_role_away(testapp, admin, make_users, login, role_events,
                                      portal_of):
    make_users(site="/tin-tuc", bientap=["Editor", "Reviewer"])
    page, form = sharing_form(testapp)
    assert form[field("Editor", "user:bientap")].checked
    form[field("Editor", "user:bientap")] = False
    form.submit("save", status=303)
    assert role_events == [("tin-tuc", "user:bientap", frozenset({"Editor", "Reviewer"}),
                            frozenset({"Reviewer"}), True)]
    with portal_of() as portal:
        assert roles_in(portal["tin-tuc"], ["user:bientap"]) == {"Reviewer"}
    login("bientap")
    testapp.get(ADD, status=403)


def test_inherited_roles_are_shown_but_not_editable_here(testapp, admin, make_users):
    make_users(bientap=["Editor"])                              # granted on the portal
    page, form = sharing_form(testapp, "/tin-tuc/")
    row = page.html.find(id="principal-user:bientap")
    assert row is not None and "kế thừa" in row.text
    assert not form[field("Editor", "user:bientap")].checked
    form.submit("save", status=303)                             # no change: kept above
    page, form = sharing_form(testapp, "/")
    assert form[field("Editor", "user:bientap")].checked


def test_a_section_admin_cannot_grant_manager(testapp, make_users, login, portal_of,
                                              role_events):
    make_users(site="/tin-tuc", qtchuyenmuc=["SiteAdmin"], bientap=["Editor"])
    login("qtchuyenmuc")
    page, form = sharing_form(testapp)
    assert field("Manager", "user:bientap") not in form.fields
    assert field("Editor", "user:bientap") in form.fields
    token = csrf_token(page)
    for who in ("user:bientap", "user:qtchuyenmuc"):
        res = testapp.post("/tin-tuc/@@sharing", {"csrf_token": token, "principal": who,
                                                  field("Manager", who): "1"}, status=403)
        assert "Quản trị hệ thống" in res.text
    with portal_of() as portal:
        assert roles_in(portal["tin-tuc"], ["user:bientap"]) == {"Editor"}
        assert roles_in(portal["tin-tuc"], ["user:qtchuyenmuc"]) == {"SiteAdmin"}
    assert role_events == []
    form[field("Reviewer", "user:bientap")] = True              # below Manager: allowed
    form.submit("save", status=303)
    with portal_of() as portal:
        assert roles_in(portal["tin-tuc"], ["user:bientap"]) == {"Editor", "Reviewer"}


def test_a_section_admin_keeps_a_manager_grant_they_cannot_see_as_a_checkbox(
        testapp, make_users, login, portal_of):
    make_users(site="/tin-tuc", qtchuyenmuc=["SiteAdmin"], sep=["Manager", "Editor"])
    login("qtchuyenmuc")
    page, form = sharing_form(testapp)
    assert "✓" in page.html.find(id="principal-user:sep").text
    form[field("Editor", "user:sep")] = False
    form.submit("save", status=303)
    with portal_of() as portal:
        assert roles_in(portal["tin-tuc"], ["user:sep"]) == {"Manager"}


def test_a_manager_can_grant_manager(testapp, admin, make_users, portal_of):
    make_users(bientap=[])
    page, form = sharing_form(testapp, "/", query="bientap")
    form[field("Manager", "user:bientap")] = True
    form.submit("save", status=303)
    with portal_of() as portal:
        assert roles_in(portal, ["user:bientap"]) == {"Manager"}


def test_sharing_refuses_forgery_and_nonsense(testapp, admin, make_users, portal_of,
                                              role_events):
    make_users(bientap=[])
    page, form = sharing_form(testapp, query="bientap")
    form[field("Editor", "user:bientap")] = True
    form["csrf_token"] = "forged"
    assert "Phiên làm việc không hợp lệ" in form.submit("save", status=400).text
    token = csrf_token(page)
    for data in ({"principal": "user:khong-co", field("Editor", "user:khong-co"): "1"},
                 {"principal": "group:khong-co", field("Editor", "group:khong-co"): "1"},
                 {"principal": "role:Manager", field("Editor", "role:Manager"): "1"},
                 {"principal": "user:bientap", field("Owner", "user:bientap"): "1"},
                 {"principal": "user:bientap", field("Boss", "user:bientap"): "1"}):
        testapp.post("/tin-tuc/@@sharing", dict(data, csrf_token=token), status=400)
    with portal_of() as portal:
        assert roles_in(portal["tin-tuc"], ["user:bientap"]) == set()
    assert role_events == []
    res = testapp.post("/tin-tuc/@@sharing", {"csrf_token": token}, status=303)
    assert "Không có thay đổi nào." in res.follow().text


# --- groups ---------------------------------------------------------------------------------

def add_group(testapp, group_id, title, members=""):
    form = testapp.get("/@@add-group").forms["deform"]
    form["group_id"], form["title"], form["members"] = group_id, title, members
    return form


def test_a_group_grant_reaches_its_members_only(testapp, admin, make_users, login,
                                                portal_of, second_section):
    make_users(an=[], binh=[], chi=[])
    res = add_group(testapp, "phong-van-hoa", "Phòng Văn hóa", "an\nbinh").submit(
        "save", status=303)
    assert "Phòng Văn hóa" in res.follow().text
    page, form = sharing_form(testapp, query="van hoa")
    form[field("Contributor", "group:phong-van-hoa")] = True
    form.submit("save", status=303)
    for user, status in (("an", 200), ("binh", 200), ("chi", 403)):
        login(user)
        testapp.get(ADD, status=status)
        testapp.get(ADD_ELSEWHERE, status=403)

    login("admin", "admin-secret-1")
    form = testapp.get("/@@edit-group/phong-van-hoa").forms["deform"]
    assert form["members"].value.split() == ["an", "binh"]
    form["members"] = "binh, chi"
    form.submit("save", status=303)
    for user, status in (("an", 403), ("binh", 200), ("chi", 200)):
        login(user)
        testapp.get(ADD, status=status)
    with portal_of() as portal:
        assert portal.users.get("an").groups == ()
        assert portal.users.get("chi").groups == ("phong-van-hoa",)


def test_group_bad_input(testapp, admin, make_users, portal_of):
    make_users(an=[])
    add_group(testapp, "nhom-a", "Nhóm A").submit("save", status=303)
    for group_id, title, members, message in (
            ("nhom-a", "Trùng", "", "đã được dùng"),
            ("Nhóm B", "Sai mã", "", "Mã nhóm không hợp lệ"),
            ("nhom-b", "", "", "Bắt buộc"),
            ("nhom-b", "Thành viên lạ", "an\nkhong-co", "Không có người dùng: khong-co")):
        res = add_group(testapp, group_id, title, members).submit("save", status=400)
        assert message in res.text
    with portal_of() as portal:
        assert len(portal.groups) == 1
        assert portal.users.get("an").groups == ()
    form = add_group(testapp, "nhom-c", "Nhóm C")
    form["csrf_token"] = "forged"
    form.submit("save", status=400)
    testapp.get("/@@edit-group/khong-co", status=404)


def test_deleting_a_group_retires_its_id(testapp, admin, make_users, login, portal_of):
    make_users(an=[])
    add_group(testapp, "nhom-tam", "Nhóm tạm", "an").submit("save", status=303)
    page, form = sharing_form(testapp, query="nhom-tam")
    form[field("Editor", "group:nhom-tam")] = True
    form.submit("save", status=303)
    page = testapp.get("/@@groups")
    form = [f for f in page.forms.values() if (f.action or "").endswith("@@delete-group")][0]
    form.submit("delete", status=303)
    with portal_of() as portal:
        assert "nhom-tam" not in portal.groups
        assert portal.users.get("an").groups == ()
    login("an")
    testapp.get(ADD, status=403)
    login("admin", "admin-secret-1")
    res = add_group(testapp, "nhom-tam", "Nhóm tạm mới").submit("save", status=400)
    assert "đã được dùng" in res.text
    assert "không còn tồn tại" in testapp.get("/tin-tuc/@@sharing").text


def test_a_site_admin_cannot_join_a_manager_group(testapp, admin, make_users, login,
                                                  portal_of):
    make_users(qtv=["SiteAdmin"])
    add_group(testapp, "quan-tri", "Quản trị hệ thống").submit("save", status=303)
    page, form = sharing_form(testapp, "/", query="quan-tri")
    form[field("Manager", "group:quan-tri")] = True
    form.submit("save", status=303)
    login("qtv")
    testapp.get("/@@groups", status=200)
    testapp.get("/@@edit-group/quan-tri", status=403)
    token = csrf_token(testapp.get("/"))
    testapp.post("/@@edit-group/quan-tri", {"csrf_token": token, "title": "Quản trị",
                                            "members": "qtv", "save": "save"}, status=403)
    testapp.post("/@@delete-group", {"csrf_token": token, "group": "quan-tri"}, status=403)
    with portal_of() as portal:
        assert portal.groups.get("quan-tri").members == ()
        assert portal.users.get("qtv").groups == ()
    testapp.get("/@@settings", status=200)
    testapp.get("/@@edit-user/admin", status=403)
