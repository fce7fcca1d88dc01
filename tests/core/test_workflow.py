"""The editorial workflow: states, guarded transitions, visibility on every surface,
scope of reviewers, the review queue and "my items"."""
import datetime

import pytest

from portal_core.content import utcnow
from portal_core.testing import store, take_transitions
from portal_core.workflow import EDITORIAL, State, Transition, Workflow
from portal_plugins.news.resources import NewsArticle

SECTION = "/tin-tuc/"


def draft(app, title="Bài nháp", creator="tacgia", name="bai-nhap", **fields):
    """A draft article by ``creator`` stored directly; returns its path."""
    store(app, "/tin-tuc", NewsArticle(title=title, creator=creator, category="kinh-te",
                                       **fields), name=name, published=False)
    return SECTION + name + "/"


def transition(testapp, path, name, comment="", status=303):
    return take_transitions(testapp, path, name, comment=comment, status=status)


def state(portal_of, path):
    with portal_of() as portal:
        return portal["tin-tuc"][path.strip("/").split("/")[-1]].workflow_state


# --- the model -------------------------------------------------------------------------

def test_workflow_rejects_unknown_states():
    with pytest.raises(ValueError):
        Workflow("x", "x", "missing", (State("a", "A"),), ())
    with pytest.raises(ValueError):
        Workflow("x", "x", "a", (State("a", "A"),),
                 (Transition("go", "Go", ("a",), "nowhere", "portal.review"),))


def test_editorial_transitions():
    moves = {(t.name, s, t.dest) for t in EDITORIAL.transitions for s in t.source}
    assert moves == {("submit", "draft", "pending"), ("withdraw", "pending", "draft"),
                     ("publish", "pending", "published"), ("reject", "pending", "draft"),
                     ("retract", "published", "draft"), ("archive", "published", "archived")}
    assert EDITORIAL.transition("reject").comment_required
    assert [s.name for s in EDITORIAL.states if s.public] == ["published"]


# --- the whole cycle through the web forms -----------------------------------------------

def test_contributor_writes_reviewer_publishes_anonymous_reads(testapp, make_users, login,
                                                               portal_of):
    make_users(ctv=["Contributor"], duyet=["Reviewer"])
    login("ctv")
    form = testapp.get(SECTION + "@@add/NewsArticle").forms["deform"]
    form["title"] = "Hội nghị sơ kết 6 tháng"
    form["category"] = "kinh-te"
    path = form.submit("save").follow().request.path
    assert "Bản nháp" in testapp.get(path).text
    transition(testapp, path, "submit")
    transition(testapp, path, "publish", status=403)           # a contributor cannot publish
    assert state(portal_of, path) == "pending"
    testapp.reset()
    assert "Hội nghị sơ kết" not in testapp.get(SECTION).text
    testapp.get(path, status=404)
    login("duyet")
    queue = testapp.get("/@@review")
    assert "Hội nghị sơ kết 6 tháng" in queue.text and "Ctv" in queue.text
    transition(testapp, path, "publish")
    testapp.reset()
    assert "Hội nghị sơ kết 6 tháng" in testapp.get(SECTION).text
    assert "Hội nghị sơ kết 6 tháng" in testapp.get(SECTION + "kinh-te/").text
    assert "Hội nghị sơ kết 6 tháng" in testapp.get("/").text
    assert testapp.get(path).status_int == 200
    with portal_of() as portal:
        item = portal["tin-tuc"][path.strip("/").split("/")[-1]]
        assert item.published_by == "duyet" and item.creator == "ctv"
        assert [e["transition"] for e in item.workflow_history] == ["", "submit", "publish"]


def test_reject_needs_a_reason_and_the_author_sees_it(testapp, make_users, login, app,
                                                       portal_of):
    make_users(tacgia=["Contributor"], duyet=["Reviewer"])
    path = draft(app)
    login("tacgia")
    transition(testapp, path, "submit")
    login("duyet")
    page = transition(testapp, path, "reject", comment="   ", status=400)
    assert "Cần ghi lý do" in page.text
    assert state(portal_of, path) == "pending"
    transition(testapp, path, "reject", comment="Thiếu nguồn tin, bổ sung ảnh.")
    assert state(portal_of, path) == "draft"
    login("tacgia")
    item_page = testapp.get(path)
    assert "Bị trả lại" in item_page.text and "Thiếu nguồn tin, bổ sung ảnh." in item_page.text
    mine = testapp.get("/@@my-items")
    assert "Thiếu nguồn tin, bổ sung ảnh." in mine.text and "Bản nháp" in mine.text
    assert "Bị trả lại" in mine.text
    assert "Bài nháp" not in testapp.get("/@@review").text     # nothing pending now


def test_transition_not_allowed_from_the_current_state(testapp, admin, app, portal_of):
    path = draft(app)
    page = transition(testapp, path, "publish", status=400)
    assert "Không thể" in page.text and "Bản nháp" in page.text
    transition(testapp, path, "bogus", status=400)
    assert state(portal_of, path) == "draft"


def test_transition_needs_csrf(testapp, admin, app, portal_of):
    path = draft(app)
    testapp.post(path + "@@workflow", {"transition": "submit", "csrf_token": "x"}, status=400)
    assert state(portal_of, path) == "draft"


def test_retract_and_archive_remove_from_every_public_surface(testapp, admin, app,
                                                              portal_of):
    store(app, "/tin-tuc", NewsArticle(title="Tin cũ", category="kinh-te"), name="tin-cu",
          published=True)
    path = SECTION + "tin-cu/"
    for name in ("retract", "submit", "publish", "archive"):
        transition(testapp, path, name)
    assert state(portal_of, path) == "archived"
    testapp.reset()
    for page in (SECTION, SECTION + "kinh-te/", "/"):
        assert "Tin cũ" not in testapp.get(page).text
    testapp.get(path, status=404)


# --- visibility: drafts are invisible, and guessing their URL says 404 --------------------

@pytest.mark.parametrize("workflow_state", ["draft", "pending", "archived"])
def test_unpublished_is_invisible_to_anonymous(testapp, app, portal_of, workflow_state):
    from portal_core.workflow import set_state
    store(app, "/tin-tuc", NewsArticle(title="Tin công bố", category="kinh-te"),
          name="cong-bo")
    store(app, "/tin-tuc", NewsArticle(title="Tin chưa công bố", category="kinh-te"),
          name="chua-cong-bo", published=False)
    if workflow_state != "draft":
        with portal_of() as portal:
            set_state(portal["tin-tuc"]["chua-cong-bo"], workflow_state)
    home, section, category = (testapp.get(p).text for p in ("/", SECTION,
                                                              SECTION + "kinh-te/"))
    for text in (home, section, category):
        assert "Tin công bố" in text and "Tin chưa công bố" not in text
    article = testapp.get(SECTION + "cong-bo/").text
    assert "Tin chưa công bố" not in article                 # not a prev/next link, not related
    page = testapp.get(SECTION + "chua-cong-bo/", status=404)
    assert "Không tìm thấy trang" in page.text and "Tin chưa công bố" not in page.text
    testapp.get(SECTION + "chua-cong-bo/@@image", status=404)


def test_future_effective_date_publishes_by_itself(testapp, app, monkeypatch):
    future = utcnow() + datetime.timedelta(hours=3)
    store(app, "/tin-tuc", NewsArticle(title="Thông báo hẹn giờ", effective=future),
          name="hen-gio")
    assert "Thông báo hẹn giờ" not in testapp.get(SECTION).text
    testapp.get(SECTION + "hen-gio/", status=404)
    later = future + datetime.timedelta(minutes=1)
    monkeypatch.setattr("portal_core.listing.utcnow", lambda: later)
    monkeypatch.setattr("portal_core.content.resources.utcnow", lambda: later)
    assert "Thông báo hẹn giờ" in testapp.get(SECTION).text
    assert testapp.get(SECTION + "hen-gio/").status_int == 200


# --- who may do what, where ------------------------------------------------------------------

MATRIX = [
    # state, role, permission, allowed
    ("draft", None, "portal.view", False),
    ("draft", "Owner", "portal.view", True),
    ("draft", "Owner", "portal.edit", True),
    ("draft", "Contributor", "portal.view", False),          # someone else's draft
    ("draft", "Contributor", "portal.edit", False),
    ("draft", "Editor", "portal.edit", True),
    ("draft", "Reader", "portal.view", True),
    ("draft", "Reader", "portal.edit", False),
    ("draft", "Reviewer", "portal.review", True),
    ("pending", "Owner", "portal.edit", False),               # locked while under review
    ("pending", "Reviewer", "portal.view", True),
    ("pending", "Reviewer", "portal.edit", True),
    ("pending", "Contributor", "portal.view", False),
    ("published", None, "portal.view", True),
    ("published", "Owner", "portal.edit", False),
    ("published", "Editor", "portal.edit", True),
    ("published", "Contributor", "portal.delete", False),
    ("published", "SiteAdmin", "portal.delete", True),
    ("archived", None, "portal.view", False),
    ("archived", "Reviewer", "portal.view", True),
]


@pytest.mark.parametrize("workflow_state,role,permission,allowed", MATRIX)
def test_permission_matrix(app, portal_of, workflow_state, role, permission, allowed):
    from pyramid.request import Request

    from portal_core.security import grant_role
    from portal_core.workflow import set_state
    with portal_of() as portal:
        if role not in (None, "Owner"):
            portal.users.add("nguoidung", "mat-khau-dai-1")
            grant_role(portal, "user:nguoidung", role)
        elif role == "Owner":
            portal.users.add("tacgia", "mat-khau-dai-1")
    store(app, "/tin-tuc", NewsArticle(title="Bài", creator="tacgia"), name="bai",
          published=False)
    with portal_of() as portal:
        item = portal["tin-tuc"]["bai"]
        set_state(item, workflow_state)
        request = Request.blank("/")
        request.registry = app.registry
        request.root = portal
        login = {None: None, "Owner": "tacgia"}.get(role, "nguoidung")
        if login:
            request.__dict__["_portal_identity"] = portal.users.get(login)
        assert bool(request.has_permission(permission, item)) is allowed


def test_commune_reviewer_cannot_act_on_district_content(testapp, make_users, login, app,
                                                          portal_of):
    from portal_core.content import Folder
    store(app, "/", Folder(title="Xã Yên Thịnh"), name="yen-thinh")
    make_users(site="/yen-thinh", duyetxa=["Reviewer"])
    make_users(tacgia=["Contributor"])
    path = draft(app)
    login("tacgia")
    transition(testapp, path, "submit")
    login("duyetxa")
    page = transition(testapp, path, "publish", status=404)     # cannot even see it
    assert "Không tìm thấy" in page.text
    assert "Bài nháp" not in testapp.get("/@@review", status="*").text
    assert state(portal_of, path) == "pending"


def test_section_reviewer_acts_only_in_the_section(testapp, make_users, login, app,
                                                   portal_of):
    make_users(site="/tin-tuc", duyettin=["Reviewer"])
    make_users(tacgia=["Contributor"])
    path = draft(app)
    login("tacgia")
    transition(testapp, path, "submit")
    login("duyettin")
    assert "Bài nháp" in testapp.get("/@@review").text
    transition(testapp, path, "publish")
    assert state(portal_of, path) == "published"
    testapp.get("/@@plugins", status=403)


def test_contributor_sees_only_own_drafts(testapp, make_users, login, app):
    make_users(tacgia=["Contributor"], khac=["Contributor"])
    path = draft(app)
    login("khac")
    testapp.get(path, status=404)
    testapp.get(path + "@@edit", status=404)
    login("tacgia")
    assert testapp.get(path + "@@edit").status_int == 200


def test_evolve_step_publishes_content_from_before_workflows(app, portal_of):
    from portal_core.bootstrap import blank_request
    from portal_core.evolve import publish_existing_content
    store(app, "/tin-tuc", NewsArticle(title="Bài cũ"), name="bai-cu", published=False)
    with portal_of() as portal:
        item = portal["tin-tuc"]["bai-cu"]
        item.workflow_state = None                  # as stored before workflows existed
        portal["tin-tuc"].listing.unindex(item)
    with portal_of() as portal:
        publish_existing_content(portal, blank_request(app.registry, portal))
        item = portal["tin-tuc"]["bai-cu"]
        assert item.workflow_state == "published" and item in portal["tin-tuc"].listing


def test_every_live_item_names_its_approver(app, portal_of, settings, capsys):
    from portal_core import main
    store(app, "/tin-tuc", NewsArticle(title="Nhập từ hệ thống cũ"), name="nhap")
    with portal_of() as portal:
        assert portal["tin-tuc"]["nhap"].published_by == "system"
    settings["portal.demo"] = "true"
    settings["zodbconn.uri"] = settings["zodbconn.uri"].replace("Data.fs", "Demo.fs")
    demo = main({}, **settings)
    conn = demo.registry._zodb_databases[""].open()
    section = conn.root()["portal"]["tin-tuc"]
    live = list(section.listing)
    assert live and all(item.published_by for item in live)
    conn.close()
    demo.registry._zodb_databases[""].close()
